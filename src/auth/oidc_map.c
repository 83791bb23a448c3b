/* The claim → role mapping of oidc_role_map (see auth/oidc.h): a parser of
** "VALUE=ROLE[:TIER][@UNIT]; ..." that never allocates, and the lookup of
** a claim (dotted path) in the ID token's claims. */
#include "auth/oidc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rule {
    const char *value;
    size_t value_len;
    struct oidc_role role;
};

static const char *trim(const char *s, const char *end, size_t *len)
{
    while (s < end && isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    *len = (size_t)(end - s);
    return s;
}

/* A decimal number in [lo, hi] filling s..end exactly; -1 if not. */
static long long number(const char *s, const char *end, long long lo, long long hi)
{
    size_t n;
    s = trim(s, end, &n);
    if (!n || n > 12)
        return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v < lo || v > hi ? -1 : v;
}

/* One rule in s..end; 0 or -1. */
static int parse_rule(const char *s, const char *end, struct rule *r)
{
    const char *eq = memchr(s, '=', (size_t)(end - s));
    if (!eq)
        return -1;
    r->value = trim(s, eq, &r->value_len);
    if (!r->value_len)
        return -1;
    const char *p = eq + 1, *at = memchr(p, '@', (size_t)(end - p));
    const char *role_end = at ? at : end;
    const char *colon = memchr(p, ':', (size_t)(role_end - p));
    size_t n;
    const char *role = trim(p, colon ? colon : role_end, &n);
    memset(&r->role, 0, sizeof r->role);
    static const char *const roles[] = {"requester", "agent", "leader", "admin"};
    for (size_t i = 0; i < 4; i++)
        if (n == strlen(roles[i]) && !memcmp(role, roles[i], n))
            snprintf(r->role.role, sizeof r->role.role, "%s", roles[i]);
    if (!r->role.role[0])
        return -1;
    if (colon) {
        long long t = number(colon + 1, role_end, 1, 3);
        if (t < 0)
            return -1;
        r->role.tier = (int)t;
    } else if (!strcmp(r->role.role, "agent")) {
        r->role.tier = 1; /* agents always have a tier */
    }
    if (r->role.tier && strcmp(r->role.role, "agent") != 0)
        return -1; /* a tier only for agents */
    if (at) {
        long long u = number(at + 1, end, 1, 2147483647);
        if (u < 0)
            return -1;
        r->role.unit_id = u;
    }
    return 0;
}

/* Calls fn for each non-empty rule in order; stops at fn's non-zero answer
** or a bad rule (-1, why set when given). */
static int each_rule(const char *map, int (*fn)(const struct rule *, void *), void *ctx, char *why,
                     size_t why_len)
{
    const char *s = map ? map : "";
    while (*s) {
        const char *end = strchr(s, ';');
        if (!end)
            end = s + strlen(s);
        size_t n;
        trim(s, end, &n);
        if (n) {
            struct rule r;
            if (parse_rule(s, end, &r) != 0) {
                if (why)
                    snprintf(why, why_len, "bad rule \"%.*s\" (VALUE=ROLE[:TIER][@UNIT])",
                             (int)(end - s > 80 ? 80 : end - s), s);
                return -1;
            }
            int rc = fn ? fn(&r, ctx) : 0;
            if (rc)
                return rc;
        }
        s = *end ? end + 1 : end;
    }
    return 0;
}

int oidc_map_check(const char *map, char *why, size_t why_len)
{
    return each_rule(map, NULL, NULL, why, why_len) < 0 ? -1 : 0;
}

struct match {
    const json_t *claim;
    struct oidc_role *out;
};

static bool value_in(const json_t *claim, const char *v, size_t n)
{
    if (n == 1 && *v == '*')
        return true;
    if (json_is_string(claim))
        return json_string_length(claim) == n && !memcmp(json_string_value(claim), v, n);
    size_t i;
    json_t *e;
    if (json_is_array(claim))
        json_array_foreach(claim, i, e) if (json_is_string(e) && json_string_length(e) == n &&
                                            !memcmp(json_string_value(e), v, n)) return true;
    return false;
}

static int try_rule(const struct rule *r, void *ctx)
{
    struct match *m = ctx;
    if (!value_in(m->claim, r->value, r->value_len))
        return 0;
    *m->out = r->role;
    return 1;
}

int oidc_map_role(const char *map, const json_t *claim, struct oidc_role *out)
{
    struct match m = {claim, out};
    return each_rule(map, try_rule, &m, NULL, 0) == 1 ? 0 : -1;
}

const json_t *oidc_claim(const json_t *claims, const char *path)
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
