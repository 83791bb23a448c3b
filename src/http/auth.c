/* Request authentication. Tokens travel in clear only to the client; the
** database holds their keyed BLAKE2b hash. */
#include "http/auth.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/cache.h"
#include "store/store.h"

#include <string.h>
#include <strings.h>
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

/* ---- the sign-in cache -------------------------------------------------
** A signed-in user as one blob: the principal, the session's expiry and
** the strings with their lengths. Keyed by 's' or 't' + the token hash and
** by the store's conf_generation (users, sessions and tokens), so a logout,
** a revoked token or a deactivated user misses at once. */

struct auth_blob {
    struct principal p;
    int64_t expires_at; /* 0 = an API token that never expires */
    uint32_t len[5];    /* name, email, nip, locale, csrf; UINT32_MAX = NULL */
};

static void auth_put(struct req *rq, char kind, const unsigned char *hash, size_t hlen,
                     uint64_t gen, const struct user_auth *u, const char *csrf,
                     int64_t expires_at)
{
    struct cache *c = rq->app->auth_cache;
    if (!c)
        return;
    const char *str[5] = {u->name, u->email, u->nip, u->locale, csrf};
    struct auth_blob b = {.p = u->p, .expires_at = expires_at};
    size_t total = sizeof b;
    for (int i = 0; i < 5; i++) {
        b.len[i] = str[i] ? (uint32_t)strlen(str[i]) : UINT32_MAX;
        total += str[i] ? b.len[i] : 0;
    }
    char *buf = arena_alloc(rq->arena, total), *o = buf + sizeof b;
    memcpy(buf, &b, sizeof b);
    for (int i = 0; i < 5; i++)
        if (str[i]) {
            memcpy(o, str[i], b.len[i]);
            o += b.len[i];
        }
    unsigned char key[1 + TOKEN_HASH_BYTES] = {(unsigned char)kind};
    memcpy(key + 1, hash, hlen);
    cache_put(c, key, 1 + hlen, gen, buf, total);
}

static bool auth_get(struct req *rq, char kind, const unsigned char *hash, size_t hlen,
                     uint64_t gen, struct user_auth *u, const char **csrf)
{
    struct cache *c = rq->app->auth_cache;
    unsigned char key[1 + TOKEN_HASH_BYTES] = {(unsigned char)kind};
    memcpy(key + 1, hash, hlen);
    char *buf;
    size_t len;
    if (!c || !cache_get_copy(c, key, 1 + hlen, gen, rq->arena, &buf, &len) ||
        len < sizeof(struct auth_blob))
        return false;
    struct auth_blob b;
    memcpy(&b, buf, sizeof b);
    if (b.expires_at && b.expires_at <= (int64_t)time(NULL))
        return false;
    const char *str[5];
    char *p = buf + sizeof b;
    for (int i = 0; i < 5; i++) {
        if (b.len[i] == UINT32_MAX) {
            str[i] = NULL;
            continue;
        }
        str[i] = arena_strndup(rq->arena, p, b.len[i]); /* not zeroed first */
        p += b.len[i];
    }
    *u = (struct user_auth){.p = b.p, .name = str[0], .email = str[1], .nip = str[2],
                            .locale = str[3]};
    if (csrf)
        *csrf = str[4];
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
        /* The sign-in cache knows an API token by a SipHash tag (~0.4k
        ** instructions), the database by its keyed BLAKE2b hash (~1.9k),
        ** computed only when the cache misses: every phone polling the
        ** queue signs in with each read (bench/README.md, appointments,
        ** sixth pass). A tag is a 128-bit PRF under a key no one outside
        ** the process sees, so two tokens share one by chance only. */
        unsigned char tag[TOKEN_TAG_BYTES];
        token_cache_tag(tok, tag);
        struct user_auth *u = arena_alloc(rq->arena, sizeof *u);
        uint64_t gen = store_conf_generation(rq->app->store);
        if (!auth_get(rq, 'T', tag, sizeof tag, gen, u, NULL)) {
            if (!(db = req_db(rq)))
                return rq->err.kind;
            unsigned char h[TOKEN_HASH_BYTES];
            token_hash(rq->app->token_key, tok, h);
            int64_t expires_at = 0;
            int rc = db_token_lookup(db, h, (int64_t)time(NULL), rq->arena, u,
                                     &expires_at, &rq->err);
            if (rc != 0)
                return rc;
            /* dropped once it expires */
            auth_put(rq, 'T', tag, sizeof tag, gen, u, NULL, expires_at);
        }
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
    token_hash(rq->app->token_key, cookie, rq->session_hash);
    struct session_row *s = arena_alloc(rq->arena, sizeof *s);
    uint64_t gen = store_conf_generation(rq->app->store);
    if (!auth_get(rq, 's', rq->session_hash, TOKEN_HASH_BYTES, gen, &s->user,
                  &s->csrf_token)) {
        if (!(db = req_db(rq)))
            return rq->err.kind;
        int rc = db_session_lookup(db, rq->session_hash, (int64_t)time(NULL), rq->arena,
                                   s, &rq->err);
        if (rc == ERR_UNAUTHENTICATED) {
            err_clear(&rq->err);
            return 0; /* expired: anonymous; routes needing a user answer 401 */
        }
        if (rc != 0)
            return rc;
        auth_put(rq, 's', rq->session_hash, TOKEN_HASH_BYTES, gen, &s->user, s->csrf_token,
                 s->expires_at);
    }
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

/* Secure whenever browsers reach us over https: our own TLS, or a TLS
** proxy in front of plain http that base_url names. */
void http_set_session_cookie(struct req *rq, const char *token, long max_age)
{
    bool secure = rq->app->tls || strncasecmp(rq->app->cfg->base_url, "https://", 8) == 0;
    rq->set_cookie = arena_printf(rq->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s",
                                  SESSION_COOKIE, token ? token : "", token ? max_age : 0,
                                  secure ? "; Secure" : "");
}
