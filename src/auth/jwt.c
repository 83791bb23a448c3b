/* Compact JWS parsing and RS256 / ES256 verification (see auth/jwt.h). */
#include "auth/jwt.h"
#include "auth/crypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int b64val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int b64url_decode(const char *in, size_t len, unsigned char **out, size_t *out_len)
{
    while (len && in[len - 1] == '=')
        len--;
    if (len % 4 == 1)
        return -1;
    unsigned char *d = malloc(len / 4 * 3 + 3);
    if (!d)
        return -1;
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64val((unsigned char)in[i]);
        if (v < 0) {
            free(d);
            return -1;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            d[n++] = (unsigned char)(acc >> bits);
        }
    }
    d[n] = 0;
    *out = d;
    *out_len = n;
    return 0;
}

size_t b64url_encode(const unsigned char *in, size_t n, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[o++] = abc[(acc >> bits) & 63];
        }
    }
    if (bits)
        out[o++] = abc[(acc << (6 - bits)) & 63];
    out[o] = 0;
    return o;
}

/* One base64url part as a JSON object, or NULL. */
static json_t *part_json(const char *s, size_t len)
{
    unsigned char *raw;
    size_t n;
    if (b64url_decode(s, len, &raw, &n) != 0)
        return NULL;
    json_t *j = json_loadb((const char *)raw, n, JSON_REJECT_DUPLICATES, NULL);
    free(raw);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

int jwt_parse(const char *token, struct jwt *out)
{
    memset(out, 0, sizeof *out);
    size_t len = token ? strnlen(token, JWT_MAX_LEN + 1) : 0;
    if (!len || len > JWT_MAX_LEN)
        return JWT_MALFORMED;
    const char *d1 = memchr(token, '.', len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - token)) : NULL;
    if (!d2 || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - token)) || d1 == token)
        return JWT_MALFORMED;
    out->token = token;
    out->signed_len = (size_t)(d2 - token);
    out->header = part_json(token, (size_t)(d1 - token));
    out->claims = part_json(d1 + 1, (size_t)(d2 - d1 - 1));
    if (!out->header || !out->claims ||
        b64url_decode(d2 + 1, len - (size_t)(d2 + 1 - token), &out->sig, &out->sig_len) != 0) {
        jwt_free(out);
        return JWT_MALFORMED;
    }
    out->alg = json_string_value(json_object_get(out->header, "alg"));
    out->kid = json_string_value(json_object_get(out->header, "kid"));
    /* Only the two asymmetric algorithms: "none" and HS256 never reach a key. */
    if (!out->alg || (strcmp(out->alg, "RS256") != 0 && strcmp(out->alg, "ES256") != 0)) {
        jwt_free(out);
        return JWT_ALG;
    }
    /* A "crit" header names extensions we do not understand (RFC 7515 4.1.11). */
    if (json_object_get(out->header, "crit")) {
        jwt_free(out);
        return JWT_MALFORMED;
    }
    return JWT_OK;
}

void jwt_free(struct jwt *t)
{
    json_decref(t->header);
    json_decref(t->claims);
    free(t->sig);
    memset(t, 0, sizeof *t);
}

/* A JWK member decoded into a BIGNUM (or raw bytes when raw is given). */
static BIGNUM *jwk_bn(const json_t *k, const char *name)
{
    const char *s = json_string_value(json_object_get(k, name));
    unsigned char *raw;
    size_t n;
    if (!s || b64url_decode(s, strlen(s), &raw, &n) != 0)
        return NULL;
    BIGNUM *bn = n ? BN_bin2bn(raw, (int)n, NULL) : NULL;
    free(raw);
    return bn;
}

static EVP_PKEY *from_params(const char *type, OSSL_PARAM_BLD *bld)
{
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = params ? EVP_PKEY_CTX_new_from_name(NULL, type, NULL) : NULL;
    if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return pkey;
}

/* An RSA public key of at least 2048 bits from n and e. */
static EVP_PKEY *rsa_key(const json_t *k)
{
    BIGNUM *n = jwk_bn(k, "n"), *e = jwk_bn(k, "e");
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    if (n && e && bld && BN_num_bits(n) >= 2048 && BN_num_bits(n) <= 16384 &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
        pkey = from_params("RSA", bld);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return pkey;
}

/* A P-256 public key from x and y (32 bytes each). */
static EVP_PKEY *ec_key(const json_t *k)
{
    const char *crv = json_string_value(json_object_get(k, "crv"));
    const char *xs = json_string_value(json_object_get(k, "x"));
    const char *ys = json_string_value(json_object_get(k, "y"));
    if (!crv || strcmp(crv, "P-256") != 0 || !xs || !ys)
        return NULL;
    unsigned char *x = NULL, *y = NULL, pt[65];
    size_t nx = 0, ny = 0;
    EVP_PKEY *pkey = NULL;
    if (b64url_decode(xs, strlen(xs), &x, &nx) == 0 && b64url_decode(ys, strlen(ys), &y, &ny) == 0 &&
        nx == 32 && ny == 32) {
        pt[0] = 0x04; /* uncompressed point */
        memcpy(pt + 1, x, 32);
        memcpy(pt + 33, y, 32);
        OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
        if (bld &&
            OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
            OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt))
            pkey = from_params("EC", bld);
        OSSL_PARAM_BLD_free(bld);
    }
    free(x);
    free(y);
    return pkey;
}

/* Whether key k may verify a token of alg with kid (NULL = any kid). */
static bool key_fits(const json_t *k, const char *alg, const char *kid)
{
    const char *kty = json_string_value(json_object_get(k, "kty"));
    const char *kkid = json_string_value(json_object_get(k, "kid"));
    const char *kalg = json_string_value(json_object_get(k, "alg"));
    const char *use = json_string_value(json_object_get(k, "use"));
    if (!kty || (kid && (!kkid || strcmp(kid, kkid) != 0)))
        return false;
    if (kalg && strcmp(kalg, alg) != 0)
        return false;
    if (use && strcmp(use, "sig") != 0)
        return false;
    return !strcmp(alg, "RS256") ? !strcmp(kty, "RSA") : !strcmp(kty, "EC");
}

/* ES256's raw r||s as the DER ECDSA-Sig-Value OpenSSL verifies; *der malloc'd. */
static int es256_der(const unsigned char *sig, size_t len, unsigned char **der, size_t *der_len)
{
    if (len != 64)
        return -1;
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, 32, NULL), *s = BN_bin2bn(sig + 32, 32, NULL);
    if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s)) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(es);
        return -1;
    }
    *der = NULL;
    int n = i2d_ECDSA_SIG(es, der);
    ECDSA_SIG_free(es);
    if (n <= 0)
        return -1;
    *der_len = (size_t)n;
    return 0;
}

static bool verify_with(const struct jwt *t, EVP_PKEY *pkey)
{
    const unsigned char *sig = t->sig;
    size_t sig_len = t->sig_len;
    unsigned char *der = NULL;
    bool es = !strcmp(t->alg, "ES256");
    if (es) {
        if (es256_der(t->sig, t->sig_len, &der, &sig_len) != 0)
            return false;
        sig = der;
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pkey) == 1 &&
              EVP_DigestVerify(md, sig, sig_len, (const unsigned char *)t->token,
                               t->signed_len) == 1;
    EVP_MD_CTX_free(md);
    OPENSSL_free(der);
    return ok;
}

int jwt_verify(const struct jwt *t, const json_t *jwks)
{
    const json_t *keys = json_object_get(jwks, "keys");
    bool tried = false;
    size_t i;
    json_t *k;
    if (!json_is_array(keys))
        return JWT_NO_KEY;
    json_array_foreach(keys, i, k) {
        if (!json_is_object(k) || !key_fits(k, t->alg, t->kid))
            continue;
        EVP_PKEY *pkey = !strcmp(t->alg, "RS256") ? rsa_key(k) : ec_key(k);
        if (!pkey)
            continue;
        tried = true;
        bool ok = verify_with(t, pkey);
        EVP_PKEY_free(pkey);
        if (ok)
            return JWT_OK;
    }
    return tried ? JWT_BAD_SIG : JWT_NO_KEY;
}

/* A NumericDate claim (integer or real seconds); false when absent. */
static bool num_claim(const json_t *claims, const char *name, int64_t *v)
{
    const json_t *j = json_object_get(claims, name);
    if (json_is_integer(j))
        *v = (int64_t)json_integer_value(j);
    else if (json_is_real(j) && json_real_value(j) > -1e15 && json_real_value(j) < 1e15)
        *v = (int64_t)json_real_value(j);
    else
        return false;
    return true;
}

int jwt_check_claims(const struct jwt *t, const char *issuer, const char *client_id,
                     const char *nonce, int64_t now, int64_t leeway)
{
    const json_t *c = t->claims, *aud = json_object_get(c, "aud");
    const char *iss = json_string_value(json_object_get(c, "iss"));
    if (!iss || strcmp(iss, issuer) != 0)
        return JWT_ISS;
    bool has_aud = false;
    size_t n_aud = 0;
    if (json_is_string(aud)) {
        has_aud = !strcmp(json_string_value(aud), client_id);
        n_aud = 1;
    } else if (json_is_array(aud)) {
        size_t i;
        json_t *a;
        json_array_foreach(aud, i, a) if (json_is_string(a) && !strcmp(json_string_value(a), client_id))
            has_aud = true;
        n_aud = json_array_size(aud);
    }
    const char *azp = json_string_value(json_object_get(c, "azp"));
    /* Several audiences: the token must have been issued to us (azp). */
    if (!has_aud || (azp && strcmp(azp, client_id) != 0) || (n_aud > 1 && !azp))
        return JWT_AUD;
    int64_t exp, iat;
    if (!num_claim(c, "exp", &exp) || exp + leeway < now)
        return JWT_EXPIRED;
    if (!num_claim(c, "iat", &iat) || iat - leeway > now)
        return JWT_IAT;
    const char *tn = json_string_value(json_object_get(c, "nonce"));
    if (!nonce || !tn || !secret_equal(tn, nonce))
        return JWT_NONCE;
    const char *sub = json_string_value(json_object_get(c, "sub"));
    if (!sub || !*sub || strlen(sub) > 255)
        return JWT_SUB;
    return JWT_OK;
}

const char *jwt_code(int result)
{
    switch (result) {
    case JWT_OK: return "ok";
    case JWT_MALFORMED: return "oidc.token_malformed";
    case JWT_ALG: return "oidc.token_alg";
    case JWT_NO_KEY: return "oidc.token_key";
    case JWT_BAD_SIG: return "oidc.token_signature";
    case JWT_ISS: return "oidc.token_issuer";
    case JWT_AUD: return "oidc.token_audience";
    case JWT_EXPIRED: return "oidc.token_expired";
    case JWT_IAT: return "oidc.token_iat";
    case JWT_NONCE: return "oidc.token_nonce";
    case JWT_SUB: return "oidc.token_subject";
    }
    return "oidc.token_malformed";
}

const json_t *jwt_claim(const json_t *claims, const char *path)
{
    const json_t *j = claims;
    char part[128];
    while (j && path && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof part)
            return NULL;
        memcpy(part, path, n);
        part[n] = 0;
        j = json_object_get(j, part);
        path = dot ? dot + 1 : path + n;
    }
    return j;
}

size_t jwt_claim_strings(const json_t *claim, const char **out, size_t max)
{
    size_t n = 0, i;
    json_t *e;
    if (json_is_string(claim) && max)
        out[n++] = json_string_value(claim);
    else if (json_is_array(claim))
        json_array_foreach(claim, i, e) {
            if (json_is_string(e) && n < max)
                out[n++] = json_string_value(e);
        }
    return n;
}
