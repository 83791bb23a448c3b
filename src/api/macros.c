/* Macros (issue #20, agent tools): the admins keep them as master data
** through the generic handlers (api/master.c) with the checks that need the
** store (svc_macro_check); agents and admins list them and apply one to a
** ticket (svc_macro_apply). To requesters and leaders they do not exist:
** 404, the answer of an unknown address. */
#include "api/api.h"
#include "api/json.h"
#include "api/master.h"
#include "api/ticket_common.h"
#include "core/resource.h"
#include "http/reply.h"
#include "svc/macro.h"

#include <string.h>

/* Staff who work tickets (agents of every tier, admins) use macros. */
static bool uses_macros(const struct req *rq)
{
    return rq->user->p.role == ROLE_AGENT || rq->user->p.role == ROLE_ADMIN;
}

static int hidden(struct req *rq)
{
    return reply_error(rq, ERR_NOT_FOUND, "not_found", "alamat tidak ditemukan",
                       "no such endpoint");
}

/* Writes: admins; an agent sees macros but may not change them (403).
** True when refused, the answer sent and its result in *rc. */
static bool write_refused(struct req *rq, int *rc)
{
    if (rq->user->p.role == ROLE_ADMIN)
        return false;
    *rc = !uses_macros(rq) ? hidden(rq)
                           : reply_error(rq, ERR_FORBIDDEN, "forbidden",
                                         "hanya admin yang mengelola makro",
                                         "only admins manage macros");
    return true;
}

/* Agents see the macros in use; admins every one. */
static int scope(struct req *rq, struct rec_query *q, struct err *err)
{
    (void)err;
    if (rq->user->p.role == ROLE_ADMIN || q->n_filters >= STORE_MAX_FILTERS)
        return 0;
    struct rec_filter *f = &q->filters[q->n_filters++];
    f->field = resource_field(&res_macros, "active");
    f->val = (struct value){.set = true, .i = 1};
    return 0;
}

static int see(struct req *rq, const struct record *r, struct err *err)
{
    if (rq->user->p.role == ROLE_ADMIN || r->v[resource_field(&res_macros, "active")].i)
        return 0;
    return err_set(err, ERR_NOT_FOUND, "macro.not_found", "makro tidak ditemukan",
                   "macro not found");
}

/* Inside the write's transaction: the row as written must check. */
static int after(struct req *rq, struct db *db, const struct record *r, const struct record *old,
                 struct err *err)
{
    struct record *full;
    int64_t id = old ? old->id : r->id;
    if (db_rec_get(db, &res_macros, id, rq->arena, &full, err) != 0)
        return err->kind;
    return svc_macro_check(db, rq->arena, full, err);
}

static const struct master_ops read_ops = {.scope = scope, .see = see};
static const struct master_ops write_ops = {.after = after, .see = see};

int api_macros_list(struct req *rq)
{
    return uses_macros(rq) ? master_list_x(rq, &res_macros, &read_ops) : hidden(rq);
}

int api_macros_get(struct req *rq)
{
    return uses_macros(rq) ? master_get_x(rq, &res_macros, &read_ops) : hidden(rq);
}

int api_macros_create(struct req *rq)
{
    int rc;
    return write_refused(rq, &rc) ? rc : master_create_x(rq, &res_macros, &write_ops);
}

int api_macros_update(struct req *rq)
{
    int rc;
    return write_refused(rq, &rc) ? rc : master_update_x(rq, &res_macros, &write_ops);
}

int api_macros_delete(struct req *rq)
{
    int rc;
    return write_refused(rq, &rc) ? rc : master_delete_x(rq, &res_macros, &write_ops);
}

/* POST /api/v1/tickets/{number}/macro {"macro_id": 3}: every action of the
** macro or none (one transaction); the ticket afterwards. */
int api_tickets_apply_macro(struct req *rq)
{
    if (!uses_macros(rq))
        return hidden(rq);
    json_t *body;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *id = json_object_get(body, "macro_id");
    if (!json_is_integer(id) || json_integer_value(id) <= 0) {
        err_invalid(&rq->err, "macro_id", "pilih makro", "choose a macro");
        return reply_err(rq, &rq->err);
    }
    struct actor who = api_actor(rq);
    struct db *db = req_db(rq);
    struct ticket *t;
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_macro_apply(db, &who, rq->arena, req_param(rq, "number"), json_integer_value(id), &t,
                        &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_ticket(rq, 200, t);
}
