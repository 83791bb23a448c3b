/* The agents' side of the identity check (issue #21 item 4, seed 002):
** the queue of requesters a channel registered who are not verified, with
** what they sent and their tickets, and the verify action. The rules are
** svc/identity.c's; callers who may not check identities get 404. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "http/reply.h"
#include "svc/identity.h"

enum { QUEUE_TICKETS = 5 };

/* A requester's latest tickets, as the queue lists them. */
static json_t *tickets_of(struct db *db, struct arena *a, int64_t uid)
{
    struct ticket_query q = {.scope = {.kind = SCOPE_ALL, .bookings_all = true},
                             .requester_id = uid, .sla_breached = -1, .sort = "created_at",
                             .sort_desc = true, .page = 1, .per_page = QUEUE_TICKETS};
    struct ticket **ts;
    size_t n;
    int64_t total;
    bool capped;
    struct err e = {0};
    json_t *arr = json_array();
    if (db_ticket_list(db, &q, a, &ts, &n, &total, &capped, &e) != 0)
        return arr;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s?, s:s, s:s?}", "number", ts[i]->number,
                                             "title", ts[i]->title, "status", ts[i]->status,
                                             "channel", ts[i]->channel));
    return arr;
}

int api_identity_queue(struct req *rq)
{
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    struct actor who = api_actor(rq);
    struct record **items;
    size_t n;
    if (svc_identity_queue(db, &who, rq->arena, &items, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = record_to_json(&res_users, items[i]);
        json_object_set_new(o, "tickets", tickets_of(db, rq->arena, items[i]->id));
        json_array_append_new(arr, o);
    }
    return reply_json(rq, 200, json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)n));
}

int api_identity_verify(struct req *rq)
{
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    struct actor who = api_actor(rq);
    struct record *u;
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_identity_verify(db, &who, rq->arena, req_param_id(rq, "id"), &u, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, record_to_json(&res_users, u));
}
