/* A4 PDF pages drawn with cairo + pango, shared by the report sink and the
** per-ticket documents: the letterhead (organisation name and logo), text
** blocks, page numbers in the footer, and page breaks. Internal to report/. */
#ifndef LOKET_REPORT_PDF_H
#define LOKET_REPORT_PDF_H

#include "report/report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

static const double PDF_W = 595.28, PDF_H = 841.89, PDF_MARGIN = 42;

/* Shaped text kept across pages and documents (see pdf_shapes_new). */
struct pdf_shapes;

struct pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoLayout *layout;
    cairo_surface_t *logo; /* NULL = none */
    const char *org_name, *title;
    const char *letterhead; /* lines under the name; "" = none */
    const char *font;      /* the layout's current font (a literal) */
    double y;              /* next free line on the page */
    /* in-memory output when opened without a path (malloc'd; caller frees) */
    unsigned char *mem;
    size_t mem_len, mem_cap;
    bool mem_failed;
    int page;
    struct pdf_shapes *shapes; /* NULL = shape every text anew */
};

/* A cache of laid-out paragraphs for documents drawn one after the other on
** one thread (a bulk run of letters): a paragraph seen before, in the same
** font and width, is drawn without shaping it again (the articles of a
** thousand contracts are the same text). Set p->shapes after pdf_start;
** free it after the last pdf_close that used it. */
struct pdf_shapes *pdf_shapes_new(void);
void pdf_shapes_free(struct pdf_shapes *s);

/* Opens path (NULL: into p->mem) and draws the first letterhead.
** Returns 0 or ERR_INTERNAL. */
int pdf_open(struct pdf *p, const char *path, const struct report_brand *brand,
             const char *title, struct err *err);
/* Opens path (NULL: into p->mem) like pdf_open but draws nothing: the
** caller draws its own first page (letters, report/letter_pdf.c). */
int pdf_start(struct pdf *p, const char *path, const char *title, struct err *err);
/* Ends the page (footer) and starts a blank one without a running header;
** restart numbers pages from 1 again (the next letter of a bulk PDF). */
void pdf_page_end(struct pdf *p, bool restart);
/* Footer (page number), then a new page with a small running header. */
void pdf_new_page(struct pdf *p);
/* Starts a new page when fewer than h points are left. true if it did. */
bool pdf_need(struct pdf *p, double h);
/* Text in a box of width w at (x, y): font like "Sans Bold 12"; align 0 left,
** 1 centre, 2 right, 3 justified; one line with an ellipsis when single,
** else wrapped. Returns the height used. */
double pdf_text(struct pdf *p, const char *font, const char *text, double x, double y, double w,
                int align, bool single);
/* Wrapped text at p->y from x, width w, continued on new pages line by line
** when it does not fit; p->y moves below it. Returns the height drawn on
** the last page. */
double pdf_flow(struct pdf *p, const char *font, const char *text, double x, double w,
                int align);
/* Draws img with its top left at (x, y), scaled to fit max_w x max_h with
** its proportions kept. Returns the width drawn. */
double pdf_image(struct pdf *p, cairo_surface_t *img, double x, double y, double max_w,
                 double max_h);
/* Finishes the file (footer of the last page). Returns 0 or ERR_INTERNAL. */
int pdf_close(struct pdf *p, bool ok, struct err *err);

/* "7 Desember 2026 14:35 WIB", or "-" for 0 (report/ticket_pdf.c). */
void report_when_text(char *buf, size_t len, int64_t t);


#endif
