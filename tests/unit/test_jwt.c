/* JWT parsing and verification (src/auth/jwt.c) and the claim lookup the
** OpenID Connect sign-in's role map reads (issue #22 item 5):
** base64url both ways, tokens signed here with fresh RSA and P-256 keys
** (OpenSSL), every refusal with its code, PKCE's S256 challenge against
** RFC 7636's example, and the claim values against the shared map's
** first-match order (auth/directory_map.c). */
#include "auth/directory_map.h"
#include "auth/jwt.h"
#include "auth/oidc.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static EVP_PKEY *rsa, *rsa_other, *ecp;

static char *b64(const unsigned char *d, size_t n)
{
    char *o = malloc(b64url_len(n) + 1);
    b64url_encode(d, n, o);
    return o;
}

static char *bn_b64(EVP_PKEY *k, const char *name, int pad)
{
    BIGNUM *bn = NULL;
    assert_int_equal(EVP_PKEY_get_bn_param(k, name, &bn), 1);
    unsigned char buf[512];
    int n = pad ? BN_bn2binpad(bn, buf, pad) : BN_bn2bin(bn, buf);
    BN_free(bn);
    return b64(buf, (size_t)n);
}

/* {"keys": [the RSA key as rsa-1, the P-256 key as ec-1]} */
static json_t *jwks(void)
{
    char *n = bn_b64(rsa, OSSL_PKEY_PARAM_RSA_N, 0), *e = bn_b64(rsa, OSSL_PKEY_PARAM_RSA_E, 0);
    char *x = bn_b64(ecp, OSSL_PKEY_PARAM_EC_PUB_X, 32), *y = bn_b64(ecp, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
    json_t *j = json_pack("{s:[{s:s,s:s,s:s,s:s},{s:s,s:s,s:s,s:s,s:s}]}", "keys", "kty", "RSA",
                          "kid", "rsa-1", "n", n, "e", e, "kty", "EC", "kid", "ec-1", "crv",
                          "P-256", "x", x, "y", y);
    free(n), free(e), free(x), free(y);
    return j;
}

/* header.payload.signature with key (NULL: empty signature). */
static char *sign(const char *header, const char *claims, EVP_PKEY *key, bool es)
{
    char *h = b64((const unsigned char *)header, strlen(header));
    char *c = b64((const unsigned char *)claims, strlen(claims));
    size_t len = strlen(h) + strlen(c) + 1;
    char *signing = malloc(len + 1);
    snprintf(signing, len + 1, "%s.%s", h, c);
    unsigned char sig[600];
    size_t sig_len = 0;
    if (key) {
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        sig_len = sizeof sig;
        assert_int_equal(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key), 1);
        assert_int_equal(EVP_DigestSign(md, sig, &sig_len, (unsigned char *)signing, len), 1);
        EVP_MD_CTX_free(md);
        if (es) { /* DER → raw r||s */
            const unsigned char *p = sig;
            ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)sig_len);
            BN_bn2binpad(ECDSA_SIG_get0_r(s), sig, 32);
            BN_bn2binpad(ECDSA_SIG_get0_s(s), sig + 32, 32);
            ECDSA_SIG_free(s);
            sig_len = 64;
        }
    }
    char *s = b64(sig, sig_len);
    char *tok = malloc(len + strlen(s) + 2);
    sprintf(tok, "%s.%s", signing, s);
    free(h), free(c), free(signing), free(s);
    return tok;
}

static const char CLAIMS[] = "{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"loket\",\"sub\":\"u1\","
                             "\"exp\":1700000300,\"iat\":1700000000,\"nonce\":\"n-1\"}";
enum { NOW = 1700000100 };

/* Parses, verifies against jwks() and checks the claims: the first failure. */
static int check(const char *tok)
{
    struct jwt t;
    int rc = jwt_parse(tok, &t);
    if (rc != JWT_OK)
        return rc;
    json_t *k = jwks();
    rc = jwt_verify(&t, k);
    if (rc == JWT_OK)
        rc = jwt_check_claims(&t, "https://sso.test/realms/k", "loket", "n-1", NOW, 120);
    json_decref(k);
    jwt_free(&t);
    return rc;
}

static void test_base64url(void **state)
{
    (void)state;
    char out[16];
    assert_int_equal(b64url_encode((const unsigned char *)"\xfb\xff", 2, out), 3);
    assert_string_equal(out, "-_8");
    unsigned char *d;
    size_t n;
    assert_int_equal(b64url_decode("-_8", 3, &d, &n), 0);
    assert_int_equal(n, 2);
    assert_memory_equal(d, "\xfb\xff", 2);
    free(d);
    assert_int_equal(b64url_decode("TWE=", 4, &d, &n), 0); /* padding tolerated */
    assert_int_equal(n, 2);
    assert_memory_equal(d, "Ma", 2);
    free(d);
    assert_int_equal(b64url_decode("a+b/", 4, &d, &n), -1); /* not the URL alphabet */
    assert_int_equal(b64url_decode("abcde", 5, &d, &n), -1); /* impossible length */
    for (size_t len = 0; len < 40; len++) {
        unsigned char raw[40];
        for (size_t i = 0; i < len; i++)
            raw[i] = (unsigned char)(i * 37 + len);
        char enc[64];
        assert_int_equal(b64url_encode(raw, len, enc), b64url_len(len));
        assert_int_equal(b64url_decode(enc, strlen(enc), &d, &n), 0);
        assert_int_equal(n, len);
        assert_memory_equal(d, raw, len);
        free(d);
    }
}

static void test_pkce(void **state)
{
    (void)state;
    char c[OIDC_RANDOM_LEN + 1], r1[OIDC_RANDOM_LEN + 1], r2[OIDC_RANDOM_LEN + 1];
    /* RFC 7636 appendix B */
    oidc_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", c);
    assert_string_equal(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    oidc_random(r1);
    oidc_random(r2);
    assert_int_equal(strlen(r1), OIDC_RANDOM_LEN);
    assert_string_not_equal(r1, r2);
}

static void test_good_tokens(void **state)
{
    (void)state;
    char *t = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", CLAIMS, rsa, false);
    assert_int_equal(check(t), JWT_OK);
    free(t);
    t = sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", CLAIMS, ecp, true);
    assert_int_equal(check(t), JWT_OK);
    free(t);
    t = sign("{\"alg\":\"RS256\"}", CLAIMS, rsa, false); /* no kid: any fitting key */
    assert_int_equal(check(t), JWT_OK);
    free(t);
}

static void test_refused_tokens(void **state)
{
    (void)state;
    char *t = sign("{\"alg\":\"none\",\"kid\":\"rsa-1\"}", CLAIMS, NULL, false);
    assert_int_equal(check(t), JWT_ALG);
    free(t);
    t = sign("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", CLAIMS, NULL, false);
    assert_int_equal(check(t), JWT_ALG);
    free(t);
    t = sign("{\"kid\":\"rsa-1\"}", CLAIMS, rsa, false);
    assert_int_equal(check(t), JWT_ALG);
    free(t);
    t = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", CLAIMS, rsa_other, false);
    assert_int_equal(check(t), JWT_BAD_SIG);
    free(t);
    t = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-9\"}", CLAIMS, rsa, false);
    assert_int_equal(check(t), JWT_NO_KEY);
    free(t);
    /* ES256 header with the RSA key's kid: the key type must fit the algorithm */
    t = sign("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}", CLAIMS, ecp, true);
    assert_int_equal(check(t), JWT_NO_KEY);
    free(t);
    t = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[\"x\"]}", CLAIMS, rsa, false);
    assert_int_equal(check(t), JWT_MALFORMED);
    free(t);
    /* the payload changed after signing: another payload, the old signature */
    t = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", CLAIMS, rsa, false);
    char *t2 = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    "{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"loket\",\"sub\":\"admin\","
                    "\"exp\":1700000300,\"iat\":1700000000,\"nonce\":\"n-1\"}", rsa, false);
    char *spliced = malloc(strlen(t) + strlen(t2) + 1);
    sprintf(spliced, "%.*s%s", (int)(strrchr(t2, '.') - t2), t2, strrchr(t, '.'));
    assert_int_equal(check(spliced), JWT_BAD_SIG);
    /* a signature one bit off */
    char *last = strrchr(t, '.') + 5;
    *last = *last == 'A' ? 'B' : 'A';
    assert_int_equal(check(t), JWT_BAD_SIG);
    free(t), free(t2), free(spliced);
    static const char *const bad[] = {"", "a", "a.b", "a.b.c.d", ".e30.", "e30.e30.e30", "e30..",
                                      "W10.e30.", "eyJhbGciOiJSUzI1NiJ9.W10.", NULL};
    for (int i = 0; bad[i]; i++)
        assert_true(check(bad[i]) == JWT_MALFORMED || check(bad[i]) == JWT_ALG);
}

static int claims_rc(const char *claims)
{
    char *t = sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims, rsa, false);
    int rc = check(t);
    free(t);
    return rc;
}

static void test_claims(void **state)
{
    (void)state;
    assert_int_equal(claims_rc("{\"iss\":\"https://evil/\",\"aud\":\"loket\",\"sub\":\"u\","
                               "\"exp\":1700000300,\"iat\":1700000000,\"nonce\":\"n-1\"}"), JWT_ISS);
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"other\",\"sub\":\"u\","
                               "\"exp\":1700000300,\"iat\":1700000000,\"nonce\":\"n-1\"}"), JWT_AUD);
    /* several audiences need azp = us */
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":[\"loket\",\"x\"],"
                               "\"sub\":\"u\",\"exp\":1700000300,\"iat\":1700000000,"
                               "\"nonce\":\"n-1\"}"), JWT_AUD);
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":[\"loket\",\"x\"],"
                               "\"azp\":\"loket\",\"sub\":\"u\",\"exp\":1700000300,"
                               "\"iat\":1700000000,\"nonce\":\"n-1\"}"), JWT_OK);
    /* expired beyond the leeway; within it still good */
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"loket\",\"sub\":\"u\","
                               "\"exp\":1699999900,\"iat\":1699999000,\"nonce\":\"n-1\"}"), JWT_EXPIRED);
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"loket\",\"sub\":\"u\","
                               "\"exp\":1700000000,\"iat\":1699999000,\"nonce\":\"n-1\"}"), JWT_OK);
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"loket\",\"sub\":\"u\","
                               "\"iat\":1700000000,\"nonce\":\"n-1\"}"), JWT_EXPIRED);
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"loket\",\"sub\":\"u\","
                               "\"exp\":1700009000,\"iat\":1700009000,\"nonce\":\"n-1\"}"), JWT_IAT);
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"loket\",\"sub\":\"u\","
                               "\"exp\":1700000300,\"iat\":1700000000,\"nonce\":\"n-2\"}"), JWT_NONCE);
    assert_int_equal(claims_rc("{\"iss\":\"https://sso.test/realms/k\",\"aud\":\"loket\","
                               "\"exp\":1700000300,\"iat\":1700000000,\"nonce\":\"n-1\"}"), JWT_SUB);
    assert_string_equal(jwt_code(JWT_ALG), "oidc.token_alg");
    assert_string_equal(jwt_code(JWT_BAD_SIG), "oidc.token_signature");
}

/* The claim values the shared role mapping (auth/directory_map.c, tested
** in test_directory.c) is matched against. */
static void test_role_map(void **state)
{
    (void)state;
    const char *map = " loket-admin => admin ; helpdesk=>agent:2@5; pimpinan => leader;* => requester";
    struct dir_map m;
    char why[128];
    assert_int_equal(dir_map_parse("oidc_role_map", map, &m, why, sizeof why), 0);
    json_t *claims = json_loads("{\"realm_access\":{\"roles\":[\"x\",3,\"helpdesk\",\"loket-admin\"]},"
                                "\"groups\":\"pimpinan\"}", 0, NULL);
    const char *v[8];
    size_t n = jwt_claim_strings(jwt_claim(claims, "realm_access.roles"), v, 8);
    assert_int_equal(n, 3); /* the strings only */
    assert_string_equal(v[1], "helpdesk");
    assert_string_equal(dir_map_match(&m, v, n)->role, "admin"); /* the map's order wins */
    assert_int_equal(jwt_claim_strings(jwt_claim(claims, "realm_access.roles"), v, 2), 2);
    n = jwt_claim_strings(jwt_claim(claims, "groups"), v, 8);
    assert_int_equal(n, 1);
    const struct dir_map_entry *e = dir_map_match(&m, v, n);
    assert_string_equal(e->role, "leader");
    assert_int_equal(e->tier, 0);
    assert_null(jwt_claim(claims, "missing.path"));
    assert_null(jwt_claim(claims, "groups.deeper"));
    assert_int_equal(jwt_claim_strings(NULL, v, 8), 0);
    assert_string_equal(dir_map_match(&m, v, 0)->role, "requester"); /* "*": no claim at all */
    json_decref(claims);
}

int main(void)
{
    rsa = EVP_RSA_gen(2048);
    rsa_other = EVP_RSA_gen(2048);
    ecp = EVP_EC_gen("P-256");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64url),     cmocka_unit_test(test_pkce),
        cmocka_unit_test(test_good_tokens),   cmocka_unit_test(test_refused_tokens),
        cmocka_unit_test(test_claims),        cmocka_unit_test(test_role_map),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(rsa_other);
    EVP_PKEY_free(ecp);
    return rc;
}
