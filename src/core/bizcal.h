/* Business-time arithmetic for SLAs: working days and hours in a fixed UTC
** offset, with public holidays. Pure functions over a struct bizcal that the
** caller fills (svc/sla.c loads it from a calendar and its holidays).
** Indonesian zones (WIB/WITA/WIT) have no daylight saving time, so a zone is
** a fixed offset. Instants are unix seconds (UTC). */
#ifndef LOKET_BIZCAL_H
#define LOKET_BIZCAL_H

#include <stddef.h>
#include <stdint.h>

struct err;

struct bizcal {
    int utc_offset_min;      /* +420 for Asia/Jakarta */
    unsigned work_days;      /* bit d set = ISO weekday d works (1 = Mon .. 7 = Sun) */
    int start_min, end_min;  /* working hours, minutes after local midnight, start < end <= 1440 */
    const int32_t *holidays; /* sorted local dates as days since 1970-01-01 */
    size_t n_holidays;
};

/* Returned by bizcal_add_minutes when no working time exists within 100 years. */
#define BIZCAL_NEVER INT64_MAX

/* Fills c from the stored text: work_days "1,2,3,4,5", start "08:00", end
** "16:00". Holidays are left empty. 0, or ERR_INVALID naming the field. */
int bizcal_init(struct bizcal *c, int utc_offset_min, const char *work_days, const char *start,
                const char *end, struct err *err);
/* "2026-08-17" → local day number (days since 1970-01-01); -1 if malformed. */
int32_t bizcal_day(const char *ymd);
/* Whole business minutes in [from, to); 0 when to <= from. */
int64_t bizcal_minutes_between(const struct bizcal *c, int64_t from, int64_t to);
/* The instant at which `minutes` business minutes have passed since `from`.
** A start outside working time begins counting at the next opening; the
** result always lies inside (or at the end of) a working interval.
** minutes <= 0 returns from unchanged. BIZCAL_NEVER if unreachable. */
int64_t bizcal_add_minutes(const struct bizcal *c, int64_t from, int64_t minutes);
/* Due time of a target when the clock started at `start` and `paused`
** business minutes were spent waiting on the requester. */
int64_t bizcal_due(const struct bizcal *c, int64_t start, int64_t target_minutes,
                   int64_t paused_minutes);
/* Fixed offset of a zone name: Asia/Jakarta and Asia/Pontianak +420,
** Asia/Makassar +480, Asia/Jayapura +540, UTC 0, or "+07:00"/"-03:30".
** 0, or -1 for a name we do not know. */
int bizcal_zone_offset(const char *tz, int *offset_min);

#endif
