/* Helpers behind the ticket handlers. */
#include "api/ticket_common.h"
#include "api/json.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/ticket.h"
#include "core/timefmt.h"
#include "svc/svc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t ticket_now(void)
{
    return (int64_t)time(NULL);
}

struct perm_obj ticket_perm_obj(const struct ticket *t)
{
    return (struct perm_obj){.owner_id = t->requester_id,
                             .unit_id = t->unit_id,
                             .esc_unit_id = t->esc_unit_id,
                             .esc_vendor_id = t->esc_vendor_id,
                             .assignee_id = t->assignee_id};
}

int ticket_load(struct req *rq, struct db *db, struct ticket **out)
{
    const char *number = req_param(rq, "number");
    int rc = db->ops->ticket_get(db, number ? number : "", rq->arena, out, &rq->err);
    if (rc != 0)
        return rc;
    struct perm_obj o = ticket_perm_obj(*out);
    if (!perm_can(&rq->user->p, ACT_TICKET_VIEW, &o)) {
        err_clear(&rq->err);
        return err_set(&rq->err, ERR_NOT_FOUND, "ticket.not_found", "tiket tidak ditemukan",
                       "ticket not found");
    }
    return 0;
}

json_t *json_time(int64_t t)
{
    if (!t)
        return json_null();
    char buf[32];
    time_fmt_iso(buf, sizeof buf, (time_t)t);
    return json_string(buf);
}

static json_t *json_id(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

json_t *ticket_json(const struct ticket *t)
{
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    json_t *tags = json_array();
    for (size_t i = 0; i < t->n_tags; i++)
        json_array_append_new(tags, json_string(t->tags[i]));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(t->id));
    json_object_set_new(o, "number", json_string(t->number));
    json_object_set_new(o, "title", json_string(t->title));
    json_object_set_new(o, "description", json_string(t->description));
    json_object_set_new(o, "status", json_string(t->status));
    json_object_set_new(o, "status_label",
                        json_pack("{s:s, s:s}", "id", ticket_status_label(st, LOC_ID), "en",
                                  ticket_status_label(st, LOC_EN)));
    json_object_set_new(o, "service", json_pack("{s:I, s:s?, s:s?}", "id",
                                                (json_int_t)t->service_id, "name",
                                                t->service_name, "kind", t->service_kind));
    json_object_set_new(o, "service_id", json_integer(t->service_id));
    json_object_set_new(o, "category_id", json_id(t->category_id));
    json_object_set_new(o, "priority", t->priority_code ? json_string(t->priority_code) : json_null());
    json_object_set_new(o, "priority_id", json_id(t->priority_id));
    json_object_set_new(o, "requester", json_pack("{s:I, s:s?, s:s?}", "id",
                                                  (json_int_t)t->requester_id, "name",
                                                  t->requester_name, "email",
                                                  t->requester_email));
    json_object_set_new(o, "requester_id", json_integer(t->requester_id));
    json_object_set_new(o, "unit_id", json_id(t->unit_id));
    json_object_set_new(o, "unit_name", t->unit_name ? json_string(t->unit_name) : json_null());
    json_object_set_new(o, "contact_name", t->contact_name ? json_string(t->contact_name) : json_null());
    json_object_set_new(o, "contact_phone", t->contact_phone ? json_string(t->contact_phone) : json_null());
    json_object_set_new(o, "channel", json_string(t->channel));
    json_object_set_new(o, "assignee", t->assignee_id
                                            ? json_pack("{s:I, s:s?}", "id",
                                                        (json_int_t)t->assignee_id, "name",
                                                        t->assignee_name)
                                            : json_null());
    json_object_set_new(o, "assignee_id", json_id(t->assignee_id));
    json_object_set_new(o, "tier", json_integer(t->tier));
    json_object_set_new(o, "escalation", json_pack("{s:o, s:o}", "unit_id", json_id(t->esc_unit_id),
                                                   "vendor_id", json_id(t->esc_vendor_id)));
    json_object_set_new(o, "tags", tags);
    json_object_set_new(o, "created_at", json_time(t->created_at));
    json_object_set_new(o, "updated_at", json_time(t->updated_at));
    json_object_set_new(o, "first_response_at", json_time(t->first_response_at));
    json_object_set_new(o, "resolved_at", json_time(t->resolved_at));
    json_object_set_new(o, "closed_at", json_time(t->closed_at));
    json_object_set_new(
        o, "sla",
        json_pack("{s:o, s:o, s:o, s:b, s:b, s:I, s:b}", "policy_id", json_id(t->sla_policy_id),
                  "first_response_due", json_time(t->first_response_due), "resolution_due",
                  json_time(t->resolution_due), "first_response_breached",
                  t->first_response_breached, "resolution_breached", t->resolution_breached,
                  "paused_minutes", (json_int_t)t->sla_paused_minutes, "paused",
                  t->waiting_since != 0));
    json_object_set_new(o, "resolution_summary",
                        t->resolution_summary ? json_string(t->resolution_summary) : json_null());
    json_object_set_new(o, "cancel_reason",
                        t->cancel_reason ? json_string(t->cancel_reason) : json_null());
    json_object_set_new(o, "rating", t->rating ? json_integer(t->rating) : json_null());
    json_object_set_new(o, "feedback", t->feedback ? json_string(t->feedback) : json_null());
    json_object_set_new(o, "merged_into",
                        t->merged_into_number ? json_string(t->merged_into_number) : json_null());
    json_object_set_new(o, "version", json_integer(t->version));
    return o;
}

/* ---- SLA and notifications: thin wrappers over svc/ ------------------ */

int ticket_sla_init(struct req *rq, struct db *db, struct ticket *t)
{
    return svc_sla_init(db, rq->arena, t, &rq->err);
}

int ticket_sla_refresh(struct req *rq, struct db *db, struct ticket *t)
{
    return svc_sla_refresh(db, rq->arena, t, &rq->err);
}

int ticket_sla_minutes(struct req *rq, struct db *db, const struct ticket *t, int64_t from,
                       int64_t to, int64_t *minutes)
{
    return svc_sla_minutes(db, rq->arena, t, from, to, minutes, &rq->err);
}

/* ---- timeline and outbox ---------------------------------------------- */

int ticket_event(struct req *rq, struct db *db, const struct ticket *t, int64_t actor_id,
                 const char *kind, const char *field, const char *old_value,
                 const char *new_value, const char *body, bool internal)
{
    struct ticket_event e = {.ticket_id = t->id, .at = ticket_now(), .actor_id = actor_id,
                             .kind = kind, .field = field, .old_value = old_value,
                             .new_value = new_value, .body = body, .internal = internal};
    return db->ops->event_add(db, &e, &rq->err);
}

int ticket_notify(struct req *rq, struct db *db, const struct ticket *t, const char *template_key,
                  int64_t user_id, json_t *extra)
{
    return svc_notify(db, rq->arena, rq->app->cfg, t, template_key, user_id, extra, &rq->err);
}
