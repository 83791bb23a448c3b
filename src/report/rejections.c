/* The rejections report (issue #21 item 9, seed 001: tickets turned down
** at "verifikasi awal"): cancelled tickets of the period, those rejected by
** staff counted per rejection reason code apart from those the requester
** cancelled themselves. */
#include "core/arena.h"
#include "report/report.h"
#include "store/report_store.h"

#include <string.h>

static const struct rcol rejection_cols[] = {
    {"kind", "Jenis", RT_TEXT, 12},
    {"code", "Kode", RT_TEXT, 20},
    {"label", "Alasan", RT_TEXT, 40},
    {"count", "Jumlah", RT_INT, 10},
};

int report_build_rejections(struct db *db, struct arena *a, const struct report_args *args,
                            struct rdoc *doc, struct err *err)
{
    struct report_cancel *rows;
    size_t n;
    if (store_report_cancellations(db, &args->q, a, &rows, &n, err) != 0)
        return err->kind;
    struct rsection *s = report_add_section(doc, "rows", "Penolakan per kode alasan dan "
                                                         "pembatalan oleh pemohon",
                                            rejection_cols, 4, n, a);
    int64_t rejected = 0, by_requester = 0;
    for (size_t i = 0; i < n; i++) {
        bool own = !strcmp(rows[i].who, "requester");
        report_cell(s, i, 0)->s = own ? "requester" : "rejected";
        report_cell(s, i, 1)->s = rows[i].code;
        report_cell(s, i, 2)->s = own                 ? "Dibatalkan sendiri oleh pemohon"
                                  : rows[i].label     ? rows[i].label
                                  : *rows[i].code     ? rows[i].code
                                                      : "(ditolak tanpa kode)";
        report_cell(s, i, 3)->i = rows[i].n;
        *(own ? &by_requester : &rejected) += rows[i].n;
    }
    report_bars(s, a, "Penolakan dan pembatalan", 2, 3);
    report_fig(doc, "rejected", (double)rejected);
    report_fig(doc, "cancelled_by_requester", (double)by_requester);
    return 0;
}
