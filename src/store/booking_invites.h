/* What booking notices remember across restarts (migration 0015): the
** iCalendar SEQUENCE of each booking's invite and whether its reminder
** went out, plus the bookings due for a reminder and the WhatsApp
** dialogue state per sender. Functions return 0 or a negative enum
** err_kind and fill err, like store.h; only the SQLite driver implements
** them (store/sqlite/booking_invites.c). */
#ifndef LOKET_STORE_BOOKING_INVITES_H
#define LOKET_STORE_BOOKING_INVITES_H

#include "store/store.h"

/* The invite's current SEQUENCE (0 before any change). */
int bi_sequence(struct db *db, int64_t booking_id, int *seq, struct err *err);
/* One more change: the SEQUENCE after it. */
int bi_bump(struct db *db, int64_t booking_id, int *seq, struct err *err);
/* Booked bookings whose time (estimated_at, else slot_start) lies in
** (now, until] and whose reminder has not gone out, soonest first. */
int bi_reminders_due(struct db *db, int64_t now, int64_t until, size_t max, struct arena *a,
                     int64_t **ids, size_t *n, struct err *err);
/* Records the reminder; *fresh false when it was recorded already (by
** another node), so it is sent once. */
int bi_mark_reminded(struct db *db, int64_t booking_id, int64_t now, bool *fresh,
                     struct err *err);

/* The sender's saved dialogue (NULL when none or expired at now). */
int wa_dialog_get(struct db *db, const char *phone, int64_t now, struct arena *a,
                  const char **state, struct err *err);
/* Saves (state) or forgets (NULL) the sender's dialogue. */
int wa_dialog_put(struct db *db, const char *phone, const char *state, int64_t now,
                  int64_t expires_at, struct err *err);

#endif
