/* chart-*: report/chart_lang.c — a chart asked for in English gets its
** title, series names and word labels (statuses, channels, tiers, months,
** none) in English from the rows' codes; names of units stay as they are;
** report/chart.c draws it to SVG and PNG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "report/report.h"

static const struct rcol cols[] = {
    {"key", "Kode", RT_TEXT, 12}, {"label", "Nama", RT_TEXT, 36}, {"count", "Jumlah", RT_INT, 10}};

static struct rsection section(struct arena *a, const char *const *keys, const char *const *ids,
                               size_t n)
{
    struct rsection s = {.key = "rows", .cols = cols, .n_cols = 3, .n_rows = n};
    s.cells = arena_alloc(a, n * 3 * sizeof *s.cells);
    const char **labels = arena_alloc(a, n * sizeof *labels);
    double *v = arena_alloc(a, n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        s.cells[i * 3].s = keys[i];
        s.cells[i * 3 + 1].s = labels[i] = ids[i];
        v[i] = (double)(i + 1);
    }
    s.chart = (struct chart){CHART_BARS, "Tiket per status", n, labels, v, NULL, "Jumlah", NULL};
    return s;
}

static void chart_1_english_status(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *keys[] = {"new", "in_progress", "closed"};
    const char *ids[] = {"Baru", "Diproses", "Ditutup"};
    struct rsection s = section(a, keys, ids, 3);
    chart_english(&s, "status", a);
    assert_string_equal(s.chart.title, "Tickets by status");
    assert_string_equal(s.chart.a_name, "Count");
    assert_string_equal(s.chart.labels[0], "New");
    assert_string_equal(s.chart.labels[1], "In progress");
    assert_string_equal(s.chart.labels[2], "Closed");
    assert_string_equal(s.cells[1].s, "Baru"); /* the report's own rows are untouched */
    arena_free(a);
}

static void chart_2_english_other_dimensions(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *ukeys[] = {"3", ""};
    const char *uids[] = {"Dinas Kesehatan", "(tidak ada)"};
    struct rsection u = section(a, ukeys, uids, 2);
    u.chart.title = "Tiket per unit";
    chart_english(&u, "unit", a);
    assert_string_equal(u.chart.title, "Tickets by unit");
    assert_string_equal(u.chart.labels[0], "Dinas Kesehatan");
    assert_string_equal(u.chart.labels[1], "(none)");
    const char *mkeys[] = {"2026-03"};
    const char *mids[] = {"Maret 2026"};
    struct rsection m = section(a, mkeys, mids, 1);
    chart_english(&m, "month", a);
    assert_string_equal(m.chart.labels[0], "Mar 2026");
    const char *ckeys[] = {"walk_in", "phone"};
    const char *cids[] = {"Datang langsung", "Telepon"};
    struct rsection c = section(a, ckeys, cids, 2);
    chart_english(&c, "channel", a);
    assert_string_equal(c.chart.labels[0], "Walk-in");
    assert_string_equal(c.chart.labels[1], "Phone");
    arena_free(a);
}

static void chart_3_renders(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *keys[] = {"new"};
    const char *ids[] = {"Baru"};
    struct rsection s = section(a, keys, ids, 1);
    s.chart.kind = CHART_LINES; /* one point: drawn as a dot */
    unsigned char *out;
    size_t len;
    struct err e = {0};
    assert_int_equal(chart_render(&s.chart, false, 640, 320, &out, &len, &e), 0);
    assert_true(len > 100 && memmem(out, len, "<svg", 4) != NULL);
    free(out);
    assert_int_equal(chart_render(&s.chart, true, 640, 320, &out, &len, &e), 0);
    assert_memory_equal(out, "\x89PNG", 4);
    free(out);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chart_1_english_status),
        cmocka_unit_test(chart_2_english_other_dimensions),
        cmocka_unit_test(chart_3_renders),
    };
    return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
