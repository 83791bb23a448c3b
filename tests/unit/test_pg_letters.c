/* pg-letters: the PostgreSQL driver's partner and letter tables (issue
** #19) against a fresh database of the private cluster
** (tests/unit/pg_fixture.h; skipped without LOKET_TEST_PG).
**   1.x  partners: rates, ceilings, assignments and their list, sums,
**        contracts, activity budgets
**   2.x  letters: settings, logos, templates, numbers, issue, void, list,
**        what letters print
**   3.x  letter numbers from four connections of two stores at once:
**        unique, no gaps, a rolled-back issue gives its number back */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "store/letter_store.h"
#include "store/partners.h"
#include "store/pg/pg.h"

#include "pg_fixture.h"

static struct store *st;
static struct db *db;
static struct arena *a;

/* Rows of tables other helpers own, written on the fixture's connection. */
static void sql(const char *q)
{
    PGresult *r = pg_fixture_sql(q);
    assert_non_null(r);
    PQclear(r);
}

/* Two offices, three partners, three activities (rows other helpers own). */
static void seed(void)
{
    sql("INSERT INTO units (id, name, code, created_at, updated_at) VALUES"
        " (1, 'BPS Kota', 'K01', 'x', 'x'), (2, 'BPS Kab', NULL, 'x', 'x')");
    sql("INSERT INTO partners (id, name, nik, address, bank_name, bank_account, unit_id,"
        " created_at, updated_at) VALUES"
        " (1, 'Ani', '3201000000000001', 'Jl. Mawar 1', 'BRI', '0011', 1, 'x', 'x'),"
        " (2, 'Budi', '3201000000000002', NULL, NULL, NULL, 1, 'x', 'x'),"
        " (3, 'Cici', '3201000000000003', NULL, 'BNI', '0033', 2, 'x', 'x')");
    sql("INSERT INTO activities (id, code, name, start_date, end_date, budget, created_at,"
        " updated_at) VALUES"
        " (1, 'SE26', 'Sensus Ekonomi', '2026-01-01', '2026-06-30', 10000000, 'x', 'x'),"
        " (2, 'SUS25', 'Susenas', '2025-10-01', '2026-02-28', 5000000, 'x', 'x'),"
        " (3, 'X24', 'Lama', '2024-01-01', '2024-12-31', 1000, 'x', 'x')");
}

static int64_t add_asg(int64_t partner, int64_t activity, const char *month, int64_t fee,
                       bool st_issued)
{
    struct err e = {0};
    struct assignment x = {.partner_id = partner, .activity_id = activity, .output = "dokumen",
                           .volume = fee / 1000, .unit_rate = 1000, .fee = fee, .month = month,
                           .surat_tugas_issued = st_issued, .role = "PPL", .area = "Kec A"};
    assert_int_equal(ptn_assignment_save(db, &x, &e), 0);
    assert_true(x.id > 0);
    return x.id;
}

static void partners(void **s)
{
    (void)s;
    struct err e = {0};
    /* 1.1 rates: none, then by output, then replaced */
    struct activity_rate *rates;
    size_t n = 9;
    assert_int_equal(ptn_rates_get(db, 1, a, &rates, &n, &e), 0);
    assert_int_equal(n, 0);
    struct activity_rate set[] = {{"ruta", 7000}, {"dokumen", 5000}};
    assert_int_equal(ptn_rates_set(db, 1, set, 2, &e), 0);
    assert_int_equal(ptn_rates_get(db, 1, a, &rates, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rates[0].output, "dokumen");
    assert_int_equal(rates[0].unit_rate, 5000);
    assert_string_equal(rates[1].output, "ruta");
    assert_int_equal(ptn_rates_set(db, 1, set, 1, &e), 0);
    assert_int_equal(ptn_rates_get(db, 1, a, &rates, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rates[0].unit_rate, 7000);
    /* 1.2 ceilings: -1 when none, then set and replaced */
    int64_t monthly = 0;
    assert_int_equal(ptn_ceiling_get(db, 2026, &monthly, &e), 0);
    assert_int_equal(monthly, -1);
    assert_int_equal(ptn_ceiling_set(db, 2026, 4000000, &e), 0);
    assert_int_equal(ptn_ceiling_set(db, 2026, 4500000, &e), 0);
    assert_int_equal(ptn_ceiling_get(db, 2026, &monthly, &e), 0);
    assert_int_equal(monthly, 4500000);
    assert_int_equal(ptn_ceiling_get(db, 2025, &monthly, &e), 0);
    assert_int_equal(monthly, -1);
    /* 1.3 an assignment as saved, with what it joins */
    int64_t x1 = add_asg(1, 1, "2026-01", 50000, false);
    int64_t x2 = add_asg(2, 1, "2026-01", 100000, false);
    int64_t x3 = add_asg(1, 2, "2026-02", 70000, true);
    int64_t x4 = add_asg(3, 2, "2026-02", 30000, false);
    struct assignment x;
    assert_int_equal(ptn_assignment_get(db, x1, a, &x, &e), 0);
    assert_int_equal(x.id, x1);
    assert_int_equal(x.partner_id, 1);
    assert_int_equal(x.activity_id, 1);
    assert_string_equal(x.output, "dokumen");
    assert_int_equal(x.volume, 50);
    assert_int_equal(x.unit_rate, 1000);
    assert_int_equal(x.fee, 50000);
    assert_string_equal(x.month, "2026-01");
    assert_false(x.surat_tugas_issued);
    assert_int_equal(x.created_by, 0);
    assert_int_equal(strlen(x.created_at), 20); /* 2026-12-07T21:30:00Z */
    assert_int_equal(x.created_at[10], 'T');
    assert_int_equal(x.created_at[19], 'Z');
    assert_int_equal(x.unit_id, 1);
    assert_string_equal(x.partner_name, "Ani");
    assert_string_equal(x.activity_code, "SE26");
    assert_string_equal(x.activity_name, "Sensus Ekonomi");
    assert_string_equal(x.role, "PPL");
    assert_string_equal(x.area, "Kec A");
    assert_int_equal(ptn_assignment_get(db, x4 + 100, a, &x, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "assignment.not_found");
    /* 1.4 an update rewrites what it may */
    assert_int_equal(ptn_assignment_get(db, x1, a, &x, &e), 0);
    x.volume = 60;
    x.fee = 60000;
    x.surat_tugas_issued = true;
    x.role = NULL;
    assert_int_equal(ptn_assignment_save(db, &x, &e), 0);
    assert_int_equal(x.id, x1);
    assert_int_equal(ptn_assignment_get(db, x1, a, &x, &e), 0);
    assert_int_equal(x.fee, 60000);
    assert_int_equal(x.volume, 60);
    assert_true(x.surat_tugas_issued);
    assert_null(x.role);
    /* 1.5 the list: month newest first, then partner name; filters; pages */
    struct assignment *items;
    int64_t total = 0;
    struct assignment_query q = {0};
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 4);
    assert_int_equal(n, 4);
    int64_t want[] = {x3, x4, x1, x2};
    for (int i = 0; i < 4; i++)
        assert_int_equal(items[i].id, want[i]);
    q = (struct assignment_query){.unit_id = 1};
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    q = (struct assignment_query){.q = "bUd"}; /* a name part, any case */
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, x2);
    q = (struct assignment_query){.q = "3201000000000003"}; /* a whole NIK */
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, x4);
    q = (struct assignment_query){.q = "3201"}; /* not a NIK's part */
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    q = (struct assignment_query){.q = "sus2"}; /* a part of an activity code */
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    q = (struct assignment_query){.q = "b_di"}; /* '_' one character, as in SQLite's LIKE */
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, x2);
    q = (struct assignment_query){.partner_id = 1, .activity_id = 2, .month = "2026-02"};
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, x3);
    q = (struct assignment_query){.page = 2, .per_page = 1};
    assert_int_equal(ptn_assignment_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 4);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, x4);
    /* 1.6 the sums of the money rules */
    assert_int_equal(ptn_partner_month_total(db, 1, "2026-01", 0, &total, &e), 0);
    assert_int_equal(total, 60000);
    assert_int_equal(ptn_partner_month_total(db, 1, "2026-01", x1, &total, &e), 0);
    assert_int_equal(total, 0);
    assert_int_equal(ptn_activity_total(db, 1, 0, &total, &e), 0);
    assert_int_equal(total, 160000);
    assert_int_equal(ptn_activity_total(db, 1, x2, &total, &e), 0);
    assert_int_equal(total, 60000);
    const char *first = "x", *last = "x";
    assert_int_equal(ptn_activity_month_range(db, 2, a, &first, &last, &e), 0);
    assert_string_equal(first, "2026-02");
    assert_string_equal(last, "2026-02");
    assert_int_equal(ptn_activity_month_range(db, 3, a, &first, &last, &e), 0);
    assert_null(first);
    assert_null(last);
    /* 1.7 contracts: one per partner-month, with what finance needs */
    struct contract *c;
    struct contract_query cq = {0};
    assert_int_equal(ptn_contract_list(db, &cq, a, &c, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_int_equal(c[0].partner_id, 1);
    assert_string_equal(c[0].month, "2026-01");
    assert_int_equal(c[0].total, 60000);
    assert_int_equal(c[0].n_assignments, 1);
    assert_int_equal(c[0].n_surat_tugas_missing, 0);
    assert_string_equal(c[0].partner_name, "Ani");
    assert_string_equal(c[0].nik, "3201000000000001");
    assert_string_equal(c[0].bank_name, "BRI");
    assert_string_equal(c[0].bank_account, "0011");
    assert_int_equal(c[0].unit_id, 1);
    assert_string_equal(c[0].unit_name, "BPS Kota");
    assert_false(c[0].contract_signed);
    assert_int_equal(c[1].partner_id, 2);
    assert_int_equal(c[1].n_surat_tugas_missing, 1);
    assert_null(c[1].bank_name);
    assert_int_equal(c[3].partner_id, 3);
    assert_string_equal(c[3].unit_name, "BPS Kab");
    /* a second assignment in Ani's January: summed, counted */
    int64_t x5 = add_asg(1, 2, "2026-01", 5000, false);
    cq = (struct contract_query){.unit_id = 1, .month = "2026-01"};
    assert_int_equal(ptn_contract_list(db, &cq, a, &c, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(c[0].total, 65000);
    assert_int_equal(c[0].n_assignments, 2);
    assert_int_equal(c[0].n_surat_tugas_missing, 1);
    /* -1 leaves a state as it is (0 on a new row) */
    assert_int_equal(ptn_contract_set(db, 1, "2026-01", 1, -1, -1, -1, &e), 0);
    assert_int_equal(ptn_contract_set(db, 1, "2026-01", -1, 1, -1, 1, &e), 0);
    cq = (struct contract_query){.partner_id = 1, .month = "2026-01"};
    assert_int_equal(ptn_contract_list(db, &cq, a, &c, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_true(c[0].contract_signed);
    assert_true(c[0].bast_signed);
    assert_false(c[0].terminated);
    assert_true(c[0].paid);
    assert_int_equal(ptn_contract_set(db, 1, "2026-01", 0, -1, -1, -1, &e), 0);
    assert_int_equal(ptn_contract_list(db, &cq, a, &c, &n, &e), 0);
    assert_false(c[0].contract_signed);
    assert_true(c[0].bast_signed);
    /* 1.8 activity budgets: periods touching the year, by start date */
    struct activity_use *u;
    assert_int_equal(ptn_activity_use(db, 2026, a, &u, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(u[0].code, "SUS25");
    assert_int_equal(u[0].budget, 5000000);
    assert_int_equal(u[0].used, 105000);
    assert_int_equal(u[0].n_assignments, 3);
    assert_string_equal(u[1].code, "SE26");
    assert_int_equal(u[1].used, 160000);
    assert_string_equal(u[1].start_date, "2026-01-01");
    assert_string_equal(u[1].end_date, "2026-06-30");
    assert_int_equal(ptn_activity_use(db, 2024, a, &u, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(u[0].used, 0);
    assert_int_equal(u[0].n_assignments, 0);
    assert_int_equal(ptn_activity_use(db, 0, a, &u, &n, &e), 0);
    assert_int_equal(n, 3);
    /* 1.9 delete */
    assert_int_equal(ptn_assignment_delete(db, x5, &e), 0);
    assert_int_equal(ptn_assignment_get(db, x5, a, &x, &e), ERR_NOT_FOUND);
    assert_int_equal(ptn_activity_total(db, 2, 0, &total, &e), 0);
    assert_int_equal(total, 100000);
}

/* ---- 2.x letters -------------------------------------------------------- */

static struct letter_rec letter(int64_t unit, const char *kind, int64_t partner,
                                const char *month, int64_t assignment, int64_t seq)
{
    return (struct letter_rec){.unit_id = unit, .kind = kind, .partner_id = partner,
                               .month = month, .assignment_id = assignment,
                               .letter_date = "2026-01-05", .year = 2026, .seq = seq,
                               .number = arena_printf(a, "%03lld/%s/2026", (long long)seq, kind)};
}

static void letters(void **s)
{
    (void)s;
    struct err e = {0};
    /* 2.1 settings: the unit's defaults before any were saved */
    struct letter_settings ls;
    assert_int_equal(lts_settings_get(db, 1, a, &ls, &e), 0);
    assert_int_equal(ls.unit_id, 1);
    assert_string_equal(ls.unit_name, "BPS Kota");
    assert_string_equal(ls.unit_code_default, "K01");
    assert_string_equal(ls.unit_code, "");
    assert_string_equal(ls.pattern_termination, "");
    assert_false(ls.has_logo);
    assert_null(ls.updated_at);
    assert_int_equal(lts_settings_get(db, 2, a, &ls, &e), 0);
    assert_string_equal(ls.unit_code_default, "");
    assert_int_equal(lts_settings_get(db, 99, a, &ls, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "unit.not_found");
    /* 2.2 saved (NULL fields as ""), and saved again */
    struct letter_settings in = {.unit_id = 1, .unit_code = "K-01", .head_lines = "BPS\nKota",
                                 .city = "Bandung", .ppk_name = "Dedi", .signer_nip = "1987",
                                 .pattern_contract = "{seq}/{code}/{year}"};
    assert_int_equal(lts_settings_put(db, &in, 0, &e), 0);
    in.city = "Cimahi";
    assert_int_equal(lts_settings_put(db, &in, 0, &e), 0);
    assert_int_equal(lts_settings_get(db, 1, a, &ls, &e), 0);
    assert_string_equal(ls.unit_code, "K-01");
    assert_string_equal(ls.head_lines, "BPS\nKota");
    assert_string_equal(ls.city, "Cimahi");
    assert_string_equal(ls.address, "");
    assert_string_equal(ls.ppk_name, "Dedi");
    assert_string_equal(ls.signer_nip, "1987");
    assert_string_equal(ls.pattern_contract, "{seq}/{code}/{year}");
    assert_int_equal(strlen(ls.updated_at), 20);
    /* 2.3 logos: bytes as given (a NUL and 0xff among them), kept by a
    ** settings save, removed with NULL; a unit without settings gets a row */
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0, 1, 2, 0xff, '\\', 'x'};
    assert_int_equal(lts_logo_put(db, 1, png, sizeof png, 0, &e), 0);
    assert_int_equal(lts_settings_put(db, &in, 0, &e), 0);
    const void *got;
    size_t n = 0;
    assert_int_equal(lts_logo_get(db, 1, a, &got, &n, &e), 0);
    assert_int_equal(n, sizeof png);
    assert_memory_equal(got, png, sizeof png);
    assert_int_equal(lts_settings_get(db, 1, a, &ls, &e), 0);
    assert_true(ls.has_logo);
    assert_int_equal(lts_logo_put(db, 1, NULL, 0, 0, &e), 0);
    assert_int_equal(lts_logo_get(db, 1, a, &got, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_null(got);
    assert_int_equal(lts_logo_put(db, 2, png, 4, 0, &e), 0);
    assert_int_equal(lts_settings_get(db, 2, a, &ls, &e), 0);
    assert_true(ls.has_logo);
    assert_string_equal(ls.city, "");
    assert_int_equal(lts_logo_get(db, 99, a, &got, &n, &e), 0);
    assert_int_equal(n, 0);
    /* 2.4 templates */
    const char *body = NULL, *at = NULL;
    assert_int_equal(lts_template_get(db, "contract", a, &body, &at, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "template.not_found");
    assert_int_equal(lts_template_put(db, "contract", "<p>{{name}}</p>", 0, &e), 0);
    assert_int_equal(lts_template_put(db, "contract", "<p>{{nik}}</p>", 0, &e), 0);
    assert_int_equal(lts_template_get(db, "contract", a, &body, &at, &e), 0);
    assert_string_equal(body, "<p>{{nik}}</p>");
    assert_int_equal(strlen(at), 20);
    assert_int_equal(lts_template_get(db, "contract", a, &body, NULL, &e), 0);
    assert_int_equal(lts_template_delete(db, "contract", &e), 0);
    assert_int_equal(lts_template_delete(db, "contract", &e), 0);
    assert_int_equal(lts_template_get(db, "contract", a, &body, &at, &e), ERR_NOT_FOUND);
    /* 2.5 numbers per unit × kind × year, from 1 */
    int64_t seq = 0;
    assert_int_equal(lts_seq_next(db, 1, "contract", 2026, &seq, &e), 0);
    assert_int_equal(seq, 1);
    assert_int_equal(lts_seq_next(db, 1, "contract", 2026, &seq, &e), 0);
    assert_int_equal(seq, 2);
    assert_int_equal(lts_seq_next(db, 1, "bast", 2026, &seq, &e), 0);
    assert_int_equal(seq, 1);
    assert_int_equal(lts_seq_next(db, 1, "contract", 2027, &seq, &e), 0);
    assert_int_equal(seq, 1);
    assert_int_equal(lts_seq_next(db, 2, "contract", 2026, &seq, &e), 0);
    assert_int_equal(seq, 1);
    /* 2.6 a letter issued, found, got */
    struct letter_rec l1 = letter(1, "contract", 1, "2026-01", 0, 1);
    l1.issued_by = 0;
    assert_int_equal(lts_letter_insert(db, &l1, a, &e), 0);
    assert_true(l1.id > 0);
    assert_int_equal(strlen(l1.issued_at), 20);
    struct letter_rec f;
    assert_int_equal(lts_letter_find(db, "contract", 1, "2026-01", 0, a, &f, &e), 0);
    assert_int_equal(f.id, l1.id);
    assert_int_equal(f.unit_id, 1);
    assert_string_equal(f.kind, "contract");
    assert_int_equal(f.partner_id, 1);
    assert_string_equal(f.month, "2026-01");
    assert_int_equal(f.assignment_id, 0);
    assert_string_equal(f.letter_date, "2026-01-05");
    assert_int_equal(f.year, 2026);
    assert_int_equal(f.seq, 1);
    assert_string_equal(f.number, "001/contract/2026");
    assert_string_equal(f.issued_at, l1.issued_at);
    assert_int_equal(f.issued_by, 0);
    assert_null(f.voided_at);
    assert_null(f.void_reason);
    assert_int_equal(lts_letter_get(db, l1.id, a, &f, &e), 0);
    assert_string_equal(f.number, "001/contract/2026");
    assert_int_equal(lts_letter_find(db, "contract", 1, "2026-02", 0, a, &f, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "letter.not_found");
    assert_int_equal(lts_letter_get(db, l1.id + 100, a, &f, &e), ERR_NOT_FOUND);
    /* 2.7 letter.exists: the same partner-month again, or a number taken;
    ** in a transaction that goes on afterwards */
    struct letter_rec dup = letter(1, "contract", 1, "2026-01", 0, 2);
    assert_int_equal(lts_letter_insert(db, &dup, a, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "letter.exists");
    assert_int_equal(db_begin(db, &e), 0);
    struct letter_rec taken = letter(1, "contract", 2, "2026-01", 0, 1);
    assert_int_equal(lts_letter_insert(db, &taken, a, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "letter.exists");
    struct letter_rec l2 = letter(1, "contract", 2, "2026-01", 0, 2);
    assert_int_equal(lts_letter_insert(db, &l2, a, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    struct letter_rec st1 = letter(1, "assignment", 1, "2026-01", 7, 1);
    assert_int_equal(lts_letter_insert(db, &st1, a, &e), 0);
    /* 2.8 void: the number stays used, the partner-month is free again */
    assert_int_equal(lts_letter_void(db, l1.id, 0, "salah nama", &e), 0);
    assert_int_equal(lts_letter_void(db, l1.id, 0, "lagi", &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "letter.not_found");
    assert_int_equal(lts_letter_void(db, l1.id + 100, 0, "x", &e), ERR_NOT_FOUND);
    assert_int_equal(lts_letter_get(db, l1.id, a, &f, &e), 0);
    assert_int_equal(strlen(f.voided_at), 20);
    assert_string_equal(f.void_reason, "salah nama");
    assert_int_equal(lts_letter_find(db, "contract", 1, "2026-01", 0, a, &f, &e), ERR_NOT_FOUND);
    struct letter_rec again = letter(1, "contract", 1, "2026-01", 0, 1);
    assert_int_equal(lts_letter_insert(db, &again, a, &e), ERR_CONFLICT); /* number 1 used */
    again = letter(1, "contract", 1, "2026-01", 0, 3);
    assert_int_equal(lts_letter_insert(db, &again, a, &e), 0);
    /* 2.9 the list: newest first, filtered, at most limit */
    struct letter_rec *items;
    assert_int_equal(lts_letter_list(db, 0, 0, NULL, 10, a, &items, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_int_equal(items[0].id, again.id);
    assert_int_equal(items[3].id, l1.id);
    assert_non_null(items[3].voided_at);
    assert_int_equal(lts_letter_list(db, 1, 1, "2026-01", 2, a, &items, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].id, again.id);
    assert_int_equal(items[1].id, st1.id);
    assert_int_equal(lts_letter_list(db, 2, 0, NULL, 10, a, &items, &n, &e), 0);
    assert_int_equal(n, 0);
    /* 2.10 what letters print: the partner, and the bulk run's targets */
    struct letter_partner p;
    assert_int_equal(lts_partner_get(db, 2, a, &p, &e), 0);
    assert_int_equal(p.id, 2);
    assert_int_equal(p.unit_id, 1);
    assert_string_equal(p.name, "Budi");
    assert_string_equal(p.nik, "3201000000000002");
    assert_string_equal(p.address, "");
    assert_string_equal(p.bank_account, "");
    assert_int_equal(lts_partner_get(db, 99, a, &p, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "partner.not_found");
    struct letter_target *t;
    assert_int_equal(lts_targets(db, false, 0, NULL, 0, a, &t, &n, &e), 0);
    assert_int_equal(n, 4); /* Ani 01, Ani 02, Budi 01, Cici 02 */
    assert_int_equal(t[0].partner_id, 1);
    assert_string_equal(t[0].month, "2026-01");
    assert_int_equal(t[0].assignment_id, 0);
    assert_string_equal(t[1].month, "2026-02");
    assert_int_equal(t[2].partner_id, 2);
    assert_int_equal(t[3].partner_id, 3);
    assert_int_equal(lts_targets(db, false, 2, NULL, 1, a, &t, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].month, "2026-02");
    assert_int_equal(lts_targets(db, true, 0, "2026-01", 0, a, &t, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(t[0].partner_id, 1);
    assert_true(t[0].assignment_id > 0);
    assert_int_equal(t[1].partner_id, 2);
}

/* ---- 3.x numbers under concurrency -------------------------------------- */

enum { N_THREADS = 4, PER_THREAD = 25 };

struct issuer {
    struct store *node; /* two stores on one database: two nodes */
    int id, errors, committed, retries;
};

/* One issue in its own transaction: the next number, then the letter; every
** fifth is rolled back after taking its number. A busy answer retries. */
static int issue(struct db *d, struct arena *ta, int thread, int i, struct err *e)
{
    int64_t seq;
    if (db_begin(d, e) != 0)
        return e->kind;
    if (lts_seq_next(d, 2, "assignment", 2027, &seq, e) != 0) {
        db_rollback(d);
        return e->kind;
    }
    if (i % 5 == 4) {
        db_rollback(d);
        return 1;
    }
    struct letter_rec l = {.unit_id = 2, .kind = "assignment", .partner_id = 3,
                           .month = "2027-01", .assignment_id = 1000 + thread * 100 + i,
                           .letter_date = "2027-01-02", .year = 2027, .seq = seq,
                           .number = arena_printf(ta, "%lld/ST/2027", (long long)seq)};
    if (lts_letter_insert(d, &l, ta, e) != 0 || db_commit(d, e) != 0) {
        db_rollback(d);
        return e->kind;
    }
    return 0;
}

static void *issue_loop(void *arg)
{
    struct issuer *w = arg;
    struct err e = {0};
    struct db *d = store_acquire(w->node, &e);
    struct arena *ta = arena_new();
    for (int i = 0; d && i < PER_THREAD; i++) {
        int rc;
        while ((rc = issue(d, ta, w->id, i, &e)) == ERR_UNAVAILABLE && w->retries < 10000)
            w->retries++;
        if (rc == 0)
            w->committed++;
        else if (rc != 1)
            w->errors++;
    }
    if (!d)
        w->errors++;
    arena_free(ta);
    if (d)
        store_release(d);
    return NULL;
}

static void letter_numbers(void **s)
{
    (void)s;
    struct err e = {0};
    struct store *node2;
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    struct issuer w[N_THREADS];
    pthread_t t[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        w[i] = (struct issuer){.node = i % 2 ? node2 : st, .id = i};
        pthread_create(&t[i], NULL, issue_loop, &w[i]);
    }
    int committed = 0;
    for (int i = 0; i < N_THREADS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].errors, 0);
        committed += w[i].committed;
    }
    store_close(node2);
    /* 3.1 80 letters kept (20 rolled back), numbered 1..80: no gap, no repeat */
    assert_int_equal(committed, N_THREADS * PER_THREAD * 4 / 5);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM letters WHERE unit_id = 2 AND year = 2027"),
                     committed);
    assert_int_equal(pg_fixture_int("SELECT count(DISTINCT seq) FROM letters WHERE unit_id = 2"
                             " AND year = 2027"), committed);
    assert_int_equal(pg_fixture_int("SELECT min(seq) FROM letters WHERE unit_id = 2 AND year = 2027"),
                     1);
    assert_int_equal(pg_fixture_int("SELECT max(seq) FROM letters WHERE unit_id = 2 AND year = 2027"),
                     committed);
    /* 3.2 the counter says the same: the rolled-back numbers were given back */
    assert_int_equal(pg_fixture_int("SELECT last FROM letter_sequences WHERE unit_id = 2"
                             " AND kind = 'assignment' AND year = 2027"), committed);
}

static int setup(void **state)
{
    (void)state;
    a = arena_new();
    if (pg_fixture_open(&st, &db) != 0)
        return -1;
    seed();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(a);
    pg_fixture_close(st, db);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(partners),
        cmocka_unit_test(letters),
        cmocka_unit_test(letter_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
