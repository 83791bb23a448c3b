/* Macros (issue #20, agent tools): what a macro row may hold, checked
** without a database. A macro is master data (core/resource.c res_macros);
** svc/macro.c applies it to a ticket and checks what needs the store (tags
** and the assignee exist). The tag list is text, "Jaringan, VPN", so the
** admins' form and the generic record code keep one type per column. */
#ifndef LOKET_CORE_MACRO_H
#define LOKET_CORE_MACRO_H

#include <stddef.h>

struct err;

enum { MACRO_MAX_TAGS = 8, MACRO_TAG_MAX = 64 };

/* A macro's tag names as spans into the text they were read from. */
struct macro_tags {
    size_t n;
    struct {
        const char *s;
        size_t len;
    } v[MACRO_MAX_TAGS];
};

/* Reads "a, b ,c" (NULL or blank: no tags): each name trimmed, 1..64
** bytes, no control characters, no name twice (case-insensitively), at
** most MACRO_MAX_TAGS. Allocates nothing; out's spans point into s.
** Returns 0, or ERR_INVALID with code macro.invalid and field "tags".
** Fuzzed by tests/fuzz/fuzz_macro.c. */
int macro_tags_read(const char *s, struct macro_tags *out, struct err *err);

/* record_macro_rules (declared in core/resource.h) is the across-field
** check of a macro row: at least one action, a resolving macro carries a
** public reply (the resolution summary the requester reads), "assign":
** "user" names assignee_id (any other choice clears it), the tag list
** reads. ERR_INVALID macro.invalid with the fields named. */

#endif
