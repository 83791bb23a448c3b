/* Time formatting helpers (UTC, ISO-8601). */
#ifndef LOKET_TIMEFMT_H
#define LOKET_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* "2026-11-22T07:30:00Z" into buf (at least 21 bytes). */
void time_fmt_iso(char *buf, size_t n, time_t t);
/* Monotonic nanoseconds, for durations. */
uint64_t time_mono_ns(void);
/* The CLOCK_REALTIME instant ms milliseconds from now, for pthread_cond_timedwait. */
struct timespec time_deadline(long ms);

#endif
