/* Background work of the channels inside `loket serve`: the WhatsApp
** sender (when whatsapp_token and whatsapp_phone_number_id are set) and the
** IMAP poller (when imap_url is set), each on its own thread. */
#ifndef LOKET_CHANNELS_CHANNELS_H
#define LOKET_CHANNELS_CHANNELS_H

#include "app/app.h"
#include "core/err.h"

struct db;

/* Starts the configured workers; 0 or a negative kind. */
int channels_start(struct app *app, struct err *err);
/* Stops them (waits for a transfer in progress to end). */
void channels_stop(void);
/* Wakes the workers now rather than at their next second: the webhook
** calls it after queuing the booking dialogue's answer, so it goes at once. */
void channels_wake(void);

/* One IMAP poll: fetches unseen messages of cfg->imap_url and files each
** like `loket mail-in`; a temporary failure marks the message unseen again
** so the next poll retries it. Returns the number of messages handled, -1
** when the mailbox could not be read. */
int imap_poll_once(struct db *db, const struct config *cfg);

#endif
