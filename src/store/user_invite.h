/* Storage of admin invitations (issue #20 item 7): a user an admin created
** without a password holds one user_invites row (migration 0031) with the
** keyed hash of the mailed one-time token; using it deletes the row.
** Functions return 0 or a negative enum err_kind and fill err, like
** store.h; the SQLite driver implements them in store/sqlite/user_invite.c. */
#ifndef LOKET_STORE_USER_INVITE_H
#define LOKET_STORE_USER_INVITE_H

#include "store/store.h"

struct store_user_invite_ops {
    /* Sets the user's one outstanding invitation (replacing an older one). */
    int (*invite_set)(struct db *db, int64_t user_id, const unsigned char *hash, size_t len,
                      int64_t expires_at, int64_t now, struct err *err);
    /* Uses a token: when it is known and not expired at now, deletes it and
    ** answers its user (*user_id). ERR_NOT_FOUND invite.invalid_token
    ** otherwise. */
    int (*invite_use)(struct db *db, const unsigned char *hash, size_t len, int64_t now,
                      int64_t *user_id, struct err *err);
};

static inline int db_invite_set(struct db *db, int64_t user_id, const unsigned char *hash,
                                size_t len, int64_t expires_at, int64_t now, struct err *err)
{
    return db->ops->user_invite->invite_set(db, user_id, hash, len, expires_at, now, err);
}

static inline int db_invite_use(struct db *db, const unsigned char *hash, size_t len,
                                int64_t now, int64_t *user_id, struct err *err)
{
    return db->ops->user_invite->invite_use(db, hash, len, now, user_id, err);
}

#endif
