/* PostgreSQL: admin invitations, the one-time token of a user who sets
** their own password (the user_invite table of store/user_invite.h), a port
** of store/sqlite/user_invite.c. Using a token is one DELETE ... RETURNING:
** two nodes given the same link at once let only one of them through. */
#include "store/user_invite.h"
#include "store/pg/ops.h"
#include "store/pg/write.h"

static int pg_invite_set(struct db *db, int64_t user_id, const unsigned char *hash, size_t len,
                         int64_t expires_at, int64_t now, struct err *err)
{
    static const char sql[] =
        "INSERT INTO user_invites (user_id, token_hash, expires_at, created_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET"
        " token_hash = excluded.token_hash, expires_at = excluded.expires_at,"
        " created_at = excluded.created_at";
    return pg_onetime_put(db, sql, user_id, hash, len, expires_at, now, err);
}

static int pg_invite_use(struct db *db, const unsigned char *hash, size_t len, int64_t now,
                         int64_t *user_id, struct err *err)
{
    static const char take[] = "DELETE FROM user_invites WHERE token_hash = $1"
                               " AND expires_at > $2 RETURNING user_id";
    int rc = pg_onetime_take(db, take, hash, len, now, user_id, err);
    if (rc == 0 && !*user_id)
        return err_set(err, ERR_NOT_FOUND, "invite.invalid_token",
                       "tautan undangan tidak berlaku atau sudah kedaluwarsa",
                       "the invitation link is invalid or has expired");
    return rc;
}

/* ---- the driver's table ---- */

const struct store_user_invite_ops pg_user_invite_ops = {
    .invite_set = pg_invite_set,
    .invite_use = pg_invite_use,
};
