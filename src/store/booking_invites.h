/* What booking notices remember across restarts (migration 0015): the
** iCalendar SEQUENCE of each booking's invite and whether its reminder went
** out, plus the bookings due for a reminder and the WhatsApp dialogue state
** per sender. Functions return 0 or a negative enum err_kind and fill err,
** like store.h; a driver implements them through the table at the end (the
** SQLite one: store/sqlite/booking_invites.c). */
#ifndef LOKET_STORE_BOOKING_INVITES_H
#define LOKET_STORE_BOOKING_INVITES_H

#include "store/store.h"

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_booking_invite_ops {
    /* The invite's current SEQUENCE (0 before any change). */
    int (*bi_sequence)(struct db *db, int64_t booking_id, int *seq, struct err *err);
    /* One more change: the SEQUENCE after it. */
    int (*bi_bump)(struct db *db, int64_t booking_id, int *seq, struct err *err);
    /* Booked bookings whose time (estimated_at, else slot_start) lies in
    ** (now, until] and whose reminder has not gone out, soonest first. */
    int (*bi_reminders_due)(struct db *db, int64_t now, int64_t until, size_t max, struct arena *a,
                            int64_t **ids, size_t *n, struct err *err);
    /* Records the reminder; *fresh false when it was recorded already (by
    ** another node), so it is sent once. */
    int (*bi_mark_reminded)(struct db *db, int64_t booking_id, int64_t now, bool *fresh,
                            struct err *err);
    /* The sender's saved dialogue (NULL when none or expired at now). */
    int (*wa_dialog_get)(struct db *db, const char *phone, int64_t now, struct arena *a,
                         const char **state, struct err *err);
    /* Saves (state) or forgets (NULL) the sender's dialogue. */
    int (*wa_dialog_put)(struct db *db, const char *phone, const char *state, int64_t now,
                         int64_t expires_at, struct err *err);
};

static inline int bi_sequence(struct db *db, int64_t booking_id, int *seq, struct err *err)
{
    return db->ops->booking_invite->bi_sequence(db, booking_id, seq, err);
}

static inline int bi_bump(struct db *db, int64_t booking_id, int *seq, struct err *err)
{
    return db->ops->booking_invite->bi_bump(db, booking_id, seq, err);
}

static inline int bi_reminders_due(struct db *db, int64_t now, int64_t until, size_t max,
                                   struct arena *a, int64_t **ids, size_t *n, struct err *err)
{
    return db->ops->booking_invite->bi_reminders_due(db, now, until, max, a, ids, n, err);
}

static inline int bi_mark_reminded(struct db *db, int64_t booking_id, int64_t now, bool *fresh,
                                   struct err *err)
{
    return db->ops->booking_invite->bi_mark_reminded(db, booking_id, now, fresh, err);
}

static inline int wa_dialog_get(struct db *db, const char *phone, int64_t now, struct arena *a,
                                const char **state, struct err *err)
{
    return db->ops->booking_invite->wa_dialog_get(db, phone, now, a, state, err);
}

static inline int wa_dialog_put(struct db *db, const char *phone, const char *state, int64_t now,
                                int64_t expires_at, struct err *err)
{
    return db->ops->booking_invite->wa_dialog_put(db, phone, state, now, expires_at, err);
}

#endif
