/* Partner letters in SQLite (see store/letter_store.h): office settings and
** logos, template overrides, number sequences, issued letters, and the
** partner and assignment rows letters print. */
#include "store/letter_store.h"
#include "core/arena.h"
#include "store/sqlite/sqlite.h"
#include "store/sqlite/rows.h"

#include <string.h>

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

static const char *text0(struct arena *a, sqlite3_stmt *st, int col)
{
    const char *s = sq_text(a, st, col);
    return s ? s : "";
}

/* Steps a one-row query; ERR_NOT_FOUND (code, messages) when it has none. */
static int one_row(struct sq_db *d, sqlite3_stmt *st, const char *code, const char *id_msg,
                   const char *en_msg, struct err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_text(err, ERR_NOT_FOUND, code, id_msg, en_msg);
    return sq_error(d, rc, err);
}

/* ---- settings ---------------------------------------------------------- */

static int sq_lts_settings_get(struct db *db, int64_t unit_id, struct arena *a,
                               struct letter_settings *out, struct err *err)
{
    static const char sql[] =
        "SELECT u.id, u.name, coalesce(u.code, ''), s.unit_code, s.head_lines, s.address, "
        "s.city, s.region, s.partner_role, s.ppk_name, s.ppk_nip, s.ppk_position, "
        "s.signer_name, s.signer_nip, s.signer_position, s.pattern_contract, "
        "s.pattern_assignment, s.pattern_bast, s.pattern_termination, s.logo IS NOT NULL, "
        "s.updated_at FROM units u LEFT JOIN letter_settings s ON s.unit_id = u.id "
        "WHERE u.id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, unit_id);
    if (one_row(d, st, "unit.not_found", "unit tidak ditemukan", "unit not found", err) != 0)
        return err->kind;
    const char **f[] = {&out->unit_code,     &out->head_lines,         &out->address,
                        &out->city,          &out->region,             &out->partner_role,
                        &out->ppk_name,      &out->ppk_nip,            &out->ppk_position,
                        &out->signer_name,   &out->signer_nip,         &out->signer_position,
                        &out->pattern_contract, &out->pattern_assignment, &out->pattern_bast,
                        &out->pattern_termination};
    out->unit_id = sqlite3_column_int64(st, 0);
    out->unit_name = text0(a, st, 1);
    out->unit_code_default = text0(a, st, 2);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        *f[i] = text0(a, st, 3 + (int)i);
    out->has_logo = sqlite3_column_int(st, 19) != 0;
    out->updated_at = sq_text(a, st, 20);
    sqlite3_reset(st);
    return 0;
}

static int sq_lts_settings_put(struct db *db, const struct letter_settings *s, int64_t by,
                               struct err *err)
{
    static const char sql[] =
        "INSERT INTO letter_settings (unit_id, unit_code, head_lines, address, city, region, "
        "partner_role, ppk_name, ppk_nip, ppk_position, signer_name, signer_nip, "
        "signer_position, pattern_contract, pattern_assignment, pattern_bast, "
        "pattern_termination, updated_at, updated_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
        NOW ", ?18) ON CONFLICT (unit_id) DO UPDATE SET unit_code = ?2, head_lines = ?3, "
        "address = ?4, city = ?5, region = ?6, partner_role = ?7, ppk_name = ?8, ppk_nip = ?9, "
        "ppk_position = ?10, signer_name = ?11, signer_nip = ?12, signer_position = ?13, "
        "pattern_contract = ?14, pattern_assignment = ?15, pattern_bast = ?16, "
        "pattern_termination = ?17, updated_at = " NOW ", updated_by = ?18";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    const char *f[] = {s->unit_code,        s->head_lines,       s->address,
                       s->city,             s->region,           s->partner_role,
                       s->ppk_name,         s->ppk_nip,          s->ppk_position,
                       s->signer_name,      s->signer_nip,       s->signer_position,
                       s->pattern_contract, s->pattern_assignment, s->pattern_bast,
                       s->pattern_termination};
    sqlite3_bind_int64(st, 1, s->unit_id);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        sqlite3_bind_text(st, 2 + (int)i, f[i] ? f[i] : "", -1, SQLITE_TRANSIENT);
    if (by)
        sqlite3_bind_int64(st, 18, by);
    return sq_exec_stmt(d, st, err);
}

static int sq_lts_logo_put(struct db *db, int64_t unit_id, const void *png, size_t n, int64_t by,
                           struct err *err)
{
    static const char sql[] =
        "INSERT INTO letter_settings (unit_id, logo, updated_at, updated_by) "
        "VALUES (?1, ?2, " NOW ", ?3) ON CONFLICT (unit_id) DO UPDATE SET logo = ?2, "
        "updated_at = " NOW ", updated_by = ?3";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, unit_id);
    if (png && n)
        sqlite3_bind_blob64(st, 2, png, n, SQLITE_TRANSIENT);
    if (by)
        sqlite3_bind_int64(st, 3, by);
    return sq_exec_stmt(d, st, err);
}

static int sq_lts_logo_get(struct db *db, int64_t unit_id, struct arena *a, const void **png,
                           size_t *n, struct err *err)
{
    static const char sql[] = "SELECT logo FROM letter_settings WHERE unit_id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, unit_id);
    *png = NULL;
    *n = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
        size_t k = (size_t)sqlite3_column_bytes(st, 0);
        void *p = arena_alloc(a, k ? k : 1);
        memcpy(p, sqlite3_column_blob(st, 0), k);
        *png = p;
        *n = k;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

/* ---- templates --------------------------------------------------------- */

static int sq_lts_template_get(struct db *db, const char *kind, struct arena *a, const char **body,
                               const char **updated_at, struct err *err)
{
    static const char sql[] = "SELECT body, updated_at FROM letter_templates WHERE kind = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, kind);
    if (one_row(d, st, "template.not_found", "templat tidak ada", "no such template", err) != 0)
        return err->kind;
    *body = text0(a, st, 0);
    if (updated_at)
        *updated_at = sq_text(a, st, 1);
    sqlite3_reset(st);
    return 0;
}

static int sq_lts_template_put(struct db *db, const char *kind, const char *body, int64_t by,
                               struct err *err)
{
    static const char sql[] =
        "INSERT INTO letter_templates (kind, body, updated_at, updated_by) VALUES (?1, ?2, " NOW
        ", ?3) ON CONFLICT (kind) DO UPDATE SET body = ?2, updated_at = " NOW ", updated_by = ?3";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, kind);
    sq_bind_text(st, 2, body);
    if (by)
        sqlite3_bind_int64(st, 3, by);
    return sq_exec_stmt(d, st, err);
}

static int sq_lts_template_delete(struct db *db, const char *kind, struct err *err)
{
    static const char sql[] = "DELETE FROM letter_templates WHERE kind = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, kind);
    return sq_exec_stmt(d, st, err);
}

/* ---- letters ----------------------------------------------------------- */

#define LETTER_COLS                                                                           \
    "id, unit_id, kind, partner_id, month, assignment_id, letter_date, year, seq, number, "  \
    "issued_at, issued_by, voided_at, void_reason"

static void read_letter(sqlite3_stmt *st, struct arena *a, struct letter_rec *l)
{
    l->id = sqlite3_column_int64(st, 0);
    l->unit_id = sqlite3_column_int64(st, 1);
    l->kind = text0(a, st, 2);
    l->partner_id = sqlite3_column_int64(st, 3);
    l->month = text0(a, st, 4);
    l->assignment_id = sqlite3_column_int64(st, 5);
    l->letter_date = text0(a, st, 6);
    l->year = sqlite3_column_int(st, 7);
    l->seq = sqlite3_column_int64(st, 8);
    l->number = text0(a, st, 9);
    l->issued_at = text0(a, st, 10);
    l->issued_by = sqlite3_column_int64(st, 11);
    l->voided_at = sq_text(a, st, 12);
    l->void_reason = sq_text(a, st, 13);
}

static int sq_lts_letter_find(struct db *db, const char *kind, int64_t partner_id,
                              const char *month, int64_t assignment_id, struct arena *a,
                              struct letter_rec *out, struct err *err)
{
    static const char sql[] = "SELECT " LETTER_COLS " FROM letters WHERE kind = ? AND "
                              "partner_id = ? AND month = ? AND assignment_id = ? AND "
                              "voided_at IS NULL";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, kind);
    sqlite3_bind_int64(st, 2, partner_id);
    sq_bind_text(st, 3, month);
    sqlite3_bind_int64(st, 4, assignment_id);
    if (one_row(d, st, "letter.not_found", "surat tidak ditemukan", "letter not found", err))
        return err->kind;
    read_letter(st, a, out);
    sqlite3_reset(st);
    return 0;
}

static int sq_lts_letter_get(struct db *db, int64_t id, struct arena *a, struct letter_rec *out,
                             struct err *err)
{
    static const char sql[] = "SELECT " LETTER_COLS " FROM letters WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    if (one_row(d, st, "letter.not_found", "surat tidak ditemukan", "letter not found", err))
        return err->kind;
    read_letter(st, a, out);
    sqlite3_reset(st);
    return 0;
}

static int sq_lts_seq_next(struct db *db, int64_t unit_id, const char *kind, int year, int64_t *seq,
                           struct err *err)
{
    static const char sql[] =
        "INSERT INTO letter_sequences (unit_id, kind, year, last) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (unit_id, kind, year) DO UPDATE SET last = last + 1 RETURNING last";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, unit_id);
    sq_bind_text(st, 2, kind);
    sqlite3_bind_int(st, 3, year);
    int rc = sqlite3_step(st);
    *seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_lts_letter_insert(struct db *db, struct letter_rec *l, struct arena *a,
                                struct err *err)
{
    static const char sql[] =
        "INSERT INTO letters (unit_id, kind, partner_id, month, assignment_id, letter_date, "
        "year, seq, number, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, " NOW
        ", ?) RETURNING id, issued_at";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, l->unit_id);
    sq_bind_text(st, 2, l->kind);
    sqlite3_bind_int64(st, 3, l->partner_id);
    sq_bind_text(st, 4, l->month);
    sqlite3_bind_int64(st, 5, l->assignment_id);
    sq_bind_text(st, 6, l->letter_date);
    sqlite3_bind_int(st, 7, l->year);
    sqlite3_bind_int64(st, 8, l->seq);
    sq_bind_text(st, 9, l->number);
    if (l->issued_by)
        sqlite3_bind_int64(st, 10, l->issued_by);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        l->id = sqlite3_column_int64(st, 0);
        l->issued_at = text0(a, st, 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 0;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return err_text(err, ERR_CONFLICT, "letter.exists", "surat sudah diterbitkan",
                        "the letter was issued already");
    return sq_error(d, rc, err);
}

static int sq_lts_letter_void(struct db *db, int64_t id, int64_t by, const char *reason,
                              struct err *err)
{
    static const char sql[] = "UPDATE letters SET voided_at = " NOW ", voided_by = ?, "
                              "void_reason = ? WHERE id = ? AND voided_at IS NULL";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    if (by)
        sqlite3_bind_int64(st, 1, by);
    sq_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) == 0)
        return err_text(err, ERR_NOT_FOUND, "letter.not_found", "surat tidak ditemukan",
                        "letter not found");
    return 0;
}

static int sq_lts_letter_list(struct db *db, int64_t unit_id, int64_t partner_id, const char *month,
                              int limit, struct arena *a, struct letter_rec **items, size_t *n,
                              struct err *err)
{
    static const char sql[] =
        "SELECT " LETTER_COLS " FROM letters WHERE (?1 = 0 OR unit_id = ?1) AND "
        "(?2 = 0 OR partner_id = ?2) AND (?3 IS NULL OR month = ?3) ORDER BY id DESC LIMIT ?4";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int64(st, 2, partner_id);
    sq_bind_text(st, 3, month);
    sqlite3_bind_int(st, 4, limit);
    *items = arena_alloc(a, sizeof **items * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < (size_t)limit)
        read_letter(st, a, &(*items)[(*n)++]);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

/* ---- what letters print ----------------------------------------------- */

static int sq_lts_partner_get(struct db *db, int64_t id, struct arena *a,
                              struct letter_partner *out, struct err *err)
{
    static const char sql[] = "SELECT id, unit_id, name, nik, address, phone, email, "
                              "bank_name, bank_account FROM partners WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    if (one_row(d, st, "partner.not_found", "mitra tidak ditemukan", "partner not found", err))
        return err->kind;
    out->id = sqlite3_column_int64(st, 0);
    out->unit_id = sqlite3_column_int64(st, 1);
    out->name = text0(a, st, 2);
    out->nik = text0(a, st, 3);
    out->address = text0(a, st, 4);
    out->phone = text0(a, st, 5);
    out->email = text0(a, st, 6);
    out->bank_name = text0(a, st, 7);
    out->bank_account = text0(a, st, 8);
    sqlite3_reset(st);
    return 0;
}

static int sq_lts_targets(struct db *db, bool per_assignment, int64_t activity_id,
                          const char *month, int64_t unit_id, struct arena *a,
                          struct letter_target **items, size_t *n, struct err *err)
{
    /* a partner-month is in when any of its assignments matches the filters;
    ** its letter then covers the whole month (one contract per month) */
    static const char sql_pm[] =
        "SELECT x.partner_id, 0, x.month FROM assignments x JOIN partners p ON "
        "p.id = x.partner_id WHERE (?1 = 0 OR x.activity_id = ?1) AND (?2 IS NULL OR "
        "x.month = ?2) AND (?3 = 0 OR p.unit_id = ?3) GROUP BY x.partner_id, x.month "
        "ORDER BY p.name, x.partner_id, x.month";
    static const char sql_as[] =
        "SELECT x.partner_id, x.id, x.month FROM assignments x JOIN partners p ON "
        "p.id = x.partner_id WHERE (?1 = 0 OR x.activity_id = ?1) AND (?2 IS NULL OR "
        "x.month = ?2) AND (?3 = 0 OR p.unit_id = ?3) ORDER BY p.name, x.partner_id, x.month, "
        "x.id";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, per_assignment ? sql_as : sql_pm, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, activity_id);
    sq_bind_text(st, 2, month);
    sqlite3_bind_int64(st, 3, unit_id);
    size_t cap = 64;
    *items = arena_alloc(a, cap * sizeof **items);
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            struct letter_target *m = sq_rows_grow(a, *items, *n, &cap, sizeof *m);
            if (!m)
                return sq_rows_too_many(st, err);
            *items = m;
        }
        struct letter_target *t = &(*items)[(*n)++];
        t->partner_id = sqlite3_column_int64(st, 0);
        t->assignment_id = sqlite3_column_int64(st, 1);
        t->month = text0(a, st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

/* ---- the driver's table ---- */

const struct store_letter_ops sq_letter_ops = {
    .lts_settings_get = sq_lts_settings_get,
    .lts_settings_put = sq_lts_settings_put,
    .lts_logo_put = sq_lts_logo_put,
    .lts_logo_get = sq_lts_logo_get,
    .lts_template_get = sq_lts_template_get,
    .lts_template_put = sq_lts_template_put,
    .lts_template_delete = sq_lts_template_delete,
    .lts_letter_find = sq_lts_letter_find,
    .lts_letter_get = sq_lts_letter_get,
    .lts_seq_next = sq_lts_seq_next,
    .lts_letter_insert = sq_lts_letter_insert,
    .lts_letter_void = sq_lts_letter_void,
    .lts_letter_list = sq_lts_letter_list,
    .lts_partner_get = sq_lts_partner_get,
    .lts_targets = sq_lts_targets,
};
