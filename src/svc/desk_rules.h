/* The desk's rules an admin switches on and off while the server runs
** (issue #21 item 5, seed 002: agents close the tickets they handled; every
** ticket filed under a tag):
**   agent_close         an agent may close (accept) a resolved ticket that
**                       is assigned to them, not only the requester, an
**                       admin or the auto-close sweep;
**   tag_before_resolve  a ticket is resolved only once it carries at least
**                       one tag (a category alone is not enough: the seed's
**                       KPI counts the "Daftar Tag" filing), else 422 naming
**                       `tags`.
** Each key is a boolean in loket.conf (default false) and may be overridden
** by a row of the same key in the store's settings table ("true"/"false"),
** which is read at each use, so a change there needs no restart. */
#ifndef LOKET_SVC_DESK_RULES_H
#define LOKET_SVC_DESK_RULES_H

#include "core/perm.h"
#include "store/store.h"

struct config;

struct desk_rules {
    bool agent_close;
    bool tag_before_resolve;
};

/* The rules in force now: cfg's values, each replaced by the settings row
** of its name when that says "true" or "false" (any other text, or a store
** error, leaves cfg's value: a rule never fails a request). */
struct desk_rules desk_rules_get(struct db *db, const struct config *cfg, struct arena *a);

/* p with the live rules that perm_can reads filled in (agent_close). */
struct principal desk_principal(struct db *db, const struct config *cfg, struct arena *a,
                                const struct principal *p);

#endif
