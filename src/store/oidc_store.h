/* Storage of sign-in through OpenID Connect (issue #22 item 5, migration
** 0029): the sign-ins started and not yet come back (state → nonce, PKCE
** verifier and the browser that started it, each kept as a keyed hash or
** secret only until the callback), and the link from a provider's subject
** to a local user (user_identities). Functions return 0 or a negative enum
** err_kind and fill err, like store.h; the SQLite driver implements them in
** store/sqlite/oidc.c. */
#ifndef LOKET_STORE_OIDC_STORE_H
#define LOKET_STORE_OIDC_STORE_H

#include "store/store.h"

enum { OIDC_HASH_BYTES = 32 };

/* A started sign-in as the callback reads it back. */
struct oidc_pending {
    const char *nonce, *verifier;
    unsigned char browser[OIDC_HASH_BYTES]; /* keyed hash of the browser cookie */
};

/* What the directory says about a user signing in. */
struct oidc_user {
    const char *provider, *subject; /* the issuer URL and the sub claim */
    const char *name, *email;
    const char *role; /* requester, agent, leader, admin */
    int tier;         /* 0 = none */
    int64_t unit_id;  /* 0 = none */
    bool link_email;  /* the provider vouches for the email: an existing
                      ** account of that email is linked, not duplicated */
};

struct store_oidc_ops {
    /* Records a sign-in started (under the keyed hash of its state) that
    ** works until expires_at; forgets those expired at now. */
    int (*oidc_pending_put)(struct db *db, const unsigned char state[OIDC_HASH_BYTES],
                            const unsigned char browser[OIDC_HASH_BYTES], const char *nonce,
                            const char *verifier, int64_t expires_at, int64_t now,
                            struct err *err);
    /* Reads and deletes the sign-in of state (used once). ERR_NOT_FOUND
    ** oidc.state when there is none or it expired before now. */
    int (*oidc_pending_take)(struct db *db, const unsigned char state[OIDC_HASH_BYTES], int64_t now,
                             struct arena *a, struct oidc_pending *out, struct err *err);
    /* Inside the caller's transaction: the user linked to (provider,
    ** subject) gets the directory's name, email, role, tier and unit, and
    ** auth_source 'oidc' with external_id the subject (migration 0028); without
    ** a link, the account of the email (when link_email) is linked, else a
    ** new active user without a password is made and linked. *user_id is the
    ** user, *active whether it may sign in (an admin may have deactivated
    ** it). ERR_CONFLICT oidc.email_taken when the email belongs to another
    ** account that may not be linked. */
    int (*oidc_user_sync)(struct db *db, const struct oidc_user *u, int64_t *user_id, bool *active,
                          struct err *err);
};

static inline int db_oidc_pending_put(struct db *db, const unsigned char state[OIDC_HASH_BYTES],
                                      const unsigned char browser[OIDC_HASH_BYTES],
                                      const char *nonce, const char *verifier, int64_t expires_at,
                                      int64_t now, struct err *err)
{
    return db->ops->oidc->oidc_pending_put(db, state, browser, nonce, verifier, expires_at, now,
                                           err);
}

static inline int db_oidc_pending_take(struct db *db, const unsigned char state[OIDC_HASH_BYTES],
                                       int64_t now, struct arena *a, struct oidc_pending *out,
                                       struct err *err)
{
    return db->ops->oidc->oidc_pending_take(db, state, now, a, out, err);
}

static inline int db_oidc_user_sync(struct db *db, const struct oidc_user *u, int64_t *user_id,
                                    bool *active, struct err *err)
{
    return db->ops->oidc->oidc_user_sync(db, u, user_id, active, err);
}

#endif
