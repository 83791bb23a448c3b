/* Partner letters as PDF (cairo + pango, A4): the office's letterhead and
** logo on each letter's first page, then the letter's text, a rendered
** template in the line markup of docs/letters.md (titles, article
** headings, "label | value" rows, numbered clauses, the annex table,
** signature blocks, page breaks). One PDF holds one letter or, in bulk,
** many: each starts on a new page and numbers its pages from 1. Pages are
** emitted as they fill, so a bulk PDF does not accumulate in memory. */
#ifndef LOKET_REPORT_LETTER_PDF_H
#define LOKET_REPORT_LETTER_PDF_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One row of the annex: the month's assignments. */
struct letter_annex_row {
    const char *activity_code, *activity_name, *work_area, *workload, *unit_rate, *fee;
};

struct letter_page {
    const char *title;      /* footer text, e.g. "Perjanjian Kerja 001/3171/SPK/III/2025" */
    const char *body;       /* the rendered template */
    int64_t unit_id;        /* logo cache key */
    const char *head_lines; /* letterhead name lines, '\n' between */
    const char *address;    /* printed under them */
    const void *logo;       /* PNG bytes or NULL */
    size_t logo_len;
    const struct letter_annex_row *rows;
    size_t n_rows;
    const char *total;      /* annex total in figures */
};

struct letter_pdf;
/* Paragraphs shaped once for a run of letters (report/pdf.h pdf_shapes):
** one per thread, outliving every letter_pdf that uses it. */
struct pdf_shapes;
struct pdf_shapes *letter_shapes_new(void);
void letter_shapes_free(struct pdf_shapes *s);

/* Whether png[0..n) is a PNG cairo decodes, at most 4000 pixels a side:
** 0, or ERR_INVALID (field "logo") / ERR_UNSUPPORTED for another type. */
int letter_pdf_logo_check(const void *png, size_t n, struct err *err);

/* A new PDF at path (NULL: in memory, see letter_pdf_close); shapes may be
** NULL. */
int letter_pdf_open(const char *path, struct pdf_shapes *shapes, struct letter_pdf **out,
                    struct err *err);
/* Adds one letter. A syntax error in the markup is not possible: every line
** means something; unknown [[directives]] print as text. */
int letter_pdf_add(struct letter_pdf *lp, const struct letter_page *pg, struct err *err);
/* Finishes and frees lp. In memory: *mem (malloc'd, caller frees) and *len
** when ok; mem may be NULL for a file. */
int letter_pdf_close(struct letter_pdf *lp, bool ok, unsigned char **mem, size_t *len,
                     struct err *err);

#endif
