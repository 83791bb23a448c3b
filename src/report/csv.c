/* CSV sink: RFC 4180 (CRLF, fields with comma, quote or line break quoted,
** quotes doubled), text that looks like a formula neutralised (field),
** UTF-8 with a byte-order mark so spreadsheet programs read Indonesian
** names right. Decimals are written the Indonesian way ("100,00", quoted).
** Several sections are separated by a blank line and a title
** line. */
#include "report/report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct csv_sink {
    struct rsink base;
    FILE *f;
    const struct rsection *sec;
    size_t n_sections;
};

/* Text a spreadsheet would run as a formula (OWASP "CSV injection": a
** cell starting with = + - @, tab or carriage return) gets a single quote
** in front and is quoted; requesters control titles and names. Numbers
** are written by csv_row, never through here, so -5 stays a number. */
static bool formula_like(const char *s)
{
    return *s && strchr("=+-@\t\r", *s);
}

static void field(FILE *f, const char *s)
{
    if (!s)
        return;
    bool formula = formula_like(s);
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int csv_begin(struct rsink *s, const struct rdoc *doc, struct err *err)
{
    (void)doc;
    (void)err;
    fputs("\xEF\xBB\xBF", ((struct csv_sink *)s)->f);
    return 0;
}

static int csv_section(struct rsink *s, const struct rsection *sec, struct err *err)
{
    struct csv_sink *c = (struct csv_sink *)s;
    (void)err;
    /* One table stays plain CSV; a multi-section document titles each. */
    if (c->n_sections++ > 0)
        fputs("\r\n", c->f);
    if (sec->title && c->n_sections > 1) {
        field(c->f, sec->title);
        fputs("\r\n", c->f);
    }
    c->sec = sec;
    for (size_t i = 0; i < sec->n_cols; i++) {
        if (i)
            fputc(',', c->f);
        field(c->f, sec->cols[i].key);
    }
    fputs("\r\n", c->f);
    return 0;
}

static int csv_row(struct rsink *s, const struct rcell *cells, struct err *err)
{
    struct csv_sink *c = (struct csv_sink *)s;
    char buf[32];
    for (size_t i = 0; i < c->sec->n_cols; i++) {
        if (i)
            fputc(',', c->f);
        const struct rcell *v = &cells[i];
        if (v->null)
            continue;
        switch (c->sec->cols[i].type) {
        case RT_TEXT:
            field(c->f, v->s);
            break;
        case RT_INT:
            fprintf(c->f, "%" PRId64, v->i);
            break;
        case RT_NUM: /* "1.234,50": a decimal comma, read as a number in the
                      * Indonesian locale; whole numbers stay plain digits */
            report_num_text(buf, sizeof buf, v->d, 2);
            fprintf(c->f, "\"%s\"", buf); /* not field(): -5,00 is no formula */
            break;
        case RT_TIME:
            report_time_text(buf, sizeof buf, v->i);
            fputs(buf, c->f);
            break;
        }
    }
    if (fputs("\r\n", c->f) < 0)
        return err_set(err, ERR_INTERNAL, "export.write", "gagal menulis berkas",
                       "could not write the file");
    return 0;
}

static int csv_end(struct rsink *s, bool ok, struct err *err)
{
    struct csv_sink *c = (struct csv_sink *)s;
    int rc = fflush(c->f) == 0 || !ok ? 0 : err_set(err, ERR_INTERNAL, "export.write",
                                                    "gagal menulis berkas",
                                                    "could not write the file");
    free(c);
    return rc;
}

struct rsink *report_csv_sink(FILE *f)
{
    struct csv_sink *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->base = (struct rsink){csv_begin, csv_section, csv_row, csv_end};
    c->f = f;
    return &c->base;
}
