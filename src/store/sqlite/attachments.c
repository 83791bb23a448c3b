/* Attachments of tickets: their rows (the files live in the data
** directory, written by api/attachments.c). */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"
#include "core/arena.h"

#define ATT_COLS "a.id, a.ticket_id, a.uploader_id, u.name, a.filename, a.content_type, " \
                 "a.size, a.sha256, a.stored_name, a.internal, a.created_at"

static void read_att(sqlite3_stmt *st, struct arena *a, struct attachment *o)
{
    o->id = sqlite3_column_int64(st, 0);
    o->ticket_id = sqlite3_column_int64(st, 1);
    o->uploader_id = sqlite3_column_int64(st, 2);
    o->uploader_name = sq_text(a, st, 3);
    o->filename = sq_text(a, st, 4);
    o->content_type = sq_text(a, st, 5);
    o->size = sqlite3_column_int64(st, 6);
    o->sha256 = sq_text(a, st, 7);
    o->stored_name = sq_text(a, st, 8);
    o->internal = sqlite3_column_int(st, 9) != 0;
    o->created_at = sqlite3_column_int64(st, 10);
}

int sq_attachment_add(struct db *db, struct attachment *at, struct err *err)
{
    static const char sql[] =
        "INSERT INTO attachments (ticket_id, uploader_id, filename, content_type, size, sha256,"
        " stored_name, internal, created_at) VALUES (?,?,?,?,?,?,?,?,?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, at->ticket_id);
    sq_bind_id(st, 2, at->uploader_id);
    sq_bind_text(st, 3, at->filename);
    sq_bind_text(st, 4, at->content_type);
    sqlite3_bind_int64(st, 5, at->size);
    sq_bind_text(st, 6, at->sha256);
    sq_bind_text(st, 7, at->stored_name);
    sqlite3_bind_int(st, 8, at->internal);
    sqlite3_bind_int64(st, 9, at->created_at);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    at->id = sqlite3_last_insert_rowid(d->h);
    return 0;
}

int sq_attachment_get(struct db *db, int64_t id, struct arena *a, struct attachment *out,
                      struct err *err)
{
    static const char sql[] = "SELECT " ATT_COLS " FROM attachments a LEFT JOIN users u"
                              " ON u.id = a.uploader_id WHERE a.id = ?"
                              " AND a.deleted_at IS NULL";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_att(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "attachment.not_found", "lampiran tidak ditemukan",
                       "attachment not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_attachments_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a,
                        struct attachment **items, size_t *n, struct err *err)
{
    static const char sql[] = "SELECT " ATT_COLS " FROM attachments a LEFT JOIN users u"
                              " ON u.id = a.uploader_id WHERE a.ticket_id = ?1"
                              " AND (?2 OR a.internal = 0) AND a.deleted_at IS NULL ORDER BY a.id LIMIT 500";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, ticket_id);
    sqlite3_bind_int(st, 2, with_internal);
    struct attachment *out = arena_alloc(a, 500 * sizeof *out);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        read_att(st, a, &out[count++]);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}
