/* PDF pages (cairo + pango) and the PDF report sink: A4 portrait, the
** organisation's letterhead with its logo, a first page of key figures
** when the document has them (the recap), section headings, a chart above
** each table (its data), tables that continue on the next page with the
** header row repeated, numbers in the Indonesian format, and "Halaman N"
** in every footer. Pages are emitted as they
** fill, so a long table does not accumulate in memory. */
#include "report/pdf.h"
#include "core/buf.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Most bytes of a PDF built in memory (a batch of letters with logos is
** the largest, tens of MB); past it the build fails as on OOM. */
static const size_t PDF_MAX_BYTES = 512u << 20;

/* table text is 9 pt, as the charts': 12 px at print (issue #20 item 9) */
static const double ROW_H = 15, HEAD_H = 18, CHART_H = 210;

/* ---- pages ------------------------------------------------------------ */

static void set_font(struct pdf *p, const char *font)
{
    /* fonts are string literals: the pointer identifies them */
    if (font == p->font)
        return;
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(p->layout, fd);
    pango_font_description_free(fd);
    p->font = font;
}

/* ---- shaped text cache ------------------------------------------------- */

enum { SHAPES_SLOTS = 2048, SHAPES_FONTS = 16 };

struct pdf_shapes {
    PangoContext *ctx; /* from the first surface: PDF surfaces share their font options */
    struct shape_slot {
        uint64_t hash;
        const char *font;
        int width, align;
        bool single;
        char *text;
        PangoLayout *layout;
    } slot[SHAPES_SLOTS];
    struct {
        const char *font; /* a literal: the pointer is the key */
        PangoFontDescription *fd;
    } fonts[SHAPES_FONTS];
};

struct pdf_shapes *pdf_shapes_new(void)
{
    return calloc(1, sizeof(struct pdf_shapes));
}

void pdf_shapes_free(struct pdf_shapes *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < SHAPES_SLOTS; i++) {
        free(s->slot[i].text);
        if (s->slot[i].layout)
            g_object_unref(s->slot[i].layout);
    }
    for (size_t i = 0; i < SHAPES_FONTS; i++)
        if (s->fonts[i].fd)
            pango_font_description_free(s->fonts[i].fd);
    if (s->ctx)
        g_object_unref(s->ctx);
    free(s);
}

static void layout_setup(PangoLayout *l, int width, int align, bool single)
{
    pango_layout_set_width(l, width);
    pango_layout_set_ellipsize(l, single ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align == 1   ? PANGO_ALIGN_CENTER
                                  : align == 2 ? PANGO_ALIGN_RIGHT
                                               : PANGO_ALIGN_LEFT);
    pango_layout_set_justify(l, align == 3);
}

static const PangoFontDescription *shapes_font(struct pdf_shapes *s, const char *font)
{
    size_t i = 0;
    for (; i < SHAPES_FONTS && s->fonts[i].font; i++)
        if (s->fonts[i].font == font)
            return s->fonts[i].fd;
    if (i == SHAPES_FONTS) { /* full: start over (a document uses a handful) */
        for (i = 0; i < SHAPES_FONTS; i++)
            pango_font_description_free(s->fonts[i].fd);
        memset(s->fonts, 0, sizeof s->fonts);
        i = 0;
    }
    s->fonts[i].font = font;
    s->fonts[i].fd = pango_font_description_from_string(font);
    return s->fonts[i].fd;
}

/* The cached layout of a text, laid out now when missing. Titles, labels,
** the articles and the footers repeat from letter to letter; names and
** amounts miss, at the price of a layout object of their own. */
static PangoLayout *shaped(struct pdf *p, const char *font, const char *text, double w,
                           int align, bool single)
{
    struct pdf_shapes *s = p->shapes;
    size_t n = text ? strlen(text) : 0;
    if (!s || n == 0)
        return NULL;
    int width = (int)(w * PANGO_SCALE);
    uint64_t h = 14695981039346656037ULL; /* FNV-1a over the key */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
    h = (h ^ (uint64_t)(uintptr_t)font) * 1099511628211ULL;
    h = (h ^ (uint64_t)(unsigned)width) * 1099511628211ULL;
    h = (h ^ (uint64_t)(unsigned)(align * 2 + single)) * 1099511628211ULL;
    struct shape_slot *e = &s->slot[h % SHAPES_SLOTS];
    if (e->layout && e->hash == h && e->font == font && e->width == width && e->align == align &&
        e->single == single && !strcmp(e->text, text))
        return e->layout;
    if (!s->ctx)
        s->ctx = pango_cairo_create_context(p->cr);
    char *copy = strdup(text);
    if (!copy)
        return NULL;
    PangoLayout *l = pango_layout_new(s->ctx);
    pango_layout_set_font_description(l, shapes_font(s, font));
    layout_setup(l, width, align, single);
    pango_layout_set_text(l, text, (int)n);
    free(e->text);
    if (e->layout)
        g_object_unref(e->layout);
    *e = (struct shape_slot){h, font, width, align, single, copy, l};
    return l;
}

double pdf_text(struct pdf *p, const char *font, const char *text, double x, double y, double w,
                int align, bool single)
{
    PangoLayout *cached = shaped(p, font, text, w, align, single);
    if (cached) {
        cairo_move_to(p->cr, x, y);
        pango_cairo_show_layout(p->cr, cached);
        int lw, lh;
        pango_layout_get_size(cached, &lw, &lh);
        return (double)lh / PANGO_SCALE;
    }
    set_font(p, font);
    layout_setup(p->layout, (int)(w * PANGO_SCALE), align, single);
    pango_layout_set_text(p->layout, text ? text : "", -1);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->layout);
    int lw, lh;
    pango_layout_get_size(p->layout, &lw, &lh);
    return (double)lh / PANGO_SCALE;
}

static void footer(struct pdf *p);

double pdf_flow(struct pdf *p, const char *font, const char *text, double x, double w,
                int align)
{
    PangoLayout *cur = shaped(p, font, text, w, align, false);
    if (!cur) {
        set_font(p, font);
        layout_setup(p->layout, (int)(w * PANGO_SCALE), align, false);
        pango_layout_set_text(p->layout, text ? text : "", -1);
        cur = p->layout;
    }
    int lw, lh;
    pango_layout_get_size(cur, &lw, &lh);
    if (p->y + (double)lh / PANGO_SCALE <= PDF_H - PDF_MARGIN) {
        /* the common case: it fits, one call draws it */
        cairo_move_to(p->cr, x, p->y);
        pango_cairo_show_layout(p->cr, cur);
        p->y += (double)lh / PANGO_SCALE;
        return (double)lh / PANGO_SCALE;
    }
    /* line by line, each at its baseline, breaking the page where one does
    ** not fit; walked on a copy since the footer draws with p->layout */
    PangoLayout *l = cur == p->layout ? pango_layout_copy(p->layout) : g_object_ref(cur);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double top = p->y, shift = 0, start = p->y;
    do {
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        double ly = (double)r.y / PANGO_SCALE - shift, lh2 = (double)r.height / PANGO_SCALE;
        if (top + ly + lh2 > PDF_H - PDF_MARGIN && ly > 0) {
            shift += ly; /* this line goes to the top of the next page */
            footer(p);
            cairo_show_page(p->cr);
            p->page++;
            top = PDF_MARGIN;
            start = top;
            ly = 0;
        }
        double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE - shift;
        cairo_move_to(p->cr, x + (double)r.x / PANGO_SCALE, top + base);
        pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        p->y = top + ly + lh2;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
    return p->y - start;
}

static void footer(struct pdf *p)
{
    char buf[64];
    snprintf(buf, sizeof buf, "Halaman %d", p->page);
    cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
    pdf_text(p, "Sans 8", p->title, PDF_MARGIN, PDF_H - PDF_MARGIN + 12, 360, 0, true);
    pdf_text(p, "Sans 8", buf, PDF_W - PDF_MARGIN - 120, PDF_H - PDF_MARGIN + 12, 120, 2, true);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

double pdf_image(struct pdf *p, cairo_surface_t *img, double x, double y, double max_w,
                 double max_h)
{
    double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    double scale = ih > 0 ? max_h / ih : 1;
    if (iw * scale > max_w)
        scale = max_w / iw;
    cairo_save(p->cr);
    cairo_translate(p->cr, x, y);
    cairo_scale(p->cr, scale, scale);
    cairo_set_source_surface(p->cr, img, 0, 0);
    cairo_paint(p->cr);
    cairo_restore(p->cr);
    return iw * scale;
}

/* The letterhead: logo at the left, organisation and title beside it. */
static void letterhead(struct pdf *p)
{
    double x = PDF_MARGIN, top = PDF_MARGIN;
    if (p->logo)
        x += pdf_image(p, p->logo, x, top, 120, 44) + 12;
    double w = PDF_W - PDF_MARGIN - x;
    double h = pdf_text(p, "Sans Bold 13", p->org_name, x, top, w, 0, true);
    /* the office's letterhead lines (address, phone), small, under the name */
    if (*p->letterhead)
        h += pdf_text(p, "Sans 8", p->letterhead, x, top + h, w, 0, false) + 2;
    h += pdf_text(p, "Sans Bold 15", p->title, x, top + h + 2, w, 0, false);
    p->y = top + (h + 8 > 52 ? h + 8 : 52);
    cairo_set_line_width(p->cr, 1);
    cairo_move_to(p->cr, PDF_MARGIN, p->y);
    cairo_line_to(p->cr, PDF_W - PDF_MARGIN, p->y);
    cairo_stroke(p->cr);
    p->y += 10;
}

void pdf_page_end(struct pdf *p, bool restart)
{
    footer(p);
    cairo_show_page(p->cr);
    p->page = restart ? 1 : p->page + 1;
    p->y = PDF_MARGIN;
}

void pdf_new_page(struct pdf *p)
{
    footer(p);
    cairo_show_page(p->cr);
    p->page++;
    /* running header: organisation and title, small */
    cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
    pdf_text(p, "Sans 8", p->org_name, PDF_MARGIN, PDF_MARGIN - 18, PDF_W - 2 * PDF_MARGIN, 0,
             true);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    p->y = PDF_MARGIN;
}

bool pdf_need(struct pdf *p, double h)
{
    if (p->y + h <= PDF_H - PDF_MARGIN)
        return false;
    pdf_new_page(p);
    return true;
}

static cairo_status_t mem_write(void *cls, const unsigned char *data, unsigned int len)
{
    struct pdf *p = cls;
    if (p->mem_len + len > p->mem_cap) {
        unsigned char *m = vec_grow(p->mem, &p->mem_cap, p->mem_len + len, 1, PDF_MAX_BYTES);
        if (!m) {
            p->mem_failed = true;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        p->mem = m;
    }
    memcpy(p->mem + p->mem_len, data, len);
    p->mem_len += len;
    return CAIRO_STATUS_SUCCESS;
}

int pdf_start(struct pdf *p, const char *path, const char *title, struct err *err)
{
    memset(p, 0, sizeof *p);
    p->org_name = "";
    p->letterhead = "";
    p->title = title ? title : "";
    p->page = 1;
    p->surface = path ? cairo_pdf_surface_create(path, PDF_W, PDF_H)
                      : cairo_pdf_surface_create_for_stream(mem_write, p, PDF_W, PDF_H);
    if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(p->surface);
        p->surface = NULL;
        return err_set(err, ERR_INTERNAL, "export.pdf", "gagal membuat PDF",
                       "could not create the PDF");
    }
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, p->title);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "Loket");
    p->cr = cairo_create(p->surface);
    p->layout = pango_cairo_create_layout(p->cr);
    p->y = PDF_MARGIN;
    return 0;
}

int pdf_open(struct pdf *p, const char *path, const struct report_brand *brand,
             const char *title, struct err *err)
{
    if (pdf_start(p, path, title, err) != 0)
        return err->kind;
    p->org_name = brand && brand->org_name ? brand->org_name : "";
    p->letterhead = brand && brand->letterhead ? brand->letterhead : "";
    if (brand && brand->logo_path && *brand->logo_path) {
        p->logo = cairo_image_surface_create_from_png(brand->logo_path);
        if (cairo_surface_status(p->logo) != CAIRO_STATUS_SUCCESS) {
            /* an unreadable logo must not stop the document */
            cairo_surface_destroy(p->logo);
            p->logo = NULL;
        }
    }
    letterhead(p);
    return 0;
}

int pdf_close(struct pdf *p, bool ok, struct err *err)
{
    if (!p->surface)
        return ok ? err_set(err, ERR_INTERNAL, "export.pdf", "PDF tidak terbuka",
                            "the PDF is not open")
                  : 0;
    footer(p);
    cairo_show_page(p->cr);
    g_object_unref(p->layout);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surface);
    cairo_status_t st = cairo_surface_status(p->surface);
    cairo_surface_destroy(p->surface);
    if (p->logo)
        cairo_surface_destroy(p->logo);
    p->surface = NULL;
    if (ok && st != CAIRO_STATUS_SUCCESS)
        return err_set(err, ERR_INTERNAL, "export.pdf", "gagal menulis PDF: %s",
                       "could not write the PDF: %s", cairo_status_to_string(st));
    return 0;
}

/* ---- the report sink -------------------------------------------------- */

struct pdf_sink {
    struct rsink base;
    struct pdf p;
    const struct rsection *sec;
    double x[32], w[32]; /* printed column positions */
    size_t col[32];      /* which section column each printed one shows */
    size_t n_cols;
    int64_t rows;
};

/* The key figures, two boxes a row, a page of their own: what a leader
** reads first (issue #20 item 9). */
static void key_page(struct pdf *p, const struct rdoc *doc)
{
    const double gap = 14, bw = (PDF_W - 2 * PDF_MARGIN - gap) / 2, bh = 96;
    p->y += 6;
    p->y += pdf_text(p, "Sans Bold 14", "Angka utama", PDF_MARGIN, p->y, PDF_W - 2 * PDF_MARGIN, 0,
                     true) + 12;
    for (size_t i = 0; i < doc->n_keys; i++) {
        double x = PDF_MARGIN + (double)(i % 2) * (bw + gap), y = p->y + (double)(i / 2) * (bh + gap);
        cairo_set_source_rgb(p->cr, 0.95, 0.96, 0.98);
        cairo_rectangle(p->cr, x, y, bw, bh);
        cairo_fill(p->cr);
        cairo_set_source_rgb(p->cr, 0.18, 0.42, 0.71);
        cairo_rectangle(p->cr, x, y, 4, bh);
        cairo_fill(p->cr);
        cairo_set_source_rgb(p->cr, 0.2, 0.2, 0.2);
        pdf_text(p, "Sans 12", doc->keys[i].label, x + 16, y + 12, bw - 28, 0, true);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        pdf_text(p, "Sans Bold 26", doc->keys[i].value, x + 16, y + 32, bw - 28, 0, true);
        cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
        if (doc->keys[i].note)
            pdf_text(p, "Sans 10", doc->keys[i].note, x + 16, y + 72, bw - 28, 0, true);
    }
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    pdf_new_page(p);
}

static int pdf_begin(struct rsink *s, const struct rdoc *doc, struct err *err)
{
    struct pdf_sink *ps = (struct pdf_sink *)s;
    (void)err;
    if (doc->period) {
        pdf_text(&ps->p, "Sans 10", doc->period, PDF_MARGIN, ps->p.y, PDF_W - 2 * PDF_MARGIN, 0,
                 true);
        ps->p.y += 18;
    }
    if (doc->n_keys)
        key_page(&ps->p, doc);
    return 0;
}

static void header_row(struct pdf_sink *ps)
{
    struct pdf *p = &ps->p;
    cairo_set_source_rgb(p->cr, 0.86, 0.89, 0.94);
    cairo_rectangle(p->cr, PDF_MARGIN, p->y, PDF_W - 2 * PDF_MARGIN, HEAD_H);
    cairo_fill(p->cr);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    for (size_t i = 0; i < ps->n_cols; i++)
        pdf_text(p, "Sans Bold 9", ps->sec->cols[ps->col[i]].label, ps->x[i] + 2, p->y + 3,
                 ps->w[i] - 4, ps->sec->cols[ps->col[i]].type == RT_TEXT ? 0 : 2, true);
    p->y += HEAD_H;
}

static int pdf_section(struct rsink *s, const struct rsection *sec, struct err *err)
{
    struct pdf_sink *ps = (struct pdf_sink *)s;
    struct pdf *p = &ps->p;
    (void)err;
    ps->sec = sec;
    ps->n_cols = 0;
    for (size_t i = 0; i < sec->n_cols && ps->n_cols < 32; i++)
        if (!sec->cols[i].no_print)
            ps->col[ps->n_cols++] = i;
    double total = 0, x = PDF_MARGIN, avail = PDF_W - 2 * PDF_MARGIN;
    for (size_t i = 0; i < ps->n_cols; i++)
        total += sec->cols[ps->col[i]].width;
    for (size_t i = 0; i < ps->n_cols; i++) {
        ps->x[i] = x;
        ps->w[i] = avail * sec->cols[ps->col[i]].width / (total > 0 ? total : 1);
        x += ps->w[i];
    }
    bool chart = sec->chart.kind != CHART_NONE && sec->chart.n > 0;
    pdf_need(p, 24 + (chart ? CHART_H + 10 : 0) + HEAD_H + ROW_H);
    p->y += 6;
    p->y += pdf_text(p, "Sans Bold 11", sec->title, PDF_MARGIN, p->y, avail, 0, true) + 6;
    if (chart) {
        /* the heading above is the chart's title: printed once */
        struct chart c = sec->chart;
        c.title = NULL;
        chart_draw(p->cr, &c, PDF_MARGIN, p->y, avail, CHART_H);
        p->y += CHART_H + 10;
    }
    header_row(ps);
    return 0;
}

static int pdf_row(struct rsink *s, const struct rcell *cells, struct err *err)
{
    struct pdf_sink *ps = (struct pdf_sink *)s;
    struct pdf *p = &ps->p;
    (void)err;
    if (pdf_need(p, ROW_H)) {
        p->y += pdf_text(p, "Sans Bold 9", ps->sec->title, PDF_MARGIN, p->y,
                         PDF_W - 2 * PDF_MARGIN, 0, true) + 4;
        header_row(ps);
    }
    if (ps->rows++ % 2) {
        cairo_set_source_rgb(p->cr, 0.96, 0.96, 0.96);
        cairo_rectangle(p->cr, PDF_MARGIN, p->y, PDF_W - 2 * PDF_MARGIN, ROW_H);
        cairo_fill(p->cr);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
    }
    char buf[48];
    for (size_t i = 0; i < ps->n_cols; i++) {
        const struct rcell *v = &cells[ps->col[i]];
        const char *text = "";
        enum rtype t = ps->sec->cols[ps->col[i]].type;
        if (!v->null) {
            switch (t) {
            case RT_TEXT:
                text = v->s;
                break;
            case RT_INT:
                report_int_text(buf, sizeof buf, v->i);
                text = buf;
                break;
            case RT_NUM:
                report_num_text(buf, sizeof buf, v->d, 2);
                text = buf;
                break;
            case RT_TIME:
                report_time_text_id(buf, sizeof buf, v->i);
                text = buf;
                break;
            }
        }
        if (text && *text)
            pdf_text(p, "Sans 9", text, ps->x[i] + 2, p->y + 2, ps->w[i] - 4,
                     t == RT_INT || t == RT_NUM ? 2 : 0, true);
    }
    p->y += ROW_H;
    return 0;
}

static int pdf_end(struct rsink *s, bool ok, struct err *err)
{
    struct pdf_sink *ps = (struct pdf_sink *)s;
    int rc = pdf_close(&ps->p, ok, err);
    free(ps);
    return rc;
}

struct rsink *report_pdf_sink(const char *path, const struct report_brand *brand)
{
    struct pdf_sink *ps = calloc(1, sizeof *ps);
    if (!ps)
        return NULL;
    ps->base = (struct rsink){pdf_begin, pdf_section, pdf_row, pdf_end};
    /* the title is set when the document begins; open with the brand now */
    struct err err = {0};
    if (pdf_open(&ps->p, path, brand, brand && brand->title ? brand->title : "", &err) != 0) {
        free(ps);
        return NULL;
    }
    return &ps->base;
}
