/* libFuzzer target for the letter markup (src/report/letter_pdf.c): any
** byte string is drawn as a letter's body (titles, "label | value" rows,
** clauses, [[ttd]] blocks, [[lampiran]], [[halaman]]) into an in-memory
** PDF with a two-row annex and a logo that is not a PNG. It must never
** crash, read out of bounds or leak, and always give a PDF. Bodies come
** from admins' templates filled with partner data, so they can be anything.
** The report sink in pdf.c is not called: its two helpers are stubbed. */
#include "report/letter_pdf.h"
#include "report/report.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void report_time_text(char *buf, size_t len, int64_t t)
{
    (void)t;
    if (len)
        buf[0] = '\0';
}

void chart_draw(void *cr, const struct chart *c, double x, double y, double w, double h)
{
    (void)cr, (void)c, (void)x, (void)y, (void)w, (void)h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* only valid UTF-8 reaches the markup from Loket (jansson strings into
    ** a checked template): the target stays on the markup, not on pango's
    ** warnings about bytes it is never given */
    if (!g_utf8_validate((const char *)data, (gssize)size, NULL))
        return 0;
    char *body = malloc(size + 1);
    if (!body)
        return 0;
    memcpy(body, data, size);
    body[size] = '\0';
    static const struct letter_annex_row rows[] = {
        {"SAKERNAS25", "Survei Angkatan Kerja Nasional", "Kecamatan Guguk Panjang", "262 dokumen",
         "Rp 4.000,-", "Rp 1.048.000,-"},
        {"SUSENAS25", "Survei Sosial Ekonomi Nasional", "Kelurahan Aur Kuning", "5 dokumen",
         "Rp 20.000,-", "Rp 100.000,-"},
    };
    struct letter_page pg = {.title = "Perjanjian Kerja 001/1375/SPK/III/2025", .body = body,
                             .unit_id = 1, .head_lines = "BADAN PUSAT STATISTIK\nKOTA UJI",
                             .address = "Jl. Uji No. 1", .logo = "not a png", .logo_len = 9,
                             .rows = rows, .n_rows = 2, .total = "Rp 1.148.000,-"};
    struct err err = {0};
    struct letter_pdf *lp;
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (letter_pdf_open(NULL, NULL, &lp, &err) == 0) {
        int rc = letter_pdf_add(lp, &pg, &err);
        if (letter_pdf_close(lp, rc == 0, &pdf, &len, &err) == 0 && (len < 5 || memcmp(pdf, "%PDF", 4)))
            abort();
    }
    free(pdf);
    free(body);
    return 0;
}
