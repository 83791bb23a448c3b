/* OpenID Connect client side (issue #22 item 5): the provider's discovery
** document and JWKS fetched with libcurl and cached (the JWKS refetched when
** a token names an unknown kid), the code-for-token exchange, PKCE (S256),
** and the mapping of a claim's values to a Loket role, tier and unit.
** Nothing here knows the store or HTTP requests; api/oidc.c drives it. */
#ifndef LOKET_AUTH_OIDC_H
#define LOKET_AUTH_OIDC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The endpoints of one provider, copied out of the cache. */
struct oidc_endpoints {
    char authorization[1024], token[1024], jwks[1024];
};

/* The discovery document of issuer (cached for an hour; its "issuer" must
** equal issuer exactly). 0, or -1 with a short English reason in why. */
int oidc_discover(const char *issuer, struct oidc_endpoints *out, char *why, size_t why_len);
/* The provider's JWKS (a new reference), fetched when not cached, older
** than an hour, or when refresh is set (a token named an unknown kid; at
** most once a minute). NULL with why on failure. */
json_t *oidc_jwks(const char *issuer, bool refresh, char *why, size_t why_len);
/* POSTs the authorization code with the PKCE verifier to the token
** endpoint (client_secret_post) and returns its JSON answer (a new
** reference) or NULL with why. */
json_t *oidc_token_exchange(const char *token_endpoint, const char *client_id,
                            const char *client_secret, const char *code, const char *verifier,
                            const char *redirect_uri, char *why, size_t why_len);
/* Forgets the cached documents (tests; a changed issuer). */
void oidc_cache_clear(void);

enum { OIDC_RANDOM_LEN = 43 }; /* 32 random bytes as base64url */
/* 32 random bytes as base64url into out[OIDC_RANDOM_LEN + 1] (state, nonce,
** PKCE verifier). */
void oidc_random(char out[OIDC_RANDOM_LEN + 1]);
/* The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
void oidc_pkce_challenge(const char *verifier, char out[OIDC_RANDOM_LEN + 1]);

/* ---- claim mapping ------------------------------------------------------
** oidc_role_map: rules separated by ';', each "VALUE=ROLE[:TIER][@UNIT]"
** (ROLE requester, agent, leader or admin; TIER 1-3; UNIT a unit id), VALUE
** "*" for everyone. The first rule (in the configured order) whose VALUE is
** among the claim's values wins. */
struct oidc_role {
    char role[16];
    int tier;        /* 0 = none */
    int64_t unit_id; /* 0 = none */
};
/* Checks the map's syntax; 0 or -1 (why names the bad rule). */
int oidc_map_check(const char *map, char *why, size_t why_len);
/* The role for a claim value (a string or an array of strings; NULL when the
** claim is missing): 0 and *out, or -1 when no rule matches. */
int oidc_map_role(const char *map, const json_t *claim, struct oidc_role *out);
/* The claim named path ("groups", or dotted like "realm_access.roles") of claims. */
const json_t *oidc_claim(const json_t *claims, const char *path);

#endif
