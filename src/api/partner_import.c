/* POST /api/v1/partners/import (text/csv body) and GET
** /api/v1/partners/export (CSV). The import is all or nothing: every row
** is checked and written in one transaction, and any wrong row rolls all
** of it back and answers 422 partner.import_invalid with one "row N" field
** per wrong row (N the spreadsheet row, the header being row 1). */
#include "api/api.h"
#include "api/json.h"
#include "api/master.h"
#include "api/partner_gate.h"
#include "core/arena.h"
#include "core/csv_read.h"
#include "core/qarg.h"
#include "http/reply.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

/* The columns a file may have: the partner fields but `active`. */
static int column(const char *name)
{
    int f = resource_field(&res_partners, name);
    return f >= 0 && strcmp(name, "active") ? f : -1;
}

/* The first problem of e as one line for the row's field. */
static void row_error(struct err *out, size_t row, const struct err *e)
{
    char name[32], id[160], en[160];
    snprintf(name, sizeof name, "row %zu", row);
    if (e->n_fields) {
        snprintf(id, sizeof id, "%.40s: %.110s", e->fields[0].name, e->fields[0].msg[LOC_ID]);
        snprintf(en, sizeof en, "%.40s: %.110s", e->fields[0].name, e->fields[0].msg[LOC_EN]);
    } else {
        snprintf(id, sizeof id, "%.150s", e->msg[LOC_ID]);
        snprintf(en, sizeof en, "%.150s", e->msg[LOC_EN]);
    }
    err_field(out, name, id, en);
}

static int invalid(struct req *rq, struct err *rows, size_t bad)
{
    err_set(rows, ERR_INVALID, "partner.import_invalid",
            "%zu baris salah; tidak ada yang diimpor", "%zu rows are wrong; nothing was imported",
            bad);
    return reply_err(rq, rows);
}

/* A row into r: text cells as given, unit_id as a number; empty = unset. */
static void fill(struct req *rq, const struct csv_row *row, const int *cols, size_t ncols,
                 struct record *r, struct err *e)
{
    for (size_t c = 0; c < ncols && c < row->n; c++) {
        const char *v = row->cells[c];
        if (!*v)
            continue;
        const struct field *f = &res_partners.fields[cols[c]];
        struct value *val = &r->v[cols[c]];
        if (f->type == FT_REF) {
            char *end;
            long long id = strtoll(v, &end, 10);
            if (*end || id <= 0)
                err_field(e, f->name, "harus id", "must be an id");
            *val = (struct value){.set = true, .i = id};
        } else {
            *val = (struct value){.set = true, .s = arena_strdup(rq->arena, v)};
        }
    }
    if (e->n_fields)
        err_set(e, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
}

int api_partners_import(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    const char *ct = req_header(rq, "Content-Type");
    if (!ct || strncasecmp(ct, "text/csv", 8) != 0)
        return reply_error(rq, ERR_UNSUPPORTED, "request.unsupported_type",
                           "isi permintaan harus text/csv", "the body must be text/csv");
    struct csv_table t;
    char why[128];
    struct err *rows = arena_alloc(rq->arena, sizeof *rows);
    size_t bad = 0;
    if (csv_read(rq->body ? rq->body : "", rq->body_len, rq->arena, &t, why, sizeof why) != 0) {
        err_field(rows, "file", "bukan CSV yang benar", why);
        return invalid(rq, rows, 1);
    }
    if (t.n < 2) {
        err_field(rows, "file", "butuh baris judul dan paling sedikit satu baris data",
                  "needs a header row and at least one data row");
        return invalid(rq, rows, 1);
    }
    int cols[CSV_MAX_COLS];
    for (size_t c = 0; c < t.rows[0].n; c++)
        if ((cols[c] = column(t.rows[0].cells[c])) < 0) {
            err_field(rows, "row 1", "kolom tidak dikenal", "unknown column");
            return invalid(rq, rows, 1);
        }
    struct db *db = req_db(rq);
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    for (size_t i = 1; i < t.n; i++) {
        struct record *r = record_new(rq->arena, &res_partners);
        struct err e = {0};
        if (t.rows[i].n != t.rows[0].n) {
            err_text(&e, ERR_INVALID, "validation", "jumlah kolom tidak sama dengan judul",
                     "the number of cells differs from the header");
        } else {
            fill(rq, &t.rows[i], cols, t.rows[0].n, r, &e);
            if (!e.kind)
                record_apply_defaults(&res_partners, r);
            if (!e.kind && partner_office_check(rq, r, NULL, &e) == 0 &&
                record_validate(&res_partners, r, true, &e) == 0 &&
                res_partners.rules(r, NULL, &e) == 0)
                db_rec_create(db, &res_partners, r, &e);
        }
        if (e.kind) {
            if (e.kind != ERR_INVALID && e.kind != ERR_CONFLICT && e.kind != ERR_FORBIDDEN) {
                db_rollback(db); /* the database failed: not the file's fault */
                return reply_err(rq, &e);
            }
            bad++;
            row_error(rows, t.rows[i].line, &e);
        }
    }
    if (bad) {
        db_rollback(db);
        return invalid(rq, rows, bad);
    }
    if (master_audit(rq, db, "import", "partners", 0,
                     json_pack("{s:I}", "imported", (json_int_t)(t.n - 1))) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:I}", "imported", (json_int_t)(t.n - 1)));
}

/* ---- export ------------------------------------------------------------ */

static const struct rcol export_cols[] = {
    {"id", "ID", RT_INT, 8, false},
    {"name", "Nama", RT_TEXT, 28, false},
    {"nik", "NIK", RT_TEXT, 18, false},
    {"address", "Alamat", RT_TEXT, 30, false},
    {"phone", "Telepon", RT_TEXT, 16, false},
    {"email", "Email", RT_TEXT, 24, false},
    {"bank_name", "Bank", RT_TEXT, 14, false},
    {"bank_account", "Nomor rekening", RT_TEXT, 18, false},
    {"unit_id", "Kantor (unit_id)", RT_INT, 10, false},
    {"active", "Aktif", RT_INT, 6, false},
};
enum { N_EXPORT = sizeof export_cols / sizeof export_cols[0] };

/* Every partner the user administers (filters as the list's q and
** unit_id), as CSV through report/csv.c: formula-like text neutralised. */
int api_partners_export(struct req *rq)
{
    if (partner_gate(rq, ACT_PARTNER_USE) != 0)
        return reply_err(rq, &rq->err);
    struct rec_query q = {.q = req_query(rq, "q"), .sort_field = -1, .page = 1,
                          .per_page = 1000000};
    int64_t unit = partner_unit(rq), wanted = qarg_id("unit_id", req_query(rq, "unit_id"),
                                                         &rq->err);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Parameter tidak valid",
                "Invalid parameters");
        return reply_err(rq, &rq->err);
    }
    if (wanted) {
        q.filters[q.n_filters].field = resource_field(&res_partners, "unit_id");
        q.filters[q.n_filters++].val = (struct value){.set = true, .i = wanted};
    }
    if (unit > 0) {
        q.filters[q.n_filters].field = resource_field(&res_partners, "unit_id");
        q.filters[q.n_filters++].val = (struct value){.set = true, .i = unit};
    }
    struct record **items;
    size_t n;
    int64_t total;
    struct db *db = req_db(rq);
    if (!db || db_rec_list(db, &res_partners, &q, rq->arena, &items, &n, &total,
                           &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct rdoc *doc = arena_alloc(rq->arena, sizeof *doc);
    doc->name = "partners";
    doc->title = "Daftar mitra";
    struct rsection *sec = report_add_section(doc, "rows", "Mitra", export_cols, N_EXPORT, n,
                                              rq->arena);
    for (size_t i = 0; i < n; i++) {
        struct rcell *c = &sec->cells[i * N_EXPORT];
        c[0].i = items[i]->id;
        for (size_t k = 1; k < N_EXPORT; k++) {
            const struct value *v = &items[i]->v[resource_field(&res_partners,
                                                                 export_cols[k].key)];
            c[k].null = v->null;
            if (export_cols[k].type == RT_INT)
                c[k].i = v->i;
            else
                c[k].s = v->s;
        }
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return reply_error(rq, ERR_INTERNAL, "internal", "gagal membuat CSV",
                           "could not make the CSV");
    int rc = report_write(report_csv_sink(f), doc, &rq->err);
    fclose(f);
    if (rc != 0) {
        free(buf);
        return reply_err(rq, &rq->err);
    }
    rc = reply_bytes(rq, 200, "text/csv; charset=utf-8", buf, len);
    free(buf);
    return rc;
}
