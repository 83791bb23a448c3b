/* Service redirects: a user sent to the other application that handles a
** service of kind redirect (api/ticket_edit.c), counted per service. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"

int sq_redirect_add(struct db *db, int64_t service_id, int64_t user_id, int64_t at,
                    struct err *err)
{
    static const char sql[] =
        "INSERT INTO service_redirects (service_id, user_id, at) VALUES (?, ?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    sq_bind_id(st, 2, user_id);
    sqlite3_bind_int64(st, 3, at);
    return sq_exec_stmt(d, st, err);
}

int sq_redirect_count(struct db *db, int64_t service_id, int64_t *count, struct err *err)
{
    static const char sql[] = "SELECT count(*) FROM service_redirects WHERE service_id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    int rc = sqlite3_step(st);
    *count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}
