/* Schedules of appointment services, their availability and the day's
** queue: parse → svc/booking.h → reply. */
#include "api/attachment_limits.h"
#include "api/bookings.h"
#include "api/json.h"
#include "api/master.h"
#include "api/queue_cache.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "http/reply.h"
#include "store/bookings.h"
#include "svc/booking.h"

#include <string.h>

/* A schedule exists only for services of kind appointment: 404 otherwise. */
int api_schedule_get(struct req *rq)
{
    struct db *db = req_db(rq);
    struct booking_ctx ctx;
    if (!db || booking_ctx_load(db, rq->arena, req_param_id(rq, "id"), &ctx, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    booking_ctx_free(&ctx);
    json_t *o = booking_schedule_json(&ctx.sch);
    json_object_set_new(o, "service_name", json_string(ctx.service_name));
    if (api_attachment_limits_json(rq, db, ctx.sch.service_id, NULL, o) != 0) {
        json_decref(o);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, o);
}

int api_schedule_put(struct req *rq)
{
    json_t *body;
    struct db *db;
    struct schedule s;
    int64_t id = req_param_id(rq, "id");
    struct record *svc;
    if (api_body(rq, &body) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    if (db_rec_get(db, &res_services, id, rq->arena, &svc, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct service_attachment_limits lim; /* session documents (issue #16 item 6) */
    api_attachment_limits_parse(rq, body, id, &lim);
    if (booking_schedule_parse(db, rq->arena, id, body, &s, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    s.updated_at = ticket_now();
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *out = booking_schedule_json(&s);
    api_attachment_limits_json(rq, db, id, &lim, out);
    if (bk_schedule_put(db, &s, &rq->err) != 0 ||
        store_attachment_limits_put(db, &lim, &rq->err) != 0 ||
        master_audit(rq, db, "update", "schedules", id, json_incref(out)) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        json_decref(out);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, out);
}

int api_availability(struct req *rq)
{
    struct db *db = req_db(rq);
    json_t *out;
    if (!db || booking_availability(db, rq->arena, req_param_id(rq, "id"), req_query(rq, "from"),
                                    req_query(rq, "to"), ticket_now(), &out, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, out);
}

/* Everyone signed in sees the numbers; names only the service's staff and admins. */
int api_queue_get(struct req *rq)
{
    bool staff;
    int rc = api_queue_requester(rq, &staff);
    if (!staff)
        return rc;
    struct db *db = req_db(rq);
    json_t *out;
    if (!db || booking_queue(db, rq->arena, req_param_id(rq, "id"), req_query(rq, "date"),
                             rq->user->p.id, true, ticket_now(), &out, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, out);
}
