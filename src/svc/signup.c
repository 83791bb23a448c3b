/* Sign-up rules (see svc/signup.h). */
#include "svc/signup.h"
#include "core/arena.h"
#include "core/config.h"
#include "store/signup.h"
#include "svc/user_invite.h"

#include <string.h>

bool svc_signup_enabled(struct db *db, struct arena *a, const struct config *cfg)
{
    if (!strcmp(cfg->signup, "on"))
        return true;
    if (strcmp(cfg->signup, "demo") != 0)
        return false;
    const char *v = NULL;
    struct err ignore = {0};
    return db_setting_get(db, "demo_loaded", a, &v, &ignore) == 0 && v;
}

/* name@domain.tld: printable ASCII without spaces, one '@', a dot in the
** domain, neither part empty. Deliverability is what verification checks. */
static bool email_ok(const char *s)
{
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    if (n < 5 || n > 254 || !at || at == s || strchr(at + 1, '@'))
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 127 || strchr("<>()[],;:\\\"", *p))
            return false;
    const char *dot = strrchr(at, '.');
    return dot && dot > at + 1 && dot[1];
}

int svc_signup_check(const struct signup_req *r, struct err *err)
{
    if (!r->email || !email_ok(r->email))
        err_field(err, "email", "alamat email tidak valid", "not a valid email address");
    size_t nl = r->name ? strlen(r->name) : 0;
    if (nl == 0 || nl > 200)
        err_field(err, "name", "isi nama (paling banyak 200 karakter)",
                  "enter your name (at most 200 characters)");
    const char *why = r->password ? password_weak(r->password) : "required";
    if (why)
        err_field(err, "password", "kata sandi harus 8–256 karakter", why);
    if (err->n_fields)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

/* Queues one sign-up mail (svc_account_mail, svc/user_invite.h). */
static int queue_mail(struct db *db, struct arena *a, const struct config *cfg, int64_t uid,
                      const struct signup_req *r, const char *tmpl, const char *token,
                      int64_t now, struct err *err)
{
    return svc_account_mail(db, a, cfg, uid, r->email, r->name, r->locale, tmpl,
                            token ? arena_printf(a, "%s/#/verify?token=%s", cfg->base_url, token)
                                  : arena_printf(a, "%s/#/login", cfg->base_url),
                            cfg->signup_token_hours, now, err);
}

int svc_signup(struct db *db, struct arena *a, const struct config *cfg,
               const unsigned char key[TOKEN_KEY_BYTES], const struct signup_req *r,
               int64_t now, struct err *err)
{
    int64_t id = 0;
    bool pending = false;
    int rc = signup_lookup(db, r->email, &id, &pending, err);
    if (rc != 0)
        return rc;
    if (id && !pending) /* tell the owner, not the caller */
        return queue_mail(db, a, cfg, id, r, "signup_existing", NULL, now, err);
    rc = id ? signup_user_renew(db, id, r->name, r->password_hash, r->locale, err)
            : signup_user_add(db, r->name, r->email, r->password_hash, r->locale, &id, err);
    if (rc != 0)
        return rc;
    char token[TOKEN_HEX];
    unsigned char h[TOKEN_HASH_BYTES];
    token_random_hex(token);
    token_hash(key, token, h);
    if ((rc = signup_token_set(db, id, h, sizeof h, now + cfg->signup_token_hours * 3600, now,
                               err)) != 0)
        return rc;
    return queue_mail(db, a, cfg, id, r, "signup_verify", token, now, err);
}

int svc_signup_verify(struct db *db, const unsigned char key[TOKEN_KEY_BYTES], const char *token,
                      int64_t now, int64_t *user_id, struct err *err)
{
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash(key, token, h);
    return signup_token_use(db, h, sizeof h, now, user_id, err);
}
