/* The ticket receipt ("tanda terima", issue #22 item 7): letterhead, the
** request's particulars and a QR code of the ticket's page, drawn with
** cairo from libqrencode's module matrix so the code stays vector sharp at
** any print or scan resolution. */
#include "report/receipt.h"
#include "report/pdf.h"
#include "store/store.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>

/* Quiet zone of four modules (ISO/IEC 18004) and the printed size: 40 mm is
** readable by phone cameras from a desk and by pdftoppm at 100 dpi. */
static const int QR_QUIET = 4;
static const double QR_SIDE = 113.4; /* points */

static int draw_qr(struct pdf *p, const char *url, double x, double y, struct err *err)
{
    QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return err_set(err, ERR_INTERNAL, "receipt.qr", "kode QR tidak dapat dibuat",
                       "could not make the QR code");
    int n = q->width + 2 * QR_QUIET;
    double m = QR_SIDE / n;
    cairo_t *cr = p->cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, QR_SIDE, QR_SIDE);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++)
            if (q->data[r * q->width + c] & 1) /* bit 0: a dark module */
                cairo_rectangle(cr, x + (c + QR_QUIET) * m, y + (r + QR_QUIET) * m, m, m);
    cairo_fill(cr);
    cairo_restore(cr);
    QRcode_free(q);
    return 0;
}

static void line(struct pdf *p, const char *label, const char *value, double w)
{
    pdf_text(p, "Sans 10", label, PDF_MARGIN, p->y, 130, 0, true);
    p->y += pdf_text(p, "Sans Bold 10", value && *value ? value : "-", PDF_MARGIN + 135, p->y,
                     w - 135, 0, false) + 5;
}

int report_ticket_receipt(const struct ticket *t, const char *url,
                          const struct report_brand *brand, unsigned char **out, size_t *len,
                          struct err *err)
{
    struct report_brand b = *brand;
    char title[160], when[96];
    snprintf(title, sizeof title, "Tanda Terima %s", t->number);
    b.title = title;
    struct pdf p;
    if (pdf_open(&p, NULL, &b, title, err) != 0)
        return err->kind;
    double w = PDF_W - 2 * PDF_MARGIN;
    p.y += 6;
    p.y += pdf_text(&p, "Sans Bold 14", "TANDA TERIMA PERMOHONAN LAYANAN", PDF_MARGIN, p.y, w,
                    1, true) + 4;
    p.y += pdf_text(&p, "Sans 9.5", "Receipt of a service request", PDF_MARGIN, p.y, w, 1,
                    true) + 18;
    double top = p.y, text_w = w - QR_SIDE - 18;
    report_when_text(when, sizeof when, t->created_at);
    line(&p, "Nomor tiket", t->number, text_w);
    line(&p, "Layanan", t->service_name, text_w);
    line(&p, "Judul", t->title, text_w);
    line(&p, "Pemohon", t->requester_name, text_w);
    line(&p, "Unit", t->unit_name, text_w);
    line(&p, "Kanal", t->channel, text_w);
    line(&p, "Tanggal diterima", when, text_w);
    int rc = draw_qr(&p, url, PDF_MARGIN + w - QR_SIDE, top, err);
    if (p.y < top + QR_SIDE)
        p.y = top + QR_SIDE;
    p.y += 16;
    p.y += pdf_text(&p, "Sans 9", "Pindai kode QR atau buka alamat berikut untuk melihat "
                                  "perkembangan permohonan Anda (masuk dengan akun pemohon):",
                    PDF_MARGIN, p.y, w, 0, false) + 4;
    p.y += pdf_text(&p, "Mono 9", url, PDF_MARGIN, p.y, w, 0, false) + 14;
    pdf_text(&p, "Sans Oblique 8.5",
             "Simpan tanda terima ini. Sebutkan nomor tiket setiap kali menghubungi petugas.",
             PDF_MARGIN, p.y, w, 0, false);
    int crc = pdf_close(&p, rc == 0, err);
    if (rc != 0 || crc != 0 || p.mem_failed) {
        free(p.mem);
        return rc ? rc
                  : crc ? crc
                        : err_set(err, ERR_INTERNAL, "report.pdf", "memori habis", "out of memory");
    }
    *out = p.mem;
    *len = p.mem_len;
    return 0;
}
