/* WhatsApp notifications (issue #22 item 4, migration 0027): each user's
** choice of notification channel and number, and what a number's next
** WhatsApp message may answer (a rating request, then the feedback).
** Functions return 0 or a negative enum err_kind and fill err, like
** store.h; a driver implements them through the table at the end (the
** SQLite one: store/sqlite/wa_notify.c). */
#ifndef LOKET_STORE_WA_NOTIFY_H
#define LOKET_STORE_WA_NOTIFY_H

#include "store/store.h"

struct wa_pref {
    int64_t user_id;
    const char *channel; /* "auto", "email", "whatsapp" or "both" */
    const char *phone;   /* digits (62…); NULL: the account's or the ticket's number */
    int64_t updated_at;  /* 0: no row (the defaults) */
};

struct wa_pending {
    int64_t ticket_id; /* 0: nothing awaits an answer */
    const char *state; /* "rating" or "feedback" */
    int64_t since;
};

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_wa_notify_ops {
    /* The user's row; without one channel "auto", phone NULL, updated_at 0. */
    int (*wa_pref_get)(struct db *db, int64_t user_id, struct arena *a, struct wa_pref *out,
                       struct err *err);
    /* Inserts or replaces the user's row. */
    int (*wa_pref_put)(struct db *db, const struct wa_pref *p, struct err *err);
    /* What the number `phone` (digits) may answer; ticket_id 0 if nothing. */
    int (*wa_pending_get)(struct db *db, const char *phone, struct arena *a,
                          struct wa_pending *out, struct err *err);
    /* Sets what the number may answer (replacing any earlier row); ticket_id
    ** 0 deletes the row. */
    int (*wa_pending_put)(struct db *db, const char *phone, const struct wa_pending *p,
                          struct err *err);
};

static inline int db_wa_pref_get(struct db *db, int64_t user_id, struct arena *a,
                                 struct wa_pref *out, struct err *err)
{
    return db->ops->wa_notify->wa_pref_get(db, user_id, a, out, err);
}

static inline int db_wa_pref_put(struct db *db, const struct wa_pref *p, struct err *err)
{
    return db->ops->wa_notify->wa_pref_put(db, p, err);
}

static inline int db_wa_pending_get(struct db *db, const char *phone, struct arena *a,
                                    struct wa_pending *out, struct err *err)
{
    return db->ops->wa_notify->wa_pending_get(db, phone, a, out, err);
}

static inline int db_wa_pending_put(struct db *db, const char *phone, const struct wa_pending *p,
                                    struct err *err)
{
    return db->ops->wa_notify->wa_pending_put(db, phone, p, err);
}

#endif
