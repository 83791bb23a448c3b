/* Sign-in with the office directory by OpenID Connect (issue #22 item 5;
** docs/directory-login-oidc.md): the authorization code flow with PKCE
** (S256), state and nonce.
**
**   GET /api/v1/auth/oidc           whether it is offered, and the button label
**   GET /api/v1/auth/oidc/start     → 302 to the provider's authorization endpoint
**   GET /api/v1/auth/oidc/callback  → code for tokens, ID token verified, a
**                                     normal Loket session, 302 into the app
**
** The state is kept server-side (oidc_pending, by its keyed hash) together
** with the nonce, the PKCE verifier and the keyed hash of a short-lived
** cookie set by /start: a callback from another browser (a login CSRF) finds
** no matching cookie. Every failure sends the browser back to the login page
** with a stable code (#/login?oidc_error=oidc.…) and creates no session. */
#include "api/api.h"
#include "auth/directory_map.h"
#include "auth/jwt.h"
#include "auth/oidc.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/auth.h"
#include "http/reply.h"
#include "store/oidc_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char BROWSER_COOKIE[] = "loket_oidc";
enum { PENDING_SECONDS = 600, LEEWAY_SECONDS = 120 };

static bool enabled(const struct config *c)
{
    return c->oidc_issuer && *c->oidc_issuer && c->oidc_client_id && *c->oidc_client_id;
}

/* base_url without a trailing slash + the callback's path. */
static const char *redirect_uri(struct req *rq)
{
    const char *b = rq->app->cfg->base_url;
    size_t n = strlen(b);
    while (n && b[n - 1] == '/')
        n--;
    return arena_printf(rq->arena, "%.*s/api/v1/auth/oidc/callback", (int)n, b);
}

/* RFC 3986 percent-encoding of everything but the unreserved characters. */
static const char *pct(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *d = arena_alloc(a, n * 3 + 1), *o = d;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = 0;
    return d;
}

/* Back to the login page with a stable code; why goes to the log only. */
static int fail(struct req *rq, const char *code, const char *why)
{
    log_msg(LOG_WARN, "oidc sign-in refused: %s%s%s (req %s)", code, why ? ": " : "",
            why ? why : "", rq->id);
    return reply_redirect(rq, arena_printf(rq->arena, "/#/login?oidc_error=%s", code));
}

int api_auth_oidc_status(struct req *rq)
{
    const struct config *c = rq->app->cfg;
    bool on = enabled(c);
    return reply_json(rq, 200,
                      json_pack("{s:b, s:s*}", "enabled", on, "label",
                                on ? c->oidc_button_label : NULL));
}

static int not_offered(struct req *rq)
{
    return reply_error(rq, ERR_NOT_FOUND, "oidc.off",
                       "masuk dengan direktori kantor tidak diaktifkan",
                       "sign-in with the office directory is not enabled");
}

int api_auth_oidc_start(struct req *rq)
{
    const struct config *c = rq->app->cfg;
    if (!enabled(c))
        return not_offered(rq);
    char why[256] = "";
    struct dir_map *m = arena_alloc(rq->arena, sizeof *m);
    if (dir_map_parse("oidc_role_map", c->oidc_role_map, m, why, sizeof why) != 0)
        return fail(rq, "oidc.config", why);
    struct oidc_endpoints ep;
    if (oidc_discover(c->oidc_issuer, &ep, why, sizeof why) != 0)
        return fail(rq, "oidc.provider_unreachable", why);
    char state[OIDC_RANDOM_LEN + 1], nonce[OIDC_RANDOM_LEN + 1], verifier[OIDC_RANDOM_LEN + 1],
        challenge[OIDC_RANDOM_LEN + 1], browser[TOKEN_HEX];
    oidc_random(state);
    oidc_random(nonce);
    oidc_random(verifier);
    oidc_pkce_challenge(verifier, challenge);
    token_random_hex(browser);
    unsigned char state_h[TOKEN_HASH_BYTES], browser_h[TOKEN_HASH_BYTES];
    _Static_assert((int)TOKEN_HASH_BYTES == (int)OIDC_HASH_BYTES, "hash sizes");
    token_hash(rq->app->token_key, state, state_h);
    token_hash(rq->app->token_key, browser, browser_h);
    int64_t now = (int64_t)time(NULL);
    struct db *db = req_db(rq);
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_oidc_pending_put(db, state_h, browser_h, nonce, verifier, now + PENDING_SECONDS, now,
                            &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    bool secure = rq->app->tls || strncasecmp(c->base_url, "https://", 8) == 0;
    rq->set_cookie = arena_printf(rq->arena,
                                  "%s=%s; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; "
                                  "Max-Age=%d%s",
                                  BROWSER_COOKIE, browser, PENDING_SECONDS,
                                  secure ? "; Secure" : "");
    const char *url = arena_printf(
        rq->arena,
        "%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s"
        "&code_challenge=%s&code_challenge_method=S256",
        ep.authorization, strchr(ep.authorization, '?') ? '&' : '?',
        pct(rq->arena, c->oidc_client_id), pct(rq->arena, redirect_uri(rq)),
        pct(rq->arena, c->oidc_scopes), state, nonce, challenge);
    return reply_redirect(rq, url);
}

/* The ID token of the token answer, verified (signature against the JWKS,
** refetched once for an unknown kid; then the claims). NULL with *code. */
static int verify_id_token(struct req *rq, const char *id_token, const char *nonce, struct jwt *t,
                           char *why, size_t why_len)
{
    const struct config *c = rq->app->cfg;
    int rc = jwt_parse(id_token, t);
    if (rc != JWT_OK)
        return rc;
    for (int attempt = 0; attempt < 2; attempt++) {
        json_t *jwks = oidc_jwks(c->oidc_issuer, attempt > 0, why, why_len);
        if (!jwks) {
            rc = JWT_NO_KEY;
            break;
        }
        rc = jwt_verify(t, jwks);
        json_decref(jwks);
        if (rc != JWT_NO_KEY)
            break;
    }
    if (rc == JWT_OK)
        rc = jwt_check_claims(t, c->oidc_issuer, c->oidc_client_id, nonce, (int64_t)time(NULL),
                              LEEWAY_SECONDS);
    if (rc != JWT_OK)
        jwt_free(t);
    return rc;
}

/* A claim as a string of at most max bytes, or NULL. */
static const char *claim_str(const json_t *claims, const char *name, size_t max)
{
    const json_t *j = json_object_get(claims, name);
    return json_is_string(j) && json_string_length(j) && json_string_length(j) <= max
               ? json_string_value(j)
               : NULL;
}

/* The local user for the verified claims and a new session for it. */
static int sign_in(struct req *rq, const json_t *claims)
{
    const struct config *c = rq->app->cfg;
    const char *email = claim_str(claims, "email", 254);
    if (!email || !strchr(email, '@'))
        return fail(rq, "oidc.no_email", "the ID token carries no email");
    const char *name = claim_str(claims, "name", 200);
    if (!name)
        name = claim_str(claims, "preferred_username", 200);
    if (!name)
        name = email;
    /* the shared mapping of the office directory (auth/directory_map.h) */
    struct dir_map *m = arena_alloc(rq->arena, sizeof *m);
    char why[256];
    if (dir_map_parse("oidc_role_map", c->oidc_role_map, m, why, sizeof why) != 0)
        return fail(rq, "oidc.config", why);
    const json_t *claim = jwt_claim(claims, c->oidc_role_claim);
    size_t max = json_is_array(claim) ? json_array_size(claim) : 1;
    const char **values = arena_alloc(rq->arena, (max ? max : 1) * sizeof *values);
    size_t n_values = jwt_claim_strings(claim, values, max);
    const struct dir_map_entry *role = dir_map_match(m, values, n_values);
    if (!role)
        return fail(rq, "oidc.no_role", "no rule of oidc_role_map matches");
    const json_t *verified = json_object_get(claims, "email_verified");
    struct oidc_user u = {
        .provider = c->oidc_issuer,
        .subject = json_string_value(json_object_get(claims, "sub")),
        .name = name,
        .email = email,
        .role = role->role,
        .tier = role->tier,
        .unit_id = role->unit_id,
        .link_email = c->oidc_link_email && json_is_true(verified),
    };
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    int64_t user_id = 0, now = (int64_t)time(NULL);
    bool active = false;
    char token[TOKEN_HEX], csrf[TOKEN_HEX];
    token_random_hex(token);
    token_random_hex(csrf);
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash(rq->app->token_key, token, h);
    long ttl = c->session_hours * 3600;
    struct err e = {0};
    if (db_begin(db, &e) != 0)
        return fail(rq, "oidc.store", e.msg[LOC_EN]);
    if (db_oidc_user_sync(db, &u, &user_id, &active, &e) != 0) {
        db_rollback(db);
        return fail(rq, e.kind == ERR_CONFLICT ? e.code : "oidc.store", e.msg[LOC_EN]);
    }
    if (!active) {
        db_rollback(db);
        return fail(rq, "oidc.inactive", "the account is deactivated");
    }
    if (db_session_create(db, user_id, h, csrf, now + ttl, rq->ip, &e) != 0 ||
        db_commit(db, &e) != 0) {
        db_rollback(db);
        return fail(rq, "oidc.store", e.msg[LOC_EN]);
    }
    log_msg(LOG_INFO, "oidc sign-in: user %lld (%s) as %s", (long long)user_id, email, role->role);
    http_set_session_cookie(rq, token, ttl);
    return reply_redirect(rq, "/#/");
}

int api_auth_oidc_callback(struct req *rq)
{
    const struct config *c = rq->app->cfg;
    if (!enabled(c))
        return not_offered(rq);
    const char *error = req_query(rq, "error");
    if (error)
        return fail(rq, !strcmp(error, "access_denied") ? "oidc.denied" : "oidc.provider_error",
                    "the provider answered with an error");
    const char *state = req_query(rq, "state"), *code = req_query(rq, "code");
    const char *cookie = req_cookie(rq, BROWSER_COOKIE);
    if (!state || !*state || strlen(state) > 128 || !code || !*code || strlen(code) > 4096)
        return fail(rq, "oidc.state", "state or code missing");
    unsigned char state_h[TOKEN_HASH_BYTES], browser_h[TOKEN_HASH_BYTES];
    token_hash(rq->app->token_key, state, state_h);
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    struct oidc_pending p;
    struct err e = {0};
    /* Taken (deleted) first: a state works once, whatever happens next. */
    if (db_oidc_pending_take(db, state_h, (int64_t)time(NULL), rq->arena, &p, &e) != 0)
        return fail(rq, "oidc.state", "unknown or expired state");
    char have[2 * TOKEN_HASH_BYTES + 1], want[2 * TOKEN_HASH_BYTES + 1];
    if (cookie && strlen(cookie) < 256)
        token_hash(rq->app->token_key, cookie, browser_h);
    else
        random_bytes(browser_h, sizeof browser_h);
    hex_encode(browser_h, sizeof browser_h, have);
    hex_encode(p.browser, sizeof p.browser, want);
    if (!secret_equal(have, want))
        return fail(rq, "oidc.state", "the sign-in was started in another browser");
    char why[200] = "";
    struct oidc_endpoints ep;
    if (oidc_discover(c->oidc_issuer, &ep, why, sizeof why) != 0)
        return fail(rq, "oidc.provider_unreachable", why);
    json_t *tok = oidc_token_exchange(ep.token, c->oidc_client_id, c->oidc_client_secret, code,
                                      p.verifier, redirect_uri(rq), why, sizeof why);
    if (!tok)
        return fail(rq, "oidc.token_exchange", why);
    const char *id_token = json_string_value(json_object_get(tok, "id_token"));
    struct jwt t;
    int rc = id_token ? verify_id_token(rq, id_token, p.nonce, &t, why, sizeof why) : JWT_MALFORMED;
    json_decref(tok);
    if (rc != JWT_OK)
        return fail(rq, jwt_code(rc), why[0] ? why : NULL);
    rc = sign_in(rq, t.claims);
    jwt_free(&t);
    return rc;
}
