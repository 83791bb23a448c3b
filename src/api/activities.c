/* /api/v1/activities (survey and census activities with their unit rates,
** SHKS) and /api/v1/partner-ceilings/{year} (the monthly ceiling per
** partner, SBML): the national standard, set by admins, read by partner
** admins. An activity is master data plus "rates":[{"output","unit_rate"}],
** replaced as a whole when given. */
#include "api/api.h"
#include "api/json.h"
#include "api/master.h"
#include "api/partner_gate.h"
#include "core/arena.h"
#include "core/fee.h"
#include "http/reply.h"
#include "store/partners.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_RATES = 64 };

struct rates {
    struct activity_rate items[MAX_RATES];
    size_t n;
    bool given;
};

/* Takes "rates" out of the body (record_from_json knows only the fields)
** and checks it: outputs 1–64 bytes and unique, rates whole rupiah. */
static int take_rates(struct req *rq, json_t *body, struct rates *out)
{
    json_t *arr = json_object_get(body, "rates");
    memset(out, 0, sizeof *out);
    if (!arr)
        return 0;
    out->given = true;
    json_incref(arr);
    json_object_del(body, "rates");
    arena_defer(rq->arena, (arena_fn *)json_decref, arr);
    if (!json_is_array(arr) || json_array_size(arr) > MAX_RATES)
        return err_invalid(&rq->err, "rates", "harus daftar berisi paling banyak 64 tarif",
                           "must be a list of at most 64 rates");
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it) {
        json_t *o = json_object_get(it, "output"), *r = json_object_get(it, "unit_rate");
        const char *s = json_string_value(o);
        if (!json_is_object(it) || !s || !*s || strlen(s) > 64 || !json_is_integer(r) ||
            json_integer_value(r) < 0 || json_integer_value(r) > FEE_MAX) {
            char name[32];
            snprintf(name, sizeof name, "rates[%zu]", i);
            return err_invalid(&rq->err, name, "butuh output (teks) dan unit_rate (rupiah "
                               "bulat, tidak negatif)",
                               "needs output (text) and unit_rate (whole rupiah, not negative)");
        }
        for (size_t k = 0; k < out->n; k++)
            if (!strcmp(out->items[k].output, s))
                return err_invalid(&rq->err, "rates", "output tidak boleh ganda",
                                   "outputs must be unique");
        out->items[out->n++] = (struct activity_rate){arena_strdup(rq->arena, s),
                                                      json_integer_value(r)};
    }
    return 0;
}

static int rates_json(struct req *rq, struct db *db, const struct record *r, json_t *j)
{
    struct activity_rate *items;
    size_t n;
    if (ptn_rates_get(db, r->id, rq->arena, &items, &n, &rq->err) != 0)
        return rq->err.kind;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:I}", "output", items[i].output,
                                             "unit_rate", (json_int_t)items[i].unit_rate));
    json_object_set_new(j, "rates", arr);
    return 0;
}

/* A new period must still hold the months of the activity's assignments. */
static int period_keeps_assignments(struct req *rq, struct db *db, const struct record *r,
                                    const struct record *old, struct err *err)
{
    const char *first, *last;
    struct ymd s, e;
    char out[8];
    if (ptn_activity_month_range(db, old->id, rq->arena, &first, &last, err) != 0)
        return err->kind;
    if (!first)
        return 0;
    fee_date_parse(record_after(&res_activities, r, old, "start_date")->s, &s);
    fee_date_parse(record_after(&res_activities, r, old, "end_date")->s, &e);
    if (fee_assignment_month(s, e, first, out) != FEE_MONTH_OK ||
        fee_assignment_month(s, e, last, out) != FEE_MONTH_OK)
        return err_set(err, ERR_CONFLICT, "activity.assignments_outside",
                       "kegiatan sudah punya penugasan %s–%s di luar periode baru",
                       "the activity has assignments in %s–%s, outside the new period", first,
                       last);
    return 0;
}

/* Inside the write: store the rates given; refuse a budget below what the
** activity's assignments already spend, and a period that leaves some of
** them outside. Rates already agreed stay on their assignments. */
static int after(struct req *rq, struct db *db, const struct record *r,
                 const struct record *old, struct err *err)
{
    struct rates *rates = rq->job; /* this handler's state: no batch job here */
    int64_t id = old ? old->id : r->id, used;
    if (rates->given && ptn_rates_set(db, id, rates->items, rates->n, err) != 0)
        return err->kind;
    if (old && period_keeps_assignments(rq, db, r, old, err) != 0)
        return err->kind;
    const struct value *b = &r->v[resource_field(&res_activities, "budget")];
    if (old && b->set && !b->null) {
        if (ptn_activity_total(db, id, 0, &used, err) != 0)
            return err->kind;
        if (used > b->i)
            return err_set(err, ERR_CONFLICT, "activity.budget_exceeded",
                           "penugasan kegiatan ini sudah Rp %lld, di atas pagu baru",
                           "the activity's assignments already spend Rp %lld, over the new "
                           "budget", (long long)used);
    }
    return 0;
}

static int write(struct req *rq, bool create)
{
    if (partner_gate(rq, ACT_PARTNER_SETUP) != 0)
        return reply_err(rq, &rq->err);
    struct rates *rates = arena_alloc(rq->arena, sizeof *rates);
    json_t *body;
    if (api_body(rq, &body) != 0 || take_rates(rq, body, rates) != 0)
        return reply_err(rq, &rq->err);
    rq->job = rates;
    struct master_ops o = {.after = after, .item = rates_json, .body = body};
    return create ? master_create_x(rq, &res_activities, &o)
                  : master_update_x(rq, &res_activities, &o);
}

static const struct master_ops read_ops = {.item = rates_json};

int api_activities_list(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    return master_list_x(rq, &res_activities, &read_ops);
}

int api_activities_get(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    return master_get_x(rq, &res_activities, &read_ops);
}

int api_activities_create(struct req *rq)
{
    return write(rq, true);
}

int api_activities_update(struct req *rq)
{
    return write(rq, false);
}

int api_activities_delete(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_SETUP) != 0)
        return reply_err(rq, &rq->err);
    return master_delete_x(rq, &res_activities, NULL);
}

/* ---- ceilings ---------------------------------------------------------- */

static int year_param(struct req *rq, int *year)
{
    const char *s = req_param(rq, "year");
    char *end;
    long y = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || y < 2000 || y > 9999)
        return err_set(&rq->err, ERR_NOT_FOUND, "ceiling.not_found",
                       "tahun tidak dikenal", "unknown year");
    *year = (int)y;
    return 0;
}

static int ceiling_reply(struct req *rq, int status, int year, int64_t monthly)
{
    return reply_json(rq, status, json_pack("{s:i, s:I}", "year", year, "monthly",
                                            (json_int_t)monthly));
}

int api_partner_ceilings_get(struct req *rq)
{
    int year;
    int64_t monthly;
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || year_param(rq, &year) != 0 ||
        !(db = req_db(rq)) || ptn_ceiling_get(db, year, &monthly, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (monthly < 0)
        return reply_error(rq, ERR_NOT_FOUND, "ceiling.not_found",
                           "batas honor tahun ini belum ditetapkan",
                           "no ceiling is set for this year");
    return ceiling_reply(rq, 200, year, monthly);
}

int api_partner_ceilings_put(struct req *rq)
{
    int year;
    json_t *body;
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_SETUP) != 0 || year_param(rq, &year) != 0 ||
        api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *m = json_object_get(body, "monthly");
    if (!json_is_integer(m) || json_integer_value(m) < 0 || json_integer_value(m) > FEE_MAX)
        return reply_err(rq, (err_invalid(&rq->err, "monthly", "harus rupiah bulat, tidak "
                                          "negatif", "must be whole rupiah, not negative"),
                              &rq->err));
    int64_t monthly = json_integer_value(m), old;
    if (!(db = req_db(rq)) || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (ptn_ceiling_get(db, year, &old, &rq->err) != 0 ||
        ptn_ceiling_set(db, year, monthly, &rq->err) != 0 ||
        master_audit(rq, db, "update", "partner-ceilings", year,
                     json_pack("{s:{s:o, s:I}}", "monthly", "old",
                               old < 0 ? json_null() : json_integer(old), "new",
                               (json_int_t)monthly)) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return ceiling_reply(rq, 200, year, monthly);
}
