/* Master data: list with ?q, filters, sort and pages; read; create; update;
** delete (409 while referenced). Every write and its audit row commit in
** one transaction. */
#include "api/master.h"
#include "api/api.h"
#include "api/json.h"
#include "core/arena.h"
#include "http/reply.h"
#include "http/route.h"

#include <stdlib.h>
#include <string.h>

static const struct resource *route_res(const struct req *rq)
{
    return rq->route->arg;
}

/* ---- list ------------------------------------------------------------- */

struct list_ctx {
    struct req *rq;
    const struct resource *res;
    struct rec_query *q;
};

static void parse_filter(void *cls, const char *k, const char *v)
{
    struct list_ctx *c = cls;
    if (!strcmp(k, "q") || !strcmp(k, "page") || !strcmp(k, "per_page") || !strcmp(k, "sort"))
        return;
    int idx = resource_field(c->res, k);
    if (idx < 0 || !(c->res->fields[idx].flags & FF_FILTER)) {
        err_field(&c->rq->err, k, "tidak dapat difilter", "is not a filter");
        return;
    }
    if (c->q->n_filters >= STORE_MAX_FILTERS)
        return;
    const struct field *f = &c->res->fields[idx];
    struct rec_filter *flt = &c->q->filters[c->q->n_filters];
    flt->field = idx;
    flt->val.set = true;
    if (!strcmp(v, "null")) {
        flt->val.null = true;
    } else if (f->type == FT_BOOL) {
        if (strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0")) {
            err_field(&c->rq->err, k, "harus true atau false", "must be true or false");
            return;
        }
        flt->val.i = !strcmp(v, "true") || !strcmp(v, "1");
    } else if (f->type == FT_INT || f->type == FT_REF) {
        char *end;
        flt->val.i = strtoll(v, &end, 10);
        if (!*v || *end) {
            err_field(&c->rq->err, k, "harus bilangan bulat", "must be an integer");
            return;
        }
    } else {
        flt->val.s = arena_strdup(c->rq->arena, v);
    }
    c->q->n_filters++;
}

int api_master_list(struct req *rq)
{
    return master_list_x(rq, route_res(rq), NULL);
}

/* JSON of one row, decorated by o->item when given. */
static json_t *row_json(struct req *rq, struct db *db, const struct resource *res,
                        const struct record *r, const struct master_ops *o)
{
    json_t *j = record_to_json(res, r);
    if (o && o->item && o->item(rq, db, r, j) != 0) {
        json_decref(j);
        return NULL;
    }
    return j;
}

int master_list_x(struct req *rq, const struct resource *res, const struct master_ops *o)
{
    struct rec_query *q = arena_alloc(rq->arena, sizeof *q);
    struct db *db;
    if (api_page(rq, &q->page, &q->per_page) != 0)
        return reply_err(rq, &rq->err);
    q->q = req_query(rq, "q");
    q->sort_field = -1;
    const char *sort = req_query(rq, "sort");
    if (sort) {
        q->sort_desc = sort[0] == '-';
        int idx = resource_field(res, sort + q->sort_desc);
        if (idx < 0 || !(res->fields[idx].flags & FF_SORT))
            err_field(&rq->err, "sort", "kolom urutan tidak dikenal", "unknown sort field");
        q->sort_field = idx;
    }
    struct list_ctx c = {rq, res, q};
    req_each_query(rq, parse_filter, &c);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Parameter tidak valid",
                "Invalid parameters");
        return reply_err(rq, &rq->err);
    }
    /* Requesters see only what is in use. */
    if (res->has_active && rq->user->p.role == ROLE_REQUESTER &&
        q->n_filters < STORE_MAX_FILTERS) {
        struct rec_filter *f = &q->filters[q->n_filters++];
        f->field = resource_field(res, "active");
        f->val = (struct value){.set = true, .i = 1};
    }
    if (o && o->scope && o->scope(rq, q, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct record **items;
    size_t n;
    int64_t total;
    if (!(db = req_db(rq)) ||
        db_rec_list(db, res, q, rq->arena, &items, &n, &total, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = row_json(rq, db, res, items[i], o);
        if (!j) {
            json_decref(arr);
            return reply_err(rq, &rq->err);
        }
        json_array_append_new(arr, j);
    }
    return reply_json(rq, 200, api_list(arr, total, q->page, q->per_page));
}

/* ---- read ------------------------------------------------------------- */

static int load(struct req *rq, const struct resource *res, struct db **db,
                struct record **out)
{
    int64_t id = req_param_id(rq, "id");
    if (!id) {
        err_set(&rq->err, ERR_NOT_FOUND, "", "%s tidak ditemukan", "%s not found", res->one);
        snprintf(rq->err.code, sizeof rq->err.code, "%s.not_found", res->one);
        return ERR_NOT_FOUND;
    }
    if (!(*db = req_db(rq)))
        return rq->err.kind;
    return db_rec_get(*db, res, id, rq->arena, out, &rq->err);
}

int api_master_get(struct req *rq)
{
    return master_get_x(rq, route_res(rq), NULL);
}

int master_get_x(struct req *rq, const struct resource *res, const struct master_ops *o)
{
    struct db *db;
    struct record *r;
    if (load(rq, res, &db, &r) != 0 || (o && o->see && o->see(rq, r, &rq->err) != 0))
        return reply_err(rq, &rq->err);
    if (res->has_active && rq->user->p.role == ROLE_REQUESTER &&
        !r->v[resource_field(res, "active")].i)
        return reply_error(rq, ERR_NOT_FOUND, "not_found", "data tidak ditemukan",
                           "not found");
    json_t *j = row_json(rq, db, res, r, o);
    return j ? reply_json(rq, 200, j) : reply_err(rq, &rq->err);
}

/* ---- writes ----------------------------------------------------------- */

int master_audit(struct req *rq, struct db *db, const char *action, const char *resource,
                 int64_t id, json_t *detail)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    int rc = db_audit_add(db, rq->user ? rq->user->p.id : 0, action, resource, id, text,
                          rq->ip, &rq->err);
    free(text);
    return rc;
}

/* {"field":{"old":x,"new":y}} for the fields an update changed. */
static json_t *diff(const struct resource *res, const struct record *old,
                    const struct record *new)
{
    json_t *a = record_to_json(res, old), *b = record_to_json(res, new), *d = json_object();
    const char *key;
    json_t *bv;
    json_object_foreach(b, key, bv) {
        if (!strcmp(key, "updated_at") || !strcmp(key, "created_at"))
            continue;
        json_t *av = json_object_get(a, key);
        if (!json_equal(av, bv))
            json_object_set_new(d, key, json_pack("{s:O?, s:O?}", "old", av, "new", bv));
    }
    json_decref(a);
    json_decref(b);
    return d;
}

static int fail(struct req *rq, struct db *db)
{
    if (db)
        db_rollback(db);
    return reply_err(rq, &rq->err);
}

int master_create(struct req *rq, const struct resource *res, master_hook *hook)
{
    struct master_ops o = {.hook = hook};
    return master_create_x(rq, res, &o);
}

int master_create_x(struct req *rq, const struct resource *res, const struct master_ops *o)
{
    json_t *body = o->body;
    struct record *r = record_new(rq->arena, res);
    struct db *db = NULL;
    if ((!body && api_body(rq, &body) != 0) ||
        record_from_json(res, body, r, rq->arena, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    record_apply_defaults(res, r);
    if ((o->hook && o->hook(rq, body, r, NULL, &rq->err) != 0) ||
        record_validate(res, r, true, &rq->err) != 0 ||
        (res->rules && res->rules(r, NULL, &rq->err) != 0))
        return reply_err(rq, &rq->err);
    if (!(db = req_db(rq)) || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct record *saved;
    json_t *out = NULL;
    if (db_rec_create(db, res, r, &rq->err) != 0 ||
        (o->after && o->after(rq, db, r, NULL, &rq->err) != 0) ||
        db_rec_get(db, res, r->id, rq->arena, &saved, &rq->err) != 0 ||
        !(out = row_json(rq, db, res, saved, o)) ||
        master_audit(rq, db, "create", res->name, r->id, json_deep_copy(out)) != 0 ||
        db_commit(db, &rq->err) != 0) {
        json_decref(out);
        return fail(rq, db);
    }
    return reply_json(rq, 201, out);
}

int api_master_create(struct req *rq)
{
    return master_create(rq, route_res(rq), NULL);
}

int master_update(struct req *rq, const struct resource *res, master_hook *hook)
{
    return master_update_then(rq, res, hook, NULL);
}

int master_update_then(struct req *rq, const struct resource *res, master_hook *hook,
                       master_after *after)
{
    struct master_ops o = {.hook = hook, .after = after};
    return master_update_x(rq, res, &o);
}

int master_update_x(struct req *rq, const struct resource *res, const struct master_ops *o)
{
    json_t *body = o->body;
    struct record *r = record_new(rq->arena, res), *old, *saved;
    struct db *db;
    if ((!body && api_body(rq, &body) != 0) ||
        record_from_json(res, body, r, rq->arena, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (load(rq, res, &db, &old) != 0 || (o->see && o->see(rq, old, &rq->err) != 0))
        return reply_err(rq, &rq->err);
    if ((o->hook && o->hook(rq, body, r, old, &rq->err) != 0) ||
        record_validate(res, r, false, &rq->err) != 0 ||
        (res->rules && res->rules(r, old, &rq->err) != 0))
        return reply_err(rq, &rq->err);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    /* Re-read inside the transaction so the audit diff is exact. */
    json_t *out = NULL;
    if (db_rec_get(db, res, old->id, rq->arena, &old, &rq->err) != 0 ||
        db_rec_update(db, res, old->id, r, &rq->err) != 0 ||
        (o->after && o->after(rq, db, r, old, &rq->err) != 0) ||
        db_rec_get(db, res, old->id, rq->arena, &saved, &rq->err) != 0 ||
        master_audit(rq, db, "update", res->name, old->id, diff(res, old, saved)) != 0 ||
        !(out = row_json(rq, db, res, saved, o)) || db_commit(db, &rq->err) != 0) {
        json_decref(out);
        return fail(rq, db);
    }
    return reply_json(rq, 200, out);
}

int api_master_update(struct req *rq)
{
    return master_update(rq, route_res(rq), NULL);
}

int api_master_delete(struct req *rq)
{
    return master_delete_x(rq, route_res(rq), NULL);
}

int master_delete_x(struct req *rq, const struct resource *res, const struct master_ops *o)
{
    struct db *db;
    struct record *old;
    if (load(rq, res, &db, &old) != 0 || (o && o->see && o->see(rq, old, &rq->err) != 0) ||
        db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_rec_delete(db, res, old->id, &rq->err) != 0 ||
        master_audit(rq, db, "delete", res->name, old->id, record_to_json(res, old)) != 0 ||
        db_commit(db, &rq->err) != 0)
        return fail(rq, db);
    return reply_empty(rq);
}
