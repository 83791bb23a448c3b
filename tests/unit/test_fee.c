/* fee-*: the partner fee arithmetic of core/fee.c (issue #17): fee =
** volume × rate in whole rupiah with overflow checks, sums, leap years, the
** month an assignment counts in (one-day activities, activities over a
** year boundary, 29 February), the NIK check; and the CSV reader of the
** partner import (core/csv_read.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/csv_read.h"
#include "core/fee.h"

static void fee_1_multiply(void **state)
{
    (void)state;
    static const struct {
        int64_t volume, rate, fee;
        bool ok;
    } cases[] = {
        {262, 4000, 1048000, true}, /* the seed's contract: Rp 1.048.000 */
        {0, 4000, 0, true},
        {1, 0, 0, true},
        {1, FEE_MAX, FEE_MAX, true},
        {FEE_MAX, 1, FEE_MAX, true},
        {1000000000, 1000000, 1000000000000000, true}, /* exactly FEE_MAX */
        {1000000001, 1000000, 0, false},
        {2, FEE_MAX / 2 + 1, 0, false},
        {INT64_MAX, INT64_MAX, 0, false}, /* would wrap: refused, not wrapped */
        {INT64_MAX, 2, 0, false},
        {-1, 4000, 0, false},
        {1, -4000, 0, false},
        {INT64_MIN, -1, 0, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t out = -7;
        bool ok = fee_mul(cases[i].volume, cases[i].rate, &out);
        if (ok != cases[i].ok || (ok && out != cases[i].fee))
            fail_msg("%lld × %lld: ok %d fee %lld", (long long)cases[i].volume,
                     (long long)cases[i].rate, ok, (long long)out);
        if (!ok)
            assert_int_equal(out, -7); /* nothing written on refusal */
    }
}

static void fee_2_add(void **state)
{
    (void)state;
    int64_t s;
    assert_true(fee_add(1048000, 2000000, &s));
    assert_int_equal(s, 3048000);
    assert_true(fee_add(FEE_MAX - 1, 1, &s));
    assert_int_equal(s, FEE_MAX);
    assert_false(fee_add(FEE_MAX, 1, &s));
    assert_false(fee_add(INT64_MAX, INT64_MAX, &s));
    assert_false(fee_add(-1, 5, &s));
    assert_false(fee_add(5, INT64_MIN, &s));
}

static void fee_3_leap_years_and_dates(void **state)
{
    (void)state;
    assert_true(fee_leap(2024));
    assert_true(fee_leap(2000));
    assert_false(fee_leap(1900));
    assert_false(fee_leap(2100));
    assert_false(fee_leap(2026));
    assert_int_equal(fee_days_in_month(2024, 2), 29);
    assert_int_equal(fee_days_in_month(2026, 2), 28);
    assert_int_equal(fee_days_in_month(2026, 4), 30);
    assert_int_equal(fee_days_in_month(2026, 13), 0);
    struct ymd d;
    assert_true(fee_date_parse("2024-02-29", &d));
    assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20240229);
    static const char *const bad[] = {"2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01",
                                      "2026-00-10", "2026-01-00", "2026-1-01", "20260101",
                                      "2026-01-01x", "abcd-01-01", "", "1899-12-31"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (fee_date_parse(bad[i], &d))
            fail_msg("%s accepted", bad[i]);
    assert_false(fee_date_parse(NULL, &d));
    int y, m;
    assert_true(fee_month_parse("2026-03", &y, &m));
    assert_int_equal(y * 100 + m, 202603);
    assert_false(fee_month_parse("2026-3", &y, &m));
    assert_false(fee_month_parse("2026-00", &y, &m));
    assert_false(fee_month_parse("2026-03-01", &y, &m));
}

static struct ymd D(const char *s)
{
    struct ymd d;
    if (!fee_date_parse(s, &d))
        fail_msg("bad date %s", s);
    return d;
}

static void fee_4_period_months(void **state)
{
    (void)state;
    assert_int_equal(fee_period_months(D("2026-03-31"), D("2026-03-31")), 1); /* one day */
    assert_int_equal(fee_period_months(D("2026-03-01"), D("2026-03-31")), 1);
    assert_int_equal(fee_period_months(D("2026-02-15"), D("2026-03-15")), 2);
    assert_int_equal(fee_period_months(D("2025-12-31"), D("2026-01-01")), 2); /* a year turns */
    assert_int_equal(fee_period_months(D("2025-11-01"), D("2027-02-28")), 16);
    assert_int_equal(fee_period_months(D("2026-03-02"), D("2026-03-01")), 0); /* reversed */
    assert_int_equal(fee_period_months(D("2026-04-01"), D("2026-03-31")), 0);
}

static void fee_5_assignment_month(void **state)
{
    (void)state;
    static const struct {
        const char *start, *end, *month;
        enum fee_month_rc rc;
        const char *out;
    } cases[] = {
        /* a one-day activity: its month, given or not */
        {"2026-03-31", "2026-03-31", NULL, FEE_MONTH_OK, "2026-03"},
        {"2026-03-31", "2026-03-31", "2026-03", FEE_MONTH_OK, "2026-03"},
        {"2026-03-31", "2026-03-31", "2026-04", FEE_MONTH_OUTSIDE, NULL},
        {"2026-03-01", "2026-03-31", "", FEE_MONTH_OK, "2026-03"},
        /* over months: the month is needed and must be inside */
        {"2026-02-15", "2026-03-15", NULL, FEE_MONTH_NEEDED, NULL},
        {"2026-02-15", "2026-03-15", "2026-02", FEE_MONTH_OK, "2026-02"},
        {"2026-02-15", "2026-03-15", "2026-03", FEE_MONTH_OK, "2026-03"},
        {"2026-02-15", "2026-03-15", "2026-01", FEE_MONTH_OUTSIDE, NULL},
        {"2026-02-15", "2026-03-15", "2026-04", FEE_MONTH_OUTSIDE, NULL},
        /* over a year boundary */
        {"2025-12-15", "2026-01-15", NULL, FEE_MONTH_NEEDED, NULL},
        {"2025-12-15", "2026-01-15", "2025-12", FEE_MONTH_OK, "2025-12"},
        {"2025-12-15", "2026-01-15", "2026-01", FEE_MONTH_OK, "2026-01"},
        {"2025-12-15", "2026-01-15", "2025-11", FEE_MONTH_OUTSIDE, NULL},
        {"2025-12-15", "2026-01-15", "2026-02", FEE_MONTH_OUTSIDE, NULL},
        {"2025-12-15", "2026-01-15", "2024-12", FEE_MONTH_OUTSIDE, NULL},
        /* leap day: a one-day activity on 29 February 2028 */
        {"2028-02-29", "2028-02-29", NULL, FEE_MONTH_OK, "2028-02"},
        {"2028-01-31", "2028-02-29", "2028-02", FEE_MONTH_OK, "2028-02"},
        /* malformed */
        {"2026-02-15", "2026-03-15", "2026-3", FEE_MONTH_INVALID, NULL},
        {"2026-02-15", "2026-03-15", "maret", FEE_MONTH_INVALID, NULL},
        {"2026-02-15", "2026-03-15", "2026-13", FEE_MONTH_INVALID, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[8] = "";
        enum fee_month_rc rc =
            fee_assignment_month(D(cases[i].start), D(cases[i].end), cases[i].month, out);
        if (rc != cases[i].rc || (cases[i].out && strcmp(out, cases[i].out)))
            fail_msg("case %zu (%s..%s, %s): rc %d out %s", i, cases[i].start, cases[i].end,
                     cases[i].month ? cases[i].month : "-", rc, out);
    }
}

static void fee_6_nik(void **state)
{
    (void)state;
    static const char *const good[] = {
        "3273011505900001", /* Bandung, 15-05-90 */
        "3273015505900002", /* a woman: day 15 + 40 */
        "3273012902000001", /* 29-02-2000 (a leap year) */
        "3273016902000001", /* ... a woman born that day */
        "1101013112990001", /* Aceh, 31-12-99 */
        "9471010101010001", /* Papua */
        "9671010101010001", /* Papua Barat Daya (2022) */
        "2171010101010001", /* Kepulauan Riau */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (fee_nik_problem(good[i]))
            fail_msg("%s: %s", good[i], fee_nik_problem(good[i]));
    static const char *const bad[] = {
        "327301150590001",   /* 15 digits */
        "32730115059000011", /* 17 */
        "3273011505900a01",  /* a letter */
        "",
        "1001011505900001", /* province 10 */
        "2073011505900001", /* province 20 */
        "9773011505900001", /* province 97 */
        "3200011505900001", /* regency 00 */
        "3273001505900001", /* district 00 */
        "3273010005900001", /* day 0 */
        "3273013205900001", /* day 32 */
        "3273014005900001", /* day 40 = a woman's day 0 */
        "3273017205900001", /* a woman's day 32 */
        "3273011500900001", /* month 0 */
        "3273011513900001", /* month 13 */
        "3273013102900001", /* 31 February */
        "3273012902010001", /* 29 February 1901 / 2001 */
        "3273013104900001", /* 31 April */
        "3273011505900000", /* serial 0000 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (!fee_nik_problem(bad[i]))
            fail_msg("%s accepted", bad[i]);
    assert_non_null(fee_nik_problem(NULL));
}

static struct csv_table read_ok(struct arena *a, const char *text)
{
    struct csv_table t;
    char why[128] = "";
    if (csv_read(text, strlen(text), a, &t, why, sizeof why) != 0)
        fail_msg("%s: %s", text, why);
    return t;
}

static void fee_7_csv_reader(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct csv_table t = read_ok(a, "\xEF\xBB\xBFname,nik\r\n\"A, B\",\"1\"\"2\"\r\n\r\nC,\n");
    assert_int_equal(t.n, 3);
    assert_string_equal(t.rows[0].cells[0], "name"); /* the byte-order mark is gone */
    assert_string_equal(t.rows[1].cells[0], "A, B");
    assert_string_equal(t.rows[1].cells[1], "1\"2");
    assert_int_equal(t.rows[2].n, 2);
    assert_string_equal(t.rows[2].cells[1], "");
    assert_int_equal(t.rows[2].line, 4); /* the blank line 3 is skipped, still counted */
    t = read_ok(a, "name;address\nX;\"Jl. A; No. 1\nRT 2\"\nY;Z");
    assert_int_equal(t.n, 3);
    assert_string_equal(t.rows[1].cells[1], "Jl. A; No. 1\nRT 2"); /* semicolons */
    assert_int_equal(t.rows[2].line, 4);
    assert_string_equal(t.rows[2].cells[1], "Z"); /* no line break at the end */
    t = read_ok(a, "a,b;c\n1,2;3\n");
    assert_int_equal(t.rows[1].n, 2); /* commas win when both appear */
    t = read_ok(a, "");
    assert_int_equal(t.n, 0);
    static const char *const bad[] = {
        "a,b\n\"open,2\n",   /* a quote not closed */
        "a,b\nx\"y,2\n",     /* a quote inside an unquoted field */
        "a,b\n\"x\"y,2\n",   /* text after a closing quote */
        "a,b\n\xC3\x28,2\n", /* not UTF-8 */
        "a,b\n\xED\xA0\x80,2\n", /* a surrogate */
        "a,b\n\xC0\xAF,2\n",     /* an overlong */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char why[128] = "";
        if (csv_read(bad[i], strlen(bad[i]), a, &t, why, sizeof why) == 0 || !why[0])
            fail_msg("case %zu accepted", i);
    }
    char why[128];
    assert_int_not_equal(csv_read("a\0b", 3, a, &t, why, sizeof why), 0); /* NUL */
    /* limits: columns and field length */
    char wide[200] = "";
    for (int i = 0; i < CSV_MAX_COLS + 1; i++)
        strcat(wide, i ? ",x" : "x");
    assert_int_not_equal(csv_read(wide, strlen(wide), a, &t, why, sizeof why), 0);
    size_t n = CSV_MAX_FIELD + 10;
    char *long_field = malloc(n + 1);
    memset(long_field, 'x', n);
    long_field[n] = 0;
    assert_int_not_equal(csv_read(long_field, n, a, &t, why, sizeof why), 0);
    free(long_field);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fee_1_multiply),          cmocka_unit_test(fee_2_add),
        cmocka_unit_test(fee_3_leap_years_and_dates), cmocka_unit_test(fee_4_period_months),
        cmocka_unit_test(fee_5_assignment_month),  cmocka_unit_test(fee_6_nik),
        cmocka_unit_test(fee_7_csv_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
