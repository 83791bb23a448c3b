/* Merging duplicates (svc/ticket_svc.h): the duplicate is closed with a link
** to the surviving ticket; both timelines record it and the duplicate's
** history stays where it is. */
#include "svc/ticket_svc.h"
#include "svc/svc.h"

int svc_ticket_merge(struct db *db, const struct actor *who, struct arena *a, const char *number,
                     const char *into_no, struct ticket **out, struct err *err)
{
    struct ticket *dup, *into;
    const struct principal *me = &who->user->p;
    if (svc_ticket_load(db, who, a, number, &dup, err) != 0)
        return err->kind;
    struct perm_obj o = svc_ticket_perm_obj(dup);
    if (!perm_can(me, ACT_TICKET_EDIT, &o))
        return svc_ticket_forbidden(err);
    if (db_ticket_get(db, into_no, a, &into, err) != 0) {
        err_clear(err);
        return err_invalid(err, "into", "tiket tujuan tidak ditemukan", "no such ticket");
    }
    o = svc_ticket_perm_obj(into);
    if (!perm_can(me, ACT_TICKET_EDIT, &o)) {
        err_clear(err);
        return err_invalid(err, "into", "tiket tujuan tidak ditemukan", "no such ticket");
    }
    enum ticket_status ds = TS_NEW, is = TS_NEW;
    ticket_status_parse(dup->status, &ds);
    ticket_status_parse(into->status, &is);
    if (dup->id == into->id || ticket_status_final(ds) || ticket_status_final(is) ||
        into->merged_into_id)
        return err_set(err, ERR_CONFLICT, "ticket.merge_invalid",
                       "tiket hanya dapat digabung ke tiket lain yang masih terbuka",
                       "a ticket can only be merged into another open ticket");
    int64_t now = who->now;
    const char *from = dup->status;
    dup->status = "closed";
    dup->closed_at = now;
    dup->updated_at = now;
    dup->merged_into_id = into->id;
    dup->waiting_since = 0;
    into->updated_at = now;
    if (db_ticket_save(db, dup, err) != 0 || db_ticket_save(db, into, err) != 0 ||
        svc_ticket_event(db, dup, now, me->id, "merged", "merged_into", NULL, into->number, NULL,
                         false, err) != 0 ||
        svc_ticket_event(db, dup, now, me->id, "status", "status", from, "closed", NULL, false,
                         err) != 0 ||
        svc_ticket_event(db, into, now, me->id, "merged_from", "merged_from", NULL, dup->number,
                         NULL, false, err) != 0 ||
        svc_notify(db, a, who->cfg, dup, "ticket_changed", dup->requester_id,
                   json_pack("{s:s, s:s}", "old_status", from, "merged_into", into->number),
                   err) != 0 ||
        db_ticket_get(db, dup->number, a, out, err) != 0)
        return err->kind;
    return 0;
}
