/* Day-by-day walk over working intervals. A three-year span is ~1,100
** iterations of integer arithmetic plus a binary search per day, which is
** cheap next to the database work around it. */
#include "core/bizcal.h"
#include "core/err.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DAY = 86400, MAX_DAYS = 366 * 100 };

/* floor division for negative instants (before 1970 in local time) */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool holiday(const struct bizcal *c, int64_t day)
{
    size_t lo = 0, hi = c->n_holidays;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->holidays[mid] == day)
            return true;
        if (c->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static bool workday(const struct bizcal *c, int64_t day)
{
    int iso = (int)(((day % 7) + 7 + 3) % 7) + 1; /* 1970-01-01 was a Thursday (4) */
    return (c->work_days >> iso & 1u) && !holiday(c, day);
}

static bool usable(const struct bizcal *c)
{
    return (c->work_days & 0xFEu) && c->start_min >= 0 && c->end_min <= 1440 &&
           c->start_min < c->end_min;
}

int64_t bizcal_minutes_between(const struct bizcal *c, int64_t from, int64_t to)
{
    if (to <= from || !usable(c))
        return 0;
    int64_t off = (int64_t)c->utc_offset_min * 60, lf = from + off, lt = to + off;
    int64_t secs = 0;
    for (int64_t day = floor_div(lf, DAY); day * DAY < lt; day++) {
        if (!workday(c, day))
            continue;
        int64_t a = day * DAY + c->start_min * 60, b = day * DAY + c->end_min * 60;
        if (a < lf)
            a = lf;
        if (b > lt)
            b = lt;
        if (b > a)
            secs += b - a;
    }
    return secs / 60;
}

int64_t bizcal_add_minutes(const struct bizcal *c, int64_t from, int64_t minutes)
{
    if (minutes <= 0)
        return from;
    if (!usable(c))
        return BIZCAL_NEVER;
    int64_t off = (int64_t)c->utc_offset_min * 60, cur = from + off;
    int64_t left = minutes * 60;
    int64_t day = floor_div(cur, DAY);
    for (int i = 0; i < MAX_DAYS; i++, day++) {
        if (!workday(c, day))
            continue;
        int64_t a = day * DAY + c->start_min * 60, b = day * DAY + c->end_min * 60;
        if (cur > a)
            a = cur;
        if (b <= a)
            continue;
        if (left <= b - a)
            return a + left - off;
        left -= b - a;
    }
    return BIZCAL_NEVER;
}

int64_t bizcal_due(const struct bizcal *c, int64_t start, int64_t target_minutes,
                   int64_t paused_minutes)
{
    return bizcal_add_minutes(c, start, target_minutes + paused_minutes);
}

/* Days from civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int32_t bizcal_day(const char *ymd)
{
    int y, m, d;
    char tail;
    if (!ymd || strlen(ymd) != 10 || sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        m < 1 || m > 12 || d < 1 || d > 31 || y < 1970 || y > 9999)
        return -1;
    return (int32_t)days_from_civil(y, (unsigned)m, (unsigned)d);
}

static int parse_hhmm(const char *s, int *out)
{
    int h, m;
    char tail;
    if (!s || strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 ||
        h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
        return -1;
    *out = h * 60 + m;
    return 0;
}

int bizcal_init(struct bizcal *c, int utc_offset_min, const char *work_days, const char *start,
                const char *end, struct err *err)
{
    memset(c, 0, sizeof *c);
    c->utc_offset_min = utc_offset_min;
    for (const char *p = work_days ? work_days : ""; *p; p++) {
        if (*p >= '1' && *p <= '7')
            c->work_days |= 1u << (*p - '0');
        else if (*p != ',' && *p != ' ')
            return err_invalid(err, "work_days", "hari kerja harus 1–7", "working days must be 1–7");
    }
    if (!c->work_days)
        return err_invalid(err, "work_days", "tidak ada hari kerja", "no working days");
    if (parse_hhmm(start, &c->start_min) != 0)
        return err_invalid(err, "work_start", "jam mulai harus HH:MM", "start must be HH:MM");
    if (parse_hhmm(end, &c->end_min) != 0 || c->end_min <= c->start_min)
        return err_invalid(err, "work_end", "jam selesai harus HH:MM setelah jam mulai",
                           "end must be HH:MM after the start");
    return 0;
}

int bizcal_zone_offset(const char *tz, int *offset_min)
{
    static const struct {
        const char *name;
        int offset;
    } zones[] = {
        {"Asia/Jakarta", 420}, {"Asia/Pontianak", 420}, {"Asia/Makassar", 480},
        {"Asia/Jayapura", 540}, {"WIB", 420},           {"WITA", 480},
        {"WIT", 540},          {"UTC", 0},              {"Etc/UTC", 0},
        {"Asia/Singapore", 480}, {"Asia/Kuala_Lumpur", 480},
    };
    for (size_t i = 0; tz && i < sizeof zones / sizeof zones[0]; i++)
        if (strcmp(tz, zones[i].name) == 0) {
            *offset_min = zones[i].offset;
            return 0;
        }
    int h, m;
    char sign, tail;
    if (tz && strlen(tz) == 6 && sscanf(tz, "%c%2d:%2d%c", &sign, &h, &m, &tail) == 3 &&
        (sign == '+' || sign == '-') && h <= 14 && m < 60) {
        *offset_min = (sign == '-' ? -1 : 1) * (h * 60 + m);
        return 0;
    }
    return -1;
}
