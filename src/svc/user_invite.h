/* Invitations (issue #20 item 7): an admin creates a user without a
** password and the user sets their own through a one-time link mailed to
** them (template user_invite, editable like the others), valid
** invite_token_hours. Each runs inside the caller's transaction. */
#ifndef LOKET_SVC_USER_INVITE_H
#define LOKET_SVC_USER_INVITE_H

#include "auth/crypto.h"
#include "store/store.h"

struct config;

/* A new one-time link for user_id (an older one stops working) and its mail. */
int svc_user_invite(struct db *db, struct arena *a, const struct config *cfg,
                    const unsigned char key[TOKEN_KEY_BYTES], int64_t user_id, int64_t now,
                    struct err *err);
/* Uses token: sets the password (hash made by the caller) of its user
** (*user_id). ERR_NOT_FOUND invite.invalid_token when it is unknown, used
** or expired. */
int svc_user_invite_accept(struct db *db, const unsigned char key[TOKEN_KEY_BYTES],
                           const char *token, const char *password_hash, int64_t now,
                           int64_t *user_id, struct err *err);

/* One account mail without a ticket (sign-up, invitation): the variables
** app_name, hours, link, name and recipient_name. */
int svc_account_mail(struct db *db, struct arena *a, const struct config *cfg, int64_t uid,
                     const char *email, const char *name, const char *locale,
                     const char *tmpl, const char *link, long hours, int64_t now,
                     struct err *err);

#endif
