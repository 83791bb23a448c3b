/* The office directory's text rules (issue #22 item 5), kept free of I/O so
** they are unit-tested and fuzzed: escaping a login into an LDAP search
** filter (RFC 4515) or a DN (RFC 4514), filling a "%s" template, and the
** group → role mapping of `ldap_group_map` (docs/directory-login.md). */
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
    char group[DIR_GROUP_MAX]; /* a full DN or a group's name (its first RDN value) */
    char role[12];             /* requester, agent, leader, admin */
    int tier;                  /* 0 = none; 1 or 2 for agents */
    long long unit_id;         /* 0 = none */
};
struct dir_map {
    struct dir_map_entry e[DIR_MAP_MAX];
    size_t n;
};

/* Parses "GROUP => ROLE[:TIER][@UNIT_ID]; ..." (entries apart by ';',
** blanks around parts ignored, an empty text is an empty map). Returns 0,
** or -1 with why (English, cap bytes) naming the entry at fault. */
int dir_map_parse(const char *text, struct dir_map *m, char *why, size_t cap);
/* The first entry, in the map's order, whose group is one of the n groups
** (DNs; compared without regard to case, a name also against each DN's
** first RDN value); NULL when none. */
const struct dir_map_entry *dir_map_match(const struct dir_map *m, const char *const *groups,
                                          size_t n);

#endif
