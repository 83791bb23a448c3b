/* Login, logout, the current user, and API tokens (API.md "Auth"). */
#include "api/api.h"
#include "api/json.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/timefmt.h"
#include "http/auth.h"
#include "http/reply.h"
#include "svc/identity.h"
#include "api/directory.h"
#include "store/signup.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The full user record (as /api/v1/users/{id} shows it). */
/* The user record plus "sees_internal": whether the web app offers internal
** notes (false for an outside vendor without the permission), and
** "uses_partners": whether it offers the partner administration (admins,
** and partner admins with a unit: core/perm.c). */
static json_t *user_json(struct req *rq, struct db *db, const struct principal *p)
{
    struct record *r;
    if (db_rec_get(db, &res_users, p->id, rq->arena, &r, &rq->err) != 0)
        return NULL;
    json_t *o = record_to_json(&res_users, r);
    if (!identity_staff(p)) /* the identity check is staff's business (issue #21) */
        for (size_t i = 0; i < res_users.n_fields; i++)
            if (!strncmp(res_users.fields[i].name, "identity_", 9))
                json_object_del(o, res_users.fields[i].name);
    json_object_set_new(o, "sees_internal", json_boolean(perm_reads_internal(p)));
    json_object_set_new(o, "uses_partners", json_boolean(perm_can(p, ACT_PARTNER_USE, NULL)));
    return o;
}

static char *lower(struct arena *a, const char *s)
{
    char *d = arena_strdup(a, s);
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

/* ---- sign-in throttling ------------------------------------------------
** Per (account, client address): a flood of wrong passwords from one
** address slows only that address's attempts on that account, never the
** right user signing in from elsewhere, and no hard lock is left for an
** attacker to set. rq->ip is the client address (core/netaddr.h). */

/* 429 with Retry-After while the pair waits. */
int api_throttled(struct req *rq, const struct login_throttle *t, int64_t now)
{
    if (t->blocked_until <= now)
        return 0;
    rq->retry_after = (long)(t->blocked_until - now);
    return err_set(&rq->err, ERR_RATE_LIMITED, "auth.throttled",
                   "terlalu banyak percobaan masuk yang gagal; coba lagi dalam %ld detik",
                   "too many failed logins; try again in %ld seconds", rq->retry_after);
}

/* The pair's state after one more failure: counted from the last quiet
** spell, and from login_max_failures on, a wait of login_delay_seconds
** doubling with each further failure up to login_delay_max_seconds. */
static struct login_throttle after_failure(struct login_throttle t, int64_t now,
                                           const struct config *cfg)
{
    int64_t seen = t.blocked_until > t.last_failure_at ? t.blocked_until : t.last_failure_at;
    if (now - seen > cfg->login_window_minutes * 60)
        t.failures = 0;
    t.failures++;
    t.last_failure_at = now;
    if (t.failures >= cfg->login_max_failures) {
        int64_t over = t.failures - cfg->login_max_failures, delay = cfg->login_delay_seconds;
        while (over-- > 0 && delay < cfg->login_delay_max_seconds)
            delay *= 2;
        if (delay > cfg->login_delay_max_seconds)
            delay = cfg->login_delay_max_seconds;
        t.blocked_until = now + delay;
    }
    return t;
}

/* Records one failure of the pair (its own transaction). */
void api_note_failure(struct req *rq, struct db *db, const char *account, int64_t now)
{
    struct login_throttle t;
    struct err e = {0};
    if (db_begin(db, &e) != 0)
        return;
    if (db_login_throttle_get(db, account, rq->ip, &t, &e) == 0) {
        t = after_failure(t, now, rq->app->cfg);
        if (db_login_throttle_set(db, account, rq->ip, &t, &e) == 0 &&
            db_commit(db, &e) == 0)
            return;
    }
    db_rollback(db);
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
    int found = db_user_by_login(db, login, rq->arena, &u, &lookup_err) == 0;
    /* Count failures per account, whether it was named by email or by NIP. */
    const char *account = found ? arena_printf(rq->arena, "user:%lld", (long long)u.p.id)
                                : lower(rq->arena, login);
    struct login_throttle t;
    if (db_login_throttle_get(db, account, rq->ip, &t, &rq->err) != 0 ||
        api_throttled(rq, &t, now) != 0)
        return reply_err(rq, &rq->err);
    /* issue #22: directory accounts and unknown logins ask the office
    ** directory, on a thread of its own (api/directory.h) */
    enum dir_login dir = api_directory_login(rq, db, login, password, found ? &u : NULL, &u,
                                             api_auth_login);
    if (dir == DIR_LOGIN_PENDING)
        return 0; /* suspended: runs again once the directory answered */
    bool ok = dir == DIR_LOGIN_OK ||
              (dir == DIR_LOGIN_SKIP && found && password_verify(u.password_hash, password));
    if (!found && dir == DIR_LOGIN_SKIP)
        password_burn(password); /* unknown logins take as long as wrong passwords */
    if (!ok) {
        api_note_failure(rq, db, account, now);
        return reply_error(rq, ERR_UNAUTHENTICATED, "auth.invalid_credentials",
                           "email/NIP atau kata sandi salah", "wrong email/NIP or password");
    }
    bool pending = false;
    if (!u.p.active && signup_is_pending(db, u.p.id, &pending, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (pending) /* only told to whoever knows the password */
        return reply_error(rq, ERR_FORBIDDEN, "auth.unverified",
                           "alamat email belum diverifikasi; buka tautan di email pendaftaran",
                           "the email address is not verified yet; open the link in the "
                           "sign-up mail");
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
    if ((t.failures && db_login_throttle_clear(db, account, rq->ip, &rq->err) != 0) ||
        (rehash && db_user_rehash(db, u.p.id, u.password_hash, fresh, &rq->err) != 0) ||
        db_session_create(db, u.p.id, h, csrf, now + ttl, rq->ip, &rq->err) != 0 ||
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
    if (rq->via_cookie && db_session_delete(db, rq->session_hash, &rq->err) != 0)
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

/* ---- API tokens ----------------------------------------------------------
** The secret is shown once at creation; the store keeps its keyed hash.
** Owners list and revoke their own; admins those of any user
** (/api/v1/users/{id}/tokens). Expired tokens answer 401 and stay listed
** (with "expired": true) until revoked; revoked ones are gone from lists. */

enum { TOKEN_MAX_DAYS = 3650 };

/* "2026-12-31T23:59:59Z" (UTC, seconds optional) as unix seconds; -1 if not. */
static int64_t parse_utc(const char *s)
{
    struct tm tm = {0};
    const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
    if (!end && s)
        end = strptime(s, "%Y-%m-%dT%H:%M", &tm);
    if (!end || strcmp(end, "Z") != 0)
        return -1;
    return (int64_t)timegm(&tm);
}

/* expires_in_days or expires_at from the body into *expires (0 = never). */
static void token_expiry(struct req *rq, json_t *body, int64_t now, int64_t *expires)
{
    json_t *days = json_object_get(body, "expires_in_days"), *at = json_object_get(body, "expires_at");
    *expires = 0;
    if (days && !json_is_null(days)) {
        if (!json_is_integer(days) || json_integer_value(days) < 1 ||
            json_integer_value(days) > TOKEN_MAX_DAYS)
            err_field(&rq->err, "expires_in_days", "harus 1–3650", "must be 1–3650");
        else
            *expires = now + json_integer_value(days) * 86400;
    }
    if (at && !json_is_null(at)) {
        int64_t t = parse_utc(json_string_value(at));
        if (days && !json_is_null(days))
            err_field(&rq->err, "expires_at", "isi expires_at atau expires_in_days, bukan keduanya",
                      "give expires_at or expires_in_days, not both");
        else if (t <= now || t > now + (int64_t)TOKEN_MAX_DAYS * 86400)
            err_field(&rq->err, "expires_at",
                      "harus waktu UTC mendatang (YYYY-MM-DDTHH:MM:SSZ), paling lambat 3650 hari lagi",
                      "must be a future UTC time (YYYY-MM-DDTHH:MM:SSZ) at most 3650 days ahead");
        else
            *expires = t;
    }
}

static json_t *iso_or_null(int64_t t)
{
    if (!t)
        return json_null();
    char buf[32];
    time_fmt_iso(buf, sizeof buf, (time_t)t);
    return json_string(buf);
}

int api_tokens_create(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *name = json_str(body, "name");
    int64_t now = (int64_t)time(NULL), expires, id;
    if (!name || !*name || strlen(name) > 100)
        err_field(&rq->err, "name", "wajib diisi (maks. 100 karakter)",
                  "is required (at most 100 characters)");
    token_expiry(rq, body, now, &expires);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    char token[TOKEN_HEX];
    token_random_hex(token);
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash(rq->app->token_key, token, h);
    if (!(db = req_db(rq)) || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_token_create(db, rq->user->p.id, name, h, expires, &id, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "create", "tokens", id, NULL, rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    /* The secret is shown once; only its hash is kept. */
    return reply_json(rq, 201, json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)id,
                                         "name", name, "token", token, "created_at",
                                         iso_or_null(now), "expires_at", iso_or_null(expires)));
}

/* 200 with user_id's tokens. */
static int list_tokens(struct req *rq, struct db *db, int64_t user_id)
{
    struct token_row *items;
    size_t n;
    if (db_token_list(db, user_id, rq->arena, &items, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    int64_t now = (int64_t)time(NULL);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:o, s:o, s:b}", "id", (json_int_t)items[i].id, "name",
                           items[i].name, "created_at", iso_or_null(items[i].created_at),
                           "expires_at", iso_or_null(items[i].expires_at), "expired",
                           items[i].expires_at && items[i].expires_at <= now));
    return reply_json(rq, 200, json_pack("{s:o}", "items", arr));
}

/* Revokes user_id's token {token_id} and records who did it. */
static int revoke_token(struct req *rq, struct db *db, int64_t user_id, int64_t token_id)
{
    char detail[48];
    snprintf(detail, sizeof detail, "{\"user_id\":%lld}", (long long)user_id);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_token_revoke(db, user_id, token_id, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "revoke", "tokens", token_id, detail, rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_empty(rq);
}

/* Your own tokens; admins may name another user with ?user_id= (API.md),
** the same list as GET /users/{id}/tokens. */
int api_tokens_list(struct req *rq)
{
    const char *uid = req_query(rq, "user_id");
    int64_t user_id = rq->user->p.id;
    if (uid) {
        char *end;
        errno = 0;
        long long v = strtoll(uid, &end, 10);
        if (!perm_can(&rq->user->p, ACT_USER_WRITE, NULL))
            return reply_error(rq, ERR_FORBIDDEN, "forbidden", "Anda tidak berhak melakukan ini",
                               "you may not do this");
        if (end == uid || *end || errno || v <= 0) {
            err_invalid(&rq->err, "user_id", "harus berupa id pengguna", "must be a user id");
            return reply_err(rq, &rq->err);
        }
        struct user_auth u;
        struct db *udb = req_db(rq);
        if (!udb || db_user_by_id(udb, v, rq->arena, &u, &rq->err) != 0)
            return reply_err(rq, &rq->err);
        user_id = v;
    }
    struct db *db = req_db(rq);
    return db ? list_tokens(rq, db, user_id) : reply_err(rq, &rq->err);
}

/* Someone else's token id answers 404 like a missing one. */
int api_tokens_revoke(struct req *rq)
{
    struct db *db = req_db(rq);
    return db ? revoke_token(rq, db, rq->user->p.id, req_param_id(rq, "id"))
              : reply_err(rq, &rq->err);
}

/* The user named by {id} for the admins' routes: 404 user.not_found if none. */
static struct db *user_db(struct req *rq, int64_t *user_id)
{
    struct db *db = req_db(rq);
    struct user_auth u;
    *user_id = req_param_id(rq, "id");
    if (!db)
        return NULL;
    if (!*user_id)
        err_set(&rq->err, ERR_NOT_FOUND, "user.not_found", "pengguna tidak ditemukan",
                "user not found");
    else if (db_user_by_id(db, *user_id, rq->arena, &u, &rq->err) == 0)
        return db;
    return NULL;
}

int api_user_tokens_list(struct req *rq)
{
    int64_t user_id;
    struct db *db = user_db(rq, &user_id);
    return db ? list_tokens(rq, db, user_id) : reply_err(rq, &rq->err);
}

int api_user_tokens_revoke(struct req *rq)
{
    int64_t user_id;
    struct db *db = user_db(rq, &user_id);
    return db ? revoke_token(rq, db, user_id, req_param_id(rq, "token_id"))
              : reply_err(rq, &rq->err);
}
