/* The office directory's text rules: escaping and the group mapping
** (auth/directory_map.h). No I/O, no allocation. */
#include "auth/directory_map.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char hex[] = "0123456789abcdef";

/* Appends c (escaped as \XX when esc) at out[*n] within cap. */
static void put(char *out, size_t cap, size_t *n, unsigned char c, bool esc)
{
    if (esc) {
        put(out, cap, n, '\\', false);
        put(out, cap, n, (unsigned char)hex[c >> 4], false);
        put(out, cap, n, (unsigned char)hex[c & 15], false);
        return;
    }
    if (*n + 1 < cap)
        out[*n] = (char)c;
    (*n)++;
}

static size_t finish(char *out, size_t cap, size_t n)
{
    if (cap)
        out[n < cap ? n : cap - 1] = 0;
    return n;
}

size_t dir_filter_escape(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        put(out, cap, &n, *p,
            *p == '*' || *p == '(' || *p == ')' || *p == '\\' || *p < 0x20 || *p == 0x7f);
    return finish(out, cap, n);
}

size_t dir_dn_escape(const char *s, char *out, size_t cap)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool esc = strchr(",+\"\\<>;=", c) != NULL || c < 0x20 || c == 0x7f ||
                   (i == 0 && (c == ' ' || c == '#')) || (i == len - 1 && c == ' ');
        put(out, cap, &n, c, esc);
    }
    return finish(out, cap, n);
}

size_t dir_format(const char *tmpl, const char *value, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            for (const char *v = value; *v; v++)
                put(out, cap, &n, (unsigned char)*v, false);
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            put(out, cap, &n, '%', false);
            p++;
        } else {
            put(out, cap, &n, (unsigned char)*p, false);
        }
    }
    return finish(out, cap, n);
}

/* [s, e) without blanks on either side, copied into out (cap); -1 if too long. */
static int span(const char *s, const char *e, char *out, size_t cap)
{
    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    if ((size_t)(e - s) >= cap)
        return -1;
    memcpy(out, s, (size_t)(e - s));
    out[e - s] = 0;
    return 0;
}

static int fail(const char *key, char *why, size_t cap, size_t entry, const char *what)
{
    snprintf(why, cap, "%s entry %zu: %s", key, entry, what);
    return -1;
}

/* One "GROUP => ROLE[:TIER][@UNIT]" in [s, e) into *d. */
static int parse_entry(const char *key, const char *s, const char *e, size_t no,
                       struct dir_map_entry *d, char *why, size_t cap)
{
    const char *arrow = NULL;
    for (const char *p = s; p + 1 < e; p++)
        if (p[0] == '=' && p[1] == '>')
            arrow = p; /* the last one: a DN holds '=' but never "=>" before the role */
    if (!arrow)
        return fail(key, why, cap, no, "expected GROUP => ROLE");
    memset(d, 0, sizeof *d);
    if (span(s, arrow, d->group, sizeof d->group) != 0)
        return fail(key, why, cap, no, "group name too long");
    if (!d->group[0])
        return fail(key, why, cap, no, "empty group");
    char rhs[64];
    if (span(arrow + 2, e, rhs, sizeof rhs) != 0)
        return fail(key, why, cap, no, "role part too long");
    char *at = strchr(rhs, '@'), *colon = strchr(rhs, ':');
    if (at) {
        *at++ = 0;
        char *end;
        if (!isdigit((unsigned char)*at))
            return fail(key, why, cap, no, "unit must be a unit id");
        d->unit_id = strtoll(at, &end, 10);
        if (*end || d->unit_id <= 0 || d->unit_id > 2147483647)
            return fail(key, why, cap, no, "unit must be a unit id");
    }
    if (colon && (!at || colon < at)) {
        *colon++ = 0;
        if (!((colon[0] == '1' || colon[0] == '2') && !colon[1]))
            return fail(key, why, cap, no, "tier must be 1 or 2");
        d->tier = colon[0] - '0';
    }
    static const char *const roles[] = {"requester", "agent", "leader", "admin"};
    const char *role = NULL;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (!strcmp(rhs, roles[i]))
            role = roles[i];
    if (!role)
        return fail(key, why, cap, no, "role must be requester, agent, leader or admin");
    memcpy(d->role, role, strlen(role) + 1);
    if (d->tier && strcmp(d->role, "agent") != 0)
        return fail(key, why, cap, no, "only agents have a tier");
    if (!strcmp(d->role, "agent") && !d->tier)
        d->tier = 1;
    if (d->tier == 2 && !d->unit_id)
        return fail(key, why, cap, no, "a tier 2 agent needs a unit (@UNIT_ID)");
    return 0;
}

int dir_map_parse(const char *key, const char *text, struct dir_map *m, char *why, size_t cap)
{
    m->n = 0;
    if (cap)
        why[0] = 0;
    size_t no = 0;
    for (const char *s = text; *s;) {
        const char *e = strchr(s, ';');
        if (!e)
            e = s + strlen(s);
        const char *p = s;
        while (p < e && isspace((unsigned char)*p))
            p++;
        if (p < e) { /* blank entries (a trailing ';') are skipped */
            if (m->n == DIR_MAP_MAX)
                return fail(key, why, cap, no + 1, "more than 32 entries");
            if (parse_entry(key, s, e, ++no, &m->e[m->n], why, cap) != 0)
                return -1;
            m->n++;
        }
        s = *e ? e + 1 : e;
    }
    return 0;
}

/* Whether name equals the value of dn's first RDN ("cn=helpdesk,ou=..."). */
static bool first_rdn_is(const char *dn, const char *name)
{
    const char *eq = strchr(dn, '=');
    if (!eq)
        return false;
    const char *v = eq + 1, *end = v;
    while (*end && *end != ',' && *end != '+') {
        if (*end == '\\' && end[1])
            end++;
        end++;
    }
    size_t n = strlen(name);
    return (size_t)(end - v) == n && strncasecmp(v, name, n) == 0;
}

const struct dir_map_entry *dir_map_match(const struct dir_map *m, const char *const *groups,
                                          size_t n)
{
    for (size_t i = 0; i < m->n; i++) {
        if (!strcmp(m->e[i].group, "*"))
            return &m->e[i];
        for (size_t j = 0; j < n; j++)
            if (!strcasecmp(m->e[i].group, groups[j]) ||
                (!strchr(m->e[i].group, '=') && first_rdn_is(groups[j], m->e[i].group)))
                return &m->e[i];
    }
    return NULL;
}
