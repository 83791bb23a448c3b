/* In-app notifications in inapp_notifications (migration 0033;
** store/inapp.h). */
#include "store/inapp.h"
#include "core/arena.h"
#include "store/sqlite/sqlite.h"

#include <string.h>

static int sq_inapp_add(struct db *db, const struct inapp_note *n, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    /* an unread row about the same thing moves to the newest event */
    sqlite3_stmt *st = sq_prepare(
        d,
        "UPDATE inapp_notifications SET created_at = ?1, actor_id = ?2, detail = ?3 "
        "WHERE user_id = ?4 AND ticket_id = ?5 AND kind = ?6 AND read_at IS NULL",
        err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, n->created_at);
    sq_bind_id(st, 2, n->actor_id);
    sq_bind_text(st, 3, n->detail);
    sqlite3_bind_int64(st, 4, n->user_id);
    sqlite3_bind_int64(st, 5, n->ticket_id);
    sq_bind_text(st, 6, n->kind);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) > 0)
        return 0;
    st = sq_prepare(d,
                    "INSERT INTO inapp_notifications (user_id, ticket_id, kind, actor_id, "
                    "detail, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, n->user_id);
    sqlite3_bind_int64(st, 2, n->ticket_id);
    sq_bind_text(st, 3, n->kind);
    sq_bind_id(st, 4, n->actor_id);
    sq_bind_text(st, 5, n->detail);
    sqlite3_bind_int64(st, 6, n->created_at);
    return sq_exec_stmt(d, st, err);
}

static int sq_inapp_list(struct db *db, int64_t user_id, bool unread_only, int64_t limit,
                         struct arena *a, struct inapp_note **items, size_t *n, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    *items = NULL;
    *n = 0;
    if (limit < 1 || limit > 100)
        limit = 100;
    sqlite3_stmt *st = sq_prepare(
        d,
        "SELECT n.id, n.ticket_id, n.kind, n.actor_id, n.detail, n.created_at, n.read_at, "
        "u.name, t.number, t.title, t.status FROM inapp_notifications n "
        "JOIN tickets t ON t.id = n.ticket_id LEFT JOIN users u ON u.id = n.actor_id "
        "WHERE n.user_id = ?1 AND (?2 = 0 OR n.read_at IS NULL) ORDER BY n.created_at DESC, "
        "n.id DESC LIMIT ?3",
        err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, unread_only);
    sqlite3_bind_int64(st, 3, limit);
    struct inapp_note *out = arena_alloc(a, sizeof *out * (size_t)limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct inapp_note *x = &out[(*n)++];
        x->id = sqlite3_column_int64(st, 0);
        x->user_id = user_id;
        x->ticket_id = sqlite3_column_int64(st, 1);
        x->kind = sq_text(a, st, 2);
        x->actor_id = sqlite3_column_int64(st, 3);
        x->detail = sq_text(a, st, 4);
        x->created_at = sqlite3_column_int64(st, 5);
        x->read_at = sqlite3_column_int64(st, 6);
        x->actor_name = sq_text(a, st, 7);
        x->ticket_number = sq_text(a, st, 8);
        x->ticket_title = sq_text(a, st, 9);
        x->ticket_status = sq_text(a, st, 10);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *items = out;
    return 0;
}

static int sq_inapp_unread(struct db *db, int64_t user_id, int64_t *count, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    *count = 0;
    sqlite3_stmt *st = sq_prepare(
        d, "SELECT count(*) FROM inapp_notifications WHERE user_id = ? AND read_at IS NULL",
        err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_inapp_mark_read(struct db *db, int64_t user_id, int64_t id, int64_t at,
                              int64_t *changed, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    *changed = 0;
    if (id) { /* the id must be the user's, read or not */
        sqlite3_stmt *st = sq_prepare(
            d, "SELECT 1 FROM inapp_notifications WHERE id = ? AND user_id = ?", err);
        if (!st)
            return err->kind;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, user_id);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return err_set(err, ERR_NOT_FOUND, "inapp.not_found",
                           "notifikasi tidak ditemukan", "notification not found");
        if (rc != SQLITE_ROW)
            return sq_error(d, rc, err);
    }
    sqlite3_stmt *st = sq_prepare(
        d,
        "UPDATE inapp_notifications SET read_at = ?1 WHERE user_id = ?2 AND read_at IS NULL "
        "AND (?3 = 0 OR id = ?3)",
        err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, at);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *changed = sqlite3_changes(d->h);
    return 0;
}

/* ---- the driver's table ---- */

const struct store_inapp_ops sq_inapp_ops = {
    .inapp_add = sq_inapp_add,
    .inapp_list = sq_inapp_list,
    .inapp_unread = sq_inapp_unread,
    .inapp_mark_read = sq_inapp_mark_read,
};
