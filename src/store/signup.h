/* Storage of self sign-up (issue #16 item 4): an account created by sign-up is
** an inactive requester with a signup_pending row holding the keyed hash of
** its one mailed token; verifying deletes the row and makes the account
** active. Functions return 0 or a negative enum err_kind and fill err, like
** store.h; a driver implements them through the table at the end (the SQLite
** one: store/sqlite/signup.c). */
#ifndef LOKET_STORE_SIGNUP_H
#define LOKET_STORE_SIGNUP_H

#include "store/store.h"

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_signup_ops {
    /* The account of email (case-insensitive), active or not: *id 0 when there
    ** is none; *pending whether it still waits for verification. */
    int (*signup_lookup)(struct db *db, const char *email, int64_t *id, bool *pending,
                         struct err *err);
    /* A new inactive requester without a unit (locale "id" or "en"); *id its id. */
    int (*signup_user_add)(struct db *db, const char *name, const char *email, const char *hash,
                           const char *locale, int64_t *id, struct err *err);
    /* A still pending account signed up again: new name, password and locale. */
    int (*signup_user_renew)(struct db *db, int64_t id, const char *name, const char *hash,
                             const char *locale, struct err *err);
    /* Sets the account's one outstanding token (replacing an older one). */
    int (*signup_token_set)(struct db *db, int64_t user_id, const unsigned char *hash, size_t len,
                            int64_t expires_at, int64_t now, struct err *err);
    /* Uses a token: when it is known and not expired at now, deletes it and
    ** activates the account (*user_id). ERR_NOT_FOUND signup.invalid_token
    ** otherwise. */
    int (*signup_token_use)(struct db *db, const unsigned char *hash, size_t len, int64_t now,
                            int64_t *user_id, struct err *err);
    /* Whether the account still waits for verification. */
    int (*signup_is_pending)(struct db *db, int64_t user_id, bool *pending, struct err *err);
};

static inline int signup_lookup(struct db *db, const char *email, int64_t *id, bool *pending,
                                struct err *err)
{
    return db->ops->signup->signup_lookup(db, email, id, pending, err);
}

static inline int signup_user_add(struct db *db, const char *name, const char *email,
                                  const char *hash, const char *locale, int64_t *id,
                                  struct err *err)
{
    return db->ops->signup->signup_user_add(db, name, email, hash, locale, id, err);
}

static inline int signup_user_renew(struct db *db, int64_t id, const char *name, const char *hash,
                                    const char *locale, struct err *err)
{
    return db->ops->signup->signup_user_renew(db, id, name, hash, locale, err);
}

static inline int signup_token_set(struct db *db, int64_t user_id, const unsigned char *hash,
                                   size_t len, int64_t expires_at, int64_t now, struct err *err)
{
    return db->ops->signup->signup_token_set(db, user_id, hash, len, expires_at, now, err);
}

static inline int signup_token_use(struct db *db, const unsigned char *hash, size_t len,
                                   int64_t now, int64_t *user_id, struct err *err)
{
    return db->ops->signup->signup_token_use(db, hash, len, now, user_id, err);
}

static inline int signup_is_pending(struct db *db, int64_t user_id, bool *pending, struct err *err)
{
    return db->ops->signup->signup_is_pending(db, user_id, pending, err);
}

#endif
