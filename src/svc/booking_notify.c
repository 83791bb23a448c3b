/* Minimal notices of a booking (see booking_notify.h): the ticket's own
** notices already go out (ticket_created when it is filed, the status
** notices when it is called, served or cancelled), so only a new time needs
** a word of its own here: a ticket_changed notice whose "reason" names it.
** The confirmation with an iCalendar invite, reminders and the meeting link
** replace this file's body (issue 16, item 7). */
#include "svc/booking_notify.h"
#include "core/arena.h"
#include "svc/svc.h"

#include <time.h>

static const char *when_text(struct arena *a, const struct booking *b)
{
    if (!b->slot_start)
        return arena_printf(a, "Permintaan jadwal untuk %s menunggu penetapan waktu oleh petugas.",
                            b->day);
    char hhmm[8] = "";
    time_t t = (time_t)(b->slot_start + 7 * 3600); /* WIB, as the demo's calendars */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(hhmm, sizeof hhmm, "%H:%M", &tm);
    return arena_printf(a, "Jadwal: %s pukul %s WIB, nomor antrean %d.%s%s", b->day, hhmm,
                        b->queue_number, b->meeting_url ? " Tautan pertemuan: " : "",
                        b->meeting_url ? b->meeting_url : "");
}

static int changed(struct db *db, struct arena *a, const struct config *cfg,
                   const struct booking *b, const struct ticket *t, struct err *err)
{
    return svc_notify(db, a, cfg, t, "ticket_changed", t->requester_id,
                      json_pack("{s:s}", "reason", when_text(a, b)), err);
}

int booking_notify_booked(struct db *db, struct arena *a, const struct config *cfg,
                          const struct booking *b, const struct ticket *t, struct err *err)
{
    (void)db, (void)a, (void)cfg, (void)b, (void)t, (void)err;
    return 0; /* ticket_created went out with the ticket */
}

int booking_notify_scheduled(struct db *db, struct arena *a, const struct config *cfg,
                             const struct booking *b, const struct ticket *t, struct err *err)
{
    return changed(db, a, cfg, b, t, err);
}

int booking_notify_rescheduled(struct db *db, struct arena *a, const struct config *cfg,
                               const struct booking *b, const struct ticket *t,
                               struct err *err)
{
    return changed(db, a, cfg, b, t, err);
}

int booking_notify_cancelled(struct db *db, struct arena *a, const struct config *cfg,
                             const struct booking *b, const struct ticket *t, struct err *err)
{
    (void)db, (void)a, (void)cfg, (void)b, (void)t, (void)err;
    return 0; /* ticket_cancelled went out with the status */
}

int booking_notify_called(struct db *db, struct arena *a, const struct config *cfg,
                          const struct booking *b, const struct ticket *t, struct err *err)
{
    (void)db, (void)a, (void)cfg, (void)b, (void)t, (void)err;
    return 0; /* ticket_changed (in progress) went out with the status */
}
