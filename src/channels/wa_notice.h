/* The wording of the WhatsApp notices of issue #22 item 4 (status change,
** resolution, rating request; queued by svc/wa_notify.c): the free text sent
** inside the 24-hour window, in the recipient's language, and the approved
** template (name, language, second parameter) used outside it. */
#ifndef LOKET_CHANNELS_WA_NOTICE_H
#define LOKET_CHANNELS_WA_NOTICE_H

#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>

struct arena;
struct config;

struct wa_notice {
    const char *text;          /* inside the window */
    const char *template_name; /* outside it: loket.conf whatsapp_template_* */
    const char *lang;          /* the template's language: the recipient's */
    const char *param;         /* {{2}} ({{1}} is the ticket number) */
};

/* Whether o is such a notice; if so *out is filled (strings in a). */
bool wa_notice_get(struct arena *a, const struct config *cfg, const struct outbox_row *o,
                   json_t *vars, struct wa_notice *out);

#endif
