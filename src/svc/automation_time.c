/* Time rules (the sweep) and the dry run. A time rule looks at open tickets
** in one state: waiting on the requester for N business days, unassigned
** for N business minutes, or within N minutes of the resolution due time.
** It fires once per ticket per episode of that state: the ticket_rule_runs
** row "waiting:<since>", "unassigned" or "breach:<due>", written in the
** transaction of the actions, so a restart or a second sweep does not
** repeat it and a ticket that waits again later is reminded again. */
#include "core/arena.h"
#include "core/config.h"
#include "svc/automation_int.h"
#include "svc/svc.h"

#include <stdio.h>
#include <string.h>

enum { PAGE = 200, MAX_SCAN = 5000, DRY_MAX = 200 };

/* The state key when r's time has come for t, else NULL. */
static const char *due_state(struct db *db, struct arena *a, const struct auto_rule *r,
                             const struct ticket *t, int64_t now, struct err *err)
{
    int64_t n = 0;
    switch (r->timing) {
    case AT_WAITING_DAYS:
        if (strcmp(t->status, "waiting") || !t->waiting_since ||
            svc_sla_workdays(db, a, t, t->waiting_since, now, &n, err) != 0 || n < r->timing_n)
            return NULL;
        return arena_printf(a, "waiting:%lld", (long long)t->waiting_since);
    case AT_UNASSIGNED_MINUTES:
        if (t->assignee_id ||
            svc_sla_minutes(db, a, t, t->created_at, now, &n, err) != 0 || n < r->timing_n)
            return NULL;
        return "unassigned";
    case AT_BEFORE_BREACH:
        if (!t->resolution_due || t->resolution_breached || t->resolution_due <= now ||
            t->resolution_due - r->timing_n * 60 > now)
            return NULL;
        return arena_printf(a, "breach:%lld", (long long)t->resolution_due);
    case AT_NONE:
        break;
    }
    return NULL;
}

static void query_for(const struct auto_rule *r, int64_t now, struct ticket_query *q)
{
    memset(q, 0, sizeof *q);
    q->scope = (struct ticket_scope){.kind = SCOPE_ALL, .bookings_all = true};
    q->sla_breached = -1;
    q->per_page = PAGE;
    q->sort = "created_at";
    switch (r->timing) {
    case AT_WAITING_DAYS:
        q->statuses[q->n_statuses++] = "waiting";
        break;
    case AT_UNASSIGNED_MINUTES:
        q->unassigned = true;
        q->statuses[q->n_statuses++] = "new";
        q->statuses[q->n_statuses++] = "in_progress";
        break;
    default:
        q->statuses[q->n_statuses++] = "new";
        q->statuses[q->n_statuses++] = "in_progress";
        q->sla_breached = 0;
        q->due_before = now + r->timing_n * 60 + 1;
        break;
    }
}

static int sweep_rule(struct db *db, struct arena *a, const struct auto_rule *r, int64_t now,
                      int64_t *fired, struct err *err)
{
    struct ticket_query q;
    query_for(r, now, &q);
    for (q.page = 1; (q.page - 1) * PAGE < MAX_SCAN; q.page++) {
        struct ticket **items;
        size_t n;
        int64_t total;
        bool capped;
        if (db_ticket_list(db, &q, a, &items, &n, &total, &capped, err) != 0)
            return err->kind;
        for (size_t i = 0; i < n; i++) {
            struct ticket *t = items[i];
            const char *state;
            if (!auto_match(&r->cond, t, now))
                continue;
            if (!(state = due_state(db, a, r, t, now, err))) {
                if (err->kind)
                    return err->kind;
                continue;
            }
            bool fresh = false;
            if (db_begin(db, err) != 0)
                return err->kind;
            /* the list was read outside the transaction: act on the row now */
            struct ticket *cur;
            int rc = db_ticket_get_id(db, t->id, a, &cur, err);
            if (rc == 0 && cur->version == t->version)
                rc = db_auto_run_add(db, r->id, t->id, state, 0, now, &fresh, err);
            if (rc == 0 && fresh)
                rc = auto_act(db, cur, r, now, NULL, err);
            if (rc != 0 || db_commit(db, err) != 0) {
                db_rollback(db);
                if (err->kind != ERR_CONFLICT)
                    return err->kind;
                err_clear(err); /* changed under us: next pass */
                continue;
            }
            *fired += fresh;
        }
        if (n < PAGE)
            break;
    }
    return 0;
}

int svc_automation_sweep(struct db *db, const struct config *cfg, int64_t now, int64_t *fired,
                         struct err *err)
{
    int64_t count = 0;
    struct arena *a = arena_new();
    struct auto_rule_row *rows;
    size_t n;
    (void)cfg;
    int rc = db_auto_rule_list(db, a, &rows, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct auto_rule r;
        if (!rows[i].enabled || strcmp(rows[i].kind, "time"))
            continue;
        if (auto_compile(db, a, &rows[i], &r, err) != 0) {
            err_clear(err); /* a reference gone since it was saved: the rule sleeps */
            continue;
        }
        rc = sweep_rule(db, a, &r, now, &count, err);
    }
    arena_free(a);
    if (fired)
        *fired = count;
    return rc;
}

int svc_automation_dry_run(struct db *db, struct arena *a, const struct auto_rule_row *row,
                           int64_t now, struct ticket ***out, size_t *n_out, size_t *scanned,
                           struct err *err)
{
    struct auto_rule r;
    if (auto_compile(db, a, row, &r, err) != 0)
        return err->kind;
    struct ticket_query q = {.scope = {.kind = SCOPE_ALL, .bookings_all = true},
                             .sla_breached = -1, .created_from = now - 7 * 86400,
                             .created_to = now + 1, .sort = "created_at", .sort_desc = true,
                             .per_page = PAGE};
    struct ticket **hits = arena_alloc(a, DRY_MAX * sizeof *hits);
    size_t k = 0;
    *scanned = 0;
    for (q.page = 1; k < DRY_MAX && (q.page - 1) * PAGE < MAX_SCAN; q.page++) {
        struct ticket **items;
        size_t n;
        int64_t total;
        bool capped;
        if (db_ticket_list(db, &q, a, &items, &n, &total, &capped, err) != 0)
            return err->kind;
        for (size_t i = 0; i < n && k < DRY_MAX; i++) {
            (*scanned)++;
            /* a trigger is judged at the moment the ticket came in */
            if (auto_match(&r.cond, items[i], r.trigger ? items[i]->created_at : now))
                hits[k++] = items[i];
        }
        if (n < PAGE)
            break;
    }
    *out = hits;
    *n_out = k;
    return 0;
}
