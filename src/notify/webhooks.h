/* The webhook worker (issue #22 item 3): a thread of `loket serve` that
** sends the queued webhook deliveries (store/webhook.h). Each is a POST of
** its JSON payload with X-Loket-Event, X-Loket-Delivery, X-Loket-Timestamp
** and X-Loket-Signature (notify/webhook_sign.h). A 2xx answer delivers it;
** anything else, or no answer within webhook_timeout_ms, is retried with
** exponential backoff (webhook_backoff_ms doubling) up to
** webhook_max_attempts, then the delivery is 'failed'. An endpoint gets its
** deliveries one at a time in order: a later one waits while an earlier one
** is still being retried. A receiver that hangs holds only this thread, up
** to the timeout; requests only ever write rows. Unlike mail, a delivery
** cut off by a stop is sent again at the next start (receivers can tell a
** repeat by X-Loket-Delivery). */
#ifndef LOKET_NOTIFY_WEBHOOKS_H
#define LOKET_NOTIFY_WEBHOOKS_H

#include "core/err.h"

struct config;
struct store;
struct webhooks;

/* The part of a receiver's answer kept with the delivery; how long finished
** deliveries are kept (pruned once an hour). */
enum { WEBHOOK_RESPONSE_MAX = 512, WEBHOOK_KEEP_DAYS = 30 };

/* Starts the worker thread. Returns 0 or ERR_INTERNAL. */
int webhooks_start(struct store *st, const struct config *cfg, struct webhooks **out,
                   struct err *err);
/* Stops it (waits for the delivery in flight, at most the timeout); NULL is fine. */
void webhooks_stop(struct webhooks *w);

#endif
