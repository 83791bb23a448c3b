/* pg-nodes: several `loket serve` nodes on one PostgreSQL database (issue
** #19 item 3), with two stores on one fresh database standing in for two
** nodes (tests/unit/pg_fixture.h; skipped without LOKET_TEST_PG).
**   1.x  periodic jobs' locks (db_singleton): one node at a time, freed by
**        the holder or by its session's end
**   2.x  claims with owners: a node starting up (abandon) takes only the
**        rows of sessions that are gone, never another live node's
**   3.x  caches across nodes: the refresh at a request's start sees every
**        commit another node made before it, at once (no waiting)
**   4.x  the sign-in throttle: a failure being counted locks its pair, so
**        two nodes counting one pair at once add up */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/arena.h"
#include "store/channels.h"
#include "store/store.h"
#include "store/webhook.h"

#include "pg_fixture.h"

static struct store *st;
static struct db *db;

/* advisory locks of the jobs' class held now, by any session */
static long long job_locks(void)
{
    return pg_fixture_int("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                          "AND classid = 1819244394 AND granted");
}

/* 1.1 node A holds "sweep": node B is refused it, gets another job; after
** A gives it back B gets it; a node whose session ends loses its locks. */
static void singleton(void **state)
{
    (void)state;
    struct err e = {0};
    struct store *node2;
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    struct db *b = store_acquire(node2, &e);
    assert_non_null(b);
    assert_int_equal(db_singleton(db, "sweep", true, &e), 1);
    assert_int_equal(job_locks(), 1);
    assert_int_equal(db_singleton(b, "sweep", true, &e), 0);
    assert_int_equal(db_singleton(b, "backup", true, &e), 1);
    assert_int_equal(job_locks(), 2);
    assert_int_equal(db_singleton(db, "backup", true, &e), 0);
    assert_int_equal(db_singleton(db, "sweep", false, &e), 0);
    assert_int_equal(job_locks(), 1);
    assert_int_equal(db_singleton(b, "sweep", true, &e), 1);
    assert_int_equal(db_singleton(db, "sweep", true, &e), 0);
    /* node B dies holding both: its session ends, the database frees them */
    store_release(b);
    store_close(node2);
    for (int i = 0; i < 100 && job_locks() != 0; i++)
        usleep(10000); /* the backend exits just after the socket closes */
    assert_int_equal(job_locks(), 0);
    assert_int_equal(db_singleton(db, "sweep", true, &e), 1);
    assert_int_equal(db_singleton(db, "backup", true, &e), 1);
    assert_int_equal(db_singleton(db, "sweep", false, &e), 0);
    assert_int_equal(db_singleton(db, "backup", false, &e), 0);
    assert_int_equal(job_locks(), 0);
}

static void sql(const char *q)
{
    PGresult *r = pg_fixture_sql(q);
    assert_non_null(r);
    PQclear(r);
}

/* Waits until no session of the database holds rows claimed in `table`
** with status 'sending' other than `keep` rows: a closed store's backends
** exit just after their sockets close. */
static void wait_gone(const char *table, long long keep)
{
    char q[400];
    snprintf(q, sizeof q,
             "SELECT count(*) FROM %s t JOIN pg_stat_activity a ON a.pid = t.claimed_pid "
             "AND a.backend_start = t.claimed_backend WHERE t.status = 'sending'", table);
    for (int i = 0; i < 200 && pg_fixture_int(q) != keep; i++)
        usleep(10000);
    assert_int_equal(pg_fixture_int(q), keep);
}

/* 2.1 WhatsApp rows: node A claims two and keeps its connection (sending);
** node C claims one and dies. Node B starting up marks only C's row failed;
** A's stay sending. Once A's session ends too, B takes A's rows. */
static void outbox_abandon(void **state)
{
    (void)state;
    struct err e = {0};
    struct arena *a = arena_new();
    sql("DELETE FROM outbox");
    for (int i = 0; i < 3; i++) {
        struct outbox_row o = {.created_at = 100 + i, .recipient = "62811",
                               .channel = "whatsapp", .template_key = "ticket_created",
                               .vars = "{}"};
        assert_int_equal(db_outbox_add(db, &o, &e), 0);
    }
    struct store *sa, *sb, *sc;
    assert_int_equal(store_open(pg_fixture_url(), &sa, &e), 0);
    assert_int_equal(store_open(pg_fixture_url(), &sb, &e), 0);
    assert_int_equal(store_open(pg_fixture_url(), &sc, &e), 0);
    struct db *da = store_acquire(sa, &e), *dc = store_acquire(sc, &e);
    struct outbox_row *rows;
    size_t n = 0;
    int rc = chan_outbox_claim(da, "whatsapp", 1000, 2, a, &rows, &n, &e);
    if (rc)
        printf("# %s\n", e.msg[1]);
    assert_int_equal(rc, 0);
    assert_int_equal(n, 2);
    assert_int_equal(chan_outbox_claim(dc, "whatsapp", 1000, 2, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    int64_t c_row = rows[0].id;
    store_release(dc);
    store_close(sc);
    wait_gone("outbox", 2);
    struct db *db_b = store_acquire(sb, &e);
    int k = -1;
    assert_int_equal(chan_outbox_abandon(db_b, "whatsapp", &k, &e), 0);
    assert_int_equal(k, 1);
    char q[200];
    snprintf(q, sizeof q, "SELECT count(*) FROM outbox WHERE id = %lld AND status = 'failed'",
             (long long)c_row);
    assert_int_equal(pg_fixture_int(q), 1);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM outbox WHERE status = 'sending'"), 2);
    /* a second start-up changes nothing while A lives */
    assert_int_equal(chan_outbox_abandon(db_b, "whatsapp", &k, &e), 0);
    assert_int_equal(k, 0);
    store_release(da);
    store_close(sa);
    wait_gone("outbox", 0);
    assert_int_equal(chan_outbox_abandon(db_b, "whatsapp", &k, &e), 0);
    assert_int_equal(k, 2);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM outbox WHERE status = 'failed'"), 3);
    store_release(db_b);
    store_close(sb);
    arena_free(a);
}

/* 2.2 webhook deliveries: node A claims (one head per endpoint) and keeps
** sending; node B starting up puts nothing back; A stopping puts back its
** own; a node that died has its deliveries put back by B. */
static void webhook_abandon(void **state)
{
    (void)state;
    struct err e = {0};
    struct arena *a = arena_new();
    for (int i = 1; i <= 3; i++) {
        char q[300];
        snprintf(q, sizeof q,
                 "INSERT INTO webhooks (id, url, events, secret, created_at, updated_at) VALUES "
                 "(%d, 'http://127.0.0.1:9/h', 'ticket.created', 's', 1, 1)", i);
        sql(q);
        snprintf(q, sizeof q,
                 "INSERT INTO webhook_deliveries (webhook_id, event, payload, created_at, "
                 "next_attempt_at) VALUES (%d, 'ticket.created', '{}', 1, 1)", i);
        sql(q);
    }
    struct store *sa, *sb;
    assert_int_equal(store_open(pg_fixture_url(), &sa, &e), 0);
    assert_int_equal(store_open(pg_fixture_url(), &sb, &e), 0);
    struct db *da = store_acquire(sa, &e), *db_b = store_acquire(sb, &e);
    struct webhook_delivery *rows;
    size_t n = 0;
    assert_int_equal(db_webhook_claim(da, 1000, 2, a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(db_webhook_claim(db_b, 1000, 5, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1); /* B is a live sender too */
    struct store *sc;
    struct db *dc;
    int k = -1;
    assert_int_equal(store_open(pg_fixture_url(), &sc, &e), 0);
    dc = store_acquire(sc, &e);
    assert_int_equal(db_webhook_abandon(dc, &k, &e), 0); /* C starts: A and B live */
    assert_int_equal(k, 0);
    assert_int_equal(
        pg_fixture_int("SELECT count(*) FROM webhook_deliveries WHERE status = 'sending'"), 3);
    assert_int_equal(db_webhook_abandon(db_b, &k, &e), 0); /* B stops: its own one */
    assert_int_equal(k, 1);
    store_release(da); /* A dies mid-send */
    store_close(sa);
    wait_gone("webhook_deliveries", 0);
    assert_int_equal(db_webhook_abandon(dc, &k, &e), 0);
    assert_int_equal(k, 2);
    assert_int_equal(
        pg_fixture_int("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending' "
                       "AND claimed_at IS NULL"), 3);
    store_release(dc);
    store_close(sc);
    store_release(db_b);
    store_close(sb);
    arena_free(a);
}

/* 3.1 a commit on node A (autocommit, or a transaction) returns; node B's
** very next refresh moves its generations: a request starting then never
** reads a cache from before the commit (docs/storage-driver.md). Without
** the round trip of pg_refresh (LOKET_PG_SYNC_REFRESH=0) most rounds fail:
** the notification is still on its way. */
static void refresh_sees_commits(void **state)
{
    (void)state;
    struct err e = {0};
    struct store *node2;
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    store_refresh(node2); /* LISTEN (moves both generations: nothing known before) */
    int late = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t g = store_generation(node2), c = store_conf_generation(node2);
        char v[32];
        snprintf(v, sizeof v, "v%d", i);
        if (i % 2 == 0) {
            assert_int_equal(db_setting_set(db, "pg_nodes.refresh", v, &e), 0);
        } else {
            assert_int_equal(db_begin(db, &e), 0);
            assert_int_equal(db_setting_set(db, "pg_nodes.refresh", v, &e), 0);
            assert_int_equal(db_commit(db, &e), 0);
        }
        store_refresh(node2);
        late += store_generation(node2) == g || store_conf_generation(node2) == c;
    }
    assert_int_equal(late, 0);
    /* no commit anywhere: the generations stay (caches survive) */
    uint64_t g = store_generation(node2), c = store_conf_generation(node2);
    store_refresh(node2);
    store_refresh(node2);
    assert_true(store_generation(node2) == g && store_conf_generation(node2) == c);
    /* node B's own commit: its own notification moves nothing more */
    struct db *b = store_acquire(node2, &e);
    assert_non_null(b);
    assert_int_equal(db_setting_set(b, "pg_nodes.refresh", "b", &e), 0);
    store_release(b);
    g = store_generation(node2);
    c = store_conf_generation(node2);
    store_refresh(node2);
    assert_true(store_generation(node2) == g && store_conf_generation(node2) == c);
    store_close(node2);
}

/* the pair's lock (store/pg/auth.c) is free: another session can take it */
static long long pair_lock_free(void)
{
    return pg_fixture_int("SELECT pg_try_advisory_xact_lock(1819244404, "
                          "hashtext('user:7' || ' ' || '10.0.0.1'))::int");
}

/* 4.1 node A counting a failure (read, then set, in one transaction) holds
** the pair until it commits: node B's count waits for it and then reads
** A's, whether the row existed before or not; a plain read (the check
** before a sign-in) takes no lock. */
static void throttle_pair_locked(void **state)
{
    (void)state;
    struct err e = {0};
    struct login_throttle t;
    assert_int_equal(db_login_throttle_get(db, "user:7", "10.0.0.1", &t, &e), 0);
    assert_int_equal(t.failures, 0);
    assert_int_equal(pair_lock_free(), 1); /* outside a transaction: no lock */
    for (int round = 0; round < 2; round++) { /* no row yet, then a row */
        assert_int_equal(db_begin(db, &e), 0);
        assert_int_equal(db_login_throttle_get(db, "user:7", "10.0.0.1", &t, &e), 0);
        assert_int_equal(t.failures, round);
        assert_int_equal(pair_lock_free(), 0);
        t.failures++;
        t.last_failure_at = 1000;
        assert_int_equal(db_login_throttle_set(db, "user:7", "10.0.0.1", &t, &e), 0);
        assert_int_equal(db_commit(db, &e), 0);
        assert_int_equal(pair_lock_free(), 1);
    }
    assert_int_equal(pg_fixture_int("SELECT failures FROM login_throttle "
                                    "WHERE account = 'user:7' AND address = '10.0.0.1'"),
                     2);
}

static int setup(void **state)
{
    (void)state;
    return pg_fixture_open(&st, &db);
}

static int teardown(void **state)
{
    (void)state;
    pg_fixture_close(st, db);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(singleton),
        cmocka_unit_test(outbox_abandon),
        cmocka_unit_test(webhook_abandon),
        cmocka_unit_test(refresh_sees_commits),
        cmocka_unit_test(throttle_pair_locked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
