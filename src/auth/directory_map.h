/* The office directory's text rules (issue #22 item 5), kept free of I/O so
** they are unit-tested and fuzzed: escaping a login into an LDAP search
** filter (RFC 4515) or a DN (RFC 4514), filling a "%s" template, and the
** group → role mapping shared by `ldap_group_map` (docs/directory-login.md)
** and `oidc_role_map` (docs/directory-login-oidc.md): one syntax, one
** parser and one set of rules for both ways of signing in. */
#ifndef LOKET_DIRECTORY_MAP_H
#define LOKET_DIRECTORY_MAP_H

#include <stdbool.h>
#include <stddef.h>

/* Copies s into out (cap bytes, always terminated when cap > 0) with every
** '*', '(', ')', '\\' and NUL-free control byte written as \XX, so a login
** is one literal assertion value and never a wildcard or a sub-filter.
** Returns the length the escaped text needs, like snprintf. */
size_t dir_filter_escape(const char *s, char *out, size_t cap);
/* The same for an attribute value inside a DN: ',', '+', '"', '\\', '<',
** '>', ';', '=', a leading ' ' or '#' and a trailing ' ' become \XX. */
size_t dir_dn_escape(const char *s, char *out, size_t cap);
/* tmpl with every "%s" replaced by value and "%%" by "%" (any other '%'
** stays). Returns the length needed, like snprintf. */
size_t dir_format(const char *tmpl, const char *value, char *out, size_t cap);

enum { DIR_MAP_MAX = 32, DIR_GROUP_MAX = 512 };

/* One mapping: members of group get role (tier for agents) and unit. */
struct dir_map_entry {
    char group[DIR_GROUP_MAX]; /* a full DN, a group's name (its first RDN value),
                               ** an OIDC claim value, or "*" for everyone */
    char role[12];             /* requester, agent, leader, admin */
    int tier;                  /* 0 = none; 1 or 2 for agents */
    long long unit_id;         /* 0 = none */
};
struct dir_map {
    struct dir_map_entry e[DIR_MAP_MAX];
    size_t n;
};

/* Parses "GROUP => ROLE[:TIER][@UNIT_ID]; ..." (entries apart by ';',
** blanks around parts ignored, an empty text is an empty map). ROLE is
** requester, agent, leader or admin; only agents have a TIER, 1 or 2 (1
** when left out); tier 2 needs a UNIT_ID. Returns 0, or -1 with why
** (English, cap bytes) naming key (the setting, e.g. "ldap_group_map") and
** the entry at fault. */
int dir_map_parse(const char *key, const char *text, struct dir_map *m, char *why, size_t cap);
/* The first entry, in the map's order, whose group is "*" (everyone, even
** with no groups) or one of the n groups (LDAP DNs or OIDC claim values;
** compared without regard to case, a name without '=' also against each
** DN's first RDN value); NULL when none. */
const struct dir_map_entry *dir_map_match(const struct dir_map *m, const char *const *groups,
                                          size_t n);

#endif
