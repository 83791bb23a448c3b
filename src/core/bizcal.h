/* Business-time arithmetic for SLAs: working days and hours in a fixed UTC
** offset, with public holidays. Pure functions over a struct bizcal that the
** caller fills (svc/sla.c loads it from a calendar and its holidays); no I/O,
** no globals, no time zone database. Indonesian zones (WIB/WITA/WIT) have no
** daylight saving time, so a zone is a fixed offset.
**
** Instants are unix seconds (UTC). Working time is, on every local day whose
** ISO weekday is in work_days and which is not a holiday, the half-open
** interval [start_min, end_min) of local time. Hours that cross midnight
** (night shifts) are not supported.
**
** Cost: every function is O(log n_holidays + holidays inside the span + 7);
** whole weeks are skipped arithmetically, so a target of a year (525600
** minutes) or of centuries costs the same as one of an hour.
**
** Range: instants are meaningful within +-BIZCAL_RANGE seconds of the epoch
** (about 2.2 million years). bizcal_minutes_between clamps instants to that
** range; bizcal_add_minutes returns BIZCAL_NEVER for a start or result
** outside it. No input, however large, overflows. */
#ifndef LOKET_BIZCAL_H
#define LOKET_BIZCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;

struct bizcal {
    int utc_offset_min;      /* +420 for Asia/Jakarta; |offset| < 24 h */
    unsigned work_days;      /* bit d set = ISO weekday d works (1 = Mon .. 7 = Sun) */
    int start_min, end_min;  /* working hours, minutes after local midnight, start < end <= 1440 */
    const int32_t *holidays; /* sorted ascending local dates, days since 1970-01-01; duplicates
                                and dates on non-working weekdays are harmless; not owned */
    size_t n_holidays;
};

/* "No such instant": returned by bizcal_add_minutes, bizcal_due and
** bizcal_next_open when the calendar has no working time at all (work_days
** empty, or hours not start < end) or the result lies beyond BIZCAL_RANGE.
** It compares later than every real instant, so a due time of BIZCAL_NEVER
** is simply never breached. */
static const int64_t BIZCAL_NEVER = INT64_MAX;
static const int64_t BIZCAL_RANGE = INT64_C(1) << 46;

/* Fills c from the stored text fields: work_days "1,2,3,4,5" (ISO weekdays
** 1-7, comma separated, spaces and repeats tolerated), start "08:00" and end
** "16:00" (HH:MM, end may be "24:00", start < end), and a UTC offset in
** minutes (|offset| <= 14 h, see bizcal_zone_offset). Holidays are left
** empty; the caller points c->holidays at its own sorted array.
** Returns 0, or ERR_INVALID with the field ("work_days", "work_start",
** "work_end" or "timezone") named in err. An empty work_days is refused here,
** so a calendar built by bizcal_init always has working time. */
int bizcal_init(struct bizcal *c, int utc_offset_min, const char *work_days, const char *start,
                const char *end, struct err *err);

/* "2026-08-17" -> local day number (days since 1970-01-01), for
** c->holidays. Strict YYYY-MM-DD, a real calendar date, years 1970-9999.
** Returns -1 if malformed, out of range or NULL. */
int32_t bizcal_day(const char *ymd);

/* Whether local day `day` (days since 1970-01-01) is a working day: its
** ISO weekday works and it is not a holiday. */
bool bizcal_workday(const struct bizcal *c, int32_t day);

/* Whole business minutes in [from, to): the working seconds in that span,
** divided by 60 and rounded down. 0 when to <= from, and 0 for a calendar
** without working time. */
int64_t bizcal_minutes_between(const struct bizcal *c, int64_t from, int64_t to);

/* The earliest instant t >= from with bizcal_minutes_between(c, from, t) ==
** minutes. So a start outside working time begins counting at the next
** opening, and for minutes > 0 the result lies inside working time or
** exactly at a closing time (15:00 + 60 min is 16:00 today, not 08:00
** tomorrow); seconds of `from` are kept. minutes <= 0 returns from unchanged
** (use bizcal_next_open to move an instant to working time).
** BIZCAL_NEVER when the calendar has no working time or the result is out of
** range. */
int64_t bizcal_add_minutes(const struct bizcal *c, int64_t from, int64_t minutes);

/* Due time of a target when the clock started at `start` and `paused`
** business minutes were spent waiting on the requester:
** bizcal_add_minutes(c, start, target + paused). Negative target or paused
** count as 0; a sum too large to represent gives BIZCAL_NEVER. */
int64_t bizcal_due(const struct bizcal *c, int64_t start, int64_t target_minutes,
                   int64_t paused_minutes);

/* t itself when t is inside working time, else the next opening (an instant
** exactly at closing time is outside). BIZCAL_NEVER when there is none. */
int64_t bizcal_next_open(const struct bizcal *c, int64_t t);

/* Fixed offset in minutes east of UTC for a zone name: Asia/Jakarta and
** Asia/Pontianak (WIB) +420, Asia/Makassar (WITA) +480, Asia/Jayapura (WIT)
** +540, UTC 0, a few neighbours, or a literal "+07:00" / "-03:30" (at most
** 14:00). Names are case-sensitive, as in the tz database.
** Returns 0 and sets *offset_min, or ERR_MALFORMED (-1) for anything else,
** leaving *offset_min untouched. */
int bizcal_zone_offset(const char *tz, int *offset_min);

#endif
