/* Business-time arithmetic. Everything works in "local seconds" (unix
** seconds plus the calendar's offset), where local day d is the span
** [d * DAY, (d + 1) * DAY). Long spans are never walked minute by minute or
** day by day: the working days in a range of days are counted as whole weeks
** times the working weekdays, plus the leftover days, minus the holidays in
** the range that fall on working weekdays (found by binary search). */
#include "core/bizcal.h"
#include "core/err.h"

#include <stdbool.h>
#include <string.h>

enum { DAY = 86400 };

/* ------------------------------------------------------------------------
** Calendar helpers
*/

/* Floor division (b > 0): local days before 1970 have negative numbers and
** must still start at midnight. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

static int64_t clamp(int64_t t)
{
    return t < -BIZCAL_RANGE ? -BIZCAL_RANGE : t > BIZCAL_RANGE ? BIZCAL_RANGE : t;
}

/* ISO weekday 1..7 of a local day; 1970-01-01 (day 0) was a Thursday. */
static int iso_weekday(int64_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7) + 1;
}

static unsigned week_mask(const struct bizcal *c)
{
    return c->work_days & 0xFEu;
}

static int64_t per_week(const struct bizcal *c)
{
    int64_t n = 0;
    for (unsigned m = week_mask(c); m; m &= m - 1)
        n++;
    return n;
}

static bool works_on_weekday(const struct bizcal *c, int64_t day)
{
    return (week_mask(c) >> iso_weekday(day)) & 1u;
}

/* A calendar with some working time whose arithmetic cannot overflow. A
** struct filled by hand may violate what bizcal_init guarantees. */
static bool usable(const struct bizcal *c)
{
    return week_mask(c) && c->start_min >= 0 && c->start_min < c->end_min &&
           c->end_min <= 1440 && c->utc_offset_min > -1440 && c->utc_offset_min < 1440;
}

/* Index of the first holiday >= day. */
static size_t holiday_lower_bound(const struct bizcal *c, int64_t day)
{
    size_t lo = 0, hi = c->holidays ? c->n_holidays : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool is_holiday(const struct bizcal *c, int64_t day)
{
    size_t i = holiday_lower_bound(c, day);
    return c->holidays && i < c->n_holidays && c->holidays[i] == day;
}

static bool is_workday(const struct bizcal *c, int64_t day)
{
    return works_on_weekday(c, day) && !is_holiday(c, day);
}

bool bizcal_workday(const struct bizcal *c, int32_t day)
{
    return is_workday(c, day);
}

/* Distinct holidays in days [d0, d1) that fall on a working weekday (the
** others take nothing away). */
static int64_t holidays_in(const struct bizcal *c, int64_t d0, int64_t d1)
{
    int64_t n = 0;
    size_t n_holidays = c->holidays ? c->n_holidays : 0;
    for (size_t i = holiday_lower_bound(c, d0); i < n_holidays && c->holidays[i] < d1; i++) {
        if (i > 0 && c->holidays[i] == c->holidays[i - 1])
            continue;
        if (works_on_weekday(c, c->holidays[i]))
            n++;
    }
    return n;
}

/* Working days in days [d0, d1). */
static int64_t workdays_in(const struct bizcal *c, int64_t d0, int64_t d1)
{
    if (d1 <= d0)
        return 0;
    int64_t weeks = (d1 - d0) / 7, n = weeks * per_week(c);
    for (int64_t d = d0 + weeks * 7; d < d1; d++)
        n += works_on_weekday(c, d);
    return n - holidays_in(c, d0, d1);
}

/* Working seconds of local day `day` that lie inside [lo, hi). */
static int64_t overlap(const struct bizcal *c, int64_t day, int64_t lo, int64_t hi)
{
    if (!is_workday(c, day))
        return 0;
    int64_t a = day * DAY + c->start_min * 60, b = day * DAY + c->end_min * 60;
    if (a < lo)
        a = lo;
    if (b > hi)
        b = hi;
    return b > a ? b - a : 0;
}

/* The k-th working day (k >= 1) counting from day d inclusive, or
** BIZCAL_NEVER past the range. While more than a week's worth remains, whole
** weeks are skipped; each skip can only be shortened by the holidays inside
** it, and every holiday is looked at once, so this ends after
** O(holidays passed + 7) steps. */
static int64_t nth_workday(const struct bizcal *c, int64_t d, int64_t k)
{
    int64_t pw = per_week(c), last = BIZCAL_RANGE / DAY + 2;
    while (k > pw) {
        int64_t weeks = (k - 1) / pw;
        if (weeks * 7 > last - d) /* the k-th working day lies beyond these weeks */
            return BIZCAL_NEVER;
        k -= weeks * pw - holidays_in(c, d, d + weeks * 7);
        d += weeks * 7;
    }
    for (; d <= last; d++)
        if (is_workday(c, d) && --k == 0)
            return d;
    return BIZCAL_NEVER;
}

/* ------------------------------------------------------------------------
** Arithmetic
*/

int64_t bizcal_minutes_between(const struct bizcal *c, int64_t from, int64_t to)
{
    if (!usable(c))
        return 0;
    from = clamp(from);
    to = clamp(to);
    if (to <= from)
        return 0;
    int64_t off = (int64_t)c->utc_offset_min * 60, lf = from + off, lt = to + off;
    int64_t d0 = floor_div(lf, DAY), d1 = floor_div(lt - 1, DAY); /* first and last day touched */
    int64_t secs = overlap(c, d0, lf, lt);
    if (d1 > d0)
        secs += workdays_in(c, d0 + 1, d1) * (c->end_min - c->start_min) * 60 +
                overlap(c, d1, lf, lt);
    return secs / 60;
}

int64_t bizcal_add_minutes(const struct bizcal *c, int64_t from, int64_t minutes)
{
    if (minutes <= 0)
        return from;
    /* Each business minute takes at least 60 s, so more than the whole
    ** range's worth cannot end inside it. */
    if (!usable(c) || from < -BIZCAL_RANGE || from > BIZCAL_RANGE ||
        minutes > 2 * BIZCAL_RANGE / 60)
        return BIZCAL_NEVER;
    int64_t off = (int64_t)c->utc_offset_min * 60, local = from + off, left = minutes * 60;
    int64_t day = floor_div(local, DAY), per_day = (int64_t)(c->end_min - c->start_min) * 60;

    int64_t due;
    /* The rest of the starting day... */
    int64_t today = overlap(c, day, local, (day + 1) * DAY);
    if (left <= today) {
        int64_t open = day * DAY + c->start_min * 60;
        due = (local > open ? local : open) + left - off;
    } else {
        /* ...then whole days: the k-th working day, `rem` seconds after its opening. */
        left -= today;
        int64_t k = (left + per_day - 1) / per_day, rem = left - (k - 1) * per_day;
        int64_t due_day = nth_workday(c, day + 1, k);
        if (due_day == BIZCAL_NEVER)
            return BIZCAL_NEVER;
        due = due_day * DAY + c->start_min * 60 + rem - off;
    }
    return due > BIZCAL_RANGE ? BIZCAL_NEVER : due;
}

int64_t bizcal_due(const struct bizcal *c, int64_t start, int64_t target_minutes,
                   int64_t paused_minutes)
{
    if (target_minutes < 0)
        target_minutes = 0;
    if (paused_minutes < 0)
        paused_minutes = 0;
    if (target_minutes > INT64_MAX - paused_minutes)
        return BIZCAL_NEVER;
    return bizcal_add_minutes(c, start, target_minutes + paused_minutes);
}

int64_t bizcal_next_open(const struct bizcal *c, int64_t t)
{
    if (!usable(c) || t < -BIZCAL_RANGE || t > BIZCAL_RANGE)
        return BIZCAL_NEVER;
    int64_t off = (int64_t)c->utc_offset_min * 60, local = t + off;
    int64_t day = floor_div(local, DAY);
    if (overlap(c, day, local, (day + 1) * DAY) > 0) {
        int64_t open = day * DAY + c->start_min * 60;
        return (local > open ? local : open) - off;
    }
    int64_t next = nth_workday(c, day + 1, 1);
    if (next == BIZCAL_NEVER)
        return BIZCAL_NEVER;
    int64_t open = next * DAY + c->start_min * 60 - off;
    return open > BIZCAL_RANGE ? BIZCAL_NEVER : open;
}

/* ------------------------------------------------------------------------
** Parsing
*/

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int two(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Days from a civil date (Howard Hinnant's days_from_civil), y >= 1. */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = y / 400, yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + doe - 719468;
}

int32_t bizcal_day(const char *ymd)
{
    if (!ymd || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-' || !digits(ymd, 4) ||
        !digits(ymd + 5, 2) || !digits(ymd + 8, 2))
        return -1;
    int y = two(ymd) * 100 + two(ymd + 2), m = two(ymd + 5), d = two(ymd + 8);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
        return -1;
    return (int32_t)days_from_civil(y, m, d);
}

/* "HH:MM", 00:00-23:59, or 24:00 for the end of the day. */
static int parse_hhmm(const char *s, int *out)
{
    if (!s || strlen(s) != 5 || s[2] != ':' || !digits(s, 2) || !digits(s + 3, 2))
        return -1;
    int h = two(s), m = two(s + 3);
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return -1;
    *out = h * 60 + m;
    return 0;
}

/* "1,2,3,4,5": single digits 1-7 separated by commas, spaces allowed. */
static int parse_days(const char *s, unsigned *out)
{
    unsigned mask = 0;
    if (!s)
        return -1;
    for (;;) {
        while (*s == ' ')
            s++;
        if (*s < '1' || *s > '7')
            return -1;
        mask |= 1u << (*s++ - '0');
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        if (*s++ != ',')
            return -1;
    }
    *out = mask;
    return 0;
}

int bizcal_init(struct bizcal *c, int utc_offset_min, const char *work_days, const char *start,
                const char *end, struct err *err)
{
    memset(c, 0, sizeof *c);
    if (utc_offset_min < -14 * 60 || utc_offset_min > 14 * 60)
        return err_invalid(err, "timezone", "selisih zona waktu harus antara -14:00 dan +14:00",
                           "the UTC offset must be between -14:00 and +14:00");
    c->utc_offset_min = utc_offset_min;
    if (parse_days(work_days, &c->work_days) != 0)
        return err_invalid(err, "work_days", "harus daftar hari 1–7, mis. 1,2,3,4,5",
                           "must list weekdays 1–7, e.g. 1,2,3,4,5");
    if (parse_hhmm(start, &c->start_min) != 0 || c->start_min == 1440)
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
        {"Asia/Jakarta", 420},   {"Asia/Pontianak", 420},    {"Asia/Makassar", 480},
        {"Asia/Jayapura", 540},  {"WIB", 420},               {"WITA", 480},
        {"WIT", 540},            {"UTC", 0},                 {"Etc/UTC", 0},
        {"Asia/Singapore", 480}, {"Asia/Kuala_Lumpur", 480}, {"Asia/Dili", 540},
    };
    if (!tz)
        return ERR_MALFORMED;
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strcmp(tz, zones[i].name) == 0) {
            *offset_min = zones[i].offset;
            return 0;
        }
    if (strlen(tz) != 6 || (tz[0] != '+' && tz[0] != '-') || tz[3] != ':' || !digits(tz + 1, 2) ||
        !digits(tz + 4, 2))
        return ERR_MALFORMED;
    int h = two(tz + 1), m = two(tz + 4);
    if (m > 59 || h * 60 + m > 14 * 60)
        return ERR_MALFORMED;
    *offset_min = (tz[0] == '-' ? -1 : 1) * (h * 60 + m);
    return 0;
}
