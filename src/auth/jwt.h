/* Compact JWS (JWT) parsing and verification for OpenID Connect ID tokens
** (issue #22 item 5): base64url, the three parts, the signature against a
** key of the provider's JWKS (RS256, ES256; OpenSSL libcrypto) and the
** claims an ID token must carry. Only these two algorithms are accepted:
** "none", the HMAC family (the "HS256 with the public key as secret"
** trick) and anything else are refused before any key is looked at. */
#ifndef LOKET_AUTH_JWT_H
#define LOKET_AUTH_JWT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Results; jwt_code gives each its stable error code ("oidc.…"). */
enum jwt_result {
    JWT_OK = 0,
    JWT_MALFORMED = -1, /* not three base64url parts of JSON objects */
    JWT_ALG = -2,       /* an algorithm other than RS256 / ES256 */
    JWT_NO_KEY = -3,    /* no key of the JWKS fits kid and alg */
    JWT_BAD_SIG = -4,   /* the signature does not verify */
    JWT_ISS = -5,       /* iss is not the configured issuer */
    JWT_AUD = -6,       /* aud (or azp) is not the client */
    JWT_EXPIRED = -7,   /* exp in the past (beyond the leeway) or missing */
    JWT_IAT = -8,       /* iat missing or in the future (beyond the leeway) */
    JWT_NONCE = -9,     /* nonce missing or not the one sent */
    JWT_SUB = -10,      /* no subject */
};

enum { JWT_MAX_LEN = 16384 };

struct jwt {
    json_t *header, *claims; /* owned */
    const char *alg, *kid;   /* in header; kid may be NULL */
    unsigned char *sig;      /* owned */
    size_t sig_len;
    size_t signed_len;       /* the token's first signed_len bytes are signed */
    const char *token;       /* the caller's string */
};

/* base64url without padding (padding is tolerated on decoding). Decoding
** mallocs *out (NUL-terminated, *out_len without the NUL); returns 0 or -1
** for a character outside the alphabet or an impossible length. */
int b64url_decode(const char *in, size_t len, unsigned char **out, size_t *out_len);
/* Writes the encoding of n bytes and a NUL into out, which must have room
** for b64url_len(n) + 1 bytes; returns the length. */
size_t b64url_encode(const unsigned char *in, size_t n, char *out);
static inline size_t b64url_len(size_t n) { return (n * 4 + 2) / 3; }

/* Splits and decodes token (kept by reference). JWT_OK, JWT_MALFORMED or
** JWT_ALG; on success free with jwt_free. */
int jwt_parse(const char *token, struct jwt *out);
void jwt_free(struct jwt *t);
/* Verifies the signature with the key of jwks ({"keys": [...]}) whose kid
** matches (any fitting key when the token has no kid) and whose type fits
** the algorithm. JWT_OK, JWT_NO_KEY or JWT_BAD_SIG. */
int jwt_verify(const struct jwt *t, const json_t *jwks);
/* The ID token's claims: iss equal to issuer, client_id in aud (and azp,
** when present, equal to it), exp and iat within leeway seconds of now,
** nonce equal, a non-empty sub. */
int jwt_check_claims(const struct jwt *t, const char *issuer, const char *client_id,
                     const char *nonce, int64_t now, int64_t leeway);
/* "oidc.token_malformed", "oidc.token_alg", ... for a result. */
const char *jwt_code(int result);

/* The claim named path ("groups", or dotted like "realm_access.roles") of
** claims; NULL when it is missing. */
const json_t *jwt_claim(const json_t *claims, const char *path);
/* The string values of a claim (a string, or the strings of an array), by
** reference, into out[max], for dir_map_match (auth/directory_map.h);
** returns how many. */
size_t jwt_claim_strings(const json_t *claim, const char **out, size_t max);

#endif
