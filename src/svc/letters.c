/* Partner letters as a service (see svc/letters.h): scope, settings with
** their defaults, issuing with numbers that are never reused, the template
** variables, rendering, and bulk runs into one PDF or a ZIP. */
#include "svc/letters.h"
#include "core/arena.h"
#include "letters/letters.h"
#include "letters/numbering.h"
#include "letters/words.h"
#include "notify/tmpl.h"
#include "report/report.h"
#include "store/partners.h"
#include "svc/letter_pipe.h"
#include "svc/office.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

static const char *const DEFAULT_ROLE = "Petugas Pendataan Lapangan";
static const char *const DEFAULT_PPK = "Pejabat Pembuat Komitmen";
static const char *const BLANK_NAME = "..............................";
static const int64_t WIB = 7 * 3600;

/* ---- scope --------------------------------------------------------------- */

int64_t svc_letter_scope(const struct principal *u)
{
    return perm_partner_unit(u);
}

bool svc_letter_may_office(const struct principal *u, int64_t unit_id)
{
    int64_t s = svc_letter_scope(u);
    return s == 0 || (s > 0 && s == unit_id);
}

/* ---- settings ------------------------------------------------------------ */

static const char *upper(struct arena *a, const char *s)
{
    char *o = arena_strdup(a, s ? s : "");
    for (char *p = o; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return o;
}

static const char *or(const char *s, const char *def)
{
    return s && *s ? s : def;
}

int svc_letter_settings(struct db *db, struct arena *a, const char *org_name, int64_t unit_id,
                        struct letter_settings *out, struct err *err)
{
    if (lts_settings_get(db, unit_id, a, out, err) != 0)
        return err->kind;
    out->unit_code = or(out->unit_code, or(out->unit_code_default,
                                           arena_printf(a, "%lld", (long long)unit_id)));
    /* the unit's own letterhead, else the office's (settings page), else
    ** the names */
    out->head_lines = or(out->head_lines, svc_office_letterhead(db, a));
    out->head_lines = or(out->head_lines, arena_printf(a, "%s\n%s", upper(a, org_name),
                                                       upper(a, out->unit_name)));
    out->city = or(out->city, out->unit_name);
    out->region = or(out->region, out->unit_name);
    out->partner_role = or(out->partner_role, DEFAULT_ROLE);
    out->ppk_name = or(out->ppk_name, BLANK_NAME);
    out->ppk_position = or(out->ppk_position, DEFAULT_PPK);
    out->signer_name = or(out->signer_name, BLANK_NAME);
    out->signer_position = or(out->signer_position, arena_printf(a, "Kepala %s", out->unit_name));
    const char **pats[] = {&out->pattern_contract, &out->pattern_assignment, &out->pattern_bast,
                           &out->pattern_termination};
    static const char *const kinds[] = {"contract", "assignment", "bast", "termination"};
    for (size_t i = 0; i < 4; i++)
        *pats[i] = or(*pats[i], letter_kind_get(kinds[i])->default_pattern);
    return 0;
}

const char *svc_letter_pattern(const struct letter_settings *s, const char *kind)
{
    return !strcmp(kind, "contract")     ? s->pattern_contract
           : !strcmp(kind, "assignment") ? s->pattern_assignment
           : !strcmp(kind, "bast")       ? s->pattern_bast
                                         : s->pattern_termination;
}

const char *svc_letter_sample_number(struct arena *a, const struct letter_settings *s,
                                     const char *kind)
{
    time_t t = time(NULL) + WIB;
    struct tm tm;
    gmtime_r(&t, &tm);
    const struct letter_kind *k = letter_kind_get(kind);
    struct letter_number_vars v = {1, s->unit_code, k ? k->code : "", tm.tm_mon + 1,
                                   tm.tm_year + 1900};
    char buf[LETTER_NUMBER_MAX];
    struct letter_pattern_error e;
    if (!k || letter_number_format(svc_letter_pattern(s, kind), &v, buf, sizeof buf, &e) != 0)
        return "";
    return arena_strdup(a, buf);
}

static void check_len(struct err *err, const char *field, const char *s, size_t max)
{
    if (s && strlen(s) > max)
        err_field(err, field, "terlalu panjang", "too long");
}

int svc_letter_settings_check(const struct letter_settings *s, struct err *err)
{
    const struct {
        const char *name, *value;
    } pats[] = {{"pattern_contract", s->pattern_contract},
                {"pattern_assignment", s->pattern_assignment},
                {"pattern_bast", s->pattern_bast},
                {"pattern_termination", s->pattern_termination}};
    for (size_t i = 0; i < 4; i++) {
        struct letter_pattern_error e;
        if (pats[i].value && *pats[i].value && letter_pattern_check(pats[i].value, &e) != 0) {
            char id[200], en[200];
            snprintf(id, sizeof id, "pola nomor salah di kolom %d: %s", e.column, e.msg);
            snprintf(en, sizeof en, "bad number pattern at column %d: %s", e.column, e.msg);
            err_field(err, pats[i].name, id, en);
        }
    }
    check_len(err, "unit_code", s->unit_code, 64);
    check_len(err, "head_lines", s->head_lines, 1000);
    check_len(err, "address", s->address, 500);
    const char *short_fields[][2] = {
        {"city", s->city},           {"region", s->region},
        {"partner_role", s->partner_role}, {"ppk_name", s->ppk_name},
        {"ppk_nip", s->ppk_nip},     {"ppk_position", s->ppk_position},
        {"signer_name", s->signer_name}, {"signer_nip", s->signer_nip},
        {"signer_position", s->signer_position},
    };
    for (size_t i = 0; i < sizeof short_fields / sizeof short_fields[0]; i++)
        check_len(err, short_fields[i][0], short_fields[i][1], 200);
    if (err->n_fields)
        return err_text(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

/* ---- dates ----------------------------------------------------------------- */

static bool parse_month(const char *s, int *y, int *m)
{
    return s && strlen(s) == 7 && sscanf(s, "%4d-%2d", y, m) == 2 && s[4] == '-' &&
           *m >= 1 && *m <= 12 && *y >= 1900 && *y <= 9999;
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    return s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
           sscanf(s, "%4d-%2d-%2d", y, m, d) == 3 && words_date_valid(*y, *m, *d);
}

static const char *today(struct arena *a)
{
    time_t t = time(NULL) + WIB;
    struct tm tm;
    gmtime_r(&t, &tm);
    return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- assignments, as letters print them ------------------------------------ */

/* An assignment with its activity's days (the Surat Tugas period). */
struct letter_assignment {
    int64_t id, partner_id, volume, unit_rate, fee;
    const char *month, *output, *activity_code, *activity_name, *start_date, *end_date;
    const char *role, *area; /* NULL or "": the office's defaults */
};

static int as_letter(struct db *db, struct arena *a, const struct assignment *x,
                     struct letter_assignment *out, struct err *err)
{
    struct record *act;
    if (db_rec_get(db, &res_activities, x->activity_id, a, &act, err) != 0)
        return err->kind;
    *out = (struct letter_assignment){
        x->id, x->partner_id, x->volume, x->unit_rate, x->fee, x->month, x->output,
        x->activity_code, x->activity_name,
        act->v[resource_field(&res_activities, "start_date")].s,
        act->v[resource_field(&res_activities, "end_date")].s, x->role, x->area};
    return 0;
}

static int assignment_get(struct db *db, int64_t id, struct arena *a,
                          struct letter_assignment *out, struct err *err)
{
    struct assignment x;
    if (ptn_assignment_get(db, id, a, &x, err) != 0)
        return err->kind;
    return as_letter(db, a, &x, out, err);
}

/* A partner's assignments of a month (the annex). */
static int assignments_of(struct db *db, int64_t partner_id, const char *month, struct arena *a,
                          struct letter_assignment **items, size_t *n, struct err *err)
{
    struct assignment_query q = {.partner_id = partner_id, .month = month};
    struct assignment *xs;
    int64_t total;
    if (ptn_assignment_list(db, &q, a, &xs, n, &total, err) != 0)
        return err->kind;
    *items = arena_alloc(a, (*n ? *n : 1) * sizeof **items);
    for (size_t i = 0; i < *n; i++) /* one partner-month: in the order they were agreed */
        if (as_letter(db, a, &xs[i], &(*items)[i], err) != 0)
            return err->kind;
    return 0;
}

/* ---- issuing --------------------------------------------------------------- */

static int not_found(struct err *err)
{
    err_clear(err);
    return err_text(err, ERR_NOT_FOUND, "partner.not_found", "mitra tidak ditemukan",
                    "partner not found");
}

/* With the transaction open: the live letter, or a new one numbered now. */
static int issue_locked(struct db *db, struct arena *a, const char *org_name,
                        const struct letter_kind *k, const struct letter_partner *p,
                        const char *month, int64_t assignment_id, const char *date,
                        int64_t by, struct letter_rec *out, struct err *err)
{
    int rc = lts_letter_find(db, k->kind, p->id, month, assignment_id, a, out, err);
    if (rc != ERR_NOT_FOUND)
        return rc;
    err_clear(err);
    if (!strcmp(k->kind, "bast") || !strcmp(k->kind, "termination")) {
        struct letter_rec contract; /* they cite the contract's number */
        if (issue_locked(db, a, org_name, letter_kind_get("contract"), p, month, 0, date, by,
                         &contract, err) != 0)
            return err->kind;
    }
    struct letter_settings s;
    if (svc_letter_settings(db, a, org_name, p->unit_id, &s, err) != 0)
        return err->kind;
    const char *pat = svc_letter_pattern(&s, k->kind);
    int y, m, d;
    parse_date(date, &y, &m, &d);
    struct letter_rec l = {.unit_id = p->unit_id, .partner_id = p->id,
                           .assignment_id = assignment_id, .issued_by = by, .year = y,
                           .kind = k->kind, .month = month, .letter_date = date};
    if (lts_seq_next(db, p->unit_id, k->kind, y, &l.seq, err) != 0)
        return err->kind;
    struct letter_number_vars v = {l.seq, s.unit_code, k->code, m, y};
    char number[LETTER_NUMBER_MAX];
    struct letter_pattern_error pe;
    if (letter_number_format(pat, &v, number, sizeof number, &pe) != 0)
        return err_set(err, ERR_CONFLICT, "letter.pattern",
                       "pola nomor surat kantor ini salah (kolom %d)",
                       "this office's letter number pattern is wrong (column %d)", pe.column);
    l.number = arena_strdup(a, number);
    if (lts_letter_insert(db, &l, a, err) != 0)
        return err->kind;
    *out = l;
    return 0;
}

int svc_letter_issue(struct db *db, struct arena *a, const char *org_name,
                     const struct principal *u, const struct letter_want *w, bool in_tx,
                     struct letter_rec *out, struct err *err)
{
    const struct letter_kind *k = letter_kind_get(w->kind);
    if (!k)
        return err_invalid(err, "kind", "harus contract, assignment, bast atau termination",
                           "must be contract, assignment, bast or termination");
    int64_t scope = svc_letter_scope(u);
    if (scope < 0)
        return not_found(err);
    const char *month = w->month;
    int64_t partner_id = w->partner_id;
    if (k->per_assignment) {
        struct letter_assignment x;
        if (assignment_get(db, w->assignment_id, a, &x, err) != 0)
            return err->kind;
        month = x.month;
        partner_id = x.partner_id;
    }
    int y, m, d;
    if (!parse_month(month, &y, &m))
        return err_invalid(err, "month", "harus bulan YYYY-MM", "must be a month YYYY-MM");
    const char *date = w->date && *w->date ? w->date : today(a);
    if (!parse_date(date, &y, &m, &d))
        return err_invalid(err, "date", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
    struct letter_partner p;
    if (lts_partner_get(db, partner_id, a, &p, err) != 0)
        return err->kind == ERR_NOT_FOUND ? not_found(err) : err->kind;
    if (scope > 0 && p.unit_id != scope) {
        /* another office's partner (or its assignment) is not there for u */
        return k->per_assignment ? err_text(err, ERR_NOT_FOUND, "assignment.not_found",
                                            "penugasan tidak ditemukan", "assignment not found")
                                 : not_found(err);
    }
    if (!k->per_assignment) {
        struct letter_assignment *xs;
        size_t n;
        if (assignments_of(db, p.id, month, a, &xs, &n, err) != 0)
            return err->kind;
        if (n == 0)
            return err_set(err, ERR_CONFLICT, "letter.no_assignments",
                           "mitra tidak punya penugasan pada bulan %s",
                           "the partner has no assignment in %s", month);
    }
    /* the common case, a letter downloaded again, needs no write */
    int rc = lts_letter_find(db, k->kind, p.id, month, k->per_assignment ? w->assignment_id : 0,
                             a, out, err);
    if (rc != ERR_NOT_FOUND)
        return rc;
    err_clear(err);
    if (w->preview) {
        int ly, lm, ld;
        parse_date(date, &ly, &lm, &ld);
        *out = (struct letter_rec){.unit_id = p.unit_id, .partner_id = p.id,
                                   .assignment_id = k->per_assignment ? w->assignment_id : 0,
                                   .year = ly, .kind = k->kind, .month = month,
                                   .letter_date = date, .number = "PRATINJAU", .issued_at = ""};
        return 0;
    }
    if (!in_tx && db_begin(db, err) != 0)
        return err->kind;
    rc = issue_locked(db, a, org_name, k, &p, month, k->per_assignment ? w->assignment_id : 0,
                      date, u->id, out, err);
    if (in_tx)
        return rc;
    if (rc == 0 && db_commit(db, err) == 0)
        return 0;
    db_rollback(db);
    return err->kind ? err->kind : ERR_STORE;
}

/* ---- rendering -------------------------------------------------------------- */

enum { CACHE_UNITS = 16 };

struct letter_cache {
    struct arena *a;
    struct pdf_shapes *shapes;
    struct {
        int64_t unit_id;
        struct letter_settings s;
        const void *logo;
        size_t logo_len;
    } units[CACHE_UNITS];
    size_t n_units;
    struct {
        const char *kind, *body;
    } tmpl[4];
    size_t n_tmpl;
};

struct pdf_shapes *svc_letter_cache_shapes(struct letter_cache *c)
{
    return c ? c->shapes : NULL;
}

struct letter_cache *svc_letter_cache_new(void)
{
    struct letter_cache *c = calloc(1, sizeof *c);
    if (c) {
        c->a = arena_new();
        c->shapes = letter_shapes_new(); /* NULL only shapes every text anew */
    }
    return c;
}

void svc_letter_cache_free(struct letter_cache *c)
{
    if (!c)
        return;
    arena_free(c->a);
    letter_shapes_free(c->shapes);
    free(c);
}

static int office(struct db *db, const char *org_name, struct letter_cache *c, int64_t unit_id,
                  size_t *slot, struct err *err)
{
    for (size_t i = 0; i < c->n_units; i++)
        if (c->units[i].unit_id == unit_id) {
            *slot = i;
            return 0;
        }
    size_t i = c->n_units < CACHE_UNITS ? c->n_units++ : (size_t)unit_id % CACHE_UNITS;
    c->units[i].unit_id = unit_id;
    if (svc_letter_settings(db, c->a, org_name, unit_id, &c->units[i].s, err) != 0 ||
        lts_logo_get(db, unit_id, c->a, &c->units[i].logo, &c->units[i].logo_len, err) != 0) {
        c->units[i].unit_id = -1;
        return err->kind;
    }
    *slot = i;
    return 0;
}

static int template_of(struct db *db, struct letter_cache *c, const char *kind,
                       const char **body, struct err *err)
{
    for (size_t i = 0; i < c->n_tmpl; i++)
        if (!strcmp(c->tmpl[i].kind, kind)) {
            *body = c->tmpl[i].body;
            return 0;
        }
    int rc = lts_template_get(db, kind, c->a, body, NULL, err);
    if (rc == ERR_NOT_FOUND) {
        err_clear(err);
        *body = letter_template_default(kind);
    } else if (rc != 0) {
        return rc;
    }
    if (c->n_tmpl < 4) {
        c->tmpl[c->n_tmpl].kind = kind;
        c->tmpl[c->n_tmpl++].body = *body;
    }
    return 0;
}

static json_t *str(const char *s)
{
    return json_string(s ? s : "");
}

static const char *figures(struct arena *a, int64_t n)
{
    char buf[48];
    words_rupiah_figures(n, buf, sizeof buf);
    return arena_strdup(a, buf);
}

static const char *amount_words(struct arena *a, int64_t n)
{
    char buf[256];
    if (words_number(n, buf, sizeof buf) != 0)
        return "";
    return arena_printf(a, "%s rupiah", buf);
}

static const char *short_date(struct arena *a, const char *iso)
{
    int y, m, d;
    char buf[48];
    if (!parse_date(iso, &y, &m, &d) || words_date_short(y, m, d, buf, sizeof buf) != 0)
        return iso ? iso : "";
    return arena_strdup(a, buf);
}

static json_t *assignment_json(struct arena *a, const struct letter_assignment *x, size_t no,
                               const char *area, const char *role)
{
    return json_pack("{s:o, s:I, s:o, s:o, s:o, s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:o}",
                     "role", str(or(x->role, role)), "no",
                     (json_int_t)no, "activity_code", str(x->activity_code), "activity_name",
                     str(x->activity_name), "output", str(x->output), "volume",
                     (json_int_t)x->volume, "unit_rate", (json_int_t)x->unit_rate,
                     "unit_rate_figures", str(figures(a, x->unit_rate)), "fee",
                     (json_int_t)x->fee, "fee_figures", str(figures(a, x->fee)), "work_area",
                     str(area), "start_date", str(short_date(a, x->start_date)), "end_date",
                     str(short_date(a, x->end_date)));
}

/* Everything a letter prints: its variables, and the annex rows. */
struct letter_data {
    json_t *vars;
    struct letter_annex_row *rows;
    size_t n_rows;
    const char *total;
    size_t slot; /* the office in the cache */
};

static int gather(struct db *db, struct arena *a, const char *org_name, struct letter_cache *c,
                  const struct letter_rec *l, struct letter_data *out, struct err *err)
{
    const struct letter_kind *k = letter_kind_get(l->kind);
    if (!k || office(db, org_name, c, l->unit_id, &out->slot, err) != 0)
        return k ? err->kind : err_invalid(err, "kind", "jenis surat salah", "bad letter kind");
    const struct letter_settings *s = &c->units[out->slot].s;
    struct letter_partner p;
    if (lts_partner_get(db, l->partner_id, a, &p, err) != 0)
        return err->kind;
    struct letter_assignment *xs;
    size_t n;
    if (k->per_assignment) {
        xs = arena_alloc(a, sizeof *xs);
        n = 1;
        if (assignment_get(db, l->assignment_id, a, xs, err) != 0)
            return err->kind;
    } else if (assignments_of(db, l->partner_id, l->month, a, &xs, &n, err) != 0) {
        return err->kind;
    }
    int64_t total = 0;
    json_t *list = json_array();
    /* the partner's role: the first assignment that names one, else the office's */
    const char *role = s->partner_role;
    for (size_t i = n; i-- > 0;)
        if (xs[i].role && *xs[i].role)
            role = xs[i].role;
    out->rows = arena_alloc(a, (n ? n : 1) * sizeof *out->rows);
    out->n_rows = n;
    for (size_t i = 0; i < n; i++) {
        total += xs[i].fee;
        const char *area = or(xs[i].area, s->region);
        json_array_append_new(list, assignment_json(a, &xs[i], i + 1, area, role));
        out->rows[i] = (struct letter_annex_row){
            xs[i].activity_code, xs[i].activity_name, area,
            arena_printf(a, "%lld %s", (long long)xs[i].volume, xs[i].output),
            figures(a, xs[i].unit_rate), figures(a, xs[i].fee)};
    }
    out->total = figures(a, total);
    int y = 0, m = 0, ly = 0, lm = 0, ld = 0;
    parse_month(l->month, &y, &m);
    parse_date(l->letter_date, &ly, &lm, &ld);
    char dw[256] = "", start[48] = "", end[48] = "";
    words_date(ly, lm, ld, dw, sizeof dw);
    words_date_short(y, m, 1, start, sizeof start);
    words_date_short(y, m, words_month_days(y, m), end, sizeof end);
    const char *contract_number = "";
    if (!strcmp(l->kind, "bast") || !strcmp(l->kind, "termination")) {
        struct letter_rec cl;
        struct err e2 = {0};
        if (lts_letter_find(db, "contract", l->partner_id, l->month, 0, a, &cl, &e2) == 0)
            contract_number = cl.number;
    }
    json_t *v = json_pack(
        "{s:{s:o, s:o, s:o, s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o, s:o, s:o, s:o},"
        " s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o},"
        " s:{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o},"
        " s:{s:o, s:o, s:o, s:o}, s:{s:I, s:o, s:o}, s:o, s:{s:o}}",
        "letter", "number", str(l->number), "kind", str(l->kind), "title", str(k->title),
        "date", str(short_date(a, l->letter_date)), "date_iso", str(l->letter_date),
        "date_words", str(dw),
        "office", "name", str(s->unit_name), "name_upper", str(upper(a, s->unit_name)), "code",
        str(s->unit_code), "city", str(s->city), "region", str(s->region), "address",
        str(s->address), "org_name", str(org_name),
        "ppk", "name", str(s->ppk_name), "nip", str(s->ppk_nip), "position",
        str(s->ppk_position),
        "signer", "name", str(s->signer_name), "nip", str(s->signer_nip), "position",
        str(s->signer_position),
        "partner", "name", str(p.name), "name_upper", str(upper(a, p.name)), "nik", str(p.nik),
        "address", str(p.address), "phone", str(p.phone), "email", str(p.email), "bank_name",
        str(p.bank_name), "bank_account", str(p.bank_account), "role", str(role),
        "role_upper", str(upper(a, role)), "id", json_integer(p.id),
        "period", "month", str(l->month), "month_name",
        str(arena_printf(a, "%s %d", words_month_name(m), y)), "start", str(start), "end",
        str(end),
        "fee", "amount", (json_int_t)total, "figures", str(out->total), "words",
        str(amount_words(a, total)),
        "assignments", list,
        "contract", "number", str(contract_number));
    if (!v)
        return err_text(err, ERR_INTERNAL, "internal", "gagal menyusun data surat",
                        "could not build the letter's data");
    if (k->per_assignment && n == 1) {
        json_object_set(v, "assignment", json_array_get(list, 0));
        /* a Surat Tugas runs for the activity's days within the month */
        const char *as = xs[0].start_date, *ae = xs[0].end_date;
        char mstart[11], mend[11];
        snprintf(mstart, sizeof mstart, "%04d-%02d-01", y, m);
        snprintf(mend, sizeof mend, "%04d-%02d-%02d", y, m, words_month_days(y, m));
        json_t *period = json_object_get(v, "period");
        json_object_set_new(period, "start",
                            str(short_date(a, as && strcmp(as, mstart) > 0 ? as : mstart)));
        json_object_set_new(period, "end",
                            str(short_date(a, ae && *ae && strcmp(ae, mend) < 0 ? ae : mend)));
    }
    out->vars = v;
    return 0;
}

int svc_letter_vars(struct db *db, struct arena *a, const char *org_name,
                    struct letter_cache *c, const struct letter_rec *l, json_t **out,
                    struct err *err)
{
    struct letter_data d;
    if (gather(db, a, org_name, c, l, &d, err) != 0)
        return err->kind;
    *out = d.vars;
    return 0;
}

int svc_letter_page(struct db *db, struct arena *a, const char *org_name,
                    struct letter_cache *c, const struct letter_rec *l, struct letter_page *out,
                    struct err *err)
{
    struct letter_data d;
    const char *tmpl;
    if (gather(db, a, org_name, c, l, &d, err) != 0)
        return err->kind;
    int rc = template_of(db, c, l->kind, &tmpl, err);
    char *text = NULL;
    struct tmpl_error te;
    if (rc == 0 && tmpl_render(tmpl, strlen(tmpl), d.vars, false, &text, NULL, &te) != 0)
        rc = err_set(err, ERR_CONFLICT, "letter.template",
                     "templat surat %s salah (baris %d kolom %d): %s",
                     "the %s letter template is wrong (line %d column %d): %s", l->kind, te.line,
                     te.column, te.msg);
    json_decref(d.vars);
    if (rc != 0)
        return rc;
    arena_defer(a, free, text);
    const struct letter_settings *s = &c->units[d.slot].s;
    *out = (struct letter_page){
        .title = arena_printf(a, "%s %s", letter_kind_get(l->kind)->title, l->number),
        .body = text, .unit_id = l->unit_id, .head_lines = s->head_lines,
        .address = s->address, .logo = c->units[d.slot].logo,
        .logo_len = c->units[d.slot].logo_len, .rows = d.rows, .n_rows = d.n_rows,
        .total = d.total};
    return 0;
}

int svc_letter_render(struct db *db, struct arena *a, const char *org_name,
                      struct letter_cache *c, const struct letter_rec *l, struct letter_pdf *lp,
                      struct err *err)
{
    struct letter_page pg;
    if (svc_letter_page(db, a, org_name, c, l, &pg, err) != 0)
        return err->kind;
    return letter_pdf_add(lp, &pg, err);
}

int svc_letter_template_check(const char *body, struct err *err)
{
    if (!body)
        return err_invalid(err, "body", "wajib diisi", "is required");
    if (strlen(body) > LETTER_TEMPLATE_MAX)
        return err_invalid(err, "body", "templat terlalu panjang", "the template is too long");
    struct tmpl_error e;
    if (tmpl_check(body, strlen(body), &e) != 0) {
        char id[256], en[256];
        snprintf(id, sizeof id, "baris %d kolom %d: %s", e.line, e.column, e.msg);
        snprintf(en, sizeof en, "line %d column %d: %s", e.line, e.column, e.msg);
        return err_invalid(err, "body", id, en);
    }
    return 0;
}

/* ---- bulk ---------------------------------------------------------------------- */

int svc_letter_bulk_parse(const char *query, const char *format, struct arena *a,
                          struct letter_bulk *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    void *q = report_query_parse(a, query);
    out->kind = report_query_get(q, "kind");
    if (!out->kind || !*out->kind)
        out->kind = "contract";
    if (!letter_kind_get(out->kind))
        err_field(err, "kind", "harus contract, assignment, bast atau termination",
                  "must be contract, assignment, bast or termination");
    out->format = format;
    if (!format || (strcmp(format, "pdf") && strcmp(format, "zip")))
        err_field(err, "format", "harus pdf atau zip", "must be pdf or zip");
    const char *act = report_query_get(q, "activity_id");
    if (act && *act) {
        char *end;
        long long v = strtoll(act, &end, 10);
        if (*end || v <= 0)
            err_field(err, "activity_id", "harus bilangan bulat positif",
                      "must be a positive integer");
        out->activity_id = v > 0 ? v : 0;
    }
    out->month = report_query_get(q, "month");
    int y, m, d;
    if (out->month && !*out->month)
        out->month = NULL;
    if (out->month && !parse_month(out->month, &y, &m))
        err_field(err, "month", "harus bulan YYYY-MM", "must be a month YYYY-MM");
    if (!out->month && !out->activity_id)
        err_field(err, "activity_id", "activity_id atau month wajib diisi",
                  "activity_id or month is required");
    out->date = report_query_get(q, "date");
    if (out->date && !*out->date)
        out->date = NULL;
    if (out->date && !parse_date(out->date, &y, &m, &d))
        err_field(err, "date", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
    if (err->n_fields)
        return err_text(err, ERR_INVALID, "validation", "Parameter tidak valid",
                        "Invalid parameters");
    return 0;
}

/* "0001_001-3171-SPK-III-2025.pdf": order, then the number made safe. */
static const char *entry_name(struct arena *a, size_t i, const char *number)
{
    char *s = arena_printf(a, "%04zu_%s.pdf", i + 1, number);
    for (char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
            *p = '-';
    return s;
}

enum { ISSUE_CHUNK = 250 };
/* threads drawing a ZIP's letters: the machines Loket runs on have two
** cores or more, and this thread prepares the pages besides */
enum { LETTER_THREADS = 2 };

/* The letters of a bulk run and what issuing them needs. */
struct issue_run {
    struct db *db;
    struct arena *a;
    const char *org_name;
    const struct principal *u;
    const struct letter_bulk *b;
    const struct letter_target *t;
    size_t n;
    struct letter_rec *recs;
};

/* Issues the letters from i on, ISSUE_CHUNK of them in one transaction. */
static int issue_chunk(const struct issue_run *r, size_t i, struct err *err)
{
    if (db_begin(r->db, err) != 0)
        return err->kind;
    int rc = 0;
    for (size_t j = i; rc == 0 && j < r->n && j < i + ISSUE_CHUNK; j++) {
        struct letter_want w = {r->b->kind, r->t[j].partner_id, r->t[j].assignment_id,
                                r->t[j].month, r->b->date};
        rc = svc_letter_issue(r->db, r->a, r->org_name, r->u, &w, true, &r->recs[j], err);
    }
    if (rc == 0)
        rc = db_commit(r->db, err);
    if (rc != 0)
        db_rollback(r->db);
    return rc;
}

/* The pipe's hook for one PDF: a chunk is issued when its first letter is
** prepared, while the drawing thread works through the letters before. */
static int issue_before(void *cls, size_t i, struct err *err)
{
    return i % ISSUE_CHUNK ? 0 : issue_chunk(cls, i, err);
}

/* One ZIP member, drawn by the pipe's workers and taken when libzip reads
** it (inside zip_close, in order): a few PDFs are in memory at a time and
** nothing goes through scratch files. */
struct zip_letter {
    struct letter_pipe *pipe;
    size_t index, n;
    svc_letter_progress_fn *progress;
    void *cls;
    struct err *err; /* the run's: the first failure is kept */
    unsigned char *pdf;
    size_t len, at;
    zip_error_t zerr;
};

static int zip_member_render(struct zip_letter *m)
{
    int rc = letter_pipe_take(m->pipe, m->index, &m->pdf, &m->len, m->err);
    if (rc == 0 && m->progress)
        m->progress(m->cls, (int64_t)m->index + 1, (int64_t)m->n);
    return rc;
}

static zip_int64_t zip_member(void *cls, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct zip_letter *m = cls;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        m->at = 0;
        if (!m->pdf && zip_member_render(m) != 0) {
            zip_error_set(&m->zerr, ZIP_ER_READ, 0);
            return -1;
        }
        return 0;
    case ZIP_SOURCE_READ: {
        size_t k = m->len - m->at < len ? m->len - m->at : (size_t)len;
        memcpy(data, m->pdf + m->at, k);
        m->at += k;
        return (zip_int64_t)k;
    }
    case ZIP_SOURCE_CLOSE:
        free(m->pdf); /* read once: stored members are not read again */
        m->pdf = NULL;
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st); /* size unknown until rendered: libzip measures it */
        st->mtime = time(NULL);
        st->valid |= ZIP_STAT_MTIME;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&m->zerr, data, len);
    case ZIP_SOURCE_FREE:
        free(m->pdf);
        m->pdf = NULL;
        zip_error_fini(&m->zerr);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        zip_error_set(&m->zerr, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* A ZIP names its members by number before it writes them: every letter
** is issued first. */
static int render_zip(const struct issue_run *r, struct letter_cache *c, const char *path,
                      svc_letter_progress_fn *progress, svc_letter_stop_fn *stop, void *cls,
                      struct err *err)
{
    struct db *db = r->db;
    const char *org_name = r->org_name;
    const struct letter_rec *recs = r->recs;
    size_t n = r->n;
    for (size_t i = 0; i < n; i += ISSUE_CHUNK)
        if (issue_chunk(r, i, err) != 0)
            return err->kind;
    struct arena *a = arena_new();
    int rc = 0, zerr = 0;
    struct letter_pipe *pipe = NULL;
    struct letter_pipe_cfg pc = {db,           org_name, c,    recs, n,   NULL,
                                 LETTER_THREADS, stop,   cls, NULL, NULL};
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
    if (!z)
        rc = err_text(err, ERR_INTERNAL, "export.open", "tidak dapat membuat ZIP",
                      "could not create the ZIP");
    if (rc == 0)
        rc = letter_pipe_start(&pc, &pipe, err);
    struct zip_letter *m = rc == 0 ? arena_alloc(a, (n ? n : 1) * sizeof *m) : NULL;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        m[i] = (struct zip_letter){pipe, i, n, progress, cls, err};
        zip_error_init(&m[i].zerr);
        zip_source_t *src = zip_source_function(z, zip_member, &m[i]);
        zip_int64_t idx = src ? zip_file_add(z, entry_name(a, i, recs[i].number), src,
                                             ZIP_FL_ENC_UTF_8)
                              : -1;
        if (idx < 0) {
            if (src)
                zip_source_free(src);
            rc = err_text(err, ERR_INTERNAL, "export.write", "gagal menulis ZIP",
                          "could not write the ZIP");
        } else {
            /* stored: PDFs are compressed already */
            zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        }
    }
    if (z && rc == 0 && zip_close(z) != 0) {
        if (!err->kind) /* a member's own failure says more than libzip's */
            err_set(err, ERR_INTERNAL, "export.write", "gagal menulis ZIP: %s",
                    "could not write the ZIP: %s", zip_strerror(z));
        rc = err->kind;
        zip_discard(z);
    } else if (z && rc != 0) {
        zip_discard(z);
    }
    letter_pipe_end(pipe);
    arena_free(a);
    return rc;
}

static int render_pdf(struct issue_run *r, struct letter_cache *c, const char *path,
                      svc_letter_progress_fn *progress, svc_letter_stop_fn *stop, void *cls,
                      struct err *err)
{
    size_t n = r->n;
    struct letter_pdf *lp;
    if (letter_pdf_open(path, c->shapes, &lp, err) != 0)
        return err->kind;
    /* this thread prepares pages (database, template) while one worker
    ** draws them into the file */
    struct letter_pipe *pipe = NULL;
    struct letter_pipe_cfg pc = {r->db, r->org_name, c,   r->recs,      n, lp,
                                 1,     stop,        cls, issue_before, r};
    int rc = letter_pipe_start(&pc, &pipe, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = letter_pipe_take(pipe, i, NULL, NULL, err);
        if (rc == 0 && progress)
            progress(cls, (int64_t)i + 1, (int64_t)n);
    }
    letter_pipe_end(pipe);
    int rc2 = letter_pdf_close(lp, rc == 0, NULL, NULL, err);
    return rc ? rc : rc2;
}

int svc_letter_bulk_count(struct db *db, const struct principal *u, const struct letter_bulk *b,
                          int64_t *count, struct err *err)
{
    int64_t scope = svc_letter_scope(u);
    const struct letter_kind *k = letter_kind_get(b->kind);
    *count = 0;
    if (scope < 0 || !k)
        return 0;
    struct arena *a = arena_new();
    struct letter_target *t;
    size_t n = 0;
    int rc = lts_targets(db, k->per_assignment, b->activity_id, b->month, scope, a, &t, &n, err);
    *count = (int64_t)n;
    arena_free(a);
    return rc;
}

int svc_letter_bulk(struct db *db, const char *org_name, const struct principal *u,
                    const struct letter_bulk *b, const char *path,
                    svc_letter_progress_fn *progress, svc_letter_stop_fn *stop, void *cls,
                    int64_t *count, struct err *err)
{
    int64_t scope = svc_letter_scope(u);
    if (scope < 0)
        return not_found(err);
    const struct letter_kind *k = letter_kind_get(b->kind);
    if (!k)
        return err_invalid(err, "kind", "jenis surat salah", "bad letter kind");
    struct arena *a = arena_new();
    struct letter_target *t;
    size_t n;
    int rc = lts_targets(db, k->per_assignment, b->activity_id, b->month, scope, a, &t, &n, err);
    if (rc == 0 && n == 0)
        rc = err_text(err, ERR_NOT_FOUND, "letters.none",
                      "tidak ada penugasan yang cocok dengan filter",
                      "no assignment matches the filters");
    struct letter_rec *recs = rc == 0 ? arena_alloc(a, n * sizeof *recs) : NULL;
    if (rc == 0 && progress)
        progress(cls, 0, (int64_t)n);
    struct issue_run r = {db, a, org_name, u, b, t, n, recs};
    struct letter_cache *c = rc == 0 ? svc_letter_cache_new() : NULL;
    if (rc == 0 && !c)
        rc = err_text(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    if (rc == 0)
        rc = !strcmp(b->format, "zip")
                 ? render_zip(&r, c, path, progress, stop, cls, err)
                 : render_pdf(&r, c, path, progress, stop, cls, err);
    if (count)
        *count = rc == 0 ? (int64_t)n : 0;
    svc_letter_cache_free(c);
    arena_free(a);
    return rc;
}
