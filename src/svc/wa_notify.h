/* WhatsApp notifications (issue #22 item 4; docs/whatsapp-notifications.md):
** a requester whose ticket came by WhatsApp, or who chose WhatsApp, is told
** of status changes, the resolution and the rating request there, in
** addition to or instead of mail; a rating request leaves the number
** waiting for a digit (channels/wa_rating.c reads the answer). */
#ifndef LOKET_SVC_WA_NOTIFY_H
#define LOKET_SVC_WA_NOTIFY_H

#include "store/store.h"

#include <jansson.h>

struct actor;
struct arena;
struct config;

/* Called by svc_notify before it writes the mail row, in the caller's
** transaction: queues the WhatsApp copy of a status notice, resolution or
** rating request to t's requester when their choice (store/wa_notify.h)
** asks for one, and says in *mail whether the mail should still go (false
** only when they chose WhatsApp alone and a number was found). Other
** templates and recipients: *mail true, nothing queued. extra is borrowed. */
int svc_wa_notify(struct db *db, struct arena *a, const struct config *cfg,
                  const struct ticket *t, const char *template_key, int64_t user_id,
                  json_t *extra, bool *mail, struct err *err);

/* The requester adds the comment of a rating already given (a WhatsApp
** reply after rating by digit): only on a closed, rated ticket without
** feedback yet, by whoever may rate it; recorded on the timeline. */
int svc_ticket_feedback(struct db *db, const struct actor *who, struct arena *a,
                        const char *number, const char *feedback, struct err *err);

/* The choices a user may make ("auto", "email", "whatsapp", "both"). */
bool svc_wa_channel_valid(const char *channel);

#endif
