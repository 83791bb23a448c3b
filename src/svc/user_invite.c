/* Invitations (see svc/user_invite.h). The token is kept only as a keyed
** hash (auth/crypto.h), like sign-up's and session tokens. */
#include "svc/user_invite.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/jw.h"
#include "store/user_invite.h"

int svc_account_mail(struct db *db, struct arena *a, const struct config *cfg, int64_t uid,
                     const char *email, const char *name, const char *locale,
                     const char *tmpl, const char *link, long hours, int64_t now,
                     struct err *err)
{
    struct jw w;
    jw_init(&w, a);
    jw_obj(&w, NULL);
    jw_str(&w, "app_name", cfg->org_name);
    jw_int(&w, "hours", hours);
    jw_str(&w, "link", link);
    jw_str(&w, "name", name);
    jw_str(&w, "recipient_name", name);
    jw_end(&w, '}');
    struct outbox_row o = {.recipient_id = uid, .recipient = email, .channel = "email",
                           .template_key = tmpl, .locale = locale, .vars = jw_text(&w, NULL),
                           .created_at = now};
    return db_outbox_add(db, &o, err);
}

int svc_user_invite(struct db *db, struct arena *a, const struct config *cfg,
                    const unsigned char key[TOKEN_KEY_BYTES], int64_t user_id, int64_t now,
                    struct err *err)
{
    struct user_auth u;
    if (db_user_by_id(db, user_id, a, &u, err) != 0)
        return err->kind;
    char token[TOKEN_HEX];
    unsigned char h[TOKEN_HASH_BYTES];
    token_random_hex(token);
    token_hash(key, token, h);
    if (db_invite_set(db, user_id, h, sizeof h, now + cfg->invite_token_hours * 3600, now,
                      err) != 0)
        return err->kind;
    return svc_account_mail(db, a, cfg, user_id, u.email, u.name, u.locale, "user_invite",
                            arena_printf(a, "%s/#/invite?token=%s", cfg->base_url, token),
                            cfg->invite_token_hours, now, err);
}

int svc_user_invite_accept(struct db *db, const unsigned char key[TOKEN_KEY_BYTES],
                           const char *token, const char *password_hash, int64_t now,
                           int64_t *user_id, struct err *err)
{
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash(key, token, h);
    /* a password set this way ends what an older one opened (a second
    ** invitation also serves as an admin's password reset) */
    if (db_invite_use(db, h, sizeof h, now, user_id, err) != 0 ||
        db_user_set_password(db, *user_id, password_hash, err) != 0 ||
        db_user_revoke_access(db, *user_id, NULL, err) != 0)
        return err->kind;
    return 0;
}
