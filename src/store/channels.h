/* Storage for the inbound channels (email in, WhatsApp): the record of
** received mails, WhatsApp messages in and out with their statuses, and the
** claim/finish cycle of outbox rows a channel worker sends. Functions return 0
** or a negative enum err_kind and fill err, like store.h; a driver implements
** them through the table at the end (the SQLite one: store/sqlite/channels.c). */
#ifndef LOKET_STORE_CHANNELS_H
#define LOKET_STORE_CHANNELS_H

#include "store/store.h"

struct inbound_mail {
    const char *message_id, *source, *sender, *subject, *outcome, *reason;
    int64_t received_at, ticket_id;
};

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_channel_ops {
    /* The record of an earlier delivery of message_id; ERR_NOT_FOUND if none. */
    int (*chan_mail_find)(struct db *db, const char *message_id, struct arena *a,
                          struct inbound_mail *out, struct err *err);
    /* Records a mail; ERR_CONFLICT when message_id is already recorded. */
    int (*chan_mail_record)(struct db *db, const struct inbound_mail *m, struct err *err);
    /* Active or not, the user whose email is `email` (case-insensitive); *id 0 if none. */
    int (*chan_user_by_email)(struct db *db, const char *email, int64_t *id, struct err *err);
    /* The active user whose phone, without spaces, dashes, dots or '+', is `digits`
    ** or its national form (62… → 0…); *id 0 if none. */
    int (*chan_user_by_phone)(struct db *db, const char *digits, int64_t *id, struct err *err);
    /* The id of the first active service of kind 'ticket'; *id 0 if none. */
    int (*chan_default_service)(struct db *db, int64_t *id, struct err *err);
    /* The most recently updated open ticket (new, in_progress, waiting) of the
    ** requester on `channel`; *id 0 if none. */
    int (*chan_open_ticket)(struct db *db, int64_t requester_id, const char *channel, int64_t *id,
                            struct err *err);
    /* Whether an inbound WhatsApp message id was filed already. */
    int (*chan_wa_inbound_seen)(struct db *db, const char *wamid, bool *seen, struct err *err);
    /* Records an inbound WhatsApp message; *fresh false when wamid was seen. */
    int (*chan_wa_inbound_add)(struct db *db, const char *wamid, const char *phone, int64_t sent_at,
                               const char *kind, int64_t ticket_id, bool *fresh, struct err *err);
    /* The newest inbound message time from phone; 0 if none. */
    int (*chan_wa_last_inbound)(struct db *db, const char *phone, int64_t *at, struct err *err);
    /* The number that last wrote on the ticket; *phone NULL if none. */
    int (*chan_wa_ticket_phone)(struct db *db, int64_t ticket_id, struct arena *a,
                                const char **phone, struct err *err);
    int (*chan_wa_outbound_add)(struct db *db, const char *wamid, int64_t outbox_id,
                                int64_t ticket_id, const char *phone, const char *kind, int64_t at,
                                struct err *err);
    /* A status callback: history row plus the outgoing message's latest status. */
    int (*chan_wa_status_add)(struct db *db, const char *wamid, const char *status, int64_t at,
                              const char *error, struct err *err);
    /* Claims up to max pending rows of `channel` due at `now` (status pending →
    ** sending, attempts + 1, each only if still pending), so no row is sent
    ** twice even with several workers. */
    int (*chan_outbox_claim)(struct db *db, const char *channel, int64_t now, size_t max,
                             struct arena *a, struct outbox_row **rows, size_t *n, struct err *err);
    /* Rows of `channel` left 'sending' by a process that stopped mid-send
    ** become 'failed' (they may or may not have gone out; never sent twice).
    ** With several nodes only rows whose claiming connection is gone or is
    ** this one (docs/postgresql.md, "Several nodes"). */
    int (*chan_outbox_abandon)(struct db *db, const char *channel, int *n, struct err *err);
    /* Finishes a claimed row: sent, retried at next_attempt_at (pending), or
    ** failed for good (next_attempt_at 0). */
    int (*chan_outbox_finish)(struct db *db, int64_t id, const char *status,
                              int64_t next_attempt_at, const char *error, struct err *err);
};

static inline int chan_mail_find(struct db *db, const char *message_id, struct arena *a,
                                 struct inbound_mail *out, struct err *err)
{
    return db->ops->channel->chan_mail_find(db, message_id, a, out, err);
}

static inline int chan_mail_record(struct db *db, const struct inbound_mail *m, struct err *err)
{
    return db->ops->channel->chan_mail_record(db, m, err);
}

static inline int chan_user_by_email(struct db *db, const char *email, int64_t *id, struct err *err)
{
    return db->ops->channel->chan_user_by_email(db, email, id, err);
}

static inline int chan_user_by_phone(struct db *db, const char *digits, int64_t *id,
                                     struct err *err)
{
    return db->ops->channel->chan_user_by_phone(db, digits, id, err);
}

static inline int chan_default_service(struct db *db, int64_t *id, struct err *err)
{
    return db->ops->channel->chan_default_service(db, id, err);
}

static inline int chan_open_ticket(struct db *db, int64_t requester_id, const char *channel,
                                   int64_t *id, struct err *err)
{
    return db->ops->channel->chan_open_ticket(db, requester_id, channel, id, err);
}

static inline int chan_wa_inbound_seen(struct db *db, const char *wamid, bool *seen,
                                       struct err *err)
{
    return db->ops->channel->chan_wa_inbound_seen(db, wamid, seen, err);
}

static inline int chan_wa_inbound_add(struct db *db, const char *wamid, const char *phone,
                                      int64_t sent_at, const char *kind, int64_t ticket_id,
                                      bool *fresh, struct err *err)
{
    return db->ops->channel->chan_wa_inbound_add(
        db, wamid, phone, sent_at, kind, ticket_id, fresh, err);
}

static inline int chan_wa_last_inbound(struct db *db, const char *phone, int64_t *at,
                                       struct err *err)
{
    return db->ops->channel->chan_wa_last_inbound(db, phone, at, err);
}

static inline int chan_wa_ticket_phone(struct db *db, int64_t ticket_id, struct arena *a,
                                       const char **phone, struct err *err)
{
    return db->ops->channel->chan_wa_ticket_phone(db, ticket_id, a, phone, err);
}

static inline int chan_wa_outbound_add(struct db *db, const char *wamid, int64_t outbox_id,
                                       int64_t ticket_id, const char *phone, const char *kind,
                                       int64_t at, struct err *err)
{
    return db->ops->channel->chan_wa_outbound_add(
        db, wamid, outbox_id, ticket_id, phone, kind, at, err);
}

static inline int chan_wa_status_add(struct db *db, const char *wamid, const char *status,
                                     int64_t at, const char *error, struct err *err)
{
    return db->ops->channel->chan_wa_status_add(db, wamid, status, at, error, err);
}

static inline int chan_outbox_claim(struct db *db, const char *channel, int64_t now, size_t max,
                                    struct arena *a, struct outbox_row **rows, size_t *n,
                                    struct err *err)
{
    return db->ops->channel->chan_outbox_claim(db, channel, now, max, a, rows, n, err);
}

static inline int chan_outbox_abandon(struct db *db, const char *channel, int *n, struct err *err)
{
    return db->ops->channel->chan_outbox_abandon(db, channel, n, err);
}

static inline int chan_outbox_finish(struct db *db, int64_t id, const char *status,
                                     int64_t next_attempt_at, const char *error, struct err *err)
{
    return db->ops->channel->chan_outbox_finish(db, id, status, next_attempt_at, error, err);
}

#endif
