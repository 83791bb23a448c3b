/* A booking's iCalendar invite and its reminder sweep (issue #16 item 7).
** The invite (notify/ics.c) has UID booking-<id>@<mail domain>, SEQUENCE
** from booking_invites (bumped by svc/booking_notify.c on every new time
** and on cancellation), DTSTART at the estimated time (else the slot) and
** DTEND one slot later, in UTC; METHOD:CANCEL once cancelled or no-show. */
#ifndef LOKET_SVC_BOOKING_INVITE_H
#define LOKET_SVC_BOOKING_INVITE_H

#include "svc/booking.h"

struct ics_event;
/* The invite's fields (strings in arena a) for b with sequence seq, as
** booking_invite_text renders them; false for a request without a time.
** requester: b's requester as db_user_by_id read it (NULL: not found), or
** looked up here when looked is false. */
bool booking_invite_event(struct db *db, struct arena *a, const struct config *cfg,
                          const struct booking_ctx *ctx, const struct booking *b, int seq,
                          bool cancel, bool looked, const struct user_auth *requester,
                          struct ics_event *out);
/* The invite text (in arena a) for b with sequence seq: METHOD:REQUEST,
** or METHOD:CANCEL when cancel (without DTSTART/DTEND when b lost its time:
** the UID is what calendars go by). *out NULL for a request without a time
** (requested). ctx is b's service. */
int booking_invite_text(struct db *db, struct arena *a, const struct config *cfg,
                        const struct booking_ctx *ctx, const struct booking *b, int seq,
                        bool cancel, char **out, struct err *err);
/* The same for GET /bookings/{id}/ics with the stored sequence; ERR_CONFLICT
** booking.unscheduled while requested. */
int booking_invite_current(struct db *db, struct arena *a, const struct config *cfg,
                           const struct booking *b, char **out, struct err *err);
/* Local wall-clock texts of b's time in ctx's zone: "08-12-2026", "08.45",
** "WIB" (WITA, WIT, or UTC+hh:mm). */
void booking_when(const struct booking_ctx *ctx, const struct booking *b, char date[11],
                  char hhmm[6], char zone[12]);

/* Queues the reminder of every booked booking whose time comes within
** cfg->appointment_reminder_minutes, once each (recorded in the same
** transaction, so a restart or a second node never sends it again). *sent
** counts them. Called by the periodic sweep (cli/serve.c). */
int booking_remind_due(struct db *db, const struct config *cfg, int64_t now, int *sent,
                       struct err *err);

#endif
