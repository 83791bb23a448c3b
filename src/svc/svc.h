/* Ticket services shared by the API handlers and the background jobs: SLA
** due times from policies and business calendars, notification rows in the
** outbox, and the periodic sweep (breaches, warnings, auto-close). They use
** the store and core, never HTTP; each runs inside the caller's transaction. */
#ifndef LOKET_SVC_H
#define LOKET_SVC_H

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
/* Whole working days in [from, to) on the ticket's calendar. */
int svc_sla_workdays(struct db *db, struct arena *a, const struct ticket *t, int64_t from,
                     int64_t to, int64_t *days, struct err *err);
/* The policy's warn_before_minutes (0 when none). */
int svc_sla_warn_minutes(struct db *db, struct arena *a, int64_t policy_id, int64_t *minutes,
                         struct err *err);

/* The standard variables of a mail about t to user u (ticket_number, title,
** service, status, status_label, requester_*, agent, link, recipient_name,
** app_name, channel). New reference; strings copied by jansson. */
json_t *svc_notify_vars(struct db *db, struct arena *a, const struct config *cfg,
                        const struct ticket *t, const struct user_auth *u);
/* Queues one notification about t for user_id (address and language from the
** user) with the standard ticket variables plus `extra` (stolen, may be NULL).
** Inactive users and users without email are skipped (returns 0). */
int svc_notify(struct db *db, struct arena *a, const struct config *cfg, const struct ticket *t,
               const char *template_key, int64_t user_id, json_t *extra, struct err *err);
/* Same, to every active admin (the supervisors). */
int svc_notify_admins(struct db *db, struct arena *a, const struct config *cfg,
                      const struct ticket *t, const char *template_key, json_t *extra,
                      struct err *err);

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
