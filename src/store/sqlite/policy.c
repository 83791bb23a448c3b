/* Role policy rows and soft-deleted attachments in SQLite (migration 0023;
** the contract is store/policy.h). */
#include "store/policy.h"
#include "core/arena.h"
#include "store/sqlite/sqlite.h"

static int sq_policy_list(struct db *db, struct arena *a, struct policy_row **rows, size_t *n,
                          struct err *err)
{
    static const char sql[] = "SELECT right, class, allowed, updated_at, "
                              "coalesce(updated_by, 0) FROM role_policy "
                              "ORDER BY right, class LIMIT 64";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    struct policy_row *out = arena_alloc(a, 64 * sizeof *out);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct policy_row *r = &out[count++];
        r->right = sq_text(a, st, 0);
        r->class_name = sq_text(a, st, 1);
        r->allowed = sqlite3_column_int(st, 2) != 0;
        r->updated_at = sqlite3_column_int64(st, 3);
        r->updated_by = sqlite3_column_int64(st, 4);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *rows = out;
    *n = count;
    return 0;
}

static int sq_policy_put(struct db *db, const struct policy_row *r, struct err *err)
{
    static const char sql[] =
        "INSERT INTO role_policy (right, class, allowed, updated_at, updated_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (right, class) DO UPDATE SET "
        "allowed = excluded.allowed, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, r->right);
    sq_bind_text(st, 2, r->class_name);
    sqlite3_bind_int(st, 3, r->allowed);
    sqlite3_bind_int64(st, 4, r->updated_at);
    sq_bind_id(st, 5, r->updated_by);
    return sq_exec_stmt(d, st, err);
}

static int sq_attachment_soft_delete(struct db *db, int64_t id, int64_t by, int64_t at,
                                     const char *reason, struct err *err)
{
    static const char sql[] = "UPDATE attachments SET deleted_at = ?2, deleted_by = ?3, "
                              "delete_reason = ?4 WHERE id = ?1 AND deleted_at IS NULL";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, at);
    sq_bind_id(st, 3, by);
    sq_bind_text(st, 4, reason);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_NOT_FOUND, "attachment.not_found", "lampiran tidak ditemukan",
                       "attachment not found");
    return 0;
}

/* ---- the driver's table ---- */

const struct store_policy_ops sq_policy_ops = {
    .policy_list = sq_policy_list,
    .policy_put = sq_policy_put,
    .attachment_soft_delete = sq_attachment_soft_delete,
};
