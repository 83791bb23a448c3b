/* The route table type and the matcher. The one table lives in routes.c. */
#ifndef LOKET_ROUTE_H
#define LOKET_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "core/perm.h"
#include "http/http.h"

typedef int route_fn(struct req *rq);

enum route_auth { AUTH_NONE, AUTH_USER };

struct route {
    enum http_method method;
    const char *pattern;   /* "/api/v1/units/{id}" */
    route_fn *handler;
    enum route_auth auth;
    int perm;              /* enum action checked before the handler, or -1 */
    const void *arg;       /* handler data, e.g. the resource descriptor */
    size_t body_max;       /* 0 = the configured default */
    unsigned flags;        /* ROUTE_UPLOAD, ROUTE_CACHE */
    /* ROUTE_UPLOAD: run once the headers are in and the user is known,
    ** before any byte of the body is stored; 0, or the error in rq->err
    ** (may this user attach to this ticket at all). */
    route_fn *before_body;
};

/* The body is multipart/form-data streamed to disk (http/upload.c), with
** authentication checked before any byte of it is read. */
enum { ROUTE_UPLOAD = 1,
/* A GET whose 200 JSON answer depends only on the user, the URL and the
** data: answered from http/cache.c until the next commit. */
       ROUTE_CACHE = 2 };

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Finds the route for method+path in table[0..n); fills rq params (values in
** rq->arena). HEAD matches GET routes. */
enum route_match route_find(const struct route *table, size_t n, enum http_method m,
                            const char *path, struct req *rq, const struct route **out);
/* route_find's loop over the routes idx[0..k) of table (all n when idx
** is NULL), in that order. */
enum route_match route_scan(const struct route *table, size_t n, const uint16_t *idx, size_t k,
                            enum http_method m, const char *path, struct req *rq,
                            const struct route **out);
/* route_find over the application's table, trying only the routes that
** can match the path (route_index.c): the same answer, a few routes tried
** instead of ~200. */
enum route_match route_find_app(enum http_method m, const char *path, struct req *rq,
                                const struct route **out);
/* The application's table. */
extern const struct route routes[];
extern const size_t n_routes;

#endif
