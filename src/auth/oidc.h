/* OpenID Connect client side (issue #22 item 5): the provider's discovery
** document and JWKS fetched with libcurl and cached (the JWKS refetched when
** a token names an unknown kid), the code-for-token exchange and PKCE
** (S256).
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

/* The claim → role mapping (oidc_role_map) is the directory's shared one:
** dir_map_parse / dir_map_match of auth/directory_map.h over the values
** jwt_claim_strings (auth/jwt.h) reads from the oidc_role_claim claim. */

#endif
