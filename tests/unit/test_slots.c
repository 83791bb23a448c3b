/* slots-*: the capacity arithmetic of appointment services (core/slots.c)
** with exact days and instants written out.
**   1.x  the shape of a day: open/closed (weekend, holiday), slot count,
**        slot instants in WIB, slot index
**   2.x  capacity: per slot, daily quota only (spread over the slots), both
**   3.x  remaining counts per slot and per day as places are taken;
**        today's slots that started; the slot a booking gets
**   4.x  the next day with room; seats; estimated times; dates
** Calendar: WIB, Monday to Friday 08:00-16:00, holidays 24-25 Dec 2026. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/bizcal.h"
#include "core/err.h"
#include "core/slots.h"

static int32_t hol[2];

static struct bizcal cal(void)
{
    struct bizcal c;
    struct err e = {0};
    assert_int_equal(bizcal_init(&c, 420, "1,2,3,4,5", "08:00", "16:00", &e), 0);
    hol[0] = bizcal_day("2026-12-24");
    hol[1] = bizcal_day("2026-12-25");
    c.holidays = hol;
    c.n_holidays = 2;
    return c;
}

/* 2026-12-28 is a Monday; 08:00 WIB is 01:00 UTC. */
static const int64_t MON_0800 = 1798419600; /* 2026-12-28T01:00:00Z */

static void slots_1_1_open_days(void **state)
{
    (void)state;
    struct bizcal c = cal();
    assert_true(slots_day_open(&c, bizcal_day("2026-12-28")));  /* Mon */
    assert_true(slots_day_open(&c, bizcal_day("2026-12-23")));  /* Wed */
    assert_false(slots_day_open(&c, bizcal_day("2026-12-24"))); /* holiday */
    assert_false(slots_day_open(&c, bizcal_day("2026-12-25"))); /* holiday */
    assert_false(slots_day_open(&c, bizcal_day("2026-12-26"))); /* Sat */
    assert_false(slots_day_open(&c, bizcal_day("2026-12-27"))); /* Sun */
}

static void slots_1_2_shape(void **state)
{
    (void)state;
    struct bizcal c = cal();
    int32_t mon = bizcal_day("2026-12-28");
    assert_int_equal(slots_per_day(&c, 30), 16);
    assert_int_equal(slots_per_day(&c, 45), 10); /* 10 x 45 = 7.5 h; the rest is no slot */
    assert_int_equal(slots_per_day(&c, 5), 96);
    assert_int_equal(slots_start(&c, mon, 0, 30), MON_0800);
    assert_int_equal(slots_start(&c, mon, 15, 30), MON_0800 + 15 * 1800); /* 15:30 WIB */
    assert_int_equal(slots_index(&c, mon, MON_0800 + 1800, 30), 1);
    assert_int_equal(slots_index(&c, mon, MON_0800 + 60, 30), -1);      /* not a start */
    assert_int_equal(slots_index(&c, mon, MON_0800 + 16 * 1800, 30), -1); /* 16:00 */
    assert_int_equal(slots_index(&c, mon, MON_0800 - 1800, 30), -1);
    assert_int_equal(slots_local_day(&c, MON_0800 - 8 * 3600), mon);     /* 00:00 WIB */
    assert_int_equal(slots_local_day(&c, MON_0800 - 8 * 3600 - 1), mon - 1);
}

static void slots_2_1_capacity(void **state)
{
    (void)state;
    struct slot_rules both = {30, 2, 20}, per_slot = {30, 3, 0}, quota = {30, 0, 20};
    assert_int_equal(slots_cap(&both, 16), 2);
    assert_int_equal(slots_day_capacity(&both, 16), 20);     /* the quota is less than 32 */
    assert_int_equal(slots_day_capacity(&per_slot, 16), 48); /* no quota: 16 x 3 */
    assert_int_equal(slots_cap(&quota, 16), 2);              /* ceil(20 / 16) */
    assert_int_equal(slots_day_capacity(&quota, 16), 20);
    struct slot_rules big = {30, 2, 100};
    assert_int_equal(slots_day_capacity(&big, 16), 32); /* the slots hold less than the quota */
}

static void slots_3_1_remaining(void **state)
{
    (void)state;
    struct bizcal c = cal();
    struct slot_rules r = {60, 2, 5}; /* 8 slots of 2, at most 5 a day */
    struct slot_day d;
    slots_day_init(&d, &c, &r, bizcal_day("2026-12-28"), MON_0800 - 86400);
    assert_true(d.open);
    assert_int_equal(d.n_slots, 8);
    assert_int_equal(d.first, 0);
    assert_int_equal(slots_day_remaining(&d), 5);
    assert_int_equal(slots_slot_remaining(&d, 0), 2);
    assert_int_equal(slots_pick(&d), 0);
    d.taken[0] = 2, d.day_taken = 2;
    assert_int_equal(slots_slot_remaining(&d, 0), 0);
    assert_int_equal(slots_pick(&d), 1);
    assert_int_equal(slots_day_remaining(&d), 3);
    d.taken[1] = 2, d.taken[5] = 1, d.day_taken = 5; /* the quota is used up */
    assert_int_equal(slots_day_remaining(&d), 0);
    assert_int_equal(slots_slot_remaining(&d, 2), 0); /* a slot with room, a full day */
    assert_int_equal(slots_pick(&d), -1);
}

static void slots_3_2_closed_days(void **state)
{
    (void)state;
    struct bizcal c = cal();
    struct slot_rules r = {30, 2, 20};
    struct slot_day d;
    slots_day_init(&d, &c, &r, bizcal_day("2026-12-25"), 0);
    assert_false(d.open);
    assert_int_equal(slots_day_remaining(&d), 0);
    assert_int_equal(slots_pick(&d), -1);
    slots_day_init(&d, &c, &r, bizcal_day("2026-12-27"), 0);
    assert_false(d.open);
    assert_int_equal(slots_day_remaining(&d), 0);
}

static void slots_3_3_today_started_slots(void **state)
{
    (void)state;
    struct bizcal c = cal();
    struct slot_rules r = {60, 1, 0};
    struct slot_day d;
    /* Monday 10:15 WIB: the 08:00, 09:00 and 10:00 slots have started */
    slots_day_init(&d, &c, &r, bizcal_day("2026-12-28"), MON_0800 + 2 * 3600 + 900);
    assert_int_equal(d.first, 3);
    assert_int_equal(slots_slot_remaining(&d, 2), 0);
    assert_int_equal(slots_day_remaining(&d), 5);
    assert_int_equal(slots_pick(&d), 3);
    /* exactly at 11:00 the 11:00 slot has started too */
    slots_day_init(&d, &c, &r, bizcal_day("2026-12-28"), MON_0800 + 3 * 3600);
    assert_int_equal(d.first, 4);
    /* after closing: nothing left today */
    slots_day_init(&d, &c, &r, bizcal_day("2026-12-28"), MON_0800 + 9 * 3600);
    assert_int_equal(slots_day_remaining(&d), 0);
}

static void slots_4_1_next_with_room(void **state)
{
    (void)state;
    struct bizcal c = cal();
    struct slot_rules r = {480, 1, 0}; /* one slot, one place a day */
    struct slot_day days[6];
    int32_t wed = bizcal_day("2026-12-23");
    for (int i = 0; i < 6; i++)
        slots_day_init(&days[i], &c, &r, wed + i, 0);
    days[0].taken[0] = days[0].day_taken = 1; /* Wed full; Thu, Fri holidays; weekend */
    assert_int_equal(slots_next_with_room(days, 6), 5); /* Monday 28 Dec */
    days[5].taken[0] = days[5].day_taken = 1;
    assert_int_equal(slots_next_with_room(days, 6), -1);
}

static void slots_4_2_seats_and_estimates(void **state)
{
    (void)state;
    int used[] = {1, 3};
    assert_int_equal(slots_free_seat(used, 2, 3), 2);
    int all[] = {2, 1};
    assert_int_equal(slots_free_seat(all, 2, 2), 0);
    assert_int_equal(slots_free_seat(NULL, 0, 1), 1);
    assert_int_equal(slots_free_seat(NULL, 0, 0), 0);
    /* 30-minute slot, 2 places: the second is expected 15 minutes in */
    assert_int_equal(slots_estimate(MON_0800, 30, 2, 1), MON_0800);
    assert_int_equal(slots_estimate(MON_0800, 30, 2, 2), MON_0800 + 900);
    assert_int_equal(slots_estimate(MON_0800, 60, 3, 3), MON_0800 + 2400);
}

static void slots_4_3_dates(void **state)
{
    (void)state;
    char buf[11];
    slots_ymd(bizcal_day("2026-12-28"), buf);
    assert_string_equal(buf, "2026-12-28");
    slots_ymd(0, buf);
    assert_string_equal(buf, "1970-01-01");
    slots_ymd(bizcal_day("2028-02-29"), buf);
    assert_string_equal(buf, "2028-02-29");
    for (int32_t d = 0; d < 50000; d += 37) { /* round trip to 2106 */
        slots_ymd(d, buf);
        assert_int_equal(bizcal_day(buf), d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slots_1_1_open_days),
        cmocka_unit_test(slots_1_2_shape),
        cmocka_unit_test(slots_2_1_capacity),
        cmocka_unit_test(slots_3_1_remaining),
        cmocka_unit_test(slots_3_2_closed_days),
        cmocka_unit_test(slots_3_3_today_started_slots),
        cmocka_unit_test(slots_4_1_next_with_room),
        cmocka_unit_test(slots_4_2_seats_and_estimates),
        cmocka_unit_test(slots_4_3_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
