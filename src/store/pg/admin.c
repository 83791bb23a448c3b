/* PostgreSQL: the audit log and key/value settings (the admin table), a
** port of the SQL the SQLite driver keeps in store/sqlite/auth.c. */
#include "store/pg/ops.h"
#include "store/pg/write.h"
#include "core/arena.h"

#include <string.h>

static int pg_audit_add(struct db *db, int64_t actor_id, const char *action, const char *resource,
                        int64_t record_id, const char *detail, const char *ip, struct err *err)
{
    static const char sql[] =
        "INSERT INTO audit_log (at, actor_id, action, resource, record_id, detail, ip) "
        "VALUES (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "$1, $2, $3, $4, $5, $6)";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_id(&p, actor_id);
    pgp_text(&p, action);
    pgp_text(&p, resource);
    pgp_id(&p, record_id);
    pgp_text(&p, detail);
    pgp_text(&p, ip);
    return pg_run((struct pg_db *)db, sql, &p, NULL, err);
}

/* The filter both audit queries share: $1 resource, $2 actor, $3 a LIKE
** pattern without an escape character (as SQLite's LIKE has none), matched
** without regard to case like SQLite's LIKE. */
#define AUDIT_WHERE                                                                           \
    "FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id "                                \
    "WHERE ($1::text IS NULL OR l.resource = $1) AND ($2::bigint = 0 OR l.actor_id = $2) "    \
    "AND ($3::text IS NULL OR l.detail ILIKE $3 ESCAPE '' OR u.name ILIKE $3 ESCAPE '' "      \
    "     OR l.action ILIKE $3 ESCAPE '' OR l.resource ILIKE $3 ESCAPE '') "

static int pg_audit_list(struct db *db, const struct audit_query *q, struct arena *a,
                         struct audit_row **items, size_t *n, int64_t *total, struct err *err)
{
    static const char sql[] =
        "SELECT count(*) OVER (), l.id, l.at, l.actor_id, u.name, l.action, l.resource, "
        "l.record_id, l.detail, l.ip " AUDIT_WHERE "ORDER BY l.id DESC LIMIT $4 OFFSET $5";
    /* Past the last page the window count sees no rows: count alone. */
    static const char csql[] = "SELECT count(*) " AUDIT_WHERE;
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, q->resource);
    pgp_int(&p, q->actor_id);
    pgp_text(&p, q->q && *q->q ? arena_printf(a, "%%%s%%", q->q) : NULL);
    pgp_int(&p, q->per_page);
    pgp_int(&p, (q->page - 1) * q->per_page);
    PGresult *r = NULL;
    if (pg_q(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct audit_row *out = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof *out);
    *total = rows ? pg_int(r, 0, 0) : 0;
    for (int i = 0; i < rows; i++) {
        struct audit_row *row = &out[i];
        row->id = pg_int(r, i, 1);
        row->at = pg_text(a, r, i, 2);
        row->actor_id = pg_int(r, i, 3);
        row->actor_name = pg_text(a, r, i, 4);
        row->action = pg_text(a, r, i, 5);
        row->resource = pg_text(a, r, i, 6);
        row->record_id = pg_int(r, i, 7);
        row->detail = pg_text(a, r, i, 8);
        row->ip = pg_text(a, r, i, 9);
    }
    PQclear(r);
    if (rows == 0 && q->page > 1) {
        if (pg_q(d, csql, 3, p.v, &r, err) != 0)
            return err->kind;
        *total = pg_first_int(r);
        PQclear(r);
    }
    *items = out;
    *n = (size_t)rows;
    return 0;
}

static int pg_setting_get(struct db *db, const char *key, struct arena *a, const char **value,
                          struct err *err)
{
    static const char sql[] = "SELECT value FROM settings WHERE key = $1";
    const char *params[] = {key};
    PGresult *r = NULL;
    *value = NULL;
    if (pg_q((struct pg_db *)db, sql, 1, params, &r, err) != 0)
        return err->kind;
    int rc = 0;
    if (PQntuples(r) == 0)
        rc = err_set(err, ERR_NOT_FOUND, "setting.not_found", "pengaturan tidak ada",
                     "no such setting");
    else
        *value = pg_text(a, r, 0, 0);
    PQclear(r);
    return rc;
}

static int pg_setting_set(struct db *db, const char *key, const char *value, struct err *err)
{
    static const char sql[] = "INSERT INTO settings (key, value) VALUES ($1, $2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    const char *params[] = {key, value};
    return pg_exec((struct pg_db *)db, sql, 2, params, NULL, err);
}

/* ---- the driver's table ---- */

const struct store_admin_ops pg_admin_ops = {
    .audit_add = pg_audit_add,
    .audit_list = pg_audit_list,
    .setting_get = pg_setting_get,
    .setting_set = pg_setting_set,
};
