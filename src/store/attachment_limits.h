/* Per-service attachment limits (issue #16 item 6, migration 0018): an
** appointment service whose sessions are documented with recordings may take
** larger files and audio/video. Functions return 0 or a negative enum err_kind
** and fill err, like store.h; a driver implements them through the table at
** the end (the SQLite one: store/sqlite/attachment_limits.c). */
#ifndef LOKET_STORE_ATTACHMENT_LIMITS_H
#define LOKET_STORE_ATTACHMENT_LIMITS_H

#include "store/store.h"

struct service_attachment_limits {
    int64_t service_id;
    int max_mb;       /* 0 = the configured default */
    bool allow_media; /* audio and video recordings */
};

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_attachment_limit_ops {
    /* The service's row; a service without one gets zeros (the defaults). */
    int (*attachment_limits_get)(struct db *db, int64_t service_id,
                                 struct service_attachment_limits *out, struct err *err);
    /* Inserts or replaces the row (all defaults: deletes it). */
    int (*attachment_limits_put)(struct db *db, const struct service_attachment_limits *l,
                                 struct err *err);
};

static inline int store_attachment_limits_get(struct db *db, int64_t service_id,
                                              struct service_attachment_limits *out,
                                              struct err *err)
{
    return db->ops->attachment_limits->attachment_limits_get(db, service_id, out, err);
}

static inline int store_attachment_limits_put(struct db *db,
                                              const struct service_attachment_limits *l,
                                              struct err *err)
{
    return db->ops->attachment_limits->attachment_limits_put(db, l, err);
}

#endif
