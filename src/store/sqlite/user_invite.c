/* SQL of admin invitations (see store/user_invite.h). */
#include "store/user_invite.h"
#include "store/sqlite/sqlite.h"

static int sq_invite_set(struct db *db, int64_t user_id, const unsigned char *hash, size_t len,
                         int64_t expires_at, int64_t now, struct err *err)
{
    static const char sql[] =
        "INSERT INTO user_invites (user_id, token_hash, expires_at, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
        " token_hash = excluded.token_hash, expires_at = excluded.expires_at,"
        " created_at = excluded.created_at";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_blob(st, 2, hash, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, expires_at);
    sqlite3_bind_int64(st, 4, now);
    return sq_exec_stmt(d, st, err);
}

int sq_token_take(struct sq_db *d, const char *find, const char *del,
                  const unsigned char *hash, size_t len, int64_t now, int64_t *user_id,
                  struct err *err)
{
    *user_id = 0;
    sqlite3_stmt *st = sq_prepare(d, find, err);
    if (!st)
        return err->kind;
    sqlite3_bind_blob(st, 1, hash, (int)len, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int64_t uid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    int64_t expires = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    if (!uid || expires <= now)
        return 0;
    if (!(st = sq_prepare(d, del, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, uid);
    if ((rc = sq_exec_stmt(d, st, err)) != 0)
        return rc;
    *user_id = uid;
    return 0;
}

static int sq_invite_use(struct db *db, const unsigned char *hash, size_t len, int64_t now,
                         int64_t *user_id, struct err *err)
{
    static const char find[] = "SELECT user_id, expires_at FROM user_invites WHERE token_hash = ?";
    static const char del[] = "DELETE FROM user_invites WHERE user_id = ?";
    int rc = sq_token_take((struct sq_db *)db, find, del, hash, len, now, user_id, err);
    if (rc != 0)
        return rc;
    if (!*user_id)
        return err_set(err, ERR_NOT_FOUND, "invite.invalid_token",
                       "tautan undangan tidak berlaku atau sudah kedaluwarsa",
                       "the invitation link is invalid or has expired");
    return 0;
}

const struct store_user_invite_ops sq_user_invite_ops = {
    .invite_set = sq_invite_set,
    .invite_use = sq_invite_use,
};
