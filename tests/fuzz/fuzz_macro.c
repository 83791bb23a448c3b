/* libFuzzer target for a macro's body (issue #20, agent tools): the first
** byte picks what is read. Even: the rest is the tag list as an admin types
** it ("jaringan, VPN"), read by macro_tags_read (core/macro.c), whose spans
** must lie inside the text, trimmed, 1..64 bytes, at most 8, no two equal.
** Odd: the rest is the JSON body of POST/PATCH /api/v1/macros, read as the
** API reads it: api_body, record_from_json, the defaults (create),
** record_validate and record_macro_rules, every refusal with a stable code.
** Built and run by tests/fuzz/meson.build (corpus tests/fuzz/corpus/macro). */
#include "api/json.h"
#include "core/arena.h"
#include "core/macro.h"
#include "core/resource.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static void tags(const char *s, size_t len)
{
    struct macro_tags tl;
    struct err e = {0};
    int rc = macro_tags_read(s, &tl, &e);
    if (rc != 0) {
        check_err(&e, rc);
        if (strcmp(e.code, "macro.invalid") != 0 || strcmp(e.fields[0].name, "tags") != 0)
            abort();
        return;
    }
    if (tl.n > MACRO_MAX_TAGS)
        abort();
    for (size_t i = 0; i < tl.n; i++) {
        const char *b = tl.v[i].s;
        size_t n = tl.v[i].len;
        if (b < s || b + n > s + len || n == 0 || n > MACRO_TAG_MAX || b[0] == ' ' ||
            b[n - 1] == ' ' || memchr(b, ',', n))
            abort();
        for (size_t j = 0; j < i; j++)
            if (tl.v[j].len == n && !strncasecmp(tl.v[j].s, b, n))
                abort();
    }
}

static void body(const uint8_t *data, size_t size, bool create)
{
    struct req rq;
    memset(&rq, 0, sizeof rq);
    rq.arena = arena_new();
    rq.body_len = size;
    rq.body = arena_alloc(rq.arena, size + 1);
    memcpy(rq.body, data, size);
    json_t *j;
    int rc = api_body(&rq, &j);
    if (rc == 0) {
        struct record *r = record_new(rq.arena, &res_macros);
        rc = record_from_json(&res_macros, j, r, rq.arena, &rq.err);
        if (rc == 0 && create)
            record_apply_defaults(&res_macros, r);
        if (rc == 0)
            rc = record_validate(&res_macros, r, create, &rq.err);
        if (rc == 0)
            rc = record_macro_rules(r, NULL, &rq.err);
        if (rc == 0) {
            json_t *out = record_to_json(&res_macros, r);
            char *s = json_dumps(out, JSON_COMPACT);
            if (!s)
                abort();
            free(s);
            json_decref(out);
        }
    }
    if (rc != 0)
        check_err(&rq.err, rc);
    arena_free(rq.arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1) {
        body(data + 1, size - 1, data[0] & 2);
        return 0;
    }
    char *s = malloc(size);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = 0;
    tags(s, strlen(s));
    free(s);
    return 0;
}
