/* WhatsApp Business Cloud API: the webhook handlers (verification and
** signed deliveries), the queue of outgoing messages and the sender worker
** started by `loket serve`. */
#ifndef LOKET_CHANNELS_WHATSAPP_H
#define LOKET_CHANNELS_WHATSAPP_H

#include "app/app.h"
#include "store/store.h"

#include <stddef.h>

struct config;
struct req;

/* GET /api/v1/channels/whatsapp/webhook: echoes hub.challenge as text/plain
** when hub.mode is subscribe and hub.verify_token matches; else 403. */
int api_whatsapp_verify(struct req *rq);
/* POST /api/v1/channels/whatsapp/webhook: X-Hub-Signature-256 over the raw
** body checked first (401 when missing or wrong); then messages open or
** continue tickets, media are fetched and attached, statuses recorded. */
int api_whatsapp_receive(struct req *rq);

/* Whether sig ("sha256=<hex>") is the HMAC-SHA256 of body under secret,
** compared in constant time. */
bool wa_signature_ok(const char *secret, const void *body, size_t len, const char *sig);
/* Digits only; a national 0-prefixed number becomes 62… (out[n]). */
void wa_digits(const char *phone, char *out, size_t n);
/* Queues one message (kind "comment" or "ticket_created") to phone. */
int wa_queue(struct db *db, const struct ticket *t, int64_t recipient_id, const char *phone,
             const char *kind, const char *text, struct err *err);

/* The sender worker: claims 'whatsapp' outbox rows and posts them. */
int wa_sender_start(struct app *app, struct err *err);
void wa_sender_stop(void);
/* One pass over due rows at `now` (for the worker and tests); returns the
** number of rows handled. */
int wa_send_due(struct db *db, const struct config *cfg, int64_t now);

#endif
