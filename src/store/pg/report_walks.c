/* The report walks on PostgreSQL (store/report_store.h): durations, the
** ticket rows behind exports, appointments and the waiting-on-requester
** moves, each row handed to the caller's callback as it arrives
** (stream.h), so nothing accumulates however large the period. The SQL of
** store/sqlite/reports.c, appt_reports.c and waiting_reports.c. */
#include "store/pg/report_pg.h"
#include "store/pg/scope.h"
#include "store/pg/stream.h"
#include "core/arena.h"

#include <string.h>

/* Runs the walk `select` over tickets t (its FROM and joins included, then
** " WHERE true" + the query's conditions + `tail`) with row callback fn. */
static int walk(struct db *db, const struct ticket_query *q, const char *select,
                const char *tail, pg_row_fn *fn, void *cls, struct err *err)
{
    struct arena *a = arena_new();
    struct pg_params p;
    char *where;
    pgp_init(&p, a);
    int rc = pg_query_where(q, PG_PERIOD_CREATED, &p, &where, NULL, err);
    if (rc == 0)
        rc = pg_stream((struct pg_db *)db, arena_printf(a, "%s WHERE true%s%s", select, where, tail),
                       p.n, p.v, fn, cls, err);
    arena_free(a);
    return rc;
}

/* ---- durations -------------------------------------------------------- */

struct times_walk {
    report_times_fn *fn;
    void *cls;
};

static int times_row(void *cls, const PGresult *r, int i)
{
    struct times_walk *tw = cls;
    struct report_times_row row = {pg_int(r, i, 0), pg_int(r, i, 1), pg_int(r, i, 2),
                                   pg_int(r, i, 3), pg_int(r, i, 4)};
    return tw->fn(tw->cls, &row);
}

int pg_report_times_each(struct db *db, const struct ticket_query *q, report_times_fn *fn,
                         void *cls, struct err *err)
{
    struct times_walk tw = {fn, cls};
    return walk(db, q,
                "SELECT coalesce(t.sla_policy_id, 0), t.created_at, "
                "coalesce(t.first_response_at, 0), coalesce(t.resolved_at, 0), "
                "t.sla_paused_minutes FROM tickets t",
                "", times_row, &tw, err);
}

/* ---- ticket rows for exports ------------------------------------------ */

int pg_report_tickets_count(struct db *db, const struct ticket_query *q, int64_t *total,
                            struct err *err)
{
    struct arena *a = arena_new();
    struct pg_params p;
    char *where;
    PGresult *r;
    pgp_init(&p, a);
    int rc = pg_query_where(q, PG_PERIOD_CREATED, &p, &where, NULL, err);
    if (rc == 0)
        rc = pg_qt((struct pg_db *)db,
                   arena_printf(a, "SELECT count(*) FROM tickets t WHERE true%s", where), p.n,
                   p.v, &r, err);
    *total = 0;
    if (rc == 0) {
        *total = pg_first_int(r);
        PQclear(r);
    }
    arena_free(a);
    return rc;
}

struct tickets_walk {
    report_ticket_fn *fn;
    void *cls;
};

static int ticket_row(void *cls, const PGresult *r, int i)
{
    struct tickets_walk *tw = cls;
    struct ticket t = {0};
    struct report_ticket row = {.t = &t};
    t.id = pg_int(r, i, 0);
    t.number = pg_cstr(r, i, 1);
    t.title = pg_cstr(r, i, 2);
    t.status = pg_cstr(r, i, 3);
    t.channel = pg_cstr(r, i, 4);
    t.tier = (int)pg_int(r, i, 5);
    t.created_at = pg_int(r, i, 6);
    t.first_response_at = pg_int(r, i, 7);
    t.resolved_at = pg_int(r, i, 8);
    t.closed_at = pg_int(r, i, 9);
    t.rating = (int)pg_int(r, i, 10);
    t.first_response_breached = pg_int(r, i, 11) != 0;
    t.resolution_breached = pg_int(r, i, 12) != 0;
    t.service_name = pg_cstr(r, i, 13);
    t.unit_name = pg_cstr(r, i, 14);
    row.category_name = pg_cstr(r, i, 15);
    row.priority_name = pg_cstr(r, i, 16);
    t.requester_name = pg_cstr(r, i, 17);
    t.assignee_name = pg_cstr(r, i, 18);
    t.unit_id = pg_int(r, i, 19);
    t.service_id = pg_int(r, i, 20);
    t.assignee_id = pg_int(r, i, 21);
    t.booking = pg_int(r, i, 22) != 0;
    return tw->fn(tw->cls, &row);
}

int pg_report_tickets_each(struct db *db, const struct ticket_query *q, report_ticket_fn *fn,
                           void *cls, struct err *err)
{
    /* oldest first: the creation-time index gives the order */
    struct tickets_walk tw = {fn, cls};
    return walk(
        db, q,
        "SELECT t.id, t.number, t.title, t.status, t.channel, t.tier, t.created_at, "
        "t.first_response_at, t.resolved_at, t.closed_at, t.rating, "
        "t.first_response_breached, t.resolution_breached, s.name, un.name, c.name, p.name, "
        "r.name, a.name, t.unit_id, t.service_id, t.assignee_id, t.booking "
        "FROM tickets t JOIN services s ON s.id = t.service_id "
        "LEFT JOIN units un ON un.id = t.unit_id LEFT JOIN categories c ON c.id = t.category_id "
        "LEFT JOIN priorities p ON p.id = t.priority_id JOIN users r ON r.id = t.requester_id "
        "LEFT JOIN users a ON a.id = t.assignee_id",
        " ORDER BY t.created_at, t.id", ticket_row, &tw, err);
}

/* ---- appointments (issue #16 item 8) ---------------------------------- */

struct bookings_walk {
    report_booking_fn *fn;
    void *cls;
};

static int booking_row(void *cls, const PGresult *r, int i)
{
    struct bookings_walk *bw = cls;
    struct report_booking b = {
        .service_id = pg_int(r, i, 0),
        .service_name = pg_cstr(r, i, 1),
        .day = pg_cstr(r, i, 2),
        .status = pg_cstr(r, i, 3),
        .estimated_at = pg_int(r, i, 4),
        .called_at = pg_int(r, i, 5),
        .served_at = pg_int(r, i, 6),
    };
    return bw->fn(bw->cls, &b);
}

/* Figures only: names of people, form answers (a clinic's health data)
** and ticket numbers are never selected. */
int pg_report_bookings_each(struct db *db, const char *from_day, const char *to_day,
                            int64_t service_id, report_booking_fn *fn, void *cls,
                            struct err *err)
{
    /* the day range first: the index on (day, service_id) of migration 0018 */
    static const char sql[] =
        "SELECT b.service_id, s.name, b.day, b.status, coalesce(b.estimated_at, 0), "
        "coalesce(b.called_at, 0), coalesce(b.served_at, 0) FROM bookings b "
        "JOIN services s ON s.id = b.service_id WHERE b.day >= $1 AND b.day <= $2 "
        "AND ($3::bigint = 0 OR b.service_id = $3) "
        "ORDER BY s.name COLLATE \"C\", b.service_id, b.day COLLATE \"C\"";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, from_day ? from_day : "0000-00-00");
    pgp_text(&p, to_day ? to_day : "9999-12-31");
    pgp_int(&p, service_id);
    struct bookings_walk bw = {fn, cls};
    int rc = pg_stream((struct pg_db *)db, sql, p.n, p.v, booking_row, &bw, err);
    arena_free(a);
    return rc;
}

/* ---- waiting on the requester (issue #21 item 9) ---------------------- */

struct wait_walk {
    report_wait_fn *fn;
    void *cls;
};

static int wait_row(void *cls, const PGresult *r, int i)
{
    struct wait_walk *ww = cls;
    struct report_wait_event ev = {
        .ticket_id = pg_int(r, i, 0),
        .unit_id = pg_int(r, i, 1),
        .unit_name = pg_cstr(r, i, 2),
        .ticket_status = pg_cstr(r, i, 3),
        .at = pg_int(r, i, 4),
        .from = pg_cstr(r, i, 5),
        .to = pg_cstr(r, i, 6),
    };
    return ww->fn(ww->cls, &ev);
}

/* Status moves only (never comments, notes or descriptions); a ticket
** without moves comes once (e.* NULL), counted among its unit's tickets. */
int pg_report_waiting_each(struct db *db, const struct ticket_query *q, report_wait_fn *fn,
                           void *cls, struct err *err)
{
    struct wait_walk ww = {fn, cls};
    return walk(db, q,
                "SELECT t.id, coalesce(t.unit_id, 0), un.name, t.status, coalesce(e.at, 0), "
                "e.old_value, e.new_value FROM tickets t LEFT JOIN units un ON un.id = t.unit_id "
                "LEFT JOIN ticket_events e ON e.ticket_id = t.id AND e.kind = 'status' "
                "AND e.field = 'status'",
                " ORDER BY t.id, e.id NULLS FIRST", wait_row, &ww, err);
}
