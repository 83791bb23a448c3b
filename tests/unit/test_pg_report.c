/* pg-report-*: the report table of the PostgreSQL driver
** (store/pg/reports.c, report_walks.c, export_jobs.c) against a fresh
** database (tests/unit/pg_fixture.h), with exact values. Tickets are
** written with known creation times; report days are local to UTC+07:00,
** so a ticket created at 23:30 UTC counts on the next local day.
**   1  created and resolved per day from the rollup (report_daily, kept by
**      the schema's triggers) and, with a filter, from the tickets: equal
**   2  summaries: by status from the rollup, by month, by unit with labels,
**      an unknown dimension
**   3  the export walk: rows oldest first, a stop, the total; durations
**   4  SLA, workload, ratings, rejections, waiting moves, appointments
**   5  export jobs: create, get, progress, finish, requeue, expire
**   6  one queued job claimed by connections at once: claimed once
**   7  the rollup follows ticket updates (the schema's triggers)
**   8  a requeue puts back the jobs of sessions that are gone only
**   9  a walk of more rows than one cursor batch, its callback querying the
**      same connection; inside the caller's transaction too */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>

#include "core/arena.h"
#include "core/perm.h"
#include "store/report_store.h"
#include "pg_fixture.h"

static struct store *st;
static struct db *db;

static void sql(const char *s)
{
    PGresult *r = pg_fixture_sql(s);
    assert_non_null(r);
    PQclear(r);
}

/* Unix seconds of instants in UTC (2026-03-01 is a Sunday). */
enum {
    MAR01_1659Z = 1772384340, /* local 2026-03-01 23:59 */
    MAR01_2330Z = 1772407800, /* local 2026-03-02 06:30 */
    MAR02_1000Z = 1772445600, /* local 2026-03-02 17:00 */
    MAR02_1200Z = 1772452800, /* local 2026-03-02 19:00 */
    MAR02_1730Z = 1772472600, /* local 2026-03-03 00:30 */
    MAR01_LOCAL = 1772298000, /* 2026-03-01 00:00 local = 2026-02-28 17:00Z */
    MAR04_LOCAL = 1772557200, /* 2026-03-04 00:00 local */
};

/* Tickets 1..4 (and a booking, 5) created at the instants above:
**   1 local 03-01, cancelled by its requester, unit 1, web
**   2 local 03-02, new, unit 1, assigned to 2, rated 4 with feedback
**   3 local 03-02, resolved local 03-02 19:00, unit 2, assigned to 2,
**     breached, email
**   4 local 03-03, in_progress, no unit, waiting once */
static int setup(void **state)
{
    (void)state;
    if (pg_fixture_open(&st, &db) != 0)
        return -1;
    sql("INSERT INTO units (id, name, created_at, updated_at) VALUES (1, 'Umum', '', ''), "
        "(2, 'Keuangan', '', '')");
    sql("INSERT INTO users (id, name, email, role, created_at, updated_at) VALUES "
        "(1, 'Warga', 'w@x.test', 'requester', '', ''), (2, 'Agen', 'a@x.test', 'agent', '', '')");
    sql("INSERT INTO services (id, name, kind, created_at, updated_at) VALUES "
        "(1, 'Layanan TI', 'ticket', '', ''), (2, 'Konsultasi', 'appointment', '', '')");
    sql("INSERT INTO tickets (id, number, title, description, service_id, requester_id, unit_id, "
        "channel, status, assignee_id, created_at, updated_at, resolved_at, rating, feedback, "
        "resolution_breached, booking) VALUES "
        "(1, 'LKT-2026-000001', 'Satu', '', 1, 1, 1, 'web', 'cancelled', NULL, 1772384340, "
        "1772384340, NULL, NULL, NULL, 0, 0), "
        "(2, 'LKT-2026-000002', 'Dua', '', 1, 1, 1, 'web', 'new', 2, 1772407800, 1772407800, "
        "NULL, 4, 'cepat', 0, 0), "
        "(3, 'LKT-2026-000003', 'Tiga', '', 1, 1, 2, 'email', 'resolved', 2, 1772445600, "
        "1772452800, 1772452800, NULL, NULL, 1, 0), "
        "(4, 'LKT-2026-000004', 'Empat', '', 1, 1, NULL, 'web', 'in_progress', NULL, "
        "1772472600, 1772472600, NULL, NULL, NULL, 0, 0), "
        "(5, 'LKT-2026-000005', 'Janji', '', 2, 1, 1, 'web', 'new', NULL, 1772407800, "
        "1772407800, NULL, NULL, NULL, 0, 1)");
    sql("INSERT INTO ticket_events (ticket_id, at, actor_id, kind, field, old_value, new_value) "
        "VALUES (1, 1772384400, 1, 'status', 'status', 'new', 'cancelled'), "
        "(4, 1772473000, 2, 'status', 'status', 'new', 'waiting'), "
        "(4, 1772474000, 1, 'status', 'status', 'waiting', 'in_progress')");
    sql("INSERT INTO bookings (ticket_id, service_id, requester_id, day, slot_start, "
        "queue_number, estimated_at, status, seat, day_seat, called_at, served_at, created_at, "
        "updated_at) VALUES (5, 2, 1, '2026-03-02', 1772413200, 1, 1772413200, 'served', 1, 1, "
        "1772413300, 1772414000, 1772407800, 1772414000)");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pg_fixture_close(st, db);
    return 0;
}

/* Every ticket of March 1-3 (local), as an admin sees them. */
static struct ticket_query period(void)
{
    return (struct ticket_query){.scope = {.kind = SCOPE_ALL, .bookings_all = true},
                                 .appointments = -1, .sla_breached = -1,
                                 .created_from = MAR01_LOCAL, .created_to = MAR04_LOCAL};
}

static void expect_series(struct report_series *s, size_t n)
{
    assert_int_equal(n, 3);
    assert_string_equal(s[0].key, "2026-03-01");
    assert_int_equal(s[0].created, 1);
    assert_int_equal(s[0].resolved, 0);
    assert_string_equal(s[1].key, "2026-03-02");
    assert_int_equal(s[1].created, 2);
    assert_int_equal(s[1].resolved, 1);
    assert_string_equal(s[2].key, "2026-03-03");
    assert_int_equal(s[2].created, 1);
    assert_int_equal(s[2].resolved, 0);
}

static void pg_report_1_series_per_local_day(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct report_series *s;
    size_t n;
    bool rollup;
    struct ticket_query q = period();
    assert_int_equal(store_report_series(db, &q, "day", a, &s, &n, &rollup, &e), 0);
    assert_true(rollup);
    expect_series(s, n);
    assert_int_equal(pg_fixture_int("SELECT n FROM report_daily WHERE dim = 'status' AND "
                                    "key = 'new' AND day = (1772407800 + 25200) / 86400"), 1);
    /* a filter that keeps every ticket: the GROUP BY gives the same */
    q.sla_breached = -1;
    q.requester_id = 1;
    assert_int_equal(store_report_series(db, &q, "day", a, &s, &n, &rollup, &e), 0);
    assert_false(rollup);
    expect_series(s, n);
    /* weeks start on Monday: March 1 is a Sunday */
    q = period();
    assert_int_equal(store_report_series(db, &q, "week", a, &s, &n, &rollup, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].key, "2026-02-23");
    assert_int_equal(s[0].created, 1);
    assert_string_equal(s[1].key, "2026-03-02");
    assert_int_equal(s[1].created, 3);
    assert_int_equal(s[1].resolved, 1);
    q.requester_id = 1;
    assert_int_equal(store_report_series(db, &q, "week", a, &s, &n, &rollup, &e), 0);
    assert_false(rollup);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].key, "2026-02-23");
    assert_string_equal(s[1].key, "2026-03-02");
    assert_int_equal(store_report_series(db, &q, "year", a, &s, &n, &rollup, &e), ERR_INVALID);
    /* the booking counts only when asked for */
    q = period();
    q.appointments = 0;
    assert_int_equal(store_report_series(db, &q, "day", a, &s, &n, &rollup, &e), 0);
    assert_false(rollup);
    assert_int_equal(s[1].created, 3);
    arena_free(a);
}

static void pg_report_2_summaries(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct report_count *c;
    size_t n;
    bool rollup;
    struct ticket_query q = period();
    assert_int_equal(store_report_summary(db, &q, "status", a, &c, &n, &rollup, &e), 0);
    assert_true(rollup);
    assert_int_equal(n, 4); /* all 1: by key */
    const char *want[] = {"cancelled", "in_progress", "new", "resolved"};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(c[i].key, want[i]);
        assert_int_equal(c[i].n, 1);
        assert_null(c[i].label);
    }
    assert_int_equal(store_report_summary(db, &q, "unit", a, &c, &n, &rollup, &e), 0);
    assert_true(rollup);
    assert_int_equal(n, 3);
    assert_string_equal(c[0].key, "1");
    assert_string_equal(c[0].label, "Umum");
    assert_int_equal(c[0].n, 2);
    assert_string_equal(c[1].key, "");
    assert_null(c[1].label);
    assert_int_equal(c[1].n, 1);
    assert_string_equal(c[2].key, "2");
    assert_string_equal(c[2].label, "Keuangan");
    q.channel = "web"; /* now over the tickets */
    assert_int_equal(store_report_summary(db, &q, "unit", a, &c, &n, &rollup, &e), 0);
    assert_false(rollup);
    assert_int_equal(n, 2);
    assert_string_equal(c[0].key, "1");
    assert_int_equal(c[0].n, 2);
    assert_string_equal(c[1].key, "");
    q = period();
    assert_int_equal(store_report_summary(db, &q, "month", a, &c, &n, &rollup, &e), 0);
    assert_true(rollup);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].key, "2026-03");
    assert_int_equal(c[0].n, 4);
    q.tier = 1;
    assert_int_equal(store_report_summary(db, &q, "month", a, &c, &n, &rollup, &e), 0);
    assert_false(rollup);
    assert_string_equal(c[0].key, "2026-03");
    assert_int_equal(c[0].n, 4);
    assert_int_equal(store_report_summary(db, &q, "categorised", a, &c, &n, &rollup, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].key, "no");
    assert_int_equal(store_report_summary(db, &q, "colour", a, &c, &n, &rollup, &e),
                     ERR_INVALID);
    /* an own scope sees its own tickets only */
    q = period();
    q.scope = (struct ticket_scope){.kind = SCOPE_OWN, .user_id = 2};
    assert_int_equal(store_report_summary(db, &q, "status", a, &c, &n, &rollup, &e), 0);
    assert_false(rollup);
    assert_int_equal(n, 0);
    arena_free(a);
}

struct walk {
    char numbers[8][20];
    int n, stop_after;
};

static int walk_ticket(void *cls, const struct report_ticket *r)
{
    struct walk *w = cls;
    if (w->n < 8)
        snprintf(w->numbers[w->n], sizeof w->numbers[0], "%s", r->t->number);
    if (!strcmp(r->t->number, "LKT-2026-000003")) {
        assert_string_equal(r->t->unit_name, "Keuangan");
        assert_string_equal(r->t->assignee_name, "Agen");
        assert_string_equal(r->t->requester_name, "Warga");
        assert_string_equal(r->t->service_name, "Layanan TI");
        assert_null(r->category_name);
        assert_true(r->t->resolution_breached);
        assert_int_equal(r->t->resolved_at, MAR02_1200Z);
        assert_string_equal(r->t->channel, "email");
    }
    return ++w->n == w->stop_after ? 7 : 0;
}

static int64_t times_sum;

static int walk_times(void *cls, const struct report_times_row *r)
{
    (*(int *)cls)++;
    times_sum += r->resolved_at ? r->resolved_at - r->created_at : 0;
    return 0;
}

static void pg_report_3_export_walk(void **state)
{
    (void)state;
    struct err e = {0};
    struct ticket_query q = period();
    struct walk w = {0};
    assert_int_equal(store_report_tickets_each(db, &q, walk_ticket, &w, &e), 0);
    assert_int_equal(w.n, 4);
    assert_string_equal(w.numbers[0], "LKT-2026-000001");
    assert_string_equal(w.numbers[1], "LKT-2026-000002");
    assert_string_equal(w.numbers[2], "LKT-2026-000003");
    assert_string_equal(w.numbers[3], "LKT-2026-000004");
    int64_t total;
    assert_int_equal(store_report_tickets_count(db, &q, &total, &e), 0);
    assert_int_equal(total, 4);
    /* a stop ends the walk with its code; the connection is usable after */
    w = (struct walk){.stop_after = 2};
    assert_int_equal(store_report_tickets_each(db, &q, walk_ticket, &w, &e), 7);
    assert_int_equal(w.n, 2);
    assert_int_equal(store_report_tickets_count(db, &q, &total, &e), 0);
    assert_int_equal(total, 4);
    /* local 03-02 only: tickets 2 and 3 */
    q.created_from = MAR01_LOCAL + 86400;
    q.created_to = MAR01_LOCAL + 2 * 86400;
    w = (struct walk){0};
    assert_int_equal(store_report_tickets_each(db, &q, walk_ticket, &w, &e), 0);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.numbers[0], "LKT-2026-000002");
    int rows = 0;
    times_sum = 0;
    assert_int_equal(store_report_times_each(db, &q, walk_times, &rows, &e), 0);
    assert_int_equal(rows, 2);
    assert_int_equal(times_sum, MAR02_1200Z - MAR02_1000Z);
}

struct counted {
    int n;
    char text[4][64];
};

static int walk_wait(void *cls, const struct report_wait_event *ev)
{
    struct counted *c = cls;
    if (c->n < 4)
        snprintf(c->text[c->n], sizeof c->text[0], "%lld %lld %s>%s %lld",
                 (long long)ev->ticket_id, (long long)ev->unit_id, ev->from ? ev->from : "-",
                 ev->to ? ev->to : "-", (long long)ev->at);
    c->n++;
    return 0;
}

static int walk_booking(void *cls, const struct report_booking *b)
{
    struct counted *c = cls;
    if (c->n < 4)
        snprintf(c->text[c->n], sizeof c->text[0], "%s %s %s %lld", b->service_name, b->day,
                 b->status, (long long)(b->served_at - b->called_at));
    c->n++;
    return 0;
}

static void pg_report_4_figures(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct ticket_query q = period();
    struct report_sla *s;
    size_t n;
    assert_int_equal(store_report_sla(db, &q, "unit", a, &s, &n, &e), 0);
    assert_int_equal(n, 3); /* cancelled left out; keys "", "1", "2" */
    assert_string_equal(s[0].key, "");
    assert_int_equal(s[0].running, 1);
    assert_string_equal(s[1].key, "1");
    assert_string_equal(s[1].label, "Umum");
    assert_int_equal(s[1].running, 1);
    assert_int_equal(s[1].met, 0);
    assert_string_equal(s[2].key, "2");
    assert_int_equal(s[2].breached, 1);
    assert_int_equal(s[2].met, 0);
    assert_int_equal(store_report_sla(db, &q, "team", a, &s, &n, &e), ERR_INVALID);

    struct report_workload *w;
    assert_int_equal(store_report_workload(db, &q, a, &w, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(w[0].agent_id, 2);
    assert_string_equal(w[0].name, "Agen");
    assert_int_equal(w[0].open, 1);
    assert_int_equal(w[0].resolved, 1);
    assert_true(w[0].avg_minutes > 119.99 && w[0].avg_minutes < 120.01);

    struct report_ratings r;
    assert_int_equal(store_report_ratings(db, &q, 5, a, &r, &e), 0);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.dist[4], 1);
    assert_true(r.mean > 3.99 && r.mean < 4.01);
    assert_int_equal(r.n_comments, 1);
    assert_string_equal(r.comments[0].number, "LKT-2026-000002");
    assert_string_equal(r.comments[0].feedback, "cepat");

    struct report_cancel *c;
    assert_int_equal(store_report_cancellations(db, &q, a, &c, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].who, "requester");
    assert_string_equal(c[0].code, "");
    assert_null(c[0].label);
    assert_int_equal(c[0].n, 1);

    struct counted wc = {0};
    assert_int_equal(store_report_waiting_each(db, &q, walk_wait, &wc, &e), 0);
    assert_int_equal(wc.n, 5); /* 1: one move; 2, 3: none; 4: two moves */
    assert_string_equal(wc.text[0], "1 1 new>cancelled 1772384400");
    assert_string_equal(wc.text[1], "2 1 ->- 0");
    assert_string_equal(wc.text[3], "4 0 new>waiting 1772473000");

    struct counted bc = {0};
    assert_int_equal(store_report_bookings_each(db, "2026-03-01", "2026-03-31", 0, walk_booking,
                                                &bc, &e), 0);
    assert_int_equal(bc.n, 1);
    assert_string_equal(bc.text[0], "Konsultasi 2026-03-02 served 700");
    bc = (struct counted){0};
    assert_int_equal(store_report_bookings_each(db, "2026-03-03", NULL, 0, walk_booking, &bc,
                                                &e), 0);
    assert_int_equal(bc.n, 0);
    assert_int_equal(store_report_bookings_each(db, NULL, NULL, 1, walk_booking, &bc, &e), 0);
    assert_int_equal(bc.n, 0);
    arena_free(a);
}

static void pg_report_5_export_jobs(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    sql("DELETE FROM export_jobs");
    struct export_job j = {.user_id = 2, .report = "tickets", .format = "csv",
                           .params = "status=new", .created_at = 1772400000};
    assert_int_equal(store_export_create(db, &j, &e), 0);
    assert_true(j.id > 0);
    assert_string_equal(j.status, "queued");
    struct export_job g;
    assert_int_equal(store_export_get(db, j.id, a, &g, &e), 0);
    assert_string_equal(g.report, "tickets");
    assert_string_equal(g.params, "status=new");
    assert_string_equal(g.status, "queued");
    assert_int_equal(g.finished_at, 0);
    assert_null(g.file);
    assert_int_equal(store_export_get(db, j.id + 100, a, &g, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "export.not_found");

    assert_int_equal(store_export_claim(db, a, &g, &e), 0);
    assert_int_equal(g.id, j.id);
    assert_string_equal(g.status, "running");
    assert_int_equal(store_export_claim(db, a, &g, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "export.none");
    assert_int_equal(store_export_progress(db, j.id, 10, 40, &e), 0);
    /* its claimer (this session) is alive: a requeue leaves it running */
    assert_int_equal(store_export_requeue(db, &e), 0);
    assert_int_equal(store_export_get(db, j.id, a, &g, &e), 0);
    assert_string_equal(g.status, "running");
    assert_int_equal(g.done_rows, 10);
    assert_int_equal(g.total, 40);
    assert_int_equal(store_export_finish(db, j.id, "done", "x1.csv", "tiket.csv", NULL,
                                         1772400100, &e), 0);
    assert_int_equal(store_export_get(db, j.id, a, &g, &e), 0);
    assert_string_equal(g.status, "done");
    assert_string_equal(g.file, "x1.csv");
    assert_string_equal(g.filename, "tiket.csv");
    assert_int_equal(g.finished_at, 1772400100);

    struct export_job f = j;
    assert_int_equal(store_export_create(db, &f, &e), 0);
    assert_int_equal(store_export_claim(db, a, &g, &e), 0);
    assert_int_equal(store_export_finish(db, f.id, "failed", NULL, NULL, "disk", 1772400200, &e),
                     0);
    const char **files;
    size_t n;
    assert_int_equal(store_export_expire(db, 1772400150, a, &files, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(files[0], "x1.csv");
    assert_int_equal(store_export_expire(db, 1772400300, a, &files, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_null(files[0]);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM export_jobs"), 0);
    arena_free(a);
}

/* ---- 6: claims at once ---- */

static pthread_barrier_t go;

struct claimer {
    int64_t got;
    int rc;
};

static void *claim(void *arg)
{
    struct claimer *c = arg;
    struct err e = {0};
    struct arena *a = arena_new();
    struct db *mine = store_acquire(st, &e);
    pthread_barrier_wait(&go);
    struct export_job j = {0};
    c->rc = mine ? store_export_claim(mine, a, &j, &e) : -100;
    c->got = c->rc == 0 ? j.id : 0;
    if (mine)
        store_release(mine);
    arena_free(a);
    return NULL;
}

static void pg_report_6_claim_once(void **state)
{
    (void)state;
    struct err e = {0};
    sql("DELETE FROM export_jobs");
    struct export_job j = {.user_id = 2, .report = "tickets", .format = "csv", .params = "",
                           .created_at = 1772400000};
    assert_int_equal(store_export_create(db, &j, &e), 0);

    /* one connection holds its claim's lock: the other passes the row by */
    struct db *other = store_acquire(st, &e);
    assert_non_null(other);
    struct arena *a = arena_new();
    struct export_job g;
    assert_int_equal(db_begin(other, &e), 0);
    assert_int_equal(store_export_claim(other, a, &g, &e), 0);
    assert_int_equal(g.id, j.id);
    assert_int_equal(store_export_claim(db, a, &g, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "export.none");
    assert_int_equal(db_commit(other, &e), 0);
    store_release(other);
    assert_int_equal(store_export_claim(db, a, &g, &e), ERR_NOT_FOUND);
    arena_free(a);

    /* eight claimers, three jobs: each job claimed exactly once */
    sql("DELETE FROM export_jobs");
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        struct export_job k = j;
        assert_int_equal(store_export_create(db, &k, &e), 0);
        ids[i] = k.id;
    }
    enum { N = 8 };
    pthread_t th[N];
    struct claimer c[N];
    pthread_barrier_init(&go, NULL, N);
    for (int i = 0; i < N; i++) {
        c[i] = (struct claimer){0};
        assert_int_equal(pthread_create(&th[i], NULL, claim, &c[i]), 0);
    }
    int per_job[3] = {0}, none = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        if (c[i].rc == ERR_NOT_FOUND)
            none++;
        for (int k = 0; k < 3; k++)
            per_job[k] += c[i].got == ids[k];
    }
    pthread_barrier_destroy(&go);
    assert_int_equal(per_job[0], 1);
    assert_int_equal(per_job[1], 1);
    assert_int_equal(per_job[2], 1);
    assert_int_equal(none, N - 3);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM export_jobs WHERE status = 'running'"),
                     3);
}

/* The schema's triggers keep report_daily as the report queries read it:
** after a ticket moves (status, unit, resolution) the rollup's figures equal
** those counted over the tickets. Run last: it changes ticket 2. */
static void pg_report_7_rollup_follows_updates(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    sql("UPDATE tickets SET status = 'resolved', unit_id = 2, resolved_at = 1772494200 "
        "WHERE id = 2"); /* resolved local 2026-03-03 06:30 */
    const char *dims[] = {"status", "unit", "agent", "month"};
    for (size_t d = 0; d < 4; d++) {
        struct report_count *r1, *r2;
        size_t n1, n2;
        bool ru1, ru2;
        struct ticket_query q = period();
        assert_int_equal(store_report_summary(db, &q, dims[d], a, &r1, &n1, &ru1, &e), 0);
        q.requester_id = 1; /* every ticket still, over the tickets */
        assert_int_equal(store_report_summary(db, &q, dims[d], a, &r2, &n2, &ru2, &e), 0);
        assert_true(ru1);
        assert_false(ru2);
        assert_int_equal(n1, n2);
        for (size_t i = 0; i < n1; i++) {
            assert_string_equal(r1[i].key, r2[i].key);
            assert_int_equal(r1[i].n, r2[i].n);
        }
    }
    struct report_count *c;
    size_t n;
    bool rollup;
    struct ticket_query q = period();
    assert_int_equal(store_report_summary(db, &q, "status", a, &c, &n, &rollup, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(c[0].key, "resolved");
    assert_int_equal(c[0].n, 2);
    struct report_series *s;
    assert_int_equal(store_report_series(db, &q, "day", a, &s, &n, &rollup, &e), 0);
    assert_true(rollup);
    assert_int_equal(n, 3);
    assert_int_equal(s[1].resolved, 1);
    assert_int_equal(s[2].resolved, 1); /* ticket 2, on local 03-03 */
    arena_free(a);
}

/* A node starting up requeues the jobs of sessions that are gone, not
** those another live node is running (migration 0003). */
static void pg_report_8_requeue_dead_claims(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    sql("DELETE FROM export_jobs");
    struct export_job j = {.user_id = 2, .report = "tickets", .format = "csv", .params = "",
                           .created_at = 1772400000};
    assert_int_equal(store_export_create(db, &j, &e), 0);
    struct store *node2;
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    struct db *db2 = store_acquire(node2, &e);
    assert_non_null(db2);
    struct export_job g;
    assert_int_equal(store_export_claim(db2, a, &g, &e), 0);
    assert_int_equal(g.id, j.id);
    assert_int_equal(store_export_progress(db2, j.id, 5, 9, &e), 0);
    long long pid = pg_fixture_int("SELECT claimed_pid FROM export_jobs");
    assert_true(pid > 0);
    assert_int_equal(store_export_requeue(db, &e), 0);
    assert_int_equal(store_export_get(db, j.id, a, &g, &e), 0);
    assert_string_equal(g.status, "running");
    /* node 2 stops with the job unfinished */
    store_release(db2);
    store_close(node2);
    char q[120];
    snprintf(q, sizeof q, "SELECT count(*) FROM pg_stat_activity WHERE pid = %lld", pid);
    for (int i = 0; i < 500 && pg_fixture_int(q) != 0; i++)
        usleep(10000);
    assert_int_equal(pg_fixture_int(q), 0);
    assert_int_equal(store_export_requeue(db, &e), 0);
    assert_int_equal(store_export_get(db, j.id, a, &g, &e), 0);
    assert_string_equal(g.status, "queued");
    assert_int_equal(g.done_rows, 0);
    assert_int_equal(store_export_claim(db, a, &g, &e), 0);
    assert_int_equal(g.id, j.id);
    arena_free(a);
}

struct big_walk {
    int n, nested;
    int64_t last_id;
    bool ordered;
};

/* Every 100th row asks the database something on the same connection, as
** the timeline export reads each ticket's events mid-walk. */
static int walk_big(void *cls, const struct report_ticket *r)
{
    struct big_walk *w = cls;
    w->ordered = w->ordered && r->t->id > w->last_id;
    w->last_id = r->t->id;
    if (w->n++ % 100 == 0) {
        struct err e = {0};
        struct arena *a = arena_new();
        struct export_job j;
        if (store_export_get(db, 1, a, &j, &e) == ERR_NOT_FOUND)
            w->nested++;
        arena_free(a);
    }
    return 0;
}

/* A walk longer than one cursor batch, with queries of its callback on the
** same connection between rows; inside the caller's transaction too. */
static void pg_report_9_long_walk(void **state)
{
    (void)state;
    struct err e = {0};
    sql("DELETE FROM export_jobs");
    sql("INSERT INTO tickets (id, number, title, description, service_id, requester_id, "
        "created_at, updated_at) SELECT 1000 + i, 'LKT-2025-' || lpad(i::text, 6, '0'), 'x', '', "
        "1, 1, 1735689600 + i * 60, 1735689600 FROM generate_series(1, 1203) i");
    struct ticket_query q = {.scope = {.kind = SCOPE_ALL, .bookings_all = true},
                             .appointments = -1, .sla_breached = -1,
                             .created_from = 1735664400, .created_to = 1767200400}; /* 2025 */
    for (int in_tx = 0; in_tx < 2; in_tx++) {
        struct big_walk w = {.ordered = true};
        if (in_tx)
            assert_int_equal(db_begin(db, &e), 0);
        assert_int_equal(store_report_tickets_each(db, &q, walk_big, &w, &e), 0);
        if (in_tx)
            assert_int_equal(db_commit(db, &e), 0);
        assert_int_equal(w.n, 1203);
        assert_true(w.ordered);
        assert_int_equal(w.nested, 13);
    }
    int64_t total;
    assert_int_equal(store_report_tickets_count(db, &q, &total, &e), 0);
    assert_int_equal(total, 1203);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pg_report_1_series_per_local_day),
        cmocka_unit_test(pg_report_2_summaries),
        cmocka_unit_test(pg_report_3_export_walk),
        cmocka_unit_test(pg_report_4_figures),
        cmocka_unit_test(pg_report_5_export_jobs),
        cmocka_unit_test(pg_report_6_claim_once),
        cmocka_unit_test(pg_report_7_rollup_follows_updates),
        cmocka_unit_test(pg_report_8_requeue_dead_claims),
        cmocka_unit_test(pg_report_9_long_walk),
    };
    pg_fixture_base(); /* skipped without a cluster */
    return cmocka_run_group_tests(tests, setup, teardown);
}
