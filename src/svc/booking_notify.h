/* The notices of a booking's life, called by svc/booking.c inside the
** booking's transaction. This file's functions are the hook for the
** confirmation, iCalendar invite, reminder and meeting-link messages (issue
** 16, item 7); svc/booking_notify.c holds a minimal version that queues the
** existing ticket notices only. */
#ifndef LOKET_SVC_BOOKING_NOTIFY_H
#define LOKET_SVC_BOOKING_NOTIFY_H

#include "store/bookings.h"

struct config;
struct booking_ctx;

/* A self-booked booking got its place (booked) or a request was filed
** (requested). ctx: the service's, as the caller loaded it; requester: the
** requester's account when the caller has it (NULL: read here). */
int booking_notify_booked(struct db *db, struct arena *a, const struct config *cfg,
                          const struct booking_ctx *ctx, const struct booking *b,
                          const struct ticket *t, const struct user_auth *requester,
                          struct err *err);
/* Staff gave a requested booking its time. */
int booking_notify_scheduled(struct db *db, struct arena *a, const struct config *cfg,
                             const struct booking *b, const struct ticket *t, struct err *err);
/* A booking moved to another time (or back to requested). */
int booking_notify_rescheduled(struct db *db, struct arena *a, const struct config *cfg,
                               const struct booking *b, const struct ticket *t,
                               struct err *err);
/* A booking was cancelled (by whom is in the ticket's timeline). */
int booking_notify_cancelled(struct db *db, struct arena *a, const struct config *cfg,
                             const struct booking *b, const struct ticket *t, struct err *err);
/* The reminder before its time (svc/booking_invite.c's sweep). */
int booking_notify_reminder(struct db *db, struct arena *a, const struct config *cfg,
                            const struct booking *b, const struct ticket *t, struct err *err);
/* Its number was called. */
int booking_notify_called(struct db *db, struct arena *a, const struct config *cfg,
                          const struct booking *b, const struct ticket *t, struct err *err);

#endif
