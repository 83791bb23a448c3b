/* WhatsApp Business Cloud API: filing the webhook's signed deliveries (its
** HTTP handlers are api/whatsapp.c), the queue of outgoing messages and the
** sender worker started by `loket serve`. */
#ifndef LOKET_CHANNELS_WHATSAPP_H
#define LOKET_CHANNELS_WHATSAPP_H

#include "app/app.h"
#include "store/store.h"

#include <stddef.h>

struct arena;
struct config;
struct wa_payload;

/* Files a delivery read by wa_payload_read (its signature already checked):
** the media of messages not filed before are fetched first, outside any
** transaction; then, in one transaction, each new message opens or
** continues a ticket (or goes to the booking dialogue) with its media
** attached, and the statuses are recorded. The workers are woken for the
** answers queued. 0, or a negative kind with err filled and nothing kept. */
int wa_delivery_file(struct db *db, const struct config *cfg, struct arena *a,
                     const struct wa_payload *pl, struct err *err);

/* Whether sig ("sha256=<hex>") is the HMAC-SHA256 of body under secret,
** compared in constant time. */
bool wa_signature_ok(const char *secret, const void *body, size_t len, const char *sig);
/* Digits only; a national 0-prefixed number becomes 62… (out[n]). */
void wa_digits(const char *phone, char *out, size_t n);
/* Queues one message (kind "comment", "ticket_created" or "dialog": the
** text as it is) about t to phone. */
int wa_queue(struct db *db, const struct ticket *t, int64_t recipient_id, const char *phone,
             const char *kind, const char *text, struct err *err);
/* Queues a dialogue answer (template "dialog": the text as it is) to the
** number `digits`; ticket_id 0 when it is about none. */
int wa_queue_text(struct db *db, int64_t uid, int64_t ticket_id, const char *digits,
                  const char *text, struct err *err);

/* The number to write to about t: the one that last wrote on it by
** WhatsApp, else the requester's account's (as digits); NULL if none. */
int wa_requester_phone(struct db *db, struct arena *a, const struct ticket *t,
                       const char **phone, struct err *err);

/* The sender worker: claims 'whatsapp' outbox rows and posts them. */
int wa_sender_start(struct app *app, struct err *err);
void wa_sender_stop(void);
/* One pass over due rows at `now` (for the worker and tests); returns the
** number of rows handled. */
int wa_send_due(struct db *db, const struct config *cfg, int64_t now);

#endif
