/* Responses: JSON encoding, the error-kind → status table, and the headers
** every response carries. */
#include "http/reply.h"
#include "http/cache.h"
#include "http/mhd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    enum err_kind kind;
    unsigned status;
} status_table[] = {
    {ERR_MALFORMED, 400},   {ERR_UNAUTHENTICATED, 401}, {ERR_FORBIDDEN, 403},
    {ERR_NOT_FOUND, 404},   {ERR_METHOD, 405},          {ERR_CONFLICT, 409},
    {ERR_TOO_LARGE, 413},   {ERR_UNSUPPORTED, 415},     {ERR_INVALID, 422},
    {ERR_RATE_LIMITED, 429}, {ERR_STORE, 500},          {ERR_INTERNAL, 500},
    {ERR_UNAVAILABLE, 503}, {ERR_STORAGE_FULL, 507},
};

unsigned err_status(enum err_kind kind)
{
    for (size_t i = 0; i < sizeof status_table / sizeof status_table[0]; i++)
        if (status_table[i].kind == kind)
            return status_table[i].status;
    return 500;
}

/* Strict CSP: no inline script or style, nothing from other origins, no framing. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
                          "object-src 'none'; base-uri 'none'; form-action 'self'; "
                          "frame-ancestors 'none'";

int reply_queue(struct req *rq, unsigned status, struct MHD_Response *resp, bool api)
{
    MHD_add_response_header(resp, "Content-Security-Policy", rq->inline_csp ? rq->inline_csp : CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", rq->inline_csp ? "SAMEORIGIN" : "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Request-Id", rq->id);
    if (rq->app->tls)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (api)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (rq->set_cookie)
        MHD_add_response_header(resp, "Set-Cookie", rq->set_cookie);
    if (rq->retry_after > 0) {
        char secs[24];
        snprintf(secs, sizeof secs, "%ld", rq->retry_after);
        MHD_add_response_header(resp, "Retry-After", secs);
    }
    rq->status = status;
    rq->replied = true;
    enum MHD_Result r = MHD_queue_response(rq->conn, status, resp);
    MHD_destroy_response(resp);
    return r == MHD_YES ? 0 : ERR_INTERNAL;
}

int reply_bytes(struct req *rq, unsigned status, const char *content_type, const void *data,
                size_t len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return ERR_INTERNAL;
    if (content_type)
        MHD_add_response_header(resp, "Content-Type", content_type);
    rq->resp_bytes = len;
    return reply_queue(rq, status, resp, true);
}

static void wake(void *waiter)
{
    struct req *rq = waiter;
    MHD_resume_connection(rq->conn);
}

void reply_cache_land(struct req *rq)
{
    if (!rq->cache_leader)
        return;
    rq->cache_leader = false;
    cache_land(rq->app->resp_cache, rq->cache_key, rq->cache_klen, rq->cache_gen, wake);
}

/* A JSON answer already in text form; a cacheable GET's 200 is kept. mode:
** MHD_RESPMEM_MUST_FREE for malloc'd text, MHD_RESPMEM_PERSISTENT for text
** in the request's arena, which is freed only once the answer is sent
** (on_completed), so libmicrohttpd may read it without a copy. */
static int send_json(struct req *rq, unsigned status, char *text, size_t len,
                     enum MHD_ResponseMemoryMode mode)
{
    if (rq->cache_key && status == 200)
        cache_put(rq->app->resp_cache, rq->cache_key, rq->cache_klen, rq->cache_gen, text, len);
    reply_cache_land(rq);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, mode);
    if (!resp) {
        if (mode == MHD_RESPMEM_MUST_FREE)
            free(text);
        return ERR_INTERNAL;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    rq->resp_bytes = len;
    return reply_queue(rq, status, resp, true);
}

int reply_pinned(struct req *rq, const char *json, size_t len, void *pin)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback_cls(
        len, (void *)json, cache_unpin, pin); /* MHD only reads it */
    if (!resp) {
        cache_unpin(pin);
        return ERR_INTERNAL;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    rq->resp_bytes = len;
    return reply_queue(rq, 200, resp, true);
}

int reply_json_text(struct req *rq, unsigned status, const char *text, size_t len)
{
    return send_json(rq, status, (char *)text, len, MHD_RESPMEM_PERSISTENT);
}

int reply_json(struct req *rq, unsigned status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(body);
    if (!text)
        return reply_bytes(rq, 500, "application/json",
                           "{\"error\":{\"code\":\"internal\",\"message\":\"encoding failed\"}}",
                           57);
    return send_json(rq, status, text, strlen(text), MHD_RESPMEM_MUST_FREE);
}

int reply_err(struct req *rq, const struct err *err)
{
    enum err_kind kind = err->kind ? err->kind : ERR_INTERNAL;
    const char *msg = err->msg[rq->loc][0] ? err->msg[rq->loc] : err->msg[LOC_EN];
    json_t *e = json_pack("{s:s, s:s}", "code", err->code[0] ? err->code : "internal",
                          "message", msg[0] ? msg : "error");
    if (err->n_fields) {
        json_t *f = json_object();
        for (size_t i = 0; i < err->n_fields; i++)
            json_object_set_new(f, err->fields[i].name,
                                json_string(err->fields[i].msg[rq->loc]));
        json_object_set_new(e, "fields", f);
    }
    if (rq != NULL && &rq->err != err)
        rq->err = *err; /* the access log names the code */
    return reply_json(rq, err_status(kind), json_pack("{s:o}", "error", e));
}

int reply_error(struct req *rq, enum err_kind kind, const char *code, const char *msg_id,
                const char *msg_en)
{
    err_clear(&rq->err);
    err_text(&rq->err, kind, code, msg_id, msg_en);
    return reply_err(rq, &rq->err);
}

int reply_empty(struct req *rq)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return ERR_INTERNAL;
    return reply_queue(rq, 204, resp, true);
}

/* issue #22 item 5: the OpenID Connect sign-in sends the browser to the
** provider and back into the app. */
int reply_redirect(struct req *rq, const char *location)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return ERR_INTERNAL;
    MHD_add_response_header(resp, "Location", location);
    return reply_queue(rq, 302, resp, true);
}
