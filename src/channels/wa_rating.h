/* Rating by WhatsApp reply (issue #22 item 4; see wa_rating.c). */
#ifndef LOKET_CHANNELS_WA_RATING_H
#define LOKET_CHANNELS_WA_RATING_H

#include "channels/wa_payload.h"

#include <stdbool.h>
#include <stdint.h>

struct intake;

/* Offers one inbound message (from digits; uid its account or 0) to a
** pending rating request or feedback, inside the webhook's transaction.
** *handled true when it rated the ticket or became the rating's feedback
** (the thanks is queued and the message recorded); false leaves it to the
** ticket intake as any message. */
int wa_rating_handle(struct intake *in, const struct wa_msg *m, const char *digits, int64_t uid,
                     bool *handled);

#endif
