/* Accessors over the libmicrohttpd connection for handlers. */
#include "http/http.h"
#include "http/mhd.h"
#include "core/arena.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static void release_db(void *p)
{
    struct req *rq = p;
    if (rq->db)
        store_release(rq->db);
    rq->db = NULL;
}

struct db *req_db(struct req *rq)
{
    if (!rq->db) {
        rq->db = store_acquire(rq->app->store, &rq->err);
        if (rq->db && !rq->db_deferred) {
            arena_defer(rq->arena, release_db, rq); /* runs before rq's memory goes */
            rq->db_deferred = true;
        }
    }
    return rq->db;
}

void req_db_release(struct req *rq)
{
    release_db(rq);
}

void req_suspend(struct req *rq, int (*finish)(struct req *rq))
{
    rq->finish = finish;
    rq->suspended = true;
    MHD_suspend_connection(rq->conn);
}

void req_resume(struct req *rq)
{
    MHD_resume_connection(rq->conn);
}

const char *req_param(const struct req *rq, const char *name)
{
    for (size_t i = 0; i < rq->n_params; i++)
        if (strcmp(rq->param_names[i], name) == 0)
            return rq->param_values[i];
    return NULL;
}

int64_t req_param_id(const struct req *rq, const char *name)
{
    const char *s = req_param(rq, name);
    if (!s || !*s || strlen(s) > 18)
        return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : (int64_t)v;
}

const char *req_query(const struct req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(const struct req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(const struct req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

struct each {
    void (*fn)(void *cls, const char *k, const char *v);
    void *cls;
};

static MHD_RESULT each_cb(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
    (void)kind;
    struct each *e = cls;
    e->fn(e->cls, k, v ? v : "");
    return MHD_YES;
}

void req_each_query(const struct req *rq, void (*fn)(void *cls, const char *k, const char *v),
                    void *cls)
{
    struct each e = {fn, cls};
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, each_cb, &e);
}
