/* Wording of the WhatsApp status, resolution and rating notices (see
** wa_notice.h). The free text says what the approved template says, so a
** requester reads the same whichever side of the window they are on; the
** template bodies to submit to Meta are in docs/whatsapp-notifications.md. */
#include "channels/wa_notice.h"
#include "core/arena.h"
#include "core/config.h"

#include <string.h>

enum notice_kind { NK_STATUS, NK_RESOLVED, NK_RATING };

static const char *var(json_t *vars, const char *k)
{
    const char *s = json_string_value(json_object_get(vars, k));
    return s ? s : "";
}

bool wa_notice_get(struct arena *a, const struct config *cfg, const struct outbox_row *o,
                   json_t *vars, struct wa_notice *out)
{
    const char *k = o->template_key;
    enum notice_kind kind;
    if (!strcmp(k, "ticket_changed") || !strcmp(k, "ticket_closed") ||
        !strcmp(k, "ticket_cancelled"))
        kind = NK_STATUS;
    else if (!strcmp(k, "ticket_resolved"))
        kind = NK_RESOLVED;
    else if (!strcmp(k, "rating_request"))
        kind = NK_RATING;
    else
        return false;
    bool en = o->locale && !strcmp(o->locale, "en");
    const char *num = var(vars, "ticket_number"), *label = var(vars, "status_label");
    const char *summary = var(vars, "summary"), *reason = var(vars, "reason");
    out->lang = en ? "en" : "id";
    switch (kind) {
    case NK_STATUS:
        out->template_name = cfg->whatsapp_template_status;
        /* a cancellation says why */
        out->param = *reason ? arena_printf(a, "%s (%s)", label, reason) : label;
        out->text = arena_printf(a, en ? "[%s] The status of your request is now: %s."
                                       : "[%s] Status permintaan Anda kini: %s.",
                                 num, out->param);
        break;
    case NK_RESOLVED:
        out->template_name = cfg->whatsapp_template_resolved;
        out->param = *summary ? summary : "-";
        out->text = arena_printf(a, en ? "[%s] Your request has been resolved.\n%s"
                                       : "[%s] Permintaan Anda telah diselesaikan.\n%s",
                                 num, out->param);
        break;
    case NK_RATING:
        out->template_name = cfg->whatsapp_template_rating;
        out->param = var(vars, "title");
        out->text = arena_printf(
            a,
            en ? "[%s] How did we do on \"%s\"? Reply with one digit from 1 (poor) to 5 "
                 "(excellent) to rate it."
               : "[%s] Bagaimana layanan kami untuk \"%s\"? Balas dengan satu angka 1 (buruk) "
                 "sampai 5 (sangat baik) untuk menilainya.",
            num, out->param);
        break;
    }
    return true;
}
