/* Building and queueing responses. Every handler ends with one of these;
** each returns 0 once the response is queued (or a negative kind if even
** that failed), so handlers can `return reply_...(...)`. */
#ifndef LOKET_REPLY_H
#define LOKET_REPLY_H

#include "http/http.h"

#include <jansson.h>

/* Sends body as JSON with status; steals the reference to body. */
int reply_json(struct req *rq, unsigned status, json_t *body);
/* JSON already written as text (core/jw.h) in the request's arena: sent
** from there without a copy (the arena outlives the answer). */
int reply_json_text(struct req *rq, unsigned status, const char *text, size_t len);
/* Wakes the requests waiting for this one's answer (http/cache.h); called
** when the answer is cached, and again (harmlessly) when the request ends. */
void reply_cache_land(struct req *rq);
/* 200 with a cached JSON answer, sent from the cache's memory (http/cache.h). */
int reply_pinned(struct req *rq, const char *json, size_t len, void *pin);
/* Sends err as API.md's error shape; the status comes from err->kind. */
int reply_err(struct req *rq, const struct err *err);
/* Fills rq->err and sends it. */
int reply_error(struct req *rq, enum err_kind kind, const char *code, const char *msg_id,
                const char *msg_en);
/* 204 No Content. */
int reply_empty(struct req *rq);
/* Raw bytes with a content type (copied). */
int reply_bytes(struct req *rq, unsigned status, const char *content_type, const void *data,
                size_t len);
/* HTTP status for an error kind. */
unsigned err_status(enum err_kind kind);
/* Queues a prepared libmicrohttpd response after adding the common headers
** (security headers, cookie, request id); destroys it. For static.c. */
int reply_queue(struct req *rq, unsigned status, struct MHD_Response *resp, bool api);

/* 302 Found to location (a URL or an absolute path), no body. */
int reply_redirect(struct req *rq, const char *location);

#endif
