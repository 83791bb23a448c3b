/* The ticket lifecycle (SPEC.md "Ticket"): statuses, their labels, which
** transitions exist, which permission each needs, and what each requires.
** Pure (no I/O, no allocation; results are static strings); tested as a full
** status × status × role table in tests/unit/test_ticket.c. */
#ifndef LOKET_TICKET_H
#define LOKET_TICKET_H

#include "core/err.h"
#include "core/perm.h"

#include <stdbool.h>

/* Stored by name (ticket_status_name), never by number. */
enum ticket_status { TS_NEW, TS_IN_PROGRESS, TS_WAITING, TS_RESOLVED, TS_CLOSED, TS_CANCELLED,
                     TS_COUNT };

/* "new", "in_progress", "waiting", "resolved", "closed", "cancelled";
** "unknown" for a value out of range. */
const char *ticket_status_name(enum ticket_status s);
/* Returns 0 and sets *out, or -1 for NULL or an unknown name (exact,
** case-sensitive), leaving *out as it was so a caller may preset a default. */
int ticket_status_parse(const char *s, enum ticket_status *out);
/* Baru/New, Diproses/In progress, Menunggu Pemohon/Waiting on requester,
** Selesai/Resolved, Ditutup/Closed, Dibatalkan/Cancelled (LOC_EN English,
** any other locale Indonesian); "?" for a status out of range. */
const char *ticket_status_label(enum ticket_status s, enum locale loc);

/* Whether from → to is in the lifecycle table at all, whoever asks:
**   new         → in_progress | resolved | cancelled
**   in_progress → waiting | resolved | cancelled
**   waiting     → in_progress | resolved | cancelled
**   resolved    → closed | in_progress (reopened)
**   closed, cancelled: final.  Same-status pairs are never transitions. */
bool ticket_transition_valid(enum ticket_status from, enum ticket_status to);
/* The action perm_can() must allow for a user to make from → to:
** → cancelled ACT_TICKET_CANCEL, resolved → in_progress ACT_TICKET_REOPEN,
** resolved → closed ACT_TICKET_CLOSE (the requester or an admin),
** every other transition ACT_TICKET_WORK. Meaningful for valid pairs only. */
enum action ticket_transition_action(enum ticket_status from, enum ticket_status to);
/* Checks a transition requested by user u on ticket o, in this order:
**   1. not in the lifecycle → ERR_CONFLICT "ticket.invalid_transition", the
**      message naming both statuses (by label) in both languages;
**   2. not permitted → ERR_FORBIDDEN "ticket.forbidden_transition": permitted
**      means perm_can(u, ticket_transition_action(from, to), o), so every
**      role decision stays in perm.c;
**   3. → resolved with summary NULL or blank (only white space), or
**      → cancelled with reason NULL or blank → ERR_INVALID, code "validation",
**      one field "summary" or "reason".
**   4. a booking's ticket (o->booking) → cancelled or resolved →
**      ERR_CONFLICT "ticket.is_booking" (the booking routes free or use
**      its place).
** Returns 0 when the transition may go ahead (err untouched), else the
** negative code with err filled. u may be NULL (anonymous: forbidden);
** o may be NULL (no object, as perm_can); err must not be NULL. */
int ticket_transition_check(const struct principal *u, const struct perm_obj *o,
                            enum ticket_status from, enum ticket_status to, const char *summary,
                            const char *reason, struct err *err);
/* Transitions the system makes with no user: waiting → in_progress when the
** requester replies, resolved → closed by auto-close after the configured
** number of business days. Both are also in the lifecycle table. */
bool ticket_auto_transition_valid(enum ticket_status from, enum ticket_status to);
/* Whether the SLA clock runs: in new and in_progress only. It is paused
** while waiting on the requester and stopped in resolved, closed, cancelled. */
bool ticket_sla_running(enum ticket_status s);
/* closed and cancelled: no transition leaves them. */
bool ticket_status_final(enum ticket_status s);

#endif
