/* Report queries: counts from the rollup table (report_daily, kept by the
** triggers of migration 0008) when the filters allow, GROUP BY over tickets
** otherwise; SLA, workload, ratings and redirects; the streamed ticket rows
** behind exports; and the export job rows. */
#include "store/report_store.h"
#include "core/arena.h"
#include "store/sqlite/sqlite.h"
#include "store/sqlite/scope.h"
#include "store/sqlite/rows.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Local day number of a unix-seconds SQL expression (same as the triggers). */
#define LOCAL_DAY(x) "((" x " + 25200) / 86400)"

/* ---- filters ---------------------------------------------------------- */

/* The ticket query's WHERE tail and its binds come from scope.c, the same
** SQL as the ticket list's; workload adds its own ?17/?18 resolved range. */

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

static const struct dim_sql dims[] = {
    {"status", "t.status", NULL},
    {"unit", "coalesce(CAST(t.unit_id AS TEXT), '')",
     "(SELECT name FROM units WHERE id = CAST(k AS INTEGER))"},
    {"service", "CAST(t.service_id AS TEXT)",
     "(SELECT name FROM services WHERE id = CAST(k AS INTEGER))"},
    {"category", "coalesce(CAST(t.category_id AS TEXT), '')",
     "(SELECT name FROM categories WHERE id = CAST(k AS INTEGER))"},
    {"priority", "coalesce(CAST(t.priority_id AS TEXT), '')",
     "(SELECT name FROM priorities WHERE id = CAST(k AS INTEGER))"},
    {"channel", "t.channel", NULL},
    {"tier", "CAST(t.tier AS TEXT)", NULL},
    {"agent", "coalesce(CAST(t.assignee_id AS TEXT), '')",
     "(SELECT name FROM users WHERE id = CAST(k AS INTEGER))"},
    {"month", "strftime('%Y-%m', t.created_at + 25200, 'unixepoch')", NULL},
    /* issue #21 item 5 (seed 002 KPI: every ticket filed under a tag and a
    ** category): "yes"/"no"; the rollup does not hold them */
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

static int read_counts(struct sq_db *d, sqlite3_stmt *st, struct arena *a,
                       struct report_count **rows, size_t *n, struct err *err)
{
    size_t cap = 16, count = 0;
    struct report_count *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            struct report_count *bigger = sq_rows_grow(a, out, count, &cap, sizeof *out);
            if (!bigger)
                return sq_rows_too_many(st, err);
            out = bigger;
        }
        out[count].key = sq_text(a, st, 0);
        out[count].label = sq_text(a, st, 1);
        out[count].n = sqlite3_column_int64(st, 2);
        if (!out[count].key)
            out[count].key = "";
        count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *rows = out;
    *n = count;
    return 0;
}

static int sq_report_summary(struct db *db, const struct ticket_query *q, const char *dim,
                             struct arena *a, struct report_count **rows, size_t *n, bool *rollup,
                             struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    const struct dim_sql *ds = find_dim(dim);
    if (!ds)
        return err_invalid(err, "group_by", "pengelompokan tidak dikenal", "unknown group_by");
    const char *label = ds->label ? ds->label : "NULL";
    char *sql;
    sqlite3_stmt *st;
    *rollup = rollup_ok(q) && in_rollup(ds);
    if (*rollup) {
        /* Months come from any one dimension summed per month. */
        bool month = !strcmp(ds->dim, "month");
        sql = arena_printf(a,
                           "SELECT k, %s, n FROM (SELECT %s AS k, sum(n) AS n FROM report_daily "
                           "WHERE dim = ?1 AND day >= ?2 AND day < ?3 GROUP BY 1) "
                           "WHERE n != 0 ORDER BY %s",
                           label, month ? "strftime('%Y-%m', day * 86400, 'unixepoch')" : "key",
                           month ? "k" : "n DESC, k");
        if (!(st = sq_prepare_text(d, sql, err)))
            return err->kind;
        int64_t from_day, to_day;
        day_range(q, &from_day, &to_day);
        sqlite3_bind_text(st, 1, month ? "status" : ds->dim, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, from_day);
        sqlite3_bind_int64(st, 3, to_day);
        return read_counts(d, st, a, rows, n, err);
    }
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &where, &fts, err) != 0)
        return err->kind;
    sql = arena_printf(a,
                       "SELECT k, %s, n FROM (SELECT %s AS k, count(*) AS n FROM tickets t "
                       "WHERE 1%s GROUP BY 1) ORDER BY %s",
                       label, ds->expr, where, strcmp(ds->dim, "month") ? "n DESC, k" : "k");
    if (!(st = sq_prepare_text(d, sql, err)))
        return err->kind;
    sq_query_bind(st, q, fts);
    return read_counts(d, st, a, rows, n, err);
}

/* ---- created vs resolved ---------------------------------------------- */

/* The bucket key of a local day number expression; NULL for an unknown interval. */
static char *bucket(struct arena *a, const char *interval, const char *day)
{
    if (!strcmp(interval, "day"))
        return arena_printf(a, "date(%s * 86400, 'unixepoch')", day);
    if (!strcmp(interval, "week"))
        return arena_printf(a, "date(%s * 86400, 'unixepoch', '-6 days', 'weekday 1')", day);
    if (!strcmp(interval, "month"))
        return arena_printf(a, "strftime('%%Y-%%m', %s * 86400, 'unixepoch')", day);
    return NULL;
}

static int sq_report_series(struct db *db, const struct ticket_query *q, const char *interval,
                            struct arena *a, struct report_series **rows, size_t *n, bool *rollup,
                            struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    if (!interval || !bucket(a, interval, "day"))
        return err_invalid(err, "interval", "harus day, week atau month",
                           "must be day, week or month");
    char *sql, *fts = NULL;
    *rollup = rollup_ok(q);
    if (*rollup) {
        char *b = bucket(a, interval, "day");
        sql = arena_printf(a,
                           "SELECT b, sum(c), sum(r) FROM (SELECT %s AS b, "
                           "CASE WHEN dim = 'status' THEN n ELSE 0 END AS c, "
                           "CASE WHEN dim = 'resolved' THEN n ELSE 0 END AS r FROM report_daily "
                           "WHERE dim IN ('status', 'resolved') AND day >= ?1 AND day < ?2) "
                           "GROUP BY b HAVING sum(c) != 0 OR sum(r) != 0 ORDER BY b",
                           b);
    } else {
        char *wc, *wr;
        if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &wc, &fts, err) != 0 ||
            sq_query_where(d, q, SQ_PERIOD_RESOLVED, true, a, &wr, &fts, err) != 0)
            return err->kind;
        char *bc = bucket(a, interval, LOCAL_DAY("t.created_at"));
        char *br = bucket(a, interval, LOCAL_DAY("t.resolved_at"));
        sql = arena_printf(a,
                           "SELECT b, sum(c), sum(r) FROM (SELECT %s AS b, 1 AS c, 0 AS r "
                           "FROM tickets t WHERE 1%s UNION ALL SELECT %s, 0, 1 FROM tickets t "
                           "WHERE 1%s) GROUP BY b ORDER BY b",
                           bc, wc, br, wr);
    }
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    if (!st)
        return err->kind;
    if (*rollup) {
        int64_t from_day, to_day;
        day_range(q, &from_day, &to_day);
        sqlite3_bind_int64(st, 1, from_day);
        sqlite3_bind_int64(st, 2, to_day);
    } else {
        sq_query_bind(st, q, fts);
    }
    size_t cap = 64, count = 0;
    struct report_series *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            struct report_series *bigger = sq_rows_grow(a, out, count, &cap, sizeof *out);
            if (!bigger)
                return sq_rows_too_many(st, err);
            out = bigger;
        }
        out[count].key = sq_text(a, st, 0);
        out[count].created = sqlite3_column_int64(st, 1);
        out[count].resolved = sqlite3_column_int64(st, 2);
        count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *rows = out;
    *n = count;
    return 0;
}

/* ---- durations -------------------------------------------------------- */

static int sq_report_times_each(struct db *db, const struct ticket_query *q, report_times_fn *fn,
                                void *cls, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    struct arena *a = arena_new();
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &where, &fts, err) != 0) {
        arena_free(a);
        return err->kind;
    }
    char *sql = arena_printf(a,
                             "SELECT coalesce(t.sla_policy_id, 0), t.created_at, "
                             "coalesce(t.first_response_at, 0), coalesce(t.resolved_at, 0), "
                             "t.sla_paused_minutes FROM tickets t WHERE 1%s",
                             where);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    int rc = SQLITE_DONE, stop = 0;
    if (st) {
        sq_query_bind(st, q, fts);
        while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct report_times_row r = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                         sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                                         sqlite3_column_int64(st, 4)};
            stop = fn(cls, &r);
        }
        sqlite3_reset(st);
    }
    arena_free(a);
    if (!st)
        return err->kind;
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

/* ---- SLA compliance --------------------------------------------------- */

static int sq_report_sla(struct db *db, const struct ticket_query *q, const char *by,
                         struct arena *a, struct report_sla **rows, size_t *n, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    const char *key, *label;
    if (by && !strcmp(by, "policy")) {
        key = "coalesce(CAST(t.sla_policy_id AS TEXT), '')";
        label = "(SELECT name FROM sla_policies WHERE id = CAST(k AS INTEGER))";
    } else if (by && !strcmp(by, "unit")) {
        key = "coalesce(CAST(t.unit_id AS TEXT), '')";
        label = "(SELECT name FROM units WHERE id = CAST(k AS INTEGER))";
    } else if (by && !strcmp(by, "agent")) {
        key = "coalesce(CAST(t.assignee_id AS TEXT), '')";
        label = "(SELECT name FROM users WHERE id = CAST(k AS INTEGER))";
    } else {
        return err_invalid(err, "group_by", "harus policy, unit atau agent",
                           "must be policy, unit or agent");
    }
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &where, &fts, err) != 0)
        return err->kind;
    char *sql = arena_printf(
        a,
        "SELECT k, %s, met, br, run FROM (SELECT %s AS k, "
        "sum(NOT b AND t.status IN ('resolved', 'closed')) AS met, sum(b) AS br, "
        "sum(NOT b AND t.status IN ('new', 'in_progress', 'waiting')) AS run FROM "
        "(SELECT t.*, (t.first_response_breached OR t.resolution_breached) AS b "
        "FROM tickets t WHERE t.status != 'cancelled'%s) t GROUP BY 1) ORDER BY k",
        label, key, where);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    if (!st)
        return err->kind;
    sq_query_bind(st, q, fts);
    size_t cap = 16, count = 0;
    struct report_sla *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            struct report_sla *bigger = sq_rows_grow(a, out, count, &cap, sizeof *out);
            if (!bigger)
                return sq_rows_too_many(st, err);
            out = bigger;
        }
        out[count].key = sq_text(a, st, 0);
        out[count].label = sq_text(a, st, 1);
        out[count].met = sqlite3_column_int64(st, 2);
        out[count].breached = sqlite3_column_int64(st, 3);
        out[count].running = sqlite3_column_int64(st, 4);
        if (!out[count].key)
            out[count].key = "";
        count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *rows = out;
    *n = count;
    return 0;
}

/* ---- workload --------------------------------------------------------- */

static int sq_report_workload(struct db *db, const struct ticket_query *q, struct arena *a,
                              struct report_workload **rows, size_t *n, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_NONE, true, a, &where, &fts, err) != 0)
        return err->kind;
    const char *in_period = "t.resolved_at IS NOT NULL";
    if (q->created_from && q->created_to)
        in_period = "(t.resolved_at >= ?17 AND t.resolved_at < ?18)";
    else if (q->created_from)
        in_period = "t.resolved_at >= ?17";
    else if (q->created_to)
        in_period = "t.resolved_at < ?18";
    char *sql = arena_printf(
        a,
        "SELECT t.assignee_id, u.name, sum(t.status IN ('new', 'in_progress', 'waiting')), "
        "sum(%s), avg(CASE WHEN %s THEN (t.resolved_at - t.created_at) / 60.0 END) "
        "FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE t.assignee_id IS NOT NULL%s "
        "GROUP BY t.assignee_id ORDER BY u.name, t.assignee_id",
        in_period, in_period, where);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    if (!st)
        return err->kind;
    sq_query_bind(st, q, fts);
    size_t cap = 16, count = 0;
    struct report_workload *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            struct report_workload *bigger = sq_rows_grow(a, out, count, &cap, sizeof *out);
            if (!bigger)
                return sq_rows_too_many(st, err);
            out = bigger;
        }
        out[count].agent_id = sqlite3_column_int64(st, 0);
        out[count].name = sq_text(a, st, 1);
        out[count].open = sqlite3_column_int64(st, 2);
        out[count].resolved = sqlite3_column_int64(st, 3);
        out[count].avg_minutes =
            sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 4);
        count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *rows = out;
    *n = count;
    return 0;
}

/* ---- ratings ---------------------------------------------------------- */

static int sq_report_ratings(struct db *db, const struct ticket_query *q, size_t max_comments,
                             struct arena *a, struct report_ratings *out, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &where, &fts, err) != 0)
        return err->kind;
    memset(out, 0, sizeof *out);
    char *sql = arena_printf(a,
                             "SELECT t.rating, count(*) FROM tickets t WHERE t.rating IS NOT "
                             "NULL%s GROUP BY 1",
                             where);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    if (!st)
        return err->kind;
    sq_query_bind(st, q, fts);
    int rc;
    int64_t sum = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int r = sqlite3_column_int(st, 0);
        int64_t c = sqlite3_column_int64(st, 1);
        if (r >= 1 && r <= 5) {
            out->dist[r] = c;
            out->count += c;
            sum += r * c;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    out->mean = out->count ? (double)sum / (double)out->count : 0;
    sql = arena_printf(a,
                       "SELECT t.number, t.rating, t.feedback, coalesce(t.closed_at, "
                       "t.resolved_at, t.updated_at) FROM tickets t WHERE t.rating IS NOT NULL "
                       "AND coalesce(t.feedback, '') != ''%s ORDER BY t.id DESC LIMIT %zu",
                       where, max_comments);
    if (!(st = sq_prepare_text(d, sql, err)))
        return err->kind;
    sq_query_bind(st, q, fts);
    out->comments = arena_alloc(a, (max_comments ? max_comments : 1) * sizeof *out->comments);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n_comments < max_comments) {
        struct report_comment *c = &out->comments[out->n_comments++];
        c->number = sq_text(a, st, 0);
        c->rating = sqlite3_column_int(st, 1);
        c->feedback = sq_text(a, st, 2);
        c->at = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    return 0;
}

/* ---- redirects -------------------------------------------------------- */

static int sq_report_redirects(struct db *db, int64_t from, int64_t to, struct arena *a,
                               struct report_count **rows, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT CAST(r.service_id AS TEXT), s.name, count(*) FROM service_redirects r "
        "JOIN services s ON s.id = r.service_id WHERE (?1 = 0 OR r.at >= ?1) "
        "AND (?2 = 0 OR r.at < ?2) GROUP BY r.service_id ORDER BY 3 DESC, 2";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    return read_counts(d, st, a, rows, n, err);
}

/* ---- ticket rows for exports ------------------------------------------ */

static int sq_report_tickets_count(struct db *db, const struct ticket_query *q, int64_t *total,
                                   struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    struct arena *a = arena_new();
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &where, &fts, err) != 0) {
        arena_free(a);
        return err->kind;
    }
    char *sql = arena_printf(a, "SELECT count(*) FROM tickets t WHERE 1%s", where);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    int rc = SQLITE_ERROR;
    if (st) {
        sq_query_bind(st, q, fts);
        rc = sqlite3_step(st);
        *total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
    }
    arena_free(a);
    if (!st)
        return err->kind;
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static const char *col_text(sqlite3_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(st, c);
}

static int sq_report_tickets_each(struct db *db, const struct ticket_query *q, report_ticket_fn *fn,
                                  void *cls, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    struct arena *a = arena_new();
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &where, &fts, err) != 0) {
        arena_free(a);
        return err->kind;
    }
    /* Names come from small tables; joins keep one pass over tickets. The
    ** creation-time index gives the order, so no sorter ever holds the rows
    ** (an ORDER BY t.id after a range search buffered every row in memory:
    ** 100 MB for a year of a million tickets). */
    char *sql = arena_printf(
        a,
        "SELECT t.id, t.number, t.title, t.status, t.channel, t.tier, t.created_at, "
        "t.first_response_at, t.resolved_at, t.closed_at, t.rating, "
        "t.first_response_breached, t.resolution_breached, s.name, un.name, c.name, p.name, "
        "r.name, a.name, t.unit_id, t.service_id, t.assignee_id, t.booking "
        "FROM tickets t INDEXED BY tickets_created JOIN services s ON s.id = t.service_id "
        "LEFT JOIN units un ON un.id = t.unit_id LEFT JOIN categories c ON c.id = t.category_id "
        "LEFT JOIN priorities p ON p.id = t.priority_id JOIN users r ON r.id = t.requester_id "
        "LEFT JOIN users a ON a.id = t.assignee_id WHERE 1%s ORDER BY t.created_at, t.id",
        where);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    int rc = SQLITE_DONE, stop = 0;
    if (st) {
        sq_query_bind(st, q, fts);
        struct ticket t;
        struct report_ticket r = {.t = &t};
        while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            memset(&t, 0, sizeof t);
            t.id = sqlite3_column_int64(st, 0);
            t.number = col_text(st, 1);
            t.title = col_text(st, 2);
            t.status = col_text(st, 3);
            t.channel = col_text(st, 4);
            t.tier = sqlite3_column_int(st, 5);
            t.created_at = sqlite3_column_int64(st, 6);
            t.first_response_at = sqlite3_column_int64(st, 7);
            t.resolved_at = sqlite3_column_int64(st, 8);
            t.closed_at = sqlite3_column_int64(st, 9);
            t.rating = sqlite3_column_int(st, 10);
            t.first_response_breached = sqlite3_column_int(st, 11) != 0;
            t.resolution_breached = sqlite3_column_int(st, 12) != 0;
            t.service_name = col_text(st, 13);
            t.unit_name = col_text(st, 14);
            r.category_name = col_text(st, 15);
            r.priority_name = col_text(st, 16);
            t.requester_name = col_text(st, 17);
            t.assignee_name = col_text(st, 18);
            t.unit_id = sqlite3_column_int64(st, 19);
            t.service_id = sqlite3_column_int64(st, 20);
            t.assignee_id = sqlite3_column_int64(st, 21);
            t.booking = sqlite3_column_int(st, 22) != 0;
            stop = fn(cls, &r);
        }
        sqlite3_reset(st);
    }
    arena_free(a);
    if (!st)
        return err->kind;
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

/* ---- export jobs ------------------------------------------------------ */

#define JOB_COLS                                                                           \
    "id, user_id, report, format, params, status, total, done_rows, file, filename, error, " \
    "created_at, coalesce(finished_at, 0)"

static void read_job(sqlite3_stmt *st, struct arena *a, struct export_job *j)
{
    j->id = sqlite3_column_int64(st, 0);
    j->user_id = sqlite3_column_int64(st, 1);
    j->report = sq_text(a, st, 2);
    j->format = sq_text(a, st, 3);
    j->params = sq_text(a, st, 4);
    j->status = sq_text(a, st, 5);
    j->total = sqlite3_column_int64(st, 6);
    j->done_rows = sqlite3_column_int64(st, 7);
    j->file = sq_text(a, st, 8);
    j->filename = sq_text(a, st, 9);
    j->error = sq_text(a, st, 10);
    j->created_at = sqlite3_column_int64(st, 11);
    j->finished_at = sqlite3_column_int64(st, 12);
}

static int sq_export_create(struct db *db, struct export_job *j, struct err *err)
{
    static const char sql[] = "INSERT INTO export_jobs (user_id, report, format, params, "
                              "created_at) VALUES (?, ?, ?, ?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, j->user_id);
    sq_bind_text(st, 2, j->report);
    sq_bind_text(st, 3, j->format);
    sq_bind_text(st, 4, j->params);
    sqlite3_bind_int64(st, 5, j->created_at);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    j->id = sqlite3_last_insert_rowid(d->h);
    j->status = "queued";
    return 0;
}

static int sq_export_get(struct db *db, int64_t id, struct arena *a, struct export_job *out,
                         struct err *err)
{
    static const char sql[] = "SELECT " JOB_COLS " FROM export_jobs WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_job(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "export.not_found", "ekspor tidak ditemukan",
                       "export not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_export_claim(struct db *db, struct arena *a, struct export_job *out, struct err *err)
{
    static const char sql[] =
        "UPDATE export_jobs SET status = 'running' WHERE id = (SELECT id FROM export_jobs "
        "WHERE status = 'queued' ORDER BY id LIMIT 1) RETURNING " JOB_COLS;
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_job(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "export.none", "tidak ada antrean",
                       "nothing queued");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_export_progress(struct db *db, int64_t id, int64_t done_rows, int64_t total,
                              struct err *err)
{
    static const char sql[] = "UPDATE export_jobs SET done_rows = ?, total = ? WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, done_rows);
    sqlite3_bind_int64(st, 2, total);
    sqlite3_bind_int64(st, 3, id);
    return sq_exec_stmt(d, st, err);
}

static int sq_export_finish(struct db *db, int64_t id, const char *status, const char *file,
                            const char *filename, const char *error, int64_t now, struct err *err)
{
    static const char sql[] = "UPDATE export_jobs SET status = ?, file = ?, filename = ?, "
                              "error = ?, finished_at = ? WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, status);
    sq_bind_text(st, 2, file);
    sq_bind_text(st, 3, filename);
    sq_bind_text(st, 4, error);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_int64(st, 6, id);
    return sq_exec_stmt(d, st, err);
}

static int sq_export_requeue(struct db *db, struct err *err)
{
    static const char sql[] = "UPDATE export_jobs SET status = 'queued', done_rows = 0 "
                              "WHERE status = 'running'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    return sq_exec_stmt(d, st, err);
}

static int sq_export_expire(struct db *db, int64_t before, struct arena *a, const char ***files,
                            size_t *n, struct err *err)
{
    static const char sql[] =
        "DELETE FROM export_jobs WHERE id IN (SELECT id FROM export_jobs WHERE status IN "
        "('done', 'failed') AND finished_at < ? ORDER BY id LIMIT 100) RETURNING file";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, before);
    const char **out = arena_alloc(a, 100 * sizeof *out);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (count < 100)
            out[count++] = sq_text(a, st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *files = out;
    *n = count;
    return 0;
}

/* ---- the driver's table ---- */

const struct store_report_ops sq_report_ops = {
    .report_summary = sq_report_summary,
    .report_series = sq_report_series,
    .report_times_each = sq_report_times_each,
    .report_sla = sq_report_sla,
    .report_workload = sq_report_workload,
    .report_ratings = sq_report_ratings,
    .report_redirects = sq_report_redirects,
    .report_tickets_count = sq_report_tickets_count,
    .report_tickets_each = sq_report_tickets_each,
    .report_bookings_each = sq_report_bookings_each,
    .report_waiting_each = sq_report_waiting_each,
    .report_cancellations = sq_report_cancellations,
    .export_create = sq_export_create,
    .export_get = sq_export_get,
    .export_claim = sq_export_claim,
    .export_progress = sq_export_progress,
    .export_finish = sq_export_finish,
    .export_requeue = sq_export_requeue,
    .export_expire = sq_export_expire,
};
