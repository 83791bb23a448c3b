/* Applying a macro to a ticket (issue #20, agent tools): its assignment,
** tags, reply and status, each through the ticket service
** (svc/ticket_svc.h) as the agent who applied it, each on the timeline
** under a "macro" event naming it, inside the caller's transaction, so a
** refused step undoes the others (all-or-nothing). The macro itself is
** master data (core/resource.c res_macros, rules in core/macro.c). */
#ifndef LOKET_SVC_MACRO_H
#define LOKET_SVC_MACRO_H

#include "svc/actor.h"

struct record;
struct ticket;

/* What needs the store in macro m (a full row): the tags named exist and
** are active, the assignee ("assign": "user") is an active agent or admin,
** the reply is a template the mail renderer reads (notify/tmpl.h). 0, or
** ERR_INVALID code macro.invalid with the fields named (tags, assignee_id,
** body), store errors as they come. */
int svc_macro_check(struct db *db, struct arena *a, const struct record *m, struct err *err);

/* Applies macro macro_id to ticket `number` as who: 404 ticket.not_found
** for a ticket who cannot see, 404 macro.not_found for an unknown macro,
** 422 macro.invalid for an inactive one or one that no longer checks
** (above); then whatever a step's service answers (403 ticket.forbidden,
** 409 ticket.invalid_transition ...). Steps that would change nothing (the
** ticket already has the status, the tags, the assignee) are skipped. The
** reply is rendered with the mail templates' variables of the requester
** plus agent_name (who applies it); a resolving macro's reply is also the
** resolution summary. *out is the ticket afterwards (in a). */
int svc_macro_apply(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    int64_t macro_id, struct ticket **out, struct err *err);

#endif
