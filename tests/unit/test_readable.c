/* readable-*: report/readable.c — Indonesian numbers ("1.234", "100,00"),
** durations in words ("< 1 menit"), and a created-vs-resolved series with
** a 0 for every day, week or month of the period (issue #20 item 9). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/arena.h"
#include "report/report.h"
#include "store/report_store.h"

static void readable_1_numbers(void **state)
{
    (void)state;
    char b[48];
    report_int_text(b, sizeof b, 0);
    assert_string_equal(b, "0");
    report_int_text(b, sizeof b, 999);
    assert_string_equal(b, "999");
    report_int_text(b, sizeof b, 1234);
    assert_string_equal(b, "1.234");
    report_int_text(b, sizeof b, -1234567);
    assert_string_equal(b, "-1.234.567");
    report_num_text(b, sizeof b, 100, 2);
    assert_string_equal(b, "100,00");
    report_num_text(b, sizeof b, 1234567.891, 2);
    assert_string_equal(b, "1.234.567,89");
    report_num_text(b, sizeof b, 95.26, 1);
    assert_string_equal(b, "95,3");
    report_num_text(b, sizeof b, -0.001, 2);
    assert_string_equal(b, "0,00"); /* no "-0,00" */
}

static void readable_2_minutes(void **state)
{
    (void)state;
    char b[48];
    report_minutes_text(b, sizeof b, 0);
    assert_string_equal(b, "< 1 menit");
    report_minutes_text(b, sizeof b, 45);
    assert_string_equal(b, "45 menit");
    report_minutes_text(b, sizeof b, 125);
    assert_string_equal(b, "2 jam 5 menit");
    report_minutes_text(b, sizeof b, 120);
    assert_string_equal(b, "2 jam");
    report_minutes_text(b, sizeof b, 3 * 1440 + 130);
    assert_string_equal(b, "3 hari 2 jam");
}

/* unix seconds of a WIB midnight */
static int64_t wib(int y, int m, int d)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    return (int64_t)timegm(&tm) - REPORT_TZ_OFFSET;
}

static void readable_3_series_fill(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct report_series in[] = {{"2025-03-03", 2, 0}, {"2025-03-05", 1, 3}};
    struct report_series *rows = in;
    size_t n = 2;
    struct ticket_query q = {.created_from = wib(2025, 3, 1), .created_to = wib(2025, 4, 1)};
    report_series_fill(&q, "day", a, &rows, &n);
    assert_int_equal(n, 31);
    assert_string_equal(rows[0].key, "2025-03-01");
    assert_string_equal(rows[30].key, "2025-03-31");
    assert_int_equal(rows[2].created, 2);
    assert_int_equal(rows[3].created, 0);
    assert_int_equal(rows[4].resolved, 3);
    /* months of a year, the rows' own span when the period is open */
    struct report_series mon[] = {{"2025-01", 1, 1}, {"2025-04", 4, 2}};
    rows = mon;
    n = 2;
    struct ticket_query open = {0};
    report_series_fill(&open, "month", a, &rows, &n);
    assert_int_equal(n, 4);
    assert_string_equal(rows[1].key, "2025-02");
    assert_int_equal(rows[1].created, 0);
    assert_int_equal(rows[3].created, 4);
    /* weeks start on Monday: 2025-03-03 was one */
    struct report_series wk[] = {{"2025-03-03", 1, 0}, {"2025-03-17", 1, 0}};
    rows = wk;
    n = 2;
    report_series_fill(&open, "week", a, &rows, &n);
    assert_int_equal(n, 3);
    assert_string_equal(rows[1].key, "2025-03-10");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(readable_1_numbers),
        cmocka_unit_test(readable_2_minutes),
        cmocka_unit_test(readable_3_series_fill),
    };
    return cmocka_run_group_tests_name("readable", tests, NULL, NULL);
}
