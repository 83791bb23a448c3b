/* /api/v1/partners: the generic master-data handlers (api/master.c) with
** the office scope of core/perm.c: an admin sees every office's partners, a
** partner admin only their own unit's (another office's partner is 404),
** and nobody else sees any (404). */
#include "api/api.h"
#include "api/json.h"
#include "api/master.h"
#include "api/partner_gate.h"
#include "http/reply.h"
#include "store/store.h"

#include <string.h>

int64_t partner_unit(const struct req *rq)
{
    return perm_partner_unit(rq->user ? &rq->user->p : NULL);
}

int partner_gate(struct req *rq, enum action a)
{
    const struct principal *me = rq->user ? &rq->user->p : NULL;
    if (!perm_can(me, ACT_PARTNER_USE, NULL))
        return err_set(&rq->err, ERR_NOT_FOUND, "not_found", "tidak ditemukan", "not found");
    if (!perm_can(me, a, NULL))
        return err_set(&rq->err, ERR_FORBIDDEN, "forbidden",
                       "hanya admin yang boleh mengubah ini", "only admins may change this");
    return 0;
}

static int see(struct req *rq, const struct record *r, struct err *err)
{
    struct perm_obj o = {.unit_id = r->v[resource_field(&res_partners, "unit_id")].i};
    if (perm_can(&rq->user->p, ACT_PARTNER_MANAGE, &o))
        return 0;
    return err_set(err, ERR_NOT_FOUND, "partner.not_found", "mitra tidak ditemukan",
                   "partner not found");
}

static int scope(struct req *rq, struct rec_query *q, struct err *err)
{
    int64_t unit = partner_unit(rq);
    if (unit <= 0)
        return 0;
    if (q->n_filters >= STORE_MAX_FILTERS)
        return err_invalid(err, "unit_id", "terlalu banyak filter", "too many filters");
    struct rec_filter *f = &q->filters[q->n_filters++];
    f->field = resource_field(&res_partners, "unit_id");
    f->val = (struct value){.set = true, .i = unit};
    return 0;
}

/* A partner admin writes only their own office's partners: a new one
** lands there by default, and none moves to another office. */
int partner_office_check(struct req *rq, struct record *r, const struct record *old,
                         struct err *err)
{
    int64_t unit = partner_unit(rq);
    struct value *u = &r->v[resource_field(&res_partners, "unit_id")];
    if (unit > 0 && !old && !u->set)
        *u = (struct value){.set = true, .i = unit};
    if (unit > 0 && u->set && (u->null || u->i != unit))
        return err_set(err, ERR_FORBIDDEN, "partner.other_office",
                       "Anda hanya mengelola mitra kantor Anda sendiri",
                       "you administer only your own office's partners");
    return 0;
}

static int hook(struct req *rq, json_t *body, struct record *r, const struct record *old,
                struct err *err)
{
    (void)body;
    return partner_office_check(rq, r, old, err);
}

static const struct master_ops ops = {.hook = hook, .see = see, .scope = scope};

int api_partners_list(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    return master_list_x(rq, &res_partners, &ops);
}

int api_partners_get(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    return master_get_x(rq, &res_partners, &ops);
}

int api_partners_create(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    return master_create_x(rq, &res_partners, &ops);
}

int api_partners_update(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    return master_update_x(rq, &res_partners, &ops);
}

int api_partners_delete(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    return master_delete_x(rq, &res_partners, &ops);
}
