/* Filing what arrives by a channel (email, WhatsApp) as tickets, comments
** and attachments with the same rules as the API: numbering, SLA, timeline,
** permissions, the waiting → in_progress move on the requester's reply, the
** notifications, the upload type/size rules. Runs inside the caller's
** transaction; no HTTP. Attachment files are written before the commit and
** listed so intake_discard() can remove them if the caller rolls back. */
#ifndef LOKET_CHANNELS_INTAKE_H
#define LOKET_CHANNELS_INTAKE_H

#include "store/store.h"

#include <stddef.h>

struct config;

struct intake {
    struct db *db;
    struct arena *a;
    const struct config *cfg;
    struct err *err;
    const char *channel; /* the road: "email" or "whatsapp" (the actor's channel) */
    const char *files[64]; /* attachment files written so far */
    size_t n_files;
};

/* Opens a ticket on `channel` for the requester (created_by the requester):
** service cfg->channel_service_id or the first active ticket service; its
** category and priority; SLA; "created" and "channel" events; the
** ticket_created notification. *out is the saved ticket as ticket_get reads it. */
int intake_ticket(struct intake *in, const char *channel, int64_t requester_id,
                  const char *title, const char *description, struct ticket **out);
/* A public comment by author_id on t with the API's permission rule
** (ERR_FORBIDDEN ticket.forbidden) and closed check (ERR_CONFLICT
** ticket.closed); staff answering counts as first response; the requester
** answering a waiting ticket moves it to in_progress; the other side is
** notified (new_comment) and a WhatsApp ticket's requester gets staff replies. */
int intake_comment(struct intake *in, struct ticket *t, int64_t author_id, const char *body);
/* Stores one attachment by uploader_id when its content type (libmagic)
** and size pass the upload rules. Returns 0 when stored, 1 when refused
** (*why says which rule, in English, for the record), negative on error. */
int intake_attach(struct intake *in, struct ticket *t, int64_t uploader_id, const char *filename,
                  const void *data, size_t len, const char **why);
/* Registers a requester without a password; email NULL gets a placeholder.
** The account is one still to be identified (svc/identity.h), by e-mail
** when email is given, else by WhatsApp. */
int intake_requester(struct intake *in, const char *name, const char *email, const char *phone,
                     int64_t *id);
/* Removes the attachment files written (after a rollback). */
void intake_discard(struct intake *in);

/* Called for every public comment (API or channel): when t came by WhatsApp
** and the author is not its requester, queues the reply as an outbox row
** with channel 'whatsapp' in the caller's transaction. */
int channels_public_comment(struct db *db, struct arena *a, const struct config *cfg,
                            const struct ticket *t, int64_t author_id, const char *body,
                            struct err *err);

#endif
