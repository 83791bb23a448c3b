/* Moving a ticket on (svc/ticket_svc.h): the transitions core/ticket.c
** allows (resolve, cancel, reopen, close, accept, ...) and rating, which
** closes a resolved ticket. The side effects are svc_status_apply's. The
** live desk rules (desk_rules.h) may let an agent close and may ask for a
** tag before resolving. */
#include "svc/ticket_svc.h"
#include "core/arena.h"
#include "svc/desk_rules.h"
#include "svc/svc.h"
#include "svc/ticket_flow.h"

#include <stdio.h>
#include <string.h>

int svc_ticket_transition(struct db *db, const struct actor *who, struct arena *a,
                          const char *number, const struct status_change *in,
                          struct ticket **out, struct err *err)
{
    struct ticket *t;
    if (svc_ticket_load(db, who, a, number, &t, err) != 0)
        return err->kind;
    enum ticket_status from = TS_NEW;
    ticket_status_parse(t->status, &from);
    struct perm_obj o = svc_ticket_perm_obj(t);
    struct desk_rules rules = desk_rules_get(db, who->cfg, a);
    struct principal p = who->user->p;
    p.agent_close = rules.agent_close;
    if (ticket_transition_check(&p, &o, from, in->to, in->summary, in->reason, err) != 0)
        return err->kind;
    /* checked after the transition itself, so a refused move says why first */
    if (in->to == TS_RESOLVED && rules.tag_before_resolve && t->n_tags == 0)
        return err_invalid(err, "tags", "beri tiket ini sedikitnya satu tag sebelum diselesaikan",
                           "tag this ticket before resolving it");
    /* resolving is work too: a new ticket goes through in_progress, so the
    ** timeline never jumps from Baru to Selesai (issue #20, svc/ticket_flow.h) */
    if (svc_reject_code_check(db, who, a, t, in, err) != 0 ||
        (in->to == TS_RESOLVED && svc_ticket_work_begins(db, a, who->cfg, t, &who->user->p, false,
                                                         who->now, err) != 0) ||
        svc_status_apply(db, a, who->cfg, t, in->to, &who->user->p,
                         in->summary ? arena_strdup(a, in->summary) : NULL,
                         in->reason ? arena_strdup(a, in->reason) : NULL, who->now, err) != 0 ||
        svc_reject_code_record(db, who, t, in, err) != 0 ||
        db_ticket_get(db, t->number, a, out, err) != 0)
        return err->kind;
    return 0;
}

int svc_ticket_rate(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    int score, const char *feedback, struct ticket **out, struct err *err)
{
    struct ticket *t;
    if (svc_ticket_load(db, who, a, number, &t, err) != 0)
        return err->kind;
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(&who->user->p, ACT_TICKET_RATE, &o))
        return svc_ticket_forbidden(err);
    if (strcmp(t->status, "resolved") != 0)
        return err_set(err, ERR_CONFLICT, "ticket.invalid_transition",
                       "hanya tiket berstatus Selesai yang dapat dinilai",
                       "only resolved tickets can be rated");
    t->rating = score;
    t->feedback = feedback && *feedback ? arena_strdup(a, feedback) : NULL;
    char sc[4];
    snprintf(sc, sizeof sc, "%d", t->rating);
    if (svc_ticket_event(db, t, who->now, who->user->p.id, "rating", "rating", NULL, sc,
                         t->feedback, false, err) != 0 ||
        svc_status_apply(db, a, who->cfg, t, TS_CLOSED, &who->user->p, NULL, NULL, who->now,
                         err) != 0 ||
        db_ticket_get(db, t->number, a, out, err) != 0)
        return err->kind;
    return 0;
}
