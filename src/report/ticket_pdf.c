/* Per-ticket PDF documents in Indonesian: a ticket summary, and the
** completion report ("berita acara", seed 001: summary of the work, result,
** completion date, the officer responsible) with signature blocks for the
** requester and the officer. Internal notes never appear. */
#include "core/ticket.h"
#include "report/pdf.h"
#include "store/report_store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const months[] = {"Januari", "Februari", "Maret",     "April",
                                     "Mei",     "Juni",     "Juli",      "Agustus",
                                     "September", "Oktober", "November", "Desember"};
static const char *const days[] = {"Minggu", "Senin", "Selasa", "Rabu",
                                   "Kamis",  "Jumat", "Sabtu"};

/* "Senin, 1 Desember 2026" (WIB); with_day adds the weekday. */
static void date_text(char *buf, size_t len, int64_t t, bool with_day)
{
    if (!t) {
        snprintf(buf, len, "-");
        return;
    }
    time_t lt = (time_t)(t + REPORT_TZ_OFFSET);
    struct tm tm;
    gmtime_r(&lt, &tm);
    snprintf(buf, len, "%s%s%d %s %d", with_day ? days[tm.tm_wday] : "", with_day ? ", " : "",
             tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

static void when_text(char *buf, size_t len, int64_t t)
{
    if (!t) {
        snprintf(buf, len, "-");
        return;
    }
    char d[48];
    date_text(d, sizeof d, t, false);
    time_t lt = (time_t)(t + REPORT_TZ_OFFSET);
    struct tm tm;
    gmtime_r(&lt, &tm);
    snprintf(buf, len, "%s %02d:%02d WIB", d, tm.tm_hour, tm.tm_min);
}

/* One "label : value" line; wraps long values. */
static void kv(struct pdf *p, const char *label, const char *value)
{
    double w = PDF_W - 2 * PDF_MARGIN;
    pdf_need(p, 16);
    pdf_text(p, "Sans 9.5", label, PDF_MARGIN, p->y, 170, 0, true);
    pdf_text(p, "Sans 9.5", ":", PDF_MARGIN + 170, p->y, 10, 0, true);
    p->y += pdf_text(p, "Sans 9.5", value && *value ? value : "-", PDF_MARGIN + 182, p->y,
                     w - 182, 0, false) + 3;
}

static void heading(struct pdf *p, const char *s)
{
    pdf_need(p, 40);
    p->y += 8;
    p->y += pdf_text(p, "Sans Bold 11", s, PDF_MARGIN, p->y, PDF_W - 2 * PDF_MARGIN, 0, true) + 4;
}

static void paragraph(struct pdf *p, const char *s)
{
    /* measure first so a paragraph is not cut by the page end when it fits on one */
    pdf_need(p, 30);
    p->y += pdf_text(p, "Sans 9.5", s && *s ? s : "-", PDF_MARGIN, p->y, PDF_W - 2 * PDF_MARGIN,
                     0, false) + 6;
}

static const char *status_label(const struct ticket *t)
{
    enum ticket_status st;
    return t->status && ticket_status_parse(t->status, &st) == 0
               ? ticket_status_label(st, LOC_ID) : t->status;
}

static void fields(struct pdf *p, const struct ticket *t)
{
    char b[8][96];
    kv(p, "Nomor tiket", t->number);
    kv(p, "Judul", t->title);
    kv(p, "Status", status_label(t));
    kv(p, "Layanan", t->service_name);
    kv(p, "Prioritas", t->priority_code);
    kv(p, "Kanal", t->channel);
    kv(p, "Pemohon", t->requester_name);
    kv(p, "Unit", t->unit_name);
    kv(p, "Petugas", t->assignee_name);
    snprintf(b[0], sizeof b[0], "%d", t->tier);
    kv(p, "Tingkat", b[0]);
    when_text(b[1], sizeof b[1], t->created_at);
    kv(p, "Dibuat", b[1]);
    when_text(b[2], sizeof b[2], t->first_response_at);
    kv(p, "Tanggapan pertama", b[2]);
    when_text(b[3], sizeof b[3], t->resolved_at);
    kv(p, "Diselesaikan", b[3]);
    when_text(b[4], sizeof b[4], t->closed_at);
    kv(p, "Ditutup", b[4]);
    when_text(b[5], sizeof b[5], t->resolution_due);
    kv(p, "Batas penyelesaian", b[5]);
    kv(p, "SLA", t->first_response_breached || t->resolution_breached ? "Terlewati"
                                                                      : "Terpenuhi / berjalan");
    if (t->rating) {
        snprintf(b[6], sizeof b[6], "%d dari 5", t->rating);
        kv(p, "Penilaian", b[6]);
    }
}

static void summary(struct pdf *p, const struct ticket *t, const struct ticket_event *ev,
                    size_t n)
{
    fields(p, t);
    heading(p, "Uraian permintaan");
    paragraph(p, t->description);
    if (t->resolution_summary) {
        heading(p, "Ringkasan penyelesaian");
        paragraph(p, t->resolution_summary);
    }
    heading(p, "Riwayat penanganan");
    char when[64];
    for (size_t i = 0; i < n; i++) {
        if (ev[i].internal)
            continue; /* never print internal notes, whatever the caller passed */
        when_text(when, sizeof when, ev[i].at);
        const char *what = ev[i].field && ev[i].new_value
                               ? ev[i].new_value
                               : ev[i].new_value ? ev[i].new_value : "";
        char line[512];
        snprintf(line, sizeof line, "%s — %s — %s%s%s", when,
                 ev[i].actor_name ? ev[i].actor_name : "sistem", ev[i].kind,
                 *what ? ": " : "", what);
        pdf_need(p, 14);
        p->y += pdf_text(p, "Sans 8.5", line, PDF_MARGIN, p->y, PDF_W - 2 * PDF_MARGIN, 0,
                         false) + 1;
        if (ev[i].body && *ev[i].body) {
            pdf_need(p, 14);
            p->y += pdf_text(p, "Sans Oblique 8.5", ev[i].body, PDF_MARGIN + 16, p->y,
                             PDF_W - 2 * PDF_MARGIN - 16, 0, false) + 3;
        }
    }
}

static void completion(struct pdf *p, const struct ticket *t)
{
    char today[64], line[512];
    int64_t done = t->resolved_at ? t->resolved_at : t->closed_at;
    p->y += pdf_text(p, "Sans Bold 13", "BERITA ACARA PENYELESAIAN LAYANAN", PDF_MARGIN, p->y,
                     PDF_W - 2 * PDF_MARGIN, 1, true);
    snprintf(line, sizeof line, "Nomor: BA/%s", t->number);
    p->y += pdf_text(p, "Sans 10", line, PDF_MARGIN, p->y + 2, PDF_W - 2 * PDF_MARGIN, 1, true) + 14;
    date_text(today, sizeof today, done, true);
    snprintf(line, sizeof line,
             "Pada hari ini, %s, telah diselesaikan permintaan layanan dengan rincian sebagai "
             "berikut:", today);
    paragraph(p, line);
    char b[4][96];
    kv(p, "Nomor tiket", t->number);
    kv(p, "Judul permintaan", t->title);
    kv(p, "Layanan", t->service_name);
    kv(p, "Pemohon", t->requester_name);
    kv(p, "Unit pemohon", t->unit_name);
    when_text(b[0], sizeof b[0], t->created_at);
    kv(p, "Tanggal permintaan", b[0]);
    when_text(b[1], sizeof b[1], done);
    kv(p, "Tanggal selesai", b[1]);
    kv(p, "Petugas penanggung jawab", t->assignee_name);
    heading(p, "Ringkasan hasil pekerjaan");
    paragraph(p, t->resolution_summary);
    paragraph(p, "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.");
    /* signature blocks side by side */
    pdf_need(p, 130);
    p->y += 16;
    double col = (PDF_W - 2 * PDF_MARGIN) / 2;
    pdf_text(p, "Sans 9.5", "Pemohon,", PDF_MARGIN, p->y, col, 1, true);
    pdf_text(p, "Sans 9.5", "Petugas,", PDF_MARGIN + col, p->y, col, 1, true);
    p->y += 70;
    snprintf(line, sizeof line, "( %s )", t->requester_name ? t->requester_name : "..........");
    pdf_text(p, "Sans Bold 9.5", line, PDF_MARGIN, p->y, col, 1, true);
    snprintf(line, sizeof line, "( %s )", t->assignee_name ? t->assignee_name : "..........");
    pdf_text(p, "Sans Bold 9.5", line, PDF_MARGIN + col, p->y, col, 1, true);
    p->y += 20;
}

int report_ticket_pdf(const struct ticket *t, const struct ticket_event *events, size_t n_events,
                      const char *kind, const struct report_brand *brand, unsigned char **out,
                      size_t *len, struct err *err)
{
    bool is_summary = !kind || !strcmp(kind, "summary");
    if (!is_summary && strcmp(kind, "completion") != 0)
        return err_invalid(err, "kind", "harus summary atau completion",
                           "must be summary or completion");
    struct report_brand b = *brand;
    char title[160];
    snprintf(title, sizeof title, "%s %s", is_summary ? "Ringkasan Tiket" : "Berita Acara",
             t->number);
    b.title = title;
    struct pdf p;
    if (pdf_open(&p, NULL, &b, title, err) != 0)
        return err->kind;
    if (is_summary)
        summary(&p, t, events, n_events);
    else
        completion(&p, t);
    int rc = pdf_close(&p, true, err);
    if (rc != 0 || p.mem_failed) {
        free(p.mem);
        return rc ? rc : err_set(err, ERR_INTERNAL, "report.pdf", "memori habis", "out of memory");
    }
    *out = p.mem;
    *len = p.mem_len;
    return 0;
}

/* For the receipt (report/receipt.c): the same date wording. */
void report_when_text(char *buf, size_t len, int64_t t)
{
    when_text(buf, len, t);
}
