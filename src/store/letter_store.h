/* Storage of partner letters (issue #17 item 4, migration 0017): each office's
** letter settings and logo, admins' template overrides, number sequences, the
** letters issued, the partner a letter prints and what a bulk run makes (read
** from migration 0016's tables; assignments themselves through
** store/partners.h). Functions return 0 or a negative enum err_kind and fill
** err, like store.h; strings live in the arena passed in. A driver implements
** them through the table at the end (the SQLite one: store/sqlite/letters.c). */
#ifndef LOKET_LETTER_STORE_H
#define LOKET_LETTER_STORE_H

#include "store/store.h"

/* One office's settings; "" where nothing is set (the caller applies the
** defaults). unit_name and unit_code_default come from the unit. */
struct letter_settings {
    int64_t unit_id;
    const char *unit_name, *unit_code_default;
    const char *unit_code, *head_lines, *address, *city, *region, *partner_role;
    const char *ppk_name, *ppk_nip, *ppk_position;
    const char *signer_name, *signer_nip, *signer_position;
    const char *pattern_contract, *pattern_assignment, *pattern_bast, *pattern_termination;
    bool has_logo;
    const char *updated_at; /* NULL when the office never saved any */
};

struct letter_rec {
    int64_t id, unit_id, partner_id, assignment_id, seq, issued_by;
    int year;
    const char *kind, *month, *letter_date, *number, *issued_at, *voided_at, *void_reason;
};

/* What a letter prints about the partner. */
struct letter_partner {
    int64_t id, unit_id;
    const char *name, *nik, *address, *phone, *email, *bank_name, *bank_account;
};

/* What a bulk run makes: partner × month pairs (and an assignment id for a
** Surat Tugas), in partner name order. Filters: activity_id (0 = any),
** month (NULL = any), unit_id (0 = every office). */
struct letter_target {
    int64_t partner_id, assignment_id;
    const char *month;
};

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_letter_ops {
    /* ERR_NOT_FOUND unit.not_found when the unit does not exist. */
    int (*lts_settings_get)(struct db *db, int64_t unit_id, struct arena *a,
                            struct letter_settings *out, struct err *err);
    /* Writes every text field of s (inserts the row when missing); the logo stays. */
    int (*lts_settings_put)(struct db *db, const struct letter_settings *s, int64_t by,
                            struct err *err);
    /* Sets the office's logo (png NULL = removes it). */
    int (*lts_logo_put)(struct db *db, int64_t unit_id, const void *png, size_t n, int64_t by,
                        struct err *err);
    /* The logo's bytes in arena a; *n 0 when there is none. */
    int (*lts_logo_get)(struct db *db, int64_t unit_id, struct arena *a, const void **png,
                        size_t *n, struct err *err);
    /* An admin's template for kind; ERR_NOT_FOUND when the default applies. */
    int (*lts_template_get)(struct db *db, const char *kind, struct arena *a, const char **body,
                            const char **updated_at, struct err *err);
    int (*lts_template_put)(struct db *db, const char *kind, const char *body, int64_t by,
                            struct err *err);
    int (*lts_template_delete)(struct db *db, const char *kind, struct err *err);
    /* The live (not voided) letter of kind for partner × month (× assignment);
    ** ERR_NOT_FOUND letter.not_found when there is none. */
    int (*lts_letter_find)(struct db *db, const char *kind, int64_t partner_id, const char *month,
                           int64_t assignment_id, struct arena *a, struct letter_rec *out,
                           struct err *err);
    int (*lts_letter_get)(struct db *db, int64_t id, struct arena *a, struct letter_rec *out,
                          struct err *err);
    /* Inside the caller's write transaction: the next number of unit × kind ×
    ** year (1 for the first), raised for good. */
    int (*lts_seq_next)(struct db *db, int64_t unit_id, const char *kind, int year, int64_t *seq,
                        struct err *err);
    /* Inserts l (fills l->id and l->issued_at); ERR_CONFLICT letter.exists when a
    ** live letter of the same kind and partner-month (assignment) exists. */
    int (*lts_letter_insert)(struct db *db, struct letter_rec *l, struct arena *a, struct err *err);
    /* Voids a live letter (its number stays used); ERR_NOT_FOUND when it is
    ** missing or voided already. */
    int (*lts_letter_void)(struct db *db, int64_t id, int64_t by, const char *reason,
                           struct err *err);
    /* Letters of a partner (0 = every partner) in unit (0 = every office),
    ** newest first, at most limit. */
    int (*lts_letter_list)(struct db *db, int64_t unit_id, int64_t partner_id, const char *month,
                           int limit, struct arena *a, struct letter_rec **items, size_t *n,
                           struct err *err);
    /* ERR_NOT_FOUND partner.not_found when missing. */
    int (*lts_partner_get)(struct db *db, int64_t id, struct arena *a, struct letter_partner *out,
                           struct err *err);
    /* What it returns: the comment above struct letter_target. */
    int (*lts_targets)(struct db *db, bool per_assignment, int64_t activity_id, const char *month,
                       int64_t unit_id, struct arena *a, struct letter_target **items, size_t *n,
                       struct err *err);
};

static inline int lts_settings_get(struct db *db, int64_t unit_id, struct arena *a,
                                   struct letter_settings *out, struct err *err)
{
    return db->ops->letter->lts_settings_get(db, unit_id, a, out, err);
}

static inline int lts_settings_put(struct db *db, const struct letter_settings *s, int64_t by,
                                   struct err *err)
{
    return db->ops->letter->lts_settings_put(db, s, by, err);
}

static inline int lts_logo_put(struct db *db, int64_t unit_id, const void *png, size_t n,
                               int64_t by, struct err *err)
{
    return db->ops->letter->lts_logo_put(db, unit_id, png, n, by, err);
}

static inline int lts_logo_get(struct db *db, int64_t unit_id, struct arena *a, const void **png,
                               size_t *n, struct err *err)
{
    return db->ops->letter->lts_logo_get(db, unit_id, a, png, n, err);
}

static inline int lts_template_get(struct db *db, const char *kind, struct arena *a,
                                   const char **body, const char **updated_at, struct err *err)
{
    return db->ops->letter->lts_template_get(db, kind, a, body, updated_at, err);
}

static inline int lts_template_put(struct db *db, const char *kind, const char *body, int64_t by,
                                   struct err *err)
{
    return db->ops->letter->lts_template_put(db, kind, body, by, err);
}

static inline int lts_template_delete(struct db *db, const char *kind, struct err *err)
{
    return db->ops->letter->lts_template_delete(db, kind, err);
}

static inline int lts_letter_find(struct db *db, const char *kind, int64_t partner_id,
                                  const char *month, int64_t assignment_id, struct arena *a,
                                  struct letter_rec *out, struct err *err)
{
    return db->ops->letter->lts_letter_find(
        db, kind, partner_id, month, assignment_id, a, out, err);
}

static inline int lts_letter_get(struct db *db, int64_t id, struct arena *a, struct letter_rec *out,
                                 struct err *err)
{
    return db->ops->letter->lts_letter_get(db, id, a, out, err);
}

static inline int lts_seq_next(struct db *db, int64_t unit_id, const char *kind, int year,
                               int64_t *seq, struct err *err)
{
    return db->ops->letter->lts_seq_next(db, unit_id, kind, year, seq, err);
}

static inline int lts_letter_insert(struct db *db, struct letter_rec *l, struct arena *a,
                                    struct err *err)
{
    return db->ops->letter->lts_letter_insert(db, l, a, err);
}

static inline int lts_letter_void(struct db *db, int64_t id, int64_t by, const char *reason,
                                  struct err *err)
{
    return db->ops->letter->lts_letter_void(db, id, by, reason, err);
}

static inline int lts_letter_list(struct db *db, int64_t unit_id, int64_t partner_id,
                                  const char *month, int limit, struct arena *a,
                                  struct letter_rec **items, size_t *n, struct err *err)
{
    return db->ops->letter->lts_letter_list(
        db, unit_id, partner_id, month, limit, a, items, n, err);
}

static inline int lts_partner_get(struct db *db, int64_t id, struct arena *a,
                                  struct letter_partner *out, struct err *err)
{
    return db->ops->letter->lts_partner_get(db, id, a, out, err);
}

static inline int lts_targets(struct db *db, bool per_assignment, int64_t activity_id,
                              const char *month, int64_t unit_id, struct arena *a,
                              struct letter_target **items, size_t *n, struct err *err)
{
    return db->ops->letter->lts_targets(
        db, per_assignment, activity_id, month, unit_id, a, items, n, err);
}

#endif
