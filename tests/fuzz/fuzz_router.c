/* libFuzzer target for the router (src/http/router.c): a method and a path
** matched against the real route table (generated from routes.c by
** gen_routes.py), then against patterns taken from the input itself. A
** match must give back the path exactly when its parameters are put into
** the pattern, with no parameter empty or holding a '/'. Built and run by
** tests/fuzz/meson.build. */
#include "core/arena.h"
#include "http/route.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "routes_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The pattern with rq's parameters put in, compared with path. */
static void check_match(const char *pat, const char *path, const struct req *rq)
{
    if (rq->n_params > REQ_MAX_PARAMS)
        abort();
    size_t len = strlen(path), o = 0, k = 0;
    char *buf = malloc(len + 2);
    while (*pat) {
        size_t pl = strcspn(pat + 1, "/") + 1; /* "/seg" */
        const char *seg = pat + 1;
        size_t sl = pl - 1;
        const char *put = pat;
        size_t n = pl;
        if (sl >= 2 && seg[0] == '{' && seg[sl - 1] == '}') {
            if (k >= rq->n_params)
                abort();
            const char *v = rq->param_values[k];
            if (!*v || strchr(v, '/') || strncmp(rq->param_names[k], seg + 1, sl - 2) != 0)
                abort();
            k++;
            if (o + 1 > len)
                abort();
            buf[o++] = '/';
            put = v;
            n = strlen(v);
        }
        if (o + n > len || memcmp(path + o, put, n) != 0)
            abort();
        memcpy(buf + o, put, n);
        o += n;
        pat += pl;
    }
    if (k != rq->n_params || o != len)
        abort();
    free(buf);
}

static void one(const struct route *table, size_t n, enum http_method m, const char *path)
{
    struct req rq;
    memset(&rq, 0, sizeof rq);
    rq.arena = arena_new();
    const struct route *r = NULL;
    enum route_match got = route_find(table, n, m, path, &rq, &r);
    if (got == ROUTE_FOUND) {
        if (!r || (r->method != m && !(m == M_HEAD && r->method == M_GET)))
            abort();
        check_match(r->pattern, path, &rq);
    } else if (got != ROUTE_NO_PATH && got != ROUTE_NO_METHOD) {
        abort();
    }
    arena_free(rq.arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum http_method m = (enum http_method)(data[0] % (M_OTHER + 1));
    /* Lines: the path, then up to 16 patterns of a table of our own. */
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *lines[17];
    size_t n = 0;
    for (char *p = text; p && n < 17;) {
        lines[n++] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    one(fuzz_routes, sizeof fuzz_routes / sizeof fuzz_routes[0], m, lines[0]);
    if (n > 1) {
        struct route own[16];
        memset(own, 0, sizeof own);
        for (size_t i = 1; i < n; i++) {
            own[i - 1].method = (enum http_method)((i + data[0]) % (M_OTHER + 1));
            own[i - 1].pattern = lines[i];
        }
        one(own, n - 1, m, lines[0]);
    }
    free(text);
    return 0;
}
