/* The HTTP layer's shared types: the per-request state handed to every
** handler (the long-lived context, struct app, is in app/app.h). Handlers
** see libmicrohttpd only through the helpers declared here and in reply.h;
** the store only as the opaque connection req_db gives. */
#ifndef LOKET_HTTP_H
#define LOKET_HTTP_H

#include "app/app.h"
#include "auth/crypto.h"
#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct MHD_Connection;
struct MHD_Response;
struct route;
struct upload;
struct user_auth;

enum http_method { M_GET, M_HEAD, M_POST, M_PUT, M_PATCH, M_DELETE, M_OPTIONS, M_OTHER };

enum { REQ_MAX_PARAMS = 8 };

struct req {
    struct arena *arena;
    struct app *app;
    struct MHD_Connection *conn;
    enum http_method method;
    const char *method_name, *path;
    const struct route *route; /* NULL when none matched (route_match says why) */
    int route_match;           /* enum route_match, found once per request */
    const char *param_names[REQ_MAX_PARAMS];
    const char *param_values[REQ_MAX_PARAMS];
    size_t n_params;
    /* body, capped by the route's limit */
    char *body;
    size_t body_len, body_cap, body_max;
    bool body_too_large;
    bool replied;
    bool authenticated;     /* checks already ran at the first callback (uploads) */
    struct upload *upload;  /* multipart upload streamed to a temp file */
    size_t upload_max;      /* the file's limit set by before_body; 0 = configured */
    /* suspended (req_suspend), e.g. for the group commit (api/batch.c) */
    bool suspended;
    int (*finish)(struct req *rq); /* replies once resumed */
    void *job;                     /* the handler's state for the job */
    int job_rc;                    /* the group-commit job's result */
    /* who is asking */
    struct user_auth *user; /* NULL = anonymous */
    bool via_cookie;        /* session cookie (needs CSRF for writes) */
    const char *csrf_token;
    unsigned char session_hash[TOKEN_HASH_BYTES];
    enum locale loc;
    const char *ip;
    struct db *db; /* acquired on first use by req_db() */
    bool db_deferred; /* its release is registered with the arena */
    struct err err;
    /* for the access log */
    char id[17];
    uint64_t start_ns;
    unsigned status;
    size_t resp_bytes;
    const char *set_cookie; /* added to the next response */
    long retry_after;       /* > 0: Retry-After (seconds) on the next response */
    /* an attachment shown inline (issue #20): this response's own
    ** Content-Security-Policy, and the app's pages may frame it (a PDF in
    ** the preview dialog); NULL: the app's policy, never framed */
    const char *inline_csp;
    /* a cacheable GET that missed: reply_json stores its answer under this */
    char *cache_key;
    size_t cache_klen;
    uint64_t cache_gen;
    bool cache_leader; /* others wait for this request's answer */
    bool cache_retry;  /* woken after waiting: never wait twice */
};

/* The request's database connection, acquired on first use and released
** when the request completes. NULL (and rq->err set) when unavailable. */
struct db *req_db(struct req *rq);
/* Gives the connection back now (a request suspended until the group
** commit answers it holds none meanwhile); req_db takes another if needed. */
void req_db_release(struct req *rq);
/* Suspends the request's connection until req_resume; the handler then
** returns 0 without replying, and finish(rq) replies on a worker thread once
** resumed (an error is sent for it if it does not). */
void req_suspend(struct req *rq, int (*finish)(struct req *rq));
/* From any thread, once per req_suspend: lets the request go on to finish.
** The request may end before this returns. */
void req_resume(struct req *rq);
/* Path parameter by name ("{id}" in the route); NULL when absent. */
const char *req_param(const struct req *rq, const char *name);
/* Path parameter parsed as a positive id; 0 when absent or malformed. */
int64_t req_param_id(const struct req *rq, const char *name);
/* Query-string argument (decoded); NULL when absent. */
const char *req_query(const struct req *rq, const char *name);
/* Request header; NULL when absent. */
const char *req_header(const struct req *rq, const char *name);
/* Cookie by name; NULL when absent. */
const char *req_cookie(const struct req *rq, const char *name);
/* Calls fn(cls, key, value) for every query argument. */
void req_each_query(const struct req *rq, void (*fn)(void *cls, const char *k, const char *v),
                    void *cls);

#endif
