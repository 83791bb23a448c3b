/* Segment-by-segment matching of "/a/{x}/b" patterns. The table is small
** (tens of routes), so a linear scan costs less than building a trie. */
#include "http/route.h"
#include "core/arena.h"

#include <stdint.h>
#include <string.h>

/* Segment by segment; a literal segment is compared as it is walked, so a
** route that differs in its third segment costs a few compares, not two
** strchr per segment (every request tries most of the ~200 routes:
** route_find was 39k instructions a request, bench/README.md). */
static bool match(const char *pat, const char *path, struct req *rq)
{
    size_t n = 0;
    while (*pat && *path) {
        if (*pat != '/' || *path != '/')
            return false;
        pat++, path++;
        if (*pat == '{') {
            const char *pe = strchr(pat, '/');
            size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
            if (pl >= 2 && pat[pl - 1] == '}') {
                const char *se = strchr(path, '/');
                size_t sl = se ? (size_t)(se - path) : strlen(path);
                if (sl == 0 || n >= REQ_MAX_PARAMS)
                    return false;
                if (rq) {
                    rq->param_names[n] = arena_strndup(rq->arena, pat + 1, pl - 2);
                    rq->param_values[n] = arena_strndup(rq->arena, path, sl);
                }
                n++;
                pat += pl, path += sl;
                continue;
            }
        }
        while (*pat && *pat != '/' && *pat == *path)
            pat++, path++;
        if ((*pat && *pat != '/') || (*path && *path != '/'))
            return false; /* a differing character, or one segment longer */
    }
    if (*pat || *path)
        return false;
    if (rq)
        rq->n_params = n;
    return true;
}

/* Whether s starts with "/api/v1/"; stops at the first difference, so
** never reads past a shorter string's end. */
static inline bool api_start(const char *s)
{
    return s[0] == '/' && s[1] == 'a' && s[2] == 'p' && s[3] == 'i' && s[4] == '/' &&
           s[5] == 'v' && s[6] == '1' && s[7] == '/';
}

/* The loop of route_find over idx[0..k) (all of table[0..n) when idx is
** NULL): route_index.c gives it the few routes that can match a path. */
enum route_match route_scan(const struct route *table, size_t n, const uint16_t *idx, size_t k,
                            enum http_method m, const char *path, struct req *rq,
                            const struct route **out)
{
    enum http_method want = m == M_HEAD ? M_GET : m;
    /* Most patterns and paths start with "/api/v1/": a pattern whose next
    ** segment is a literal one other than the path's cannot match, and is
    ** passed over without walking the shared start again (route_find was
    ** ~23k instructions a request, bench/README.md, appointments, fifth
    ** pass). The test is match()'s own for that segment. */
    bool api = api_start(path);
    size_t count = idx ? k : n;
    /* Routes of the request's method first: the first of them that matches
    ** is the answer, as in table order. Only when none does, whether
    ** another method's route matches tells 405 from 404. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < count; j++) {
            size_t i = idx ? idx[j] : j;
            if ((table[i].method == want) == (pass == 1))
                continue;
            const char *pat = table[i].pattern, *mp = pat, *mq = path;
            if (api && api_start(pat) && pat[8] != '{') {
                const char *p = pat + 8, *q = path + 8;
                while (*p && *p != '/' && *p == *q)
                    p++, q++;
                if ((*p && *p != '/') || (*q && *q != '/'))
                    continue;
                mp = p, mq = q; /* three literal segments matched: the rest */
            }
            if (pass == 1) {
                if (match(mp, mq, NULL))
                    return ROUTE_NO_METHOD;
                continue;
            }
            if (match(mp, mq, NULL)) {
                match(mp, mq, rq); /* the parameters, once it is the one */
                *out = &table[i];
                return ROUTE_FOUND;
            }
        }
    }
    return ROUTE_NO_PATH;
}

enum route_match route_find(const struct route *table, size_t n, enum http_method m,
                            const char *path, struct req *rq, const struct route **out)
{
    return route_scan(table, n, NULL, 0, m, path, rq, out);
}
