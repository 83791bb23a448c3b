/* Comments and internal notes (svc/ticket_svc.h) from the API and the
** channels alike; the rule itself is svc_comment_allowed/svc_comment_apply
** (svc/ticket.c). */
#include "svc/ticket_svc.h"
#include "channels/intake.h"
#include "svc/svc.h"

#include <string.h>

int svc_ticket_comment(struct db *db, const struct actor *who, struct arena *a,
                       struct ticket *t, const char *body, bool internal, struct ticket **out,
                       struct err *err)
{
    bool web = !who->channel || !strcmp(who->channel, "web");
    if (!who->user || !svc_comment_allowed(&who->user->p, t, internal)) {
        /* worded for whoever sent the mail or message, or for an API caller */
        if (!web)
            return err_set(err, ERR_FORBIDDEN, "ticket.forbidden",
                           "pengirim tidak berhak mengomentari tiket ini",
                           "the sender may not comment on this ticket");
        return svc_ticket_forbidden(err);
    }
    if (svc_comment_apply(db, a, who->cfg, t, who->user, body, internal, who->now, err) != 0)
        return err->kind;
    /* A WhatsApp ticket's requester gets the reply on WhatsApp. */
    if (!internal &&
        channels_public_comment(db, a, who->cfg, t, who->user->p.id, body, err) != 0)
        return err->kind;
    if (out && db_ticket_get(db, t->number, a, out, err) != 0)
        return err->kind;
    return 0;
}
