/* libFuzzer target for what an OpenID Connect provider sends (issue #22
** item 5): the ID token (src/auth/jwt.c: base64url, the three parts, the
** header's algorithm), the JWKS its keys are read from (RSA n/e, EC x/y)
** and the claim a role is mapped from (jwt_claim, with the directory's shared
** map of src/auth/directory_map.c, fuzzed alone by fuzz_dir_map). The input is
** "token\nJWKS JSON\nrole map". Nothing may crash or leak; a token that
** parses has a header, claims and an allowed algorithm; verification can
** only succeed with a key of the JWKS. Built and run by tests/fuzz/meson.build. */
#include "auth/directory_map.h"
#include "auth/jwt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1);
    if (!in)
        return 0;
    memcpy(in, data, size);
    in[size] = 0;
    char *jwks_text = strchr(in, '\n'), *map = NULL;
    if (jwks_text) {
        *jwks_text++ = 0;
        map = strchr(jwks_text, '\n');
        if (map)
            *map++ = 0;
    }
    struct jwt t;
    int rc = jwt_parse(in, &t);
    if (rc == JWT_OK) {
        if (!t.header || !t.claims || !t.alg ||
            (strcmp(t.alg, "RS256") != 0 && strcmp(t.alg, "ES256") != 0))
            abort();
        json_t *jwks = jwks_text ? json_loads(jwks_text, 0, NULL) : NULL;
        int v = jwt_verify(&t, jwks);
        if (v == JWT_OK && !json_array_size(json_object_get(jwks, "keys")))
            abort();
        (void)jwt_check_claims(&t, "https://sso.test/realms/k", "loket", "n", 1700000000, 120);
        static struct dir_map m;
        const char *values[16];
        size_t n = jwt_claim_strings(jwt_claim(t.claims, "realm_access.roles"), values, 16);
        for (size_t i = 0; i < n; i++)
            if (!values[i])
                abort();
        const struct dir_map_entry *hit;
        if (map && dir_map_parse("oidc_role_map", map, &m, NULL, 0) == 0 &&
            (hit = dir_map_match(&m, values, n)) != NULL && !hit->role[0])
            abort();
        json_decref(jwks);
        jwt_free(&t);
    } else if (t.header || t.claims || t.sig) {
        abort(); /* a refused token leaves nothing behind */
    }
    (void)jwt_code(rc);
    unsigned char *raw;
    size_t n;
    if (b64url_decode(in, strlen(in), &raw, &n) == 0) {
        char *back = malloc(b64url_len(n) + 1);
        if (!back || b64url_encode(raw, n, back) > b64url_len(n))
            abort();
        free(back);
        free(raw);
    }
    free(in);
    return 0;
}
