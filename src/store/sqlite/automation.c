/* Automation rules and their runs in SQLite (migration 0024; the contract
** is store/automation.h). */
#include "store/automation.h"
#include "core/arena.h"
#include "store/sqlite/sqlite.h"

#include <string.h>

enum { RULES_MAX = 1000 };

#define RULE_COLS                                                                             \
    "id, name, enabled, position, kind, events, timing, conditions, actions, "                 \
    "coalesce(created_by, 0), created_at, updated_at"

static void read_rule(sqlite3_stmt *st, struct arena *a, struct auto_rule_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->name = sq_text(a, st, 1);
    r->enabled = sqlite3_column_int(st, 2) != 0;
    r->position = sqlite3_column_int64(st, 3);
    r->kind = sq_text(a, st, 4);
    r->events = sq_text(a, st, 5);
    r->timing = sq_text(a, st, 6);
    r->conditions = sq_text(a, st, 7);
    r->actions = sq_text(a, st, 8);
    r->created_by = sqlite3_column_int64(st, 9);
    r->created_at = sqlite3_column_int64(st, 10);
    r->updated_at = sqlite3_column_int64(st, 11);
}

static int not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "automation.not_found", "aturan tidak ditemukan",
                   "rule not found");
}

static int sq_rule_list(struct db *db, struct arena *a, struct auto_rule_row **rows, size_t *n,
                        struct err *err)
{
    static const char sql[] = "SELECT " RULE_COLS " FROM automation_rules "
                              "ORDER BY position, id LIMIT 1000";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    size_t cap = 16, count = 0;
    struct auto_rule_row *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < RULES_MAX) {
        if (count == cap) {
            struct auto_rule_row *grown = arena_alloc(a, 2 * cap * sizeof *grown);
            memcpy(grown, out, cap * sizeof *out);
            out = grown;
            cap *= 2;
        }
        read_rule(st, a, &out[count++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    *rows = out;
    *n = count;
    return 0;
}

static int sq_rule_get(struct db *db, int64_t id, struct arena *a, struct auto_rule_row *out,
                       struct err *err)
{
    static const char sql[] = "SELECT " RULE_COLS " FROM automation_rules WHERE id = ?1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_rule(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return not_found(err);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static void bind_rule(sqlite3_stmt *st, const struct auto_rule_row *r)
{
    sq_bind_text(st, 1, r->name);
    sqlite3_bind_int(st, 2, r->enabled);
    sqlite3_bind_int64(st, 3, r->position);
    sq_bind_text(st, 4, r->kind);
    sq_bind_text(st, 5, r->events ? r->events : "");
    sq_bind_text(st, 6, r->timing ? r->timing : "{}");
    sq_bind_text(st, 7, r->conditions ? r->conditions : "{}");
    sq_bind_text(st, 8, r->actions ? r->actions : "[]");
    sqlite3_bind_int64(st, 9, r->updated_at);
}

static int sq_rule_save(struct db *db, struct auto_rule_row *r, struct err *err)
{
    static const char ins[] =
        "INSERT INTO automation_rules (name, enabled, position, kind, events, timing, "
        "conditions, actions, updated_at, created_at, created_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    static const char upd[] =
        "UPDATE automation_rules SET name = ?1, enabled = ?2, position = ?3, kind = ?4, "
        "events = ?5, timing = ?6, conditions = ?7, actions = ?8, updated_at = ?9, "
        "version = version + 1 "
        "WHERE id = ?10";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, r->id ? upd : ins, err);
    if (!st)
        return err->kind;
    bind_rule(st, r);
    if (r->id) {
        sqlite3_bind_int64(st, 10, r->id);
    } else {
        sqlite3_bind_int64(st, 10, r->created_at);
        sq_bind_id(st, 11, r->created_by);
    }
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (!r->id)
        r->id = sqlite3_last_insert_rowid(d->h);
    else if (sqlite3_changes(d->h) == 0)
        return not_found(err);
    return 0;
}

static int sq_rule_delete(struct db *db, int64_t id, struct err *err)
{
    static const char sql[] = "DELETE FROM automation_rules WHERE id = ?1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    return sqlite3_changes(d->h) ? 0 : not_found(err);
}

static int sq_rule_reorder(struct db *db, const int64_t *ids, size_t n, struct err *err)
{
    static const char sql[] =
        "UPDATE automation_rules SET position = ?2, version = version + 1 WHERE id = ?1";
    struct sq_db *d = (struct sq_db *)db;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = sq_prepare(d, sql, err);
        if (!st)
            return err->kind;
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        if (sq_exec_stmt(d, st, err) != 0)
            return err->kind;
        if (sqlite3_changes(d->h) == 0)
            return not_found(err);
    }
    return 0;
}

static int sq_run_add(struct db *db, int64_t rule_id, int64_t ticket_id, const char *state,
                      int64_t value, int64_t at, bool *fresh, struct err *err)
{
    static const char sql[] = "INSERT INTO ticket_rule_runs (rule_id, ticket_id, state, value, at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5) "
                              "ON CONFLICT (rule_id, ticket_id, state) DO NOTHING";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, rule_id);
    sqlite3_bind_int64(st, 2, ticket_id);
    sq_bind_text(st, 3, state);
    sqlite3_bind_int64(st, 4, value);
    sqlite3_bind_int64(st, 5, at);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *fresh = sqlite3_changes(d->h) > 0;
    return 0;
}

static int sq_rule_stamp(struct db *db, uint64_t *stamp, struct err *err)
{
    static const char sql[] = "SELECT count(*), coalesce(sum(version), 0), coalesce(sum(id), 0), "
                              "coalesce(sum(position * 65537 + id), 0) FROM automation_rules";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    int rc = sqlite3_step(st);
    uint64_t h = 1469598103934665603u; /* FNV-1a over the four sums */
    for (int i = 0; rc == SQLITE_ROW && i < 4; i++)
        h = (h ^ (uint64_t)sqlite3_column_int64(st, i)) * 1099511628211u;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    *stamp = h;
    return 0;
}

static int sq_run_last_value(struct db *db, int64_t rule_id, const char *state, int64_t *value,
                             struct err *err)
{
    static const char sql[] = "SELECT value FROM ticket_rule_runs WHERE rule_id = ?1 "
                              "AND state = ?2 ORDER BY id DESC LIMIT 1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, rule_id);
    sq_bind_text(st, 2, state);
    int rc = sqlite3_step(st);
    *value = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

/* ---- the driver's table ---- */

const struct store_automation_ops sq_automation_ops = {
    .rule_list = sq_rule_list,
    .rule_get = sq_rule_get,
    .rule_save = sq_rule_save,
    .rule_delete = sq_rule_delete,
    .rule_reorder = sq_rule_reorder,
    .rule_stamp = sq_rule_stamp,
    .run_add = sq_run_add,
    .run_last_value = sq_run_last_value,
};
