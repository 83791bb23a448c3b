/* pg-outbox: the PostgreSQL driver's outbox, channel, webhook and
** booking-invite tables (issue #19) against a fresh database of the
** private cluster (tests/unit/pg_fixture.h; skipped without LOKET_TEST_PG).
**   1.0  the queue and template scenarios of outbox_queue.h (test_notify's)
**   1.x  outbox jobs: add, list, claim, finish, retry, unclaim, expire, resend;
**        a claim whose session ended expires at once (1.11)
**   2.x  claims by several connections and two stores: SKIP LOCKED, each job
**        claimed once
**   3.x  mail templates
**   4.x  inbound mail and WhatsApp records, the channel workers' claims
**   5.x  webhooks: the queue scenario of webhook_queue.h, endpoints,
**        deliveries, four workers claiming at once
**   6.x  booking invites: sequences and reminders (also from four connections
**        at once), dialogues */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/arena.h"
#include "store/booking_invites.h"
#include "store/channels.h"
#include "store/pg/pg.h"
#include "store/webhook.h"

#include "outbox_queue.h"
#include "pg_fixture.h"

static struct store *st;
static struct db *db;
static struct arena *a;

#include "webhook_queue.h"

/* Rows of tables other helpers own, and checks of rows, written straight
** with SQL on the fixture's own connection. */
static void sql(const char *q)
{
    PGresult *r = pg_fixture_sql(q);
    assert_non_null(r);
    PQclear(r);
}

static char *sql_text(const char *q)
{
    PGresult *r = pg_fixture_sql(q);
    assert_non_null(r);
    char *s = PQntuples(r) ? pg_text(a, r, 0, 0) : NULL;
    PQclear(r);
    return s;
}

/* 1.0 the queue and template scenarios the SQLite driver passes
** (outbox_queue.h), first, on the fresh database */
static void shared_scenarios(void **s)
{
    (void)s;
    outbox_queue_check(db, a);
    template_overrides_check(db, a);
}

static int64_t add_job(const char *channel, int64_t at, const char *recipient)
{
    struct err e = {0};
    struct outbox_row o = {.created_at = at, .recipient = recipient, .channel = channel,
                           .template_key = "ticket_created", .vars = "{\"n\":1}"};
    assert_int_equal(db_outbox_add(db, &o, &e), 0);
    return pg_fixture_int("SELECT max(id) FROM outbox");
}

static void outbox_jobs(void **s)
{
    (void)s;
    struct err e = {0};
    sql("DELETE FROM outbox");
    int64_t j1 = add_job("email", 1000, "a@x.id");
    int64_t j2 = add_job("email", 1001, "b@x.id");
    int64_t w1 = add_job("whatsapp", 1000, "62811");
    /* 1.1 a row as written: defaults, nothing claimed yet */
    struct outbox_row o;
    assert_int_equal(db_outbox_get(db, j1, a, &o, &e), 0);
    assert_int_equal(o.id, j1);
    assert_int_equal(o.created_at, 1000);
    assert_int_equal(o.ticket_id, 0);
    assert_int_equal(o.recipient_id, 0);
    assert_string_equal(o.recipient, "a@x.id");
    assert_string_equal(o.channel, "email");
    assert_string_equal(o.template_key, "ticket_created");
    assert_string_equal(o.locale, "id");
    assert_string_equal(o.vars, "{\"n\":1}");
    assert_string_equal(o.status, "pending");
    assert_int_equal(o.attempts, 0);
    assert_int_equal(o.next_attempt_at, 1000);
    assert_int_equal(o.claimed_at, 0);
    assert_int_equal(o.sent_at, 0);
    assert_null(o.last_error);
    assert_int_equal(db_outbox_get(db, j1 + 1000, a, &o, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "outbox.not_found");
    /* 1.2 list: every row by id; by status */
    struct outbox_row *rows;
    size_t n;
    assert_int_equal(db_outbox_list(db, NULL, 0, a, &rows, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, j1);
    assert_int_equal(rows[2].id, w1);
    assert_int_equal(db_outbox_list(db, "sent", 0, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    /* 1.3 nothing is due before its time; then the oldest first, one at a time */
    assert_int_equal(db_outbox_claim(db, "email", 999, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(db_outbox_claim(db, "email", 2000, 1, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, j1);
    assert_string_equal(rows[0].status, "sending");
    assert_int_equal(rows[0].attempts, 1);
    assert_int_equal(rows[0].claimed_at, 2000);
    assert_int_equal(db_outbox_claim(db, "email", 2000, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, j2);
    assert_int_equal(db_outbox_claim(db, "email", 2000, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    /* 1.4 done: sent at now */
    assert_int_equal(db_outbox_finish(db, j1, "sent", 0, NULL, 2001, &e), 0);
    assert_int_equal(db_outbox_get(db, j1, a, &o, &e), 0);
    assert_string_equal(o.status, "sent");
    assert_int_equal(o.sent_at, 2001);
    /* 1.5 a temporary failure: pending again, due at 3000, the error kept */
    assert_int_equal(db_outbox_finish(db, j2, "pending", 3000, "451 try later", 2001, &e), 0);
    assert_int_equal(db_outbox_get(db, j2, a, &o, &e), 0);
    assert_string_equal(o.status, "pending");
    assert_int_equal(o.next_attempt_at, 3000);
    assert_string_equal(o.last_error, "451 try later");
    assert_int_equal(o.sent_at, 0);
    /* a finish of a row no longer sending changes nothing */
    assert_int_equal(db_outbox_finish(db, j1, "failed", 0, "late", 2002, &e), 0);
    assert_int_equal(db_outbox_get(db, j1, a, &o, &e), 0);
    assert_string_equal(o.status, "sent");
    /* 1.6 the retry: not before 3000, then attempt 2 */
    assert_int_equal(db_outbox_claim(db, "email", 2999, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(db_outbox_claim(db, "email", 3000, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, j2);
    assert_int_equal(rows[0].attempts, 2);
    /* 1.7 unclaim: pending, the attempt not counted, no claim time */
    assert_int_equal(db_outbox_unclaim(db, j2, &e), 0);
    assert_int_equal(db_outbox_get(db, j2, a, &o, &e), 0);
    assert_string_equal(o.status, "pending");
    assert_int_equal(o.attempts, 1);
    assert_int_equal(o.claimed_at, 0);
    /* 1.8 a claim older than the limit fails; a newer one stays */
    assert_int_equal(db_outbox_claim(db, "email", 3100, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    int k = -1;
    assert_int_equal(db_outbox_expire_claims(db, "email", 3100, "worker died", &k, &e), 0);
    assert_int_equal(k, 0);
    assert_int_equal(db_outbox_expire_claims(db, "email", 3101, "worker died", &k, &e), 0);
    assert_int_equal(k, 1);
    assert_int_equal(db_outbox_get(db, j2, a, &o, &e), 0);
    assert_string_equal(o.status, "failed");
    assert_string_equal(o.last_error, "worker died");
    assert_int_equal(db_outbox_list(db, "failed", 0, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, j2);
    /* 1.9 resend: only a failed row, attempts 0, due now */
    assert_int_equal(db_outbox_resend(db, j2, 4000, &e), 0);
    assert_int_equal(db_outbox_get(db, j2, a, &o, &e), 0);
    assert_string_equal(o.status, "pending");
    assert_int_equal(o.attempts, 0);
    assert_int_equal(o.next_attempt_at, 4000);
    assert_int_equal(db_outbox_resend(db, j1, 4000, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "outbox.not_failed");
    assert_int_equal(db_outbox_resend(db, j1 + 1000, 4000, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "outbox.not_found");
    /* 1.10 the WhatsApp row was never touched by the email claims */
    assert_int_equal(db_outbox_get(db, w1, a, &o, &e), 0);
    assert_string_equal(o.status, "pending");
    assert_int_equal(o.attempts, 0);
    /* 1.11 a claim by another node: kept while its session lives, however
    ** old; failed once that session ends (a node killed mid-send), without
    ** waiting for the lease */
    sql("DELETE FROM outbox WHERE channel = 'email' AND status = 'pending'");
    int64_t j3 = add_job("email", 5000, "c@x.id");
    struct store *node2;
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    struct db *d2 = store_acquire(node2, &e);
    assert_non_null(d2);
    assert_int_equal(db_outbox_claim(d2, "email", 5000, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, j3);
    assert_int_equal(db_outbox_expire_claims(db, "email", 0, "node died", &k, &e), 0);
    assert_int_equal(k, 0);
    store_release(d2);
    store_close(node2);
    /* the backend leaves pg_stat_activity a moment after the connection */
    for (int i = 0; i < 500 && k == 0; i++) {
        assert_int_equal(db_outbox_expire_claims(db, "email", 0, "node died", &k, &e), 0);
        if (!k)
            usleep(10000);
    }
    assert_int_equal(k, 1);
    assert_int_equal(db_outbox_get(db, j3, a, &o, &e), 0);
    assert_string_equal(o.status, "failed");
    assert_string_equal(o.last_error, "node died");
}

/* ---- 2.x claims by several connections ---------------------------------- */

enum { N_JOBS = 200, N_THREADS = 4 };

struct claimer {
    struct store *node; /* two stores on one database: two nodes */
    bool chan;          /* chan_outbox_claim instead of outbox_claim */
    const char *channel;
    pthread_barrier_t *go;
    int errors;
    size_t n;
    int64_t ids[N_JOBS];
};

static void *claim_loop(void *p)
{
    struct claimer *c = p;
    struct err e = {0};
    struct db *d = store_acquire(c->node, &e);
    struct arena *ta = arena_new();
    if (!d) {
        c->errors++;
        pthread_barrier_wait(c->go);
        return NULL;
    }
    pthread_barrier_wait(c->go);
    for (int empty = 0; empty < 3;) {
        struct outbox_row *rows;
        size_t n = 0;
        int rc = c->chan ? chan_outbox_claim(d, c->channel, 5000, 3, ta, &rows, &n, &e)
                         : db_outbox_claim(d, c->channel, 5000, 3, ta, &rows, &n, &e);
        if (rc != 0) {
            c->errors++;
            break;
        }
        empty = n ? 0 : empty + 1;
        for (size_t i = 0; i < n && c->n < N_JOBS; i++)
            c->ids[c->n++] = rows[i].id;
    }
    arena_free(ta);
    store_release(d);
    return NULL;
}

/* Four threads, each on its own connection, two on each of two stores
** (as two nodes), claim 200 jobs three at a time: every job is claimed by
** exactly one of them, once. */
static void claim_race(const char *channel, bool chan)
{
    struct err e = {0};
    struct store *node2;
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    sql("DELETE FROM outbox");
    int64_t first = 0;
    for (int i = 0; i < N_JOBS; i++) {
        int64_t id = add_job(channel, 1000 + i % 7, "r@x.id");
        if (!first)
            first = id;
    }
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, N_THREADS);
    static struct claimer c[N_THREADS];
    pthread_t t[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        c[i] = (struct claimer){.node = i % 2 ? node2 : st, .chan = chan, .channel = channel,
                                .go = &go};
        pthread_create(&t[i], NULL, claim_loop, &c[i]);
    }
    for (int i = 0; i < N_THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&go);
    store_close(node2);
    int seen[N_JOBS] = {0};
    size_t total = 0;
    for (int i = 0; i < N_THREADS; i++) {
        assert_int_equal(c[i].errors, 0);
        total += c[i].n;
        for (size_t j = 0; j < c[i].n; j++) {
            int64_t k = c[i].ids[j] - first;
            assert_true(k >= 0 && k < N_JOBS);
            seen[k]++;
        }
    }
    assert_int_equal(total, N_JOBS);
    for (int i = 0; i < N_JOBS; i++)
        assert_int_equal(seen[i], 1);
    /* the rows agree: each sending once, none left */
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM outbox WHERE status = 'sending'"
                                 " AND attempts = 1"), N_JOBS);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM outbox WHERE status <> 'sending'"), 0);
}

static void outbox_claim_race(void **s)
{
    (void)s;
    /* 2.1 the mail worker's claim */
    claim_race("email", false);
    /* 2.2 the channel workers' claim */
    claim_race("whatsapp", true);
}

/* 2.3 a claim inside an open transaction keeps its rows locked: a second
** connection's claim takes the next rows at once instead of waiting (its
** lock wait would fail after the driver's lock_timeout, 5 s). */
static void outbox_skip_locked(void **s)
{
    (void)s;
    struct err e = {0};
    sql("DELETE FROM outbox");
    int64_t j1 = add_job("email", 1000, "a@x.id");
    int64_t j2 = add_job("email", 1001, "b@x.id");
    int64_t j3 = add_job("email", 1002, "c@x.id");
    /* the driver's lock_timeout (5 s) makes a wait fail rather than hang */
    struct db *other = store_acquire(st, &e);
    assert_non_null(other);
    struct outbox_row *rows;
    size_t n;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_outbox_claim(db, "email", 2000, 2, a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, j1);
    assert_int_equal(rows[1].id, j2);
    assert_int_equal(db_outbox_claim(other, "email", 2000, 5, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, j3);
    /* rolled back, the first claim gives its rows back: claimed again once */
    db_rollback(db);
    assert_int_equal(db_outbox_claim(other, "email", 2000, 5, a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, j1);
    assert_int_equal(rows[1].id, j2);
    assert_int_equal(rows[0].attempts, 1);
    /* 2.4 the channel workers' claim the same way */
    int64_t w1 = add_job("whatsapp", 1000, "62811");
    int64_t w2 = add_job("whatsapp", 1001, "62812");
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(chan_outbox_claim(db, "whatsapp", 2000, 1, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, w1);
    assert_int_equal(chan_outbox_claim(other, "whatsapp", 2000, 5, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, w2);
    assert_int_equal(db_commit(db, &e), 0);
    assert_int_equal(chan_outbox_claim(other, "whatsapp", 2000, 5, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    /* 2.5 webhook heads: one endpoint's head held by an open claim is
    ** skipped, and its next delivery is not taken in its place */
    sql("DELETE FROM webhook_deliveries");
    sql("DELETE FROM webhooks");
    int64_t h1 = add_hook("ticket.created", true), h2 = add_hook("ticket.created", true);
    int64_t a1 = add_delivery(h1, 1000);
    add_delivery(h1, 1000);
    int64_t b1 = add_delivery(h2, 1000);
    struct webhook_delivery *ds;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_webhook_claim(db, 2000, 1, a, &ds, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ds[0].id, a1);
    assert_int_equal(db_webhook_claim(other, 2000, 10, a, &ds, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ds[0].id, b1);
    assert_int_equal(db_commit(db, &e), 0);
    assert_int_equal(db_webhook_claim(other, 2000, 10, a, &ds, &n, &e), 0);
    assert_int_equal(n, 0);
    store_release(other);
}

/* ---- 3.x templates ------------------------------------------------------ */

static void templates(void **s)
{
    (void)s;
    struct err e = {0};
    struct mail_template_row t;
    /* 3.1 none yet: the default applies */
    assert_int_equal(db_mail_template_get(db, "ticket_created", "id", a, &t, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "template.not_customized");
    /* 3.2 put, then get it back exactly */
    struct mail_template_row in = {.key = "ticket_created", .locale = "id", .subject = "Tiket {{n}}",
                                   .text = "teks", .html = "<p>html</p>", .updated_at = 1700,
                                   .updated_by = 0};
    assert_int_equal(db_mail_template_put(db, &in, &e), 0);
    assert_int_equal(db_mail_template_get(db, "ticket_created", "id", a, &t, &e), 0);
    assert_string_equal(t.key, "ticket_created");
    assert_string_equal(t.locale, "id");
    assert_string_equal(t.subject, "Tiket {{n}}");
    assert_string_equal(t.text, "teks");
    assert_string_equal(t.html, "<p>html</p>");
    assert_int_equal(t.updated_at, 1700);
    assert_int_equal(t.updated_by, 0);
    /* 3.3 put again replaces it */
    in.subject = "Tiket baru";
    in.updated_at = 1800;
    assert_int_equal(db_mail_template_put(db, &in, &e), 0);
    struct mail_template_row en = in;
    en.locale = "en";
    en.subject = "New ticket";
    assert_int_equal(db_mail_template_put(db, &en, &e), 0);
    struct mail_template_row other = in;
    other.key = "reply_added";
    assert_int_equal(db_mail_template_put(db, &other, &e), 0);
    assert_int_equal(db_mail_template_get(db, "ticket_created", "id", a, &t, &e), 0);
    assert_string_equal(t.subject, "Tiket baru");
    assert_int_equal(t.updated_at, 1800);
    /* 3.4 the list, by key then locale */
    struct mail_template_row *rows;
    size_t n;
    assert_int_equal(db_mail_template_list(db, a, &rows, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].key, "reply_added");
    assert_string_equal(rows[1].key, "ticket_created");
    assert_string_equal(rows[1].locale, "en");
    assert_string_equal(rows[1].subject, "New ticket");
    assert_string_equal(rows[2].locale, "id");
    /* 3.5 delete resets to the default; a missing one is no error */
    assert_int_equal(db_mail_template_delete(db, "ticket_created", "id", &e), 0);
    assert_int_equal(db_mail_template_delete(db, "ticket_created", "id", &e), 0);
    assert_int_equal(db_mail_template_get(db, "ticket_created", "id", a, &t, &e), ERR_NOT_FOUND);
    assert_int_equal(db_mail_template_list(db, a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
}

/* ---- 4.x channels ------------------------------------------------------- */

/* A unit, a service, two users and an open ticket, written with SQL. */
static void seed_people(void)
{
    sql("INSERT INTO units (id, name, code, created_at, updated_at) VALUES"
            " (1, 'BPS Kota', 'K01', 'x', 'x'), (2, 'BPS Kab', NULL, 'x', 'x')");
    sql("INSERT INTO services (id, name, kind, active, created_at, updated_at) VALUES"
            " (5, 'Janji temu', 'appointment', 1, 'x', 'x'), (6, 'Lama', 'ticket', 0, 'x', 'x'),"
            " (7, 'Konsultasi', 'ticket', 1, 'x', 'x'), (8, 'Data', 'ticket', 1, 'x', 'x')");
    sql("INSERT INTO users (id, name, email, role, phone, active, created_at, updated_at)"
            " VALUES (10, 'Ani', 'Ani@Example.ID', 'requester', '0812-3456 789', 1, 'x', 'x'),"
            " (11, 'Budi', 'budi@example.id', 'requester', '+62 813 1111', 0, 'x', 'x'),"
            " (12, 'Cici', 'cici@example.id', 'requester', '(0813)1111', 1, 'x', 'x')");
    sql("INSERT INTO tickets (id, number, title, description, service_id, requester_id,"
            " channel, status, created_at, updated_at) VALUES"
            " (20, 'T-2026-000001', 't', 'd', 7, 10, 'email', 'resolved', 100, 500),"
            " (21, 'T-2026-000002', 't', 'd', 7, 10, 'email', 'waiting', 100, 300),"
            " (22, 'T-2026-000003', 't', 'd', 7, 10, 'email', 'new', 100, 200),"
            " (23, 'T-2026-000004', 't', 'd', 7, 10, 'whatsapp', 'new', 100, 900)");
}

static void channels(void **s)
{
    (void)s;
    struct err e = {0};
    seed_people();
    /* 4.1 a mail recorded and found again exactly */
    struct inbound_mail m = {.message_id = "<m1@x>", .source = "imap", .sender = "ani@example.id",
                             .subject = "Halo", .outcome = "ticket", .reason = NULL,
                             .received_at = 1234, .ticket_id = 22};
    assert_int_equal(chan_mail_record(db, &m, &e), 0);
    struct inbound_mail f;
    assert_int_equal(chan_mail_find(db, "<m1@x>", a, &f, &e), 0);
    assert_string_equal(f.message_id, "<m1@x>");
    assert_string_equal(f.source, "imap");
    assert_string_equal(f.sender, "ani@example.id");
    assert_string_equal(f.subject, "Halo");
    assert_string_equal(f.outcome, "ticket");
    assert_null(f.reason);
    assert_int_equal(f.received_at, 1234);
    assert_int_equal(f.ticket_id, 22);
    assert_int_equal(chan_mail_find(db, "<m2@x>", a, &f, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "mail.not_found");
    /* 4.2 the same message_id again: ERR_CONFLICT mail.duplicate, also in a
    ** transaction, which stays usable (the refused work is rolled back by
    ** the caller, the record of it committed) */
    m.outcome = "ignored";
    assert_int_equal(chan_mail_record(db, &m, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "mail.duplicate");
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(chan_mail_record(db, &m, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "mail.duplicate");
    struct inbound_mail m2 = {.message_id = "<m2@x>", .source = "pipe", .outcome = "refused",
                              .reason = "unknown_sender", .received_at = 1300};
    assert_int_equal(chan_mail_record(db, &m2, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_int_equal(chan_mail_find(db, "<m2@x>", a, &f, &e), 0);
    assert_string_equal(f.reason, "unknown_sender");
    assert_null(f.sender);
    assert_int_equal(f.ticket_id, 0);
    assert_int_equal(chan_mail_find(db, "<m1@x>", a, &f, &e), 0);
    assert_string_equal(f.outcome, "ticket");
    /* 4.3 users by email (any case, active or not) and by phone (active) */
    int64_t id = -1;
    assert_int_equal(chan_user_by_email(db, "ani@EXAMPLE.id", &id, &e), 0);
    assert_int_equal(id, 10);
    assert_int_equal(chan_user_by_email(db, "budi@example.id", &id, &e), 0);
    assert_int_equal(id, 11);
    assert_int_equal(chan_user_by_email(db, "nobody@example.id", &id, &e), 0);
    assert_int_equal(id, 0);
    assert_int_equal(chan_user_by_phone(db, "628123456789", &id, &e), 0);
    assert_int_equal(id, 10);
    /* Budi (+62 813 1111) is inactive; Cici's "(0813)1111" loses its '(' only */
    assert_int_equal(chan_user_by_phone(db, "628131111", &id, &e), 0);
    assert_int_equal(id, 0);
    assert_int_equal(chan_user_by_phone(db, "0813)1111", &id, &e), 0);
    assert_int_equal(id, 12);
    /* 4.4 the first active ticket service; the requester's open ticket */
    assert_int_equal(chan_default_service(db, &id, &e), 0);
    assert_int_equal(id, 7);
    assert_int_equal(chan_open_ticket(db, 10, "email", &id, &e), 0);
    assert_int_equal(id, 21); /* updated last of the open ones (20 is resolved) */
    assert_int_equal(chan_open_ticket(db, 10, "whatsapp", &id, &e), 0);
    assert_int_equal(id, 23);
    assert_int_equal(chan_open_ticket(db, 12, "email", &id, &e), 0);
    assert_int_equal(id, 0);
    /* 4.5 WhatsApp inbound: once per wamid; the latest time; the ticket's phone */
    bool fresh = false, seen = true;
    assert_int_equal(chan_wa_inbound_seen(db, "wamid.1", &seen, &e), 0);
    assert_false(seen);
    assert_int_equal(chan_wa_inbound_add(db, "wamid.1", "62811", 500, "text", 23, &fresh, &e), 0);
    assert_true(fresh);
    assert_int_equal(chan_wa_inbound_add(db, "wamid.1", "62811", 500, "text", 23, &fresh, &e), 0);
    assert_false(fresh);
    assert_int_equal(chan_wa_inbound_add(db, "wamid.2", "62811", 700, "image", 0, &fresh, &e), 0);
    assert_int_equal(chan_wa_inbound_add(db, "wamid.3", "62899", 650, "text", 23, &fresh, &e), 0);
    assert_int_equal(chan_wa_inbound_seen(db, "wamid.1", &seen, &e), 0);
    assert_true(seen);
    int64_t at = -1;
    assert_int_equal(chan_wa_last_inbound(db, "62811", &at, &e), 0);
    assert_int_equal(at, 700);
    assert_int_equal(chan_wa_last_inbound(db, "62000", &at, &e), 0);
    assert_int_equal(at, 0);
    const char *phone = NULL;
    assert_int_equal(chan_wa_ticket_phone(db, 23, a, &phone, &e), 0);
    assert_string_equal(phone, "62899");
    assert_int_equal(chan_wa_ticket_phone(db, 22, a, &phone, &e), 0);
    assert_null(phone);
    /* 4.6 outbound and its statuses: the latest by time wins */
    sql("DELETE FROM outbox");
    int64_t job = add_job("whatsapp", 1000, "62899");
    assert_int_equal(chan_wa_outbound_add(db, "out.1", job, 23, "62899", "text", 800, &e), 0);
    assert_int_equal(chan_wa_outbound_add(db, "out.1", job, 23, "62899", "text", 801, &e), 0);
    assert_int_equal(chan_wa_status_add(db, "out.1", "read", 900, NULL, &e), 0);
    assert_int_equal(chan_wa_status_add(db, "out.1", "delivered", 850, NULL, &e), 0);
    assert_string_equal(sql_text("SELECT status || ' ' || status_at || ' ' || sent_at"
                                     " FROM wa_outbound WHERE wamid = 'out.1'"),
                        "read 900 800");
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM wa_status WHERE wamid = 'out.1'"), 2);
    assert_int_equal(chan_wa_status_add(db, "out.1", "failed", 950, "131047", &e), 0);
    assert_string_equal(sql_text("SELECT status FROM wa_outbound"), "failed");
    assert_string_equal(sql_text("SELECT error FROM wa_status WHERE at = 950"), "131047");
    /* 4.7 the channel worker's claim: oldest id first, each once */
    int64_t j2 = add_job("whatsapp", 1001, "62811");
    add_job("whatsapp", 9000, "62812"); /* not due */
    struct outbox_row *rows;
    size_t n;
    assert_int_equal(chan_outbox_claim(db, "whatsapp", 2000, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, job);
    assert_int_equal(rows[1].id, j2);
    assert_string_equal(rows[0].status, "sending");
    assert_int_equal(rows[0].attempts, 1);
    assert_string_equal(rows[0].recipient, "62899");
    assert_string_equal(rows[0].vars, "{\"n\":1}");
    assert_int_equal(chan_outbox_claim(db, "whatsapp", 2000, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    /* 4.8 finish: sent (sent_at the clock's), retry later, abandon the rest */
    assert_int_equal(chan_outbox_finish(db, job, "sent", 0, NULL, &e), 0);
    assert_true(pg_fixture_int("SELECT sent_at FROM outbox WHERE status = 'sent'") > 1700000000);
    assert_int_equal(chan_outbox_finish(db, j2, "pending", 3000, "rate limited", &e), 0);
    assert_string_equal(sql_text("SELECT status || ' ' || next_attempt_at || ' ' ||"
                                     " last_error FROM outbox WHERE id = (SELECT max(id) - 1"
                                     " FROM outbox)"),
                        "pending 3000 rate limited");
    assert_int_equal(chan_outbox_claim(db, "whatsapp", 3000, 10, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].attempts, 2);
    int k = -1;
    assert_int_equal(chan_outbox_abandon(db, "email", &k, &e), 0);
    assert_int_equal(k, 0);
    assert_int_equal(chan_outbox_abandon(db, "whatsapp", &k, &e), 0);
    assert_int_equal(k, 1);
    assert_string_equal(sql_text("SELECT status || ': ' || last_error FROM outbox"
                                     " WHERE id = (SELECT max(id) - 1 FROM outbox)"),
                        "failed: interrupted while sending: may or may not have been delivered");
}

/* ---- 5.x webhooks ------------------------------------------------------- */

static void webhooks(void **s)
{
    (void)s;
    struct err e = {0};
    sql("DELETE FROM webhook_deliveries");
    sql("DELETE FROM webhooks");
    /* 5.1 the queue scenario the SQLite driver passes (webhook_queue.h) */
    webhook_queue_check();
    sql("DELETE FROM webhook_deliveries");
    sql("DELETE FROM webhooks");
    /* 5.2 an endpoint as saved; an update keeps the secret when none is given */
    int64_t h1 = add_hook("ticket.created,ticket.rated", true);
    struct webhook_row w;
    assert_int_equal(db_webhook_get(db, h1, a, &w, &e), 0);
    assert_string_equal(w.name, "");
    assert_string_equal(w.url, "http://127.0.0.1:9/");
    assert_string_equal(w.events, "ticket.created,ticket.rated");
    assert_string_equal(w.secret, "s");
    assert_true(w.enabled);
    assert_int_equal(w.created_by, 0);
    assert_int_equal(w.created_at, 100);
    assert_int_equal(w.updated_at, 100);
    assert_int_equal(w.last_status, 0);
    assert_null(w.last_response);
    w.name = "renamed";
    w.secret = NULL;
    w.enabled = false;
    w.updated_at = 200;
    assert_int_equal(db_webhook_save(db, &w, &e), 0);
    assert_int_equal(db_webhook_get(db, h1, a, &w, &e), 0);
    assert_string_equal(w.name, "renamed");
    assert_string_equal(w.secret, "s");
    assert_false(w.enabled);
    assert_int_equal(w.updated_at, 200);
    struct webhook_row ghost = w;
    ghost.id = h1 + 1000;
    assert_int_equal(db_webhook_save(db, &ghost, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "webhook.not_found");
    assert_int_equal(db_webhook_get(db, h1 + 1000, a, &w, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "webhook.not_found");
    int64_t h2 = add_hook("ticket.created", true);
    struct webhook_row *hooks;
    size_t n;
    assert_int_equal(db_webhook_list(db, a, &hooks, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(hooks[0].id, h1);
    assert_int_equal(hooks[1].id, h2);
    int64_t ids[4];
    assert_int_equal(db_webhook_subscribers(db, "ticket.created", ids, 1, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], h2);
    /* 5.3 deliveries newest first, at most the limit; a redelivery's fields */
    int64_t d1 = add_delivery(h2, 1000), d2 = add_delivery(h2, 1001);
    struct webhook_delivery re = {.webhook_id = h2, .event = "ticket.rated", .payload = "{\"a\":1}",
                                  .created_at = 1020, .redelivery_of = d1};
    assert_int_equal(db_webhook_delivery_add(db, &re, &e), 0);
    struct webhook_delivery *ds;
    assert_int_equal(db_webhook_deliveries(db, h2, 2, a, &ds, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ds[0].id, re.id);
    assert_int_equal(ds[1].id, d2);
    assert_int_equal(ds[0].redelivery_of, d1);
    assert_string_equal(ds[0].event, "ticket.rated");
    assert_string_equal(ds[0].payload, "{\"a\":1}");
    assert_string_equal(ds[0].status, "pending");
    assert_int_equal(ds[0].next_attempt_at, 1020);
    assert_int_equal(ds[0].ticket_id, 0);
    assert_int_equal(ds[0].attempts, 0);
    assert_null(ds[0].last_error);
    assert_int_equal(db_webhook_deliveries(db, h2, 0, a, &ds, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_int_equal(db_webhook_delivery_get(db, re.id + 1000, a, &ds[0], &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "webhook.delivery_not_found");
}

/* 5.10 four workers on their own connections deliver 20 endpoints × 5
** deliveries: each delivery claimed once, each endpoint's in id order. */
enum { N_HOOKS = 20, PER_HOOK = 5 };

static atomic_int hook_clock;

struct hook_worker {
    pthread_barrier_t *go;
    int errors;
    int64_t first;          /* the first delivery id */
    int *order;             /* [delivery - first]: when it was claimed, 0 = never */
    int *claims;            /* [delivery - first]: how many times */
};

static void *hook_loop(void *p)
{
    struct hook_worker *w = p;
    struct err e = {0};
    struct db *d = store_acquire(st, &e);
    struct arena *ta = arena_new();
    pthread_barrier_wait(w->go);
    for (int empty = 0, guard = 0; d && empty < 20 && guard < 10000; guard++) {
        struct webhook_delivery *rows;
        size_t n;
        if (db_webhook_claim(d, 5000, 3, ta, &rows, &n, &e) != 0) {
            w->errors++;
            break;
        }
        empty = n ? 0 : empty + 1;
        for (size_t i = 0; i < n; i++) {
            int64_t k = rows[i].id - w->first;
            __atomic_fetch_add(&w->claims[k], 1, __ATOMIC_SEQ_CST);
            w->order[k] = atomic_fetch_add(&hook_clock, 1) + 1;
            if (db_webhook_finish(d, rows[i].id, "delivered", 0, 200, "ok", NULL, 5000, &e))
                w->errors++;
        }
    }
    if (!d)
        w->errors++;
    arena_free(ta);
    if (d)
        store_release(d);
    return NULL;
}

static void webhook_race(void **s)
{
    (void)s;
    sql("DELETE FROM webhook_deliveries");
    sql("DELETE FROM webhooks");
    int64_t hooks[N_HOOKS];
    for (int i = 0; i < N_HOOKS; i++)
        hooks[i] = add_hook("ticket.created", true);
    int64_t first = 0;
    for (int j = 0; j < PER_HOOK; j++)
        for (int i = 0; i < N_HOOKS; i++) {
            int64_t id = add_delivery(hooks[i], 1000);
            if (!first)
                first = id;
        }
    static int order[N_HOOKS * PER_HOOK], claims[N_HOOKS * PER_HOOK];
    memset(order, 0, sizeof order);
    memset(claims, 0, sizeof claims);
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, N_THREADS);
    struct hook_worker w[N_THREADS];
    pthread_t t[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        w[i] = (struct hook_worker){.go = &go, .first = first, .order = order, .claims = claims};
        pthread_create(&t[i], NULL, hook_loop, &w[i]);
    }
    for (int i = 0; i < N_THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&go);
    for (int i = 0; i < N_THREADS; i++)
        assert_int_equal(w[i].errors, 0);
    for (int k = 0; k < N_HOOKS * PER_HOOK; k++)
        assert_int_equal(claims[k], 1);
    /* delivery k + N_HOOKS is the same endpoint's next one: claimed after it */
    for (int k = 0; k + N_HOOKS < N_HOOKS * PER_HOOK; k++)
        assert_true(order[k] < order[k + N_HOOKS]);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM webhook_deliveries WHERE status ="
                                 " 'delivered' AND attempts = 1"), N_HOOKS * PER_HOOK);
}

/* ---- 6.x booking invites ------------------------------------------------ */

struct bumper {
    pthread_barrier_t *go;
    int errors;
    int got[50];
};

static void *bump_loop(void *p)
{
    struct bumper *b = p;
    struct err e = {0};
    struct db *d = store_acquire(st, &e);
    pthread_barrier_wait(b->go);
    for (int i = 0; d && i < 50; i++)
        if (bi_bump(d, 77, &b->got[i], &e) != 0)
            b->errors++;
    if (d)
        store_release(d);
    else
        b->errors++;
    return NULL;
}

/* Marks bookings 100..119 reminded, each in a transaction of its own that
** stays open a moment, as the reminder sweep of every node does. */
struct reminder {
    pthread_barrier_t *go;
    int errors;
    bool fresh[20];
};

static void *remind_loop(void *p)
{
    struct reminder *r = p;
    struct err e = {0};
    struct db *d = store_acquire(st, &e);
    pthread_barrier_wait(r->go);
    for (int i = 0; d && i < 20; i++) {
        if (db_begin(d, &e) != 0 || bi_mark_reminded(d, 100 + i, 7000, &r->fresh[i], &e) != 0) {
            r->errors++;
            db_rollback(d);
            continue;
        }
        usleep(1000); /* the queued notification's writes */
        if (db_commit(d, &e) != 0)
            r->errors++;
    }
    if (d)
        store_release(d);
    else
        r->errors++;
    return NULL;
}

static void booking_invites(void **s)
{
    (void)s;
    struct err e = {0};
    /* 6.1 SEQUENCE: 0 before any change, then one more per bump */
    int seq = -1;
    assert_int_equal(bi_sequence(db, 40, &seq, &e), 0);
    assert_int_equal(seq, 0);
    assert_int_equal(bi_bump(db, 40, &seq, &e), 0);
    assert_int_equal(seq, 1);
    assert_int_equal(bi_bump(db, 40, &seq, &e), 0);
    assert_int_equal(seq, 2);
    assert_int_equal(bi_sequence(db, 40, &seq, &e), 0);
    assert_int_equal(seq, 2);
    /* 6.2 four connections bump one booking 50 times each: 1..200, each once */
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, N_THREADS);
    static struct bumper b[N_THREADS];
    pthread_t t[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        b[i] = (struct bumper){.go = &go};
        pthread_create(&t[i], NULL, bump_loop, &b[i]);
    }
    for (int i = 0; i < N_THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&go);
    int seen[201] = {0};
    for (int i = 0; i < N_THREADS; i++) {
        assert_int_equal(b[i].errors, 0);
        for (int j = 0; j < 50; j++) {
            assert_true(b[i].got[j] >= 1 && b[i].got[j] <= 200);
            seen[b[i].got[j]]++;
            if (j)
                assert_true(b[i].got[j] > b[i].got[j - 1]);
        }
    }
    for (int v = 1; v <= 200; v++)
        assert_int_equal(seen[v], 1);
    assert_int_equal(bi_sequence(db, 77, &seq, &e), 0);
    assert_int_equal(seq, 200);
    /* 6.3 reminders due in (now, until], soonest first, until marked */
    sql("INSERT INTO bookings (id, ticket_id, service_id, requester_id, day, slot_start,"
            " estimated_at, status, created_at, updated_at) VALUES"
            " (40, 20, 5, 10, '2026-12-08', 5000, NULL, 'booked', 1, 1),"
            " (41, 21, 5, 10, '2026-12-09', 9000, 4000, 'booked', 1, 1),"
            " (42, 22, 5, 10, '2026-12-10', 4500, NULL, 'cancelled', 1, 1),"
            " (43, 23, 5, 10, '2026-12-11', 3000, NULL, 'booked', 1, 1)");
    int64_t *ids;
    size_t n;
    assert_int_equal(bi_reminders_due(db, 3000, 6000, 10, a, &ids, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], 41); /* estimated 4000 */
    assert_int_equal(ids[1], 40); /* slot 5000 */
    assert_int_equal(bi_reminders_due(db, 3000, 6000, 1, a, &ids, &n, &e), 0);
    assert_int_equal(n, 1);
    bool fresh = false;
    assert_int_equal(bi_mark_reminded(db, 41, 3100, &fresh, &e), 0);
    assert_true(fresh);
    assert_int_equal(bi_mark_reminded(db, 41, 3200, &fresh, &e), 0);
    assert_false(fresh);
    /* booking 40 has an invite row (its sequence) and no reminder yet */
    assert_int_equal(bi_mark_reminded(db, 40, 3300, &fresh, &e), 0);
    assert_true(fresh);
    assert_int_equal(bi_sequence(db, 40, &seq, &e), 0);
    assert_int_equal(seq, 2);
    assert_int_equal(bi_reminders_due(db, 3000, 6000, 10, a, &ids, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(pg_fixture_int("SELECT reminded_at FROM booking_invites WHERE booking_id = 41"),
                     3100);
    /* 6.4 four nodes mark the same reminders at once: each is fresh for one */
    pthread_barrier_init(&go, NULL, N_THREADS);
    static struct reminder r[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        r[i] = (struct reminder){.go = &go};
        pthread_create(&t[i], NULL, remind_loop, &r[i]);
    }
    for (int i = 0; i < N_THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&go);
    for (int k = 0; k < 20; k++) {
        int fresh_n = 0;
        for (int i = 0; i < N_THREADS; i++) {
            assert_int_equal(r[i].errors, 0);
            fresh_n += r[i].fresh[k];
        }
        assert_int_equal(fresh_n, 1);
    }
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM booking_invites WHERE booking_id"
                                    " BETWEEN 100 AND 119 AND reminded_at = 7000"), 20);
    /* 6.5 a dialogue: saved, replaced, expired, forgotten */
    const char *state = "x";
    assert_int_equal(wa_dialog_get(db, "62811", 100, a, &state, &e), 0);
    assert_null(state);
    assert_int_equal(wa_dialog_put(db, "62811", "{\"step\":1}", 100, 200, &e), 0);
    assert_int_equal(wa_dialog_put(db, "62811", "{\"step\":2}", 110, 210, &e), 0);
    assert_int_equal(wa_dialog_put(db, "62822", "{\"step\":1}", 100, 150, &e), 0);
    assert_int_equal(wa_dialog_get(db, "62811", 209, a, &state, &e), 0);
    assert_string_equal(state, "{\"step\":2}");
    assert_int_equal(wa_dialog_get(db, "62811", 210, a, &state, &e), 0);
    assert_null(state);
    assert_int_equal(wa_dialog_put(db, "62811", NULL, 160, 0, &e), 0);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM wa_dialogs"), 0); /* 62822 was stale */
}

static int setup(void **state)
{
    (void)state;
    a = arena_new();
    return pg_fixture_open(&st, &db);
}

static int teardown(void **state)
{
    (void)state;
    arena_free(a);
    pg_fixture_close(st, db);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_scenarios), cmocka_unit_test(outbox_jobs),
        cmocka_unit_test(outbox_claim_race),
        cmocka_unit_test(outbox_skip_locked), cmocka_unit_test(templates),
        cmocka_unit_test(channels),        cmocka_unit_test(webhooks),
        cmocka_unit_test(webhook_race),    cmocka_unit_test(booking_invites),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
