/* csv-*: report/csv.c writes exactly RFC 4180 with a BOM, and text that a
** spreadsheet would run as a formula (OWASP "CSV injection": = + - @, tab,
** carriage return first) as quoted text behind a single quote, while
** numbers, negative ones too, stay plain numbers (issue #15 item 9). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/report.h"

static const struct rcol cols[] = {
    {"title", "Judul", RT_TEXT, 30}, {"n", "Jumlah", RT_INT, 8}, {"d", "Rerata", RT_NUM, 8}};

/* The bytes the sink writes for one section of the given rows. */
static char *csv_of(const struct rcell *cells, size_t n_rows, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    struct rsink *s = report_csv_sink(f);
    struct err e = {0};
    struct rdoc doc = {.title = "Uji"};
    struct rsection sec = {.key = "rows", .title = "Uji", .cols = cols, .n_cols = 3};
    assert_int_equal(s->begin(s, &doc, &e), 0);
    assert_int_equal(s->section(s, &sec, &e), 0);
    for (size_t i = 0; i < n_rows; i++)
        assert_int_equal(s->row(s, cells + i * 3, &e), 0);
    assert_int_equal(s->end(s, true, &e), 0);
    fclose(f);
    return buf;
}

static void csv_1_formulas_neutralised(void **state)
{
    (void)state;
    const struct rcell rows[] = {
        {.s = "=HYPERLINK(\"http://x\",\"klik\")"}, {.i = -5}, {.d = -1.5},
        {.s = "+62 812"}, {.i = 3}, {.d = 0},
        {.s = "-1+1"}, {.i = 0}, {.null = true},
        {.s = "@SUM(A1)"}, {.null = true}, {.d = 2},
        {.s = "\tx"}, {.i = 1}, {.d = 1},
        {.s = "\rx"}, {.i = 1}, {.d = 1},
        {.s = "Printer, lantai 2"}, {.i = 1}, {.d = 1},
        {.s = "biasa -5 = @"}, {.i = 1}, {.d = 1},
        {.s = ""}, {.i = 1}, {.d = 1},
    };
    size_t len;
    char *got = csv_of(rows, sizeof rows / sizeof rows[0] / 3, &len);
    /* decimals with the Indonesian decimal comma, quoted (issue #20 item 9);
    ** a negative one is a number, not a formula: no quote mark before it */
    static const char want[] = "\xEF\xBB\xBF"
                               "title,n,d\r\n"
                               "\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\",-5,\"-1,50\"\r\n"
                               "\"'+62 812\",3,\"0,00\"\r\n"
                               "\"'-1+1\",0,\r\n"
                               "\"'@SUM(A1)\",,\"2,00\"\r\n"
                               "\"'\tx\",1,\"1,00\"\r\n"
                               "\"'\rx\",1,\"1,00\"\r\n"
                               "\"Printer, lantai 2\",1,\"1,00\"\r\n"
                               "biasa -5 = @,1,\"1,00\"\r\n"
                               ",1,\"1,00\"\r\n";
    assert_int_equal(len, sizeof want - 1);
    assert_memory_equal(got, want, len);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_1_formulas_neutralised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
