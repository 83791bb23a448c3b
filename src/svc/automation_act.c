/* What a rule does to a ticket (automation_int.h, auto_act): each action
** changes the ticket in the caller's transaction and leaves a timeline event
** of kind "automation" by the system (actor 0) whose field is the action,
** whose values are the change and whose body is the rule's name. Actions
** that change nothing (the priority it already has) leave no event. */
#include "core/arena.h"
#include "core/config.h"
#include "core/resource.h"
#include "svc/automation_int.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"

#include <stdio.h>
#include <string.h>

static const char *num(struct arena *a, int64_t v)
{
    return v ? arena_printf(a, "%lld", (long long)v) : NULL;
}

static int note(struct db *db, struct ticket *t, const struct auto_rule *r, int64_t at,
                const char *action, const char *old, const char *nv, struct err *err)
{
    return svc_ticket_event(db, t, at, 0, "automation", action, old, nv, r->name, true, err);
}

static int save(struct db *db, struct ticket *t, int64_t at, struct err *err)
{
    t->updated_at = at;
    return db_ticket_save(db, t, err);
}

/* The active agents of a unit, by name (at most 100). */
static int unit_agents(struct db *db, struct arena *a, int64_t unit, struct record ***items,
                       size_t *n, struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 100, .n_filters = 3};
    q.filters[0].field = resource_field(&res_users, "unit_id");
    q.filters[0].val = (struct value){.set = true, .i = unit};
    q.filters[1].field = resource_field(&res_users, "role");
    q.filters[1].val = (struct value){.set = true, .s = "agent"};
    q.filters[2].field = resource_field(&res_users, "active");
    q.filters[2].val = (struct value){.set = true, .i = 1};
    int64_t total;
    return db_rec_list(db, &res_users, &q, a, items, n, &total, err);
}

static int pick_agent(struct db *db, struct arena *a, const struct auto_rule *r,
                      const struct auto_action *x, int64_t *out, struct err *err)
{
    *out = 0;
    if (x->mode == AM_USER) {
        *out = x->id;
        return 0;
    }
    struct record **ag;
    size_t n;
    if (unit_agents(db, a, x->unit_id, &ag, &n, err) != 0 || !n)
        return err->kind;
    if (x->mode == AM_ROUND_ROBIN) {
        int64_t last = 0;
        if (db_auto_run_last_value(db, r->id, "assign", &last, err) != 0)
            return err->kind;
        size_t next = 0;
        for (size_t i = 0; i < n; i++)
            if (ag[i]->id == last)
                next = (i + 1) % n;
        *out = ag[next]->id;
        return 0;
    }
    int64_t best = -1;
    for (size_t i = 0; i < n; i++) {
        struct ticket_query q = {.scope = {.kind = SCOPE_ALL, .bookings_all = true},
                                 .statuses = {"new", "in_progress", "waiting"}, .n_statuses = 3,
                                 .assignee_id = ag[i]->id, .sla_breached = -1, .page = 1,
                                 .per_page = 1};
        struct ticket **items;
        size_t k;
        int64_t total;
        bool capped;
        if (db_ticket_list(db, &q, a, &items, &k, &total, &capped, err) != 0)
            return err->kind;
        if (best < 0 || total < best) {
            best = total;
            *out = ag[i]->id;
        }
    }
    return 0;
}

static int do_assign(struct db *db, struct arena *a, struct ticket *t, const struct auto_rule *r,
                     const struct auto_action *x, int64_t at, struct err *err)
{
    int64_t who;
    if (pick_agent(db, a, r, x, &who, err) != 0)
        return err->kind;
    if (!who || who == t->assignee_id)
        return 0;
    const char *old = num(a, t->assignee_id);
    t->assignee_id = who;
    bool fresh;
    if (save(db, t, at, err) != 0 ||
        (x->mode == AM_ROUND_ROBIN &&
         db_auto_run_add(db, r->id, t->id, "assign", who, at, &fresh, err) != 0) ||
        note(db, t, r, at, "assign", old, num(a, who), err) != 0 ||
        svc_notify(db, a, auto_config(), t, "ticket_assigned", who, NULL, err) != 0)
        return err->kind;
    return 0;
}

/* x's tags added to the ticket's; an event only when one was new. */
static int do_tags(struct db *db, struct ticket *t, const struct auto_rule *r,
                   const struct auto_action *x, int64_t at, struct err *err)
{
    size_t added = 0;
    if (db_ticket_add_tags(db, t->id, x->tags.v, x->tags.n, &added, err) != 0)
        return err->kind;
    if (added && note(db, t, r, at, "tags", NULL, x->tag_names, err) != 0)
        return err->kind;
    return 0;
}

static int do_follow_up(struct db *db, struct arena *a, struct ticket *t,
                        const struct auto_rule *r, const struct auto_action *x, int64_t at,
                        struct err *err)
{
    const struct config *cfg = auto_config();
    struct ticket *f = arena_alloc(a, sizeof *f), *out;
    /* a title holds at most 200 bytes: cut on a character boundary */
    char *title = arena_printf(a, "Tindak lanjut %s: %s", t->number, t->title ? t->title : "");
    size_t len = strlen(title);
    if (len > 200) {
        len = 200;
        while (len && ((unsigned char)title[len] & 0xC0) == 0x80)
            len--;
        title[len] = 0;
    }
    f->title = title;
    f->description = arena_printf(
        a, "Tindak lanjut penilaian tiket %s (nilai %d dari 5).\n\nUmpan balik pemohon:\n%s",
        t->number, t->rating, t->feedback && *t->feedback ? t->feedback : "-");
    f->service_id = t->service_id;
    f->category_id = t->category_id;
    f->priority_id = t->priority_id;
    f->requester_id = t->requester_id;
    f->unit_id = t->unit_id;
    f->channel = "web";
    f->created_by = 0;
    if (svc_ticket_open(db, a, cfg, f, false, at, &out, err) != 0)
        return err->kind;
    if (x->tier > out->tier) {
        const char *old = num(a, out->tier);
        out->tier = x->tier;
        if (x->unit_id)
            out->esc_unit_id = x->unit_id;
        if (save(db, out, at, err) != 0 ||
            note(db, out, r, at, "escalate", old, num(a, out->tier), err) != 0)
            return err->kind;
    }
    if (note(db, out, r, at, "follow_up_of", NULL, t->number, err) != 0 ||
        note(db, t, r, at, "follow_up", NULL, out->number, err) != 0)
        return err->kind;
    return 0;
}

static int notify(struct db *db, struct arena *a, struct ticket *t, const struct auto_rule *r,
                  const struct auto_action *x, int64_t at, struct err *err)
{
    const struct config *cfg = auto_config();
    json_t *extra = json_pack("{s:s, s:s}", "message", x->text, "rule", r->name);
    int64_t to = x->to == AN_REQUESTER ? t->requester_id
                 : x->to == AN_ASSIGNEE ? t->assignee_id
                                        : x->id;
    int rc = 0;
    if (x->to == AN_ADMINS)
        rc = svc_notify_admins(db, a, cfg, t, "automation_notice", json_incref(extra), err);
    else if (to)
        rc = svc_notify(db, a, cfg, t, "automation_notice", to, json_incref(extra), err);
    json_decref(extra);
    static const char *const names[] = {"requester", "assignee", "admins", "user"};
    if (rc != 0 || note(db, t, r, at, "notify", NULL, names[x->to], err) != 0)
        return err->kind;
    return 0;
}

static int act_one(struct db *db, struct arena *a, struct ticket *t, const struct auto_rule *r,
                   const struct auto_action *x, int64_t at, struct err *err)
{
    const struct config *cfg = auto_config();
    switch (x->kind) {
    case AA_ASSIGN:
        return do_assign(db, a, t, r, x, at, err);
    case AA_PRIORITY: {
        if (t->priority_id == x->id)
            return 0;
        const char *old = num(a, t->priority_id);
        t->priority_id = x->id;
        if (svc_sla_init(db, a, t, err) != 0 || save(db, t, at, err) != 0 ||
            note(db, t, r, at, "priority", old, num(a, x->id), err) != 0)
            return err->kind;
        return 0;
    }
    case AA_STATUS: {
        enum ticket_status from = TS_NEW;
        ticket_status_parse(t->status, &from);
        if (from == x->status || !ticket_transition_valid(from, x->status))
            return 0;
        const char *old = t->status;
        if (svc_status_apply(db, a, cfg, t, x->status, NULL,
                             x->status == TS_RESOLVED ? x->text : NULL,
                             x->status == TS_RESOLVED ? NULL : x->text, at, err) != 0 ||
            note(db, t, r, at, "status", old, t->status, err) != 0)
            return err->kind;
        return 0;
    }
    case AA_TAGS:
        return do_tags(db, t, r, x, at, err);
    case AA_ESCALATE: {
        if (x->tier <= t->tier)
            return 0;
        const char *old = num(a, t->tier);
        t->tier = x->tier;
        if (x->unit_id)
            t->esc_unit_id = x->unit_id;
        if (save(db, t, at, err) != 0 ||
            note(db, t, r, at, "escalate", old, num(a, t->tier), err) != 0 ||
            svc_notify_admins(db, a, cfg, t, "ticket_escalated", NULL, err) != 0)
            return err->kind;
        return 0;
    }
    case AA_REPLY:
        /* a public answer by the system: seed 002's auto-reply templates */
        if (svc_ticket_event(db, t, at, 0, "comment", NULL, NULL, NULL, x->text, false, err) != 0 ||
            svc_notify(db, a, cfg, t, "new_comment", t->requester_id,
                       json_pack("{s:s}", "comment", x->text), err) != 0 ||
            note(db, t, r, at, "reply", NULL, num(a, x->id), err) != 0)
            return err->kind;
        return 0;
    case AA_NOTIFY:
        return notify(db, a, t, r, x, at, err);
    case AA_FOLLOW_UP:
        return do_follow_up(db, a, t, r, x, at, err);
    }
    return 0;
}

/* The timeline event of a priority folded into a new ticket's row. */
static int folded_note(struct db *db, struct arena *a, struct ticket *t, const struct auto_rule *r,
                       const struct auto_action *x, const struct auto_folded *f, int64_t at,
                       struct err *err)
{
    if (!f->changed)
        return 0;
    return note(db, t, r, at, "priority", num(a, f->old), num(a, x->id), err);
}

int auto_act(struct db *db, struct ticket *t, const struct auto_rule *r, int64_t at,
             const struct auto_folded *f, struct err *err)
{
    struct arena *a = arena_new();
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->n_actions; i++)
        rc = f && f[i].folded ? folded_note(db, a, t, r, &r->actions[i], &f[i], at, err)
                              : act_one(db, a, t, r, &r->actions[i], at, err);
    arena_free(a);
    return rc;
}
