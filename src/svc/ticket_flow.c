/* Status follows the work (svc/ticket_flow.h, issue #20 item 1). Before,
** taking, answering and escalating left a ticket "Baru", so the new queue
** never emptied and a ticket worked by three agents jumped from Baru to
** Selesai on its timeline. The move is the ordinary one (svc_status_move):
** a status event by the agent and, as for any staff move out of "new", the
** first response; the requester's "ticket changed" mail only when nothing
** else tells them (taking it). */
#include "svc/ticket_flow.h"
#include "core/ticket.h"
#include "svc/inapp_notify.h"
#include "svc/svc.h"

#include <string.h>

int svc_ticket_work_begins(struct db *db, struct arena *a, const struct config *cfg,
                           struct ticket *t, const struct principal *by, bool tell,
                           int64_t now, struct err *err)
{
    if (!by || (by->role != ROLE_AGENT && by->role != ROLE_ADMIN) || t->booking ||
        strcmp(t->status, "new") != 0)
        return 0;
    struct perm_obj o = svc_ticket_perm_obj(t);
    struct err refused = {0};
    /* not allowed by the lifecycle or to this agent: the work stands, the status stays */
    if (ticket_transition_check(by, &o, TS_NEW, TS_IN_PROGRESS, NULL, NULL, &refused) != 0)
        return 0;
    if (tell)
        return svc_status_apply(db, a, cfg, t, TS_IN_PROGRESS, by, NULL, NULL, now, err);
    /* no mail of its own, and no bell either: the reply or escalation rings */
    svc_inapp_quiet(true);
    int rc = svc_status_move(db, a, t, TS_IN_PROGRESS, by, NULL, NULL, now, err);
    svc_inapp_quiet(false);
    return rc;
}

int svc_ticket_reply_as(struct db *db, const struct actor *who, struct arena *a,
                        struct ticket *t, const char *body, bool internal,
                        const struct status_change *in, struct ticket **out, struct err *err)
{
    if (svc_ticket_comment(db, who, a, t, body, internal, NULL, err) != 0)
        return err->kind;
    if (!strcmp(t->status, ticket_status_name(in->to)))
        return db_ticket_get(db, t->number, a, out, err);
    return svc_ticket_transition(db, who, a, t->number, in, out, err);
}
