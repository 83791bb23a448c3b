/* Helpers behind the ticket handlers. */
#include "api/ticket_common.h"
#include "http/reply.h"
#include "api/json.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/ticket.h"
#include "core/timefmt.h"
#include "svc/desk_rules.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t ticket_now(void)
{
    return (int64_t)time(NULL);
}

struct perm_obj ticket_perm_obj(const struct ticket *t)
{
    return svc_ticket_perm_obj(t);
}

struct actor api_actor(struct req *rq)
{
    return (struct actor){.user = rq->user, .channel = "web", .ip = rq->ip,
                          .cfg = rq->app->cfg, .now = ticket_now()};
}

int ticket_load(struct req *rq, struct db *db, struct ticket **out)
{
    struct actor who = api_actor(rq);
    return svc_ticket_load(db, &who, rq->arena, req_param(rq, "number"), out, &rq->err);
}

json_t *json_time(int64_t t)
{
    if (!t)
        return json_null();
    char buf[32];
    time_fmt_iso(buf, sizeof buf, (time_t)t);
    return json_string(buf);
}

void ticket_json_write(struct jw *w, const char *key, const struct ticket *t,
                       const struct principal *viewer)
{
    /* personal contacts stay with the office's own staff (ACT_TICKET_VIEW_CONTACTS) */
    struct perm_obj o = svc_ticket_perm_obj(t);
    bool contacts = perm_can(viewer, ACT_TICKET_VIEW_CONTACTS, &o);
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    jw_obj(w, key);
    jw_int(w, "id", t->id);
    jw_str(w, "number", t->number);
    jw_str(w, "title", t->title);
    jw_str(w, "description", t->description);
    jw_str(w, "status", t->status);
    jw_obj(w, "status_label");
    jw_str(w, "id", ticket_status_label(st, LOC_ID));
    jw_str(w, "en", ticket_status_label(st, LOC_EN));
    jw_end(w, '}');
    jw_obj(w, "service");
    jw_int(w, "id", t->service_id);
    jw_str(w, "name", t->service_name);
    jw_str(w, "kind", t->service_kind);
    jw_end(w, '}');
    jw_int(w, "service_id", t->service_id);
    jw_bool(w, "booking", t->booking); /* an appointment: GET /bookings?q=<number> */
    jw_id(w, "category_id", t->category_id);
    jw_str(w, "priority", t->priority_code);
    jw_id(w, "priority_id", t->priority_id);
    jw_obj(w, "requester");
    jw_int(w, "id", t->requester_id);
    jw_str(w, "name", t->requester_name);
    jw_str(w, "email", contacts ? t->requester_email : NULL);
    jw_end(w, '}');
    jw_int(w, "requester_id", t->requester_id);
    jw_id(w, "unit_id", t->unit_id);
    jw_str(w, "unit_name", t->unit_name);
    jw_str(w, "contact_name", t->contact_name);
    jw_str(w, "contact_phone", contacts ? t->contact_phone : NULL);
    jw_str(w, "channel", t->channel);
    if (t->assignee_id) {
        jw_obj(w, "assignee");
        jw_int(w, "id", t->assignee_id);
        jw_str(w, "name", t->assignee_name);
        jw_end(w, '}');
    } else {
        jw_null(w, "assignee");
    }
    jw_id(w, "assignee_id", t->assignee_id);
    jw_int(w, "tier", t->tier);
    jw_obj(w, "escalation");
    jw_id(w, "unit_id", t->esc_unit_id);
    jw_id(w, "vendor_id", t->esc_vendor_id);
    jw_end(w, '}');
    jw_arr(w, "tags");
    for (size_t i = 0; i < t->n_tags; i++)
        jw_str(w, NULL, t->tags[i]);
    jw_end(w, ']');
    jw_time(w, "created_at", t->created_at);
    jw_time(w, "updated_at", t->updated_at);
    jw_time(w, "first_response_at", t->first_response_at);
    jw_time(w, "resolved_at", t->resolved_at);
    jw_time(w, "closed_at", t->closed_at);
    jw_obj(w, "sla");
    jw_id(w, "policy_id", t->sla_policy_id);
    jw_time(w, "first_response_due", t->first_response_due);
    jw_time(w, "resolution_due", t->resolution_due);
    jw_bool(w, "first_response_breached", t->first_response_breached);
    jw_bool(w, "resolution_breached", t->resolution_breached);
    jw_int(w, "paused_minutes", t->sla_paused_minutes);
    jw_bool(w, "paused", t->waiting_since != 0);
    jw_end(w, '}');
    jw_str(w, "resolution_summary", t->resolution_summary);
    jw_str(w, "cancel_reason", t->cancel_reason);
    jw_id(w, "rating", t->rating);
    jw_str(w, "feedback", t->feedback);
    jw_str(w, "merged_into", t->merged_into_number);
    jw_int(w, "version", t->version);
    /* whether viewer may accept the resolution now (the web app's "Tutup");
    ** with the live rule agent_close the assigned agent may (desk_rules.h) */
    jw_bool(w, "may_close", st == TS_RESOLVED && perm_can(viewer, ACT_TICKET_CLOSE, &o));
    jw_end(w, '}');
}

int reply_ticket(struct req *rq, unsigned status, const struct ticket *t)
{
    struct jw w;
    jw_init(&w, rq->arena);
    /* the live rule matters for a resolved ticket only (may_close): others,
    ** like a new ticket answered from the writer's work, need no connection
    ** (taking one per POST cost creation seven eighths of its speed) */
    struct principal me = rq->user->p;
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    if (st == TS_RESOLVED)
        me = desk_principal(req_db(rq), rq->app->cfg, rq->arena, &rq->user->p);
    ticket_json_write(&w, NULL, t, &me);
    size_t len;
    const char *text = jw_text(&w, &len);
    return reply_json_text(rq, status, text, len);
}
