/* GET|POST /api/v1/auth/signup and POST /auth/verify (issue #16 item 4): parse,
** throttle, call svc/signup, answer. GET tells the login page whether to
** offer sign-up. Sign-up always answers 202 with the
** same body, whether or not the address had an account. */
#include "api/api.h"
#include "api/json.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/reply.h"
#include "store/store.h"
#include "svc/signup.h"
#include "svc/user_invite.h"

#include <string.h>
#include <strings.h>
#include <time.h>

/* JSON only, like login: a plain cross-site form cannot post here. */
static int json_body(struct req *rq, json_t **body)
{
    const char *ct = req_header(rq, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0)
        return err_set(&rq->err, ERR_UNSUPPORTED, "request.content_type",
                       "kirim data sebagai application/json", "send the data as application/json");
    return api_body(rq, body);
}

/* s without leading and trailing white space, in the request's arena. */
static const char *trim(struct arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return arena_strndup(a, s, n);
}

/* 429 while this client address waits; counts this attempt when count. */
static int throttle(struct req *rq, struct db *db, const char *account, bool count, int64_t now)
{
    struct login_throttle t;
    if (db_login_throttle_get(db, account, rq->ip, &t, &rq->err) != 0 ||
        api_throttled(rq, &t, now) != 0)
        return rq->err.kind;
    if (count)
        api_note_failure(rq, db, account, now);
    return 0;
}

int api_auth_signup_status(struct req *rq)
{
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, json_pack("{s:b}", "enabled",
                                         svc_signup_enabled(db, rq->arena, rq->app->cfg)));
}

int api_auth_signup(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (json_body(rq, &body) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    if (!svc_signup_enabled(db, rq->arena, rq->app->cfg))
        return reply_error(rq, ERR_FORBIDDEN, "signup.disabled",
                           "pendaftaran mandiri tidak dibuka; hubungi admin",
                           "self sign-up is closed; contact the administrator");
    const char *lang = json_str(body, "locale");
    struct signup_req r = {.email = json_str(body, "email"), .name = json_str(body, "name"),
                           .password = json_str(body, "password"),
                           .locale = lang && !strcmp(lang, "en") ? "en" : "id"};
    if (r.name) /* names are shown and mailed: no leading or trailing spaces */
        r.name = trim(rq->arena, r.name);
    if (r.email)
        r.email = trim(rq->arena, r.email);
    if (svc_signup_check(&r, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    int64_t now = (int64_t)time(NULL);
    /* Every accepted sign-up counts against the client address, so one
    ** address cannot mail-bomb strangers or fill the users table. */
    if (throttle(rq, db, "signup", true, now) != 0)
        return reply_err(rq, &rq->err);
    char hash[PASSWORD_HASH_MAX]; /* slow: before the transaction */
    if (password_hash(r.password, hash) != 0)
        return reply_error(rq, ERR_INTERNAL, "internal", "gagal menyimpan kata sandi",
                           "password hashing failed");
    r.password_hash = hash;
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_signup(db, rq->arena, rq->app->cfg, rq->app->token_key, &r, now, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 202, json_pack("{s:s}", "status", "check_email"));
}

int api_auth_verify(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (json_body(rq, &body) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    const char *token = json_str(body, "token");
    if (!token || strlen(token) != TOKEN_HEX - 1)
        return reply_error(rq, ERR_NOT_FOUND, "signup.invalid_token",
                           "tautan verifikasi tidak berlaku atau sudah kedaluwarsa",
                           "the verification link is invalid or has expired");
    int64_t now = (int64_t)time(NULL), uid = 0;
    if (throttle(rq, db, "verify", false, now) != 0)
        return reply_err(rq, &rq->err);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_signup_verify(db, rq->app->token_key, token, now, &uid, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        if (rq->err.kind == ERR_NOT_FOUND) /* guessing tokens is throttled like passwords */
            api_note_failure(rq, db, "verify", now);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:s, s:I}", "status", "verified", "user_id",
                                         (json_int_t)uid));
}

/* POST /api/v1/auth/invite {"token","password"} (issue #20 item 7): the
** invited user sets their own password; the link works once. Wrong tokens
** are throttled like passwords. */
int api_auth_invite(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (json_body(rq, &body) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    const char *token = json_str(body, "token"), *pw = json_str(body, "password");
    const char *why = pw ? password_weak(pw) : "required";
    if (why) {
        err_invalid(&rq->err, "password", "kata sandi harus 8–256 karakter", why);
        return reply_err(rq, &rq->err);
    }
    int64_t now = (int64_t)time(NULL), uid = 0;
    if (throttle(rq, db, "invite", false, now) != 0)
        return reply_err(rq, &rq->err);
    if (!token || strlen(token) != TOKEN_HEX - 1) {
        api_note_failure(rq, db, "invite", now);
        return reply_error(rq, ERR_NOT_FOUND, "invite.invalid_token",
                           "tautan undangan tidak berlaku atau sudah kedaluwarsa",
                           "the invitation link is invalid or has expired");
    }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(pw, hash) != 0)
        return reply_error(rq, ERR_INTERNAL, "internal", "gagal membuat hash kata sandi",
                           "password hashing failed");
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_user_invite_accept(db, rq->app->token_key, token, hash, now, &uid, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        if (rq->err.kind == ERR_NOT_FOUND)
            api_note_failure(rq, db, "invite", now);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:s}", "status", "password_set"));
}
