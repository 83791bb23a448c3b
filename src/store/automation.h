/* Automation rules and the record of their runs (issue #22 item 1,
** migration 0024). Functions return 0 or a negative enum err_kind and fill
** err, like store.h; a driver implements them through the table at the end
** (the SQLite one: store/sqlite/automation.c). The rules' JSON columns are
** stored as text here and understood by svc/automation_parse.c only. */
#ifndef LOKET_STORE_AUTOMATION_H
#define LOKET_STORE_AUTOMATION_H

#include "store/store.h"

struct auto_rule_row {
    int64_t id, position, created_by, created_at, updated_at;
    const char *name, *kind, *events, *timing, *conditions, *actions;
    bool enabled;
};

struct store_automation_ops {
    /* Every rule (at most 1000) in run order: position, then id. */
    int (*rule_list)(struct db *db, struct arena *a, struct auto_rule_row **rows, size_t *n,
                     struct err *err);
    /* ERR_NOT_FOUND automation.not_found when there is none. */
    int (*rule_get)(struct db *db, int64_t id, struct arena *a, struct auto_rule_row *out,
                    struct err *err);
    /* Inserts (r->id == 0: sets r->id) or updates every column but
    ** created_*; ERR_NOT_FOUND when the row to update is gone. */
    int (*rule_save)(struct db *db, struct auto_rule_row *r, struct err *err);
    int (*rule_delete)(struct db *db, int64_t id, struct err *err);
    /* Sets position = index for each id in ids (others keep theirs). */
    int (*rule_reorder)(struct db *db, const int64_t *ids, size_t n, struct err *err);
    /* Records that rule acted on ticket in state; *fresh false when that
    ** (rule, ticket, state) was recorded before (nothing written). */
    int (*run_add)(struct db *db, int64_t rule_id, int64_t ticket_id, const char *state,
                   int64_t value, int64_t at, bool *fresh, struct err *err);
    /* A number that changes whenever a rule is created, changed, moved or
    ** deleted (one aggregate over the rules: cheap enough per event). */
    int (*rule_stamp)(struct db *db, uint64_t *stamp, struct err *err);
    /* The value of the rule's latest run in state (0 when none). */
    int (*run_last_value)(struct db *db, int64_t rule_id, const char *state, int64_t *value,
                          struct err *err);
};

static inline int db_auto_rule_list(struct db *db, struct arena *a, struct auto_rule_row **rows,
                                    size_t *n, struct err *err)
{
    return db->ops->automation->rule_list(db, a, rows, n, err);
}

static inline int db_auto_rule_get(struct db *db, int64_t id, struct arena *a,
                                   struct auto_rule_row *out, struct err *err)
{
    return db->ops->automation->rule_get(db, id, a, out, err);
}

static inline int db_auto_rule_save(struct db *db, struct auto_rule_row *r, struct err *err)
{
    return db->ops->automation->rule_save(db, r, err);
}

static inline int db_auto_rule_delete(struct db *db, int64_t id, struct err *err)
{
    return db->ops->automation->rule_delete(db, id, err);
}

static inline int db_auto_rule_reorder(struct db *db, const int64_t *ids, size_t n,
                                       struct err *err)
{
    return db->ops->automation->rule_reorder(db, ids, n, err);
}

static inline int db_auto_run_add(struct db *db, int64_t rule_id, int64_t ticket_id,
                                  const char *state, int64_t value, int64_t at, bool *fresh,
                                  struct err *err)
{
    return db->ops->automation->run_add(db, rule_id, ticket_id, state, value, at, fresh, err);
}

static inline int db_auto_rule_stamp(struct db *db, uint64_t *stamp, struct err *err)
{
    return db->ops->automation->rule_stamp(db, stamp, err);
}

static inline int db_auto_run_last_value(struct db *db, int64_t rule_id, const char *state,
                                         int64_t *value, struct err *err)
{
    return db->ops->automation->run_last_value(db, rule_id, state, value, err);
}

#endif
