/* The notices of a booking (see booking_notify.h), issue #16 item 7: a
** confirmation mail with the iCalendar invite attached when it gets a time,
** a new invite (SEQUENCE + 1) when it moves, METHOD:CANCEL when it is
** cancelled, and the reminder; each in the booking's transaction as outbox
** rows (templates booking_*, editable like the others, id and en). The
** same news goes to the requester's WhatsApp number when one is known and
** WhatsApp is configured; a booking made in the WhatsApp dialogue was
** answered there already, so its confirmation is not sent twice. The
** ticket's status notices still go out with the ticket; ticket_created
** only for a request that waits for staff to give it a time: for a
** booking with a time the confirmation is the one acknowledgement. */
#include "svc/booking_notify.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/jw.h"
#include "notify/ics.h"
#include "notify/ics_json.h"
#include "store/booking_invites.h"
#include "store/channels.h"
#include "svc/booking_invite.h"
#include "svc/svc.h"

#include <string.h>

enum notice { N_CONFIRM, N_MOVED, N_CANCELLED, N_REMINDER, N_REREQUESTED };

static const char *const TEMPLATES[] = {"booking_confirmed", "booking_rescheduled",
                                        "booking_cancelled", "booking_reminder",
                                        "booking_rerequested"};

/* The requester's WhatsApp number: the one that wrote on the ticket, else
** the phone of their account; NULL when none or WhatsApp is not set up. */
static const char *wa_phone(struct db *db, struct arena *a, const struct config *cfg,
                            const struct ticket *t)
{
    if (!cfg->whatsapp_token[0] || !cfg->whatsapp_phone_number_id[0])
        return NULL;
    const char *phone = NULL;
    struct err ignore = {0};
    if (chan_wa_ticket_phone(db, t->id, a, &phone, &ignore) == 0 && phone)
        return phone;
    struct record *u;
    if (db_rec_get(db, &res_users, t->requester_id, a, &u, &ignore) != 0)
        return NULL;
    const struct value *v = &u->v[resource_field(&res_users, "phone")];
    if (v->null || !v->s || !*v->s)
        return NULL;
    char digits[32];
    wa_digits(v->s, digits, sizeof digits);
    return digits[0] ? arena_strdup(a, digits) : NULL;
}

static const char *wa_text(struct arena *a, enum notice k, const struct booking_ctx *ctx,
                           const struct booking *b, const char *date, const char *hhmm,
                           const char *zone)
{
    static const char *const lead[] = {"Pendaftaran Anda terjadwal", "Jadwal Anda berubah",
                                       "Pendaftaran Anda dibatalkan", "Pengingat jadwal",
                                       "Permintaan jadwal baru Anda tercatat; petugas akan "
                                       "menetapkan waktunya"};
    if (k == N_CANCELLED || k == N_REREQUESTED || !b->slot_start)
        return arena_printf(a, "%s: %s.", lead[k], ctx->service_name);
    const char *s = arena_printf(a, "%s: %s, %s pukul %s %s, nomor antrean %d.", lead[k],
                                 ctx->service_name, date, hhmm, zone, b->queue_number);
    if (b->meeting_url)
        s = arena_printf(a, "%s Tautan sesi: %s", s, b->meeting_url);
    return s;
}

/* given: the service's context when the caller has it loaded (NULL: load
** it); known: the requester's account when the caller has it (NULL: read). */
static int notice(struct db *db, struct arena *a, const struct config *cfg,
                  const struct booking_ctx *given, const struct user_auth *known,
                  const struct booking *b, const struct ticket *t, enum notice k, bool bump,
                  struct err *err)
{
    struct booking_ctx ctx;
    int seq = 0;
    int rc = 0;
    if (given)
        ctx = *given, ctx.form = json_incref(ctx.form); /* booking_ctx_free drops this one */
    else
        rc = booking_ctx_load(db, a, b->service_id, &ctx, err);
    if (rc == 0)
        rc = bump ? bi_bump(db, b->id, &seq, err) : bi_sequence(db, b->id, &seq, err);
    if (rc != 0) {
        booking_ctx_free(&ctx);
        return rc;
    }
    char date[11] = "", hhmm[6] = "", zone[12] = "";
    if (b->slot_start)
        booking_when(&ctx, b, date, hhmm, zone);
    /* the variables written straight as JSON text, keys sorted (jansson
    ** objects packed and dumped were a third of the writer's notice) */
    bool withdraw = k == N_CANCELLED || k == N_REREQUESTED;
    struct jw w;
    jw_init(&w, a);
    jw_obj(&w, NULL);
    jw_str(&w, "booking_date", date);
    jw_str(&w, "booking_service", ctx.service_name);
    jw_str(&w, "booking_status", b->status);
    jw_str(&w, "booking_time", hhmm);
    jw_str(&w, "booking_zone", zone);
    /* the reminder needs no invite: the confirmation carried it. The
    ** invite's fields are fixed here; the mail worker renders its text when
    ** it sends (notify/ics_json.h), outside this write transaction. */
    /* the requester, read once for the invite's attendee and the mail */
    struct user_auth who;
    struct err ignore = {0};
    const struct user_auth *requester =
        known && known->p.id == t->requester_id                     ? known
        : db_user_by_id(db, t->requester_id, a, &who, &ignore) == 0 ? &who
                                                                    : NULL;
    struct ics_event ev;
    bool ics = k != N_REMINDER &&
               (t->requester_id == b->requester_id
                    ? booking_invite_event(db, a, cfg, &ctx, b, seq, withdraw, true, requester, &ev)
                    : booking_invite_event(db, a, cfg, &ctx, b, seq, withdraw, false, NULL, &ev));
    if (ics)
        ics_event_jw(&ev, &w, "ics_event");
    else
        jw_null(&w, "ics_event");
    jw_str(&w, "ics_method", ics ? (withdraw ? "CANCEL" : "REQUEST") : NULL);
    jw_str(&w, "meeting_url", b->meeting_url);
    jw_int(&w, "queue_number", b->queue_number);
    jw_end(&w, '}');
    rc = t->requester_id ? svc_notify_text_to(db, a, cfg, t, TEMPLATES[k], requester,
                                              jw_text(&w, NULL), err)
                         : 0;
    bool answered = k == N_CONFIRM && b->channel && !strcmp(b->channel, "whatsapp");
    const char *phone = rc == 0 && !answered ? wa_phone(db, a, cfg, t) : NULL;
    if (phone)
        rc = wa_queue(db, t, t->requester_id, phone, "comment",
                      wa_text(a, k, &ctx, b, date, hhmm, zone), err);
    booking_ctx_free(&ctx);
    return rc;
}

int booking_notify_booked(struct db *db, struct arena *a, const struct config *cfg,
                          const struct booking_ctx *ctx, const struct booking *b,
                          const struct ticket *t, const struct user_auth *requester,
                          struct err *err)
{
    if (!b->slot_start)
        return 0; /* requested: ticket_created told them; the time comes later */
    return notice(db, a, cfg, ctx, requester, b, t, N_CONFIRM, false, err);
}

int booking_notify_scheduled(struct db *db, struct arena *a, const struct config *cfg,
                             const struct booking *b, const struct ticket *t, struct err *err)
{
    return notice(db, a, cfg, NULL, NULL, b, t, N_CONFIRM, false, err);
}

int booking_notify_rescheduled(struct db *db, struct arena *a, const struct config *cfg,
                               const struct booking *b, const struct ticket *t,
                               struct err *err)
{
    /* back to requested: the old time is void, so the invite is withdrawn */
    return notice(db, a, cfg, NULL, NULL, b, t, b->slot_start ? N_MOVED : N_REREQUESTED, true, err);
}

int booking_notify_cancelled(struct db *db, struct arena *a, const struct config *cfg,
                             const struct booking *b, const struct ticket *t, struct err *err)
{
    if (!b->slot_start)
        return 0; /* never had a time: no invite to withdraw; ticket_cancelled went out */
    return notice(db, a, cfg, NULL, NULL, b, t, N_CANCELLED, true, err);
}

int booking_notify_reminder(struct db *db, struct arena *a, const struct config *cfg,
                            const struct booking *b, const struct ticket *t, struct err *err)
{
    return notice(db, a, cfg, NULL, NULL, b, t, N_REMINDER, false, err);
}

int booking_notify_called(struct db *db, struct arena *a, const struct config *cfg,
                          const struct booking *b, const struct ticket *t, struct err *err)
{
    (void)db, (void)a, (void)cfg, (void)b, (void)t, (void)err;
    return 0; /* ticket_changed (in progress) went out with the status */
}
