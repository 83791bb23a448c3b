/* Outbound webhooks (issue #22 item 3, migration 0025): the endpoints
** admins register and their deliveries, the webhooks' own outbox.
** Functions return 0 or a negative enum err_kind and fill err, like
** store.h; a driver implements them through the table at the end (the
** SQLite one: store/sqlite/webhook.c). */
#ifndef LOKET_STORE_WEBHOOK_H
#define LOKET_STORE_WEBHOOK_H

#include "store/store.h"

/* One endpoint. `events` is the stored comma-separated kind list
** (core/webhook_kinds.h). `secret` signs the deliveries: only the worker
** reads it, answers never carry it. */
struct webhook_row {
    int64_t id;
    const char *name, *url, *events, *secret;
    bool enabled;
    int64_t created_by, created_at, updated_at;
    int last_status;           /* HTTP status of the latest attempt; 0 = none or no answer */
    const char *last_response; /* its body, truncated, or why there was none */
    int64_t last_at;
};

/* One delivery: a payload for one endpoint. status: pending, sending,
** delivered, failed. */
/* Endpoints at most (webhook_list, webhook_subscribers). */
enum { WEBHOOK_MAX = 200 };

struct webhook_delivery {
    int64_t id, webhook_id, ticket_id;
    const char *event, *payload, *status;
    int attempts;
    int64_t created_at, next_attempt_at, finished_at;
    int last_status;
    const char *last_response, *last_error;
    int64_t redelivery_of; /* the delivery this one repeats; 0 = none */
};

struct store_webhook_ops {
    /* Every endpoint by id, at most 200. */
    int (*webhook_list)(struct db *db, struct arena *a, struct webhook_row **rows, size_t *n,
                        struct err *err);
    /* One endpoint; ERR_NOT_FOUND webhook.not_found. */
    int (*webhook_get)(struct db *db, int64_t id, struct arena *a, struct webhook_row *out,
                       struct err *err);
    /* Inserts (w->id 0; sets it) or updates name, url, events, enabled,
    ** updated_at and, when not NULL, the secret; ERR_NOT_FOUND
    ** webhook.not_found for an update of a missing id. */
    int (*webhook_save)(struct db *db, struct webhook_row *w, struct err *err);
    /* Deletes an endpoint and its deliveries; ERR_NOT_FOUND webhook.not_found. */
    int (*webhook_delete)(struct db *db, int64_t id, struct err *err);
    /* Ids of the enabled endpoints subscribed to `kind`, at most cap, into
    ** ids. Runs on every ticket event, so it allocates nothing. */
    int (*webhook_subscribers)(struct db *db, const char *kind, int64_t *ids, size_t cap,
                               size_t *n, struct err *err);
    /* Queues a delivery (status pending, due at once); sets d->id. Inside
    ** the caller's transaction when there is one. */
    int (*webhook_delivery_add)(struct db *db, struct webhook_delivery *d, struct err *err);
    /* One endpoint's deliveries, newest first, at most `limit` (≤ 500). */
    int (*webhook_deliveries)(struct db *db, int64_t webhook_id, int limit, struct arena *a,
                              struct webhook_delivery **rows, size_t *n, struct err *err);
    /* One delivery; ERR_NOT_FOUND webhook.delivery_not_found. */
    int (*webhook_delivery_get)(struct db *db, int64_t id, struct arena *a,
                                struct webhook_delivery *out, struct err *err);
    /* Claims due deliveries, at most one per enabled endpoint and `limit` in
    ** all: an endpoint's oldest unfinished delivery, when it is pending and
    ** due (so a later one waits for an earlier one still retrying). Sets
    ** them 'sending' and counts the attempt, in one atomic step. */
    int (*webhook_claim)(struct db *db, int64_t now, int limit, struct arena *a,
                         struct webhook_delivery **rows, size_t *n, struct err *err);
    /* Records a claimed delivery's attempt: status 'delivered', 'failed' or
    ** 'pending' again (due at next_attempt_at), the answer's HTTP status
    ** (0: none), a truncated body and an error; the endpoint's last_* too. */
    int (*webhook_finish)(struct db *db, int64_t id, const char *status,
                          int64_t next_attempt_at, int http_status, const char *response,
                          const char *error, int64_t now, struct err *err);
    /* Puts every 'sending' delivery back to 'pending' (the worker's start:
    ** one process sends, so those were cut off); *n says how many. With
    ** several nodes only those whose claiming connection is gone or is this
    ** one (docs/postgresql.md, "Several nodes"). */
    int (*webhook_abandon)(struct db *db, int *n, struct err *err);
    /* Deletes delivered and failed deliveries finished before the time
    ** given (the worker keeps WEBHOOK_KEEP_DAYS); *n says how many. */
    int (*webhook_prune)(struct db *db, int64_t finished_before, int *n, struct err *err);
};

static inline int db_webhook_list(struct db *db, struct arena *a, struct webhook_row **rows,
                                  size_t *n, struct err *err)
{
    return db->ops->webhook->webhook_list(db, a, rows, n, err);
}

static inline int db_webhook_get(struct db *db, int64_t id, struct arena *a,
                                 struct webhook_row *out, struct err *err)
{
    return db->ops->webhook->webhook_get(db, id, a, out, err);
}

static inline int db_webhook_save(struct db *db, struct webhook_row *w, struct err *err)
{
    return db->ops->webhook->webhook_save(db, w, err);
}

static inline int db_webhook_delete(struct db *db, int64_t id, struct err *err)
{
    return db->ops->webhook->webhook_delete(db, id, err);
}

static inline int db_webhook_subscribers(struct db *db, const char *kind, int64_t *ids,
                                         size_t cap, size_t *n, struct err *err)
{
    return db->ops->webhook->webhook_subscribers(db, kind, ids, cap, n, err);
}

static inline int db_webhook_delivery_add(struct db *db, struct webhook_delivery *d,
                                          struct err *err)
{
    return db->ops->webhook->webhook_delivery_add(db, d, err);
}

static inline int db_webhook_deliveries(struct db *db, int64_t webhook_id, int limit,
                                        struct arena *a, struct webhook_delivery **rows,
                                        size_t *n, struct err *err)
{
    return db->ops->webhook->webhook_deliveries(db, webhook_id, limit, a, rows, n, err);
}

static inline int db_webhook_delivery_get(struct db *db, int64_t id, struct arena *a,
                                          struct webhook_delivery *out, struct err *err)
{
    return db->ops->webhook->webhook_delivery_get(db, id, a, out, err);
}

static inline int db_webhook_claim(struct db *db, int64_t now, int limit, struct arena *a,
                                   struct webhook_delivery **rows, size_t *n, struct err *err)
{
    return db->ops->webhook->webhook_claim(db, now, limit, a, rows, n, err);
}

static inline int db_webhook_finish(struct db *db, int64_t id, const char *status,
                                    int64_t next_attempt_at, int http_status,
                                    const char *response, const char *error, int64_t now,
                                    struct err *err)
{
    return db->ops->webhook->webhook_finish(db, id, status, next_attempt_at, http_status,
                                            response, error, now, err);
}

static inline int db_webhook_abandon(struct db *db, int *n, struct err *err)
{
    return db->ops->webhook->webhook_abandon(db, n, err);
}

static inline int db_webhook_prune(struct db *db, int64_t finished_before, int *n,
                                   struct err *err)
{
    return db->ops->webhook->webhook_prune(db, finished_before, n, err);
}

#endif
