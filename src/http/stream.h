/* Responses that stay open and are written as their data comes (the live
** desk's event stream, api/events.c), without a thread each: while the
** source has nothing to send, the connection is suspended (parked) and
** costs only its socket and libmicrohttpd's per-connection memory. */
#ifndef LOKET_HTTP_STREAM_H
#define LOKET_HTTP_STREAM_H

#include "http/http.h"

/* Fills buf with up to max bytes: > 0 written, 0 after stream_park(h)
** (nothing now), -1 at the end of the stream. Runs on a server thread. */
typedef long stream_read_fn(void *cls, char *buf, size_t max);

/* Queues a 200 of content_type whose body read(cls, ...) writes; done(cls)
** runs once when the response is gone (connection closed or ended). The
** handle for stream_park / stream_wake is req_stream_handle(rq). 0, or a
** negative kind (done has run). */
int reply_stream(struct req *rq, const char *content_type, stream_read_fn *read,
                 void (*done)(void *cls), void *cls);
/* The handle of rq's connection for the two calls below. */
void *req_stream_handle(struct req *rq);
/* Only from inside read, right before it returns 0: suspends the
** connection until stream_wake. */
void stream_park(void *h);
/* From any thread, once per stream_park: read is called again. */
void stream_wake(void *h);

#endif
