/* Follow-through of the partner contracts (one per partner per month):
** the documents' state (contract signed, BAST signed, terminated, paid;
** the surat tugas per assignment is PATCHed on the assignment) and what is
** missing before payment (the payment list is a report:
** api/partner_reports.c). Every change is audited. */
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

/* The contracts rq's user sees, filtered by ?month and ?partner_id. */
static int contracts(struct req *rq, struct contract **items, size_t *n)
{
    struct contract_query q = {.unit_id = partner_unit(rq), .month = req_query(rq, "month")};
    int y, m;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return rq->err.kind;
    if (q.month && !*q.month)
        q.month = NULL;
    if (q.month && !fee_month_parse(q.month, &y, &m))
        err_field(&rq->err, "month", "harus bulan YYYY-MM", "must be a month YYYY-MM");
    q.partner_id = qarg_id("partner_id", req_query(rq, "partner_id"), &rq->err);
    if (rq->err.n_fields)
        return err_set(&rq->err, ERR_INVALID, "validation", "Parameter tidak valid",
                       "Invalid parameters");
    struct db *db = req_db(rq);
    if (!db)
        return rq->err.kind;
    return ptn_contract_list(db, &q, rq->arena, items, n, &rq->err);
}

int api_contracts_list(struct req *rq)
{
    struct contract *items;
    size_t n;
    if (contracts(rq, &items, &n) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, svc_contract_json(&items[i]));
    return reply_json(rq, 200, json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)n));
}

/* GET /payments/missing: the contracts something still blocks (paid ones
** are done and left out). */
int api_payments_missing(struct req *rq)
{
    struct contract *items;
    size_t n;
    if (contracts(rq, &items, &n) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *c = svc_contract_json(&items[i]);
        if (items[i].paid || !json_array_size(json_object_get(c, "missing")))
            json_decref(c);
        else
            json_array_append_new(arr, c);
    }
    return reply_json(rq, 200, json_pack("{s:o, s:I}", "items", arr, "total",
                                         (json_int_t)json_array_size(arr)));
}

/* PATCH /contracts/{partner_id}/{month} {"contract_signed","bast_signed",
** "terminated","paid"}: booleans, any subset. The contract must exist
** (the partner has assignments that month). */
int api_contracts_update(struct req *rq)
{
    static const char *const keys[] = {"contract_signed", "bast_signed", "terminated", "paid"};
    json_t *body;
    struct record *partner;
    const char *month = req_param(rq, "month");
    int64_t pid = req_param_id(rq, "partner_id");
    int y, m, v[4];
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *k;
    json_t *val;
    json_object_foreach(body, k, val) {
        size_t i = 0;
        while (i < 4 && strcmp(keys[i], k))
            i++;
        if (i == 4)
            err_field(&rq->err, k, "tidak dikenal", "unknown field");
    }
    for (size_t i = 0; i < 4; i++)
        v[i] = api_flag(rq, body, keys[i]);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    struct db *db = req_db(rq);
    struct contract *before, *after;
    size_t n;
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct contract_query q = {.partner_id = pid, .month = month};
    if (svc_partner_visible(db, rq->arena, &rq->user->p, pid, &partner, &rq->err) != 0 ||
        !month || !fee_month_parse(month, &y, &m) ||
        ptn_contract_list(db, &q, rq->arena, &before, &n, &rq->err) != 0 || n != 1) {
        db_rollback(db);
        if (!rq->err.kind)
            err_set(&rq->err, ERR_NOT_FOUND, "contract.not_found",
                    "mitra tidak punya penugasan pada bulan ini",
                    "the partner has no assignment in this month");
        return reply_err(rq, &rq->err);
    }
    json_t *old = svc_contract_json(before);
    if (ptn_contract_set(db, pid, month, v[0], v[1], v[2], v[3], &rq->err) != 0 ||
        ptn_contract_list(db, &q, rq->arena, &after, &n, &rq->err) != 0 ||
        master_audit(rq, db, "update", "contracts", pid,
                     json_pack("{s:s, s:o, s:o}", "month", month, "old", old, "new",
                               svc_contract_json(after))) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, svc_contract_json(after));
}
