/* WhatsApp copies of the requester's ticket notices (see svc/wa_notify.h).
** Nothing is sent here: an outbox row with channel 'whatsapp' is written in
** the caller's transaction and the WhatsApp sender (channels/wa_send.c)
** posts it, free text inside the 24-hour window and the approved template
** outside it (channels/wa_notice.c words both). */
#include "svc/wa_notify.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/ticket.h"
#include "store/channels.h"
#include "store/wa_notify.h"
#include "svc/actor.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

bool svc_wa_channel_valid(const char *c)
{
    return c && (!strcmp(c, "auto") || !strcmp(c, "email") || !strcmp(c, "whatsapp") ||
                 !strcmp(c, "both"));
}

/* The notices WhatsApp carries: status changes, the resolution, the rating
** request. Comments go their own way (channels_public_comment). */
static bool carried(const char *key)
{
    return !strcmp(key, "ticket_changed") || !strcmp(key, "ticket_resolved") ||
           !strcmp(key, "ticket_closed") || !strcmp(key, "ticket_cancelled") ||
           !strcmp(key, "rating_request");
}

/* The number to write to: the user's chosen one, else the one the
** WhatsApp ticket came from, else the account's. NULL if none. */
static int find_phone(struct db *db, struct arena *a, const struct ticket *t,
                      const struct wa_pref *pref, const char **out, struct err *err)
{
    if (pref->phone && *pref->phone) {
        *out = pref->phone;
        return 0;
    }
    return wa_requester_phone(db, a, t, out, err);
}

int svc_wa_notify(struct db *db, struct arena *a, const struct config *cfg,
                  const struct ticket *t, const char *template_key, int64_t user_id,
                  json_t *extra, bool *mail, struct err *err)
{
    *mail = true;
    /* no WhatsApp number of the office's: mail as before */
    if (!cfg->whatsapp_notify || !cfg->whatsapp_phone_number_id[0] || !user_id ||
        user_id != t->requester_id || !carried(template_key))
        return 0;
    struct wa_pref pref;
    if (db_wa_pref_get(db, user_id, a, &pref, err) != 0)
        return err->kind;
    bool by_wa = !strcmp(pref.channel, "whatsapp") || !strcmp(pref.channel, "both") ||
                 (!strcmp(pref.channel, "auto") && t->channel && !strcmp(t->channel, "whatsapp"));
    if (!by_wa)
        return 0;
    struct user_auth u;
    struct err ignore = {0};
    if (db_user_by_id(db, user_id, a, &u, &ignore) != 0 || !u.p.active)
        return 0;
    const char *phone;
    if (find_phone(db, a, t, &pref, &phone, err) != 0)
        return err->kind;
    if (!phone)
        return 0; /* no number: mail as before */
    /* WhatsApp alone: no mail of these notices, even those skipped below */
    *mail = strcmp(pref.channel, "whatsapp") != 0;
    /* rated by the requester (here or by a WhatsApp digit): the thanks
    ** already said it is closed */
    if (!strcmp(template_key, "ticket_closed") && t->rating)
        return 0;
    /* "ticket_changed" also reports edits of other fields (no old_status):
    ** only a change of status goes to WhatsApp */
    const char *old = json_string_value(json_object_get(extra, "old_status"));
    if (!strcmp(template_key, "ticket_changed") && (!old || !strcmp(old, t->status)))
        return 0;
    enum locale loc = u.locale && !strcmp(u.locale, "en") ? LOC_EN : LOC_ID;
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    json_t *vars = json_pack("{s:s, s:s, s:s, s:s}", "ticket_number", t->number, "title",
                             t->title ? t->title : "", "status", t->status, "status_label",
                             ticket_status_label(st, loc));
    const char *k;
    json_t *v;
    json_object_foreach(extra, k, v) /* old_status, summary, reason */
        json_object_set(vars, k, v);
    char *text = json_dumps(vars, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(vars);
    int64_t now = (int64_t)time(NULL);
    struct outbox_row o = {.ticket_id = t->id, .recipient_id = user_id, .recipient = phone,
                           .channel = "whatsapp", .template_key = template_key,
                           .locale = loc == LOC_EN ? "en" : "id", .vars = text,
                           .created_at = now};
    int rc = text ? db_outbox_add(db, &o, err)
                  : err_set(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    free(text);
    if (rc != 0)
        return rc;
    /* the number's next digit rates this ticket (channels/wa_rating.c) */
    if (!strcmp(template_key, "rating_request")) {
        struct wa_pending p = {.ticket_id = t->id, .state = "rating", .since = now};
        if (db_wa_pending_put(db, phone, &p, err) != 0)
            return err->kind;
    }
    return 0;
}

int svc_ticket_feedback(struct db *db, const struct actor *who, struct arena *a,
                        const char *number, const char *feedback, struct err *err)
{
    struct ticket *t;
    if (svc_ticket_load(db, who, a, number, &t, err) != 0)
        return err->kind;
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(&who->user->p, ACT_TICKET_RATE, &o))
        return svc_ticket_forbidden(err);
    if (strcmp(t->status, "closed") != 0 || !t->rating || (t->feedback && *t->feedback))
        return err_set(err, ERR_CONFLICT, "ticket.invalid_transition",
                       "masukan hanya dapat ditambahkan pada penilaian tanpa masukan",
                       "feedback can only be added to a rating without one");
    if (!feedback || !*feedback)
        return err_invalid(err, "feedback", "masukan kosong", "feedback is empty");
    t->feedback = arena_strdup(a, feedback);
    t->updated_at = who->now;
    if (db_ticket_save(db, t, err) != 0 ||
        svc_ticket_event(db, t, who->now, who->user->p.id, "rating", "feedback", NULL, NULL,
                         t->feedback, false, err) != 0)
        return err->kind;
    return 0;
}
