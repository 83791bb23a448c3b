/* A booking invite's fields (struct ics_event) as JSON, kept in the outbox
** row's variables so that the iCalendar text is rendered by the mail
** worker when it sends, not inside the booking's write transaction
** (bench/README.md, appointments). Every value is fixed when the notice is
** queued: the sent invite is the one the booking had then. */
#ifndef LOKET_NOTIFY_ICS_JSON_H
#define LOKET_NOTIFY_ICS_JSON_H

#include <jansson.h>

struct ics_event;

struct jw;

/* The event written as member `key` of w (an object, keys sorted). */
void ics_event_jw(const struct ics_event *e, struct jw *w, const char *key);
/* The VCALENDAR text of such an object, parsed back (malloc'd), or NULL
** when j is not one or libical fails. */
char *ics_build_json(const json_t *j);

#endif
