/* PostgreSQL: role policy rows and soft-deleted attachments (the policy
** table of store/policy.h), a port of store/sqlite/policy.c. The column
** "right" is a reserved word in PostgreSQL, so it is always quoted. */
#include "store/policy.h"
#include "core/arena.h"
#include "store/pg/ops.h"
#include "store/pg/write.h"

static int pg_policy_list(struct db *db, struct arena *a, struct policy_row **rows, size_t *n,
                          struct err *err)
{
    static const char sql[] = "SELECT \"right\", class, allowed, updated_at, "
                              "coalesce(updated_by, 0) FROM role_policy "
                              "ORDER BY \"right\" COLLATE \"C\", class COLLATE \"C\" LIMIT 64";
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, sql, 0, NULL, &r, err) != 0)
        return err->kind;
    int count = PQntuples(r);
    struct policy_row *out = arena_alloc(a, 64 * sizeof *out);
    for (int i = 0; i < count; i++) {
        out[i].right = pg_text(a, r, i, 0);
        out[i].class_name = pg_text(a, r, i, 1);
        out[i].allowed = pg_int(r, i, 2) != 0;
        out[i].updated_at = pg_int(r, i, 3);
        out[i].updated_by = pg_int(r, i, 4);
    }
    PQclear(r);
    *rows = out;
    *n = (size_t)count;
    return 0;
}

static int pg_policy_put(struct db *db, const struct policy_row *row, struct err *err)
{
    static const char sql[] =
        "INSERT INTO role_policy (\"right\", class, allowed, updated_at, updated_by) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (\"right\", class) DO UPDATE SET "
        "allowed = excluded.allowed, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_text(&p, row->right);
    pgp_text(&p, row->class_name);
    pgp_int(&p, row->allowed);
    pgp_int(&p, row->updated_at);
    pgp_id(&p, row->updated_by);
    return pg_run((struct pg_db *)db, sql, &p, NULL, err);
}

static int pg_attachment_soft_delete(struct db *db, int64_t id, int64_t by, int64_t at,
                                     const char *reason, struct err *err)
{
    static const char sql[] = "UPDATE attachments SET deleted_at = $2, deleted_by = $3, "
                              "delete_reason = $4 WHERE id = $1 AND deleted_at IS NULL";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, id);
    pgp_int(&p, at);
    pgp_id(&p, by);
    pgp_text(&p, reason);
    int64_t changed = 0;
    int rc = pg_run((struct pg_db *)db, sql, &p, &changed, err);
    if (rc != 0)
        return rc;
    if (changed == 0)
        return err_set(err, ERR_NOT_FOUND, "attachment.not_found", "lampiran tidak ditemukan",
                       "attachment not found");
    return 0;
}

/* ---- the driver's table ---- */

const struct store_policy_ops pg_policy_ops = {
    .policy_list = pg_policy_list,
    .policy_put = pg_policy_put,
    .attachment_soft_delete = pg_attachment_soft_delete,
};
