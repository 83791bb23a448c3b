/* The ticket lifecycle (SPEC.md "Ticket"): statuses, their labels, which
** transitions exist, which permission each needs, and what each requires.
** Pure; tested as a full status × status × role table. */
#ifndef LOKET_TICKET_H
#define LOKET_TICKET_H

#include "core/err.h"
#include "core/perm.h"

#include <stdbool.h>

enum ticket_status { TS_NEW, TS_IN_PROGRESS, TS_WAITING, TS_RESOLVED, TS_CLOSED, TS_CANCELLED,
                     TS_COUNT };

/* "new", "in_progress", "waiting", "resolved", "closed", "cancelled". */
const char *ticket_status_name(enum ticket_status s);
/* 0 and *out, or -1 for an unknown name. */
int ticket_status_parse(const char *s, enum ticket_status *out);
/* Baru/New, Diproses/In progress, Menunggu Pemohon/Waiting on requester,
** Selesai/Resolved, Ditutup/Closed, Dibatalkan/Cancelled. */
const char *ticket_status_label(enum ticket_status s, enum locale loc);
/* Whether from → to exists in the lifecycle at all. */
bool ticket_transition_valid(enum ticket_status from, enum ticket_status to);
/* The action perm_can() must allow for a user to make this transition:
** →cancelled ACT_TICKET_CANCEL, resolved→in_progress ACT_TICKET_REOPEN,
** resolved→closed ACT_TICKET_RATE (admins may also close), others ACT_TICKET_WORK. */
enum action ticket_transition_action(enum ticket_status from, enum ticket_status to);
/* Checks a user's transition in this order: not in the lifecycle → ERR_CONFLICT
** "ticket.invalid_transition"; not permitted → ERR_FORBIDDEN
** "ticket.forbidden_transition"; resolved without a summary or cancelled
** without a reason (blank counts as missing) → ERR_INVALID naming the field. */
int ticket_transition_check(const struct principal *u, const struct perm_obj *o,
                            enum ticket_status from, enum ticket_status to, const char *summary,
                            const char *reason, struct err *err);
/* Transitions the system makes by itself: waiting → in_progress when the
** requester replies, resolved → closed by auto-close. */
bool ticket_auto_transition_valid(enum ticket_status from, enum ticket_status to);
/* The SLA clock runs in new and in_progress only (paused while waiting). */
bool ticket_sla_running(enum ticket_status s);
/* closed and cancelled are final. */
bool ticket_status_final(enum ticket_status s);

#endif
