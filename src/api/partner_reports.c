/* GET /api/v1/reports/partner-fees?month=YYYY-MM, GET
** /api/v1/reports/activity-budgets?year=YYYY and GET
** /api/v1/payments?month=YYYY-MM (report/partners.c builds them): JSON, or
** the same document as a file with ?format=csv|xlsx|pdf. POST
** /api/v1/exports runs them as export jobs too. */
#include "api/api.h"
#include "api/partner_gate.h"
#include "http/reply.h"
#include "report/partner_report.h"

static const char *query_get(void *cls, const char *key)
{
    return req_query(cls, key);
}

static int answer(struct req *rq, const char *name)
{
    struct rdoc doc;
    json_t *json = NULL;
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0 || !(db = req_db(rq)) ||
        partner_report_build(db, rq->arena, &rq->user->p, name, query_get, rq, &doc, &json,
                             &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return partner_reply_doc(rq, &doc, json);
}

int api_reports_partner_fees(struct req *rq)
{
    return answer(rq, "partner-fees");
}

int api_reports_activity_budgets(struct req *rq)
{
    return answer(rq, "activity-budgets");
}

int api_payments_list(struct req *rq)
{
    return answer(rq, "payments");
}
