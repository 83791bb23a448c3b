/* The live desk's event bus (issue #20, docs/live.md): ticket changes and
** presence, fanned out in memory to the open event streams of this node
** (GET /api/v1/events, api/events.c). Events carry ids and a kind only;
** each stream gets only the events of tickets its user may see, by the one
** visibility rule (perm_can ACT_TICKET_VIEW over svc_ticket_perm_obj), and
** internal ones only where ACT_TICKET_VIEW_INTERNAL holds.
**
** Knows neither HTTP nor the store's tables: a stream is parked and woken
** through two hooks its owner gives (a suspended connection in http/), and
** an event is released once the store generation shows the commit that
** made it (see live.c). Without live_start every call is a cheap no-op, so
** the CLI and the unit tests publish into nothing. */
#ifndef LOKET_SVC_LIVE_H
#define LOKET_SVC_LIVE_H

#include "core/err.h"
#include "core/perm.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Starts the bus over st: at most max_streams open streams on this node,
** a heartbeat comment every heartbeat_ms. 0 or a negative kind. */
int live_start(struct store *st, unsigned max_streams, unsigned heartbeat_ms, struct err *err);
/* Ends every stream (each sends what it holds, then ends; the browser
** reconnects to another node or once this one is back) and stops the bus.
** Streams may still be closed afterwards (live_sub_close); call it before
** the HTTP server waits for its requests to finish. */
void live_stop(void);
/* Streams open now. */
unsigned live_streams(void);

/* From svc_ticket_event, inside the caller's transaction: queues what
** happened to t (kind is the timeline's: created, comment, note, status,
** ...) for release once committed. */
void live_ticket_event(struct db *db, const struct ticket *t, int64_t actor, const char *kind,
                       bool internal);

enum live_presence { LIVE_VIEWING, LIVE_TYPING, LIVE_LEFT };
/* u is viewing t, typing on it, or has left; told to the staff who see t
** when it changes. A heartbeat: without another within
** LIVE_PRESENCE_TTL_MS the user counts as gone. */
enum { LIVE_PRESENCE_TTL_MS = 30000 };
void live_presence(const struct ticket *t, const struct user_auth *u, enum live_presence state);

/* ---- streams ---------------------------------------------------------- */
struct live_sub;
/* park(h) stops asking live_sub_read until wake(h); both are called with
** the bus locked, park only from inside live_sub_read, wake once per park
** from any thread. */
struct live_hooks {
    void (*park)(void *h);
    void (*wake)(void *h);
};
/* Opens a stream for p. last_id: the Last-Event-ID sent back (NULL for a
** fresh page): the events after it are replayed when this process still
** holds them, otherwise the stream starts with a "refresh" event (reload
** everything). ERR_UNAVAILABLE when the bus is off or full. The caller
** owns *out until live_sub_close. once: the stream ends when it has sent
** what there is instead of waiting (a poll: the pages' fallback). */
int live_sub_open(const struct principal *p, const char *last_id, bool once,
                  const struct live_hooks *hooks, void *h, struct live_sub **out,
                  struct err *err);
/* Writes what the stream has to send into buf (at most max bytes): > 0
** bytes, 0 after parking (nothing now), -1 at the end of the stream. */
long live_sub_read(struct live_sub *s, char *buf, size_t max);
/* Forgets the stream (its connection is gone). */
void live_sub_close(struct live_sub *s);

#endif
