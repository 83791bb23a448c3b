/* Self sign-up of outside stakeholders (issue #16 item 4): an inactive
** requester without a unit, a single-use expiring token mailed to the
** address, and verification that activates the account. The answer to a
** sign-up never tells whether the address had an account already: the
** owner of an existing one gets a "you already have an account" mail
** instead of a link. Each runs inside the caller's transaction. */
#ifndef LOKET_SVC_SIGNUP_H
#define LOKET_SVC_SIGNUP_H

#include "auth/crypto.h"
#include "store/store.h"

struct config;

struct signup_req {
    const char *email, *name, *password, *locale; /* locale "id" (default) or "en" */
    const char *password_hash; /* made by the caller before the transaction */
};

/* Whether sign-up is open: cfg->signup "on", or "demo" in a database that
** holds the demo data. */
bool svc_signup_enabled(struct db *db, struct arena *a, const struct config *cfg);
/* Checks the fields (email shape, name, password rules) into err's fields;
** ERR_INVALID "validation" when one is wrong. */
int svc_signup_check(const struct signup_req *r, struct err *err);
/* Creates or renews the pending account and queues the verification mail,
** or queues the "already registered" mail for an existing account. */
int svc_signup(struct db *db, struct arena *a, const struct config *cfg,
               const unsigned char key[TOKEN_KEY_BYTES], const struct signup_req *r,
               int64_t now, struct err *err);
/* Activates the account of token (*user_id); ERR_NOT_FOUND
** signup.invalid_token when it is unknown, used or expired. */
int svc_signup_verify(struct db *db, const unsigned char key[TOKEN_KEY_BYTES], const char *token,
                      int64_t now, int64_t *user_id, struct err *err);

#endif
