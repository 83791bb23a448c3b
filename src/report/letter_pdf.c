/* Partner letters drawn with the report PDF primitives (report/pdf.h):
** the letterhead, then the body markup line by line (docs/letters.md). */
#include "report/letter_pdf.h"
#include "report/pdf.h"
#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

static const char *const FONT = "Sans 9.5", *const FONT_B = "Sans Bold 9.5",
                         *const FONT_T = "Sans Bold 11", *const FONT_S = "Sans 7",
                         *const FONT_SB = "Sans Bold 7", *const FONT_H1 = "Sans Bold 13",
                         *const FONT_H2 = "Sans Bold 11";
static const double LINE = 13.5, SIGN_GAP = 56;

enum { LOGO_CACHE = 8 };
/* A letter body is a request body at most; these only keep the sizes
** finite: past them lines are dropped and a paragraph keeps what it has. */
static const size_t LETTER_MAX_LINES = 1u << 20, LETTER_MAX_PARA = 16u << 20;

struct letter_pdf {
    struct pdf p;
    bool started; /* a letter was added: the next one starts a new page */
    struct {
        int64_t unit_id;
        const void *key; /* the bytes' address and length identify a logo */
        size_t len;
        cairo_surface_t *s;
    } logos[LOGO_CACHE];
    unsigned next_logo;
    char title[256]; /* the footer's: a page may end after the caller's strings are gone */
};

struct pdf_shapes *letter_shapes_new(void)
{
    return pdf_shapes_new();
}

void letter_shapes_free(struct pdf_shapes *s)
{
    pdf_shapes_free(s);
}

int letter_pdf_open(const char *path, struct pdf_shapes *shapes, struct letter_pdf **out,
                    struct err *err)
{
    struct letter_pdf *lp = calloc(1, sizeof *lp);
    if (!lp)
        return err_text(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    if (pdf_start(&lp->p, path, "", err) != 0) {
        free(lp);
        return err->kind;
    }
    lp->p.shapes = shapes;
    *out = lp;
    return 0;
}

/* ---- logo ---------------------------------------------------------------- */

struct png_read {
    const unsigned char *p;
    size_t n, at;
};

static cairo_status_t png_read(void *cls, unsigned char *data, unsigned int len)
{
    struct png_read *r = cls;
    if (r->at + len > r->n)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p + r->at, len);
    r->at += len;
    return CAIRO_STATUS_SUCCESS;
}

int letter_pdf_logo_check(const void *png, size_t n, struct err *err)
{
    static const unsigned char magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n < 8 || memcmp(png, magic, 8) != 0)
        return err_text(err, ERR_UNSUPPORTED, "letter.logo_type", "logo harus berkas PNG",
                        "the logo must be a PNG file");
    struct png_read r = {png, n, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &r);
    bool ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS &&
              cairo_image_surface_get_width(s) <= 4000 && cairo_image_surface_get_height(s) <= 4000;
    cairo_surface_destroy(s);
    if (!ok)
        return err_invalid(err, "logo", "PNG tidak terbaca atau lebih dari 4000 piksel",
                           "an unreadable PNG or one over 4000 pixels a side");
    return 0;
}

/* The decoded logo of a page (cached per unit: a bulk PDF decodes each
** office's logo once); NULL when there is none or it does not decode. */
static cairo_surface_t *logo_of(struct letter_pdf *lp, const struct letter_page *pg)
{
    if (!pg->logo || !pg->logo_len)
        return NULL;
    for (unsigned i = 0; i < LOGO_CACHE; i++)
        if (lp->logos[i].s && lp->logos[i].unit_id == pg->unit_id &&
            lp->logos[i].len == pg->logo_len)
            return lp->logos[i].s;
    struct png_read r = {pg->logo, pg->logo_len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &r);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s); /* an unreadable logo must not stop the letter */
        return NULL;
    }
    unsigned i = lp->next_logo++ % LOGO_CACHE;
    if (lp->logos[i].s)
        cairo_surface_destroy(lp->logos[i].s);
    lp->logos[i].unit_id = pg->unit_id;
    lp->logos[i].len = pg->logo_len;
    lp->logos[i].s = s;
    return s;
}

/* Logo at the left, name lines centred (the first larger), the address
** under them, and the double rule of Indonesian letterheads. */
static void letterhead(struct letter_pdf *lp, const struct letter_page *pg)
{
    struct pdf *p = &lp->p;
    double top = PDF_MARGIN - 8, w = PDF_W - 2 * PDF_MARGIN, h = 0;
    cairo_surface_t *logo = logo_of(lp, pg);
    if (logo)
        pdf_image(p, logo, PDF_MARGIN, top, 70, 56);
    const char *s = pg->head_lines ? pg->head_lines : "";
    bool first = true;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)n, s);
        h += pdf_text(p, first ? FONT_H1 : FONT_H2, line, PDF_MARGIN + 60, top + h, w - 120, 1,
                      true);
        first = false;
        s += n + (nl ? 1 : 0);
    }
    if (pg->address && *pg->address)
        h += pdf_text(p, FONT_S, pg->address, PDF_MARGIN + 60, top + h + 1, w - 120, 1, false) + 1;
    p->y = top + (h > 58 ? h : 58) + 4;
    cairo_set_line_width(p->cr, 1.6);
    cairo_move_to(p->cr, PDF_MARGIN, p->y);
    cairo_line_to(p->cr, PDF_W - PDF_MARGIN, p->y);
    cairo_stroke(p->cr);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, PDF_MARGIN, p->y + 2.5);
    cairo_line_to(p->cr, PDF_W - PDF_MARGIN, p->y + 2.5);
    cairo_stroke(p->cr);
    p->y += 14;
}

/* ---- the annex table ------------------------------------------------------ */

static const struct {
    const char *label;
    double width;
    int align;
} cols[] = {
    {"No", 3.5, 1},           {"Kode Kegiatan", 12.5, 0}, {"Kegiatan", 21, 0},
    {"Wilayah Kerja", 12, 0}, {"Beban Kerja", 11.5, 2}, {"Satuan Harga", 12.5, 2},
    {"Honor", 15, 2},
};
enum { N_COLS = sizeof cols / sizeof cols[0] };

/* One row, cells wrapped: texts first, then the borders at the height the
** tallest cell took. */
static void annex_row(struct pdf *p, const char *const *cells, bool head, const double *x,
                      const double *w)
{
    double h = 0;
    for (size_t i = 0; i < N_COLS; i++) {
        double ch = cells[i] && *cells[i]
                        ? pdf_text(p, head ? FONT_SB : FONT_S, cells[i], x[i] + 2.5, p->y + 3,
                                   w[i] - 5, head ? 1 : cols[i].align, false)
                        : 0;
        if (ch > h)
            h = ch;
    }
    h += 6;
    if (head) { /* shade behind the text: multiply keeps the text black */
        cairo_save(p->cr);
        cairo_set_operator(p->cr, CAIRO_OPERATOR_MULTIPLY);
        cairo_set_source_rgb(p->cr, 0.88, 0.88, 0.88);
        cairo_rectangle(p->cr, PDF_MARGIN, p->y, PDF_W - 2 * PDF_MARGIN, h);
        cairo_fill(p->cr);
        cairo_restore(p->cr);
    }
    cairo_set_line_width(p->cr, 0.5);
    cairo_rectangle(p->cr, PDF_MARGIN, p->y, PDF_W - 2 * PDF_MARGIN, h);
    cairo_stroke(p->cr);
    for (size_t i = 1; i < N_COLS; i++) {
        cairo_move_to(p->cr, x[i], p->y);
        cairo_line_to(p->cr, x[i], p->y + h);
        cairo_stroke(p->cr);
    }
    p->y += h;
}

static void annex(struct pdf *p, const struct letter_page *pg)
{
    double x[N_COLS], w[N_COLS], total = 0, at = PDF_MARGIN;
    for (size_t i = 0; i < N_COLS; i++)
        total += cols[i].width;
    for (size_t i = 0; i < N_COLS; i++) {
        x[i] = at;
        w[i] = (PDF_W - 2 * PDF_MARGIN) * cols[i].width / total;
        at += w[i];
    }
    const char *head[N_COLS];
    for (size_t i = 0; i < N_COLS; i++)
        head[i] = cols[i].label;
    pdf_need(p, 45);
    annex_row(p, head, true, x, w);
    for (size_t r = 0; r < pg->n_rows; r++) {
        if (pdf_need(p, 34))
            annex_row(p, head, true, x, w);
        const struct letter_annex_row *a = &pg->rows[r];
        char no[24];
        snprintf(no, sizeof no, "%zu", r + 1);
        const char *cells[N_COLS] = {no,          a->activity_code, a->activity_name,
                                     a->work_area, a->workload,      a->unit_rate, a->fee};
        annex_row(p, cells, false, x, w);
    }
    if (pg->total) {
        pdf_need(p, 18);
        const char *cells[N_COLS] = {"", "", "Jumlah", "", "", "", pg->total};
        annex_row(p, cells, true, x, w);
    }
    p->y += 6;
}

/* ---- markup ------------------------------------------------------------------ */

static bool starts(const char *s, size_t n, const char *with)
{
    size_t k = strlen(with);
    return n >= k && memcmp(s, with, k) == 0;
}

static bool is(const char *s, size_t n, const char *line)
{
    return n == strlen(line) && memcmp(s, line, n) == 0;
}

/* Copies s[0..n) into the buffer, or the first 4095 bytes of it. */
static const char *cut(char *buf, size_t len, const char *s, size_t n)
{
    if (n >= len)
        n = len - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

/* Splits "a | b" at the first " | "; the right side is "" without one. */
static void split_bar(char *s, const char **left, const char **right)
{
    char *bar = strstr(s, " | ");
    *left = s;
    *right = "";
    if (bar) {
        *bar = '\0';
        *right = bar + 3;
    } else if (s[0] == '|') { /* " | x" with the left side empty, trimmed */
        *left = "";
        *right = s[1] == ' ' ? s + 2 : s + 1;
    }
    while (**left == ' ')
        (*left)++;
}

/* A signature block: lines of "left | right" until a blank line; the
** lines before "~" go above the signing space, those after below it (the
** first of them in bold: the name). Returns the lines it used. */
static size_t signatures(struct pdf *p, const char *const *lines, const size_t *lens,
                         size_t n)
{
    size_t used = 0, above = 0, total = 0;
    while (used < n && lens[used] > 0) {
        if (lens[used] == 1 && lines[used][0] == '~')
            above = total;
        else
            total++;
        used++;
    }
    if (!above)
        above = total > 0 ? 1 : 0;
    pdf_need(p, LINE * (double)total + SIGN_GAP + 10);
    p->y += 10;
    double col = (PDF_W - 2 * PDF_MARGIN) / 2;
    size_t k = 0;
    for (size_t i = 0; i < used; i++) {
        if (lens[i] == 1 && lines[i][0] == '~')
            continue;
        if (k == above)
            p->y += SIGN_GAP;
        char buf[512];
        cut(buf, sizeof buf, lines[i], lens[i]);
        const char *l, *r;
        split_bar(buf, &l, &r);
        const char *font = k == above ? FONT_B : FONT;
        pdf_text(p, font, l, PDF_MARGIN, p->y, col, 1, true);
        pdf_text(p, font, r, PDF_MARGIN + col, p->y, col, 1, true);
        p->y += LINE;
        k++;
    }
    p->y += 6;
    return used;
}

/* "(1) text", "1. text", "a. text", "- text": the label and where the text starts. */
static size_t item_label(const char *s, size_t n)
{
    if (n > 2 && s[0] == '-' && s[1] == ' ')
        return 2;
    if (n > 3 && s[0] == '(') {
        size_t i = 1;
        while (i < n && i < 4 && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z')))
            i++;
        if (i > 1 && i + 1 < n && s[i] == ')' && s[i + 1] == ' ')
            return i + 2;
    }
    size_t i = 0;
    while (i < n && i < 3 && ((s[i] >= '0' && s[i] <= '9') || (i == 0 && s[i] >= 'a' && s[i] <= 'z')))
        i++;
    if (i > 0 && i + 1 < n && s[i] == '.' && s[i + 1] == ' ')
        return i + 2;
    return 0;
}

struct para {
    char *buf;
    size_t n, cap;
};

static void para_add(struct para *pa, const char *s, size_t n)
{
    if (pa->n + n + 2 > pa->cap) {
        char *b = vec_grow(pa->buf, &pa->cap, pa->n + n + 2, 1, LETTER_MAX_PARA);
        if (!b)
            return; /* the paragraph keeps what it has */
        pa->buf = b;
    }
    if (pa->n)
        pa->buf[pa->n++] = ' ';
    memcpy(pa->buf + pa->n, s, n);
    pa->n += n;
    pa->buf[pa->n] = '\0';
}

static void para_flush(struct pdf *p, struct para *pa)
{
    if (!pa->n)
        return;
    pdf_flow(p, FONT, pa->buf, PDF_MARGIN, PDF_W - 2 * PDF_MARGIN, 3);
    p->y += 4;
    pa->n = 0;
}

static void body(struct pdf *p, const struct letter_page *pg)
{
    const char *s = pg->body ? pg->body : "";
    size_t cap = 64, n = 0;
    const char **lines = malloc(cap * sizeof *lines);
    size_t *lens = malloc(cap * sizeof *lens);
    while (lines && lens && *s) {
        const char *nl = strchr(s, '\n');
        size_t k = nl ? (size_t)(nl - s) : strlen(s);
        if (k && s[k - 1] == '\r')
            k--;
        if (n == cap) {
            size_t lines_cap = cap; /* both arrays grow alike; cap follows lens */
            const char **l2 = vec_grow(lines, &lines_cap, n + 1, sizeof *lines, LETTER_MAX_LINES);
            size_t *n2 = l2 ? vec_grow(lens, &cap, n + 1, sizeof *lens, LETTER_MAX_LINES) : NULL;
            if (l2)
                lines = l2;
            if (!l2 || !n2)
                break;
            lens = n2;
        }
        while (k && s[k - 1] == ' ') /* trailing blanks: a line of spaces is blank */
            k--;
        lines[n] = s;
        lens[n++] = k;
        s = nl ? nl + 1 : s + strlen(s);
    }
    struct para pa = {0};
    char buf[4096];
    const double W = PDF_W - 2 * PDF_MARGIN;
    for (size_t i = 0; lines && lens && i < n; i++) {
        const char *l = lines[i];
        size_t k = lens[i];
        if (k == 0) {
            para_flush(p, &pa);
            p->y += 3;
        } else if (is(l, k, "[[halaman]]")) {
            para_flush(p, &pa);
            pdf_page_end(p, false);
        } else if (is(l, k, "[[lampiran]]")) {
            para_flush(p, &pa);
            annex(p, pg);
        } else if (is(l, k, "[[ttd]]")) {
            para_flush(p, &pa);
            i += signatures(p, lines + i + 1, lens + i + 1, n - i - 1);
        } else if (starts(l, k, "## ")) {
            para_flush(p, &pa);
            pdf_need(p, 50); /* keep a heading with its first lines */
            p->y += 4;
            p->y += pdf_text(p, FONT_B, cut(buf, sizeof buf, l + 3, k - 3), PDF_MARGIN, p->y, W, 1,
                             false) + 2;
        } else if (starts(l, k, "# ")) {
            para_flush(p, &pa);
            pdf_need(p, 40);
            p->y += pdf_text(p, FONT_T, cut(buf, sizeof buf, l + 2, k - 2), PDF_MARGIN, p->y, W, 1,
                             false) + 1;
        } else if (starts(l, k, "> ")) {
            para_flush(p, &pa);
            const char *lab, *val;
            split_bar((char *)cut(buf, sizeof buf, l + 2, k - 2), &lab, &val);
            pdf_need(p, LINE + 2);
            pdf_text(p, FONT, lab, PDF_MARGIN + 12, p->y, 118, 0, false);
            pdf_text(p, FONT, ":", PDF_MARGIN + 132, p->y, 8, 0, true);
            pdf_flow(p, FONT, val, PDF_MARGIN + 142, W - 142, 3);
            p->y += 3;
        } else if (item_label(l, k)) {
            para_flush(p, &pa);
            size_t lab = item_label(l, k);
            pdf_need(p, LINE + 2);
            pdf_text(p, FONT, cut(buf, sizeof buf, l, lab - 1), PDF_MARGIN, p->y, 24, 0, true);
            pdf_flow(p, FONT, cut(buf, sizeof buf, l + lab, k - lab), PDF_MARGIN + 24, W - 24, 3);
            p->y += 3;
        } else {
            para_add(&pa, l, k);
        }
    }
    para_flush(p, &pa);
    free(pa.buf);
    free(lines);
    free(lens);
}

int letter_pdf_add(struct letter_pdf *lp, const struct letter_page *pg, struct err *err)
{
    (void)err;
    struct pdf *p = &lp->p;
    if (lp->started)
        pdf_page_end(p, true);
    lp->started = true;
    snprintf(lp->title, sizeof lp->title, "%s", pg->title ? pg->title : "");
    p->title = lp->title;
    letterhead(lp, pg);
    body(p, pg);
    return 0;
}

int letter_pdf_close(struct letter_pdf *lp, bool ok, unsigned char **mem, size_t *len,
                     struct err *err)
{
    int rc = pdf_close(&lp->p, ok, err);
    for (unsigned i = 0; i < LOGO_CACHE; i++)
        if (lp->logos[i].s)
            cairo_surface_destroy(lp->logos[i].s);
    if (rc == 0 && ok && lp->p.mem_failed)
        rc = err_text(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    if (rc == 0 && ok && mem) {
        *mem = lp->p.mem;
        *len = lp->p.mem_len;
    } else {
        free(lp->p.mem);
    }
    free(lp);
    return rc;
}
