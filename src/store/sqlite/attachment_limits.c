/* Per-service attachment limits in service_attachment_limits (migration
** 0018). */
#include "store/attachment_limits.h"
#include "store/sqlite/sqlite.h"

#include <string.h>

static int sq_attachment_limits_get(struct db *db, int64_t service_id,
                                    struct service_attachment_limits *out, struct err *err)
{
    static const char sql[] = "SELECT coalesce(attachment_max_mb, 0), allow_media "
                              "FROM service_attachment_limits WHERE service_id = ?";
    struct sq_db *d = (struct sq_db *)db;
    memset(out, 0, sizeof *out);
    out->service_id = service_id;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->max_mb = sqlite3_column_int(st, 0);
        out->allow_media = sqlite3_column_int(st, 1) != 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_attachment_limits_put(struct db *db, const struct service_attachment_limits *l,
                                    struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    bool defaults = l->max_mb == 0 && !l->allow_media;
    sqlite3_stmt *st = sq_prepare(
        d,
        defaults ? "DELETE FROM service_attachment_limits WHERE service_id = ?1"
                 : "INSERT INTO service_attachment_limits (service_id, attachment_max_mb, "
                   "allow_media) VALUES (?1, nullif(?2, 0), ?3) ON CONFLICT (service_id) DO "
                   "UPDATE SET attachment_max_mb = excluded.attachment_max_mb, "
                   "allow_media = excluded.allow_media",
        err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, l->service_id);
    if (!defaults) {
        sqlite3_bind_int(st, 2, l->max_mb);
        sqlite3_bind_int(st, 3, l->allow_media);
    }
    return sq_exec_stmt(d, st, err);
}

/* ---- the driver's table ---- */

const struct store_attachment_limit_ops sq_attachment_limits_ops = {
    .attachment_limits_get = sq_attachment_limits_get,
    .attachment_limits_put = sq_attachment_limits_put,
};
