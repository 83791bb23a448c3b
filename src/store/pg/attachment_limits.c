/* PostgreSQL: per-service attachment limits in service_attachment_limits
** (the attachment_limits table of store/attachment_limits.h), a port of
** store/sqlite/attachment_limits.c. */
#include "store/attachment_limits.h"
#include "store/pg/ops.h"
#include "store/pg/pg.h"

#include <stdio.h>
#include <string.h>

static int pg_attachment_limits_get(struct db *db, int64_t service_id,
                                    struct service_attachment_limits *out, struct err *err)
{
    static const char sql[] = "SELECT coalesce(attachment_max_mb, 0), allow_media "
                              "FROM service_attachment_limits WHERE service_id = $1";
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)service_id);
    const char *params[] = {idt};
    memset(out, 0, sizeof *out);
    out->service_id = service_id;
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, sql, 1, params, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0) {
        out->max_mb = (int)pg_int(r, 0, 0);
        out->allow_media = pg_int(r, 0, 1) != 0;
    }
    PQclear(r);
    return 0;
}

static int pg_attachment_limits_put(struct db *db, const struct service_attachment_limits *l,
                                    struct err *err)
{
    static const char del[] = "DELETE FROM service_attachment_limits WHERE service_id = $1";
    static const char put[] =
        "INSERT INTO service_attachment_limits (service_id, attachment_max_mb, allow_media) "
        "VALUES ($1, nullif($2::bigint, 0), $3) ON CONFLICT (service_id) DO UPDATE SET "
        "attachment_max_mb = excluded.attachment_max_mb, allow_media = excluded.allow_media";
    bool defaults = l->max_mb == 0 && !l->allow_media;
    char idt[24], mb[16];
    snprintf(idt, sizeof idt, "%lld", (long long)l->service_id);
    snprintf(mb, sizeof mb, "%d", l->max_mb);
    const char *params[] = {idt, mb, l->allow_media ? "1" : "0"};
    return pg_exec((struct pg_db *)db, defaults ? del : put, defaults ? 1 : 3, params, NULL, err);
}

/* ---- the driver's table ---- */

const struct store_attachment_limit_ops pg_attachment_limits_ops = {
    .attachment_limits_get = pg_attachment_limits_get,
    .attachment_limits_put = pg_attachment_limits_put,
};
