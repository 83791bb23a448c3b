/* libFuzzer target for JSON request bodies (src/api/json.c and the master
** data rules in src/core/resource.c): the first byte picks a master-data
** resource and create or update, the rest is the body. It goes through
** api_body, record_from_json, the defaults and record_validate as
** POST/PATCH /api/v1/<resource> do, then back out with record_to_json; the
** same body is read for the text fields of POST /api/v1/tickets. Nothing may
** crash or leak, and every refusal carries a stable code. Built and run by
** tests/fuzz/meson.build. */
#include "api/json.h"
#include "core/arena.h"
#include "core/json_fast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* api_page reads the query string, which is not fuzzed here (no server). */
const char *req_query(const struct req *rq, const char *key)
{
    (void)rq, (void)key;
    return NULL;
}

static void check_err(const struct err *e, int rc)
{
    if (rc >= 0 || e->kind != rc || !e->code[0])
        abort();
}

static void master(struct req *rq, json_t *body, const struct resource *res, bool create)
{
    struct record *r = record_new(rq->arena, res);
    int rc = record_from_json(res, body, r, rq->arena, &rq->err);
    if (rc == 0) {
        if (create)
            record_apply_defaults(res, r);
        rc = record_validate(res, r, create, &rq->err);
    }
    if (rc != 0) {
        check_err(&rq->err, rc);
        return;
    }
    json_t *out = record_to_json(res, r);
    char *s = json_dumps(out, JSON_COMPACT);
    if (!s)
        abort();
    free(s);
    json_decref(out);
}

static void ticket_create(struct req *rq, json_t *body)
{
    const char *title, *description, *name, *phone;
    api_text_field(rq, body, "title", 200, true, &title);
    api_text_field(rq, body, "description", 20000, true, &description);
    api_text_field(rq, body, "contact_name", 200, false, &name);
    api_text_field(rq, body, "contact_phone", 32, false, &phone);
    if (!rq->err.n_fields && (!title || !description || strlen(title) > 200))
        abort();
    (void)json_str(body, "channel");
}

/* The quick reader either declines or gives exactly jansson's value: the
** same text dumped in the same key order (core/json_fast.h). */
static void same_as_jansson(const char *text, size_t n)
{
    json_t *fast = json_fast_loadb(text, n);
    if (!fast)
        return;
    json_t *slow = json_loadb(text, n, JSON_REJECT_DUPLICATES, NULL);
    if (!slow || !json_equal(fast, slow))
        abort();
    char *a = json_dumps(fast, JSON_COMPACT), *b = json_dumps(slow, JSON_COMPACT);
    if (!a || !b || strcmp(a, b) != 0)
        abort();
    free(a);
    free(b);
    json_decref(fast);
    json_decref(slow);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n_res = 0;
    while (resources[n_res])
        n_res++;
    if (size < 1)
        return 0;
    const struct resource *res = resources[(data[0] >> 1) % n_res];
    bool create = data[0] & 1;
    struct req rq;
    memset(&rq, 0, sizeof rq);
    rq.arena = arena_new();
    /* The server hands handlers a copy of the body in the arena. */
    rq.body_len = size - 1;
    rq.body = arena_alloc(rq.arena, size);
    memcpy(rq.body, data + 1, size - 1);
    same_as_jansson(rq.body, rq.body_len);
    json_t *body;
    int rc = api_body(&rq, &body);
    if (rc != 0) {
        check_err(&rq.err, rc);
    } else {
        master(&rq, body, res, create);
        err_clear(&rq.err);
        ticket_create(&rq, body);
    }
    arena_free(rq.arena);
    return 0;
}
