/* The application's routes grouped by the literal segment after "/api/v1/"
** ("tickets", "services", ...) and their number of segments, so a request
** tries the few routes that can match its path instead of all ~200 in turn.
**
** Why: route_find walked the whole table for every request, ~9k
** instructions of a queue read's ~40k in the HTTP handler (callgrind,
** bench/README.md, appointments, sixth pass). A pattern whose third
** segment is a literal can only match paths with that same segment, and
** with as many segments ('/'), since a {param} takes exactly one; the
** others (no "/api/v1/" start, or a {param} there) may match any path and
** are in every group. Each group keeps the table's order, so the first
** route that matches is the one route_find gives (tests/unit/test_router.c
** router-10 compares both over every route). Built once, on first use; the
** table is const. */
#include "http/route.h"
#include "core/die.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 512 }; /* a power of two, well above the ~90 groups of today */

struct group {
    const char *seg; /* in the pattern, up to '/' or its end; NULL: slot free */
    size_t len;
    size_t slashes;
    uint16_t *idx; /* the group's routes and every wild one, in table order */
    size_t k;
};

static struct {
    struct group slot[SLOTS];
    uint16_t *wild; /* the routes that may match any path */
    size_t n_wild;
    bool ok; /* false: the table did not fit (a route index above 65535) */
} ix;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static size_t seg_len(const char *s)
{
    size_t n = 0;
    while (s[n] && s[n] != '/')
        n++;
    return n;
}

static uint32_t seg_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static size_t slash_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '/';
    return n;
}

static bool api_pattern(const char *pat)
{
    return strncmp(pat, "/api/v1/", 8) == 0 && pat[8] != '{';
}

static struct group *lookup(const char *seg, size_t len, size_t slashes, bool add)
{
    for (uint32_t i = (seg_hash(seg, len) + (uint32_t)slashes * 31u) & (SLOTS - 1);;
         i = (i + 1) & (SLOTS - 1)) {
        struct group *g = &ix.slot[i];
        if (!g->seg) {
            if (!add)
                return NULL;
            g->seg = seg;
            g->len = len;
            g->slashes = slashes;
            return g;
        }
        if (g->len == len && g->slashes == slashes && memcmp(g->seg, seg, len) == 0)
            return g;
    }
}

static uint16_t *grow(uint16_t *v, size_t n)
{
    uint16_t *p = realloc(v, (n + 1) * sizeof *p);
    if (!p)
        die("out of memory");
    return p;
}

static void build(void)
{
    if (n_routes > UINT16_MAX)
        return; /* route_find_app falls back to the whole table */
    size_t groups = 0;
    for (size_t i = 0; i < n_routes; i++) {
        const char *pat = routes[i].pattern;
        if (!api_pattern(pat)) {
            ix.wild = grow(ix.wild, ix.n_wild);
            ix.wild[ix.n_wild++] = (uint16_t)i;
            continue;
        }
        size_t len = seg_len(pat + 8), slashes = slash_count(pat);
        if (!lookup(pat + 8, len, slashes, false)) {
            if (++groups > SLOTS / 2)
                return; /* too many groups for the slots: no index */
            lookup(pat + 8, len, slashes, true);
        }
    }
    /* each group: its routes and the wild ones, merged in table order */
    for (size_t i = 0; i < n_routes; i++) {
        const char *pat = routes[i].pattern;
        bool wild = !api_pattern(pat);
        for (size_t s = 0; s < SLOTS; s++) {
            struct group *g = &ix.slot[s];
            if (!g->seg)
                continue;
            if (!wild && (seg_len(pat + 8) != g->len || slash_count(pat) != g->slashes ||
                          memcmp(pat + 8, g->seg, g->len) != 0))
                continue;
            g->idx = grow(g->idx, g->k);
            g->idx[g->k++] = (uint16_t)i;
        }
    }
    ix.ok = true;
}

enum route_match route_find_app(enum http_method m, const char *path, struct req *rq,
                                const struct route **out)
{
    pthread_once(&once, build);
    if (!ix.ok)
        return route_find(routes, n_routes, m, path, rq, out);
    if (strncmp(path, "/api/v1/", 8) != 0)
        return route_scan(routes, n_routes, ix.wild, ix.n_wild, m, path, rq, out);
    const struct group *g = lookup(path + 8, seg_len(path + 8), slash_count(path), false);
    if (!g) /* no literal route has this shape: only the wild ones can match */
        return route_scan(routes, n_routes, ix.wild, ix.n_wild, m, path, rq, out);
    return route_scan(routes, n_routes, g->idx, g->k, m, path, rq, out);
}
