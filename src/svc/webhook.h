/* Outbound webhooks (issue #22 item 3), the service side: queuing a
** delivery for every endpoint subscribed to a ticket event, in the
** transaction of the change (called from svc_ticket_event), and the
** admins' test event and redelivery. The worker that sends them is
** notify/webhooks.c; the endpoints' API is api/webhooks.c. */
#ifndef LOKET_SVC_WEBHOOK_H
#define LOKET_SVC_WEBHOOK_H

#include "store/store.h"

/* Queues one delivery per enabled endpoint subscribed to the webhook kind
** this timeline row means (core/webhook_kinds.h); nothing for rows no kind
** covers. Internal rows reach only endpoints that chose
** "ticket.internal_note". The payload carries the ticket's number, state
** and ids, the change and, for public text, the text; never contacts,
** descriptions or anything of a booking beyond its ids and state. */
int svc_webhook_event(struct db *db, const struct ticket *t, int64_t at, int64_t actor,
                      const char *kind, const char *field, const char *old_value,
                      const char *new_value, const char *body, bool internal, struct err *err);
/* Queues a "ping" to one endpoint (enabled or not: the admin asked);
** *delivery_id is the new row. ERR_NOT_FOUND webhook.not_found. */
int svc_webhook_test(struct db *db, int64_t webhook_id, int64_t actor, int64_t now,
                     int64_t *delivery_id, struct err *err);
/* Queues a delivery's payload again as a new delivery of the same endpoint
** (a new id, so receivers that remember ids see it as new).
** ERR_NOT_FOUND webhook.delivery_not_found when it is not that endpoint's. */
int svc_webhook_redeliver(struct db *db, int64_t webhook_id, int64_t delivery_id, int64_t now,
                          int64_t *new_id, struct err *err);

#endif
