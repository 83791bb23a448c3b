/* The periodic SLA sweep: breach flags, warnings before a breach, and the
** auto-close of resolved tickets nobody rated. Every change is a timeline
** event by the system (actor 0) in the same transaction as the change. */
#include "svc/svc.h"
#include "svc/ticket_svc.h"
#include "core/arena.h"
#include "core/config.h"
#include "svc/survey.h"
#include "svc/automation.h"

#include <string.h>

static int event(struct db *db, const struct ticket *t, int64_t now, const char *kind,
                 const char *field, const char *old_value, const char *new_value,
                 struct err *err)
{
    /* through svc_ticket_event like every ticket event (webhooks, issue #22) */
    return svc_ticket_event(db, t, now, 0, kind, field, old_value, new_value, NULL, false, err);
}

/* Applies what is due for one ticket; returns 0 and counts into out. */
static int sweep_one(struct db *db, struct arena *a, const struct config *cfg, struct ticket *t,
                     int64_t now, struct sweep_stats *out, struct err *err)
{
    bool changed = false;
    if (!strcmp(t->status, "resolved")) {
        int64_t days = 0;
        if (!cfg->auto_close_days)
            return 0;
        if (svc_sla_workdays(db, a, t, t->resolved_at, now, &days, err) != 0)
            return err->kind;
        if (days < cfg->auto_close_days)
            return 0;
        t->status = "closed";
        t->closed_at = now;
        t->updated_at = now;
        out->auto_closed++;
        if (db_ticket_save(db, t, err) != 0 ||
            event(db, t, now, "status", "status", "resolved", "closed", err) != 0 ||
            svc_notify(db, a, cfg, t, "ticket_closed", t->requester_id,
                       json_pack("{s:s, s:b}", "old_status", "resolved", "auto_closed", 1),
                       err) != 0)
            return err->kind;
        return 0;
    }
    if (!t->first_response_at && t->first_response_due && !t->first_response_breached &&
        t->first_response_due <= now) {
        t->first_response_breached = true;
        changed = true;
        out->first_response_breached++;
        if (event(db, t, now, "sla_breached", "first_response", NULL, NULL, err) != 0 ||
            svc_notify_admins(db, a, cfg, t, "sla_breached",
                              json_pack("{s:s}", "target", "first_response"), err) != 0)
            return err->kind;
    }
    if (t->resolution_due && !t->resolution_breached && t->resolution_due <= now) {
        t->resolution_breached = true;
        changed = true;
        out->resolution_breached++;
        if (event(db, t, now, "sla_breached", "resolution", NULL, NULL, err) != 0 ||
            svc_notify_admins(db, a, cfg, t, "sla_breached",
                              json_pack("{s:s}", "target", "resolution"), err) != 0)
            return err->kind;
    } else if (t->resolution_due && !t->sla_warned && t->resolution_due > now) {
        int64_t warn = 0;
        if (svc_sla_warn_minutes(db, a, t->sla_policy_id, &warn, err) != 0)
            return err->kind;
        if (warn > 0 && t->resolution_due - warn * 60 <= now) {
            t->sla_warned = true;
            changed = true;
            out->warned++;
            json_t *extra = json_pack("{s:I}", "minutes_left",
                                      (json_int_t)((t->resolution_due - now) / 60));
            int rc = t->assignee_id
                         ? svc_notify(db, a, cfg, t, "sla_warning", t->assignee_id,
                                      json_incref(extra), err)
                         : 0;
            if (rc == 0)
                rc = svc_notify_admins(db, a, cfg, t, "sla_warning", json_incref(extra), err);
            json_decref(extra);
            if (rc != 0 || event(db, t, now, "sla_warning", "resolution", NULL, NULL, err) != 0)
                return err->kind;
        }
    }
    return changed ? db_ticket_save(db, t, err) : 0;
}

int svc_sweep(struct db *db, const struct config *cfg, int64_t now, struct sweep_stats *out,
              struct err *err)
{
    memset(out, 0, sizeof *out);
    struct arena *a = arena_new();
    struct ticket **items;
    size_t n;
    /* Warnings reach at most a week ahead; auto-close needs at least N calendar days. */
    int64_t horizon = now + 7 * 86400;
    int64_t resolved_before = cfg->auto_close_days ? now - cfg->auto_close_days * 86400 : 0;
    int rc = db_ticket_sweep_candidates(db, now, horizon, resolved_before, a, &items, &n,
                                        err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if ((rc = db_begin(db, err)) != 0)
            break;
        if ((rc = sweep_one(db, a, cfg, items[i], now, out, err)) != 0 ||
            (rc = db_commit(db, err)) != 0) {
            db_rollback(db);
            /* A ticket changed under us is picked up next pass. */
            if (rc == ERR_CONFLICT) {
                err_clear(err);
                rc = 0;
            }
        }
    }
    arena_free(a);
    if (rc == 0)
        rc = svc_survey_sweep(db, cfg, now, err); /* issue #22: svc/survey.c */
    if (rc == 0)
        rc = svc_automation_sweep(db, cfg, now, NULL, err); /* issue #22: time rules */
    return rc;
}
