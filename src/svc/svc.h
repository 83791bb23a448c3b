/* Ticket services shared by the API handlers and the background jobs: SLA
** due times from policies and business calendars, notification rows in the
** outbox, and the periodic sweep (breaches, warnings, auto-close). They use
** the store and core, never HTTP; each runs inside the caller's transaction. */
#ifndef LOKET_SVC_H
#define LOKET_SVC_H

#include "core/ticket.h"
#include "store/store.h"

#include <jansson.h>

struct config;

/* Sets t->sla_policy_id and both due times, counted from t->created_at with
** t->sla_paused_minutes of pause. Policy: the priority's, else the service's;
** none leaves the due times at 0. */
int svc_sla_init(struct db *db, struct arena *a, struct ticket *t, struct err *err);
/* Recomputes resolution_due after the pause total changed. */
int svc_sla_refresh(struct db *db, struct arena *a, struct ticket *t, struct err *err);
/* Business minutes in [from, to) on the ticket's calendar. */
int svc_sla_minutes(struct db *db, struct arena *a, const struct ticket *t, int64_t from,
                    int64_t to, int64_t *minutes, struct err *err);
/* The business calendar of SLA policy policy_id (always open for 0), for
** callers that measure many tickets of one policy (reports). Holidays live
** in arena a. */
struct bizcal;
int svc_sla_calendar(struct db *db, struct arena *a, int64_t policy_id, struct bizcal *out,
                     struct err *err);
/* Business calendar calendar_id with its holidays (always open for 0);
** holidays live in arena a. */
int svc_calendar(struct db *db, struct arena *a, int64_t calendar_id, struct bizcal *out,
                 struct err *err);
/* Whole working days in [from, to) on the ticket's calendar. */
int svc_sla_workdays(struct db *db, struct arena *a, const struct ticket *t, int64_t from,
                     int64_t to, int64_t *days, struct err *err);
/* The policy's warn_before_minutes (0 when none). */
int svc_sla_warn_minutes(struct db *db, struct arena *a, int64_t policy_id, int64_t *minutes,
                         struct err *err);

/* The tag called name (the tags' collation: case-insensitive), when
** active_only an active one (svc/tags.c): its id, 0 when there is none, -1
** with err filled when the store failed. */
int64_t svc_tag_find(struct db *db, struct arena *a, const char *name, bool active_only,
                     struct err *err);

/* The standard variables of a mail about t to user u (ticket_number, title,
** service, status, status_label, requester_*, agent, link, recipient_name,
** app_name, channel). The requester's e-mail and NIP only when u may see
** the ticket's personal contacts (ACT_TICKET_VIEW_CONTACTS: not an outside
** vendor without the permission). New reference; strings copied by jansson. */
json_t *svc_notify_vars(struct db *db, struct arena *a, const struct config *cfg,
                        const struct ticket *t, const struct user_auth *u);
/* Queues one notification about t for user_id (address and language from the
** user) with the standard ticket variables plus `extra` (stolen, may be NULL).
** Inactive users and users without email are skipped (returns 0). */
int svc_notify(struct db *db, struct arena *a, const struct config *cfg, const struct ticket *t,
               const char *template_key, int64_t user_id, json_t *extra, struct err *err);
/* Same with the extra variables given as an object's JSON text, `more`
** (written with core/jw.h: no jansson objects to build and dump; the booking
** notices). Its keys must not be standard variables: they are put after
** them, not merged. */
int svc_notify_text(struct db *db, struct arena *a, const struct config *cfg,
                    const struct ticket *t, const char *template_key, int64_t user_id,
                    const char *more, struct err *err);
/* Same to u as db_user_by_id read it in this transaction (NULL: not found),
** for a caller that needs the user anyway (the booking notices). */
int svc_notify_text_to(struct db *db, struct arena *a, const struct config *cfg,
                       const struct ticket *t, const char *template_key,
                       const struct user_auth *u, const char *more, struct err *err);
/* Same, to every active admin (the supervisors). */
int svc_notify_admins(struct db *db, struct arena *a, const struct config *cfg,
                      const struct ticket *t, const char *template_key, json_t *extra,
                      struct err *err);

/* Files a ticket the caller has filled (title, description, channel,
** service, category, priority, requester, unit, created_by): created_at =
** now, SLA due times, the number, a "created" event by created_by (and a
** "channel" event when channel_event), then the ticket_created notice to the
** requester. *out is the ticket as ticket_get reads it (in arena a). */
int svc_ticket_open(struct db *db, struct arena *a, const struct config *cfg, struct ticket *t,
                    bool channel_event, int64_t now, struct ticket **out, struct err *err);
/* Same, acknowledged with ack_template instead of ticket_created (an
** application problem report: app_problem_reported). */
int svc_ticket_open_ack(struct db *db, struct arena *a, const struct config *cfg,
                        struct ticket *t, bool channel_event, int64_t now,
                        const char *ack_template, struct ticket **out, struct err *err);
/* Same without reading the ticket back: t itself is the ticket (its id,
** number, status and version set here), so the caller fills beforehand the
** joined fields its notices and answer use (service_name, requester_name,
** staff_ids of a booking). ack_template NULL: no acknowledgement (a booking
** with a time: its confirmation stands in, docs/appointments.md). */
int svc_ticket_open_known(struct db *db, struct arena *a, const struct config *cfg,
                          struct ticket *t, bool channel_event, int64_t now,
                          const char *ack_template, struct err *err);
/* Moves t to `to` (the caller has checked the transition) with its side
** effects: leaving waiting ends the SLA pause, resolved/closed/cancelled
** stamp their times, staff (`by`) moving a new ticket is the first response;
** then a "status" event and the requester's notice (ticket_resolved plus
** rating_request, ticket_cancelled, ticket_closed or ticket_changed). by NULL is the system
** (event actor 0). summary and reason must outlive the transaction. */
int svc_status_apply(struct db *db, struct arena *a, const struct config *cfg, struct ticket *t,
                     enum ticket_status to, const struct principal *by, const char *summary,
                     const char *reason, int64_t now, struct err *err);
/* The same without the requester's notice: for a move another mail tells
** of already (issue #20: a reply or an escalation that starts the work). */
int svc_status_move(struct db *db, struct arena *a, struct ticket *t, enum ticket_status to,
                    const struct principal *by, const char *summary, const char *reason,
                    int64_t now, struct err *err);
/* The permission object of t (core/perm.h). */
struct perm_obj svc_ticket_perm_obj(const struct ticket *t);
/* Whether p may comment on t (internal: add an internal note): an active
** user who sees the ticket and holds the action. Callers word the refusal
** for their own audience. */
bool svc_comment_allowed(const struct principal *p, const struct ticket *t, bool internal);
/* Adds author's comment (internal: a note) to t, once svc_comment_allowed
** said yes. A closed or cancelled ticket refuses it (ERR_CONFLICT
** ticket.closed). A public comment is also searchable, is a staff member's
** first response, moves a waiting ticket to in_progress when the requester
** writes (svc_status_apply by the system), and tells the other side
** (new_comment). An internal note does none of that. Saves t; body must
** outlive the transaction. The WhatsApp copy of a public reply is the
** caller's (channels_public_comment), as svc/ does not reach the channels. */
int svc_comment_apply(struct db *db, struct arena *a, const struct config *cfg, struct ticket *t,
                      const struct user_auth *author, const char *body, bool internal,
                      int64_t now, struct err *err);

struct sweep_stats {
    int first_response_breached, resolution_breached, warned, auto_closed;
};

/* One pass of the scheduler at time `now`: flags breaches (timeline event +
** supervisors told), queues warnings before a breach, and closes tickets left
** resolved for cfg->auto_close_days business days. Each ticket in its own
** transaction. */
int svc_sweep(struct db *db, const struct config *cfg, int64_t now, struct sweep_stats *out,
              struct err *err);

#endif
