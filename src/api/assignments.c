/* /api/v1/assignments: a partner's work on an activity in a month, with
** the fee Loket computes (svc/partners.c). Writes run in one write
** transaction each, so the ceiling and budget checks see every committed
** assignment; refusals over a limit name it inside the error object. */
#include "api/api.h"
#include "api/json.h"
#include "api/master.h"
#include "api/partner_gate.h"
#include "core/arena.h"
#include "core/fee.h"
#include "core/qarg.h"
#include "http/reply.h"
#include "svc/partners.h"

#include <string.h>

json_t *assignment_json(const struct assignment *x)
{
    return json_pack("{s:I, s:I, s:s?, s:I, s:s?, s:s?, s:s, s:I, s:I, s:I, s:s, s:b, s:s?, "
                     "s:s?, s:s?, s:s?}",
                     "id", (json_int_t)x->id, "partner_id", (json_int_t)x->partner_id,
                     "partner_name", x->partner_name, "activity_id",
                     (json_int_t)x->activity_id, "activity_code", x->activity_code,
                     "activity_name", x->activity_name, "output", x->output, "volume",
                     (json_int_t)x->volume, "unit_rate", (json_int_t)x->unit_rate, "fee",
                     (json_int_t)x->fee, "month", x->month, "surat_tugas_issued",
                     x->surat_tugas_issued, "created_at", x->created_at, "updated_at",
                     x->updated_at, "role", x->role, "area", x->area);
}

/* 409 over a limit: the stable code, and month, total and ceiling (or
** budget) as members of the error object itself (API.md). */
static int reply_over(struct req *rq, const struct asg_over *o)
{
    const char *msg = rq->err.msg[rq->loc][0] ? rq->err.msg[rq->loc] : rq->err.msg[LOC_EN];
    bool budget = !strcmp(rq->err.code, "activity.budget_exceeded");
    json_t *e = json_pack("{s:s, s:s, s:s, s:I, s:I}", "code", rq->err.code, "message", msg,
                          "month", o->month, "total", (json_int_t)o->total,
                          budget ? "budget" : "ceiling", (json_int_t)o->limit);
    return reply_json(rq, 409, json_pack("{s:o}", "error", e));
}

static int write_fail(struct req *rq, struct db *db, const struct asg_over *over)
{
    db_rollback(db);
    if (!strcmp(rq->err.code, "partner.ceiling_exceeded") ||
        !strcmp(rq->err.code, "activity.budget_exceeded"))
        return reply_over(rq, over);
    return reply_err(rq, &rq->err);
}

static int int_member(struct req *rq, json_t *body, const char *key, bool required,
                      int64_t *out)
{
    json_t *v = json_object_get(body, key);
    if (!v || json_is_null(v)) {
        if (required)
            err_field(&rq->err, key, "wajib diisi", "is required");
        return 0;
    }
    if (!json_is_integer(v))
        err_field(&rq->err, key, "harus bilangan bulat", "must be a whole number");
    else
        *out = json_integer_value(v);
    return 0;
}

static bool known_keys(struct req *rq, json_t *body, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v) {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], k))
            i++;
        if (!keys[i])
            err_field(&rq->err, k, "tidak dikenal", "unknown field");
    }
    return rq->err.n_fields == 0;
}

static int invalid(struct req *rq)
{
    err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return reply_err(rq, &rq->err);
}

/* A new assignment's body into x and month; 0, or -1 with the error
** replied (*reply: the reply's result for the handler to return). */
static int parse_new(struct req *rq, struct assignment *x, const char **month, int *reply)
{
    static const char *const keys[] = {"partner_id", "activity_id", "output", "volume",
                                       "month", "surat_tugas_issued", "role", "area", NULL};
    json_t *body;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || api_body(rq, &body) != 0)
        return *reply = reply_err(rq, &rq->err), -1;
    known_keys(rq, body, keys);
    int_member(rq, body, "partner_id", true, &x->partner_id);
    int_member(rq, body, "activity_id", true, &x->activity_id);
    int_member(rq, body, "volume", true, &x->volume);
    api_text_field(rq, body, "output", 64, true, &x->output);
    api_text_field(rq, body, "month", 7, false, month);
    api_text_field(rq, body, "role", 100, false, &x->role);
    api_text_field(rq, body, "area", 200, false, &x->area);
    x->surat_tugas_issued = json_is_true(json_object_get(body, "surat_tugas_issued"));
    if (rq->err.n_fields)
        return *reply = invalid(rq), -1;
    return 0;
}

/* POST /api/v1/assignments/check: the create's every check, then rolled
** back, so a form can show the fee and what is left under the ceiling and
** the budget while the volume is typed. 200 with the figures, or the very
** refusal the create would answer. */
int api_assignments_check(struct req *rq)
{
    struct assignment x = {0};
    const char *month = NULL;
    struct asg_over over;
    int rc;
    if (parse_new(rq, &x, &month, &rc) != 0)
        return rc;
    struct db *db = req_db(rq);
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_assignment_write(db, rq->arena, &rq->user->p, &x, month, &over, &rq->err) != 0)
        return write_fail(rq, db, &over);
    db_rollback(db); /* nothing is kept */
    return reply_json(rq, 200, json_pack(
        "{s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "fee", (json_int_t)x.fee, "unit_rate",
        (json_int_t)x.unit_rate, "month", over.month, "total", (json_int_t)over.month_total,
        "ceiling", (json_int_t)over.ceiling, "remaining",
        (json_int_t)(over.ceiling - over.month_total), "activity_total",
        (json_int_t)over.activity_total, "budget", (json_int_t)over.budget,
        "budget_remaining", (json_int_t)(over.budget - over.activity_total)));
}

int api_assignments_create(struct req *rq)
{
    struct assignment x = {0};
    const char *month = NULL;
    int rc;
    if (parse_new(rq, &x, &month, &rc) != 0)
        return rc;
    struct db *db = req_db(rq);
    struct asg_over over;
    struct assignment saved;
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_assignment_write(db, rq->arena, &rq->user->p, &x, month, &over, &rq->err) != 0 ||
        ptn_assignment_get(db, x.id, rq->arena, &saved, &rq->err) != 0 ||
        master_audit(rq, db, "create", "assignments", x.id, assignment_json(&saved)) != 0 ||
        db_commit(db, &rq->err) != 0)
        return write_fail(rq, db, &over);
    return reply_json(rq, 201, json_pack("{s:o}", "assignment", assignment_json(&saved)));
}

/* The assignment {id} when rq's user administers its partner; else 404. */
static int load(struct req *rq, struct db **db, struct assignment *x)
{
    int64_t id = req_param_id(rq, "id");
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || !(*db = req_db(rq)))
        return rq->err.kind;
    if (id && ptn_assignment_get(*db, id, rq->arena, x, &rq->err) == 0) {
        struct perm_obj o = {.unit_id = x->unit_id};
        if (perm_can(&rq->user->p, ACT_PARTNER_MANAGE, &o))
            return 0;
    } else if (id && rq->err.kind != ERR_NOT_FOUND) {
        return rq->err.kind;
    }
    return err_set(&rq->err, ERR_NOT_FOUND, "assignment.not_found",
                   "penugasan tidak ditemukan", "assignment not found");
}

int api_assignments_get(struct req *rq)
{
    struct db *db;
    struct assignment x;
    if (load(rq, &db, &x) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, assignment_json(&x));
}

int api_assignments_list(struct req *rq)
{
    struct assignment_query q = {.unit_id = partner_unit(rq)};
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || api_page(rq, &q.page, &q.per_page) != 0)
        return reply_err(rq, &rq->err);
    q.q = req_query(rq, "q");
    q.month = req_query(rq, "month");
    int y, m;
    if (q.month && *q.month && !fee_month_parse(q.month, &y, &m))
        err_field(&rq->err, "month", "harus bulan YYYY-MM", "must be a month YYYY-MM");
    if (q.month && !*q.month)
        q.month = NULL;
    q.partner_id = qarg_id("partner_id", req_query(rq, "partner_id"), &rq->err);
    q.activity_id = qarg_id("activity_id", req_query(rq, "activity_id"), &rq->err);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Parameter tidak valid",
                "Invalid parameters");
        return reply_err(rq, &rq->err);
    }
    struct assignment *items;
    size_t n;
    int64_t total;
    if (!(db = req_db(rq)) ||
        ptn_assignment_list(db, &q, rq->arena, &items, &n, &total, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, assignment_json(&items[i]));
    return reply_json(rq, 200, api_list(arr, total, q.page, q.per_page));
}

/* Output, volume, month, role, area and surat_tugas_issued may change; partner and
** activity stay (another partner's work is another assignment). The fee is
** computed again at today's rate and checked like a new one. */
int api_assignments_update(struct req *rq)
{
    static const char *const keys[] = {"output", "volume", "month", "surat_tugas_issued",
                                       "role", "area", NULL};
    json_t *body;
    struct db *db;
    struct assignment x, old;
    if (api_body(rq, &body) != 0 || load(rq, &db, &old) != 0)
        return reply_err(rq, &rq->err);
    x = old;
    const char *month = old.month, *output = NULL;
    known_keys(rq, body, keys);
    int_member(rq, body, "volume", false, &x.volume);
    api_text_field(rq, body, "output", 64, false, &output);
    if (json_object_get(body, "month"))
        api_text_field(rq, body, "month", 7, false, &month);
    /* role and area: a string sets, null (or blank) clears, absent keeps */
    if (json_object_get(body, "role"))
        api_text_field(rq, body, "role", 100, false, &x.role);
    if (json_object_get(body, "area"))
        api_text_field(rq, body, "area", 200, false, &x.area);
    json_t *st = json_object_get(body, "surat_tugas_issued");
    if (st && !json_is_boolean(st))
        err_field(&rq->err, "surat_tugas_issued", "harus true atau false",
                  "must be true or false");
    if (rq->err.n_fields)
        return invalid(rq);
    if (output)
        x.output = output;
    if (st)
        x.surat_tugas_issued = json_is_true(st);
    struct asg_over over;
    struct assignment saved;
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_assignment_write(db, rq->arena, &rq->user->p, &x, month, &over, &rq->err) != 0 ||
        ptn_assignment_get(db, x.id, rq->arena, &saved, &rq->err) != 0 ||
        master_audit(rq, db, "update", "assignments", x.id,
                     json_pack("{s:o, s:o}", "old", assignment_json(&old), "new",
                               assignment_json(&saved))) != 0 ||
        db_commit(db, &rq->err) != 0)
        return write_fail(rq, db, &over);
    return reply_json(rq, 200, assignment_json(&saved));
}

int api_assignments_delete(struct req *rq)
{
    struct db *db;
    struct assignment x;
    if (load(rq, &db, &x) != 0 || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (ptn_assignment_delete(db, x.id, &rq->err) != 0 ||
        master_audit(rq, db, "delete", "assignments", x.id, assignment_json(&x)) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_empty(rq);
}
