/* iCalendar (RFC 5545) invitations of bookings, built with libical: one
** VEVENT with a UID stable per booking, SEQUENCE bumped by every change,
** DTSTART/DTEND in UTC, and METHOD:REQUEST, or METHOD:CANCEL with
** STATUS:CANCELLED when the booking is cancelled (RFC 5546), so calendar
** apps update or remove the one entry. */
#ifndef LOKET_NOTIFY_ICS_H
#define LOKET_NOTIFY_ICS_H

#include <stdbool.h>
#include <stdint.h>

struct ics_event {
    const char *uid;
    int sequence;
    bool cancel;
    int64_t start, end, stamp;       /* unix seconds (UTC); start 0: no DTSTART/DTEND */
    const char *summary, *description;
    const char *location, *url;      /* the meeting link of a virtual session, or NULL */
    const char *organizer_name, *organizer_email;
    const char *attendee_name, *attendee_email; /* NULL = none */
};

/* The VCALENDAR text with CRLF line ends (malloc'd), or NULL when libical
** fails. */
char *ics_build(const struct ics_event *e);

#endif
