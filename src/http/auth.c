/* Request authentication. Tokens travel in clear only to the client; the
** database holds their keyed BLAKE2b hash. */
#include "http/auth.h"
#include "core/arena.h"
#include "core/config.h"

#include <string.h>
#include <time.h>

const char SESSION_COOKIE[] = "loket_session";

static bool is_token(const char *s)
{
    if (!s || strlen(s) != TOKEN_HEX - 1)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

int http_authenticate(struct req *rq)
{
    const char *authz = req_header(rq, "Authorization");
    struct db *db;
    if (authz) {
        const char *tok = strncmp(authz, "Bearer ", 7) == 0 ? authz + 7 : NULL;
        if (!is_token(tok))
            return err_set(&rq->err, ERR_UNAUTHENTICATED, "auth.bad_token",
                           "token API tidak valid", "invalid API token");
        if (!(db = req_db(rq)))
            return rq->err.kind;
        unsigned char h[TOKEN_HASH_BYTES];
        token_hash(rq->app->token_key, tok, h);
        struct user_auth *u = arena_alloc(rq->arena, sizeof *u);
        int rc = db->ops->token_lookup(db, h, (int64_t)time(NULL), rq->arena, u, &rq->err);
        if (rc != 0)
            return rc;
        if (!u->p.active)
            return err_set(&rq->err, ERR_UNAUTHENTICATED, "auth.inactive",
                           "akun tidak aktif", "account is inactive");
        u->p.own_only = rq->app->cfg->requester_own_only;
        rq->user = u;
        return 0;
    }
    const char *cookie = req_cookie(rq, SESSION_COOKIE);
    if (!cookie)
        return 0;
    if (!is_token(cookie))
        return 0; /* garbage cookie: treat as anonymous */
    if (!(db = req_db(rq)))
        return rq->err.kind;
    token_hash(rq->app->token_key, cookie, rq->session_hash);
    struct session_row *s = arena_alloc(rq->arena, sizeof *s);
    int rc = db->ops->session_lookup(db, rq->session_hash, (int64_t)time(NULL), rq->arena, s,
                                     &rq->err);
    if (rc == ERR_UNAUTHENTICATED) {
        err_clear(&rq->err);
        return 0; /* expired: anonymous; routes needing a user answer 401 */
    }
    if (rc != 0)
        return rc;
    if (!s->user.p.active)
        return 0;
    rq->user = arena_alloc(rq->arena, sizeof *rq->user);
    *rq->user = s->user;
    rq->user->p.own_only = rq->app->cfg->requester_own_only;
    rq->via_cookie = true;
    rq->csrf_token = s->csrf_token;
    return 0;
}

int http_check_csrf(struct req *rq)
{
    if (!rq->via_cookie || rq->method == M_GET || rq->method == M_HEAD ||
        rq->method == M_OPTIONS)
        return 0;
    if (secret_equal(req_header(rq, "X-CSRF-Token"), rq->csrf_token))
        return 0;
    return err_set(&rq->err, ERR_FORBIDDEN, "auth.csrf",
                   "token CSRF tidak ada atau salah (header X-CSRF-Token)",
                   "missing or wrong CSRF token (X-CSRF-Token header)");
}

void http_set_session_cookie(struct req *rq, const char *token, long max_age)
{
    rq->set_cookie = arena_printf(rq->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s",
                                  SESSION_COOKIE, token ? token : "", token ? max_age : 0,
                                  rq->app->tls ? "; Secure" : "");
}
