/* The lifecycle as a table: one row per status, one bit per target. Who may
** take a transition is never decided here but asked of perm_can(). */
#include "core/ticket.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const names[TS_COUNT] = {"new",      "in_progress", "waiting",
                                            "resolved", "closed",      "cancelled"};

static const char *const labels[2][TS_COUNT] = {
    [LOC_ID] = {"Baru", "Diproses", "Menunggu Pemohon", "Selesai", "Ditutup", "Dibatalkan"},
    [LOC_EN] = {"New", "In progress", "Waiting on requester", "Resolved", "Closed", "Cancelled"},
};

#define TO(s) (1u << (s))
static const unsigned lifecycle[TS_COUNT] = {
    [TS_NEW] = TO(TS_IN_PROGRESS) | TO(TS_RESOLVED) | TO(TS_CANCELLED),
    [TS_IN_PROGRESS] = TO(TS_WAITING) | TO(TS_RESOLVED) | TO(TS_CANCELLED),
    [TS_WAITING] = TO(TS_IN_PROGRESS) | TO(TS_RESOLVED) | TO(TS_CANCELLED),
    [TS_RESOLVED] = TO(TS_CLOSED) | TO(TS_IN_PROGRESS),
    [TS_CLOSED] = 0,
    [TS_CANCELLED] = 0,
};

const char *ticket_status_name(enum ticket_status s)
{
    return (unsigned)s < TS_COUNT ? names[s] : "unknown";
}

int ticket_status_parse(const char *s, enum ticket_status *out)
{
    for (int i = 0; s && i < TS_COUNT; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum ticket_status)i;
            return 0;
        }
    return -1;
}

const char *ticket_status_label(enum ticket_status s, enum locale loc)
{
    if ((unsigned)s >= TS_COUNT)
        return "?";
    return labels[loc == LOC_EN ? LOC_EN : LOC_ID][s];
}

bool ticket_transition_valid(enum ticket_status from, enum ticket_status to)
{
    return (unsigned)from < TS_COUNT && (unsigned)to < TS_COUNT && (lifecycle[from] & TO(to));
}

enum action ticket_transition_action(enum ticket_status from, enum ticket_status to)
{
    if (to == TS_CANCELLED)
        return ACT_TICKET_CANCEL;
    if (from == TS_RESOLVED && to == TS_IN_PROGRESS)
        return ACT_TICKET_REOPEN;
    if (from == TS_RESOLVED && to == TS_CLOSED)
        return ACT_TICKET_CLOSE;
    return ACT_TICKET_WORK;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* err_set() shares one argument list between the two languages, but the
** labels differ per language, so each message is formatted with its own. */
static int status_error(struct err *err, enum err_kind kind, const char *code,
                        enum ticket_status from, enum ticket_status to)
{
    const char *id_from = ticket_status_label(from, LOC_ID);
    const char *id_to = ticket_status_label(to, LOC_ID);
    const char *en_from = ticket_status_label(from, LOC_EN);
    const char *en_to = ticket_status_label(to, LOC_EN);
    err_set(err, kind, code, "", "");
    if (kind == ERR_CONFLICT) {
        snprintf(err->msg[LOC_ID], sizeof err->msg[LOC_ID],
                 "Status tiket tidak dapat diubah dari %s ke %s", id_from, id_to);
        snprintf(err->msg[LOC_EN], sizeof err->msg[LOC_EN],
                 "The ticket status cannot change from %s to %s", en_from, en_to);
    } else {
        snprintf(err->msg[LOC_ID], sizeof err->msg[LOC_ID],
                 "Anda tidak berhak mengubah status tiket dari %s ke %s", id_from, id_to);
        snprintf(err->msg[LOC_EN], sizeof err->msg[LOC_EN],
                 "You may not change the ticket status from %s to %s", en_from, en_to);
    }
    return kind;
}

int ticket_transition_check(const struct principal *u, const struct perm_obj *o,
                            enum ticket_status from, enum ticket_status to, const char *summary,
                            const char *reason, struct err *err)
{
    if (!ticket_transition_valid(from, to))
        return status_error(err, ERR_CONFLICT, "ticket.invalid_transition", from, to);
    enum action a = ticket_transition_action(from, to);
    if (!perm_can(u, a, o))
        return status_error(err, ERR_FORBIDDEN, "ticket.forbidden_transition", from, to);
    /* a booking's place is freed or used up by the booking's own moves
    ** (svc/booking.c): cancelled and resolved go through them */
    if (o && o->booking && (to == TS_CANCELLED || to == TS_RESOLVED))
        return err_set(err, ERR_CONFLICT, "ticket.is_booking",
                       "tiket ini janji temu: batalkan atau tandai dilayani lewat janji temunya",
                       "this ticket is a booking: cancel it or mark it served through the "
                       "booking");
    if (to == TS_RESOLVED && blank(summary))
        return err_invalid(err, "summary", "tuliskan ringkasan penyelesaian",
                           "write a resolution summary");
    if (to == TS_CANCELLED && blank(reason))
        return err_invalid(err, "reason", "tuliskan alasan pembatalan",
                           "give the reason for cancelling");
    return 0;
}

bool ticket_auto_transition_valid(enum ticket_status from, enum ticket_status to)
{
    return (from == TS_WAITING && to == TS_IN_PROGRESS) ||
           (from == TS_RESOLVED && to == TS_CLOSED);
}

bool ticket_sla_running(enum ticket_status s)
{
    return s == TS_NEW || s == TS_IN_PROGRESS;
}

bool ticket_status_final(enum ticket_status s)
{
    return s == TS_CLOSED || s == TS_CANCELLED;
}
