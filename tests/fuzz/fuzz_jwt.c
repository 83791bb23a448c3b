/* libFuzzer target for what an OpenID Connect provider sends (issue #22
** item 5): the ID token (src/auth/jwt.c: base64url, the three parts, the
** header's algorithm), the JWKS its keys are read from (RSA n/e, EC x/y)
** and the claim a role is mapped from (src/auth/oidc_map.c). The input is
** "token\nJWKS JSON\nrole map". Nothing may crash or leak; a token that
** parses has a header, claims and an allowed algorithm; verification can
** only succeed with a key of the JWKS. Built and run by tests/fuzz/meson.build. */
#include "auth/jwt.h"
#include "auth/oidc.h"

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
        struct oidc_role role;
        if (map && oidc_map_check(map, NULL, 0) == 0 &&
            oidc_map_role(map, oidc_claim(t.claims, "realm_access.roles"), &role) == 0 &&
            !role.role[0])
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
