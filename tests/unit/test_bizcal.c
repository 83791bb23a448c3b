/* bizcal-*: business-time arithmetic with exact instants — overnight,
** weekends, holidays, pauses, time-zone edges, and the inverse property
** minutes_between(from, add(from, m)) == m over many random cases. */
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

/* "2026-11-23T08:00:00+07:00" → unix seconds */
static int64_t at(const char *s)
{
    struct tm tm = {0};
    int oh = 0, om = 0;
    char sign = '+';
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &sign, &oh, &om) < 6)
        fail_msg("bad instant %s", s);
    if (sign == 'Z')
        oh = om = 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    int64_t off = (oh * 60 + om) * 60 * (sign == '-' ? -1 : 1);
    return (int64_t)timegm(&tm) - off;
}

static int32_t holidays[3];
static struct bizcal wib;

static int setup(void **state)
{
    (void)state;
    struct err e = {0};
    if (bizcal_init(&wib, 420, "1,2,3,4,5", "08:00", "16:00", &e) != 0)
        return -1;
    holidays[0] = bizcal_day("2026-03-19"); /* Nyepi, Thursday */
    holidays[1] = bizcal_day("2026-03-20"); /* Idulfitri, Friday */
    holidays[2] = bizcal_day("2026-12-25"); /* Natal, Friday */
    wib.holidays = holidays;
    wib.n_holidays = 3;
    return 0;
}

#define ADD(from, m, want) assert_int_equal(bizcal_add_minutes(&wib, at(from), m), at(want))
#define BETWEEN(from, to, want) assert_int_equal(bizcal_minutes_between(&wib, at(from), at(to)), want)

static void bizcal_1_same_day(void **s)
{
    (void)s;
    ADD("2026-11-23T09:00:00+07:00", 60, "2026-11-23T10:00:00+07:00");
    ADD("2026-11-23T15:00:00+07:00", 60, "2026-11-23T16:00:00+07:00"); /* ends at closing */
    BETWEEN("2026-11-23T09:00:00+07:00", "2026-11-23T10:30:00+07:00", 90);
    BETWEEN("2026-11-23T10:00:00+07:00", "2026-11-23T09:00:00+07:00", 0);
}

static void bizcal_2_overnight(void **s)
{
    (void)s;
    ADD("2026-11-23T15:30:00+07:00", 60, "2026-11-24T08:30:00+07:00");
    ADD("2026-11-23T16:00:00+07:00", 1, "2026-11-24T08:01:00+07:00"); /* at closing */
    ADD("2026-11-23T18:00:00+07:00", 1, "2026-11-24T08:01:00+07:00"); /* after closing */
    ADD("2026-11-23T06:30:00+07:00", 30, "2026-11-23T08:30:00+07:00"); /* before opening */
    BETWEEN("2026-11-23T15:00:00+07:00", "2026-11-24T09:00:00+07:00", 120);
}

static void bizcal_3_weekend(void **s)
{
    (void)s;
    ADD("2026-11-27T15:00:00+07:00", 120, "2026-11-30T09:00:00+07:00"); /* Fri -> Mon */
    ADD("2026-11-28T10:00:00+07:00", 60, "2026-11-30T09:00:00+07:00");  /* from Saturday */
    BETWEEN("2026-11-27T15:00:00+07:00", "2026-11-30T09:00:00+07:00", 120);
    BETWEEN("2026-11-28T00:00:00+07:00", "2026-11-30T00:00:00+07:00", 0);
    BETWEEN("2026-11-23T00:00:00+07:00", "2026-11-30T00:00:00+07:00", 5 * 480);
}

static void bizcal_4_holidays(void **s)
{
    (void)s;
    ADD("2026-12-24T15:00:00+07:00", 120, "2026-12-28T09:00:00+07:00"); /* Christmas Friday */
    ADD("2026-03-18T15:00:00+07:00", 120, "2026-03-23T09:00:00+07:00"); /* Nyepi + Idulfitri */
    BETWEEN("2026-03-18T08:00:00+07:00", "2026-03-24T08:00:00+07:00", 2 * 480); /* Wed, Mon */
    /* a long target across a holiday in the middle */
    ADD("2026-12-21T08:00:00+07:00", 6 * 480, "2026-12-29T16:00:00+07:00");
}

static void bizcal_5_default_24h_is_three_working_days(void **s)
{
    (void)s;
    ADD("2026-11-23T08:00:00+07:00", 1440, "2026-11-25T16:00:00+07:00");
    ADD("2026-11-26T12:00:00+07:00", 1440, "2026-12-01T12:00:00+07:00"); /* over a weekend */
}

static void bizcal_6_pauses(void **s)
{
    (void)s;
    assert_int_equal(bizcal_due(&wib, at("2026-11-23T08:00:00+07:00"), 480, 60),
                     at("2026-11-24T09:00:00+07:00"));
    assert_int_equal(bizcal_due(&wib, at("2026-11-23T08:00:00+07:00"), 480, 0),
                     at("2026-11-23T16:00:00+07:00"));
}

static void bizcal_7_time_zone_edges(void **s)
{
    (void)s;
    struct err e = {0};
    struct bizcal wit, utc;
    assert_int_equal(bizcal_init(&wit, 540, "1,2,3,4,5", "08:00", "16:00", &e), 0);
    assert_int_equal(bizcal_init(&utc, 0, "1,2,3,4,5", "08:00", "16:00", &e), 0);
    /* Monday 08:00 WIT is Sunday 23:00 UTC */
    assert_int_equal(bizcal_add_minutes(&wit, at("2026-11-22T23:00:00Z"), 60),
                     at("2026-11-23T00:00:00Z"));
    /* the UTC day boundary inside a WIB working day does not split it */
    BETWEEN("2026-11-23T00:30:00Z", "2026-11-23T02:00:00Z", 60);
    /* a ticket at 23:30 UTC Sunday is 06:30 Monday in Jakarta */
    ADD("2026-11-22T23:30:00Z", 30, "2026-11-23T08:30:00+07:00");
    assert_int_equal(bizcal_add_minutes(&utc, at("2026-11-23T07:00:00Z"), 30),
                     at("2026-11-23T08:30:00Z"));
}

static void bizcal_8_edges(void **s)
{
    (void)s;
    int64_t t = at("2026-11-28T10:00:00+07:00");
    assert_int_equal(bizcal_add_minutes(&wib, t, 0), t);
    struct bizcal none = wib;
    none.work_days = 0;
    assert_int_equal(bizcal_add_minutes(&none, t, 10), BIZCAL_NEVER);
    assert_int_equal(bizcal_minutes_between(&none, t, t + 86400 * 30), 0);
    struct err e = {0};
    struct bizcal x;
    assert_int_equal(bizcal_init(&x, 420, "", "08:00", "16:00", &e), ERR_INVALID);
    assert_int_equal(bizcal_init(&x, 420, "1,2,9", "08:00", "16:00", &e), ERR_INVALID);
    assert_int_equal(bizcal_init(&x, 420, "1", "16:00", "08:00", &e), ERR_INVALID);
    assert_int_equal(bizcal_init(&x, 420, "1,2,3,4,5,6,7", "00:00", "24:00", &e), 0);
    assert_int_equal(bizcal_minutes_between(&x, t, t + 86400), 1440);
    /* a year of business minutes stays fast and exact */
    int64_t far = bizcal_add_minutes(&wib, at("2026-01-05T08:00:00+07:00"), 525600);
    assert_int_equal(bizcal_minutes_between(&wib, at("2026-01-05T08:00:00+07:00"), far), 525600);
}

static void bizcal_9_inverse_property(void **s)
{
    (void)s;
    srand(2026);
    int64_t base = at("2026-01-01T00:00:00Z");
    for (int i = 0; i < 5000; i++) {
        int64_t from = base + (int64_t)(rand() % (365 * 86400)) + rand() % 60;
        int64_t m = rand() % 6000;
        int64_t due = bizcal_add_minutes(&wib, from, m);
        if (bizcal_minutes_between(&wib, from, due) != m)
            fail_msg("from %lld + %lld -> %lld, between %lld", (long long)from, (long long)m,
                     (long long)due, (long long)bizcal_minutes_between(&wib, from, due));
        /* the due instant never falls on a holiday or weekend */
        if (m > 0) {
            int64_t local = due + 420 * 60 - 1;
            int32_t day = (int32_t)(local / 86400);
            int iso = (int)((day % 7 + 7 + 3) % 7) + 1;
            assert_true(iso <= 5);
            for (size_t h = 0; h < wib.n_holidays; h++)
                assert_int_not_equal(day, holidays[h]);
        }
    }
}

static void bizcal_10_days_and_zones(void **s)
{
    (void)s;
    assert_int_equal(bizcal_day("1970-01-01"), 0);
    assert_int_equal(bizcal_day("2026-08-17"), (int32_t)(at("2026-08-17T00:00:00Z") / 86400));
    assert_int_equal(bizcal_day("2024-02-29"), (int32_t)(at("2024-02-29T00:00:00Z") / 86400));
    assert_int_equal(bizcal_day("2026-8-17"), -1);
    assert_int_equal(bizcal_day("kemarin"), -1);
    assert_int_equal(bizcal_day(NULL), -1);
    int off = 0;
    assert_int_equal(bizcal_zone_offset("Asia/Jakarta", &off), 0);
    assert_int_equal(off, 420);
    assert_int_equal(bizcal_zone_offset("Asia/Makassar", &off), 0);
    assert_int_equal(off, 480);
    assert_int_equal(bizcal_zone_offset("Asia/Jayapura", &off), 0);
    assert_int_equal(off, 540);
    assert_int_equal(bizcal_zone_offset("-03:30", &off), 0);
    assert_int_equal(off, -210);
    assert_int_equal(bizcal_zone_offset("Europe/Atlantis", &off), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bizcal_1_same_day),
        cmocka_unit_test(bizcal_2_overnight),
        cmocka_unit_test(bizcal_3_weekend),
        cmocka_unit_test(bizcal_4_holidays),
        cmocka_unit_test(bizcal_5_default_24h_is_three_working_days),
        cmocka_unit_test(bizcal_6_pauses),
        cmocka_unit_test(bizcal_7_time_zone_edges),
        cmocka_unit_test(bizcal_8_edges),
        cmocka_unit_test(bizcal_9_inverse_property),
        cmocka_unit_test(bizcal_10_days_and_zones),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
