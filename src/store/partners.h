/* Storage of the partner administration beyond its master data (partners and
** activities are core/resource.h tables): activity rates, the yearly ceiling,
** assignments, contract states and the sums the money rules and reports need.
** Functions return 0 or a negative enum err_kind and fill err, like store.h; a
** driver implements them through the table at the end (the SQLite one:
** store/sqlite/partners.c). Amounts are whole rupiah. */
#ifndef LOKET_STORE_PARTNERS_H
#define LOKET_STORE_PARTNERS_H

#include "store/store.h"

struct activity_rate {
    const char *output;
    int64_t unit_rate;
};

struct assignment {
    int64_t id, partner_id, activity_id, volume, unit_rate, fee, created_by;
    const char *output, *month, *created_at, *updated_at;
    const char *role, *area; /* the partner's role and work area (letters); may be NULL */
    bool surat_tugas_issued;
    /* read-only, joined */
    int64_t unit_id;
    const char *partner_name, *activity_code, *activity_name;
};

struct assignment_query {
    int64_t unit_id;        /* 0 = every office */
    int64_t partner_id, activity_id;
    const char *month;      /* YYYY-MM or NULL */
    const char *q;          /* partner name or NIK, activity code or name */
    int64_t page, per_page; /* per_page 0 = all */
};

/* One contract: a partner's assignments of one month, with the documents'
** state and what the finance office needs. */
struct contract {
    int64_t partner_id, unit_id, total, n_assignments, n_surat_tugas_missing;
    const char *month, *partner_name, *nik, *bank_name, *bank_account, *unit_name;
    bool contract_signed, bast_signed, terminated, paid;
};

struct contract_query {
    int64_t unit_id;    /* 0 = every office */
    int64_t partner_id; /* 0 = every partner */
    const char *month;  /* NULL = every month */
};

/* An activity's budget against what its assignments spend. */
struct activity_use {
    int64_t id, budget, used, n_assignments;
    const char *code, *name, *start_date, *end_date;
};

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_partner_ops {
    /* An activity's rates, by output. */
    int (*ptn_rates_get)(struct db *db, int64_t activity_id, struct arena *a,
                         struct activity_rate **items, size_t *n, struct err *err);
    /* Replaces an activity's rates with items (outputs unique). */
    int (*ptn_rates_set)(struct db *db, int64_t activity_id, const struct activity_rate *items,
                         size_t n, struct err *err);
    /* The monthly ceiling of a year; *monthly -1 when none is set. */
    int (*ptn_ceiling_get)(struct db *db, int year, int64_t *monthly, struct err *err);
    int (*ptn_ceiling_set)(struct db *db, int year, int64_t monthly, struct err *err);
    int (*ptn_assignment_get)(struct db *db, int64_t id, struct arena *a, struct assignment *out,
                              struct err *err);
    int (*ptn_assignment_list)(struct db *db, const struct assignment_query *q, struct arena *a,
                               struct assignment **items, size_t *n, int64_t *total,
                               struct err *err);
    /* Inserts x (fills x->id) or, with x->id set, rewrites its output, volume,
    ** rate, fee, month, role, area and surat_tugas_issued. */
    int (*ptn_assignment_save)(struct db *db, struct assignment *x, struct err *err);
    int (*ptn_assignment_delete)(struct db *db, int64_t id, struct err *err);
    /* Sum of the partner's fees in month, leaving out assignment `except` (0 = none). */
    int (*ptn_partner_month_total)(struct db *db, int64_t partner_id, const char *month,
                                   int64_t except, int64_t *total, struct err *err);
    /* Sum of the activity's fees, leaving out assignment `except`. */
    int (*ptn_activity_total)(struct db *db, int64_t activity_id, int64_t except, int64_t *total,
                              struct err *err);
    /* The first and last month of the activity's assignments (NULL, NULL
    ** when it has none). */
    int (*ptn_activity_month_range)(struct db *db, int64_t activity_id, struct arena *a,
                                    const char **first, const char **last, struct err *err);
    /* What it returns: the comment above struct contract. */
    int (*ptn_contract_list)(struct db *db, const struct contract_query *q, struct arena *a,
                             struct contract **items, size_t *n, struct err *err);
    /* Sets the states given (-1 = leave as is) of partner × month. */
    int (*ptn_contract_set)(struct db *db, int64_t partner_id, const char *month,
                            int contract_signed, int bast_signed, int terminated, int paid,
                            struct err *err);
    /* Every activity whose period touches `year` (0 = all), by start date. */
    int (*ptn_activity_use)(struct db *db, int year, struct arena *a, struct activity_use **items,
                            size_t *n, struct err *err);
};

static inline int ptn_rates_get(struct db *db, int64_t activity_id, struct arena *a,
                                struct activity_rate **items, size_t *n, struct err *err)
{
    return db->ops->partner->ptn_rates_get(db, activity_id, a, items, n, err);
}

static inline int ptn_rates_set(struct db *db, int64_t activity_id,
                                const struct activity_rate *items, size_t n, struct err *err)
{
    return db->ops->partner->ptn_rates_set(db, activity_id, items, n, err);
}

static inline int ptn_ceiling_get(struct db *db, int year, int64_t *monthly, struct err *err)
{
    return db->ops->partner->ptn_ceiling_get(db, year, monthly, err);
}

static inline int ptn_ceiling_set(struct db *db, int year, int64_t monthly, struct err *err)
{
    return db->ops->partner->ptn_ceiling_set(db, year, monthly, err);
}

static inline int ptn_assignment_get(struct db *db, int64_t id, struct arena *a,
                                     struct assignment *out, struct err *err)
{
    return db->ops->partner->ptn_assignment_get(db, id, a, out, err);
}

static inline int ptn_assignment_list(struct db *db, const struct assignment_query *q,
                                      struct arena *a, struct assignment **items, size_t *n,
                                      int64_t *total, struct err *err)
{
    return db->ops->partner->ptn_assignment_list(db, q, a, items, n, total, err);
}

static inline int ptn_assignment_save(struct db *db, struct assignment *x, struct err *err)
{
    return db->ops->partner->ptn_assignment_save(db, x, err);
}

static inline int ptn_assignment_delete(struct db *db, int64_t id, struct err *err)
{
    return db->ops->partner->ptn_assignment_delete(db, id, err);
}

static inline int ptn_partner_month_total(struct db *db, int64_t partner_id, const char *month,
                                          int64_t except, int64_t *total, struct err *err)
{
    return db->ops->partner->ptn_partner_month_total(db, partner_id, month, except, total, err);
}

static inline int ptn_activity_total(struct db *db, int64_t activity_id, int64_t except,
                                     int64_t *total, struct err *err)
{
    return db->ops->partner->ptn_activity_total(db, activity_id, except, total, err);
}

static inline int ptn_activity_month_range(struct db *db, int64_t activity_id, struct arena *a,
                                           const char **first, const char **last, struct err *err)
{
    return db->ops->partner->ptn_activity_month_range(db, activity_id, a, first, last, err);
}

static inline int ptn_contract_list(struct db *db, const struct contract_query *q, struct arena *a,
                                    struct contract **items, size_t *n, struct err *err)
{
    return db->ops->partner->ptn_contract_list(db, q, a, items, n, err);
}

static inline int ptn_contract_set(struct db *db, int64_t partner_id, const char *month,
                                   int contract_signed, int bast_signed, int terminated, int paid,
                                   struct err *err)
{
    return db->ops->partner->ptn_contract_set(
        db, partner_id, month, contract_signed, bast_signed, terminated, paid, err);
}

static inline int ptn_activity_use(struct db *db, int year, struct arena *a,
                                   struct activity_use **items, size_t *n, struct err *err)
{
    return db->ops->partner->ptn_activity_use(db, year, a, items, n, err);
}

#endif
