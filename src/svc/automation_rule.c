/* An automation rule's references, checked after its syntax
** (automation_parse.c): every id a rule names must exist, tag names become
** tag ids, a reply takes its canned response's body and outside_hours its
** calendar. The API runs this step after svc_automation_read; a stored row
** is compiled by both (auto_compile), so what was accepted when saved is
** what runs. Errors are the same 422 codes and fields as the syntax's. */
#include "core/arena.h"
#include "core/resource.h"
#include "svc/automation_int.h"
#include "svc/svc.h"

#include <string.h>

/* The record exists (and is active when the resource has the flag). */
static bool ref_ok(struct db *db, struct arena *a, const struct resource *res, int64_t id,
                   struct record **out)
{
    struct err e = {0};
    struct record *r;
    if (id <= 0 || db_rec_get(db, res, id, a, &r, &e) != 0)
        return false;
    if (out)
        *out = r;
    return true;
}

static int ids(struct db *db, struct arena *a, const struct resource *res, const char *key,
               const struct auto_ids *v, struct err *err)
{
    for (size_t i = 0; i < v->n; i++)
        if (!ref_ok(db, a, res, v->v[i], NULL))
            return auto_bad_cond(err, key, "id tidak ditemukan", "id does not exist");
    return 0;
}

/* A tag by its name; 0 when there is none (or the store failed). */
static int64_t tag_id(struct db *db, struct arena *a, const char *name)
{
    struct err e = {0};
    int64_t id = svc_tag_find(db, a, name, false, &e);
    return id > 0 ? id : 0;
}

static int resolve_conditions(struct db *db, struct arena *a, struct auto_cond *c,
                              struct err *err)
{
    if (ids(db, a, &res_services, "service_ids", &c->services, err) != 0 ||
        ids(db, a, &res_categories, "category_ids", &c->categories, err) != 0 ||
        ids(db, a, &res_units, "unit_ids", &c->units, err) != 0 ||
        ids(db, a, &res_priorities, "priority_ids", &c->priorities, err) != 0 ||
        ids(db, a, &res_users, "requester_ids", &c->requesters, err) != 0)
        return err->kind;
    for (size_t i = 0; i < c->n_tags; i++)
        if (!tag_id(db, a, c->tags[i]))
            return auto_bad_cond(err, "tags", "label tidak dikenal", "unknown tag");
    if (c->outside_hours) {
        if (!ref_ok(db, a, &res_calendars, c->calendar_id, NULL))
            return auto_bad_cond(err, "calendar_id", "kalender tidak ditemukan",
                                 "calendar does not exist");
        if (svc_calendar(db, a, c->calendar_id, &c->cal, err) != 0)
            return err->kind;
        c->has_cal = true;
    }
    return 0;
}

static int resolve_action(struct db *db, struct arena *a, size_t i, struct auto_action *o,
                          struct err *err)
{
    struct record *r;
    switch (o->kind) {
    case AA_ASSIGN:
        if (o->mode == AM_USER && !ref_ok(db, a, &res_users, o->id, NULL))
            return auto_bad_act(err, i, "user_id", "petugas tidak ditemukan",
                                "agent does not exist");
        if (o->mode != AM_USER && !ref_ok(db, a, &res_units, o->unit_id, NULL))
            return auto_bad_act(err, i, "unit_id", "isi user_id, atau unit_id dengan mode",
                                "give user_id, or unit_id with a mode");
        return 0;
    case AA_PRIORITY:
        if (!ref_ok(db, a, &res_priorities, o->id, NULL))
            return auto_bad_act(err, i, "priority_id", "prioritas tidak ditemukan",
                                "priority does not exist");
        return 0;
    case AA_TAGS:
        for (size_t k = 0; k < o->tags.n; k++)
            if (!(o->tags.v[k] = tag_id(db, a, o->tag_list[k])))
                return auto_bad_act(err, i, "tags", "label tidak dikenal", "unknown tag");
        return 0;
    case AA_ESCALATE:
    case AA_FOLLOW_UP:
        if (o->unit_id && !ref_ok(db, a, &res_units, o->unit_id, NULL))
            return auto_bad_act(err, i, "unit_id", "unit tidak ditemukan", "unit does not exist");
        return 0;
    case AA_REPLY:
        if (!ref_ok(db, a, &res_canned_responses, o->id, &r))
            return auto_bad_act(err, i, "canned_response_id", "templat balasan tidak ditemukan",
                                "canned response does not exist");
        o->text = r->v[resource_field(&res_canned_responses, "body")].s;
        return 0;
    case AA_NOTIFY:
        if (o->to == AN_USER && !ref_ok(db, a, &res_users, o->id, NULL))
            return auto_bad_act(err, i, "user_id", "pengguna tidak ditemukan",
                                "user does not exist");
        return 0;
    case AA_STATUS:
        return 0;
    }
    return 0;
}

int svc_automation_resolve(struct db *db, struct arena *a, struct auto_rule *rule,
                           struct err *err)
{
    if (resolve_conditions(db, a, &rule->cond, err) != 0)
        return err->kind;
    for (size_t i = 0; i < rule->n_actions; i++)
        if (resolve_action(db, a, i, &rule->actions[i], err) != 0)
            return err->kind;
    return 0;
}

int auto_compile(struct db *db, struct arena *a, const struct auto_rule_row *row,
                 struct auto_rule *out, struct err *err)
{
    if (auto_read_row(a, row, out, err) != 0)
        return err->kind;
    return svc_automation_resolve(db, a, out, err);
}

int svc_automation_parse(struct db *db, struct arena *a, json_t *body, struct auto_rule_row *r,
                         struct err *err)
{
    struct auto_rule *rule;
    if (svc_automation_read(a, body, r, &rule, err) != 0)
        return err->kind;
    return svc_automation_resolve(db, a, rule, err);
}
