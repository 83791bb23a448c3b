/* Attaching a file to a ticket from the API (svc/ticket_svc.h): who may (as
** a comment or an internal note), which files the ticket's service takes
** (svc/attachment_rule.h), and the row with its timeline event. Sniffing
** the content type and moving the bytes are the caller's. */
#include "svc/ticket_svc.h"
#include "core/arena.h"
#include "core/filetype.h"
#include "svc/attachment_rule.h"
#include "svc/svc.h"

#include <string.h>

int svc_ticket_may_attach(const struct actor *who, const struct ticket *t, int internal,
                          struct err *err)
{
    struct perm_obj o = svc_ticket_perm_obj(t);
    bool pub = internal <= 0 && perm_can(&who->user->p, ACT_TICKET_COMMENT, &o);
    bool note = internal != 0 && perm_can(&who->user->p, ACT_TICKET_NOTE_INTERNAL, &o);
    if (!pub && !note)
        return err_set(err, ERR_FORBIDDEN, "ticket.forbidden",
                       "Anda tidak berhak melampirkan berkas pada tiket ini",
                       "you may not attach files to this ticket");
    if (!strcmp(t->status, "closed") || !strcmp(t->status, "cancelled"))
        return err_set(err, ERR_CONFLICT, "ticket.closed", "tiket sudah ditutup",
                       "the ticket is closed");
    return 0;
}

int svc_ticket_attach(struct db *db, const struct actor *who, struct arena *a,
                      struct ticket *t, const struct attachment_rule *rule,
                      struct attachment *at, struct err *err)
{
    if ((size_t)at->size > rule->max_bytes)
        return err_set(err, ERR_TOO_LARGE, "upload.too_large", "berkas melebihi batas %zu MB",
                       "the file exceeds the %zu MB limit", rule->max_bytes / (1024 * 1024));
    const char *mime = at->content_type, *ext = NULL;
    if (!filetype_allowed(mime, rule->types, &ext))
        return err_set(err, ERR_UNSUPPORTED, "upload.type",
                       "jenis berkas tidak diizinkan (%s); yang diizinkan: %s",
                       "file type not allowed (%s); allowed: %s", mime ? mime : "?",
                       rule->types);
    char name[256];
    filetype_clean_name(at->filename, name, sizeof name);
    if (!filetype_name_matches(name, ext))
        return err_set(err, ERR_UNSUPPORTED, "upload.type_mismatch",
                       "isi berkas (%s) tidak sesuai dengan namanya (%s)",
                       "the file's content (%s) does not match its name (%s)", mime, name);
    at->filename = arena_strdup(a, name);
    at->ticket_id = t->id;
    at->uploader_id = who->user->p.id;
    at->created_at = who->now;
    if (db_attachment_add(db, at, err) != 0 ||
        svc_ticket_event(db, t, who->now, who->user->p.id, "attachment", NULL, NULL,
                         at->filename, arena_printf(a, "%lld", (long long)at->id), at->internal,
                         err) != 0)
        return err->kind;
    t->updated_at = who->now;
    return db_ticket_save(db, t, err);
}
