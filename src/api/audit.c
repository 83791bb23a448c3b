/* GET /api/v1/audit: the audit log, newest first (admins). */
#include "api/api.h"
#include "api/json.h"
#include "http/reply.h"

#include <stdlib.h>

int api_audit_list(struct req *rq)
{
    struct audit_query q = {0};
    struct db *db;
    if (api_page(rq, &q.page, &q.per_page) != 0)
        return reply_err(rq, &rq->err);
    q.q = req_query(rq, "q");
    q.resource = req_query(rq, "resource");
    const char *actor = req_query(rq, "actor_id");
    q.actor_id = actor ? strtoll(actor, NULL, 10) : 0;
    struct audit_row *rows;
    size_t n;
    int64_t total;
    if (!(db = req_db(rq)) ||
        db_audit_list(db, &q, rq->arena, &rows, &n, &total, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *detail = rows[i].detail ? json_loads(rows[i].detail, 0, NULL) : NULL;
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:o?, s:s?, s:s, s:s, s:o?, s:o?, s:s?}", "id",
                             (json_int_t)rows[i].id, "at", rows[i].at, "actor_id",
                             rows[i].actor_id ? json_integer(rows[i].actor_id) : NULL,
                             "actor_name", rows[i].actor_name, "action", rows[i].action,
                             "resource", rows[i].resource, "record_id",
                             rows[i].record_id ? json_integer(rows[i].record_id) : NULL,
                             "detail", detail, "ip", rows[i].ip));
    }
    return reply_json(rq, 200, api_list(items, total, q.page, q.per_page));
}
