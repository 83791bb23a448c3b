/* XLSX sink (libxlsxwriter): one worksheet per section, a bold header row
** frozen in place, column widths from the report's columns, numbers as
** numbers and times as real date cells (WIB). Constant-memory mode writes
** each row to a temporary file as it comes, so a year of tickets does not
** sit in memory. */
#include "report/report.h"
#include "store/report_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

struct xlsx_sink {
    struct rsink base;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *date, *num, *integer;
    const struct rsection *sec;
    lxw_row_t row;
    size_t n_sheets;
    lxw_error failed;
};

static int xlsx_fail(struct xlsx_sink *x, struct err *err)
{
    return err_set(err, ERR_INTERNAL, "export.xlsx", "gagal menulis XLSX: %s",
                   "could not write XLSX: %s", lxw_strerror(x->failed));
}

static int xlsx_begin(struct rsink *s, const struct rdoc *doc, struct err *err)
{
    struct xlsx_sink *x = (struct xlsx_sink *)s;
    (void)err;
    char title[200];
    snprintf(title, sizeof title, "%s", doc->title ? doc->title : "");
    lxw_doc_properties props = {.title = title};
    workbook_set_properties(x->wb, &props);
    return 0;
}

/* Worksheet names: at most 31 characters, none of []:*?/\ , unique. */
static void sheet_name(char *out, size_t len, size_t index, const char *title)
{
    snprintf(out, len, "%zu %s", index, title ? title : "Data");
    for (char *p = out; *p; p++)
        if (strchr("[]:*?/\\", *p))
            *p = ' ';
    if (strlen(out) > 31) {
        out[31] = 0;
        /* never cut a UTF-8 sequence in half */
        size_t n = 31;
        while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0xC0)
            n--;
        out[n] = 0;
    }
}

static int xlsx_section(struct rsink *s, const struct rsection *sec, struct err *err)
{
    struct xlsx_sink *x = (struct xlsx_sink *)s;
    char name[64];
    sheet_name(name, sizeof name, ++x->n_sheets, sec->title);
    x->ws = workbook_add_worksheet(x->wb, name);
    if (!x->ws) {
        x->failed = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return xlsx_fail(x, err);
    }
    x->sec = sec;
    for (size_t i = 0; i < sec->n_cols; i++) {
        worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, sec->cols[i].width, NULL);
        worksheet_write_string(x->ws, 0, (lxw_col_t)i, sec->cols[i].label, x->bold);
    }
    worksheet_freeze_panes(x->ws, 1, 0);
    x->row = 1;
    return 0;
}

static int xlsx_row(struct rsink *s, const struct rcell *cells, struct err *err)
{
    struct xlsx_sink *x = (struct xlsx_sink *)s;
    for (size_t i = 0; i < x->sec->n_cols; i++) {
        const struct rcell *v = &cells[i];
        lxw_col_t col = (lxw_col_t)i;
        lxw_error e = LXW_NO_ERROR;
        if (v->null)
            continue;
        switch (x->sec->cols[i].type) {
        case RT_TEXT:
            if (v->s && *v->s)
                e = worksheet_write_string(x->ws, x->row, col, v->s, NULL);
            break;
        case RT_INT:
            e = worksheet_write_number(x->ws, x->row, col, (double)v->i, x->integer);
            break;
        case RT_NUM:
            e = worksheet_write_number(x->ws, x->row, col, v->d, x->num);
            break;
        case RT_TIME: {
            if (!v->i)
                break;
            time_t lt = (time_t)(v->i + REPORT_TZ_OFFSET);
            struct tm tm;
            gmtime_r(&lt, &tm);
            lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                               tm.tm_min, tm.tm_sec};
            e = worksheet_write_datetime(x->ws, x->row, col, &dt, x->date);
            break;
        }
        }
        if (e != LXW_NO_ERROR) {
            x->failed = e;
            return xlsx_fail(x, err);
        }
    }
    x->row++;
    return 0;
}

static int xlsx_end(struct rsink *s, bool ok, struct err *err)
{
    struct xlsx_sink *x = (struct xlsx_sink *)s;
    lxw_error e = workbook_close(x->wb);
    int rc = 0;
    if (ok && e != LXW_NO_ERROR) {
        x->failed = e;
        rc = xlsx_fail(x, err);
    }
    free(x);
    return rc;
}

struct rsink *report_xlsx_sink(const char *path)
{
    struct xlsx_sink *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    x->wb = workbook_new_opt(path, &opt);
    if (!x->wb) {
        free(x);
        return NULL;
    }
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    x->date = workbook_add_format(x->wb);
    /* day first, as Indonesians write dates; the separators of numbers are
    ** the reader's locale's (1.234,50 in Indonesian), the cells stay numbers */
    format_set_num_format(x->date, "dd/mm/yyyy hh:mm");
    x->num = workbook_add_format(x->wb);
    format_set_num_format(x->num, "#,##0.00");
    x->integer = workbook_add_format(x->wb);
    format_set_num_format(x->integer, "#,##0");
    x->base = (struct rsink){xlsx_begin, xlsx_section, xlsx_row, xlsx_end};
    return &x->base;
}
