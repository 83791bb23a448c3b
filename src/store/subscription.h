/* Report subscriptions and their sends (issue #22 item 2, migration 0026).
** Functions return 0 or a negative enum err_kind and fill err, like
** store.h; a driver implements them through the table below (the SQLite
** one: store/sqlite/subscription.c). */
#ifndef LOKET_STORE_SUBSCRIPTION_H
#define LOKET_STORE_SUBSCRIPTION_H

#include "store/store.h"

struct report_subscription {
    int64_t id, owner_id;
    const char *report;  /* "recap", "sla" or "unit_recap" */
    const char *format;  /* "pdf" or "xlsx" */
    const char *cadence; /* "monthly" (first working day) or "weekly" */
    int weekday;         /* weekly: ISO weekday 1 (Monday) .. 7 */
    int at_minute;       /* minutes after midnight, WIB */
    int64_t unit_id;     /* 0 = every unit the owner sees */
    const char *extra_recipients; /* addresses, comma separated; "" = none */
    bool active;
    int64_t created_at, updated_at;
    /* read-only, joined: the owner, the unit, the latest send */
    const char *owner_name, *owner_email, *owner_locale, *unit_name;
    const char *last_period, *last_status;
    int64_t last_at;
};

struct store_subscription_ops {
    /* Subscriptions of owner_id (0: all), newest first, at most 500. */
    int (*subscription_list)(struct db *db, int64_t owner_id, struct arena *a,
                             struct report_subscription **items, size_t *n, struct err *err);
    /* One subscription; ERR_NOT_FOUND subscription.not_found. */
    int (*subscription_get)(struct db *db, int64_t id, struct arena *a,
                            struct report_subscription *out, struct err *err);
    /* Inserts s (id 0: sets s->id) or updates the row s->id (ERR_NOT_FOUND
    ** subscription.not_found). owner_id and created_at are kept on update. */
    int (*subscription_save)(struct db *db, struct report_subscription *s, struct err *err);
    /* Deletes the row and its sends; ERR_NOT_FOUND subscription.not_found. */
    int (*subscription_delete)(struct db *db, int64_t id, struct err *err);
    /* Claims (subscription, period) for sending at now, committed by the
    ** caller: a new row 'claimed', or a row still 'claimed' since before
    ** stale_before (its process died before it queued the mail).
    ** ERR_CONFLICT subscription.period_taken when the period is queued,
    ** failed, or claimed more recently. */
    int (*subscription_claim)(struct db *db, int64_t id, const char *period, int64_t now,
                              int64_t stale_before, struct err *err);
    /* Ends a claim: status "queued" or "failed" with detail (may be NULL). */
    int (*subscription_finish)(struct db *db, int64_t id, const char *period,
                               const char *status, const char *detail, int64_t now,
                               struct err *err);
};

static inline int db_subscription_list(struct db *db, int64_t owner_id, struct arena *a,
                                       struct report_subscription **items, size_t *n,
                                       struct err *err)
{
    return db->ops->subscription->subscription_list(db, owner_id, a, items, n, err);
}

static inline int db_subscription_get(struct db *db, int64_t id, struct arena *a,
                                      struct report_subscription *out, struct err *err)
{
    return db->ops->subscription->subscription_get(db, id, a, out, err);
}

static inline int db_subscription_save(struct db *db, struct report_subscription *s,
                                       struct err *err)
{
    return db->ops->subscription->subscription_save(db, s, err);
}

static inline int db_subscription_delete(struct db *db, int64_t id, struct err *err)
{
    return db->ops->subscription->subscription_delete(db, id, err);
}

static inline int db_subscription_claim(struct db *db, int64_t id, const char *period,
                                        int64_t now, int64_t stale_before, struct err *err)
{
    return db->ops->subscription->subscription_claim(db, id, period, now, stale_before, err);
}

static inline int db_subscription_finish(struct db *db, int64_t id, const char *period,
                                         const char *status, const char *detail, int64_t now,
                                         struct err *err)
{
    return db->ops->subscription->subscription_finish(db, id, period, status, detail, now,
                                                      err);
}

#endif
