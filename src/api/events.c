/* The live desk (issue #20, docs/live.md): GET /api/v1/events, a stream of
** server-sent events over the bus in svc/live.c, and POST
** /api/v1/tickets/{number}/presence, the heartbeat of someone viewing or
** typing on a ticket. The rules (what a stream may see) are the bus's; this
** file is the HTTP glue. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "http/reply.h"
#include "http/stream.h"
#include "svc/live.h"

#include <string.h>

static const struct live_hooks hooks = {stream_park, stream_wake};

static long read_events(void *cls, char *buf, size_t max)
{
    return live_sub_read(cls, buf, max);
}

static void close_events(void *cls)
{
    live_sub_close(cls);
}

int api_events_stream(struct req *rq)
{
    /* the browser's EventSource sends Last-Event-ID when it reconnects; a
    ** page that fell back to polling passes the last id it saw instead */
    const char *last = req_header(rq, "Last-Event-ID");
    if (!last)
        last = req_query(rq, "last_event_id");
    /* A stream holds no database connection for its hours of life. */
    req_db_release(rq);
    struct live_sub *sub;
    /* ?poll=1: what there is since last_event_id, then the end (the
    ** pages' fallback when a stream cannot stay open) */
    const char *poll = req_query(rq, "poll");
    bool once = poll && !strcmp(poll, "1");
    if (live_sub_open(&rq->user->p, last, once, &hooks, req_stream_handle(rq), &sub,
                      &rq->err) != 0) {
        rq->retry_after = 30; /* the page polls meanwhile */
        return reply_err(rq, &rq->err);
    }
    return reply_stream(rq, "text/event-stream; charset=utf-8", read_events, close_events, sub);
}

int api_tickets_presence(struct req *rq)
{
    json_t *body;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *state = json_str(body, "state");
    enum live_presence ps;
    if (state && !strcmp(state, "viewing"))
        ps = LIVE_VIEWING;
    else if (state && !strcmp(state, "typing"))
        ps = LIVE_TYPING;
    else if (state && !strcmp(state, "left"))
        ps = LIVE_LEFT;
    else {
        err_invalid(&rq->err, "state", "harus viewing, typing atau left",
                    "must be viewing, typing or left");
        return reply_err(rq, &rq->err);
    }
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    struct ticket *t;
    if (ticket_load(rq, db, &t) != 0)
        return reply_err(rq, &rq->err);
    req_db_release(rq);
    live_presence(t, rq->user, ps);
    return reply_empty(rq);
}
