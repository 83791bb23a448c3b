/* The WhatsApp booking dialogue on the webhook (see wa_booking.c). */
#ifndef LOKET_CHANNELS_WA_BOOKING_H
#define LOKET_CHANNELS_WA_BOOKING_H

#include "channels/wa_payload.h"

#include <stdbool.h>
#include <stdint.h>

struct intake;

/* Offers one inbound message (from digits; uid its account or 0) to the
** booking dialogue inside the webhook's transaction. *handled true when it
** was the dialogue's (a keyword, or an open dialogue): the reply is queued
** and the message recorded; false leaves it to the ticket intake. */
int wa_booking_handle(struct intake *in, const struct wa_msg *m, const char *digits,
                      int64_t uid, bool *handled);

#endif
