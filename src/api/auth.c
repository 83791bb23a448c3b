/* Login, logout, the current user, and API tokens (API.md "Auth"). */
#include "api/api.h"
#include "api/json.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/auth.h"
#include "http/reply.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The full user record (as /api/v1/users/{id} shows it). */
/* The user record plus "sees_internal": whether the web app offers internal
** notes (false for an outside vendor without the permission). */
static json_t *user_json(struct req *rq, struct db *db, const struct principal *p)
{
    struct record *r;
    if (db->ops->rec_get(db, &res_users, p->id, rq->arena, &r, &rq->err) != 0)
        return NULL;
    json_t *o = record_to_json(&res_users, r);
    json_object_set_new(o, "sees_internal", json_boolean(perm_reads_internal(p)));
    return o;
}

static char *lower(struct arena *a, const char *s)
{
    char *d = arena_strdup(a, s);
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

/* 429 when this account or this address failed too often in the window. */
static int throttled(struct req *rq, struct db *db, const char *account, int64_t now)
{
    const struct config *cfg = rq->app->cfg;
    int64_t since = now - cfg->login_window_minutes * 60, n_acct = 0, n_addr = 0;
    if (db->ops->login_failure_count(db, "account", account, since, &n_acct, &rq->err) != 0 ||
        db->ops->login_failure_count(db, "address", rq->ip, since, &n_addr, &rq->err) != 0)
        return rq->err.kind;
    if (n_acct >= cfg->login_max_failures || n_addr >= cfg->login_max_failures_addr)
        return err_set(&rq->err, ERR_RATE_LIMITED, "auth.throttled",
                       "terlalu banyak percobaan masuk yang gagal; coba lagi dalam %ld menit",
                       "too many failed logins; try again in %ld minutes",
                       cfg->login_window_minutes);
    return 0;
}

int api_auth_login(struct req *rq)
{
    json_t *body;
    struct db *db;
    /* JSON only: a plain cross-site form cannot log a victim into our account. */
    const char *ct = req_header(rq, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0)
        return reply_error(rq, ERR_UNSUPPORTED, "request.content_type",
                           "kirim data sebagai application/json",
                           "send the data as application/json");
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *login = json_str(body, "login"), *password = json_str(body, "password");
    if (!login || !*login)
        err_field(&rq->err, "login", "isi email atau NIP", "enter your email or NIP");
    if (!password || !*password)
        err_field(&rq->err, "password", "isi kata sandi", "enter your password");
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    if (!(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    int64_t now = (int64_t)time(NULL);
    struct user_auth u;
    struct err lookup_err = {0};
    int found = db->ops->user_by_login(db, login, rq->arena, &u, &lookup_err) == 0;
    /* Count failures per account, whether it was named by email or by NIP. */
    const char *account = found ? arena_printf(rq->arena, "user:%lld", (long long)u.p.id)
                                : lower(rq->arena, login);
    if (throttled(rq, db, account, now) != 0)
        return reply_err(rq, &rq->err);
    bool ok = found && password_verify(u.password_hash, password);
    if (!found)
        password_burn(password); /* unknown logins take as long as wrong passwords */
    if (!ok) {
        if (db_begin(db, &rq->err) == 0) {
            if (db->ops->login_failure_add(db, "account", account, now, &rq->err) == 0 &&
                db->ops->login_failure_add(db, "address", rq->ip, now, &rq->err) == 0)
                db_commit(db, &rq->err);
            else
                db_rollback(db);
        }
        return reply_error(rq, ERR_UNAUTHENTICATED, "auth.invalid_credentials",
                           "email/NIP atau kata sandi salah", "wrong email/NIP or password");
    }
    if (!u.p.active)
        return reply_error(rq, ERR_FORBIDDEN, "auth.inactive",
                           "akun Anda dinonaktifkan; hubungi admin",
                           "your account is deactivated; contact the administrator");
    /* A hash made with heavier parameters (libsodium's 64 MiB "interactive"
    ** preset, before crypto.c's 19 MiB) is made anew now that the password
    ** is known: verifying it put the server 64 MB over its usual memory at
    ** every sign-in. */
    char fresh[PASSWORD_HASH_MAX];
    bool rehash = password_needs_rehash(u.password_hash) && password_hash(password, fresh) == 0;
    char token[TOKEN_HEX], csrf[TOKEN_HEX];
    token_random_hex(token);
    token_random_hex(csrf);
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash(rq->app->token_key, token, h);
    long ttl = rq->app->cfg->session_hours * 3600;
    json_t *user;
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db->ops->login_failure_clear(db, "account", account, &rq->err) != 0 ||
        (rehash && db->ops->user_rehash(db, u.p.id, u.password_hash, fresh, &rq->err) != 0) ||
        db->ops->session_create(db, u.p.id, h, csrf, now + ttl, rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    if (!(user = user_json(rq, db, &u.p)))
        return reply_err(rq, &rq->err);
    http_set_session_cookie(rq, token, ttl);
    return reply_json(rq, 200, json_pack("{s:o, s:s}", "user", user, "csrf_token", csrf));
}

int api_auth_logout(struct req *rq)
{
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    if (rq->via_cookie && db->ops->session_delete(db, rq->session_hash, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    http_set_session_cookie(rq, NULL, 0);
    return reply_empty(rq);
}

int api_me(struct req *rq)
{
    struct db *db = req_db(rq);
    json_t *user;
    if (!db || !(user = user_json(rq, db, &rq->user->p)))
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, json_pack("{s:o, s:s?}", "user", user, "csrf_token",
                                         rq->csrf_token));
}

int api_tokens_create(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *name = json_str(body, "name");
    json_t *days = json_object_get(body, "expires_in_days");
    if (!name || !*name || strlen(name) > 100)
        err_field(&rq->err, "name", "wajib diisi (maks. 100 karakter)",
                  "is required (at most 100 characters)");
    if (days && (!json_is_integer(days) || json_integer_value(days) < 1 ||
                 json_integer_value(days) > 3650))
        err_field(&rq->err, "expires_in_days", "harus 1–3650", "must be 1–3650");
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    char token[TOKEN_HEX];
    token_random_hex(token);
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash(rq->app->token_key, token, h);
    int64_t expires = days ? (int64_t)time(NULL) + json_integer_value(days) * 86400 : 0, id;
    if (!(db = req_db(rq)) || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db->ops->token_create(db, rq->user->p.id, name, h, expires, &id, &rq->err) != 0 ||
        db->ops->audit_add(db, rq->user->p.id, "create", "tokens", id, NULL, rq->ip,
                           &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    char exp[32] = "";
    if (expires) {
        time_t t = (time_t)expires;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(exp, sizeof exp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    /* The secret is shown once; only its hash is kept. */
    return reply_json(rq, 201, json_pack("{s:I, s:s, s:s, s:s?}", "id", (json_int_t)id, "name",
                                         name, "token", token, "expires_at",
                                         expires ? exp : NULL));
}
