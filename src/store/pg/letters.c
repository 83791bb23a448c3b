/* Partner letters on PostgreSQL (port of store/sqlite/letters.c; the
** contract is store/letter_store.h): office settings and logos, template
** overrides, number sequences, issued letters, and the partner and
** assignment rows letters print. A number comes from the counter row of
** unit × kind × year, raised in the letter's own transaction: the row lock
** makes a second node wait until the first commits or rolls back, so
** numbers are unique and without gaps across nodes. */
#include "store/letter_store.h"
#include "core/arena.h"
#include "store/pg/pg.h"

#include <string.h>

#define NOW "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static const char *text0(struct arena *a, const PGresult *r, int row, int col)
{
    const char *s = pg_text(a, r, row, col);
    return s ? s : "";
}

/* Runs a one-row query into *r; ERR_NOT_FOUND (code, messages) when it
** gives none (nothing left to clear then). */
static int one_row(struct db *db, const char *sql, const struct pg_params *p, PGresult **r,
                   const char *code, const char *id_msg, const char *en_msg, struct err *err)
{
    if (pg_q((struct pg_db *)db, sql, p->n, p->v, r, err) != 0)
        return err->kind;
    if (PQntuples(*r) > 0)
        return 0;
    PQclear(*r);
    *r = NULL;
    return err_text(err, ERR_NOT_FOUND, code, id_msg, en_msg);
}

/* ---- settings ---------------------------------------------------------- */

static int pg_lts_settings_get(struct db *db, int64_t unit_id, struct arena *a,
                               struct letter_settings *out, struct err *err)
{
    static const char sql[] =
        "SELECT u.id, u.name, coalesce(u.code, ''), s.unit_code, s.head_lines, s.address,"
        " s.city, s.region, s.partner_role, s.ppk_name, s.ppk_nip, s.ppk_position,"
        " s.signer_name, s.signer_nip, s.signer_position, s.pattern_contract,"
        " s.pattern_assignment, s.pattern_bast, s.pattern_termination,"
        " (s.logo IS NOT NULL)::int, s.updated_at FROM units u"
        " LEFT JOIN letter_settings s ON s.unit_id = u.id WHERE u.id = $1::bigint";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, unit_id);
    PGresult *r;
    if (one_row(db, sql, &p, &r, "unit.not_found", "unit tidak ditemukan", "unit not found",
                err) != 0)
        return err->kind;
    const char **f[] = {&out->unit_code,     &out->head_lines,         &out->address,
                        &out->city,          &out->region,             &out->partner_role,
                        &out->ppk_name,      &out->ppk_nip,            &out->ppk_position,
                        &out->signer_name,   &out->signer_nip,         &out->signer_position,
                        &out->pattern_contract, &out->pattern_assignment, &out->pattern_bast,
                        &out->pattern_termination};
    out->unit_id = pg_int(r, 0, 0);
    out->unit_name = text0(a, r, 0, 1);
    out->unit_code_default = text0(a, r, 0, 2);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        *f[i] = text0(a, r, 0, 3 + (int)i);
    out->has_logo = pg_int(r, 0, 19) != 0;
    out->updated_at = pg_text(a, r, 0, 20);
    PQclear(r);
    return 0;
}

static int pg_lts_settings_put(struct db *db, const struct letter_settings *s, int64_t by,
                               struct err *err)
{
    static const char sql[] =
        "INSERT INTO letter_settings (unit_id, unit_code, head_lines, address, city, region,"
        " partner_role, ppk_name, ppk_nip, ppk_position, signer_name, signer_nip,"
        " signer_position, pattern_contract, pattern_assignment, pattern_bast,"
        " pattern_termination, updated_at, updated_by)"
        " VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text,"
        " $8::text, $9::text, $10::text, $11::text, $12::text, $13::text, $14::text, $15::text,"
        " $16::text, $17::text, " NOW ", $18::bigint) ON CONFLICT (unit_id) DO UPDATE SET"
        " unit_code = $2::text, head_lines = $3::text, address = $4::text, city = $5::text,"
        " region = $6::text, partner_role = $7::text, ppk_name = $8::text, ppk_nip = $9::text,"
        " ppk_position = $10::text, signer_name = $11::text, signer_nip = $12::text,"
        " signer_position = $13::text, pattern_contract = $14::text,"
        " pattern_assignment = $15::text, pattern_bast = $16::text,"
        " pattern_termination = $17::text, updated_at = " NOW ", updated_by = $18::bigint";
    const char *f[] = {s->unit_code,        s->head_lines,       s->address,
                       s->city,             s->region,           s->partner_role,
                       s->ppk_name,         s->ppk_nip,          s->ppk_position,
                       s->signer_name,      s->signer_nip,       s->signer_position,
                       s->pattern_contract, s->pattern_assignment, s->pattern_bast,
                       s->pattern_termination};
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, s->unit_id);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        pgp_text(&p, f[i] ? f[i] : "");
    pgp_id(&p, by);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_lts_logo_put(struct db *db, int64_t unit_id, const void *png, size_t n, int64_t by,
                           struct err *err)
{
    static const char sql[] =
        "INSERT INTO letter_settings (unit_id, logo, updated_at, updated_by)"
        " VALUES ($1::bigint, $2::bytea, " NOW ", $3::bigint) ON CONFLICT (unit_id) DO UPDATE"
        " SET logo = $2::bytea, updated_at = " NOW ", updated_by = $3::bigint";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, unit_id);
    if (png && n)
        pgp_bytea(&p, png, n);
    else
        pgp_null(&p);
    pgp_id(&p, by);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_lts_logo_get(struct db *db, int64_t unit_id, struct arena *a, const void **png,
                           size_t *n, struct err *err)
{
    static const char sql[] = "SELECT logo FROM letter_settings WHERE unit_id = $1::bigint";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, unit_id);
    PGresult *r;
    *png = NULL;
    *n = 0;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    unsigned char *b;
    ssize_t k = PQntuples(r) > 0 ? pg_bytea(a, r, 0, 0, &b) : -1;
    if (k >= 0) {
        *png = b;
        *n = (size_t)k;
    }
    PQclear(r);
    return 0;
}

/* ---- templates --------------------------------------------------------- */

static int pg_lts_template_get(struct db *db, const char *kind, struct arena *a, const char **body,
                               const char **updated_at, struct err *err)
{
    static const char sql[] =
        "SELECT body, updated_at FROM letter_templates WHERE kind = $1::text";
    struct pg_params p = {.a = a, .n = 1, .v = {kind}};
    PGresult *r;
    if (one_row(db, sql, &p, &r, "template.not_found", "templat tidak ada", "no such template",
                err) != 0)
        return err->kind;
    *body = text0(a, r, 0, 0);
    if (updated_at)
        *updated_at = pg_text(a, r, 0, 1);
    PQclear(r);
    return 0;
}

static int pg_lts_template_put(struct db *db, const char *kind, const char *body, int64_t by,
                               struct err *err)
{
    static const char sql[] =
        "INSERT INTO letter_templates (kind, body, updated_at, updated_by) VALUES ($1::text,"
        " $2::text, " NOW ", $3::bigint) ON CONFLICT (kind) DO UPDATE SET body = $2::text,"
        " updated_at = " NOW ", updated_by = $3::bigint";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, kind);
    pgp_text(&p, body);
    pgp_id(&p, by);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_lts_template_delete(struct db *db, const char *kind, struct err *err)
{
    static const char sql[] = "DELETE FROM letter_templates WHERE kind = $1::text";
    const char *v[] = {kind};
    return pg_exec((struct pg_db *)db, sql, 1, v, NULL, err);
}

/* ---- letters ----------------------------------------------------------- */

#define LETTER_COLS                                                                           \
    "id, unit_id, kind, partner_id, month, assignment_id, letter_date, year, seq, number, "  \
    "issued_at, issued_by, voided_at, void_reason"

static void read_letter(const PGresult *r, int i, struct arena *a, struct letter_rec *l)
{
    l->id = pg_int(r, i, 0);
    l->unit_id = pg_int(r, i, 1);
    l->kind = text0(a, r, i, 2);
    l->partner_id = pg_int(r, i, 3);
    l->month = text0(a, r, i, 4);
    l->assignment_id = pg_int(r, i, 5);
    l->letter_date = text0(a, r, i, 6);
    l->year = (int)pg_int(r, i, 7);
    l->seq = pg_int(r, i, 8);
    l->number = text0(a, r, i, 9);
    l->issued_at = text0(a, r, i, 10);
    l->issued_by = pg_int(r, i, 11);
    l->voided_at = pg_text(a, r, i, 12);
    l->void_reason = pg_text(a, r, i, 13);
}

static int letter_one(struct db *db, const char *sql, const struct pg_params *p, struct arena *a,
                      struct letter_rec *out, struct err *err)
{
    PGresult *r;
    if (one_row(db, sql, p, &r, "letter.not_found", "surat tidak ditemukan", "letter not found",
                err) != 0)
        return err->kind;
    read_letter(r, 0, a, out);
    PQclear(r);
    return 0;
}

static int pg_lts_letter_find(struct db *db, const char *kind, int64_t partner_id,
                              const char *month, int64_t assignment_id, struct arena *a,
                              struct letter_rec *out, struct err *err)
{
    static const char sql[] = "SELECT " LETTER_COLS " FROM letters WHERE kind = $1::text AND"
                              " partner_id = $2::bigint AND month = $3::text AND"
                              " assignment_id = $4::bigint AND voided_at IS NULL";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, kind);
    pgp_int(&p, partner_id);
    pgp_text(&p, month);
    pgp_int(&p, assignment_id);
    return letter_one(db, sql, &p, a, out, err);
}

static int pg_lts_letter_get(struct db *db, int64_t id, struct arena *a, struct letter_rec *out,
                             struct err *err)
{
    static const char sql[] = "SELECT " LETTER_COLS " FROM letters WHERE id = $1::bigint";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    return letter_one(db, sql, &p, a, out, err);
}

/* The counter row's lock is held until the caller's transaction ends: a
** concurrent issue of the same unit × kind × year waits here for it, then
** reads the committed value (or the old one after a rollback). */
static int pg_lts_seq_next(struct db *db, int64_t unit_id, const char *kind, int year, int64_t *seq,
                           struct err *err)
{
    static const char sql[] =
        "INSERT INTO letter_sequences (unit_id, kind, year, last) VALUES ($1::bigint, $2::text,"
        " $3::bigint, 1) ON CONFLICT (unit_id, kind, year) DO UPDATE"
        " SET last = letter_sequences.last + 1 RETURNING last";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, unit_id);
    pgp_text(&p, kind);
    pgp_int(&p, year);
    PGresult *r;
    *seq = 0;
    int rc = pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    *seq = pg_first_int(r);
    PQclear(r);
    return 0;
}

/* ON CONFLICT DO NOTHING covers both unique keys (the number, the live
** letter of a partner-month): a taken one answers letter.exists without
** aborting the caller's transaction. */
static int pg_lts_letter_insert(struct db *db, struct letter_rec *l, struct arena *a,
                                struct err *err)
{
    static const char sql[] =
        "INSERT INTO letters (unit_id, kind, partner_id, month, assignment_id, letter_date,"
        " year, seq, number, issued_at, issued_by) VALUES ($1::bigint, $2::text, $3::bigint,"
        " $4::text, $5::bigint, $6::text, $7::bigint, $8::bigint, $9::text, " NOW ","
        " $10::bigint) ON CONFLICT DO NOTHING RETURNING id, issued_at";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, l->unit_id);
    pgp_text(&p, l->kind);
    pgp_int(&p, l->partner_id);
    pgp_text(&p, l->month);
    pgp_int(&p, l->assignment_id);
    pgp_text(&p, l->letter_date);
    pgp_int(&p, l->year);
    pgp_int(&p, l->seq);
    pgp_text(&p, l->number);
    pgp_id(&p, l->issued_by);
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err);
    if (rc == 0) {
        bool added = PQntuples(r) > 0;
        if (added) {
            l->id = pg_int(r, 0, 0);
            l->issued_at = text0(a, r, 0, 1);
        }
        PQclear(r);
        if (added)
            return 0;
    }
    if (rc == 0 || rc == ERR_CONFLICT)
        return err_text(err, ERR_CONFLICT, "letter.exists", "surat sudah diterbitkan",
                        "the letter was issued already");
    return rc;
}

static int pg_lts_letter_void(struct db *db, int64_t id, int64_t by, const char *reason,
                              struct err *err)
{
    static const char sql[] = "UPDATE letters SET voided_at = " NOW ", voided_by = $1::bigint,"
                              " void_reason = $2::text WHERE id = $3::bigint AND voided_at IS NULL";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_id(&p, by);
    pgp_text(&p, reason);
    pgp_int(&p, id);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    arena_free(a);
    if (rc == 0 && changed == 0)
        return err_text(err, ERR_NOT_FOUND, "letter.not_found", "surat tidak ditemukan",
                        "letter not found");
    return rc;
}

static int pg_lts_letter_list(struct db *db, int64_t unit_id, int64_t partner_id, const char *month,
                              int limit, struct arena *a, struct letter_rec **items, size_t *n,
                              struct err *err)
{
    static const char sql[] =
        "SELECT " LETTER_COLS " FROM letters WHERE ($1::bigint = 0 OR unit_id = $1::bigint) AND"
        " ($2::bigint = 0 OR partner_id = $2::bigint) AND ($3::text IS NULL OR month = $3::text)"
        " ORDER BY id DESC LIMIT $4::bigint";
    *items = arena_alloc(a, sizeof **items * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    if (limit <= 0)
        return 0;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, unit_id);
    pgp_int(&p, partner_id);
    pgp_text(&p, month);
    pgp_int(&p, limit);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    for (int i = 0; i < rows && i < limit; i++)
        read_letter(r, i, a, &(*items)[(*n)++]);
    PQclear(r);
    return 0;
}

/* ---- what letters print ----------------------------------------------- */

static int pg_lts_partner_get(struct db *db, int64_t id, struct arena *a,
                              struct letter_partner *out, struct err *err)
{
    static const char sql[] = "SELECT id, unit_id, name, nik, address, phone, email,"
                              " bank_name, bank_account FROM partners WHERE id = $1::bigint";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    if (one_row(db, sql, &p, &r, "partner.not_found", "mitra tidak ditemukan",
                "partner not found", err) != 0)
        return err->kind;
    out->id = pg_int(r, 0, 0);
    out->unit_id = pg_int(r, 0, 1);
    out->name = text0(a, r, 0, 2);
    out->nik = text0(a, r, 0, 3);
    out->address = text0(a, r, 0, 4);
    out->phone = text0(a, r, 0, 5);
    out->email = text0(a, r, 0, 6);
    out->bank_name = text0(a, r, 0, 7);
    out->bank_account = text0(a, r, 0, 8);
    PQclear(r);
    return 0;
}

static int pg_lts_targets(struct db *db, bool per_assignment, int64_t activity_id,
                          const char *month, int64_t unit_id, struct arena *a,
                          struct letter_target **items, size_t *n, struct err *err)
{
    /* a partner-month is in when any of its assignments matches the filters;
    ** its letter then covers the whole month (one contract per month); the
    ** GROUP BY names p.id so that p.name may be sorted on */
    static const char sql_pm[] =
        "SELECT x.partner_id, 0, x.month FROM assignments x JOIN partners p ON"
        " p.id = x.partner_id WHERE ($1::bigint = 0 OR x.activity_id = $1::bigint) AND"
        " ($2::text IS NULL OR x.month = $2::text) AND ($3::bigint = 0 OR p.unit_id = $3::bigint)"
        " GROUP BY x.partner_id, x.month, p.id"
        " ORDER BY p.name COLLATE \"C\", x.partner_id, x.month COLLATE \"C\"";
    static const char sql_as[] =
        "SELECT x.partner_id, x.id, x.month FROM assignments x JOIN partners p ON"
        " p.id = x.partner_id WHERE ($1::bigint = 0 OR x.activity_id = $1::bigint) AND"
        " ($2::text IS NULL OR x.month = $2::text) AND ($3::bigint = 0 OR p.unit_id = $3::bigint)"
        " ORDER BY p.name COLLATE \"C\", x.partner_id, x.month COLLATE \"C\", x.id";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, activity_id);
    pgp_text(&p, month);
    pgp_int(&p, unit_id);
    PGresult *r;
    if (pg_q((struct pg_db *)db, per_assignment ? sql_as : sql_pm, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    *items = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof **items);
    for (int i = 0; i < rows; i++) {
        struct letter_target *t = &(*items)[i];
        t->partner_id = pg_int(r, i, 0);
        t->assignment_id = pg_int(r, i, 1);
        t->month = text0(a, r, i, 2);
    }
    PQclear(r);
    *n = (size_t)rows;
    return 0;
}

/* ---- the driver's table ---- */

const struct store_letter_ops pg_letter_ops = {
    .lts_settings_get = pg_lts_settings_get,
    .lts_settings_put = pg_lts_settings_put,
    .lts_logo_put = pg_lts_logo_put,
    .lts_logo_get = pg_lts_logo_get,
    .lts_template_get = pg_lts_template_get,
    .lts_template_put = pg_lts_template_put,
    .lts_template_delete = pg_lts_template_delete,
    .lts_letter_find = pg_lts_letter_find,
    .lts_letter_get = pg_lts_letter_get,
    .lts_seq_next = pg_lts_seq_next,
    .lts_letter_insert = pg_lts_letter_insert,
    .lts_letter_void = pg_lts_letter_void,
    .lts_letter_list = pg_lts_letter_list,
    .lts_partner_get = pg_lts_partner_get,
    .lts_targets = pg_lts_targets,
};
