/* Status follows the work (issue #20 item 1) and the reply that sets a
** status (issue #20, "send as"). The one rule of when work moves a new
** ticket on lives in ticket_flow.c; the service operations that are work
** (taking, a staff member's public reply, escalating) call it. */
#ifndef LOKET_SVC_TICKET_FLOW_H
#define LOKET_SVC_TICKET_FLOW_H

#include "svc/ticket_svc.h"

/* A new ticket that staff member `by` works on (takes, answers in public,
** escalates, resolves) moves to in_progress, by svc_status_move and so with its
** timeline event and first response, when the lifecycle and by's
** permissions allow it (core's ticket_transition_check). tell: the
** requester gets the "ticket changed" mail too (taking it; a reply or an
** escalation mails them already). Anything else is left alone: another
** status, a requester, a booking (its ticket moves with the booking,
** svc/booking.c). */
int svc_ticket_work_begins(struct db *db, struct arena *a, const struct config *cfg,
                           struct ticket *t, const struct principal *by, bool tell,
                           int64_t now, struct err *err);

/* A reply (or note) and a status change in one transaction: the comment
** first (which may itself move a new ticket on), then the transition to
** in->to unless the ticket is already there. t is loaded by the caller. */
int svc_ticket_reply_as(struct db *db, const struct actor *who, struct arena *a,
                        struct ticket *t, const char *body, bool internal,
                        const struct status_change *in, struct ticket **out, struct err *err);

#endif
