/* router-*: route_find() (http/route.h) on a small local table — exact
** paths, {param} capture into struct req, HEAD served by GET routes, 405
** (ROUTE_NO_METHOD) versus 404 (ROUTE_NO_PATH), trailing slashes and empty
** segments, the REQ_MAX_PARAMS limit — and the sanity of the application's
** own routes[] table (unique, well-formed, reachable, valid permissions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "api/api.h"
#include "core/arena.h"
#include "core/perm.h"
#include "core/resource.h"
#include "http/route.h"

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    fflush(stdout);
}

static int h(struct req *rq)
{
    (void)rq;
    return 0;
}

enum {
    R_HEALTH,
    R_UNITS_GET,
    R_UNITS_POST,
    R_UNIT_GET,
    R_UNIT_PATCH,
    R_SUGGEST,
    R_FAQ_GET,
    R_TWO,
    R_EIGHT,
    R_NINE,
    R_ROOT,
    R_UPLOAD,
    R_COUNT
};
static const struct route table[R_COUNT] = {
    [R_HEALTH] = {M_GET, "/healthz", h, AUTH_NONE, -1, NULL, 0, 0},
    [R_UNITS_GET] = {M_GET, "/api/v1/units", h, AUTH_USER, -1, NULL, 0, 0},
    [R_UNITS_POST] = {M_POST, "/api/v1/units", h, AUTH_USER, -1, NULL, 0, 0},
    [R_UNIT_GET] = {M_GET, "/api/v1/units/{id}", h, AUTH_USER, -1, NULL, 0, 0},
    [R_UNIT_PATCH] = {M_PATCH, "/api/v1/units/{id}", h, AUTH_USER, -1, NULL, 0, 0},
    /* a literal listed before a parameter at the same place wins */
    [R_SUGGEST] = {M_GET, "/api/v1/faq/suggest", h, AUTH_USER, -1, NULL, 0, 0},
    [R_FAQ_GET] = {M_GET, "/api/v1/faq/{id}", h, AUTH_USER, -1, NULL, 0, 0},
    [R_TWO] = {M_GET, "/a/{x}/b/{y}", h, AUTH_USER, -1, NULL, 0, 0},
    [R_EIGHT] = {M_GET, "/p8/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}", h, AUTH_USER, -1, NULL, 0, 0},
    [R_NINE] = {M_GET, "/p9/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}", h, AUTH_USER, -1, NULL, 0, 0},
    [R_ROOT] = {M_GET, "/", h, AUTH_NONE, -1, NULL, 0, 0},
    [R_UPLOAD] = {M_POST, "/api/v1/tickets/{number}/attachments", h, AUTH_USER, -1, NULL, 0,
                  ROUTE_UPLOAD},
};

struct fixture {
    struct req rq;
    const struct route *r;
};

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    f.rq.arena = arena_new();
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    arena_free(f->rq.arena);
    return 0;
}

static enum route_match find(struct fixture *f, enum http_method m, const char *path)
{
    f->r = NULL;
    return route_find(table, R_COUNT, m, path, &f->rq, &f->r);
}

#define FOUND(f, m, path, idx)                                                               \
    do {                                                                                     \
        assert_int_equal(find(f, m, path), ROUTE_FOUND);                                     \
        assert_ptr_equal((f)->r, &table[idx]);                                               \
    } while (0)

static void router_1_exact_paths(void **state)
{
    struct fixture *f = *state;
    FOUND(f, M_GET, "/healthz", R_HEALTH);
    assert_int_equal(f->rq.n_params, 0);
    FOUND(f, M_GET, "/api/v1/units", R_UNITS_GET);
    FOUND(f, M_POST, "/api/v1/units", R_UNITS_POST);
    FOUND(f, M_GET, "/", R_ROOT);
    FOUND(f, M_GET, "/api/v1/faq/suggest", R_SUGGEST);
    assert_int_equal(f->rq.n_params, 0);
    /* exact means exact: no prefixes, no case folding, no missing slash */
    assert_int_equal(find(f, M_GET, "/api/v1/unitsX"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/api/v1/unit"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/API/v1/units"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "api/v1/units"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/healthz?x=1"), ROUTE_NO_PATH); /* query is not path */
    assert_int_equal(find(f, M_GET, ""), ROUTE_NO_PATH);
    assert_null(f->r);
}

static void router_2_params_captured(void **state)
{
    struct fixture *f = *state;
    FOUND(f, M_GET, "/api/v1/units/42", R_UNIT_GET);
    assert_int_equal(f->rq.n_params, 1);
    assert_string_equal(f->rq.param_names[0], "id");
    assert_string_equal(req_param(&f->rq, "id"), "42");
    assert_int_equal(req_param_id(&f->rq, "id"), 42);
    assert_null(req_param(&f->rq, "ID"));
    FOUND(f, M_PATCH, "/api/v1/units/7", R_UNIT_PATCH);
    assert_int_equal(req_param_id(&f->rq, "id"), 7);

    FOUND(f, M_GET, "/a/one/b/two", R_TWO);
    assert_int_equal(f->rq.n_params, 2);
    assert_string_equal(req_param(&f->rq, "x"), "one");
    assert_string_equal(req_param(&f->rq, "y"), "two");
    assert_null(req_param(&f->rq, "z"));

    /* values are taken verbatim (no decoding here), ids must be positive integers */
    FOUND(f, M_POST, "/api/v1/tickets/LKT-2026-000001/attachments", R_UPLOAD);
    assert_string_equal(req_param(&f->rq, "number"), "LKT-2026-000001");
    FOUND(f, M_GET, "/api/v1/units/abc", R_UNIT_GET);
    assert_int_equal(req_param_id(&f->rq, "id"), 0);
    FOUND(f, M_GET, "/api/v1/units/-3", R_UNIT_GET);
    assert_int_equal(req_param_id(&f->rq, "id"), 0);
    FOUND(f, M_GET, "/api/v1/units/0", R_UNIT_GET);
    assert_int_equal(req_param_id(&f->rq, "id"), 0);
    FOUND(f, M_GET, "/api/v1/units/12x", R_UNIT_GET);
    assert_int_equal(req_param_id(&f->rq, "id"), 0);
    FOUND(f, M_GET, "/api/v1/units/99999999999999999999", R_UNIT_GET);
    assert_int_equal(req_param_id(&f->rq, "id"), 0); /* overflow is not an id */
    FOUND(f, M_GET, "/api/v1/units/%20", R_UNIT_GET);
    assert_string_equal(req_param(&f->rq, "id"), "%20");

    /* a later match without parameters forgets the earlier ones */
    FOUND(f, M_GET, "/api/v1/units", R_UNITS_GET);
    assert_int_equal(f->rq.n_params, 0);
    assert_null(req_param(&f->rq, "id"));
}

static void router_3_head_matches_get(void **state)
{
    struct fixture *f = *state;
    FOUND(f, M_HEAD, "/healthz", R_HEALTH);
    FOUND(f, M_HEAD, "/api/v1/units", R_UNITS_GET);
    FOUND(f, M_HEAD, "/api/v1/units/5", R_UNIT_GET);
    assert_string_equal(req_param(&f->rq, "id"), "5");
    /* HEAD on a path only POST serves is a 405, not a 404 */
    assert_int_equal(find(f, M_HEAD, "/api/v1/tickets/X/attachments"), ROUTE_NO_METHOD);
}

static void router_4_405_versus_404(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(find(f, M_DELETE, "/api/v1/units"), ROUTE_NO_METHOD);
    assert_int_equal(find(f, M_PUT, "/api/v1/units"), ROUTE_NO_METHOD);
    assert_int_equal(find(f, M_OPTIONS, "/api/v1/units"), ROUTE_NO_METHOD);
    assert_int_equal(find(f, M_OTHER, "/api/v1/units"), ROUTE_NO_METHOD);
    assert_int_equal(find(f, M_POST, "/api/v1/units/3"), ROUTE_NO_METHOD);
    assert_int_equal(find(f, M_DELETE, "/api/v1/units/3"), ROUTE_NO_METHOD);
    assert_int_equal(find(f, M_POST, "/healthz"), ROUTE_NO_METHOD);
    assert_null(f->r);
    assert_int_equal(find(f, M_DELETE, "/api/v1/nothing"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/api/v1/units/1/2"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/a/one/b"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/a/one/c/two"), ROUTE_NO_PATH);
    assert_null(f->r);
}

static void router_5_slashes_and_empty_segments(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(find(f, M_GET, "/healthz/"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/api/v1/units/"), ROUTE_NO_PATH); /* empty {id} */
    assert_int_equal(find(f, M_GET, "/api/v1/units//"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/api/v1/units/5/"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "//api/v1/units"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/api//v1/units"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/a//b/two"), ROUTE_NO_PATH); /* empty {x} */
    assert_int_equal(find(f, M_GET, "/a/one/b/"), ROUTE_NO_PATH); /* empty {y} */
    assert_int_equal(find(f, M_GET, "//"), ROUTE_NO_PATH);
    assert_null(f->r);
}

static void router_6_param_limit(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(REQ_MAX_PARAMS, 8);
    FOUND(f, M_GET, "/p8/1/2/3/4/5/6/7/8", R_EIGHT);
    assert_int_equal(f->rq.n_params, REQ_MAX_PARAMS);
    assert_string_equal(req_param(&f->rq, "a"), "1");
    assert_string_equal(req_param(&f->rq, "h"), "8");
    /* a ninth parameter does not fit in struct req: the route never matches */
    assert_int_equal(find(f, M_GET, "/p9/1/2/3/4/5/6/7/8/9"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/p8/1/2/3/4/5/6/7"), ROUTE_NO_PATH);
    assert_int_equal(find(f, M_GET, "/p8/1/2/3/4/5/6/7/8/9"), ROUTE_NO_PATH);
}

/* ---- the application's table ------------------------------------------ */

static size_t segments(const char *p)
{
    size_t n = 0;
    for (; *p; p++)
        n += *p == '/';
    return n;
}

/* Does pattern a match every path pattern b matches? (a shadows b when it
** comes first with the same method.) */
static bool covers(const char *a, const char *b)
{
    if (segments(a) != segments(b))
        return false;
    while (*a && *b) {
        a++, b++; /* the '/' */
        size_t al = strcspn(a, "/"), bl = strcspn(b, "/");
        bool ap = al >= 2 && a[0] == '{', bp = bl >= 2 && b[0] == '{';
        if (!ap && (bp || al != bl || memcmp(a, b, al) != 0))
            return false;
        a += al, b += bl;
    }
    return !*a && !*b;
}

/* Well-formed: "/seg/seg", no empty segment, no trailing slash (except "/"),
** parameters are whole segments "{name}" with unique names. */
static bool well_formed(const char *p)
{
    if (p[0] != '/')
        return false;
    if (strcmp(p, "/") == 0)
        return true;
    const char *names[REQ_MAX_PARAMS + 1];
    size_t nn = 0, nl[REQ_MAX_PARAMS + 1];
    while (*p) {
        p++;
        size_t l = strcspn(p, "/");
        if (l == 0)
            return false;
        const char *open = memchr(p, '{', l), *close = memchr(p, '}', l);
        if (open || close) {
            if (p[0] != '{' || p[l - 1] != '}' || l < 3 || open != p || close != p + l - 1)
                return false;
            if (nn > REQ_MAX_PARAMS)
                return false;
            for (size_t i = 0; i < nn; i++)
                if (nl[i] == l - 2 && memcmp(names[i], p + 1, l - 2) == 0)
                    return false;
            names[nn] = p + 1;
            nl[nn++] = l - 2;
        }
        p += l;
    }
    return nn <= REQ_MAX_PARAMS;
}

static bool object_action(int a)
{
    /* decided per ticket: a route-level check (perm_can with no object) is meaningless */
    switch (a) {
    case ACT_TICKET_VIEW:
    case ACT_TICKET_VIEW_INTERNAL:
    case ACT_TICKET_COMMENT:
    case ACT_TICKET_NOTE_INTERNAL:
    case ACT_TICKET_EDIT:
    case ACT_TICKET_TAKE:
    case ACT_TICKET_ASSIGN:
    case ACT_TICKET_ESCALATE:
    case ACT_TICKET_WORK:
    case ACT_TICKET_CANCEL:
    case ACT_TICKET_RATE:
    case ACT_TICKET_REOPEN:
    case ACT_TICKET_CLOSE:
    case ACT_ATTACHMENT_DELETE:
        return true;
    default:
        return false;
    }
}

static const char *mname(enum http_method m)
{
    static const char *const n[] = {"GET",   "HEAD",   "POST",    "PUT",
                                    "PATCH", "DELETE", "OPTIONS", "OTHER"};
    return (unsigned)m <= M_OTHER ? n[m] : "?";
}

static void router_7_real_table_unique_and_well_formed(void **state)
{
    (void)state;
    int wrong = 0;
    /* the checkers themselves */
    assert_true(covers("/faq/{id}", "/faq/suggest"));
    assert_false(covers("/faq/suggest", "/faq/{id}"));
    assert_false(covers("/faq/{id}", "/faq/{id}/x"));
    assert_true(well_formed("/a/{x}/b"));
    assert_false(well_formed("/a/"));
    assert_false(well_formed("/a//b"));
    assert_false(well_formed("a/b"));
    assert_false(well_formed("/a/{x}/{x}"));
    assert_false(well_formed("/a/x{y}"));
    assert_false(well_formed("/a/{}"));
    assert_true(n_routes > 0);
    for (size_t i = 0; i < n_routes; i++) {
        const struct route *r = &routes[i];
        if (!r->pattern || !well_formed(r->pattern)) {
            diag("route %zu: malformed pattern %s", i, r->pattern ? r->pattern : "(null)");
            wrong++;
            continue;
        }
        if (r->pattern[0] != '/' || !r->handler || r->method == M_HEAD || r->method == M_OTHER) {
            diag("route %zu %s %s: bad method or handler", i, mname(r->method), r->pattern);
            wrong++;
        }
        for (size_t j = i + 1; j < n_routes; j++) {
            if (routes[j].method != r->method)
                continue;
            if (strcmp(r->pattern, routes[j].pattern) == 0) {
                diag("duplicate route %s %s (entries %zu and %zu)", mname(r->method),
                     r->pattern, i, j);
                wrong++;
            } else if (covers(r->pattern, routes[j].pattern)) {
                diag("route %s %s is unreachable behind %s", mname(r->method),
                     routes[j].pattern, r->pattern);
                wrong++;
            }
        }
    }
    assert_int_equal(wrong, 0);
}

static void router_8_real_table_permissions(void **state)
{
    (void)state;
    int wrong = 0;
    for (size_t i = 0; i < n_routes; i++) {
        const struct route *r = &routes[i];
        if (r->perm < -1 || r->perm >= ACT_COUNT) {
            diag("%s %s: permission %d out of range", mname(r->method), r->pattern, r->perm);
            wrong++;
        } else if (r->perm >= 0 && object_action(r->perm)) {
            diag("%s %s: route-level check of per-ticket action %s", mname(r->method),
                 r->pattern, action_name((enum action)r->perm));
            wrong++;
        }
        if (r->auth == AUTH_NONE && r->perm != -1) {
            diag("%s %s: anonymous route with a permission", mname(r->method), r->pattern);
            wrong++;
        }
        if ((r->flags & ROUTE_UPLOAD) && (r->method != M_POST || r->auth != AUTH_USER)) {
            diag("%s %s: uploads must be authenticated POSTs", mname(r->method), r->pattern);
            wrong++;
        }
        /* generic master handlers need their resource descriptor */
        bool master = r->handler == api_master_list || r->handler == api_master_get ||
                      r->handler == api_master_create || r->handler == api_master_update ||
                      r->handler == api_master_delete;
        if (master) {
            bool known = false;
            for (size_t k = 0; resources[k]; k++)
                known = known || r->arg == resources[k];
            if (!known) {
                diag("%s %s: master handler without a resource", mname(r->method), r->pattern);
                wrong++;
            }
        }
        /* anonymous routes are few and known */
        if (r->auth == AUTH_NONE && strcmp(r->pattern, "/healthz") != 0 &&
            strcmp(r->pattern, "/api/v1/auth/login") != 0 &&
            /* outside stakeholders sign up and verify their address (#16) */
            strcmp(r->pattern, "/api/v1/auth/signup") != 0 &&
            strcmp(r->pattern, "/api/v1/auth/verify") != 0 &&
            /* an invited user sets their password: the mailed token is the key (#20) */
            strcmp(r->pattern, "/api/v1/auth/invite") != 0 &&
            /* the user guide, readable before signing in (#21) */
            strcmp(r->pattern, "/api/v1/guide") != 0 &&
            /* sign-in with the office directory: before any session (#22) */
            strncmp(r->pattern, "/api/v1/auth/oidc", 17) != 0 &&
            /* the survey's answering page: the mailed 256-bit token is the key (#22) */
            strncmp(r->pattern, "/api/v1/survey-form", 19) != 0 &&
            /* signed by Meta (X-Hub-Signature-256), checked in the handler */
            strcmp(r->pattern, "/api/v1/channels/whatsapp/webhook") != 0) {
            diag("%s %s: unexpected anonymous route", mname(r->method), r->pattern);
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
}

static void router_9_real_table_lookups(void **state)
{
    struct fixture *f = *state;
    const struct route *r = NULL;
    assert_int_equal(route_find(routes, n_routes, M_GET, "/healthz", &f->rq, &r), ROUTE_FOUND);
    assert_ptr_equal(r->handler, api_health);
    assert_int_equal(route_find(routes, n_routes, M_HEAD, "/healthz", &f->rq, &r), ROUTE_FOUND);
    assert_ptr_equal(r->handler, api_health);
    assert_int_equal(route_find(routes, n_routes, M_GET, "/api/v1/faq/suggest", &f->rq, &r),
                     ROUTE_FOUND);
    assert_ptr_equal(r->handler, api_faq_suggest);
    assert_int_equal(route_find(routes, n_routes, M_GET, "/api/v1/faq/12", &f->rq, &r),
                     ROUTE_FOUND);
    assert_ptr_equal(r->handler, api_faq_get);
    assert_int_equal(route_find(routes, n_routes, M_GET, "/api/v1/tickets/LKT-2026-000123",
                                &f->rq, &r),
                     ROUTE_FOUND);
    assert_ptr_equal(r->handler, api_tickets_get);
    assert_string_equal(req_param(&f->rq, "number"), "LKT-2026-000123");
    assert_int_equal(route_find(routes, n_routes, M_DELETE, "/api/v1/tickets/LKT-1", &f->rq, &r),
                     ROUTE_NO_METHOD);
    assert_int_equal(route_find(routes, n_routes, M_GET, "/api/v1/nope", &f->rq, &r),
                     ROUTE_NO_PATH);
    /* every master resource has list and item routes under its URL name */
    for (size_t k = 0; resources[k]; k++) {
        char list[128], item[160];
        snprintf(list, sizeof list, "/api/v1/%s", resources[k]->name);
        snprintf(item, sizeof item, "%s/3", list);
        r = NULL;
        if (route_find(routes, n_routes, M_GET, list, &f->rq, &r) != ROUTE_FOUND)
            fail_msg("no route GET %s", list);
        assert_ptr_equal(r->arg, resources[k]);
        if (route_find(routes, n_routes, M_GET, item, &f->rq, &r) != ROUTE_FOUND)
            fail_msg("no route GET %s", item);
        assert_ptr_equal(r->arg, resources[k]);
        assert_int_equal(req_param_id(&f->rq, "id"), 3);
        if (route_find(routes, n_routes, M_POST, list, &f->rq, &r) != ROUTE_FOUND)
            fail_msg("no route POST %s", list);
        /* the partner administration checks core/perm.c's office rules in
        ** its handlers, answering 404 to outsiders (api/partners.c) */
        bool partner = resources[k] == &res_partners || resources[k] == &res_activities;
        /* so do macros: 404 to requesters and leaders, 403 to agents (api/macros.c) */
        partner = partner || resources[k] == &res_macros;
        assert_true(r->perm == ACT_MASTER_WRITE || r->perm == ACT_USER_WRITE ||
                    (partner && r->perm == -1));
    }
}

/* A path from a pattern: each {param} becomes val. */
static void instantiate(const char *pat, const char *val, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = pat; *p && o + 1 < cap;) {
        if (*p == '{' && strchr(p, '}')) {
            for (const char *v = val; *v && o + 1 < cap; v++)
                out[o++] = *v;
            p = strchr(p, '}') + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = 0;
}

/* route_find_app (http/route_index.c) tries only the routes grouped under
** the path's third segment: it must answer exactly as route_find over the
** whole table, for every route's own path, its neighbours (one segment
** more or less, a trailing slash, another value) and paths no route has,
** with every method, parameters included. */
static void router_10_index_agrees_with_scan(void **state)
{
    struct fixture *f = *state;
    static const char *extra[] = {
        "/", "/healthz", "/api", "/api/v1", "/api/v1/", "/api/v1//", "/api/v1/nope",
        "/api/v1/nope/1", "/api/v10/tickets", "/api/v1/tickets", "/api/v1/tickets/",
        "/api/v1/ticketsx", "/api/v1/ticket", "/api/v1/services/3/queue",
        "/api/v1/services/3/queue/next", "/api/v1/services//queue", "/static/app.js", "",
        "/api/v1/tickets/LKT-1/comments", "/api/v1/{id}", "/api/v2/tickets",
    };
    static const enum http_method methods[] = {M_GET, M_HEAD, M_POST, M_PUT, M_PATCH, M_DELETE,
                                               M_OPTIONS};
    size_t n_paths = n_routes * 6 + sizeof extra / sizeof extra[0], checked = 0, found = 0;
    for (size_t i = 0; i < n_paths; i++) {
        char path[512];
        if (i < n_routes * 6) {
            const char *pat = routes[i / 6].pattern;
            switch (i % 6) {
            case 0: instantiate(pat, "7", path, sizeof path); break;
            case 1: instantiate(pat, "LKT-2026-000123", path, sizeof path); break;
            case 2: instantiate(pat, "7", path, sizeof path - 3); strcat(path, "/x"); break;
            case 3: instantiate(pat, "7", path, sizeof path - 2); strcat(path, "/"); break;
            case 4: /* one segment less */
                instantiate(pat, "7", path, sizeof path);
                if (strrchr(path, '/'))
                    *strrchr(path, '/') = 0;
                break;
            default: instantiate(pat, "", path, sizeof path); break; /* empty values */
            }
        } else {
            snprintf(path, sizeof path, "%s", extra[i - n_routes * 6]);
        }
        for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
            const struct route *a = NULL, *b = NULL;
            enum route_match ra = route_find(routes, n_routes, methods[k], path, &f->rq, &a);
            size_t na = f->rq.n_params;
            const char *va[REQ_MAX_PARAMS] = {0};
            for (size_t p = 0; ra == ROUTE_FOUND && p < na; p++)
                va[p] = f->rq.param_values[p];
            f->rq.n_params = 0;
            enum route_match rb = route_find_app(methods[k], path, &f->rq, &b);
            if (ra != rb || (ra == ROUTE_FOUND && a != b))
                fail_msg("%s (method %d): scan %d %s, index %d %s", path, (int)methods[k],
                         (int)ra, a ? a->pattern : "-", (int)rb, b ? b->pattern : "-");
            if (ra == ROUTE_FOUND) {
                assert_int_equal(f->rq.n_params, na);
                for (size_t p = 0; p < na; p++)
                    assert_string_equal(f->rq.param_values[p], va[p]);
                found++;
            }
            checked++;
        }
    }
    diag("%zu lookups compared, %zu found a route", checked, found);
    /* every route is found through the index by its own path */
    assert_true(found >= n_routes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(router_1_exact_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(router_2_params_captured, setup, teardown),
        cmocka_unit_test_setup_teardown(router_3_head_matches_get, setup, teardown),
        cmocka_unit_test_setup_teardown(router_4_405_versus_404, setup, teardown),
        cmocka_unit_test_setup_teardown(router_5_slashes_and_empty_segments, setup, teardown),
        cmocka_unit_test_setup_teardown(router_6_param_limit, setup, teardown),
        cmocka_unit_test(router_7_real_table_unique_and_well_formed),
        cmocka_unit_test(router_8_real_table_permissions),
        cmocka_unit_test_setup_teardown(router_9_real_table_lookups, setup, teardown),
        cmocka_unit_test_setup_teardown(router_10_index_agrees_with_scan, setup, teardown),
    };
    return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
