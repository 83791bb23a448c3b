/* Invites and reminders of bookings (see booking_invite.h). */
#include "svc/booking_invite.h"
#include "core/arena.h"
#include "core/config.h"
#include "notify/ics.h"
#include "notify/mime.h"
#include "store/booking_invites.h"
#include "svc/booking_notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t start_of(const struct booking *b)
{
    return b->estimated_at ? b->estimated_at : b->slot_start;
}

void booking_when(const struct booking_ctx *ctx, const struct booking *b, char date[11],
                  char hhmm[6], char zone[12])
{
    int off = ctx->cal.utc_offset_min;
    time_t t = (time_t)(start_of(b) + off * 60);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, 11, "%d-%m-%Y", &tm);
    strftime(hhmm, 6, "%H.%M", &tm);
    if (off == 420 || off == 480 || off == 540)
        snprintf(zone, 12, "%s", off == 420 ? "WIB" : off == 480 ? "WITA" : "WIT");
    else
        snprintf(zone, 12, "UTC%c%02d:%02d", off < 0 ? '-' : '+', (abs(off) / 60) % 24,
                 abs(off) % 60);
}

bool booking_invite_event(struct db *db, struct arena *a, const struct config *cfg,
                          const struct booking_ctx *ctx, const struct booking *b, int seq,
                          bool cancel, bool looked, const struct user_auth *requester,
                          struct ics_event *out)
{
    if (!b->slot_start && !cancel)
        return false;
    struct user_auth u = {0};
    struct err ignore = {0};
    if (!looked)
        requester = db_user_by_id(db, b->requester_id, a, &u, &ignore) == 0 ? &u : NULL;
    else if (requester)
        u = *requester;
    bool who = requester && u.email && !strstr(u.email, ".invalid");
    char from[320], domain[256] = "localhost";
    mime_bare_addr(cfg->mail_from, from, sizeof from);
    const char *at = strchr(from, '@');
    if (at && at[1])
        snprintf(domain, sizeof domain, "%s", at + 1);
    char date[11] = "", hhmm[6] = "", zone[12] = "";
    if (b->slot_start)
        booking_when(ctx, b, date, hhmm, zone);
    int64_t start = start_of(b);
    *out = (struct ics_event){
        .uid = arena_printf(a, "booking-%lld@%s", (long long)b->id, domain),
        .sequence = seq,
        .cancel = cancel,
        .start = start,
        .end = start ? start + (ctx->sch.slot_minutes > 0 ? ctx->sch.slot_minutes : 15) * 60 : 0,
        .stamp = b->updated_at ? b->updated_at : (int64_t)time(NULL),
        .summary = b->queue_number
                       ? arena_printf(a, "%s (antrean %d)", ctx->service_name, b->queue_number)
                       : ctx->service_name,
        .description = arena_printf(a, "Nomor pendaftaran %s.%s%s %s %s%s%s\n%s/#/tickets/%s",
                                    b->ticket_number ? b->ticket_number : "",
                                    start ? " Perkiraan waktu " : "", date, hhmm, zone,
                                    b->meeting_url ? " Tautan sesi: " : "",
                                    b->meeting_url ? b->meeting_url : "", cfg->base_url,
                                    b->ticket_number ? b->ticket_number : ""),
        .location = b->meeting_url ? b->meeting_url : cfg->org_name,
        .url = b->meeting_url,
        .organizer_name = cfg->org_name,
        .organizer_email = from,
        .attendee_name = who ? u.name : NULL,
        .attendee_email = who ? u.email : NULL,
    };
    return true;
}

int booking_invite_text(struct db *db, struct arena *a, const struct config *cfg,
                        const struct booking_ctx *ctx, const struct booking *b, int seq,
                        bool cancel, char **out, struct err *err)
{
    struct ics_event e;
    *out = NULL;
    if (!booking_invite_event(db, a, cfg, ctx, b, seq, cancel, false, NULL, &e))
        return 0;
    char *text = ics_build(&e);
    if (!text)
        return err_set(err, ERR_INTERNAL, "internal", "undangan kalender gagal dibuat",
                       "cannot build the calendar invite");
    *out = arena_strdup(a, text);
    free(text);
    return 0;
}

int booking_invite_current(struct db *db, struct arena *a, const struct config *cfg,
                           const struct booking *b, char **out, struct err *err)
{
    struct booking_ctx ctx;
    int seq = 0, rc = booking_ctx_load(db, a, b->service_id, &ctx, err);
    bool cancel = !strcmp(b->status, "cancelled") || !strcmp(b->status, "no_show");
    if (rc == 0 && (rc = bi_sequence(db, b->id, &seq, err)) == 0)
        rc = booking_invite_text(db, a, cfg, &ctx, b, seq, cancel && b->slot_start, out, err);
    booking_ctx_free(&ctx);
    if (rc == 0 && !*out)
        rc = err_set(err, ERR_CONFLICT, "booking.unscheduled",
                     "pemesanan ini belum mendapat waktu", "this booking has no time yet");
    return rc;
}

int booking_remind_due(struct db *db, const struct config *cfg, int64_t now, int *sent,
                       struct err *err)
{
    *sent = 0;
    if (cfg->appointment_reminder_minutes <= 0)
        return 0;
    struct arena *a = arena_new();
    int64_t *ids;
    size_t n;
    int rc = bi_reminders_due(db, now, now + cfg->appointment_reminder_minutes * 60, 100, a,
                              &ids, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bool fresh = false;
        struct booking *b;
        struct ticket *t;
        if ((rc = db_begin(db, err)) != 0)
            break;
        if ((rc = bi_mark_reminded(db, ids[i], now, &fresh, err)) == 0 && fresh &&
            (rc = bk_get(db, ids[i], a, &b, err)) == 0 &&
            (rc = db_ticket_get_id(db, b->ticket_id, a, &t, err)) == 0 &&
            (rc = booking_notify_reminder(db, a, cfg, b, t, err)) == 0)
            (*sent)++;
        if (rc == 0)
            rc = db_commit(db, err);
        if (rc != 0) {
            db_rollback(db);
            if (rc == ERR_CONFLICT) { /* changed under us: the next pass sees it */
                err_clear(err);
                rc = 0;
            }
        }
    }
    arena_free(a);
    return rc;
}
