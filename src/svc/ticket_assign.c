/* Who handles a ticket (svc/ticket_svc.h): assigning or taking it, and
** escalating it to a unit (tier 2) or a vendor (tier 3), whose agents are
** told it is theirs now. */
#include "svc/ticket_svc.h"
#include "core/arena.h"
#include "svc/service_pic.h"
#include "svc/svc.h"
#include "svc/ticket_flow.h"

#include <stdio.h>
#include <string.h>

int svc_ticket_assign(struct db *db, const struct actor *who, struct arena *a,
                      const char *number, bool take, int64_t assignee_id, struct ticket **out,
                      struct err *err)
{
    struct ticket *t;
    const struct principal *me = &who->user->p;
    int64_t whom = take ? me->id : assignee_id;
    if (svc_ticket_load(db, who, a, number, &t, err) != 0)
        return err->kind;
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(me, take || whom == me->id ? ACT_TICKET_TAKE : ACT_TICKET_ASSIGN, &o))
        return svc_ticket_forbidden(err);
    struct user_auth u;
    if (db_user_by_id(db, whom, a, &u, err) != 0 || !u.p.active ||
        (u.p.role != ROLE_AGENT && u.p.role != ROLE_ADMIN)) {
        err_clear(err);
        return err_invalid(err, "assignee_id", "harus petugas yang aktif",
                           "must be an active agent");
    }
    char old[24] = "", new[24];
    if (t->assignee_id)
        snprintf(old, sizeof old, "%lld", (long long)t->assignee_id);
    snprintf(new, sizeof new, "%lld", (long long)whom);
    t->assignee_id = whom;
    t->assignee_name = u.name;
    t->updated_at = who->now;
    if (db_ticket_save(db, t, err) != 0 ||
        svc_ticket_event(db, t, who->now, me->id, "assigned", "assignee_id", old[0] ? old : NULL,
                         new, u.name, false, err) != 0 ||
        (whom != me->id &&
         svc_notify(db, a, who->cfg, t, "ticket_assigned", whom, NULL, err) != 0) ||
        (whom == me->id &&
         svc_ticket_work_begins(db, a, who->cfg, t, me, true, who->now, err) != 0) ||
        db_ticket_get(db, t->number, a, out, err) != 0)
        return err->kind;
    return 0;
}

/* Tells the service's PIC, or else every active agent of the target scope,
** that the ticket is theirs now (ticket_escalated_pic), with the reason when they may read it: unit
** staff always, a vendor when the reason is public or the vendor may read
** internal information. */
static int notify_scope(struct db *db, const struct actor *who, struct arena *a,
                        const struct ticket *t, const char *field, int64_t id, int tier,
                        const char *reason, struct err *err)
{
    /* seed 000: an escalation to the service's own unit goes to the
    ** service's PIC, not the whole unit (service_pic.h) */
    int64_t pic = tier == 2 ? svc_service_pic_for(db, a, t->service_id, id) : 0;
    if (pic)
        return svc_notify(db, a, who->cfg, t, "ticket_escalated_pic", pic,
                          reason ? json_pack("{s:s}", "reason", reason) : NULL, err) != 0
                   ? err->kind
                   : 0;
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 200, .n_filters = 3};
    q.filters[0].field = resource_field(&res_users, field);
    q.filters[0].val = (struct value){.set = true, .i = id};
    q.filters[1].field = resource_field(&res_users, "tier");
    q.filters[1].val = (struct value){.set = true, .i = tier};
    q.filters[2].field = resource_field(&res_users, "active");
    q.filters[2].val = (struct value){.set = true, .i = 1};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_users, &q, a, &items, &n, &total, err) != 0)
        return err->kind;
    for (size_t i = 0; i < n; i++)
        if (svc_notify(db, a, who->cfg, t, "ticket_escalated_pic", items[i]->id,
                       reason ? json_pack("{s:s}", "reason", reason) : NULL, err) != 0)
            return err->kind;
    return 0;
}

int svc_ticket_escalate(struct db *db, const struct actor *who, struct arena *a,
                        const char *number, const struct escalation *in, struct ticket **out,
                        struct err *err)
{
    struct ticket *t;
    const struct principal *me = &who->user->p;
    int tv = in->tier;
    const char *key = tv == 3 ? "vendor_id" : "unit_id";
    if (svc_ticket_load(db, who, a, number, &t, err) != 0)
        return err->kind;
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(me, ACT_TICKET_ESCALATE, &o))
        return svc_ticket_forbidden(err);
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    if (ticket_status_final(st) || st == TS_RESOLVED)
        return err_set(err, ERR_CONFLICT, "ticket.invalid_transition",
                       "tiket yang selesai tidak dapat dieskalasi",
                       "a finished ticket cannot be escalated");
    if (me->role == ROLE_AGENT && me->tier == 2 && tv == 2)
        return err_set(err, ERR_FORBIDDEN, "ticket.forbidden",
                       "petugas tingkat 2 hanya dapat meneruskan ke vendor",
                       "tier 2 agents escalate only to a vendor");
    struct record *r;
    int64_t id = in->target;
    if (db_rec_get(db, tv == 3 ? &res_vendors : &res_units, id, a, &r, err) != 0) {
        err_clear(err);
        return err_invalid(err, key, "tidak ditemukan", "does not exist");
    }
    char old[8], new[32];
    snprintf(old, sizeof old, "%d", t->tier);
    snprintf(new, sizeof new, "%d", tv);
    t->tier = tv;
    if (tv == 2)
        t->esc_unit_id = id;
    else
        t->esc_vendor_id = id;
    t->assignee_id = 0; /* the unit's PIC or the vendor takes it from here */
    t->updated_at = who->now;
    const char *copy = arena_strdup(a, in->reason);
    bool public = in->public;
    /* Who handles it is public (the requester is told: seed 000's template
    ** 7); why is an internal event of its own unless marked public. */
    const char *handler = r->v[resource_field(tv == 3 ? &res_vendors : &res_units, "name")].s;
    bool vendor_reads = tv == 3 && r->v[resource_field(&res_vendors, "sees_internal")].i;
    if (db_ticket_save(db, t, err) != 0 ||
        svc_ticket_event_x(db, t,
                           &(struct ticket_event){.ticket_id = t->id, .at = who->now,
                                                  .actor_id = me->id, .kind = "escalated",
                                                  .field = "tier", .old_value = old,
                                                  .new_value = new, .body = public ? copy : NULL,
                                                  .target = handler},
                           err) != 0 ||
        (!public && svc_ticket_event(db, t, who->now, me->id, "escalation_reason", NULL, NULL,
                                     NULL, copy, true, err) != 0) ||
        notify_scope(db, who, a, t, tv == 3 ? "vendor_id" : "unit_id", id, tv,
                     public || tv == 2 || vendor_reads ? copy : NULL, err) != 0 ||
        svc_notify(db, a, who->cfg, t, "ticket_escalated", t->requester_id,
                   json_pack("{s:s?}", "handler", handler), err) != 0 ||
        svc_ticket_work_begins(db, a, who->cfg, t, me, false, who->now, err) != 0 ||
        db_ticket_get(db, t->number, a, out, err) != 0)
        return err->kind;
    return 0;
}
