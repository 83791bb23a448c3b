/* Soft delete of a ticket's attachment (issue #21 item 8, seed 001: who may
** delete attachments is set by role policy). The row and the file stay (the
** audit and a backup keep what was there); lists and downloads stop
** showing it. Who may not see the file gets "not found", who sees it but
** lacks the policy right gets "forbidden"; a reason is required and goes to
** the timeline (as an event of the same visibility as the file) and the
** audit log. */
#include "svc/attachment_delete.h"
#include "core/arena.h"
#include "store/policy.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "attachment.not_found", "lampiran tidak ditemukan",
                   "attachment not found");
}

int svc_attachment_delete(struct db *db, const struct actor *who, struct arena *a, int64_t id,
                          const char *reason, struct err *err)
{
    struct attachment at;
    struct ticket *t = NULL;
    if (db_attachment_get(db, id, a, &at, err) != 0)
        return err->kind;
    if (db_ticket_get_id(db, at.ticket_id, a, &t, err) != 0)
        return not_found(err);
    const struct principal *p = &who->user->p;
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(p, ACT_TICKET_VIEW, &o) ||
        (at.internal && !perm_can(p, ACT_TICKET_VIEW_INTERNAL, &o)))
        return not_found(err);
    if (!perm_can(p, ACT_ATTACHMENT_DELETE, &o))
        return err_set(err, ERR_FORBIDDEN, "attachment.forbidden",
                       "kebijakan peran tidak mengizinkan Anda menghapus lampiran",
                       "the role policy does not let you delete attachments");
    size_t skip = reason ? strspn(reason, " \t\r\n") : 0;
    if (!reason || !reason[skip])
        return err_invalid(err, "reason", "alasan wajib diisi", "a reason is required");
    if (strlen(reason) > ATTACHMENT_REASON_MAX)
        return err_invalid(err, "reason", "alasan paling panjang 500 karakter",
                           "the reason is at most 500 characters");
    json_t *d = json_pack("{s:s, s:s, s:s, s:I}", "ticket", t->number, "filename", at.filename,
                          "reason", reason, "size", (json_int_t)at.size);
    char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    const char *det = detail ? arena_strdup(a, detail) : NULL;
    free(detail);
    if (store_attachment_soft_delete(db, id, p->id, who->now, reason, err) != 0 ||
        svc_ticket_event(db, t, who->now, p->id, "attachment_deleted", NULL, at.filename, NULL,
                         reason, at.internal, err) != 0 ||
        db_audit_add(db, p->id, "delete", "attachments", id, det, who->ip, err) != 0)
        return err->kind;
    t->updated_at = who->now;
    return db_ticket_save(db, t, err);
}
