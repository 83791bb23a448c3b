/* Rating by WhatsApp reply (issue #22 item 4). A rating request sent by
** WhatsApp (svc/wa_notify.c) leaves the number waiting for a digit: a reply
** wa_rating_parse reads as 1-5 rates the still resolved ticket through the
** same rule as the web (svc_ticket_rate: the requester's permission, only a
** resolved ticket, then closed), and is thanked. The next text within
** wa_dialog_minutes becomes the rating's feedback (svc_ticket_feedback).
** Anything else, and a digit when nothing awaits a rating, is an ordinary
** message for the intake. Runs inside the webhook's transaction. */
#include "channels/intake.h"
#include "channels/wa_rating.h"
#include "channels/wa_rating_parse.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "store/channels.h"
#include "store/wa_notify.h"
#include "svc/actor.h"
#include "svc/ticket_svc.h"
#include "svc/wa_notify.h"

#include <string.h>
#include <time.h>

/* A refusal by the ticket rules (the ticket moved on, the sender may not
** rate it): the message is then an ordinary one, not a failed delivery. */
static bool refused(int kind)
{
    return kind == ERR_NOT_FOUND || kind == ERR_FORBIDDEN || kind == ERR_CONFLICT ||
           kind == ERR_INVALID;
}

static const char *thanks_rating(struct arena *a, bool en, const char *num, int score)
{
    return arena_printf(a,
                        en ? "Thank you for rating request %s (%d/5). If you wish, reply with "
                             "a few words on how we could do better."
                           : "Terima kasih atas penilaian Anda untuk permintaan %s (%d/5). Bila "
                             "berkenan, balas pesan ini dengan saran atau masukan Anda.",
                        num, score);
}

static const char *thanks_feedback(bool en)
{
    return en ? "Thank you, your feedback has been recorded."
              : "Terima kasih, masukan Anda telah kami catat.";
}

int wa_rating_handle(struct intake *in, const struct wa_msg *m, const char *digits, int64_t uid,
                     bool *handled)
{
    struct db *db = in->db;
    struct err *err = in->err;
    *handled = false;
    struct wa_pending p;
    if (!uid || db_wa_pending_get(db, digits, in->a, &p, err) != 0)
        return uid ? err->kind : 0;
    if (!p.ticket_id)
        return 0;
    const char *text = m->text ? m->text : "";
    int score = m->media_id ? 0 : wa_rating_parse(text, strlen(text));
    bool feedback = !strcmp(p.state, "feedback");
    int64_t now = (int64_t)time(NULL);
    if (!feedback && !score)
        return 0; /* the rating still waits; this is an ordinary message */
    struct wa_pending none = {0};
    if (feedback && (score || m->media_id || !*text ||
                     now - p.since > in->cfg->wa_dialog_minutes * 60))
        return db_wa_pending_put(db, digits, &none, err); /* no feedback after all */
    struct user_auth u;
    struct ticket *t;
    if (db_user_by_id(db, uid, in->a, &u, err) != 0 ||
        db_ticket_get_id(db, p.ticket_id, in->a, &t, err) != 0) {
        if (!refused(err->kind))
            return err->kind;
        err_clear(err);
        return db_wa_pending_put(db, digits, &none, err);
    }
    struct actor who = {.user = &u, .channel = "whatsapp", .cfg = in->cfg, .now = now};
    bool en = u.locale && !strcmp(u.locale, "en");
    int rc;
    const char *reply;
    struct wa_pending next = {0};
    if (!feedback) {
        struct ticket *out;
        rc = svc_ticket_rate(db, &who, in->a, t->number, score, NULL, &out, err);
        reply = thanks_rating(in->a, en, t->number, score);
        next = (struct wa_pending){.ticket_id = t->id, .state = "feedback", .since = now};
    } else {
        rc = svc_ticket_feedback(db, &who, in->a, t->number, text, err);
        reply = thanks_feedback(en);
    }
    if (rc != 0) {
        if (!refused(rc))
            return rc;
        log_msg(LOG_INFO, "whatsapp %s: not taken as a rating of %s: %s", m->wamid, t->number,
                err->msg[LOC_EN]);
        err_clear(err);
        return db_wa_pending_put(db, digits, &none, err);
    }
    bool fresh;
    if (db_wa_pending_put(db, digits, &next, err) != 0 ||
        wa_queue_text(db, uid, t->id, digits, reply, err) != 0 ||
        chan_wa_inbound_add(db, m->wamid, digits, m->at, m->kind, t->id, &fresh, err) != 0)
        return err->kind;
    *handled = true;
    return 0;
}
