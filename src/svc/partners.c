/* Assignment rules (svc/partners.h): fee = volume × the activity's rate
** for the output, in whole rupiah with overflow checks (core/fee.c); the
** month of the assignment inside the activity's period; the partner's
** month total over every activity against the year's ceiling (SBML); the
** activity's total against its budget (pagu). */
#include "svc/partners.h"
#include "core/arena.h"
#include "core/fee.h"

#include <stdio.h>
#include <string.h>

int svc_partner_visible(struct db *db, struct arena *a, const struct principal *me, int64_t id,
                        struct record **out, struct err *err)
{
    struct err e2 = {0};
    struct record *r;
    if (id > 0 && db_rec_get(db, &res_partners, id, a, &r, &e2) == 0) {
        struct perm_obj o = {.unit_id = r->v[resource_field(&res_partners, "unit_id")].i};
        if (perm_can(me, ACT_PARTNER_MANAGE, &o)) {
            *out = r;
            return 0;
        }
    } else if (e2.kind != ERR_NOT_FOUND && e2.kind != 0) {
        *err = e2;
        return err->kind;
    }
    return err_set(err, ERR_NOT_FOUND, "partner.not_found", "mitra tidak ditemukan",
                   "partner not found");
}

static int64_t ival(const struct resource *res, const struct record *r, const char *name)
{
    return r->v[resource_field(res, name)].i;
}

static const char *sval(const struct resource *res, const struct record *r, const char *name)
{
    return r->v[resource_field(res, name)].s;
}

static int check_month(struct assignment *x, const struct record *act, const char *month,
                       struct arena *a, struct err *err)
{
    struct ymd s, e;
    char out[8];
    if (!fee_date_parse(sval(&res_activities, act, "start_date"), &s) ||
        !fee_date_parse(sval(&res_activities, act, "end_date"), &e))
        return err_set(err, ERR_INTERNAL, "activity.bad_period", "periode kegiatan rusak",
                       "the activity's period is damaged");
    switch (fee_assignment_month(s, e, month, out)) {
    case FEE_MONTH_OK:
        x->month = arena_strdup(a, out);
        return 0;
    case FEE_MONTH_NEEDED:
        return err_invalid(err, "month", "wajib diisi (YYYY-MM): kegiatan berlangsung lebih "
                           "dari satu bulan", "is required (YYYY-MM): the activity spans months");
    case FEE_MONTH_INVALID:
        return err_invalid(err, "month", "harus bulan YYYY-MM", "must be a month YYYY-MM");
    case FEE_MONTH_OUTSIDE:
        break;
    }
    return err_invalid(err, "month", "di luar periode kegiatan",
                       "is outside the activity's period");
}

static int find_rate(struct db *db, struct arena *a, struct assignment *x, struct err *err)
{
    struct activity_rate *rates;
    size_t n;
    if (ptn_rates_get(db, x->activity_id, a, &rates, &n, err) != 0)
        return err->kind;
    for (size_t i = 0; i < n; i++)
        if (x->output && !strcmp(rates[i].output, x->output)) {
            x->unit_rate = rates[i].unit_rate;
            return 0;
        }
    return err_invalid(err, "output", "kegiatan ini tidak punya tarif untuk keluaran ini",
                       "the activity has no rate for this output");
}

int svc_assignment_write(struct db *db, struct arena *a, const struct principal *me,
                         struct assignment *x, const char *month, struct asg_over *over,
                         struct err *err)
{
    struct record *partner, *act;
    if (svc_partner_visible(db, a, me, x->partner_id, &partner, err) != 0)
        return err->kind;
    if (!x->id && !ival(&res_partners, partner, "active"))
        return err_invalid(err, "partner_id", "mitra tidak aktif", "the partner is not active");
    struct err e2 = {0};
    if (db_rec_get(db, &res_activities, x->activity_id, a, &act, &e2) != 0) {
        if (e2.kind != ERR_NOT_FOUND) {
            *err = e2;
            return err->kind;
        }
        return err_invalid(err, "activity_id", "tidak ditemukan", "does not exist");
    }
    if (x->volume < 1 || x->volume > 1000000000)
        return err_invalid(err, "volume", "harus bilangan bulat 1–1.000.000.000",
                           "must be a whole number 1–1,000,000,000");
    if (find_rate(db, a, x, err) != 0 || check_month(x, act, month, a, err) != 0)
        return err->kind;
    if (!fee_mul(x->volume, x->unit_rate, &x->fee))
        return err_invalid(err, "volume", "honor terlalu besar", "the fee is too large");

    /* The ceiling of the month's year, over every activity of the partner.
    ** Safe against a concurrent assignment because the caller's transaction
    ** holds SQLite's write lock from BEGIN IMMEDIATE on: another writer
    ** waits until this one commits and then reads a total that includes
    ** it, so two requests that each fit alone cannot both pass. */
    int year = 0;
    sscanf(x->month, "%4d", &year);
    int64_t ceiling, total, sum;
    if (ptn_ceiling_get(db, year, &ceiling, err) != 0)
        return err->kind;
    if (ceiling < 0)
        return err_set(err, ERR_CONFLICT, "partner.ceiling_missing",
                       "batas honor bulanan (SBML) tahun %d belum ditetapkan",
                       "the monthly ceiling (SBML) of %d is not set", year);
    if (ptn_partner_month_total(db, x->partner_id, x->month, x->id, &total, err) != 0)
        return err->kind;
    *over = (struct asg_over){.limit = ceiling};
    snprintf(over->month, sizeof over->month, "%s", x->month);
    if (!fee_add(total, x->fee, &sum) || sum > ceiling) {
        over->total = fee_add(total, x->fee, &sum) ? sum : FEE_MAX;
        return err_set(err, ERR_CONFLICT, "partner.ceiling_exceeded",
                       "honor mitra bulan %s akan menjadi Rp %lld, melebihi batas Rp %lld",
                       "the partner's fees for %s would reach Rp %lld, over the ceiling of "
                       "Rp %lld", x->month, (long long)over->total, (long long)ceiling);
    }
    int64_t budget = ival(&res_activities, act, "budget");
    if (ptn_activity_total(db, x->activity_id, x->id, &total, err) != 0)
        return err->kind;
    over->month_total = sum;
    over->ceiling = ceiling;
    if (!fee_add(total, x->fee, &sum) || sum > budget) {
        over->total = fee_add(total, x->fee, &sum) ? sum : FEE_MAX;
        over->limit = budget;
        return err_set(err, ERR_CONFLICT, "activity.budget_exceeded",
                       "honor kegiatan akan menjadi Rp %lld, melebihi pagu Rp %lld",
                       "the activity's fees would reach Rp %lld, over its budget of Rp %lld",
                       (long long)over->total, (long long)budget);
    }
    over->activity_total = sum;
    over->budget = budget;
    if (!x->id)
        x->created_by = me->id;
    return ptn_assignment_save(db, x, err);
}

json_t *svc_contract_blockers(const struct contract *c)
{
    json_t *b = json_array();
    if (c->terminated)
        json_array_append_new(b, json_string("terminated"));
    if (!c->contract_signed)
        json_array_append_new(b, json_string("contract_signed"));
    if (c->n_surat_tugas_missing)
        json_array_append_new(b, json_string("surat_tugas_issued"));
    if (!c->bast_signed)
        json_array_append_new(b, json_string("bast_signed"));
    if (!c->bank_name || !*c->bank_name || !c->bank_account || !*c->bank_account)
        json_array_append_new(b, json_string("bank_account"));
    return b;
}

json_t *svc_contract_json(const struct contract *c)
{
    return json_pack("{s:I, s:s?, s:s?, s:I, s:s?, s:s, s:I, s:I, s:I, s:b, s:b, s:b, s:b, "
                     "s:s?, s:s?, s:o}",
                     "partner_id", (json_int_t)c->partner_id, "partner_name", c->partner_name,
                     "nik", c->nik, "unit_id", (json_int_t)c->unit_id, "unit_name",
                     c->unit_name, "month", c->month, "total", (json_int_t)c->total,
                     "assignments", (json_int_t)c->n_assignments, "surat_tugas_missing",
                     (json_int_t)c->n_surat_tugas_missing, "contract_signed",
                     c->contract_signed, "bast_signed", c->bast_signed, "terminated",
                     c->terminated, "paid", c->paid, "bank_name", c->bank_name,
                     "bank_account", c->bank_account, "missing", svc_contract_blockers(c));
}
