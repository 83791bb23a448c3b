/* The rules of opening, moving and commenting on a ticket, shared by the API
** handlers (api/tickets.c, api/ticket_work.c) and the channel intake
** (channels/intake.c), so a ticket behaves the same whichever way a change
** arrives. Each runs inside the caller's transaction; the callers keep what
** is theirs alone: parsing, the caller's own error wording, the reply. */
#include "svc/svc.h"
#include "svc/ticket_svc.h"
#include "core/config.h"
#include "svc/webhook.h"
#include "svc/automation.h"
#include "svc/inapp_notify.h"
#include "svc/live.h"
#include "svc/ticket_flow.h"

#include <string.h>
#include <time.h>

int svc_ticket_event(struct db *db, const struct ticket *t, int64_t at, int64_t actor,
                     const char *kind, const char *field, const char *old_value,
                     const char *new_value, const char *body, bool internal, struct err *err)
{
    struct ticket_event e = {.ticket_id = t->id, .at = at, .actor_id = actor, .kind = kind,
                             .field = field, .old_value = old_value, .new_value = new_value,
                             .body = body, .internal = internal};
    return svc_ticket_event_x(db, t, &e, err);
}

int svc_ticket_event_x(struct db *db, const struct ticket *t, const struct ticket_event *e,
                       struct err *err)
{
    if (db_event_add(db, e, err) != 0)
        return err->kind;
    live_ticket_event(db, t, e->actor_id, e->kind, e->internal); /* issue #20: the live desk (svc/live.c) */
    /* issue #22 item 3: outbound webhooks, queued in this transaction */
    if (svc_webhook_event(db, t, e->at, e->actor_id, e->kind, e->field, e->old_value,
                          e->new_value, e->body, e->internal, err) != 0)
        return err->kind;
    /* issue #20: the bell of whoever the event concerns (svc/inapp_notify.h) */
    if (svc_inapp_on_event(db, t, e->at, e->actor_id, e->kind, e->field, e->new_value,
                           e->internal, err) != 0)
        return err->kind;
    /* issue #22: the automation rules act on t in this transaction */
    return svc_automation_on_event(db, (struct ticket *)t, e->at, e->kind, e->field,
                                   e->new_value, err);
}

static bool is_staff(const struct principal *p)
{
    return p->role == ROLE_AGENT || p->role == ROLE_ADMIN;
}

/* A staff answer stamps the first response once; late is a breach. */
static void first_response(struct ticket *t, int64_t now)
{
    if (t->first_response_at)
        return;
    t->first_response_at = now;
    if (t->first_response_due && now > t->first_response_due)
        t->first_response_breached = true;
}

int svc_ticket_open(struct db *db, struct arena *a, const struct config *cfg, struct ticket *t,
                    bool channel_event, int64_t now, struct ticket **out, struct err *err)
{
    return svc_ticket_open_ack(db, a, cfg, t, channel_event, now, "ticket_created", out, err);
}

/* The rows of a new ticket: SLA due times, the ticket, its "created" (and
** "channel") events. t gets its id, number, status and version. */
static int open_rows(struct db *db, struct arena *a, struct ticket *t, bool channel_event,
                     int64_t now, const char *prefix, struct err *err)
{
    /* The number carries the local year the ticket was opened in. */
    struct tm tm;
    time_t when = (time_t)now;
    localtime_r(&when, &tm);
    t->created_at = now;
    t->updated_at = now;
    /* issue #22: "created" rules' priority and tags go into the first write */
    svc_automation_plan_created(db, t, now);
    if (svc_sla_init(db, a, t, err) != 0 ||
        db_ticket_create(db, t, prefix, tm.tm_year + 1900, a, err) != 0 ||
        svc_ticket_event(db, t, now, t->created_by, "created", NULL, NULL, "new", NULL, false, err) != 0 ||
        (channel_event && svc_ticket_event(db, t, now, t->created_by, "channel", "channel", NULL,
                                t->channel, NULL, false, err) != 0))
        return err->kind ? err->kind : ERR_STORE;
    return 0;
}

int svc_ticket_open_ack(struct db *db, struct arena *a, const struct config *cfg,
                        struct ticket *t, bool channel_event, int64_t now,
                        const char *ack_template, struct ticket **out, struct err *err)
{
    if (open_rows(db, a, t, channel_event, now, cfg->ticket_prefix, err) != 0 ||
        db_ticket_get(db, t->number, a, out, err) != 0 ||
        svc_notify(db, a, cfg, *out, ack_template, (*out)->requester_id, NULL, err) != 0) {
        svc_automation_plan_drop();
        return err->kind ? err->kind : ERR_STORE;
    }
    return 0;
}

int svc_ticket_open_known(struct db *db, struct arena *a, const struct config *cfg,
                          struct ticket *t, bool channel_event, int64_t now,
                          const char *ack_template, struct err *err)
{
    if (open_rows(db, a, t, channel_event, now, cfg->ticket_prefix, err) != 0 ||
        (ack_template &&
         svc_notify(db, a, cfg, t, ack_template, t->requester_id, NULL, err) != 0)) {
        svc_automation_plan_drop();
        return err->kind ? err->kind : ERR_STORE;
    }
    return 0;
}

/* Leaves "waiting": the paused business minutes are added and the due time moves. */
static int end_wait(struct db *db, struct arena *a, struct ticket *t, int64_t now,
                    struct err *err)
{
    if (!t->waiting_since)
        return 0;
    int64_t paused;
    if (svc_sla_minutes(db, a, t, t->waiting_since, now, &paused, err) != 0)
        return err->kind;
    t->sla_paused_minutes += paused;
    t->waiting_since = 0;
    return svc_sla_refresh(db, a, t, err);
}

/* The timestamps and SLA flags that entering `to` sets. */
static void enter_status(struct ticket *t, const char *from, enum ticket_status to,
                         const char *summary, const char *reason, int64_t now)
{
    switch (to) {
    case TS_WAITING:
        t->waiting_since = now;
        break;
    case TS_RESOLVED:
        t->resolved_at = now;
        t->resolution_summary = summary;
        if (t->resolution_due && now > t->resolution_due)
            t->resolution_breached = true;
        break;
    case TS_CLOSED:
        t->closed_at = now;
        break;
    case TS_CANCELLED:
        t->cancel_reason = reason;
        t->closed_at = now;
        break;
    case TS_IN_PROGRESS:
        if (!strcmp(from, "resolved")) /* reopened */
            t->resolved_at = 0;
        break;
    default:
        break;
    }
}

int svc_status_move(struct db *db, struct arena *a, struct ticket *t, enum ticket_status to,
                    const struct principal *by, const char *summary, const char *reason,
                    int64_t now, struct err *err)
{
    const char *from = t->status;
    int64_t actor = by ? by->id : 0;
    if (strcmp(from, "waiting") == 0 && end_wait(db, a, t, now, err) != 0)
        return err->kind;
    enter_status(t, from, to, summary, reason, now);
    /* Staff moving a new ticket counts as the first response. */
    if (by && strcmp(from, "new") == 0 && is_staff(by))
        first_response(t, now);
    t->status = ticket_status_name(to);
    t->updated_at = now;
    if (db_ticket_save(db, t, err) != 0 ||
        svc_ticket_event(db, t, now, actor, "status", "status", from, t->status,
              to == TS_RESOLVED ? summary : to == TS_CANCELLED ? reason : NULL, false, err) != 0)
        return err->kind;
    return 0;
}

int svc_status_apply(struct db *db, struct arena *a, const struct config *cfg, struct ticket *t,
                     enum ticket_status to, const struct principal *by, const char *summary,
                     const char *reason, int64_t now, struct err *err)
{
    const char *from = t->status;
    if (svc_status_move(db, a, t, to, by, summary, reason, now, err) != 0)
        return err->kind;
    /* closing (rating, acceptance, auto-close) confirms it: seed 000's closing mail */
    const char *tpl = to == TS_RESOLVED    ? "ticket_resolved"
                      : to == TS_CANCELLED ? "ticket_cancelled"
                      : to == TS_CLOSED    ? "ticket_closed"
                                           : "ticket_changed";
    if (svc_notify(db, a, cfg, t, tpl, t->requester_id,
                   json_pack("{s:s, s:s?, s:s?}", "old_status", from, "summary", summary,
                             "reason", reason),
                   err) != 0)
        return err->kind;
    if (to == TS_RESOLVED &&
        svc_notify(db, a, cfg, t, "rating_request", t->requester_id, NULL, err) != 0)
        return err->kind;
    return 0;
}

struct perm_obj svc_ticket_perm_obj(const struct ticket *t)
{
    return (struct perm_obj){.owner_id = t->requester_id, .unit_id = t->unit_id,
                             .esc_unit_id = t->esc_unit_id, .esc_vendor_id = t->esc_vendor_id,
                             .assignee_id = t->assignee_id, .booking = t->booking,
                             .staff_ids = t->staff_ids, .n_staff = t->n_staff};
}

bool svc_comment_allowed(const struct principal *p, const struct ticket *t, bool internal)
{
    struct perm_obj o = svc_ticket_perm_obj(t);
    return p->active && perm_can(p, ACT_TICKET_VIEW, &o) &&
           perm_can(p, internal ? ACT_TICKET_NOTE_INTERNAL : ACT_TICKET_COMMENT, &o);
}

int svc_comment_apply(struct db *db, struct arena *a, const struct config *cfg, struct ticket *t,
                      const struct user_auth *author, const char *body, bool internal,
                      int64_t now, struct err *err)
{
    const struct principal *me = &author->p;
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    if (ticket_status_final(st))
        return err_set(err, ERR_CONFLICT, "ticket.closed", "tiket sudah ditutup; buat tiket baru",
                       "the ticket is closed; open a new one");
    if (svc_ticket_event(db, t, now, me->id, internal ? "note" : "comment", NULL, NULL, NULL, body, internal,
              err) != 0 ||
        (!internal && svc_ticket_work_begins(db, a, cfg, t, me, false, now, err) != 0))
        return err->kind;
    /* An internal note is invisible to the requester: it answers nobody,
    ** restarts nothing and is not searched. */
    if (!internal && db_ticket_search_log(db, t->id, err) != 0)
        return err->kind;
    if (!internal && is_staff(me))
        first_response(t, now);
    /* The requester answering a ticket that waits on them sets it going again. */
    if (!internal && me->id == t->requester_id && st == TS_WAITING &&
        ticket_auto_transition_valid(TS_WAITING, TS_IN_PROGRESS)) {
        if (svc_status_apply(db, a, cfg, t, TS_IN_PROGRESS, NULL, NULL, NULL, now, err) != 0)
            return err->kind;
    } else {
        t->updated_at = now;
        if (db_ticket_save(db, t, err) != 0)
            return err->kind;
    }
    if (internal)
        return 0;
    int64_t to = me->id == t->requester_id ? t->assignee_id : t->requester_id;
    if (to != me->id &&
        svc_notify(db, a, cfg, t, "new_comment", to,
                   json_pack("{s:s, s:s?}", "comment", body, "author", author->name), err) != 0)
        return err->kind;
    return 0;
}

int svc_ticket_load(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    struct ticket **out, struct err *err)
{
    int rc = db_ticket_get(db, number ? number : "", a, out, err);
    if (rc != 0)
        return rc;
    struct perm_obj o = svc_ticket_perm_obj(*out);
    if (!who->user || !perm_can(&who->user->p, ACT_TICKET_VIEW, &o)) {
        err_clear(err);
        return err_set(err, ERR_NOT_FOUND, "ticket.not_found", "tiket tidak ditemukan",
                       "ticket not found");
    }
    return 0;
}

int svc_ticket_forbidden(struct err *err)
{
    return err_set(err, ERR_FORBIDDEN, "ticket.forbidden",
                   "Anda tidak berhak melakukan ini pada tiket ini",
                   "you are not allowed to do this on this ticket");
}
