/* The ticket service: every rule of filing and working a ticket (who may,
** what is valid, version checks, timeline events, notifications, SLA), for
** any caller that can name an actor (svc/actor.h): the API handlers, the
** channel intake (mail-in, IMAP, WhatsApp), the CLI, the unit tests. Each
** function runs inside the caller's transaction and returns 0 or a negative
** err_kind with err filled as the API answers it (code, message, fields);
** the caller parses its input into the plain structs below and writes its
** own reply. *out is the ticket as the store reads it after the change. */
#ifndef LOKET_SVC_TICKET_SVC_H
#define LOKET_SVC_TICKET_SVC_H

#include "svc/actor.h"

/* Ticket `number` as who may see it: ERR_NOT_FOUND ticket.not_found when it
** does not exist or is not visible to who (the two look the same). */
int svc_ticket_load(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    struct ticket **out, struct err *err);

/* ---- filing (svc/ticket_create.c) ---------------------------------------- */

/* The channels a ticket may be recorded on, NULL-terminated. */
extern const char *const svc_ticket_channels[];

/* A priority as a caller named it: by id, by code, or by something that is
** neither (PRIO_BAD, always unknown). */
struct prio_ref {
    enum { PRIO_NONE, PRIO_ID, PRIO_CODE, PRIO_BAD } kind;
    int64_t id;
    const char *code;
};
/* The priority's id; 0 for PRIO_NONE, -1 when unknown. */
int64_t svc_priority_find(struct db *db, struct arena *a, const struct prio_ref *p,
                          struct err *err);

/* The caller a request is recorded for, when not given by id: looked up by
** NIP, e-mail or phone (in that order), else registered as a requester
** from `rec` (the caller's parse of the whole object as a user record; `bad`
** why that parse failed, reported only if it comes to registering). */
struct requester_ref {
    const char *nip, *email, *phone, *name;
    struct record *rec;
    const struct err *bad;
    bool registered; /* out: rec was created (its id set), for the caller's audit */
};

struct ticket_new {
    /* lengths checked by the caller's parser */
    const char *title, *description, *contact_name, *contact_phone;
    int64_t service_id; /* a channel actor files on the channel's service */
    struct prio_ref priority;
    /* Staff recording a request for a caller: the requester is requester_id
    ** (when requester_id_given) or found/registered from `requester` (NULL:
    ** none given), the ticket's channel is `channel` (NULL: phone).
    ** Otherwise the ticket is who's own. */
    bool for_other;
    const char *channel;
    bool requester_id_given;
    int64_t requester_id;
    struct requester_ref *requester;
};
/* What can be refused before the store is read: filing for someone else
** (403 ticket.forbidden) and an unknown channel (a field problem added to
** err, kind left to the caller so it can gather its own). For a handler
** that answers this before queueing the write. */
int svc_ticket_create_check(const struct actor *who, const struct ticket_new *in,
                            struct err *err);
/* Files a ticket: the check above, the service (active, of kind ticket),
** priority (given, else the service's), requester, then svc_ticket_open with
** a "channel" event when staff recorded it for someone or a channel brought
** it. */
int svc_ticket_create(struct db *db, const struct actor *who, struct arena *a,
                      const struct ticket_new *in, struct ticket **out, struct err *err);

/* ---- comments (svc/ticket_comment.c) ------------------------------------- */

/* who's comment (internal: a note) on t, loaded by the caller: refused with
** ERR_FORBIDDEN ticket.forbidden (worded for the API, or for the sender of a
** mail or message) when who may not, then svc_comment_apply, then the
** WhatsApp copy of a public reply (channels_public_comment). body must
** outlive the transaction. */
int svc_ticket_comment(struct db *db, const struct actor *who, struct arena *a,
                       struct ticket *t, const char *body, bool internal, struct ticket **out,
                       struct err *err);

#endif
