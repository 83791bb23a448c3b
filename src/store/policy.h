/* Role policy rows and the soft delete of attachments (issue #21 item 8,
** migration 0023). Functions return 0 or a negative enum err_kind and fill
** err, like store.h; a driver implements them through the table at the end
** (the SQLite one: store/sqlite/policy.c). */
#ifndef LOKET_STORE_POLICY_H
#define LOKET_STORE_POLICY_H

#include "store/store.h"

/* One admin's grant: right and class by their names (core/perm.h). */
struct policy_row {
    const char *right, *class_name;
    bool allowed;
    int64_t updated_at, updated_by;
};

struct store_policy_ops {
    /* Every stored row (missing ones mean the default), at most 64. */
    int (*policy_list)(struct db *db, struct arena *a, struct policy_row **rows, size_t *n,
                       struct err *err);
    /* Inserts or replaces one row. */
    int (*policy_put)(struct db *db, const struct policy_row *r, struct err *err);
    /* Marks a live attachment deleted (by, when, why); ERR_NOT_FOUND when it
    ** does not exist or is already deleted. The file stays where it is. */
    int (*attachment_soft_delete)(struct db *db, int64_t id, int64_t by, int64_t at,
                                  const char *reason, struct err *err);
};

static inline int store_policy_list(struct db *db, struct arena *a, struct policy_row **rows,
                                    size_t *n, struct err *err)
{
    return db->ops->policy->policy_list(db, a, rows, n, err);
}

static inline int store_policy_put(struct db *db, const struct policy_row *r, struct err *err)
{
    return db->ops->policy->policy_put(db, r, err);
}

static inline int store_attachment_soft_delete(struct db *db, int64_t id, int64_t by, int64_t at,
                                               const char *reason, struct err *err)
{
    return db->ops->policy->attachment_soft_delete(db, id, by, at, reason, err);
}

#endif
