/* Report figures on PostgreSQL (store/report_store.h): counts from the
** rollup table report_daily when the filters allow, GROUP BY over tickets
** otherwise; SLA, workload, ratings, redirects, rejections; the SQL of
** store/sqlite/reports.c and reject_reports.c. The walks (exports,
** durations, waiting, appointments) are in report_walks.c, the export jobs
** in export_jobs.c; this file ends with the table of all three.
**
** report_daily: on SQLite the group-commit writer keeps a batch's counts in
** memory (rollup.c) because it runs with triggers off; here the plpgsql
** triggers of migration 0001 keep the table in every transaction, keyed as
** this file reads it: dim, day = (created_at + 25200) / 86400 (the local
** day, UTC+07:00), key = the value as text ('' for NULL), n; dim 'resolved'
** by the day of resolved_at, key ''; tickets that are bookings left out. */
#include "store/report_store.h"
#include "store/pg/ops.h"
#include "store/pg/pg.h"
#include "store/pg/report_pg.h"
#include "store/pg/scope.h"
#include "core/arena.h"
#include "core/perm.h"

#include <stdint.h>
#include <string.h>

/* Local day number of a unix-seconds SQL expression (same as the triggers). */
#define LOCAL_DAY(x) "((" x " + 25200) / 86400)"
/* A day number's date as text, in UTC (the day already is local). */
#define DAY_TS(x) "(to_timestamp((" x ") * 86400) AT TIME ZONE 'UTC')"

/* ---- filters ---------------------------------------------------------- */

/* Only the period (on whole local days), a see-everything scope and no
** bookings (migration 0018): the rollup holds exactly these counts. */
static bool rollup_ok(const struct ticket_query *q)
{
    bool day_aligned = (q->created_from == 0 || (q->created_from + REPORT_TZ_OFFSET) % 86400 == 0) &&
                       (q->created_to == 0 || (q->created_to + REPORT_TZ_OFFSET) % 86400 == 0);
    return q->scope.kind == SCOPE_ALL && q->appointments < 0 && day_aligned && !(q->q && *q->q) && !q->n_statuses &&
           !q->unit_id && !q->service_id && !q->category_id && !q->priority_id &&
           !q->assignee_id && !q->unassigned && !q->tier && !q->channel && !q->tag &&
           q->sla_breached < 0 && !q->requester_id && !q->due_before && !q->untagged &&
           !q->uncategorised;
}

/* Local-day bounds of the period for the rollup: [from_day, to_day). */
static void day_range(const struct ticket_query *q, int64_t *from_day, int64_t *to_day)
{
    *from_day = q->created_from ? (q->created_from + REPORT_TZ_OFFSET) / 86400 : INT32_MIN;
    *to_day = q->created_to ? (q->created_to + REPORT_TZ_OFFSET) / 86400 : INT32_MAX;
}

/* ---- summary ---------------------------------------------------------- */

struct dim_sql {
    const char *dim;
    const char *expr;  /* key over tickets t, as text */
    const char *label; /* label expression given a key `k` (NULL = caller labels) */
};

/* Keys are compared byte by byte, as SQLite does, whatever the database's
** collation: COLLATE "C" wherever text is ordered. */
static const struct dim_sql dims[] = {
    {"status", "t.status", NULL},
    {"unit", "coalesce(t.unit_id::text, '')",
     "(SELECT name FROM units WHERE id = nullif(k, '')::bigint)"},
    {"service", "t.service_id::text",
     "(SELECT name FROM services WHERE id = nullif(k, '')::bigint)"},
    {"category", "coalesce(t.category_id::text, '')",
     "(SELECT name FROM categories WHERE id = nullif(k, '')::bigint)"},
    {"priority", "coalesce(t.priority_id::text, '')",
     "(SELECT name FROM priorities WHERE id = nullif(k, '')::bigint)"},
    {"channel", "t.channel", NULL},
    {"tier", "t.tier::text", NULL},
    {"agent", "coalesce(t.assignee_id::text, '')",
     "(SELECT name FROM users WHERE id = nullif(k, '')::bigint)"},
    {"month", "to_char(" DAY_TS(LOCAL_DAY("t.created_at")) ", 'YYYY-MM')", NULL},
    /* issue #21 item 5: "yes"/"no"; the rollup does not hold them */
    {"tagged", "CASE WHEN EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id) "
               "THEN 'yes' ELSE 'no' END", NULL},
    {"categorised", "CASE WHEN t.category_id IS NULL THEN 'no' ELSE 'yes' END", NULL},
};

static bool in_rollup(const struct dim_sql *ds)
{
    return strcmp(ds->dim, "tagged") != 0 && strcmp(ds->dim, "categorised") != 0;
}

static const struct dim_sql *find_dim(const char *dim)
{
    for (size_t i = 0; dim && i < sizeof dims / sizeof dims[0]; i++)
        if (!strcmp(dims[i].dim, dim))
            return &dims[i];
    return NULL;
}

/* Runs sql and reads rows of (key, label, n). */
static int read_counts(struct pg_db *d, const char *sql, const struct pg_params *p,
                       struct arena *a, struct report_count **rows, size_t *n, struct err *err)
{
    PGresult *r;
    if (pg_qt(d, sql, p->n, p->v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    struct report_count *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++) {
        out[i].key = pg_text(a, r, (int)i, 0);
        out[i].label = pg_text(a, r, (int)i, 1);
        out[i].n = pg_int(r, (int)i, 2);
        if (!out[i].key)
            out[i].key = "";
    }
    PQclear(r);
    *rows = out;
    *n = count;
    return 0;
}

static int pg_report_summary(struct db *db, const struct ticket_query *q, const char *dim,
                             struct arena *a, struct report_count **rows, size_t *n, bool *rollup,
                             struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    const struct dim_sql *ds = find_dim(dim);
    if (!ds)
        return err_invalid(err, "group_by", "pengelompokan tidak dikenal", "unknown group_by");
    const char *label = ds->label ? ds->label : "NULL";
    bool month = !strcmp(ds->dim, "month");
    *rollup = rollup_ok(q) && in_rollup(ds);
    if (*rollup) {
        /* Months come from any one dimension summed per month. */
        int64_t from_day, to_day;
        day_range(q, &from_day, &to_day);
        struct pg_params rp;
        pgp_init(&rp, a);
        pgp_text(&rp, month ? "status" : ds->dim);
        pgp_int(&rp, from_day);
        pgp_int(&rp, to_day);
        char *sql = arena_printf(
            a,
            "SELECT k, %s, n FROM (SELECT %s AS k, sum(n)::bigint AS n FROM report_daily "
            "WHERE dim = $1 AND day >= $2 AND day < $3 GROUP BY 1) x "
            "WHERE n <> 0 ORDER BY %s",
            label, month ? "to_char(" DAY_TS("day") ", 'YYYY-MM')" : "key",
            month ? "k COLLATE \"C\"" : "n DESC, k COLLATE \"C\"");
        return read_counts(d, sql, &rp, a, rows, n, err);
    }
    struct pg_params p;
    char *where;
    pgp_init(&p, a);
    if (pg_query_where(q, PG_PERIOD_CREATED, &p, &where, NULL, err) != 0)
        return err->kind;
    char *sql = arena_printf(a,
                             "SELECT k, %s, n FROM (SELECT %s AS k, count(*) AS n FROM tickets t "
                             "WHERE true%s GROUP BY 1) x ORDER BY %s",
                             label, ds->expr, where,
                             month ? "k COLLATE \"C\"" : "n DESC, k COLLATE \"C\"");
    return read_counts(d, sql, &p, a, rows, n, err);
}

/* ---- created vs resolved ---------------------------------------------- */

/* The bucket key of a local day number expression; NULL for an unknown
** interval. Weeks start on Monday (date_trunc's week). */
static char *bucket(struct arena *a, const char *interval, const char *day)
{
    if (!strcmp(interval, "day"))
        return arena_printf(a, "to_char(" DAY_TS("%s") ", 'YYYY-MM-DD')", day);
    if (!strcmp(interval, "week"))
        return arena_printf(a, "to_char(date_trunc('week', " DAY_TS("%s") "), 'YYYY-MM-DD')",
                            day);
    if (!strcmp(interval, "month"))
        return arena_printf(a, "to_char(" DAY_TS("%s") ", 'YYYY-MM')", day);
    return NULL;
}

static int pg_report_series(struct db *db, const struct ticket_query *q, const char *interval,
                            struct arena *a, struct report_series **rows, size_t *n, bool *rollup,
                            struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (!interval || !bucket(a, interval, "day"))
        return err_invalid(err, "interval", "harus day, week atau month",
                           "must be day, week or month");
    char *sql;
    struct pg_params p;
    pgp_init(&p, a);
    *rollup = rollup_ok(q);
    if (*rollup) {
        int64_t from_day, to_day;
        day_range(q, &from_day, &to_day);
        pgp_int(&p, from_day);
        pgp_int(&p, to_day);
        sql = arena_printf(a,
                           "SELECT b, sum(c)::bigint, sum(r)::bigint FROM (SELECT %s AS b, "
                           "CASE WHEN dim = 'status' THEN n ELSE 0 END AS c, "
                           "CASE WHEN dim = 'resolved' THEN n ELSE 0 END AS r FROM report_daily "
                           "WHERE dim IN ('status', 'resolved') AND day >= $1 AND day < $2) x "
                           "GROUP BY b HAVING sum(c) <> 0 OR sum(r) <> 0 ORDER BY b COLLATE \"C\"",
                           bucket(a, interval, "day"));
    } else {
        char *wc, *wr;
        if (pg_query_where(q, PG_PERIOD_CREATED, &p, &wc, NULL, err) != 0 ||
            pg_query_where(q, PG_PERIOD_RESOLVED, &p, &wr, NULL, err) != 0)
            return err->kind;
        char *bc = bucket(a, interval, LOCAL_DAY("t.created_at"));
        char *br = bucket(a, interval, LOCAL_DAY("t.resolved_at"));
        sql = arena_printf(a,
                           "SELECT b, sum(c)::bigint, sum(r)::bigint FROM (SELECT %s AS b, 1 AS c, "
                           "0 AS r FROM tickets t WHERE true%s UNION ALL SELECT %s, 0, 1 FROM "
                           "tickets t WHERE true%s) x GROUP BY b ORDER BY b COLLATE \"C\"",
                           bc, wc, br, wr);
    }
    PGresult *r;
    if (pg_qt(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    struct report_series *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++) {
        out[i].key = pg_text(a, r, (int)i, 0);
        out[i].created = pg_int(r, (int)i, 1);
        out[i].resolved = pg_int(r, (int)i, 2);
    }
    PQclear(r);
    *rows = out;
    *n = count;
    return 0;
}

/* ---- SLA compliance --------------------------------------------------- */

static int pg_report_sla(struct db *db, const struct ticket_query *q, const char *by,
                         struct arena *a, struct report_sla **rows, size_t *n, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    const char *key, *label;
    if (by && !strcmp(by, "policy")) {
        key = "coalesce(t.sla_policy_id::text, '')";
        label = "(SELECT name FROM sla_policies WHERE id = nullif(k, '')::bigint)";
    } else if (by && !strcmp(by, "unit")) {
        key = "coalesce(t.unit_id::text, '')";
        label = "(SELECT name FROM units WHERE id = nullif(k, '')::bigint)";
    } else if (by && !strcmp(by, "agent")) {
        key = "coalesce(t.assignee_id::text, '')";
        label = "(SELECT name FROM users WHERE id = nullif(k, '')::bigint)";
    } else {
        return err_invalid(err, "group_by", "harus policy, unit atau agent",
                           "must be policy, unit or agent");
    }
    struct pg_params p;
    char *where;
    pgp_init(&p, a);
    if (pg_query_where(q, PG_PERIOD_CREATED, &p, &where, NULL, err) != 0)
        return err->kind;
    char *sql = arena_printf(
        a,
        "SELECT k, %s, met, br, run FROM (SELECT %s AS k, "
        "count(*) FILTER (WHERE NOT b AND t.status IN ('resolved', 'closed')) AS met, "
        "count(*) FILTER (WHERE b) AS br, "
        "count(*) FILTER (WHERE NOT b AND t.status IN ('new', 'in_progress', 'waiting')) AS run "
        "FROM (SELECT t.*, (t.first_response_breached <> 0 OR t.resolution_breached <> 0) AS b "
        "FROM tickets t WHERE t.status <> 'cancelled'%s) t GROUP BY 1) x ORDER BY k COLLATE \"C\"",
        label, key, where);
    PGresult *r;
    if (pg_qt(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    struct report_sla *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++) {
        out[i].key = pg_text(a, r, (int)i, 0);
        out[i].label = pg_text(a, r, (int)i, 1);
        out[i].met = pg_int(r, (int)i, 2);
        out[i].breached = pg_int(r, (int)i, 3);
        out[i].running = pg_int(r, (int)i, 4);
        if (!out[i].key)
            out[i].key = "";
    }
    PQclear(r);
    *rows = out;
    *n = count;
    return 0;
}

/* ---- workload --------------------------------------------------------- */

static int pg_report_workload(struct db *db, const struct ticket_query *q, struct arena *a,
                              struct report_workload **rows, size_t *n, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    char *where;
    pgp_init(&p, a);
    if (pg_query_where(q, PG_PERIOD_NONE, &p, &where, NULL, err) != 0)
        return err->kind;
    /* the period bounds resolved_at: its two values after the tail's */
    const char *in_period = "t.resolved_at IS NOT NULL";
    int from = 0, to = 0;
    if (q->created_from) {
        pgp_int(&p, q->created_from);
        from = p.n;
    }
    if (q->created_to) {
        pgp_int(&p, q->created_to);
        to = p.n;
    }
    if (from && to)
        in_period = arena_printf(a, "(t.resolved_at >= $%d AND t.resolved_at < $%d)", from, to);
    else if (from)
        in_period = arena_printf(a, "t.resolved_at >= $%d", from);
    else if (to)
        in_period = arena_printf(a, "t.resolved_at < $%d", to);
    char *sql = arena_printf(
        a,
        "SELECT t.assignee_id, u.name, "
        "count(*) FILTER (WHERE t.status IN ('new', 'in_progress', 'waiting')), "
        "count(*) FILTER (WHERE %s), avg(CASE WHEN %s THEN (t.resolved_at - t.created_at) / 60.0 "
        "END) FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE t.assignee_id IS NOT "
        "NULL%s GROUP BY t.assignee_id, u.name ORDER BY u.name COLLATE \"C\", t.assignee_id",
        in_period, in_period, where);
    PGresult *r;
    if (pg_qt(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    struct report_workload *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++) {
        out[i].agent_id = pg_int(r, (int)i, 0);
        out[i].name = pg_text(a, r, (int)i, 1);
        out[i].open = pg_int(r, (int)i, 2);
        out[i].resolved = pg_int(r, (int)i, 3);
        out[i].avg_minutes = pg_null(r, (int)i, 4) ? -1 : pg_double(r, (int)i, 4);
    }
    PQclear(r);
    *rows = out;
    *n = count;
    return 0;
}

/* ---- ratings ---------------------------------------------------------- */

static int pg_report_ratings(struct db *db, const struct ticket_query *q, size_t max_comments,
                             struct arena *a, struct report_ratings *out, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    char *where;
    pgp_init(&p, a);
    if (pg_query_where(q, PG_PERIOD_CREATED, &p, &where, NULL, err) != 0)
        return err->kind;
    memset(out, 0, sizeof *out);
    char *sql = arena_printf(a,
                             "SELECT t.rating, count(*) FROM tickets t WHERE t.rating IS NOT "
                             "NULL%s GROUP BY 1",
                             where);
    PGresult *r;
    if (pg_qt(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    int64_t sum = 0;
    for (int i = 0, rows = PQntuples(r); i < rows; i++) {
        int64_t star = pg_int(r, i, 0), c = pg_int(r, i, 1);
        if (star >= 1 && star <= 5) {
            out->dist[star] = c;
            out->count += c;
            sum += star * c;
        }
    }
    PQclear(r);
    out->mean = out->count ? (double)sum / (double)out->count : 0;
    sql = arena_printf(a,
                       "SELECT t.number, t.rating, t.feedback, coalesce(t.closed_at, "
                       "t.resolved_at, t.updated_at) FROM tickets t WHERE t.rating IS NOT NULL "
                       "AND coalesce(t.feedback, '') <> ''%s ORDER BY t.id DESC LIMIT %zu",
                       where, max_comments);
    if (pg_qt(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    out->comments = arena_alloc(a, (max_comments ? max_comments : 1) * sizeof *out->comments);
    for (size_t i = 0; i < count && out->n_comments < max_comments; i++) {
        struct report_comment *c = &out->comments[out->n_comments++];
        c->number = pg_text(a, r, (int)i, 0);
        c->rating = (int)pg_int(r, (int)i, 1);
        c->feedback = pg_text(a, r, (int)i, 2);
        c->at = pg_int(r, (int)i, 3);
    }
    PQclear(r);
    return 0;
}

/* ---- redirects -------------------------------------------------------- */

static int pg_report_redirects(struct db *db, int64_t from, int64_t to, struct arena *a,
                               struct report_count **rows, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT r.service_id::text, s.name, count(*) FROM service_redirects r "
        "JOIN services s ON s.id = r.service_id WHERE ($1::bigint = 0 OR r.at >= $1) "
        "AND ($2::bigint = 0 OR r.at < $2) GROUP BY r.service_id, s.name "
        "ORDER BY 3 DESC, s.name COLLATE \"C\"";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, from);
    pgp_int(&p, to);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    struct report_count *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++) {
        out[i].key = pg_text(a, r, (int)i, 0);
        out[i].label = pg_text(a, r, (int)i, 1);
        out[i].n = pg_int(r, (int)i, 2);
    }
    PQclear(r);
    *rows = out;
    *n = count;
    return 0;
}

/* ---- rejections (issue #21 item 9) ------------------------------------ */

/* Cancelled tickets by who cancelled them (the last move into cancelled:
** the requester, or staff) and the last rejection reason code given. */
static int pg_report_cancellations(struct db *db, const struct ticket_query *q, struct arena *a,
                                   struct report_cancel **rows, size_t *n, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    char *where;
    pgp_init(&p, a);
    if (pg_query_where(q, PG_PERIOD_CREATED, &p, &where, NULL, err) != 0)
        return err->kind;
    char *sql = arena_printf(
        a,
        "SELECT c.who, c.code, rr.name, count(*) FROM (SELECT CASE WHEN ce.actor_id = "
        "t.requester_id THEN 'requester' ELSE 'staff' END AS who, coalesce((SELECT "
        "e2.new_value FROM ticket_events e2 WHERE e2.ticket_id = t.id AND e2.kind = "
        "'reject_code' ORDER BY e2.id DESC LIMIT 1), '') AS code FROM tickets t "
        "LEFT JOIN ticket_events ce ON ce.id = (SELECT max(e.id) FROM ticket_events e WHERE "
        "e.ticket_id = t.id AND e.kind = 'status' AND e.new_value = 'cancelled') "
        "WHERE t.status = 'cancelled'%s) c LEFT JOIN reject_reasons rr ON rr.code = c.code "
        "GROUP BY c.who, c.code, rr.name, rr.rank ORDER BY c.who = 'requester', "
        "coalesce(rr.rank, 1000000), c.code COLLATE \"C\"",
        where);
    PGresult *r;
    if (pg_qt(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    struct report_cancel *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++) {
        out[i].who = pg_text(a, r, (int)i, 0);
        out[i].code = pg_text(a, r, (int)i, 1);
        out[i].label = pg_text(a, r, (int)i, 2);
        out[i].n = pg_int(r, (int)i, 3);
    }
    PQclear(r);
    *rows = out;
    *n = count;
    return 0;
}

/* ---- the driver's table ---- */

const struct store_report_ops pg_report_ops = {
    .report_summary = pg_report_summary,
    .report_series = pg_report_series,
    .report_times_each = pg_report_times_each,
    .report_sla = pg_report_sla,
    .report_workload = pg_report_workload,
    .report_ratings = pg_report_ratings,
    .report_redirects = pg_report_redirects,
    .report_tickets_count = pg_report_tickets_count,
    .report_tickets_each = pg_report_tickets_each,
    .report_bookings_each = pg_report_bookings_each,
    .report_waiting_each = pg_report_waiting_each,
    .report_cancellations = pg_report_cancellations,
    .export_create = pg_export_create,
    .export_get = pg_export_get,
    .export_claim = pg_export_claim,
    .export_progress = pg_export_progress,
    .export_finish = pg_export_finish,
    .export_requeue = pg_export_requeue,
    .export_expire = pg_export_expire,
};
