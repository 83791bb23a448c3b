/* Charts, drawn by one function onto any cairo surface: PDF pages for
** exports, SVG and PNG images (GET /reports/chart.svg). Bars for counts by
** category, lines for created vs resolved over time. Text is 9 pt: 12 px
** at 96 dpi, the smallest size a leader reads on paper (issue #20 item 9);
** the layout grows with it. */
#include "report/report.h"
#include "core/buf.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

static const double SERIES_RGB[2][3] = {{0.18, 0.42, 0.71}, {0.91, 0.49, 0.13}};

static void text(cairo_t *cr, PangoLayout *l, const char *s, double x, double y, double w,
                 int align)
{
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(l, align == 1 ? PANGO_ALIGN_CENTER
                                  : align == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, s ? s : "", -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
}

/* An axis maximum of four equal round steps (1, 2, 5 x 10^k each, at
** least 1 so counts get whole-number gridlines) at or above v. */
static double nice_max(double v)
{
    double step = v / 4;
    if (step <= 1)
        return 4;
    double e = pow(10, floor(log10(step)));
    for (int i = 0; i < 3; i++) {
        double m = (i == 0 ? 1 : i == 1 ? 2 : 5) * e;
        if (m >= step)
            return 4 * m;
    }
    return 40 * e;
}

void chart_draw(void *vcr, const struct chart *c, double x, double y, double w, double h)
{
    cairo_t *cr = vcr;
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("Sans 9");
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    /* a NULL title: the page prints the heading itself (once, the PDF) */
    double title_h = c->title ? 20 : 4;
    if (c->title)
        text(cr, l, c->title, x, y, w, 1);

    double max = 0;
    for (size_t i = 0; i < c->n; i++) {
        max = fmax(max, c->a[i]);
        if (c->b)
            max = fmax(max, c->b[i]);
    }
    max = nice_max(max);
    /* plot area: room for the axis labels left and the category labels below */
    double px = x + 54, py = y + title_h, pw = w - 62, ph = h - title_h - 36;
    if (c->b)
        ph -= 16;
    if (c->kind == CHART_BARS) { /* the tallest bar's number clear of the title */
        py += 14;
        ph -= 14;
    }
    cairo_set_line_width(cr, 0.5);
    char buf[32];
    for (int k = 0; k <= 4; k++) {
        double gy = py + ph - ph * k / 4;
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, px, gy);
        cairo_line_to(cr, px + pw, gy);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        snprintf(buf, sizeof buf, "%.0f", max * k / 4);
        text(cr, l, buf, x, gy - 7, 50, 2);
    }
    size_t n = c->n ? c->n : 1;
    double slot = pw / (double)n;
    /* every k-th category label, so labels (~8 points per character) do not collide */
    size_t longest = 4;
    for (size_t i = 0; i < c->n; i++)
        if (c->labels[i] && strlen(c->labels[i]) > longest)
            longest = strlen(c->labels[i]);
    double need = c->kind == CHART_BARS ? 30 : (double)(longest < 12 ? longest : 12) * 8;
    size_t label_every = slot >= need ? 1 : (size_t)ceil(need / slot);
    if (c->kind == CHART_BARS) {
        /* two series: a pair of bars side by side in each category */
        int ns = c->b ? 2 : 1;
        double bw = slot * 0.7 / ns;
        for (size_t i = 0; i < c->n; i++) {
            for (int sidx = 0; sidx < ns; sidx++) {
                double v = sidx ? c->b[i] : c->a[i];
                double bh = ph * v / max,
                       bx = px + slot * (double)i + slot * 0.15 + bw * sidx;
                cairo_set_source_rgb(cr, SERIES_RGB[sidx][0], SERIES_RGB[sidx][1],
                                     SERIES_RGB[sidx][2]);
                cairo_rectangle(cr, bx, py + ph - bh, bw, bh);
                cairo_fill(cr);
                cairo_set_source_rgb(cr, 0, 0, 0);
                if (slot / ns >= 24) {
                    snprintf(buf, sizeof buf, "%.0f", v);
                    text(cr, l, buf, bx - 12, py + ph - bh - 14, bw + 24, 1);
                }
            }
        }
    } else {
        for (int sidx = 0; sidx < (c->b ? 2 : 1); sidx++) {
            const double *v = sidx ? c->b : c->a;
            cairo_set_source_rgb(cr, SERIES_RGB[sidx][0], SERIES_RGB[sidx][1],
                                 SERIES_RGB[sidx][2]);
            cairo_set_line_width(cr, 1.5);
            for (size_t i = 0; i < c->n; i++) {
                double lx = px + slot * ((double)i + 0.5), ly = py + ph - ph * v[i] / max;
                if (i == 0)
                    cairo_move_to(cr, lx, ly);
                else
                    cairo_line_to(cr, lx, ly);
            }
            cairo_stroke(cr);
            /* a dot per point: a one-day series is a point, not an empty line */
            for (size_t i = 0; i < c->n; i++) {
                double lx = px + slot * ((double)i + 0.5), ly = py + ph - ph * v[i] / max;
                cairo_new_sub_path(cr);
                cairo_arc(cr, lx, ly, 1.8, 0, 2 * M_PI);
                cairo_fill(cr);
            }
        }
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    for (size_t i = 0; i < c->n; i += label_every) {
        double lw = slot * (double)label_every - 4;
        double lx = c->kind == CHART_BARS ? px + slot * (double)i + 2
                                          : px + slot * ((double)i + 0.5) - lw / 2;
        text(cr, l, c->labels[i], lx, py + ph + 3, lw, 1);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, px, py);
    cairo_line_to(cr, px, py + ph);
    cairo_line_to(cr, px + pw, py + ph);
    cairo_stroke(cr);
    /* legend */
    const char *names[2] = {c->a_name, c->b_name};
    for (int sidx = 0; sidx < (c->b ? 2 : 1); sidx++) {
        double lx = px + 140 * sidx, ly = y + h - 15;
        cairo_set_source_rgb(cr, SERIES_RGB[sidx][0], SERIES_RGB[sidx][1], SERIES_RGB[sidx][2]);
        cairo_rectangle(cr, lx, ly + 3, 9, 9);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        text(cr, l, names[sidx], lx + 13, ly, 125, 0);
    }
    cairo_restore(cr);
    g_object_unref(l);
}

/* ---- standalone SVG / PNG -------------------------------------------- */

/* Most bytes of one chart image: a report chart is tens of KB. */
static const size_t CHART_MAX_BYTES = 64u << 20;

static cairo_status_t chart_write(void *cls, const unsigned char *data, unsigned int len)
{
    return buf_append(cls, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int chart_render(const struct chart *c, bool png, double w, double h, unsigned char **out,
                 size_t *len, struct err *err)
{
    struct buf b;
    buf_init(&b, CHART_MAX_BYTES);
    cairo_surface_t *s = png ? cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h)
                             : cairo_svg_surface_create_for_stream(chart_write, &b, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    chart_draw(cr, c, 8, 8, w - 16, h - 16);
    cairo_destroy(cr);
    if (png)
        cairo_surface_write_to_png_stream(s, chart_write, &b);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS || b.failed) {
        buf_free(&b);
        return err_set(err, ERR_INTERNAL, "report.chart", "gagal menggambar grafik",
                       "could not draw the chart");
    }
    *out = (unsigned char *)buf_detach(&b, len);
    return *out ? 0 : err_set(err, ERR_INTERNAL, "report.chart", "gagal menggambar grafik",
                              "could not draw the chart");
}
