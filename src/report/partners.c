/* Partner reports (report/partner_report.h), built once into a document
** that report/csv.c, xlsx.c and pdf.c write, and into the API's JSON. */
#include "report/partner_report.h"
#include "core/arena.h"
#include "core/fee.h"
#include "core/qarg.h"
#include "store/partners.h"
#include "svc/partners.h"

#include <stdlib.h>
#include <string.h>

bool partner_report_known(const char *name)
{
    return name && (!strcmp(name, "partner-fees") || !strcmp(name, "activity-budgets") ||
                    !strcmp(name, "payments"));
}

/* ---- partner-fees ------------------------------------------------------ */

static const struct rcol fee_cols[] = {
    {"name", "Nama mitra", RT_TEXT, 28, false},
    {"nik", "NIK", RT_TEXT, 18, false},
    {"unit_name", "Kantor", RT_TEXT, 22, false},
    {"total", "Honor (Rp)", RT_INT, 14, false},
    {"ceiling", "Batas SBML (Rp)", RT_INT, 14, false},
    {"remaining", "Sisa (Rp)", RT_INT, 14, false},
};
enum { N_FEE = sizeof fee_cols / sizeof fee_cols[0] };

static int partner_fees(struct db *db, struct arena *a, int64_t unit, const char *month,
                        struct rdoc *doc, json_t **json, struct err *err)
{
    int y, m;
    int64_t ceiling;
    struct contract *items;
    size_t n;
    if (!fee_month_parse(month, &y, &m))
        return err_invalid(err, "month", "wajib diisi: bulan YYYY-MM",
                           "is required: a month YYYY-MM");
    struct contract_query q = {.unit_id = unit, .month = month};
    if (ptn_ceiling_get(db, y, &ceiling, err) != 0 ||
        ptn_contract_list(db, &q, a, &items, &n, err) != 0)
        return err->kind;
    doc->title = "Honor mitra per bulan terhadap batas SBML";
    doc->period = arena_printf(a, "Bulan %s", month);
    const char *title = arena_printf(a, "Honor mitra %s", month);
    struct rsection *sec = report_add_section(doc, "rows", title, fee_cols, N_FEE, n, a);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct contract *c = &items[i];
        bool known = ceiling >= 0;
        json_array_append_new(rows, json_pack(
            "{s:I, s:s?, s:s?, s:I, s:s?, s:I, s:o, s:o, s:b}", "partner_id",
            (json_int_t)c->partner_id, "name", c->partner_name, "nik", c->nik, "unit_id",
            (json_int_t)c->unit_id, "unit_name", c->unit_name, "total", (json_int_t)c->total,
            "ceiling", known ? json_integer(ceiling) : json_null(), "remaining",
            known ? json_integer(ceiling - c->total) : json_null(), "over",
            known && c->total > ceiling));
        struct rcell *r = &sec->cells[i * N_FEE];
        r[0].s = c->partner_name;
        r[1].s = c->nik;
        r[2].s = c->unit_name;
        r[3].i = c->total;
        r[4] = (struct rcell){.i = ceiling, .null = !known};
        r[5] = (struct rcell){.i = ceiling - c->total, .null = !known};
    }
    if (json)
        *json = json_pack("{s:s, s:o, s:o}", "month", month, "ceiling",
                          ceiling < 0 ? json_null() : json_integer(ceiling), "rows", rows);
    else
        json_decref(rows);
    return 0;
}

/* ---- activity-budgets -------------------------------------------------- */

static const struct rcol budget_cols[] = {
    {"code", "Kode", RT_TEXT, 14, false},
    {"name", "Kegiatan", RT_TEXT, 30, false},
    {"budget", "Pagu (Rp)", RT_INT, 14, false},
    {"used", "Realisasi (Rp)", RT_INT, 14, false},
    {"remaining", "Sisa (Rp)", RT_INT, 14, false},
    {"percent", "Realisasi (%)", RT_NUM, 10, false},
};
enum { N_BUDGET = sizeof budget_cols / sizeof budget_cols[0] };

static int activity_budgets(struct db *db, struct arena *a, const char *ys, struct rdoc *doc,
                            json_t **json, struct err *err)
{
    int64_t year = 0;
    struct activity_use *items;
    size_t n;
    if (ys && *ys && !qarg_int(ys, 2000, 9999, &year))
        return err_invalid(err, "year", "harus tahun YYYY", "must be a year YYYY");
    if (ptn_activity_use(db, (int)year, a, &items, &n, err) != 0)
        return err->kind;
    doc->title = "Realisasi honor kegiatan terhadap pagu";
    doc->period = year ? arena_printf(a, "Tahun %lld", (long long)year) : "Semua tahun";
    struct rsection *sec = report_add_section(doc, "rows", "Realisasi terhadap pagu",
                                              budget_cols, N_BUDGET, n, a);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct activity_use *u = &items[i];
        /* a percentage for reading only: hundredths computed on integers */
        int64_t hundredths = u->budget > 0 ? u->used * 10000 / u->budget : 0;
        double pct = (double)hundredths / 100.0;
        json_array_append_new(rows, json_pack(
            "{s:I, s:s?, s:s?, s:s?, s:s?, s:I, s:I, s:I, s:I, s:f}", "activity_id",
            (json_int_t)u->id, "code", u->code, "name", u->name, "start_date", u->start_date,
            "end_date", u->end_date, "budget", (json_int_t)u->budget, "used",
            (json_int_t)u->used, "remaining", (json_int_t)(u->budget - u->used), "assignments",
            (json_int_t)u->n_assignments, "percent", pct));
        struct rcell *r = &sec->cells[i * N_BUDGET];
        r[0].s = u->code;
        r[1].s = u->name;
        r[2].i = u->budget;
        r[3].i = u->used;
        r[4].i = u->budget - u->used;
        r[5].d = pct;
    }
    if (json)
        *json = json_pack("{s:o}", "rows", rows);
    else
        json_decref(rows);
    return 0;
}

/* ---- payments ---------------------------------------------------------- */

static const struct rcol pay_cols[] = {
    {"partner_name", "Nama mitra", RT_TEXT, 28, false},
    {"nik", "NIK", RT_TEXT, 18, false},
    {"unit_name", "Kantor", RT_TEXT, 20, false},
    {"month", "Bulan", RT_TEXT, 8, false},
    {"bank_name", "Bank", RT_TEXT, 12, false},
    {"bank_account", "Nomor rekening", RT_TEXT, 18, false},
    {"total", "Honor (Rp)", RT_INT, 14, false},
    {"paid", "Sudah dibayar", RT_INT, 8, false},
};
enum { N_PAY = sizeof pay_cols / sizeof pay_cols[0] };

/* Every contract with nothing missing (svc_contract_blockers), paid or not. */
static int payments(struct db *db, struct arena *a, int64_t unit, const char *month,
                    struct rdoc *doc, json_t **json, struct err *err)
{
    int y, m;
    struct contract *items;
    size_t n, k = 0;
    if (month && *month && !fee_month_parse(month, &y, &m))
        return err_invalid(err, "month", "harus bulan YYYY-MM", "must be a month YYYY-MM");
    struct contract_query q = {.unit_id = unit, .month = month && *month ? month : NULL};
    if (ptn_contract_list(db, &q, a, &items, &n, err) != 0)
        return err->kind;
    doc->title = "Daftar pembayaran honor mitra";
    doc->period = q.month ? arena_printf(a, "Bulan %s", q.month) : "Semua bulan";
    struct rsection *sec = report_add_section(doc, "items", "Pembayaran", pay_cols, N_PAY, n, a);
    json_t *arr = json_array();
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        const struct contract *c = &items[i];
        json_t *b = svc_contract_blockers(c);
        bool ready = json_array_size(b) == 0;
        json_decref(b);
        if (!ready)
            continue;
        /* a list past Rp 10^15 is refused whole, never shortened */
        if (!fee_add(sum, c->total, &sum)) {
            json_decref(arr);
            return err_set(err, ERR_INVALID, "payments.too_large",
                           "jumlah pembayaran terlalu besar; pilih satu bulan",
                           "the payments add up past Rp 10^15; choose one month");
        }
        json_array_append_new(arr, svc_contract_json(c));
        struct rcell *r = &sec->cells[k++ * N_PAY];
        r[0].s = c->partner_name;
        r[1].s = c->nik;
        r[2].s = c->unit_name;
        r[3].s = c->month;
        r[4].s = c->bank_name;
        r[5].s = c->bank_account;
        r[6].i = c->total;
        r[7].i = c->paid;
    }
    sec->n_rows = k; /* cells were sized for every contract, k of them are ready */
    if (json)
        *json = json_pack("{s:o, s:I, s:I}", "items", arr, "total", (json_int_t)k, "sum",
                          (json_int_t)sum);
    else
        json_decref(arr);
    return 0;
}

int partner_report_build(struct db *db, struct arena *a, const struct principal *me,
                         const char *name, report_get_fn *get, void *cls, struct rdoc *doc,
                         json_t **json, struct err *err)
{
    memset(doc, 0, sizeof *doc);
    doc->name = name;
    int64_t unit = perm_partner_unit(me);
    if (unit < 0)
        return err_set(err, ERR_NOT_FOUND, "not_found", "tidak ditemukan", "not found");
    if (!strcmp(name, "partner-fees"))
        return partner_fees(db, a, unit, get(cls, "month"), doc, json, err);
    if (!strcmp(name, "activity-budgets"))
        return activity_budgets(db, a, get(cls, "year"), doc, json, err);
    if (!strcmp(name, "payments"))
        return payments(db, a, unit, get(cls, "month"), doc, json, err);
    return err_set(err, ERR_NOT_FOUND, "report.not_found", "laporan tidak dikenal",
                   "unknown report");
}
