/* Partner reports: GET /api/v1/reports/partner-fees?month=YYYY-MM (each
** partner's fees in the month against the ceiling) and GET
** /api/v1/reports/activity-budgets?year=YYYY (each activity's spending
** against its budget, realisation against pagu); JSON, or a file with
** ?format=csv|xlsx|pdf. Partner admins see their own office's partners;
** an activity's figures are national (its budget is). */
#include "api/api.h"
#include "api/partner_gate.h"
#include "core/arena.h"
#include "core/fee.h"
#include "http/reply.h"
#include "report/report.h"
#include "store/partners.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct rcol fee_cols[] = {
    {"partner_name", "Nama mitra", RT_TEXT, 28, false},
    {"nik", "NIK", RT_TEXT, 18, false},
    {"unit_name", "Kantor", RT_TEXT, 22, false},
    {"total", "Honor (Rp)", RT_INT, 14, false},
    {"ceiling", "Batas SBML (Rp)", RT_INT, 14, false},
    {"remaining", "Sisa (Rp)", RT_INT, 14, false},
};
enum { N_FEE = sizeof fee_cols / sizeof fee_cols[0] };

int api_reports_partner_fees(struct req *rq)
{
    const char *month = req_query(rq, "month");
    int y, m;
    int64_t ceiling;
    struct contract *items;
    size_t n;
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    if (!fee_month_parse(month, &y, &m))
        return reply_err(rq, (err_invalid(&rq->err, "month", "wajib diisi: bulan YYYY-MM",
                                          "is required: a month YYYY-MM"), &rq->err));
    struct contract_query q = {.unit_id = partner_unit(rq), .month = month};
    if (!(db = req_db(rq)) || ptn_ceiling_get(db, y, &ceiling, &rq->err) != 0 ||
        ptn_contract_list(db, &q, rq->arena, &items, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct rdoc *doc = arena_alloc(rq->arena, sizeof *doc);
    doc->name = "partner-fees";
    doc->title = "Honor mitra per bulan terhadap batas SBML";
    doc->period = month;
    struct rsection *sec = &doc->sections[doc->n_sections++];
    sec->key = "rows";
    sec->title = arena_printf(rq->arena, "Honor mitra %s", month);
    sec->cols = fee_cols;
    sec->n_cols = N_FEE;
    sec->n_rows = n;
    sec->cells = arena_alloc(rq->arena, (n ? n : 1) * N_FEE * sizeof *sec->cells);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct contract *c = &items[i];
        json_t *cj = ceiling < 0 ? json_null() : json_integer(ceiling);
        json_t *rj = ceiling < 0 ? json_null() : json_integer(ceiling - c->total);
        json_array_append_new(rows, json_pack("{s:I, s:s?, s:s?, s:I, s:s?, s:I, s:o, s:o, "
                                              "s:b}",
                                              "partner_id", (json_int_t)c->partner_id, "name",
                                              c->partner_name, "nik", c->nik, "unit_id",
                                              (json_int_t)c->unit_id, "unit_name",
                                              c->unit_name, "total", (json_int_t)c->total,
                                              "ceiling", cj, "remaining", rj, "over",
                                              ceiling >= 0 && c->total > ceiling));
        struct rcell *r = &sec->cells[i * N_FEE];
        r[0].s = c->partner_name;
        r[1].s = c->nik;
        r[2].s = c->unit_name;
        r[3].i = c->total;
        r[4].i = ceiling;
        r[4].null = ceiling < 0;
        r[5].i = ceiling - c->total;
        r[5].null = ceiling < 0;
    }
    return partner_reply_doc(rq, doc, json_pack("{s:s, s:o, s:o}", "month", month, "ceiling",
                                                ceiling < 0 ? json_null()
                                                            : json_integer(ceiling),
                                                "rows", rows));
}

static const struct rcol budget_cols[] = {
    {"code", "Kode", RT_TEXT, 14, false},
    {"name", "Kegiatan", RT_TEXT, 30, false},
    {"budget", "Pagu (Rp)", RT_INT, 14, false},
    {"used", "Realisasi (Rp)", RT_INT, 14, false},
    {"remaining", "Sisa (Rp)", RT_INT, 14, false},
    {"percent", "Realisasi (%)", RT_NUM, 10, false},
};
enum { N_BUDGET = sizeof budget_cols / sizeof budget_cols[0] };

int api_reports_activity_budgets(struct req *rq)
{
    const char *ys = req_query(rq, "year");
    int year = ys ? atoi(ys) : 0;
    struct activity_use *items;
    size_t n;
    struct db *db;
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    if (ys && (year < 2000 || year > 9999))
        return reply_err(rq, (err_invalid(&rq->err, "year", "harus tahun YYYY",
                                          "must be a year YYYY"), &rq->err));
    if (!(db = req_db(rq)) || ptn_activity_use(db, year, rq->arena, &items, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct rdoc *doc = arena_alloc(rq->arena, sizeof *doc);
    doc->name = "activity-budgets";
    doc->title = "Realisasi honor kegiatan terhadap pagu";
    doc->period = ys;
    struct rsection *sec = &doc->sections[doc->n_sections++];
    sec->key = "rows";
    sec->title = "Realisasi terhadap pagu";
    sec->cols = budget_cols;
    sec->n_cols = N_BUDGET;
    sec->n_rows = n;
    sec->cells = arena_alloc(rq->arena, (n ? n : 1) * N_BUDGET * sizeof *sec->cells);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct activity_use *u = &items[i];
        /* percent for reading only, in hundredths computed on integers */
        int64_t bp = u->budget > 0 ? u->used * 10000 / u->budget : 0;
        json_array_append_new(rows, json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:I, s:I, s:I, "
                                              "s:I, s:f}",
                                              "activity_id", (json_int_t)u->id, "code",
                                              u->code, "name", u->name, "start_date",
                                              u->start_date, "end_date", u->end_date, "budget",
                                              (json_int_t)u->budget, "used",
                                              (json_int_t)u->used, "remaining",
                                              (json_int_t)(u->budget - u->used), "assignments",
                                              (json_int_t)u->n_assignments, "percent",
                                              (double)bp / 100.0));
        struct rcell *r = &sec->cells[i * N_BUDGET];
        r[0].s = u->code;
        r[1].s = u->name;
        r[2].i = u->budget;
        r[3].i = u->used;
        r[4].i = u->budget - u->used;
        r[5].d = (double)bp / 100.0;
    }
    return partner_reply_doc(rq, doc, json_pack("{s:o}", "rows", rows));
}
