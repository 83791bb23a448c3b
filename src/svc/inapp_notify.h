/* In-app notifications (issue #20, agent tools; docs/agent-tools.md): the
** rows behind the bell, written from svc_ticket_event in the transaction of
** the event that causes them (store/inapp.h). */
#ifndef LOKET_SVC_INAPP_NOTIFY_H
#define LOKET_SVC_INAPP_NOTIFY_H

#include "store/store.h"

/* The hook in svc_ticket_event. Who hears of what:
**   "assigned" → the new assignee ("assigned to you"), also when an
**                automation rule assigned it ("automation", field "assign");
**   "comment"  → the requester and the assignee ("a new reply on your ticket");
**   "note"     → the assignee (an internal note);
**   "status"   → the requester and the assignee (the new status), unless
**                the move is quiet (svc_inapp_quiet).
** Never the actor (their own action), never an inactive account, and only
** someone who may see the ticket (and, for a note, its internal notes) by
** the permission rule, the same perm_can the ticket page answers with.
** Other kinds record nothing. Returns 0 or a negative err_kind. */
/* While on (this thread), status events ring no bell: the move that
** starts the work comes with a reply or an escalation that rings on its own
** (svc/ticket_flow.c); the bell follows the mail there, as everywhere. */
void svc_inapp_quiet(bool on);

int svc_inapp_on_event(struct db *db, const struct ticket *t, int64_t at, int64_t actor,
                       const char *kind, const char *field, const char *new_value,
                       bool internal, struct err *err);

#endif
