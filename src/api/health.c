/* GET /healthz: 200 when the database answers, 503 otherwise. */
#include "api/api.h"
#include "http/reply.h"

int api_health(struct req *rq)
{
    struct db *db = req_db(rq);
    if (!db || db_ping(db, &rq->err) != 0)
        return reply_json(rq, 503, json_pack("{s:s}", "status", "unavailable"));
    return reply_json(rq, 200, json_pack("{s:s}", "status", "ok"));
}
