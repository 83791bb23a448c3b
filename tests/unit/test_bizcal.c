/* bizcal-*: business-time arithmetic with exact instants written out.
**   1.x  parsing: bizcal_init, bizcal_day, bizcal_zone_offset
**   2.x  one working day: opening, closing, before/after hours, overnight
**   3.x  weekends, the 24-hour default, a six-day week
**   4.x  holidays: single, consecutive (Idulfitri), inside a long target
**   5.x  pauses (bizcal_due)
**   6.x  time zones: WIB/WITA/WIT/UTC, negative offsets, UTC midnight inside a
**        working day, days before 1970
**   7.x  bizcal_next_open
**   8.x  degenerate calendars, extreme inputs, very large targets
**   9.x  properties over thousands of pseudo-random cases (fixed seed):
**        minutes_between(from, add(from, m)) == m, agreement with a naive
**        day-walking reference, additivity, composition
**  10.x  bizcal_day against timegm for every day 1970-2100
** Test calendar (WIB, Mon-Fri 08:00-16:00) holidays in 2026: 1 Jan (Thu);
** 18-24 Mar: cuti bersama Nyepi (Wed), Nyepi (Thu), Idulfitri (Fri, Sat),
** cuti bersama (Mon, Tue); 17 Aug (Mon); 24-25 Dec (Thu, Fri). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/bizcal.h"
#include "core/err.h"

enum { DAY = 86400 };

/* ------------------------------------------------------------------------
** Helpers
*/

/* "2026-11-23T08:00:00+07:00" or "...Z" -> unix seconds. */
static int64_t at(const char *s)
{
    struct tm tm = {0};
    int oh = 0, om = 0, used = 0;
    char zone[8] = {0};
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &used) != 6)
        fail_msg("bad instant %s", s);
    snprintf(zone, sizeof zone, "%s", s + used);
    int64_t sign = 0;
    if (strcmp(zone, "Z") == 0)
        sign = 1;
    else if ((zone[0] == '+' || zone[0] == '-') && sscanf(zone + 1, "%2d:%2d", &oh, &om) == 2)
        sign = zone[0] == '-' ? -1 : 1;
    else
        fail_msg("bad zone in %s", s);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) - sign * (oh * 60 + om) * 60;
}

/* Unix seconds -> "2026-11-23T01:00:00Z", for failure messages. */
static const char *iso(int64_t t, char *buf, size_t n)
{
    if (t == BIZCAL_NEVER)
        return "NEVER";
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

static void check_at(int64_t got, const char *want, const char *expr, int line)
{
    char g[40], w[40];
    if (got != at(want))
        fail_msg("line %d: %s = %s, want %s (%s)", line, expr, iso(got, g, sizeof g), want,
                 iso(at(want), w, sizeof w));
}

#define EXPECT_AT(expr, want) check_at((expr), (want), #expr, __LINE__)
#define ADD(cal, from, m, want) EXPECT_AT(bizcal_add_minutes((cal), at(from), (m)), (want))
#define BETWEEN(cal, from, to, want)                                                       \
    assert_int_equal(bizcal_minutes_between((cal), at(from), at(to)), (want))

/* xorshift64*: the same sequence on every libc. */
static uint64_t rng_state;
static uint64_t rnd(uint64_t n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (rng_state * UINT64_C(2685821657736338717)) % n;
}

static struct bizcal make(int offset, const char *days, const char *start, const char *end)
{
    struct bizcal c;
    struct err e = {0};
    if (bizcal_init(&c, offset, days, start, end, &e) != 0)
        fail_msg("bizcal_init(%d, %s, %s, %s) failed", offset, days, start, end);
    return c;
}

static int32_t holidays[10];
static struct bizcal wib;   /* Asia/Jakarta, Mon-Fri 08:00-16:00, the 2026 holidays */
static struct bizcal plain; /* the same without holidays */

static int setup(void **state)
{
    (void)state;
    static const char *const dates[] = {"2026-01-01", "2026-03-18", "2026-03-19", "2026-03-20",
                                        "2026-03-21", "2026-03-23", "2026-03-24", "2026-08-17",
                                        "2026-12-24", "2026-12-25"};
    for (size_t i = 0; i < 10; i++)
        if ((holidays[i] = bizcal_day(dates[i])) < 0)
            return -1;
    plain = make(420, "1,2,3,4,5", "08:00", "16:00");
    wib = plain;
    wib.holidays = holidays;
    wib.n_holidays = 10;
    return 0;
}

/* ------------------------------------------------------------------------
** Naive reference: walk day by day, scan the holiday list linearly.
*/

static int64_t ref_floor(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int ref_workday(const struct bizcal *c, int64_t day)
{
    int iso_day = (int)(((day + 3) % 7 + 7) % 7) + 1;
    if (!(c->work_days >> iso_day & 1u))
        return 0;
    for (size_t i = 0; i < c->n_holidays; i++)
        if (c->holidays[i] == day)
            return 0;
    return 1;
}

static int64_t ref_between(const struct bizcal *c, int64_t from, int64_t to)
{
    int64_t off = c->utc_offset_min * 60, lf = from + off, lt = to + off, secs = 0;
    for (int64_t day = ref_floor(lf, DAY); day * DAY < lt; day++) {
        if (!ref_workday(c, day))
            continue;
        int64_t a = day * DAY + c->start_min * 60, b = day * DAY + c->end_min * 60;
        a = a < lf ? lf : a;
        b = b > lt ? lt : b;
        secs += b > a ? b - a : 0;
    }
    return secs / 60;
}

static int64_t ref_add(const struct bizcal *c, int64_t from, int64_t m)
{
    if (m <= 0)
        return from;
    int64_t off = c->utc_offset_min * 60, local = from + off, left = m * 60;
    for (int64_t day = ref_floor(local, DAY);; day++) {
        if (!ref_workday(c, day))
            continue;
        int64_t a = day * DAY + c->start_min * 60, b = day * DAY + c->end_min * 60;
        a = a < local ? local : a;
        if (b <= a)
            continue;
        if (left <= b - a)
            return a + left - off;
        left -= b - a;
    }
}

/* ------------------------------------------------------------------------
** 1.x Parsing
*/

static void bizcal_1_1_init_fills_fields(void **s)
{
    (void)s;
    struct bizcal c;
    struct err e = {0};
    memset(&c, 0x5a, sizeof c);
    assert_int_equal(bizcal_init(&c, 420, "1,2,3,4,5", "08:00", "16:00", &e), 0);
    assert_int_equal(c.utc_offset_min, 420);
    assert_int_equal(c.work_days, 0x3Eu);
    assert_int_equal(c.start_min, 480);
    assert_int_equal(c.end_min, 960);
    assert_null(c.holidays);
    assert_int_equal(c.n_holidays, 0);
}

static void bizcal_1_2_init_tolerates_spaces_repeats_and_2400(void **s)
{
    (void)s;
    struct bizcal c;
    struct err e = {0};
    assert_int_equal(bizcal_init(&c, 0, " 1, 2 ,3 ", "07:30", "15:45", &e), 0);
    assert_int_equal(c.work_days, 0x0Eu);
    assert_int_equal(c.start_min, 450);
    assert_int_equal(c.end_min, 945);
    assert_int_equal(bizcal_init(&c, 0, "5,5,1", "00:00", "24:00", &e), 0);
    assert_int_equal(c.work_days, 0x22u);
    assert_int_equal(c.end_min, 1440);
    assert_int_equal(bizcal_init(&c, -840, "7", "23:59", "24:00", &e), 0);
    assert_int_equal(c.work_days, 0x80u);
    assert_int_equal(bizcal_init(&c, 840, "1,2,3,4,5,6,7", "08:00", "16:00", &e), 0);
    assert_int_equal(c.work_days, 0xFEu);
}

static void expect_invalid(int offset, const char *days, const char *start, const char *end,
                           const char *field)
{
    struct bizcal c;
    struct err e = {0};
    if (bizcal_init(&c, offset, days, start, end, &e) != ERR_INVALID)
        fail_msg("bizcal_init(%d, %s, %s, %s) accepted", offset, days ? days : "NULL",
                 start ? start : "NULL", end ? end : "NULL");
    assert_int_equal(e.kind, ERR_INVALID);
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, field);
}

static void bizcal_1_3_init_rejects(void **s)
{
    (void)s;
    /* work days: empty (a calendar without working time), out of 1-7, badly separated */
    expect_invalid(420, "", "08:00", "16:00", "work_days");
    expect_invalid(420, NULL, "08:00", "16:00", "work_days");
    expect_invalid(420, "0", "08:00", "16:00", "work_days");
    expect_invalid(420, "1,2,8", "08:00", "16:00", "work_days");
    expect_invalid(420, "12", "08:00", "16:00", "work_days");
    expect_invalid(420, "1,,2", "08:00", "16:00", "work_days");
    expect_invalid(420, "1,2,", "08:00", "16:00", "work_days");
    expect_invalid(420, "Mon", "08:00", "16:00", "work_days");
    /* hours */
    expect_invalid(420, "1", "8:00", "16:00", "work_start");
    expect_invalid(420, "1", " 8:00", "16:00", "work_start");
    expect_invalid(420, "1", "+8:00", "16:00", "work_start");
    expect_invalid(420, "1", "08:60", "16:00", "work_start");
    expect_invalid(420, "1", "24:00", "24:00", "work_start");
    expect_invalid(420, "1", NULL, "16:00", "work_start");
    expect_invalid(420, "1", "08:00", "24:01", "work_end");
    expect_invalid(420, "1", "08:00", "25:00", "work_end");
    expect_invalid(420, "1", "16:00", "08:00", "work_end"); /* night shifts unsupported */
    expect_invalid(420, "1", "08:00", "08:00", "work_end"); /* zero-length day */
    expect_invalid(420, "1", "08:00", "16:00:00", "work_end");
    expect_invalid(420, "1", "08:00", NULL, "work_end");
    /* offset */
    expect_invalid(841, "1", "08:00", "16:00", "timezone");
    expect_invalid(-841, "1", "08:00", "16:00", "timezone");
}

static void bizcal_1_4_day_numbers(void **s)
{
    (void)s;
    assert_int_equal(bizcal_day("1970-01-01"), 0);
    assert_int_equal(bizcal_day("1970-01-02"), 1);
    assert_int_equal(bizcal_day("2026-01-01"), 20454);
    assert_int_equal(bizcal_day("2026-08-17"), 20682);
    assert_int_equal(bizcal_day("2024-02-29"), 19782);
    assert_int_equal(bizcal_day("2000-02-29"), 11016);
    assert_int_equal(bizcal_day("9999-12-31"), 2932896);
    assert_int_equal(bizcal_day("2026-08-17"), (int32_t)(at("2026-08-17T00:00:00Z") / DAY));
}

static void bizcal_1_5_day_rejects(void **s)
{
    (void)s;
    static const char *const bad[] = {
        "2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-01-32", "2026-8-17",  "2026-+8-17", "2026/08/17", "2026-08-17T", " 2026-08-17",
        "20260817",   "1969-12-31", "0000-01-01", "kemarin",    "",           "2026-08-1x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (bizcal_day(bad[i]) != -1)
            fail_msg("bizcal_day(\"%s\") = %d", bad[i], bizcal_day(bad[i]));
    assert_int_equal(bizcal_day(NULL), -1);
}

static void bizcal_1_6_zone_names(void **s)
{
    (void)s;
    static const struct {
        const char *name;
        int offset;
    } known[] = {
        {"Asia/Jakarta", 420}, {"Asia/Pontianak", 420}, {"Asia/Makassar", 480},
        {"Asia/Jayapura", 540}, {"WIB", 420}, {"WITA", 480}, {"WIT", 540}, {"UTC", 0},
        {"Etc/UTC", 0},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        int off = -9999;
        assert_int_equal(bizcal_zone_offset(known[i].name, &off), 0);
        assert_int_equal(off, known[i].offset);
    }
}

static void bizcal_1_7_zone_literal_offsets(void **s)
{
    (void)s;
    int off = 0;
    assert_int_equal(bizcal_zone_offset("+07:00", &off), 0);
    assert_int_equal(off, 420);
    assert_int_equal(bizcal_zone_offset("+09:00", &off), 0);
    assert_int_equal(off, 540);
    assert_int_equal(bizcal_zone_offset("-03:30", &off), 0);
    assert_int_equal(off, -210);
    assert_int_equal(bizcal_zone_offset("+14:00", &off), 0);
    assert_int_equal(off, 840);
    assert_int_equal(bizcal_zone_offset("+00:00", &off), 0);
    assert_int_equal(off, 0);
    static const char *const bad[] = {"+7:00",  "07:00",        "+07:60",       "+14:01",
                                      "+0700",  "UTC+7",        "asia/jakarta", "Europe/Atlantis",
                                      "",       "+07:00 ",      "+ 7:00",       "Asia/Jakarta/"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        off = 123;
        if (bizcal_zone_offset(bad[i], &off) != ERR_MALFORMED)
            fail_msg("zone \"%s\" accepted", bad[i]);
        assert_int_equal(off, 123); /* untouched */
    }
    assert_int_equal(bizcal_zone_offset(NULL, &off), ERR_MALFORMED);
    assert_int_equal(ERR_MALFORMED, -1);
}

/* ------------------------------------------------------------------------
** 2.x One working day (Monday 23 November 2026, WIB)
*/

static void bizcal_2_1_same_day(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-23T09:00:00+07:00", 60, "2026-11-23T10:00:00+07:00");
    ADD(&wib, "2026-11-23T09:00:00+07:00", 1, "2026-11-23T09:01:00+07:00");
    ADD(&wib, "2026-11-23T09:00:00+07:00", 0, "2026-11-23T09:00:00+07:00");
    BETWEEN(&wib, "2026-11-23T09:00:00+07:00", "2026-11-23T10:30:00+07:00", 90);
    BETWEEN(&wib, "2026-11-23T08:00:00+07:00", "2026-11-23T16:00:00+07:00", 480);
}

static void bizcal_2_2_ends_exactly_at_closing(void **s)
{
    (void)s;
    /* the earliest instant with 60 minutes elapsed is 16:00 today, not 08:00 tomorrow */
    ADD(&wib, "2026-11-23T15:00:00+07:00", 60, "2026-11-23T16:00:00+07:00");
    ADD(&wib, "2026-11-23T08:00:00+07:00", 480, "2026-11-23T16:00:00+07:00");
    ADD(&wib, "2026-11-23T08:00:00+07:00", 481, "2026-11-24T08:01:00+07:00");
}

static void bizcal_2_3_start_exactly_at_opening(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-23T08:00:00+07:00", 1, "2026-11-23T08:01:00+07:00");
    BETWEEN(&wib, "2026-11-23T08:00:00+07:00", "2026-11-23T08:01:00+07:00", 1);
    BETWEEN(&wib, "2026-11-23T07:00:00+07:00", "2026-11-23T08:00:00+07:00", 0);
}

static void bizcal_2_4_start_exactly_at_closing(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-23T16:00:00+07:00", 1, "2026-11-24T08:01:00+07:00");
    ADD(&wib, "2026-11-23T16:00:00+07:00", 480, "2026-11-24T16:00:00+07:00");
    BETWEEN(&wib, "2026-11-23T16:00:00+07:00", "2026-11-24T08:00:00+07:00", 0);
    BETWEEN(&wib, "2026-11-23T15:59:00+07:00", "2026-11-24T08:00:00+07:00", 1);
}

static void bizcal_2_5_start_before_opening(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-23T06:30:00+07:00", 30, "2026-11-23T08:30:00+07:00");
    ADD(&wib, "2026-11-23T00:00:00+07:00", 480, "2026-11-23T16:00:00+07:00");
    BETWEEN(&wib, "2026-11-23T00:00:00+07:00", "2026-11-23T08:30:00+07:00", 30);
}

static void bizcal_2_6_start_after_closing(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-23T18:00:00+07:00", 1, "2026-11-24T08:01:00+07:00");
    ADD(&wib, "2026-11-23T23:59:59+07:00", 60, "2026-11-24T09:00:00+07:00");
    BETWEEN(&wib, "2026-11-23T18:00:00+07:00", "2026-11-24T07:59:59+07:00", 0);
}

static void bizcal_2_7_overnight(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-23T15:30:00+07:00", 60, "2026-11-24T08:30:00+07:00");
    ADD(&wib, "2026-11-23T12:00:00+07:00", 960, "2026-11-25T12:00:00+07:00");
    BETWEEN(&wib, "2026-11-23T15:00:00+07:00", "2026-11-24T09:00:00+07:00", 120);
    BETWEEN(&wib, "2026-11-23T12:00:00+07:00", "2026-11-25T12:00:00+07:00", 960);
}

static void bizcal_2_8_seconds_are_kept(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-23T09:00:30+07:00", 1, "2026-11-23T09:01:30+07:00");
    ADD(&wib, "2026-11-23T15:59:30+07:00", 1, "2026-11-24T08:00:30+07:00");
    /* whole minutes only: 59 seconds are not a minute */
    BETWEEN(&wib, "2026-11-23T09:00:30+07:00", "2026-11-23T09:01:29+07:00", 0);
    BETWEEN(&wib, "2026-11-23T09:00:30+07:00", "2026-11-23T09:01:30+07:00", 1);
    BETWEEN(&wib, "2026-11-23T15:59:30+07:00", "2026-11-24T08:00:30+07:00", 1);
}

static void bizcal_2_9_zero_negative_and_reversed(void **s)
{
    (void)s;
    /* minutes <= 0 returns from unchanged, even outside working time */
    ADD(&wib, "2026-11-28T10:00:00+07:00", 0, "2026-11-28T10:00:00+07:00");
    ADD(&wib, "2026-11-28T10:00:00+07:00", -5, "2026-11-28T10:00:00+07:00");
    ADD(&wib, "2026-11-23T18:00:00+07:00", INT64_MIN, "2026-11-23T18:00:00+07:00");
    BETWEEN(&wib, "2026-11-23T10:00:00+07:00", "2026-11-23T09:00:00+07:00", 0);
    BETWEEN(&wib, "2026-11-23T10:00:00+07:00", "2026-11-23T10:00:00+07:00", 0);
}

/* ------------------------------------------------------------------------
** 3.x Weekends
*/

static void bizcal_3_1_friday_to_monday(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-27T15:00:00+07:00", 120, "2026-11-30T09:00:00+07:00");
    BETWEEN(&wib, "2026-11-27T15:00:00+07:00", "2026-11-30T09:00:00+07:00", 120);
}

static void bizcal_3_2_start_on_weekend(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-28T10:00:00+07:00", 60, "2026-11-30T09:00:00+07:00"); /* Saturday */
    ADD(&wib, "2026-11-29T23:59:00+07:00", 1, "2026-11-30T08:01:00+07:00");  /* Sunday night */
    BETWEEN(&wib, "2026-11-28T00:00:00+07:00", "2026-11-30T00:00:00+07:00", 0);
}

static void bizcal_3_3_friday_closing(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-27T16:00:00+07:00", 1, "2026-11-30T08:01:00+07:00");
    ADD(&wib, "2026-11-27T14:00:00+07:00", 120, "2026-11-27T16:00:00+07:00");
    BETWEEN(&wib, "2026-11-27T16:00:00+07:00", "2026-11-30T08:00:00+07:00", 0);
}

static void bizcal_3_4_whole_weeks(void **s)
{
    (void)s;
    BETWEEN(&wib, "2026-11-23T00:00:00+07:00", "2026-11-30T00:00:00+07:00", 5 * 480);
    BETWEEN(&wib, "2026-11-02T00:00:00+07:00", "2026-11-30T00:00:00+07:00", 20 * 480);
    ADD(&wib, "2026-11-02T08:00:00+07:00", 20 * 480, "2026-11-27T16:00:00+07:00");
    ADD(&wib, "2026-11-02T08:00:00+07:00", 20 * 480 + 1, "2026-11-30T08:01:00+07:00");
}

static void bizcal_3_5_default_24h_is_three_working_days(void **s)
{
    (void)s;
    ADD(&wib, "2026-11-23T08:00:00+07:00", 1440, "2026-11-25T16:00:00+07:00");
    ADD(&wib, "2026-11-26T12:00:00+07:00", 1440, "2026-12-01T12:00:00+07:00"); /* Thu -> Tue */
    ADD(&wib, "2026-11-27T16:00:00+07:00", 1440, "2026-12-02T16:00:00+07:00"); /* Fri close */
    ADD(&wib, "2026-11-28T09:00:00+07:00", 1440, "2026-12-02T16:00:00+07:00"); /* Saturday */
    BETWEEN(&wib, "2026-11-23T08:00:00+07:00", "2026-11-25T16:00:00+07:00", 1440);
}

static void bizcal_3_6_six_day_week(void **s)
{
    (void)s;
    struct bizcal six = make(420, "1,2,3,4,5,6", "08:00", "14:00"); /* a clinic */
    ADD(&six, "2026-11-27T13:00:00+07:00", 120, "2026-11-28T09:00:00+07:00"); /* Fri -> Sat */
    ADD(&six, "2026-11-28T13:30:00+07:00", 60, "2026-11-30T08:30:00+07:00");  /* Sat -> Mon */
    BETWEEN(&six, "2026-11-23T00:00:00+07:00", "2026-11-30T00:00:00+07:00", 6 * 360);
}

/* ------------------------------------------------------------------------
** 4.x Holidays
*/

static void bizcal_4_1_christmas_thursday_friday(void **s)
{
    (void)s;
    ADD(&wib, "2026-12-23T15:00:00+07:00", 120, "2026-12-28T09:00:00+07:00");
    BETWEEN(&wib, "2026-12-21T00:00:00+07:00", "2026-12-28T00:00:00+07:00", 3 * 480);
}

static void bizcal_4_2_idulfitri_block(void **s)
{
    (void)s;
    /* Tue 17 Mar 15:00: the next working day after it is Wed 25 Mar */
    ADD(&wib, "2026-03-17T15:00:00+07:00", 120, "2026-03-25T09:00:00+07:00");
    ADD(&wib, "2026-03-17T16:00:00+07:00", 1440, "2026-03-27T16:00:00+07:00");
    BETWEEN(&wib, "2026-03-16T08:00:00+07:00", "2026-03-26T08:00:00+07:00", 3 * 480);
    BETWEEN(&wib, "2026-03-18T00:00:00+07:00", "2026-03-25T00:00:00+07:00", 0);
}

static void bizcal_4_3_holiday_inside_a_long_target(void **s)
{
    (void)s;
    /* ten working days from Mon 10 Aug: 17 Aug (Independence Day) pushes the end a day */
    ADD(&wib, "2026-08-10T08:00:00+07:00", 4800, "2026-08-24T16:00:00+07:00");
    ADD(&plain, "2026-08-10T08:00:00+07:00", 4800, "2026-08-21T16:00:00+07:00");
    BETWEEN(&wib, "2026-08-10T08:00:00+07:00", "2026-08-24T16:00:00+07:00", 4800);
    BETWEEN(&plain, "2026-08-10T08:00:00+07:00", "2026-08-24T16:00:00+07:00", 5280);
    /* a whole year: 261 weekdays in 2026, 9 holidays on weekdays */
    BETWEEN(&plain, "2026-01-01T00:00:00+07:00", "2027-01-01T00:00:00+07:00", 261 * 480);
    BETWEEN(&wib, "2026-01-01T00:00:00+07:00", "2027-01-01T00:00:00+07:00", 252 * 480);
}

static void bizcal_4_4_start_on_a_holiday(void **s)
{
    (void)s;
    ADD(&wib, "2026-08-17T10:00:00+07:00", 60, "2026-08-18T09:00:00+07:00");
    ADD(&wib, "2026-08-14T15:30:00+07:00", 60, "2026-08-18T08:30:00+07:00"); /* Fri -> Tue */
    BETWEEN(&wib, "2026-08-17T00:00:00+07:00", "2026-08-18T00:00:00+07:00", 0);
}

static void bizcal_4_5_weekend_holiday_not_counted_twice(void **s)
{
    (void)s;
    /* Sat 21 Mar is listed too; 16 Mar - 30 Mar has 5 working days */
    BETWEEN(&wib, "2026-03-16T00:00:00+07:00", "2026-03-30T00:00:00+07:00", 5 * 480);
    int32_t sunday = bizcal_day("2026-11-29");
    struct bizcal c = plain;
    c.holidays = &sunday;
    c.n_holidays = 1;
    BETWEEN(&c, "2026-11-23T00:00:00+07:00", "2026-12-07T00:00:00+07:00", 10 * 480);
    ADD(&c, "2026-11-27T15:00:00+07:00", 120, "2026-11-30T09:00:00+07:00");
}

static void bizcal_4_6_duplicates_and_no_holidays(void **s)
{
    (void)s;
    int32_t dup[] = {bizcal_day("2026-08-17"), bizcal_day("2026-08-17"),
                     bizcal_day("2026-08-17")};
    struct bizcal c = plain;
    c.holidays = dup;
    c.n_holidays = 3;
    BETWEEN(&c, "2026-08-10T00:00:00+07:00", "2026-08-24T00:00:00+07:00", 9 * 480);
    ADD(&c, "2026-08-10T08:00:00+07:00", 4800, "2026-08-24T16:00:00+07:00");
    assert_null(plain.holidays);
    BETWEEN(&plain, "2026-08-10T00:00:00+07:00", "2026-08-24T00:00:00+07:00", 10 * 480);
}

static void bizcal_4_7_new_year(void **s)
{
    (void)s;
    ADD(&wib, "2025-12-31T15:00:00+07:00", 120, "2026-01-02T09:00:00+07:00");
    BETWEEN(&wib, "2025-12-31T15:00:00+07:00", "2026-01-02T09:00:00+07:00", 120);
}

static void bizcal_4_8_a_month_of_holidays(void **s)
{
    (void)s;
    int32_t june[30];
    for (int i = 0; i < 30; i++)
        june[i] = bizcal_day("2026-06-01") + i;
    struct bizcal c = plain;
    c.holidays = june;
    c.n_holidays = 30;
    ADD(&c, "2026-05-29T15:00:00+07:00", 120, "2026-07-01T09:00:00+07:00");
    ADD(&c, "2026-05-29T15:00:00+07:00", 60 + 5 * 480, "2026-07-07T16:00:00+07:00");
    BETWEEN(&c, "2026-05-29T15:00:00+07:00", "2026-07-01T09:00:00+07:00", 120);
}

/* ------------------------------------------------------------------------
** 5.x Pauses
*/

static void bizcal_5_1_no_pause(void **s)
{
    (void)s;
    EXPECT_AT(bizcal_due(&wib, at("2026-11-23T08:00:00+07:00"), 480, 0),
              "2026-11-23T16:00:00+07:00");
}

static void bizcal_5_2_pause_carries_overnight(void **s)
{
    (void)s;
    EXPECT_AT(bizcal_due(&wib, at("2026-11-23T08:00:00+07:00"), 480, 60),
              "2026-11-24T09:00:00+07:00");
}

static void bizcal_5_3_pause_over_weekend(void **s)
{
    (void)s;
    EXPECT_AT(bizcal_due(&wib, at("2026-11-26T12:00:00+07:00"), 1440, 240),
              "2026-12-01T16:00:00+07:00");
    EXPECT_AT(bizcal_due(&wib, at("2026-11-27T14:00:00+07:00"), 60, 120),
              "2026-11-30T09:00:00+07:00");
}

static void bizcal_5_4_pause_over_holiday(void **s)
{
    (void)s;
    /* 5 days + 1 day of waiting from Mon 10 Aug: Mon 17 Aug is a holiday */
    EXPECT_AT(bizcal_due(&wib, at("2026-08-10T08:00:00+07:00"), 2400, 480),
              "2026-08-18T16:00:00+07:00");
}

static void bizcal_5_5_negative_and_overflowing(void **s)
{
    (void)s;
    int64_t t = at("2026-11-23T10:00:00+07:00");
    assert_int_equal(bizcal_due(&wib, t, 480, -60), bizcal_due(&wib, t, 480, 0));
    assert_int_equal(bizcal_due(&wib, t, -5, 0), t);
    assert_int_equal(bizcal_due(&wib, t, 0, 0), t);
    assert_int_equal(bizcal_due(&wib, t, INT64_MAX, 1), BIZCAL_NEVER);
    assert_int_equal(bizcal_due(&wib, t, 1, INT64_MAX), BIZCAL_NEVER);
    assert_int_equal(bizcal_due(&wib, t, INT64_MAX, INT64_MAX), BIZCAL_NEVER);
}

static void bizcal_5_6_elapsed_minus_pause_is_target(void **s)
{
    (void)s;
    rng_state = 0x5eed5eedULL;
    int64_t base = at("2026-01-01T00:00:00+07:00");
    for (int i = 0; i < 2000; i++) {
        int64_t start = base + (int64_t)rnd(365 * DAY), target = 1 + (int64_t)rnd(3000);
        int64_t paused = (int64_t)rnd(2000);
        int64_t due = bizcal_due(&wib, start, target, paused);
        assert_int_equal(bizcal_minutes_between(&wib, start, due) - paused, target);
    }
}

/* ------------------------------------------------------------------------
** 6.x Time zones
*/

static void bizcal_6_1_wib_ticket_before_utc_midnight(void **s)
{
    (void)s;
    /* 23:30 UTC Sunday is 06:30 Monday in Jakarta; 08:00 WIB is 01:00 UTC */
    ADD(&wib, "2026-11-22T23:30:00Z", 30, "2026-11-23T01:30:00Z");
    ADD(&wib, "2026-11-22T23:30:00Z", 30, "2026-11-23T08:30:00+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-11-22T23:30:00Z")), "2026-11-23T01:00:00Z");
    /* 20:00 UTC Friday is 03:00 Saturday in Jakarta: the weekend has begun */
    ADD(&wib, "2026-11-27T20:00:00Z", 60, "2026-11-30T02:00:00Z");
}

static void bizcal_6_2_utc_midnight_inside_a_working_day(void **s)
{
    (void)s;
    BETWEEN(&wib, "2026-11-23T00:30:00Z", "2026-11-23T02:00:00Z", 60);
    /* 06:00-18:00 WIB is 23:00-11:00 UTC: each working day straddles UTC midnight */
    struct bizcal early = make(420, "1,2,3,4,5", "06:00", "18:00");
    BETWEEN(&early, "2026-11-22T22:00:00Z", "2026-11-23T01:00:00Z", 120);
    ADD(&early, "2026-11-22T22:00:00Z", 120, "2026-11-23T01:00:00Z");
    ADD(&early, "2026-11-23T10:30:00Z", 60, "2026-11-23T23:30:00Z"); /* Mon -> Tue */
    ADD(&early, "2026-11-27T10:30:00Z", 60, "2026-11-29T23:30:00Z"); /* Fri -> Mon */
    BETWEEN(&early, "2026-11-27T11:00:00Z", "2026-11-29T23:00:00Z", 0);
}

static void bizcal_6_3_wit_monday_is_utc_sunday(void **s)
{
    (void)s;
    struct bizcal wit = make(540, "1,2,3,4,5", "08:00", "16:00");
    /* Monday 08:00 WIT is Sunday 23:00 UTC */
    ADD(&wit, "2026-11-22T23:00:00Z", 60, "2026-11-23T00:00:00Z");
    ADD(&wit, "2026-11-22T22:59:59Z", 1, "2026-11-22T23:01:00Z");
    ADD(&wit, "2026-11-27T06:30:00Z", 60, "2026-11-29T23:30:00Z"); /* Fri 15:30 WIT -> Mon */
    ADD(&wit, "2026-11-27T06:30:00Z", 60, "2026-11-30T08:30:00+09:00");
    BETWEEN(&wit, "2026-11-28T00:00:00Z", "2026-11-29T23:30:00Z", 30);
    /* the same instant on the WIB calendar is still the weekend */
    BETWEEN(&wib, "2026-11-28T00:00:00Z", "2026-11-29T23:30:00Z", 0);
}

static void bizcal_6_4_wita(void **s)
{
    (void)s;
    struct bizcal wita = make(480, "1,2,3,4,5", "08:00", "16:00");
    /* 08:00 WIB is 09:00 WITA */
    ADD(&wita, "2026-11-23T08:00:00+07:00", 60, "2026-11-23T10:00:00+08:00");
    ADD(&wita, "2026-11-23T08:00:00+07:00", 60, "2026-11-23T02:00:00Z");
    ADD(&wita, "2026-11-23T07:30:00Z", 60, "2026-11-24T00:30:00Z"); /* 15:30 WITA */
}

static void bizcal_6_5_utc_calendar(void **s)
{
    (void)s;
    struct bizcal utc = make(0, "1,2,3,4,5", "08:00", "16:00");
    ADD(&utc, "2026-11-23T07:00:00Z", 30, "2026-11-23T08:30:00Z");
    ADD(&utc, "2026-11-27T15:30:00Z", 60, "2026-11-30T08:30:00Z");
    ADD(&utc, "2026-11-23T08:00:00+07:00", 30, "2026-11-23T08:30:00Z"); /* 01:00 UTC */
    BETWEEN(&utc, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", 480);
}

static void bizcal_6_6_negative_offset_and_before_1970(void **s)
{
    (void)s;
    struct bizcal nf = make(-210, "1,2,3,4,5", "08:00", "16:00");
    ADD(&nf, "2026-11-27T19:00:00Z", 60, "2026-11-30T12:00:00Z"); /* Fri 15:30 local */
    ADD(&nf, "2026-11-27T19:00:00Z", 60, "2026-11-30T08:30:00-03:30");
    BETWEEN(&nf, "2026-11-28T03:30:00Z", "2026-11-30T11:30:00Z", 0); /* the local weekend */
    /* local Wed 31 Dec 1969 (day -1) into Thu 1 Jan 1970: negative local seconds */
    ADD(&nf, "1969-12-31T15:30:00-03:30", 60, "1970-01-01T08:30:00-03:30");
    BETWEEN(&nf, "1969-12-31T00:00:00-03:30", "1970-01-02T00:00:00-03:30", 960);
    ADD(&plain, "1969-12-31T15:30:00+07:00", 60, "1970-01-01T08:30:00+07:00");
    ADD(&plain, "1969-12-26T15:30:00+07:00", 60, "1969-12-29T08:30:00+07:00"); /* Fri -> Mon */
}

static void bizcal_6_7_always_open(void **s)
{
    (void)s;
    /* what svc/sla.c uses for a policy without a calendar */
    struct bizcal open = {.work_days = 0xFE, .start_min = 0, .end_min = 1440};
    int64_t t = at("2026-11-28T23:59:30+07:00");
    assert_int_equal(bizcal_add_minutes(&open, t, 1440), t + 1440 * 60);
    assert_int_equal(bizcal_add_minutes(&open, t, 1), t + 60);
    assert_int_equal(bizcal_minutes_between(&open, t, t + 7 * DAY + 59), 7 * 1440);
    assert_int_equal(bizcal_next_open(&open, t), t);
}

static void bizcal_6_8_hours_ending_at_midnight(void **s)
{
    (void)s;
    struct bizcal eve = make(420, "1,2,3,4,5", "20:00", "24:00");
    ADD(&eve, "2026-11-23T23:30:00+07:00", 60, "2026-11-24T20:30:00+07:00");
    ADD(&eve, "2026-11-23T23:59:00+07:00", 1, "2026-11-24T00:00:00+07:00"); /* closing */
    ADD(&eve, "2026-11-27T23:30:00+07:00", 60, "2026-11-30T20:30:00+07:00");
    BETWEEN(&eve, "2026-11-23T00:00:00+07:00", "2026-11-30T00:00:00+07:00", 5 * 240);
}

/* ------------------------------------------------------------------------
** 7.x bizcal_next_open
*/

static void bizcal_7_1_next_open(void **s)
{
    (void)s;
    EXPECT_AT(bizcal_next_open(&wib, at("2026-11-23T10:00:00+07:00")), "2026-11-23T10:00:00+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-11-23T08:00:00+07:00")), "2026-11-23T08:00:00+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-11-23T07:59:59+07:00")), "2026-11-23T08:00:00+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-11-23T15:59:59+07:00")), "2026-11-23T15:59:59+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-11-23T16:00:00+07:00")), "2026-11-24T08:00:00+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-11-27T16:00:00+07:00")), "2026-11-30T08:00:00+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-11-28T12:00:00+07:00")), "2026-11-30T08:00:00+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-03-17T17:00:00+07:00")), "2026-03-25T08:00:00+07:00");
    EXPECT_AT(bizcal_next_open(&wib, at("2026-12-23T16:00:00+07:00")), "2026-12-28T08:00:00+07:00");
}

/* ------------------------------------------------------------------------
** 8.x Degenerate calendars and extreme inputs
*/

static void bizcal_8_1_no_working_time(void **s)
{
    (void)s;
    int64_t t = at("2026-11-23T10:00:00+07:00");
    struct bizcal bad[6];
    for (int i = 0; i < 6; i++)
        bad[i] = wib;
    bad[0].work_days = 0;       /* no working days: must not loop forever */
    bad[1].work_days = 1;       /* bit 0 is no weekday */
    bad[2].end_min = 480;       /* zero-length day */
    bad[3].end_min = 300;       /* end before start */
    bad[4].end_min = 1441;      /* past midnight */
    bad[5].utc_offset_min = 99999;
    for (int i = 0; i < 6; i++) {
        assert_int_equal(bizcal_add_minutes(&bad[i], t, 10), BIZCAL_NEVER);
        assert_int_equal(bizcal_due(&bad[i], t, 10, 5), BIZCAL_NEVER);
        assert_int_equal(bizcal_next_open(&bad[i], t), BIZCAL_NEVER);
        assert_int_equal(bizcal_minutes_between(&bad[i], t, t + 30 * DAY), 0);
        assert_int_equal(bizcal_add_minutes(&bad[i], t, 0), t); /* as documented */
    }
    /* BIZCAL_NEVER is later than every real due time */
    assert_true(BIZCAL_NEVER > at("9999-12-31T23:59:59Z"));
}

static void bizcal_8_2_extreme_inputs_do_not_overflow(void **s)
{
    (void)s;
    int64_t t = at("2026-11-23T10:00:00+07:00");
    int64_t all = bizcal_minutes_between(&wib, INT64_MIN, INT64_MAX);
    assert_true(all > 0);
    assert_int_equal(all, bizcal_minutes_between(&wib, -BIZCAL_RANGE, BIZCAL_RANGE));
    assert_int_equal(bizcal_minutes_between(&wib, INT64_MAX, INT64_MIN), 0);
    assert_int_equal(bizcal_minutes_between(&wib, INT64_MAX - 1, INT64_MAX), 0);
    assert_int_equal(bizcal_add_minutes(&wib, INT64_MAX, 1), BIZCAL_NEVER);
    assert_int_equal(bizcal_add_minutes(&wib, INT64_MIN, 1), BIZCAL_NEVER);
    assert_int_equal(bizcal_add_minutes(&wib, t, INT64_MAX), BIZCAL_NEVER);
    assert_int_equal(bizcal_add_minutes(&wib, t, INT64_MAX / 60 + 1), BIZCAL_NEVER);
    assert_int_equal(bizcal_add_minutes(&wib, t, 2 * BIZCAL_RANGE / 60), BIZCAL_NEVER);
    assert_int_equal(bizcal_next_open(&wib, INT64_MAX), BIZCAL_NEVER);
    assert_int_equal(bizcal_next_open(&wib, INT64_MIN), BIZCAL_NEVER);
    /* at the edge of the range */
    struct bizcal open = {.work_days = 0xFE, .start_min = 0, .end_min = 1440};
    assert_int_equal(bizcal_add_minutes(&open, BIZCAL_RANGE - 3600, 60), BIZCAL_RANGE);
    assert_int_equal(bizcal_add_minutes(&open, BIZCAL_RANGE - 3600, 61), BIZCAL_NEVER);
    assert_int_equal(bizcal_add_minutes(&open, -BIZCAL_RANGE, 1), -BIZCAL_RANGE + 60);
}

static void bizcal_8_3_a_year_of_minutes_exact(void **s)
{
    (void)s;
    /* 525600 minutes = 1095 working days = 219 weeks: Friday of the 219th week */
    ADD(&plain, "2026-01-05T08:00:00+07:00", 525600, "2030-03-15T16:00:00+07:00");
    ADD(&plain, "2026-01-05T08:00:00+07:00", 525601, "2030-03-18T08:01:00+07:00");
    BETWEEN(&plain, "2026-01-05T08:00:00+07:00", "2030-03-15T16:00:00+07:00", 525600);
    /* with the holidays: the 8 weekday holidays after 5 Jan 2026 push it 8 working days */
    ADD(&wib, "2026-01-05T08:00:00+07:00", 525600, "2030-03-27T16:00:00+07:00");
    EXPECT_AT(ref_add(&wib, at("2026-01-05T08:00:00+07:00"), 525600), "2030-03-27T16:00:00+07:00");
}

static void bizcal_8_4_large_targets_are_fast(void **s)
{
    (void)s;
    /* 100 million minutes is about 800 years of office hours; a walk over days
    ** would take ~290,000 steps per call */
    rng_state = 42;
    int64_t base = at("2026-01-01T00:00:00+07:00");
    clock_t t0 = clock();
    for (int i = 0; i < 2000; i++) {
        int64_t from = base + (int64_t)rnd(365 * DAY), m = 100000000 + (int64_t)rnd(1000000);
        int64_t due = bizcal_add_minutes(&wib, from, m);
        assert_true(due != BIZCAL_NEVER);
        assert_int_equal(bizcal_minutes_between(&wib, from, due), m);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (secs > 2.0)
        fail_msg("2000 large targets took %.2f s", secs);
}

/* ------------------------------------------------------------------------
** 9.x Properties (fixed seeds)
*/

static struct bizcal calendars[6];
static int32_t many_holidays[400];

static void build_calendars(void)
{
    calendars[0] = wib;
    calendars[1] = make(540, "1,2,3,4,5", "07:30", "15:30");      /* WIT */
    calendars[2] = make(420, "1,2,3,4,5,6", "08:00", "14:00");    /* six days */
    calendars[3] = make(420, "1,3,5", "20:00", "24:00");          /* evenings */
    calendars[4] = make(-210, "2,3,4,5,6", "09:15", "17:45");     /* negative offset */
    calendars[5] = make(0, "1,2,3,4,5,6,7", "00:00", "24:00");    /* always open */
    /* a dense, sorted list with runs, duplicates and weekend dates */
    rng_state = 7;
    int32_t d = bizcal_day("2025-12-01");
    for (size_t i = 0; i < 400; i++) {
        d += (int32_t)rnd(6); /* 0 gives a duplicate */
        many_holidays[i] = d;
    }
    for (int i = 1; i < 5; i++) {
        calendars[i].holidays = many_holidays;
        calendars[i].n_holidays = 400;
    }
}

static void bizcal_9_1_inverse_property(void **s)
{
    (void)s;
    build_calendars();
    rng_state = 2026;
    int64_t base = at("2025-12-01T00:00:00Z");
    for (int i = 0; i < 6000; i++) {
        const struct bizcal *c = &calendars[i % 6];
        int64_t from = base + (int64_t)rnd(3 * 365 * DAY);
        int64_t m = i % 10 == 0 ? (int64_t)rnd(600000) : (int64_t)rnd(6000);
        int64_t due = bizcal_add_minutes(c, from, m);
        int64_t back = bizcal_minutes_between(c, from, due);
        if (back != m)
            fail_msg("cal %d: from %lld + %lld -> %lld, between %lld", i % 6, (long long)from,
                     (long long)m, (long long)due, (long long)back);
        assert_true(due >= from);
        if (m > 0) {
            /* earliest: one second earlier is a minute short, and inside working time */
            assert_int_equal(bizcal_minutes_between(c, from, due - 1), m - 1);
            assert_int_equal(bizcal_next_open(c, due - 1), due - 1);
        }
    }
}

static void bizcal_9_2_matches_naive_reference(void **s)
{
    (void)s;
    build_calendars();
    rng_state = 1447;
    int64_t base = at("2025-11-01T00:00:00Z");
    for (int i = 0; i < 4000; i++) {
        const struct bizcal *c = &calendars[i % 6];
        int64_t from = base + (int64_t)rnd(2 * 365 * DAY);
        int64_t to = from + (int64_t)rnd(i % 2 ? 3 * DAY : 120 * DAY);
        int64_t m = (int64_t)rnd(i % 2 ? 1000 : 40000);
        int64_t want_b = ref_between(c, from, to), got_b = bizcal_minutes_between(c, from, to);
        if (got_b != want_b)
            fail_msg("cal %d: between(%lld, %lld) = %lld, reference %lld", i % 6,
                     (long long)from, (long long)to, (long long)got_b, (long long)want_b);
        int64_t want_a = ref_add(c, from, m), got_a = bizcal_add_minutes(c, from, m);
        if (got_a != want_a)
            fail_msg("cal %d: add(%lld, %lld) = %lld, reference %lld", i % 6, (long long)from,
                     (long long)m, (long long)got_a, (long long)want_a);
    }
}

static void bizcal_9_3_additive_composable_monotonic(void **s)
{
    (void)s;
    build_calendars();
    rng_state = 1945;
    int64_t base = at("2026-01-01T00:00:00Z") / 60;
    for (int i = 0; i < 3000; i++) {
        const struct bizcal *c = &calendars[i % 6];
        /* minute-aligned instants, where business minutes add up exactly */
        int64_t a = (base + (int64_t)rnd(365 * 1440)) * 60;
        int64_t b = a + (int64_t)rnd(30 * 1440) * 60, d = b + (int64_t)rnd(30 * 1440) * 60;
        assert_int_equal(bizcal_minutes_between(c, a, b) + bizcal_minutes_between(c, b, d),
                         bizcal_minutes_between(c, a, d));
        int64_t m1 = 1 + (int64_t)rnd(5000), m2 = 1 + (int64_t)rnd(5000);
        int64_t t = a + (int64_t)rnd(60); /* any second */
        int64_t one = bizcal_add_minutes(c, t, m1);
        assert_int_equal(bizcal_add_minutes(c, one, m2), bizcal_add_minutes(c, t, m1 + m2));
        assert_true(bizcal_add_minutes(c, t, m1 + m2) > one);
    }
}

/* ------------------------------------------------------------------------
** 10.x Dates
*/

static void bizcal_10_1_day_matches_timegm(void **s)
{
    (void)s;
    int32_t end = bizcal_day("2101-01-01");
    for (int32_t day = 0; day < end; day++) {
        time_t tt = (time_t)day * DAY;
        struct tm tm;
        char ymd[16];
        gmtime_r(&tt, &tm);
        strftime(ymd, sizeof ymd, "%Y-%m-%d", &tm);
        if (bizcal_day(ymd) != day)
            fail_msg("bizcal_day(%s) = %d, want %d", ymd, bizcal_day(ymd), day);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bizcal_1_1_init_fills_fields),
        cmocka_unit_test(bizcal_1_2_init_tolerates_spaces_repeats_and_2400),
        cmocka_unit_test(bizcal_1_3_init_rejects),
        cmocka_unit_test(bizcal_1_4_day_numbers),
        cmocka_unit_test(bizcal_1_5_day_rejects),
        cmocka_unit_test(bizcal_1_6_zone_names),
        cmocka_unit_test(bizcal_1_7_zone_literal_offsets),
        cmocka_unit_test(bizcal_2_1_same_day),
        cmocka_unit_test(bizcal_2_2_ends_exactly_at_closing),
        cmocka_unit_test(bizcal_2_3_start_exactly_at_opening),
        cmocka_unit_test(bizcal_2_4_start_exactly_at_closing),
        cmocka_unit_test(bizcal_2_5_start_before_opening),
        cmocka_unit_test(bizcal_2_6_start_after_closing),
        cmocka_unit_test(bizcal_2_7_overnight),
        cmocka_unit_test(bizcal_2_8_seconds_are_kept),
        cmocka_unit_test(bizcal_2_9_zero_negative_and_reversed),
        cmocka_unit_test(bizcal_3_1_friday_to_monday),
        cmocka_unit_test(bizcal_3_2_start_on_weekend),
        cmocka_unit_test(bizcal_3_3_friday_closing),
        cmocka_unit_test(bizcal_3_4_whole_weeks),
        cmocka_unit_test(bizcal_3_5_default_24h_is_three_working_days),
        cmocka_unit_test(bizcal_3_6_six_day_week),
        cmocka_unit_test(bizcal_4_1_christmas_thursday_friday),
        cmocka_unit_test(bizcal_4_2_idulfitri_block),
        cmocka_unit_test(bizcal_4_3_holiday_inside_a_long_target),
        cmocka_unit_test(bizcal_4_4_start_on_a_holiday),
        cmocka_unit_test(bizcal_4_5_weekend_holiday_not_counted_twice),
        cmocka_unit_test(bizcal_4_6_duplicates_and_no_holidays),
        cmocka_unit_test(bizcal_4_7_new_year),
        cmocka_unit_test(bizcal_4_8_a_month_of_holidays),
        cmocka_unit_test(bizcal_5_1_no_pause),
        cmocka_unit_test(bizcal_5_2_pause_carries_overnight),
        cmocka_unit_test(bizcal_5_3_pause_over_weekend),
        cmocka_unit_test(bizcal_5_4_pause_over_holiday),
        cmocka_unit_test(bizcal_5_5_negative_and_overflowing),
        cmocka_unit_test(bizcal_5_6_elapsed_minus_pause_is_target),
        cmocka_unit_test(bizcal_6_1_wib_ticket_before_utc_midnight),
        cmocka_unit_test(bizcal_6_2_utc_midnight_inside_a_working_day),
        cmocka_unit_test(bizcal_6_3_wit_monday_is_utc_sunday),
        cmocka_unit_test(bizcal_6_4_wita),
        cmocka_unit_test(bizcal_6_5_utc_calendar),
        cmocka_unit_test(bizcal_6_6_negative_offset_and_before_1970),
        cmocka_unit_test(bizcal_6_7_always_open),
        cmocka_unit_test(bizcal_6_8_hours_ending_at_midnight),
        cmocka_unit_test(bizcal_7_1_next_open),
        cmocka_unit_test(bizcal_8_1_no_working_time),
        cmocka_unit_test(bizcal_8_2_extreme_inputs_do_not_overflow),
        cmocka_unit_test(bizcal_8_3_a_year_of_minutes_exact),
        cmocka_unit_test(bizcal_8_4_large_targets_are_fast),
        cmocka_unit_test(bizcal_9_1_inverse_property),
        cmocka_unit_test(bizcal_9_2_matches_naive_reference),
        cmocka_unit_test(bizcal_9_3_additive_composable_monotonic),
        cmocka_unit_test(bizcal_10_1_day_matches_timegm),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
