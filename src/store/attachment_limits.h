/* Per-service attachment limits (issue #16 item 6, migration 0018): an
** appointment service whose sessions are documented with recordings may take
** larger files and audio/video. Functions return 0 or a negative enum
** err_kind and fill err, like store.h; only the SQLite driver implements
** them (store/sqlite/attachment_limits.c). */
#ifndef LOKET_STORE_ATTACHMENT_LIMITS_H
#define LOKET_STORE_ATTACHMENT_LIMITS_H

#include "store/store.h"

struct service_attachment_limits {
    int64_t service_id;
    int max_mb;       /* 0 = the configured default */
    bool allow_media; /* audio and video recordings */
};

/* The service's row; a service without one gets zeros (the defaults). */
int store_attachment_limits_get(struct db *db, int64_t service_id,
                                struct service_attachment_limits *out, struct err *err);
/* Inserts or replaces the row (all defaults: deletes it). */
int store_attachment_limits_put(struct db *db, const struct service_attachment_limits *l,
                                struct err *err);

#endif
