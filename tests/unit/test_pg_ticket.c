/* pg-ticket-*: the PostgreSQL driver's ticket tables (store/pg/tickets.c,
** search.c, scope.c, automation.c, survey.c, wa_notify.c; issue #19) on a
** fresh database per case (tests/unit/pg_fixture.h): gap-free yearly
** numbers under 8 connections of two stores (two nodes) creating at once,
** a rolled-back number given back, the number ceiling; get by number and
** id; the stale save; the list's filters, sorts, pages and totals; the one
** visibility rule; text search with and without diacritics, by prefix,
** over public comments but never internal notes, newest first, at once on
** another node; tags, the timeline, attachments, redirects, sweep
** candidates; automation rules and runs; the survey; WhatsApp notification
** rows. Skipped (77) without LOKET_TEST_PG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/perm.h"
#include "store/automation.h"
#include "store/pg/pg.h"
#include "store/pg/scope.h"
#include "store/store.h"
#include "store/survey.h"
#include "store/wa_notify.h"
#include "pg_fixture.h"

static struct store *st;
static struct db *db;
static struct arena *a;

/* Master rows every case starts from (ids fixed by the inserts):
** units 1 Dinas Kesehatan, 2 Diskominfo; priorities 1 low (rank 1),
** 2 high (rank 3); services 1 Jaringan (ticket), 2 Konsultasi
** (appointment, served by user 2); users 1 admin, 2 agent tier 1 (unit
** 2), 3 agent tier 2 (unit 1), 4 requester (unit 1), 5 requester (unit 2),
** 6 agent tier 3 (vendor 1); tags 1 Urgent, 2 Kabel. */
static const char seed_sql[] =
    "INSERT INTO units (id, name, created_at, updated_at) VALUES"
    " (1, 'Dinas Kesehatan', 'x', 'x'), (2, 'Diskominfo', 'x', 'x');"
    "INSERT INTO vendors (id, name, created_at, updated_at) VALUES (1, 'Vendor', 'x', 'x');"
    "INSERT INTO priorities (id, code, name, rank, created_at, updated_at) VALUES"
    " (1, 'low', 'Rendah', 1, 'x', 'x'), (2, 'high', 'Tinggi', 3, 'x', 'x');"
    "INSERT INTO services (id, name, kind, unit_id, created_at, updated_at) VALUES"
    " (1, 'Jaringan', 'ticket', 2, 'x', 'x'), (2, 'Konsultasi', 'appointment', 1, 'x', 'x');"
    "INSERT INTO users (id, name, email, role, tier, unit_id, vendor_id, created_at,"
    " updated_at) VALUES (1, 'Admin', 'admin@x.id', 'admin', NULL, NULL, NULL, 'x', 'x'),"
    " (2, 'Agen Satu', 'agen1@x.id', 'agent', 1, 2, NULL, 'x', 'x'),"
    " (3, 'Agen Dua', 'agen2@x.id', 'agent', 2, 1, NULL, 'x', 'x'),"
    " (4, 'Budi', 'budi@x.id', 'requester', NULL, 1, NULL, 'x', 'x'),"
    " (5, 'Sari', 'sari@x.id', 'requester', NULL, 2, NULL, 'x', 'x'),"
    " (6, 'Agen Tiga', 'agen3@x.id', 'agent', 3, NULL, 1, 'x', 'x');"
    "INSERT INTO service_staff (service_id, user_id) VALUES (2, 2);"
    "INSERT INTO tags (id, name, created_at, updated_at) VALUES (1, 'Urgent', 'x', 'x'),"
    " (2, 'Kabel', 'x', 'x');"
    /* the inserts named their ids: move the identity columns past them */
    "SELECT setval(pg_get_serial_sequence(t, 'id'), 100) FROM unnest(ARRAY['units',"
    " 'vendors', 'priorities', 'services', 'users', 'tags']) t;";

/* Runs SQL text (several statements) on the case's connection. */
static void sql(const char *text)
{
    PGresult *r = PQexec(((struct pg_db *)db)->c, text);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", text, PQerrorMessage(((struct pg_db *)db)->c));
    PQclear(r);
}

/* The first column of the first row of a query, as a number. */
static int64_t sql_int(const char *text)
{
    PGresult *r = PQexec(((struct pg_db *)db)->c, text);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
        fail_msg("%s: %s", text, PQerrorMessage(((struct pg_db *)db)->c));
    int64_t v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

static int setup(void **state)
{
    (void)state;
    if (pg_fixture_open(&st, &db) != 0)
        return -1;
    a = arena_new();
    sql(seed_sql);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pg_fixture_close(st, db);
    arena_free(a);
    return 0;
}

/* Creates a ticket in a transaction of its own on connection d. */
static int create_on(struct db *d, struct arena *ar, struct ticket *t, int year, struct err *e)
{
    if (db_begin(d, e) != 0)
        return e->kind;
    if (db_ticket_create(d, t, "LKT", year, ar, e) != 0 || db_commit(d, e) != 0) {
        db_rollback(d);
        return e->kind;
    }
    return 0;
}

static struct ticket *mk(const char *title, const char *desc, int64_t requester, int64_t unit,
                         int64_t service, int64_t priority, int64_t created_at)
{
    struct err e = {0};
    struct ticket *t = arena_alloc(a, sizeof *t);
    memset(t, 0, sizeof *t);
    *t = (struct ticket){.title = title, .description = desc, .service_id = service,
                         .requester_id = requester, .unit_id = unit, .priority_id = priority,
                         .channel = "web", .created_by = requester, .created_at = created_at,
                         .booking = service == 2};
    assert_int_equal(create_on(db, a, t, 2026, &e), 0);
    return t;
}

static struct ticket *get(const char *number)
{
    struct err e = {0};
    struct ticket *t;
    assert_int_equal(db_ticket_get(db, number, a, &t, &e), 0);
    return t;
}

/* ---- numbers ---------------------------------------------------------- */

enum { THREADS = 8, PER_THREAD = 50 };

struct worker {
    struct store *st;
    int failures, busy;
};

static void *create_many(void *arg)
{
    struct worker *w = arg;
    struct err e = {0};
    struct db *d = store_acquire(w->st, &e);
    if (!d) {
        w->failures = PER_THREAD;
        return NULL;
    }
    struct arena *ar = arena_new();
    for (int i = 0; i < PER_THREAD; i++) {
        struct ticket t = {.title = "Serentak", .description = "uji nomor", .service_id = 1,
                           .requester_id = 4, .channel = "web", .created_at = 1000 + i};
        int rc;
        /* a lost race the driver reports as busy is retried, as the
        ** writer does; anything else fails the case */
        while ((rc = create_on(d, ar, &t, 2026, &e)) == ERR_UNAVAILABLE)
            w->busy++;
        if (rc != 0) {
            printf("# create: %s %s\n", e.code, e.msg[LOC_EN]);
            w->failures++;
        }
    }
    arena_free(ar);
    store_release(d);
    return NULL;
}

static void pg_ticket_1_numbers_concurrent(void **state)
{
    (void)state;
    /* half the threads on a second store, as a second node would be */
    struct store *node2;
    struct err e = {0};
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    pthread_t th[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.st = i % 2 ? node2 : st};
        assert_int_equal(pthread_create(&th[i], NULL, create_many, &w[i]), 0);
    }
    int busy = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].failures, 0);
        busy += w[i].busy;
    }
    store_close(node2);
    printf("# %d retries after store.busy\n", busy);
    /* 400 tickets numbered 1..400: none twice, none missing */
    assert_int_equal(sql_int("SELECT count(*) FROM tickets"), THREADS * PER_THREAD);
    assert_int_equal(sql_int("SELECT count(DISTINCT number) FROM tickets"),
                     THREADS * PER_THREAD);
    assert_int_equal(sql_int("SELECT count(*) FROM tickets WHERE number ~ "
                             "'^LKT-2026-[0-9]{6}$' AND substr(number, 10)::int BETWEEN 1 "
                             "AND 400"),
                     THREADS * PER_THREAD);
    assert_int_equal(sql_int("SELECT last FROM ticket_counters WHERE year = 2026"), 400);
    /* every one found by its number */
    struct ticket *t = get("LKT-2026-000400");
    assert_string_equal(t->number, "LKT-2026-000400");
    assert_string_equal(t->title, "Serentak");
}

static void pg_ticket_2_numbers_gap_free(void **state)
{
    (void)state;
    struct err e = {0};
    struct ticket *t1 = mk("Satu", "a", 4, 1, 1, 0, 100);
    assert_string_equal(t1->number, "LKT-2026-000001");
    assert_int_equal(t1->version, 1);
    assert_string_equal(t1->status, "new");
    assert_true(t1->id > 0);
    /* a rolled-back creation gives its number back */
    struct ticket t2 = {.title = "Batal", .description = "b", .service_id = 1,
                        .requester_id = 4, .channel = "web", .created_at = 200};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_ticket_create(db, &t2, "LKT", 2026, a, &e), 0);
    assert_string_equal(t2.number, "LKT-2026-000002");
    db_rollback(db);
    struct ticket *t3 = mk("Tiga", "c", 4, 1, 1, 0, 300);
    assert_string_equal(t3->number, "LKT-2026-000002");
    /* each year counts from 1 */
    struct ticket t4 = {.title = "Tahun baru", .description = "d", .service_id = 1,
                        .requester_id = 4, .channel = "web", .created_at = 400};
    assert_int_equal(create_on(db, a, &t4, 2027, &e), 0);
    assert_string_equal(t4.number, "LKT-2027-000001");
    /* past 999999 a year has no numbers left */
    sql("UPDATE ticket_counters SET last = 999999 WHERE year = 2026");
    struct ticket t5 = {.title = "Habis", .description = "e", .service_id = 1,
                        .requester_id = 4, .channel = "web", .created_at = 500};
    assert_int_equal(create_on(db, a, &t5, 2026, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "ticket.number_exhausted");
    assert_int_equal(sql_int("SELECT last FROM ticket_counters WHERE year = 2026"), 999999);
}

/* ---- rows -------------------------------------------------------------- */

static void pg_ticket_3_get_and_save(void **state)
{
    (void)state;
    struct err e = {0};
    struct ticket *t = mk("Printer rusak", "tidak mau mencetak", 4, 1, 1, 2, 1000);
    struct ticket *g = get("LKT-2026-000001");
    assert_int_equal(g->id, t->id);
    assert_string_equal(g->title, "Printer rusak");
    assert_string_equal(g->description, "tidak mau mencetak");
    assert_string_equal(g->service_name, "Jaringan");
    assert_string_equal(g->service_kind, "ticket");
    assert_string_equal(g->requester_name, "Budi");
    assert_string_equal(g->requester_email, "budi@x.id");
    assert_string_equal(g->unit_name, "Dinas Kesehatan");
    assert_string_equal(g->priority_code, "high");
    assert_null(g->assignee_name);
    assert_int_equal(g->created_at, 1000);
    assert_int_equal(g->updated_at, 1000);
    assert_int_equal(g->tier, 1);
    assert_int_equal(g->rating, 0);
    assert_false(g->booking);
    assert_int_equal(g->n_staff, 0);
    assert_int_equal(sql_int("SELECT priority_rank FROM tickets WHERE id = 1"), 3);

    struct ticket *byid;
    assert_int_equal(db_ticket_get_id(db, t->id, a, &byid, &e), 0);
    assert_string_equal(byid->number, "LKT-2026-000001");
    assert_int_equal(db_ticket_get(db, "LKT-2026-000099", a, &byid, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "ticket.not_found");
    assert_int_equal(db_ticket_get_id(db, 999, a, &byid, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "ticket.not_found");

    /* a save writes every mutable field and bumps the version */
    g->status = "in_progress";
    g->assignee_id = 2;
    g->priority_id = 1;
    g->updated_at = 1500;
    g->first_response_at = 1400;
    g->rating = 4;
    g->feedback = "cepat";
    g->resolution_breached = true;
    assert_int_equal(db_ticket_save(db, g, &e), 0);
    assert_int_equal(g->version, 2);
    struct ticket *s = get("LKT-2026-000001");
    assert_string_equal(s->status, "in_progress");
    assert_int_equal(s->assignee_id, 2);
    assert_string_equal(s->assignee_name, "Agen Satu");
    assert_string_equal(s->priority_code, "low");
    assert_int_equal(s->updated_at, 1500);
    assert_int_equal(s->first_response_at, 1400);
    assert_int_equal(s->rating, 4);
    assert_string_equal(s->feedback, "cepat");
    assert_true(s->resolution_breached);
    assert_false(s->first_response_breached);
    assert_int_equal(s->version, 2);
    assert_int_equal(sql_int("SELECT priority_rank FROM tickets WHERE id = 1"), 1);

    /* the copy read before that save is stale now */
    t->version = 1;
    t->status = "cancelled";
    assert_int_equal(db_ticket_save(db, t, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "ticket.stale");
    assert_int_equal(t->version, 1);
    assert_string_equal(get("LKT-2026-000001")->status, "in_progress");
}

/* ---- list ---------------------------------------------------------------- */

/* The numbers of a list page as "1,3" (their sequence parts). */
static const char *page_of(const struct ticket_query *q, int64_t *total, bool *capped)
{
    struct err e = {0};
    struct ticket **items;
    size_t n;
    int64_t tot;
    bool cap;
    if (db_ticket_list(db, q, a, &items, &n, &tot, &cap, &e) != 0)
        fail_msg("list: %s %s", e.code, e.msg[LOC_EN]);
    char *out = "";
    for (size_t i = 0; i < n; i++)
        out = arena_printf(a, "%s%s%d", out, i ? "," : "", atoi(items[i]->number + 9));
    if (total)
        *total = tot;
    if (capped)
        *capped = cap;
    return out;
}

static struct ticket_query all_q(void)
{
    return (struct ticket_query){.scope = {.kind = SCOPE_ALL, .user_id = 1,
                                           .bookings_all = true},
                                 .sla_breached = -1, .page = 1, .per_page = 50};
}

/* Four tickets and a booking (see each line); the escalation of 2 to unit
** 1 and its assignment to user 6 are saved. */
static void seed_tickets(void)
{
    struct err e = {0};
    mk("Pelayanan Kesehatán lambat", "antrian di kantor panjang", 4, 1, 1, 2, 1000); /* 1 */
    struct ticket *t2 =
        mk("Jaringan kantor putus", "jaringannya mati sejak pagi", 5, 2, 1, 1, 2000); /* 2 */
    mk("Printer rusak di kantor", "tidak mau mencetak", 4, 1, 1, 0, 3000);               /* 3 */
    mk("Konsultasi pajak", "jadwal konsultasi", 5, 2, 2, 0, 4000);                     /* 4 */
    mk("Surel tidak masuk", "kotak surat budi@example.com penuh", 5, 2, 1, 1, 5000);   /* 5 */
    t2->tier = 3;
    t2->esc_unit_id = 1;
    t2->esc_vendor_id = 1;
    t2->updated_at = 2500;
    t2->status = "in_progress";
    assert_int_equal(db_ticket_save(db, t2, &e), 0);
}

static void pg_ticket_4_list(void **state)
{
    (void)state;
    seed_tickets();
    int64_t total;
    bool capped;
    struct ticket_query q = all_q();
    /* default: created_at ascending, as SQLite's sort_column gives it */
    assert_string_equal(page_of(&q, &total, &capped), "1,2,3,4,5");
    assert_int_equal(total, 5);
    assert_false(capped);
    q.sort = "created_at";
    q.sort_desc = true;
    assert_string_equal(page_of(&q, &total, NULL), "5,4,3,2,1");
    /* priority by rank; no priority first going up, last going down */
    q.sort = "priority";
    q.sort_desc = false;
    assert_string_equal(page_of(&q, NULL, NULL), "3,4,2,5,1");
    q.sort_desc = true;
    assert_string_equal(page_of(&q, NULL, NULL), "1,5,2,4,3");
    q.sort = "title";
    q.sort_desc = false;
    assert_string_equal(page_of(&q, NULL, NULL), "2,4,1,3,5");
    q.sort = "updated_at";
    q.sort_desc = true;
    assert_string_equal(page_of(&q, NULL, NULL), "5,4,3,2,1");
    /* pages: the total is every match, the page its slice */
    q = all_q();
    q.per_page = 2;
    q.page = 2;
    assert_string_equal(page_of(&q, &total, NULL), "3,4");
    assert_int_equal(total, 5);
    q.page = 3;
    assert_string_equal(page_of(&q, &total, NULL), "5");
    q.page = 4;
    assert_string_equal(page_of(&q, &total, NULL), "");
    assert_int_equal(total, 5);
    /* filters */
    q = all_q();
    q.statuses[0] = "in_progress";
    q.n_statuses = 1;
    assert_string_equal(page_of(&q, &total, NULL), "2");
    assert_int_equal(total, 1);
    q.statuses[1] = "new";
    q.n_statuses = 2;
    assert_string_equal(page_of(&q, &total, NULL), "1,2,3,4,5");
    q = all_q();
    q.unit_id = 1;
    assert_string_equal(page_of(&q, &total, NULL), "1,3");
    q = all_q();
    q.requester_id = 5;
    q.priority_id = 1;
    assert_string_equal(page_of(&q, &total, NULL), "2,5");
    q = all_q();
    q.tier = 3;
    assert_string_equal(page_of(&q, NULL, NULL), "2");
    q = all_q();
    q.service_id = 2;
    assert_string_equal(page_of(&q, NULL, NULL), "4");
    q = all_q();
    q.created_from = 2000;
    q.created_to = 4000;
    assert_string_equal(page_of(&q, &total, NULL), "2,3");
    assert_int_equal(total, 2);
    q = all_q();
    q.uncategorised = true;
    q.channel = "web";
    assert_string_equal(page_of(&q, NULL, NULL), "1,2,3,4,5");
    q.channel = "email";
    assert_string_equal(page_of(&q, &total, NULL), "");
    assert_int_equal(total, 0);
    q = all_q();
    q.unassigned = true;
    assert_string_equal(page_of(&q, NULL, NULL), "1,2,3,4,5");
    q = all_q();
    q.assignee_id = 2;
    assert_string_equal(page_of(&q, NULL, NULL), "");
}

static void pg_ticket_5_visibility(void **state)
{
    (void)state;
    seed_tickets();
    int64_t total;
    struct ticket_query q = all_q();
    /* a requester on their own: theirs only (the booking 4 is Sari's) */
    q.scope = (struct ticket_scope){.kind = SCOPE_OWN, .user_id = 4};
    assert_string_equal(page_of(&q, &total, NULL), "1,3");
    assert_int_equal(total, 2);
    q.scope = (struct ticket_scope){.kind = SCOPE_OWN, .user_id = 5};
    assert_string_equal(page_of(&q, &total, NULL), "2,4,5");
    /* a requester of unit 1: their own and their unit's */
    q.scope = (struct ticket_scope){.kind = SCOPE_UNIT, .user_id = 5, .unit_id = 1};
    assert_string_equal(page_of(&q, NULL, NULL), "1,2,3,4,5");
    q.scope = (struct ticket_scope){.kind = SCOPE_UNIT, .user_id = 4, .unit_id = 2};
    assert_string_equal(page_of(&q, NULL, NULL), "1,2,3,5");
    /* a tier-2 agent of unit 1: escalated to the unit, assigned or their
    ** own; not unit 1's other tickets */
    q.scope = (struct ticket_scope){.kind = SCOPE_ESC_UNIT, .user_id = 3, .unit_id = 1};
    assert_string_equal(page_of(&q, &total, NULL), "2");
    assert_int_equal(total, 1);
    q.scope = (struct ticket_scope){.kind = SCOPE_ESC_UNIT, .user_id = 3, .unit_id = 2};
    assert_string_equal(page_of(&q, &total, NULL), "");
    /* a tier-3 vendor agent: escalated to the vendor */
    q.scope = (struct ticket_scope){.kind = SCOPE_ESC_VENDOR, .user_id = 6, .vendor_id = 1};
    assert_string_equal(page_of(&q, NULL, NULL), "2");
    /* a tier-1 agent sees every ticket, but of the bookings only those of
    ** services they serve: user 2 serves Konsultasi, user 1 does not */
    q.scope = (struct ticket_scope){.kind = SCOPE_ALL, .user_id = 2};
    assert_string_equal(page_of(&q, NULL, NULL), "1,2,3,4,5");
    q.scope = (struct ticket_scope){.kind = SCOPE_ALL, .user_id = 3};
    assert_string_equal(page_of(&q, &total, NULL), "1,2,3,5");
    assert_int_equal(total, 4);
    q.scope = (struct ticket_scope){.kind = SCOPE_NONE};
    assert_string_equal(page_of(&q, &total, NULL), "");
    assert_int_equal(total, 0);
    /* a booking's ticket carries its service's staff (core/perm.c) */
    struct ticket *b = get("LKT-2026-000004");
    assert_true(b->booking);
    assert_int_equal(b->n_staff, 1);
    assert_int_equal(b->staff_ids[0], 2);
    /* reports leave bookings out unless asked (appointments < 0) */
    q = all_q();
    q.appointments = -1;
    assert_string_equal(page_of(&q, NULL, NULL), "1,2,3,5");
    q.appointments = 1;
    assert_string_equal(page_of(&q, NULL, NULL), "4");
}

/* ---- search ---------------------------------------------------------------- */

static const char *search(const char *words, struct ticket_scope scope)
{
    struct ticket_query q = all_q();
    q.q = words;
    q.scope = scope;
    return page_of(&q, NULL, NULL);
}

static void pg_ticket_6_search(void **state)
{
    (void)state;
    struct err e = {0};
    seed_tickets();
    struct ticket_scope all = {.kind = SCOPE_ALL, .user_id = 1, .bookings_all = true};
    /* case and diacritics fold both ways */
    assert_string_equal(search("pelayanan", all), "1");
    assert_string_equal(search("PELAYANAN", all), "1");
    assert_string_equal(search("kesehatan", all), "1");
    assert_string_equal(search("Kesehatán", all), "1");
    /* a word matches as a prefix: "jaringan" and "jaringannya" */
    assert_string_equal(search("jaring", all), "2");
    assert_string_equal(search("jaringan", all), "2");
    assert_string_equal(search("pelayanan lambat", all), "1");
    assert_string_equal(search("pelayanan cepat", all), "");
    /* newest first; the scope applies */
    assert_string_equal(search("kantor", all), "3,2,1");
    /* a byte that is not UTF-8 separates words (PostgreSQL would refuse it) */
    assert_string_equal(search("kantor\xff", all), "3,2,1");
    assert_string_equal(search("\xc3kantor\xed\xa0\x80", all), "3,2,1");
    assert_string_equal(search("kantor", (struct ticket_scope){.kind = SCOPE_OWN,
                                                               .user_id = 4}),
                        "3,1");
    /* a ticket number, whole or by a part; an address by its parts */
    assert_string_equal(search("LKT-2026-000003", all), "3");
    assert_string_equal(search("000005", all), "5");
    assert_string_equal(search("example", all), "5");
    assert_string_equal(search("budi@example.com", all), "5");
    /* comments: public ones are searched at once, internal notes never */
    struct ticket_event pub = {.ticket_id = 3, .at = 3100, .actor_id = 2, .kind = "comment",
                               .body = "kabelnya digigit tikus"};
    struct ticket_event note = {.ticket_id = 2, .at = 3200, .actor_id = 2, .kind = "comment",
                                .body = "rahasiabanget sandi router", .internal = true};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_event_add(db, &pub, &e), 0);
    assert_int_equal(db_event_add(db, &note, &e), 0);
    assert_int_equal(db_ticket_search_log(db, 3, &e), 0);
    /* read-your-writes inside the transaction */
    assert_string_equal(search("tikus", all), "3");
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(search("tikus", all), "3");
    assert_string_equal(search("digigit", all), "3");
    /* and at once on another node's connection */
    struct store *node2;
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    struct db *db2 = store_acquire(node2, &e);
    assert_non_null(db2);
    struct ticket_query q2 = all_q();
    q2.q = "tikus";
    struct ticket **found;
    size_t nfound;
    int64_t tfound;
    bool cfound;
    assert_int_equal(db_ticket_list(db2, &q2, a, &found, &nfound, &tfound, &cfound, &e), 0);
    assert_int_equal(nfound, 1);
    assert_string_equal(found[0]->number, "LKT-2026-000003");
    store_release(db2);
    store_close(node2);
    assert_string_equal(search("rahasiabanget", all), "");
    assert_string_equal(search("router", all), "");
    /* a changed title is searched at once, the old words are gone */
    struct ticket *t = get("LKT-2026-000003");
    t->title = "Pemindai macet";
    t->updated_at = 3300;
    assert_int_equal(db_ticket_save(db, t, &e), 0);
    assert_string_equal(search("pemindai", all), "3");
    assert_string_equal(search("printer", all), "");
    assert_string_equal(search("tikus", all), "3");
    /* a search with another sort keeps it; its total counts the matches */
    struct ticket_query q = all_q();
    q.q = "kantor";
    q.sort = "created_at";
    int64_t total;
    assert_string_equal(page_of(&q, &total, NULL), "1,2"); /* 3 lost "kantor" above */
    assert_int_equal(total, 2);
    q.sort = NULL;
    q.per_page = 1;
    q.page = 2;
    assert_string_equal(page_of(&q, &total, NULL), "1");
    assert_int_equal(total, 2);
    /* words of punctuation only search nothing: every ticket shows */
    assert_string_equal(search(" -- ", all), "1,2,3,4,5");
    /* the index rebuilt from scratch holds the same */
    sql("DELETE FROM ticket_search");
    assert_string_equal(search("tikus", all), "");
    assert_int_equal(pg_search_rebuild((struct pg_db *)db, NULL, &e), 0);
    assert_int_equal(sql_int("SELECT count(*) FROM ticket_search"), 5);
    assert_string_equal(search("tikus", all), "3");
    assert_string_equal(search("rahasiabanget", all), "");
    assert_string_equal(search("kesehatan", all), "1");
}

/* ---- tags, timeline, attachments, redirects, sweeps -------------------------------- */

static void pg_ticket_7_tags_events_files(void **state)
{
    (void)state;
    struct err e = {0};
    seed_tickets();
    int64_t both[] = {2, 1}, one[] = {1};
    assert_int_equal(db_ticket_set_tags(db, 1, both, 2, &e), 0);
    struct ticket *t = get("LKT-2026-000001");
    assert_int_equal(t->n_tags, 2);
    assert_string_equal(t->tags[0], "Urgent"); /* by tag id */
    assert_string_equal(t->tags[1], "Kabel");
    size_t added = 9;
    assert_int_equal(db_ticket_add_tags(db, 1, both, 2, &added, &e), 0);
    assert_int_equal(added, 0);
    assert_int_equal(db_ticket_add_tags(db, 3, one, 1, &added, &e), 0);
    assert_int_equal(added, 1);
    assert_int_equal(db_ticket_set_tags(db, 1, one, 1, &e), 0);
    t = get("LKT-2026-000001");
    assert_int_equal(t->n_tags, 1);
    assert_string_equal(t->tags[0], "Urgent");
    struct ticket_query q = all_q();
    q.tag = "urgent"; /* names compare without case, as SQLite's NOCASE */
    assert_string_equal(page_of(&q, NULL, NULL), "1,3");
    q.tag = "urg\xe9nt"; /* not UTF-8: no tag, no error */
    assert_string_equal(page_of(&q, NULL, NULL), "");
    q = all_q();
    q.untagged = true;
    assert_string_equal(page_of(&q, NULL, NULL), "2,4,5");

    /* the timeline in the order written; internal rows for staff only */
    struct ticket_event ev[] = {
        {.ticket_id = 1, .at = 1100, .actor_id = 2, .kind = "status", .field = "status",
         .old_value = "new", .new_value = "in_progress"},
        {.ticket_id = 1, .at = 1050, .actor_id = 3, .kind = "comment", .body = "catatan",
         .internal = true},
        {.ticket_id = 1, .at = 1200, .kind = "escalated", .target = "Diskominfo"},
    };
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(db_event_add(db, &ev[i], &e), 0);
    struct ticket_event *items;
    size_t n;
    assert_int_equal(db_events_list(db, 1, true, a, &items, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(items[0].kind, "status");
    assert_string_equal(items[0].actor_name, "Agen Satu");
    assert_string_equal(items[0].old_value, "new");
    assert_string_equal(items[0].new_value, "in_progress");
    assert_int_equal(items[0].at, 1100);
    assert_string_equal(items[1].body, "catatan");
    assert_true(items[1].internal);
    assert_int_equal(items[2].actor_id, 0);
    assert_null(items[2].actor_name);
    assert_string_equal(items[2].target, "Diskominfo");
    assert_true(items[0].id < items[1].id && items[1].id < items[2].id);
    assert_int_equal(db_events_list(db, 1, false, a, &items, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(items[1].kind, "escalated");

    struct attachment at = {.ticket_id = 1, .uploader_id = 4, .filename = "foto.png",
                            .content_type = "image/png", .size = 1234, .sha256 = "ab",
                            .stored_name = "r1", .created_at = 1300};
    struct attachment in = at;
    in.filename = "log.txt";
    in.stored_name = "r2";
    in.internal = true;
    assert_int_equal(db_attachment_add(db, &at, &e), 0);
    assert_int_equal(db_attachment_add(db, &in, &e), 0);
    assert_true(at.id > 0 && in.id > at.id);
    struct attachment got;
    assert_int_equal(db_attachment_get(db, at.id, a, &got, &e), 0);
    assert_string_equal(got.filename, "foto.png");
    assert_string_equal(got.uploader_name, "Budi");
    assert_int_equal(got.size, 1234);
    assert_int_equal(got.created_at, 1300);
    assert_false(got.internal);
    struct attachment *list;
    assert_int_equal(db_attachments_list(db, 1, true, a, &list, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[1].filename, "log.txt");
    assert_true(list[1].internal);
    assert_int_equal(db_attachments_list(db, 1, false, a, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    /* a soft-deleted file is gone from both */
    sql("UPDATE attachments SET deleted_at = 1 WHERE stored_name = 'r1'");
    assert_int_equal(db_attachment_get(db, at.id, a, &got, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "attachment.not_found");
    assert_int_equal(db_attachments_list(db, 1, true, a, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    /* a second row with the same stored name breaks its unique key */
    assert_int_equal(db_attachment_add(db, &in, &e), ERR_CONFLICT);

    int64_t count = -1;
    assert_int_equal(db_redirect_count(db, 1, &count, &e), 0);
    assert_int_equal(count, 0);
    assert_int_equal(db_redirect_add(db, 1, 4, 100, &e), 0);
    assert_int_equal(db_redirect_add(db, 1, 0, 200, &e), 0);
    assert_int_equal(db_redirect_add(db, 2, 5, 300, &e), 0);
    assert_int_equal(db_redirect_count(db, 1, &count, &e), 0);
    assert_int_equal(count, 2);
    assert_int_equal(sql_int("SELECT count(*) FROM service_redirects WHERE user_id IS NULL"), 1);
}

static void pg_ticket_8_sweep_candidates(void **state)
{
    (void)state;
    struct err e = {0};
    seed_tickets();
    sql("UPDATE tickets SET first_response_due = 5000 WHERE id = 1;"
        "UPDATE tickets SET first_response_due = 5000, first_response_breached = 1 WHERE id = 2;"
        "UPDATE tickets SET resolution_due = 7000, sla_warned = 0 WHERE id = 3;"
        "UPDATE tickets SET status = 'resolved', resolved_at = 1000 WHERE id = 5;"
        "UPDATE tickets SET resolution_due = 6500, sla_warned = 1 WHERE id = 4");
    struct ticket **items;
    size_t n;
    /* now 6000, warn up to 8000, resolved before 2000 */
    assert_int_equal(db_ticket_sweep_candidates(db, 6000, 8000, 2000, a, &items, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_int_equal(items[0]->id, 1); /* first response due */
    assert_int_equal(items[1]->id, 3); /* to be warned of */
    assert_int_equal(items[2]->id, 5); /* resolved long enough */
    /* 4 was warned and is not due yet: at 6500 it is */
    assert_int_equal(db_ticket_sweep_candidates(db, 6500, 8000, 0, a, &items, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_int_equal(items[2]->id, 4);
}

/* ---- automation, survey, WhatsApp --------------------------------------------- */

static void pg_ticket_9_automation(void **state)
{
    (void)state;
    struct err e = {0};
    seed_tickets();
    struct auto_rule_row r1 = {.name = "Eskalasi", .enabled = true, .position = 2,
                               .kind = "trigger", .events = "created", .created_by = 1,
                               .created_at = 10, .updated_at = 10};
    struct auto_rule_row r2 = {.name = "Pengingat", .enabled = false, .position = 1,
                               .kind = "time", .timing = "{\"after\":60}", .created_at = 20,
                               .updated_at = 20};
    uint64_t s0, s1, s2, s3;
    assert_int_equal(db_auto_rule_stamp(db, &s0, &e), 0);
    assert_int_equal(db_auto_rule_save(db, &r1, &e), 0);
    assert_int_equal(db_auto_rule_save(db, &r2, &e), 0);
    assert_true(r1.id > 0 && r2.id > r1.id);
    assert_int_equal(db_auto_rule_stamp(db, &s1, &e), 0);
    assert_true(s1 != s0);
    struct auto_rule_row *rows;
    size_t n;
    assert_int_equal(db_auto_rule_list(db, a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].name, "Pengingat"); /* by position */
    assert_false(rows[0].enabled);
    assert_string_equal(rows[0].timing, "{\"after\":60}");
    assert_string_equal(rows[0].conditions, "{}");
    assert_string_equal(rows[0].actions, "[]");
    assert_int_equal(rows[0].created_by, 0);
    assert_string_equal(rows[1].events, "created");
    assert_int_equal(rows[1].created_by, 1);
    r1.name = "Eskalasi cepat";
    r1.updated_at = 30;
    assert_int_equal(db_auto_rule_save(db, &r1, &e), 0);
    assert_int_equal(db_auto_rule_stamp(db, &s2, &e), 0);
    assert_true(s2 != s1);
    struct auto_rule_row got;
    assert_int_equal(db_auto_rule_get(db, r1.id, a, &got, &e), 0);
    assert_string_equal(got.name, "Eskalasi cepat");
    assert_int_equal(got.created_at, 10);
    assert_int_equal(got.updated_at, 30);
    int64_t order[] = {r1.id, r2.id};
    assert_int_equal(db_auto_rule_reorder(db, order, 2, &e), 0);
    assert_int_equal(db_auto_rule_stamp(db, &s3, &e), 0);
    assert_true(s3 != s2);
    assert_int_equal(db_auto_rule_list(db, a, &rows, &n, &e), 0);
    assert_int_equal(rows[0].id, r1.id);
    assert_int_equal(rows[0].position, 1);
    assert_int_equal(rows[1].position, 2);
    /* runs: one per (rule, ticket, state) */
    bool fresh = false;
    assert_int_equal(db_auto_run_add(db, r1.id, 1, "open", 7, 100, &fresh, &e), 0);
    assert_true(fresh);
    assert_int_equal(db_auto_run_add(db, r1.id, 1, "open", 8, 200, &fresh, &e), 0);
    assert_false(fresh);
    assert_int_equal(db_auto_run_add(db, r1.id, 2, "open", 9, 300, &fresh, &e), 0);
    assert_true(fresh);
    int64_t v = -1;
    assert_int_equal(db_auto_run_last_value(db, r1.id, "open", &v, &e), 0);
    assert_int_equal(v, 9);
    assert_int_equal(db_auto_run_last_value(db, r1.id, "closed", &v, &e), 0);
    assert_int_equal(v, 0);
    /* not found: get, update, delete, reorder */
    assert_int_equal(db_auto_rule_get(db, 999, a, &got, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "automation.not_found");
    struct auto_rule_row gone = r2;
    gone.id = 999;
    assert_int_equal(db_auto_rule_save(db, &gone, &e), ERR_NOT_FOUND);
    int64_t bad[] = {999};
    assert_int_equal(db_auto_rule_reorder(db, bad, 1, &e), ERR_NOT_FOUND);
    assert_int_equal(db_auto_rule_delete(db, r2.id, &e), 0);
    assert_int_equal(db_auto_rule_delete(db, r2.id, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "automation.not_found");
    assert_int_equal(db_auto_rule_list(db, a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
}

static void pg_ticket_10_survey(void **state)
{
    (void)state;
    struct err e = {0};
    seed_tickets();
    struct survey_row s = {.title = "Kepuasan", .period = "monthly",
                           .questions = "[{\"id\":\"puas\"}]", .status = "draft",
                           .seed = "abc", .sample_size = 5, .created_at = 10,
                           .updated_at = 10, .created_by = 1};
    assert_int_equal(db_survey_save(db, &s, &e), 0);
    assert_true(s.id > 0);
    s.status = "active";
    s.activated_at = 20;
    s.updated_at = 20;
    assert_int_equal(db_survey_save(db, &s, &e), 0);
    assert_int_equal(db_survey_delete(db, s.id, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "survey.not_draft");
    struct survey_row got;
    assert_int_equal(db_survey_get(db, s.id, a, &got, &e), 0);
    assert_string_equal(got.status, "active");
    assert_int_equal(got.activated_at, 20);
    assert_int_equal(got.closed_at, 0);
    assert_string_equal(got.seed, "abc");
    assert_int_equal(got.invited, 0);
    assert_int_equal(db_survey_get(db, 999, a, &got, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "survey.not_found");
    /* requesters of tickets created in [1000, 3000): Budi (1) and Sari (2) */
    struct survey_person *people;
    size_t n;
    assert_int_equal(db_survey_candidates(db, 1000, 3000, a, &people, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(people[0].id, 4);
    assert_string_equal(people[0].email, "budi@x.id");
    assert_int_equal(people[1].unit_id, 2);
    assert_int_equal(db_survey_candidates(db, 3000, 4000, a, &people, &n, &e), 0);
    assert_int_equal(n, 1);
    bool fresh;
    assert_int_equal(db_survey_send_mark(db, s.id, "2026-01", 500, 2, 2, &fresh, &e), 0);
    assert_true(fresh);
    assert_int_equal(db_survey_send_mark(db, s.id, "2026-01", 600, 2, 2, &fresh, &e), 0);
    assert_false(fresh);
    unsigned char h1[32] = {1, 2, 3}, h2[32] = {9, 8, 7, 0, 0x5c};
    struct survey_invite inv = {.survey_id = s.id, .period = "2026-01", .requester_id = 4,
                                .unit_id = 1, .sent_at = 500};
    int64_t id1, id2;
    assert_int_equal(db_survey_invite_add(db, &inv, h1, sizeof h1, &id1, &e), 0);
    assert_int_equal(db_survey_invite_add(db, &inv, h2, sizeof h2, &id2, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "survey.invited");
    inv.requester_id = 5;
    inv.unit_id = 0;
    assert_int_equal(db_survey_invite_add(db, &inv, h2, sizeof h2, &id2, &e), 0);
    struct survey_invite by;
    assert_int_equal(db_survey_invite_by_token(db, h2, sizeof h2, a, &by, &e), 0);
    assert_int_equal(by.id, id2);
    assert_int_equal(by.requester_id, 5);
    assert_int_equal(by.unit_id, 0);
    assert_string_equal(by.period, "2026-01");
    assert_int_equal(by.answered_at, 0);
    unsigned char h3[32] = {4};
    assert_int_equal(db_survey_invite_by_token(db, h3, sizeof h3, a, &by, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "survey.invalid_token");
    struct survey_answer ans[] = {{.question = "puas", .value = 4},
                                  {.question = "saran", .text = "lebih cepat"}};
    assert_int_equal(db_survey_answer_save(db, id1, ans, 2, 700, &e), 0);
    assert_int_equal(db_survey_answer_save(db, id1, ans, 2, 800, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "survey.answered");
    assert_int_equal(db_survey_get(db, s.id, a, &got, &e), 0);
    assert_int_equal(got.invited, 2);
    assert_int_equal(got.answered, 1);
    struct survey_send_row *sends;
    assert_int_equal(db_survey_send_list(db, s.id, a, &sends, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(sends[0].sent_at, 500);
    assert_int_equal(sends[0].answered, 1);
    struct survey_answer_row *rows;
    if (db_survey_answer_rows(db, 0, 0, a, &rows, &n, &e) != 0)
        fail_msg("answer rows: %s", e.msg[LOC_EN]);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].question, "puas");
    assert_int_equal(rows[0].value, 4);
    assert_string_equal(rows[0].unit, "Dinas Kesehatan");
    assert_string_equal(rows[1].text, "lebih cepat");
    assert_int_equal(rows[1].value, 0);
    assert_int_equal(db_survey_answer_rows(db, 501, 0, a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    struct survey_unit_row *units;
    assert_int_equal(db_survey_unit_rows(db, 0, 1000, a, &units, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_null(units[0].unit); /* no unit first, as SQLite sorts NULL */
    assert_int_equal(units[0].invited, 1);
    assert_int_equal(units[0].answered, 0);
    assert_string_equal(units[1].unit, "Dinas Kesehatan");
    assert_int_equal(units[1].answered, 1);
    struct survey_row *list;
    struct survey_row d = {.title = "Draf", .period = "quarterly", .questions = "[]",
                           .status = "draft", .seed = "x", .created_at = 30, .updated_at = 30};
    assert_int_equal(db_survey_save(db, &d, &e), 0);
    assert_int_equal(db_survey_list(db, a, &list, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, d.id); /* newest first */
    assert_int_equal(db_survey_delete(db, d.id, &e), 0);
    assert_int_equal(db_survey_list(db, a, &list, &n, &e), 0);
    assert_int_equal(n, 1);
}

static void pg_ticket_11_wa_notify(void **state)
{
    (void)state;
    struct err e = {0};
    seed_tickets();
    struct wa_pref p;
    assert_int_equal(db_wa_pref_get(db, 4, a, &p, &e), 0);
    assert_string_equal(p.channel, "auto");
    assert_null(p.phone);
    assert_int_equal(p.updated_at, 0);
    assert_int_equal(db_wa_pref_put(db, &(struct wa_pref){.user_id = 4, .channel = "whatsapp",
                                                          .phone = "628123", .updated_at = 5},
                                    &e),
                     0);
    assert_int_equal(db_wa_pref_get(db, 4, a, &p, &e), 0);
    assert_string_equal(p.channel, "whatsapp");
    assert_string_equal(p.phone, "628123");
    assert_int_equal(p.updated_at, 5);
    /* replaced; an empty number is none */
    assert_int_equal(db_wa_pref_put(db, &(struct wa_pref){.user_id = 4, .channel = "both",
                                                          .phone = "", .updated_at = 6},
                                    &e),
                     0);
    assert_int_equal(db_wa_pref_get(db, 4, a, &p, &e), 0);
    assert_string_equal(p.channel, "both");
    assert_null(p.phone);
    struct wa_pending w;
    assert_int_equal(db_wa_pending_get(db, "628123", a, &w, &e), 0);
    assert_int_equal(w.ticket_id, 0);
    assert_int_equal(db_wa_pending_put(db, "628123",
                                       &(struct wa_pending){.ticket_id = 1, .state = "rating",
                                                            .since = 10},
                                       &e),
                     0);
    assert_int_equal(db_wa_pending_put(db, "628123",
                                       &(struct wa_pending){.ticket_id = 2, .state = "feedback",
                                                            .since = 20},
                                       &e),
                     0);
    assert_int_equal(db_wa_pending_get(db, "628123", a, &w, &e), 0);
    assert_int_equal(w.ticket_id, 2);
    assert_string_equal(w.state, "feedback");
    assert_int_equal(w.since, 20);
    assert_int_equal(db_wa_pending_put(db, "628123", &(struct wa_pending){0}, &e), 0);
    assert_int_equal(db_wa_pending_get(db, "628123", a, &w, &e), 0);
    assert_int_equal(w.ticket_id, 0);
    assert_int_equal(sql_int("SELECT count(*) FROM wa_pending"), 0);
}

int main(void)
{
    pg_fixture_base(); /* skipped (77) without LOKET_TEST_PG */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(pg_ticket_1_numbers_concurrent, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_2_numbers_gap_free, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_3_get_and_save, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_4_list, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_5_visibility, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_6_search, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_7_tags_events_files, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_8_sweep_candidates, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_9_automation, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_10_survey, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_ticket_11_wa_notify, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
