/* pg-plans-*: the ticket list's statements on PostgreSQL use indexes for
** every role (issue #19; the SQLite counterpart is docs-plans,
** tests/docs/check_plans.py). 20,000 tickets are written straight into a
** fresh database (tests/unit/pg_fixture.h) and analysed; the count and the
** page of each role's list, as store/pg/search.c builds them
** (pg_ticket_list_sql), are EXPLAINed with their values, and a Seq Scan on
** tickets fails. The one exception is the count of a role that sees every
** ticket with no filter: it reads the first TICKET_COUNT_CAP + 1 rows by
** any path, and a sequential read is the cheapest.
** Before the thirteenth session the rule for bookings was a CASE, which no
** index serves: a requester's list read all of tickets (~100 ms at 100,000
** tickets, bench/README.md).
**   1  every role's unfiltered list, sorted newest first (the API's default)
**   2  the same lists filtered by status and unit (bench/pg.sh's list page)
**   3  a requester's count and page use the requester and bookings indexes
**   4  a ticket read by number takes its service, unit and priority names
**      from the record cache (tickets.c, ticket_names.c): exact values, a
**      rename through the store is seen at once, a missing row is NULL as
**      the LEFT JOIN gave it and is not remembered as missing */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/perm.h"
#include "core/resource.h"
#include "store/pg/scope.h"
#include "pg_fixture.h"

static struct store *st;
static struct db *db;
static PGconn *conn;

static void sql(const char *s)
{
    PGresult *r = pg_fixture_sql(s);
    assert_non_null(r);
    PQclear(r);
}

/* 20,000 tickets: 1,000 users, all requesters (20 each), 10 units, 5 services, half
** assigned among 50 agents, 1 in 100 escalated to a unit, 1 in 200 to a
** vendor, 1 in 50 a booking; user 2 serves service 1. Triggers and foreign
** keys are off for the load (session_replication_role): only the plans
** matter here, not the rollups. */
static int setup(void **state)
{
    (void)state;
    if (pg_fixture_open(&st, &db) != 0)
        return -1;
    sql("SET session_replication_role = replica");
    /* the page joins the requester and the service */
    sql("INSERT INTO users (id, name, email, role, created_at, updated_at) SELECT i, 'u' || i,"
        " 'u' || i || '@plans.test', 'requester', '2026-01-01', '2026-01-01'"
        " FROM generate_series(1, 1000) i");
    sql("INSERT INTO services (id, name, kind, created_at, updated_at) SELECT i, 's' || i,"
        " 'ticket', '2026-01-01', '2026-01-01' FROM generate_series(1, 5) i");
    sql("INSERT INTO service_staff (service_id, user_id) VALUES (1, 2)");
    sql("INSERT INTO tickets (number, title, description, service_id, requester_id, unit_id,"
        " status, assignee_id, tier, esc_unit_id, esc_vendor_id, created_at, updated_at, booking)"
        " SELECT 'P-' || i, 'judul ' || i, 'isi', 1 + i % 5, 1 + i % 1000, 1 + i % 10,"
        " (ARRAY['new','in_progress','waiting','resolved','closed'])[1 + i % 5],"
        " CASE WHEN i % 2 = 0 THEN 1 + i % 50 END, CASE WHEN i % 100 = 0 THEN 2 ELSE 1 END,"
        " CASE WHEN i % 100 = 0 THEN 1 + i % 3 END, CASE WHEN i % 200 = 0 THEN 1 END,"
        " 1000 + i, 1000 + i, CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END"
        " FROM generate_series(1, 20000) i");
    sql("SET session_replication_role = DEFAULT");
    sql("ANALYZE tickets");
    sql("ANALYZE service_staff");
    conn = PQconnectdb(pg_fixture_url());
    return PQstatus(conn) == CONNECTION_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    PQfinish(conn);
    pg_fixture_close(st, db);
    return 0;
}

/* The plan of sql with its values, one line per node, into the arena. */
static char *explain(struct arena *a, const char *s, const struct pg_params *p)
{
    const char *text = arena_printf(a, "EXPLAIN %s", s);
    PGresult *r = PQexecParams(conn, text, p->n, NULL, p->v, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("EXPLAIN: %s\n%s", PQerrorMessage(conn), s);
    char *out = "";
    for (int i = 0; i < PQntuples(r); i++)
        out = arena_printf(a, "%s%s\n", out, PQgetvalue(r, i, 0));
    PQclear(r);
    return out;
}

struct viewer {
    const char *name;
    struct ticket_scope scope;
};

/* What perm_ticket_scope gives each kind of principal (core/perm.c). */
static const struct viewer roles[] = {
    {"admin", {.kind = SCOPE_ALL, .user_id = 1, .bookings_all = true}},
    {"leader or tier-1 agent", {.kind = SCOPE_ALL, .user_id = 2}},
    {"tier-2 agent", {.kind = SCOPE_ESC_UNIT, .user_id = 3, .unit_id = 2}},
    {"tier-3 agent", {.kind = SCOPE_ESC_VENDOR, .user_id = 4, .vendor_id = 1}},
    {"requester of a unit", {.kind = SCOPE_UNIT, .user_id = 7, .unit_id = 3}},
    {"requester on their own", {.kind = SCOPE_OWN, .user_id = 7}},
};

static struct ticket_query list_q(const struct viewer *r)
{
    return (struct ticket_query){.scope = r->scope, .sla_breached = -1, .page = 1,
                                 .per_page = 25, .sort = "created_at", .sort_desc = true};
}

/* Fails when the plan of the list's count (unless exempt) or page reads
** tickets sequentially. */
static void no_seq_scan(const char *what, const struct ticket_query *q, bool count_exempt)
{
    struct arena *a = arena_new();
    struct err e = {0};
    struct pg_list_sql l;
    assert_int_equal(pg_ticket_list_sql(q, a, &l, &e), 0);
    const char *cplan = explain(a, l.count, &l.cp), *pplan = explain(a, l.page, &l.pp);
    if (!count_exempt && strstr(cplan, "Seq Scan on tickets"))
        fail_msg("%s: the count reads every ticket\n%s\n%s", what, l.count, cplan);
    if (strstr(pplan, "Seq Scan on tickets"))
        fail_msg("%s: the page reads every ticket\n%s\n%s", what, l.page, pplan);
    arena_free(a);
}

static void pg_plans_1_every_role(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        struct ticket_query q = list_q(&roles[i]);
        no_seq_scan(roles[i].name, &q, roles[i].scope.kind == SCOPE_ALL);
        q.page = 3; /* an OFFSET */
        no_seq_scan(roles[i].name, &q, roles[i].scope.kind == SCOPE_ALL);
    }
}

static void pg_plans_2_filtered(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        struct ticket_query q = list_q(&roles[i]);
        q.statuses[0] = "in_progress";
        q.n_statuses = 1;
        q.unit_id = 3;
        no_seq_scan(roles[i].name, &q, false);
    }
}

/* The requester's count, the statement that read every ticket: its plan
** names the requester's index and the bookings' one (migration 0010), and
** the count is exact (20 of their own; user 7 serves nothing). */
static void pg_plans_3_requester(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct pg_list_sql l;
    struct ticket_query q = list_q(&roles[5]);
    assert_int_equal(pg_ticket_list_sql(&q, a, &l, &e), 0);
    const char *plan = explain(a, l.count, &l.cp);
    if (!strstr(plan, "tickets_requester") || !strstr(plan, "tickets_booking_service"))
        fail_msg("the requester's count does not use both indexes\n%s", plan);
    struct ticket **items;
    size_t n;
    int64_t total;
    bool capped;
    assert_int_equal(db_ticket_list(db, &q, a, &items, &n, &total, &capped, &e), 0);
    assert_int_equal(total, 20);
    assert_int_equal(n, 20);
    assert_false(capped);
    assert_int_equal(items[0]->requester_id, 7);
    assert_string_equal(items[0]->number, "P-19006"); /* newest first */
    /* user 2 serves service 1, whose 400 bookings join their own 20 */
    q.scope.user_id = 2;
    assert_int_equal(db_ticket_list(db, &q, a, &items, &n, &total, &capped, &e), 0);
    assert_int_equal(total, 20 + 400);
    arena_free(a);
}

static void pg_plans_4_names_from_cache(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct ticket *t;
    /* P-19006: service 2, unit 7 (no such row yet), no priority */
    for (int i = 0; i < 2; i++) { /* the second read hits the cache */
        assert_int_equal(db_ticket_get(db, "P-19006", a, &t, &e), 0);
        assert_string_equal(t->service_name, "s2");
        assert_string_equal(t->service_kind, "ticket");
        assert_null(t->unit_name);
        assert_null(t->priority_code);
        assert_string_equal(t->requester_name, "u7");
    }
    struct record *r = record_new(a, &res_services);
    int f = resource_field(&res_services, "name");
    r->v[f] = (struct value){.set = true, .s = "Layanan Baru"};
    assert_int_equal(db_rec_update(db, &res_services, 2, r, &e), 0);
    sql("INSERT INTO units (id, name, created_at, updated_at)"
        " VALUES (7, 'Unit Tujuh', '2026-01-01', '2026-01-01')");
    assert_int_equal(db_ticket_get_id(db, t->id, a, &t, &e), 0);
    assert_string_equal(t->service_name, "Layanan Baru");
    assert_string_equal(t->unit_name, "Unit Tujuh");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pg_plans_1_every_role),
        cmocka_unit_test(pg_plans_2_filtered),
        cmocka_unit_test(pg_plans_3_requester),
        cmocka_unit_test(pg_plans_4_names_from_cache),
    };
    pg_fixture_base(); /* skipped without a cluster */
    return cmocka_run_group_tests(tests, setup, teardown);
}
