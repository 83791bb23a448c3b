/* A booking invite's fields (struct ics_event) as JSON, kept in the outbox
** row's variables so that the iCalendar text is rendered by the mail
** worker when it sends, not inside the booking's write transaction
** (bench/README.md, appointments). Every value is fixed when the notice is
** queued: the sent invite is the one the booking had then. */
#ifndef LOKET_NOTIFY_ICS_JSON_H
#define LOKET_NOTIFY_ICS_JSON_H

#include <jansson.h>

struct ics_event;

/* New reference. */
json_t *ics_event_json(const struct ics_event *e);
/* The VCALENDAR text of a json made by ics_event_json (malloc'd), or NULL
** when j is not one or libical fails. */
char *ics_build_json(const json_t *j);

#endif
