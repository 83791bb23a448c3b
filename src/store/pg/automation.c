/* Automation rules and their runs in PostgreSQL (the contract:
** store/automation.h; a port of store/sqlite/automation.c). */
#include "store/automation.h"
#include "core/arena.h"
#include "store/pg/pg.h"

#include <string.h>

enum { RULES_MAX = 1000 };

#define RULE_COLS                                                                             \
    "id, name, enabled, position, kind, events, timing, conditions, actions, "                 \
    "coalesce(created_by, 0), created_at, updated_at"

static void read_rule(const PGresult *r, int row, struct arena *a, struct auto_rule_row *o)
{
    o->id = pg_int(r, row, 0);
    o->name = pg_text(a, r, row, 1);
    o->enabled = pg_int(r, row, 2) != 0;
    o->position = pg_int(r, row, 3);
    o->kind = pg_text(a, r, row, 4);
    o->events = pg_text(a, r, row, 5);
    o->timing = pg_text(a, r, row, 6);
    o->conditions = pg_text(a, r, row, 7);
    o->actions = pg_text(a, r, row, 8);
    o->created_by = pg_int(r, row, 9);
    o->created_at = pg_int(r, row, 10);
    o->updated_at = pg_int(r, row, 11);
}

static int not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "automation.not_found", "aturan tidak ditemukan",
                   "rule not found");
}

static int pg_rule_list(struct db *db, struct arena *a, struct auto_rule_row **rows, size_t *n,
                        struct err *err)
{
    static const char sql[] = "SELECT " RULE_COLS " FROM automation_rules "
                              "ORDER BY position, id LIMIT 1000";
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, 0, NULL, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    if (count > RULES_MAX)
        count = RULES_MAX;
    struct auto_rule_row *out = arena_alloc(a, (count ? count : 1) * sizeof *out);
    for (size_t i = 0; i < count; i++)
        read_rule(r, (int)i, a, &out[i]);
    PQclear(r);
    *rows = out;
    *n = count;
    return 0;
}

static int pg_rule_get(struct db *db, int64_t id, struct arena *a, struct auto_rule_row *out,
                       struct err *err)
{
    static const char sql[] = "SELECT " RULE_COLS " FROM automation_rules WHERE id = $1";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    bool found = PQntuples(r) > 0;
    if (found)
        read_rule(r, 0, a, out);
    PQclear(r);
    return found ? 0 : not_found(err);
}

static int pg_rule_save(struct db *db, struct auto_rule_row *r, struct err *err)
{
    static const char ins[] =
        "INSERT INTO automation_rules (name, enabled, position, kind, events, timing, "
        "conditions, actions, updated_at, created_at, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    static const char upd[] =
        "UPDATE automation_rules SET name = $1, enabled = $2, position = $3, kind = $4, "
        "events = $5, timing = $6, conditions = $7, actions = $8, updated_at = $9, "
        "version = version + 1 "
        "WHERE id = $10 RETURNING id";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, r->name);
    pgp_int(&p, r->enabled);
    pgp_int(&p, r->position);
    pgp_text(&p, r->kind);
    pgp_text(&p, r->events ? r->events : "");
    pgp_text(&p, r->timing ? r->timing : "{}");
    pgp_text(&p, r->conditions ? r->conditions : "{}");
    pgp_text(&p, r->actions ? r->actions : "[]");
    pgp_int(&p, r->updated_at);
    if (r->id) {
        pgp_int(&p, r->id);
    } else {
        pgp_int(&p, r->created_at);
        pgp_id(&p, r->created_by);
    }
    PGresult *res;
    int rc = pg_q((struct pg_db *)db, r->id ? upd : ins, p.n, p.v, &res, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    bool found = PQntuples(res) > 0;
    if (!r->id)
        r->id = pg_first_int(res);
    PQclear(res);
    return found ? 0 : not_found(err);
}

static int pg_rule_delete(struct db *db, int64_t id, struct err *err)
{
    static const char sql[] = "DELETE FROM automation_rules WHERE id = $1";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    return changed ? 0 : not_found(err);
}

static int pg_rule_reorder(struct db *db, const int64_t *ids, size_t n, struct err *err)
{
    static const char sql[] =
        "UPDATE automation_rules SET position = $2, version = version + 1 WHERE id = $1";
    struct arena *a = arena_new();
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct pg_params p;
        pgp_init(&p, a);
        pgp_int(&p, ids[i]);
        pgp_int(&p, (int64_t)i + 1);
        int64_t changed = 0;
        rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
        if (rc == 0 && changed == 0)
            rc = not_found(err);
    }
    arena_free(a);
    return rc;
}

static int pg_run_add(struct db *db, int64_t rule_id, int64_t ticket_id, const char *state,
                      int64_t value, int64_t at, bool *fresh, struct err *err)
{
    static const char sql[] = "INSERT INTO ticket_rule_runs (rule_id, ticket_id, state, value, at) "
                              "VALUES ($1, $2, $3, $4, $5) "
                              "ON CONFLICT (rule_id, ticket_id, state) DO NOTHING";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, rule_id);
    pgp_int(&p, ticket_id);
    pgp_text(&p, state);
    pgp_int(&p, value);
    pgp_int(&p, at);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    *fresh = changed > 0;
    return 0;
}

static int pg_rule_stamp(struct db *db, uint64_t *stamp, struct err *err)
{
    /* sum() of bigint is numeric in PostgreSQL: cast back so the figures
    ** are the integers SQLite hashes */
    static const char sql[] =
        "SELECT count(*), coalesce(sum(version), 0)::bigint, coalesce(sum(id), 0)::bigint, "
        "coalesce(sum(position * 65537 + id), 0)::bigint FROM automation_rules";
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, 0, NULL, &r, err) != 0)
        return err->kind;
    uint64_t h = 1469598103934665603u; /* FNV-1a over the four sums */
    for (int i = 0; PQntuples(r) > 0 && i < 4; i++)
        h = (h ^ (uint64_t)pg_int(r, 0, i)) * 1099511628211u;
    PQclear(r);
    *stamp = h;
    return 0;
}

static int pg_run_last_value(struct db *db, int64_t rule_id, const char *state, int64_t *value,
                             struct err *err)
{
    static const char sql[] = "SELECT value FROM ticket_rule_runs WHERE rule_id = $1 "
                              "AND state = $2 ORDER BY id DESC LIMIT 1";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, rule_id);
    pgp_text(&p, state);
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    *value = pg_first_int(r);
    PQclear(r);
    return 0;
}

/* ---- the driver's table ---- */

const struct store_automation_ops pg_automation_ops = {
    .rule_list = pg_rule_list,
    .rule_get = pg_rule_get,
    .rule_save = pg_rule_save,
    .rule_delete = pg_rule_delete,
    .rule_reorder = pg_rule_reorder,
    .rule_stamp = pg_rule_stamp,
    .run_add = pg_run_add,
    .run_last_value = pg_run_last_value,
};
