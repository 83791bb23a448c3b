/* The partner administration's money rules, shared by the API and the demo
** data (taking a neutral actor, never an HTTP request): an assignment's fee
** from the activity's rate, its month inside the activity's period, the
** partner's monthly ceiling counted over every activity, and the
** activity's budget. */
#ifndef LOKET_SVC_PARTNERS_H
#define LOKET_SVC_PARTNERS_H

#include "store/partners.h"

#include <jansson.h>

/* What a refusal over a limit names: the month, the total the month (or
** the activity) would reach and the limit (ceiling or budget); after a
** write, where it leaves the partner's month and the activity. */
struct asg_over {
    char month[8];
    int64_t total, limit;
    int64_t month_total, ceiling, activity_total, budget;
};

/* Writes assignment x for `me` inside the caller's write transaction.
** In: partner_id, activity_id, output, volume, surat_tugas_issued, and
** x->id (0 = new; else an edit of that row, whose partner and activity
** stay); month as given (NULL = none). Out: unit_rate, fee, month, id.
** Errors: 404 partner.not_found (not visible to me), 422 with fields,
** 409 partner.ceiling_missing, partner.ceiling_exceeded or
** activity.budget_exceeded (then *over says by how much; on success it
** holds the month's and the activity's new totals and limits).
**
** The caller's transaction must be a write transaction from its start
** (db_begin: SQLite's BEGIN IMMEDIATE) so that the sums read here and the
** row written here cannot interleave with another writer's. */
int svc_assignment_write(struct db *db, struct arena *a, const struct principal *me,
                         struct assignment *x, const char *month, struct asg_over *over,
                         struct err *err);

/* The partner `id` when `me` administers it (ACT_PARTNER_MANAGE), else
** 404 partner.not_found: another office's partner is not even there. */
int svc_partner_visible(struct db *db, struct arena *a, const struct principal *me, int64_t id,
                        struct record **out, struct err *err);

/* What keeps contract c from being paid, as stable codes in this order:
** "terminated", "contract_signed", "surat_tugas_issued", "bast_signed",
** "bank_account". Empty when it may be paid. New reference. */
json_t *svc_contract_blockers(const struct contract *c);
/* A contract as the API shows it, with "missing" (the blockers). */
json_t *svc_contract_json(const struct contract *c);

#endif
