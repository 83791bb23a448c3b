/* Event ids of the live stream (GET /api/v1/events, svc/live.c): "E.S",
** the serving process's epoch E and the event's sequence number S, both
** decimal. A browser sends the last one back (Last-Event-ID) when it
** reconnects; the epoch tells an id of this process from one of a process
** that ran before (or of another node), whose sequence means nothing here. */
#ifndef LOKET_CORE_LIVE_ID_H
#define LOKET_CORE_LIVE_ID_H

#include <stddef.h>
#include <stdint.h>

/* Longest id written: two 20-digit numbers, the dot and the NUL. */
enum { LIVE_ID_MAX = 42 };

/* Parses s ("E.S", each 1..20 digits, no sign, blank or overflow).
** Returns 0 and sets *epoch and *seq, or -1 (nothing set) for anything
** else, NULL and "" included. */
int live_id_parse(const char *s, uint64_t *epoch, uint64_t *seq);
/* Writes "E.S" into out (LIVE_ID_MAX bytes); returns its length. */
size_t live_id_format(char out[LIVE_ID_MAX], uint64_t epoch, uint64_t seq);

#endif
