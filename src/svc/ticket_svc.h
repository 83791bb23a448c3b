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

#include "core/ticket.h"
#include "svc/actor.h"

/* Ticket `number` as who may see it: ERR_NOT_FOUND ticket.not_found when it
** does not exist or is not visible to who (the two look the same). */
int svc_ticket_load(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    struct ticket **out, struct err *err);

/* One timeline event on t by actor (0: the system). */
int svc_ticket_event(struct db *db, const struct ticket *t, int64_t at, int64_t actor,
                     const char *kind, const char *field, const char *old_value,
                     const char *new_value, const char *body, bool internal, struct err *err);
/* The same for an event given whole (one with a target: an escalation). */
int svc_ticket_event_x(struct db *db, const struct ticket *t, const struct ticket_event *e,
                       struct err *err);
/* ERR_FORBIDDEN ticket.forbidden, worded for an API caller. */
int svc_ticket_forbidden(struct err *err);

/* ---- filing (svc/ticket_create.c) ---------------------------------------- */

/* The channels a ticket may be recorded on, NULL-terminated
** (svc/ticket_channels.c, apart so the fuzzed rule reader links alone). */
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

/* ---- status (svc/ticket_status.c) --------------------------------------- */

/* POST /tickets/{n}/transition: to with its summary (resolving) or reason
** (cancelling), as core's ticket_transition_check allows who. */
struct status_change {
    enum ticket_status to;
    const char *summary, *reason;
    /* staff cancelling: a rejection reason code (svc/ticket_reject.c); NULL = none */
    const char *reason_code;
};
int svc_ticket_transition(struct db *db, const struct actor *who, struct arena *a,
                          const char *number, const struct status_change *in,
                          struct ticket **out, struct err *err);
/* svc/ticket_reject.c (issue #21): in->reason_code, when given, must go
** with cancelling by staff (not the ticket's own requester) and name an
** active reject-reasons code (422 naming reason_code otherwise); recorded
** as a public "reject_code" event. */
int svc_reject_code_check(struct db *db, const struct actor *who, struct arena *a,
                          const struct ticket *t, const struct status_change *in,
                          struct err *err);
int svc_reject_code_record(struct db *db, const struct actor *who, const struct ticket *t,
                           const struct status_change *in, struct err *err);
/* The requester's 1-5 stars (and feedback) on a resolved ticket, which
** closes it. */
int svc_ticket_rate(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    int score, const char *feedback, struct ticket **out, struct err *err);

/* ---- who handles it (svc/ticket_assign.c) -------------------------------- */

/* Assigns the ticket to agent assignee_id; take (or assignee_id == who) is
** taking it oneself (ACT_TICKET_TAKE instead of ACT_TICKET_ASSIGN). */
int svc_ticket_assign(struct db *db, const struct actor *who, struct arena *a,
                      const char *number, bool take, int64_t assignee_id, struct ticket **out,
                      struct err *err);
/* Escalation to tier 2 (a unit, target = unit id) or 3 (a vendor): the
** reason is an internal event unless public. */
struct escalation {
    int tier;
    int64_t target;
    const char *reason;
    bool public;
};
int svc_ticket_escalate(struct db *db, const struct actor *who, struct arena *a,
                        const char *number, const struct escalation *in, struct ticket **out,
                        struct err *err);

/* ---- editing (svc/ticket_edit.c) ----------------------------------------- */

/* One member of an edit as the caller read it: absent, null, or a value
** (s and len for text, i for an id); bad when of the wrong type. */
struct edit_value {
    bool given, null, bad;
    const char *s;
    size_t len;
    int64_t i;
};
struct ticket_edit {
    bool version_given, version_bad; /* the version the editor saw */
    int64_t version;
    const char *const *unknown; /* members that cannot be changed here */
    size_t n_unknown;
    struct edit_value title, description, contact_name, contact_phone, priority_id, service_id,
        category_id;
    const char *priority_code; /* a priority by code, instead of priority_id */
    bool tags_given, tags_bad; /* bad: not a list */
    const char *const *tags;   /* names; NULL for one that is not text */
    size_t n_tags;
};
/* Staff edit (ACT_TICKET_EDIT, else 403 ticket.forbidden; a stale version
** 409 ticket.stale); every change is a "field" (or "tags") event, and the
** requester is told (ticket_changed). */
int svc_ticket_edit(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    const struct ticket_edit *in, struct ticket **out, struct err *err);

/* ---- attachments (svc/ticket_attach.c) ---------------------------------- */

/* Whether who may attach to t: as a public comment, as an internal note, or
** (internal < 0, before the caller knows which) either way: 403
** ticket.forbidden; a closed or cancelled ticket 409 ticket.closed. */
int svc_ticket_may_attach(const struct actor *who, const struct ticket *t, int internal,
                          struct err *err);
struct attachment_rule;
/* Files at (size, content_type as sniffed, the filename given, internal,
** sha256, stored_name) on t when the rule takes it (413 upload.too_large,
** 415 upload.type, 415 upload.type_mismatch): the name cleaned, the row,
** an "attachment" event, t saved. */
int svc_ticket_attach(struct db *db, const struct actor *who, struct arena *a,
                      struct ticket *t, const struct attachment_rule *rule,
                      struct attachment *at, struct err *err);

/* ---- merging (svc/ticket_merge.c) ---------------------------------------- */

/* Closes ticket number as a duplicate of ticket `into`; *out is the duplicate. */
int svc_ticket_merge(struct db *db, const struct actor *who, struct arena *a, const char *number,
                     const char *into, struct ticket **out, struct err *err);

#endif
