/* SQLite side of store/partners.h: activity rates, yearly ceilings,
** assignments, contract states and the sums behind the money rules. Sums
** are SQL integer sums (SQLite raises an error instead of wrapping). */
#include "store/partners.h"
#include "store/sqlite/sqlite.h"
#include "store/sqlite/rows.h"
#include "core/arena.h"

#include <string.h>

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

/* Room for one more element of size `size` in *items (arena-grown by
** doubling); NULL past SQ_MAX_ROWS (then return sq_rows_too_many()). */
static void *grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    return sq_rows_grow(a, items, n, cap, size);
}

static int step_done(struct sq_db *d, sqlite3_stmt *st, int rc, struct err *err)
{
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

/* ---- rates -------------------------------------------------------------- */

static int sq_ptn_rates_get(struct db *db, int64_t activity_id, struct arena *a,
                            struct activity_rate **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT output, unit_rate FROM activity_rates WHERE activity_id = ? ORDER BY output";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, activity_id);
    size_t cap = 0;
    struct activity_rate *out = NULL;
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out = grow(a, out, *n, &cap, sizeof *out);
        if (!out)
            return sq_rows_too_many(st, err);
        out[*n].output = sq_text(a, st, 0);
        out[*n].unit_rate = sqlite3_column_int64(st, 1);
        (*n)++;
    }
    *items = out;
    return step_done(d, st, rc, err);
}

static int sq_ptn_rates_set(struct db *db, int64_t activity_id, const struct activity_rate *items,
                            size_t n, struct err *err)
{
    static const char del[] = "DELETE FROM activity_rates WHERE activity_id = ?";
    static const char ins[] =
        "INSERT INTO activity_rates (activity_id, output, unit_rate) VALUES (?, ?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, del, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, activity_id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    for (size_t i = 0; i < n; i++) {
        if (!(st = sq_prepare(d, ins, err)))
            return err->kind;
        sqlite3_bind_int64(st, 1, activity_id);
        sq_bind_text(st, 2, items[i].output);
        sqlite3_bind_int64(st, 3, items[i].unit_rate);
        if (sq_exec_stmt(d, st, err) != 0)
            return err->kind;
    }
    return 0;
}

/* ---- ceilings ----------------------------------------------------------- */

static int sq_ptn_ceiling_get(struct db *db, int year, int64_t *monthly, struct err *err)
{
    static const char sql[] = "SELECT monthly FROM partner_ceilings WHERE year = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    *monthly = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    return step_done(d, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

static int sq_ptn_ceiling_set(struct db *db, int year, int64_t monthly, struct err *err)
{
    static const char sql[] =
        "INSERT INTO partner_ceilings (year, monthly, updated_at) VALUES (?, ?, " NOW ") "
        "ON CONFLICT (year) DO UPDATE SET monthly = excluded.monthly, "
        "updated_at = excluded.updated_at";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int64(st, 2, monthly);
    return sq_exec_stmt(d, st, err);
}

/* ---- assignments -------------------------------------------------------- */

#define ASG_COLS                                                                              \
    "x.id, x.partner_id, x.activity_id, x.output, x.volume, x.unit_rate, x.fee, x.month, "   \
    "x.surat_tugas_issued, x.created_by, x.created_at, x.updated_at, p.unit_id, p.name, "     \
    "c.code, c.name, x.role, x.area"
#define ASG_FROM                                                                              \
    " FROM assignments x JOIN partners p ON p.id = x.partner_id "                             \
    "JOIN activities c ON c.id = x.activity_id "

static void read_asg(sqlite3_stmt *st, struct arena *a, struct assignment *x)
{
    x->id = sqlite3_column_int64(st, 0);
    x->partner_id = sqlite3_column_int64(st, 1);
    x->activity_id = sqlite3_column_int64(st, 2);
    x->output = sq_text(a, st, 3);
    x->volume = sqlite3_column_int64(st, 4);
    x->unit_rate = sqlite3_column_int64(st, 5);
    x->fee = sqlite3_column_int64(st, 6);
    x->month = sq_text(a, st, 7);
    x->surat_tugas_issued = sqlite3_column_int(st, 8) != 0;
    x->created_by = sqlite3_column_int64(st, 9);
    x->created_at = sq_text(a, st, 10);
    x->updated_at = sq_text(a, st, 11);
    x->unit_id = sqlite3_column_int64(st, 12);
    x->partner_name = sq_text(a, st, 13);
    x->activity_code = sq_text(a, st, 14);
    x->activity_name = sq_text(a, st, 15);
    x->role = sq_text(a, st, 16);
    x->area = sq_text(a, st, 17);
}

static int sq_ptn_assignment_get(struct db *db, int64_t id, struct arena *a, struct assignment *out,
                                 struct err *err)
{
    static const char sql[] = "SELECT " ASG_COLS ASG_FROM "WHERE x.id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_asg(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "assignment.not_found", "penugasan tidak ditemukan",
                       "assignment not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

/* One fixed statement for every filter combination: a filter left at 0 or
** NULL matches everything. */
#define ASG_WHERE                                                                             \
    "WHERE (?1 = 0 OR p.unit_id = ?1) AND (?2 = 0 OR x.partner_id = ?2) "                    \
    "AND (?3 = 0 OR x.activity_id = ?3) AND (?4 IS NULL OR x.month = ?4) "                    \
    "AND (?5 IS NULL OR p.name LIKE '%' || ?5 || '%' OR p.nik = ?5 "                          \
    "OR c.code LIKE '%' || ?5 || '%' OR c.name LIKE '%' || ?5 || '%') "

static void bind_asg_query(sqlite3_stmt *st, const struct assignment_query *q)
{
    sqlite3_bind_int64(st, 1, q->unit_id);
    sqlite3_bind_int64(st, 2, q->partner_id);
    sqlite3_bind_int64(st, 3, q->activity_id);
    sq_bind_text(st, 4, q->month);
    sq_bind_text(st, 5, q->q && *q->q ? q->q : NULL);
}

static int sq_ptn_assignment_list(struct db *db, const struct assignment_query *q, struct arena *a,
                                  struct assignment **items, size_t *n, int64_t *total,
                                  struct err *err)
{
    static const char count[] = "SELECT count(*)" ASG_FROM ASG_WHERE;
    static const char sql[] = "SELECT " ASG_COLS ASG_FROM ASG_WHERE
                              "ORDER BY x.month DESC, p.name, x.id LIMIT ?6 OFFSET ?7";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, count, err);
    if (!st)
        return err->kind;
    bind_asg_query(st, q);
    int rc = sqlite3_step(st);
    *total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (step_done(d, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, err) != 0)
        return err->kind;
    if (!(st = sq_prepare(d, sql, err)))
        return err->kind;
    bind_asg_query(st, q);
    sqlite3_bind_int64(st, 6, q->per_page > 0 ? q->per_page : -1);
    sqlite3_bind_int64(st, 7, q->per_page > 0 ? (q->page - 1) * q->per_page : 0);
    size_t cap = 0;
    struct assignment *out = NULL;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out = grow(a, out, *n, &cap, sizeof *out);
        if (!out)
            return sq_rows_too_many(st, err);
        read_asg(st, a, &out[(*n)++]);
    }
    *items = out;
    return step_done(d, st, rc, err);
}

static int sq_ptn_assignment_save(struct db *db, struct assignment *x, struct err *err)
{
    static const char ins[] =
        "INSERT INTO assignments (partner_id, activity_id, output, volume, unit_rate, fee, "
        "month, surat_tugas_issued, created_by, role, area, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?12, " NOW ", " NOW ")";
    static const char upd[] =
        "UPDATE assignments SET output = ?3, volume = ?4, unit_rate = ?5, fee = ?6, "
        "month = ?7, surat_tugas_issued = ?8, role = ?11, area = ?12, updated_at = " NOW
        " WHERE id = ?10";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, x->id ? upd : ins, err);
    if (!st)
        return err->kind;
    if (!x->id) {
        sqlite3_bind_int64(st, 1, x->partner_id);
        sqlite3_bind_int64(st, 2, x->activity_id);
        if (x->created_by)
            sqlite3_bind_int64(st, 9, x->created_by);
    }
    sq_bind_text(st, 3, x->output);
    sqlite3_bind_int64(st, 4, x->volume);
    sqlite3_bind_int64(st, 5, x->unit_rate);
    sqlite3_bind_int64(st, 6, x->fee);
    sq_bind_text(st, 7, x->month);
    sqlite3_bind_int(st, 8, x->surat_tugas_issued);
    if (x->id)
        sqlite3_bind_int64(st, 10, x->id);
    sq_bind_text(st, 11, x->role);
    sq_bind_text(st, 12, x->area);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (!x->id)
        x->id = sqlite3_last_insert_rowid(d->h);
    return 0;
}

static int sq_ptn_assignment_delete(struct db *db, int64_t id, struct err *err)
{
    static const char sql[] = "DELETE FROM assignments WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    return sq_exec_stmt(d, st, err);
}

static int one_sum(struct sq_db *d, sqlite3_stmt *st, int64_t *total, struct err *err)
{
    int rc = sqlite3_step(st);
    *total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    return step_done(d, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

static int sq_ptn_partner_month_total(struct db *db, int64_t partner_id, const char *month,
                                      int64_t except, int64_t *total, struct err *err)
{
    static const char sql[] = "SELECT coalesce(sum(fee), 0) FROM assignments "
                              "WHERE partner_id = ? AND month = ? AND id != ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, partner_id);
    sq_bind_text(st, 2, month);
    sqlite3_bind_int64(st, 3, except);
    return one_sum(d, st, total, err);
}

static int sq_ptn_activity_total(struct db *db, int64_t activity_id, int64_t except, int64_t *total,
                                 struct err *err)
{
    static const char sql[] = "SELECT coalesce(sum(fee), 0) FROM assignments "
                              "WHERE activity_id = ? AND id != ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, except);
    return one_sum(d, st, total, err);
}

/* ---- contracts ---------------------------------------------------------- */

static int sq_ptn_contract_list(struct db *db, const struct contract_query *q, struct arena *a,
                                struct contract **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT x.partner_id, x.month, sum(x.fee), count(*), "
        "sum(x.surat_tugas_issued = 0), p.name, p.nik, p.bank_name, p.bank_account, "
        "p.unit_id, u.name, coalesce(k.contract_signed, 0), coalesce(k.bast_signed, 0), "
        "coalesce(k.terminated, 0), coalesce(k.paid, 0) "
        "FROM assignments x JOIN partners p ON p.id = x.partner_id "
        "JOIN units u ON u.id = p.unit_id "
        "LEFT JOIN partner_contracts k ON k.partner_id = x.partner_id AND k.month = x.month "
        "WHERE (?1 = 0 OR p.unit_id = ?1) AND (?2 = 0 OR x.partner_id = ?2) "
        "AND (?3 IS NULL OR x.month = ?3) "
        "GROUP BY x.partner_id, x.month ORDER BY x.month, p.name, x.partner_id";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, q->unit_id);
    sqlite3_bind_int64(st, 2, q->partner_id);
    sq_bind_text(st, 3, q->month);
    size_t cap = 0;
    struct contract *out = NULL;
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out = grow(a, out, *n, &cap, sizeof *out);
        if (!out)
            return sq_rows_too_many(st, err);
        struct contract *c = &out[(*n)++];
        c->partner_id = sqlite3_column_int64(st, 0);
        c->month = sq_text(a, st, 1);
        c->total = sqlite3_column_int64(st, 2);
        c->n_assignments = sqlite3_column_int64(st, 3);
        c->n_surat_tugas_missing = sqlite3_column_int64(st, 4);
        c->partner_name = sq_text(a, st, 5);
        c->nik = sq_text(a, st, 6);
        c->bank_name = sq_text(a, st, 7);
        c->bank_account = sq_text(a, st, 8);
        c->unit_id = sqlite3_column_int64(st, 9);
        c->unit_name = sq_text(a, st, 10);
        c->contract_signed = sqlite3_column_int(st, 11) != 0;
        c->bast_signed = sqlite3_column_int(st, 12) != 0;
        c->terminated = sqlite3_column_int(st, 13) != 0;
        c->paid = sqlite3_column_int(st, 14) != 0;
    }
    *items = out;
    return step_done(d, st, rc, err);
}

static int sq_ptn_contract_set(struct db *db, int64_t partner_id, const char *month,
                               int contract_signed, int bast_signed, int terminated, int paid,
                               struct err *err)
{
    /* -1 keeps the stored value (0 for a new row) */
    static const char sql[] =
        "INSERT INTO partner_contracts (partner_id, month, contract_signed, bast_signed, "
        "terminated, paid, updated_at) VALUES (?1, ?2, max(?3, 0), max(?4, 0), max(?5, 0), "
        "max(?6, 0), " NOW ") ON CONFLICT (partner_id, month) DO UPDATE SET "
        "contract_signed = CASE WHEN ?3 < 0 THEN contract_signed ELSE ?3 END, "
        "bast_signed = CASE WHEN ?4 < 0 THEN bast_signed ELSE ?4 END, "
        "terminated = CASE WHEN ?5 < 0 THEN terminated ELSE ?5 END, "
        "paid = CASE WHEN ?6 < 0 THEN paid ELSE ?6 END, updated_at = " NOW;
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, partner_id);
    sq_bind_text(st, 2, month);
    sqlite3_bind_int(st, 3, contract_signed);
    sqlite3_bind_int(st, 4, bast_signed);
    sqlite3_bind_int(st, 5, terminated);
    sqlite3_bind_int(st, 6, paid);
    return sq_exec_stmt(d, st, err);
}

/* ---- activity budgets --------------------------------------------------- */

static int sq_ptn_activity_use(struct db *db, int year, struct arena *a,
                               struct activity_use **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT c.id, c.code, c.name, c.start_date, c.end_date, c.budget, "
        "coalesce(sum(x.fee), 0), count(x.id) FROM activities c "
        "LEFT JOIN assignments x ON x.activity_id = c.id "
        "WHERE ?1 = 0 OR (substr(c.start_date, 1, 4) <= printf('%04d', ?1) "
        "AND substr(c.end_date, 1, 4) >= printf('%04d', ?1)) "
        "GROUP BY c.id ORDER BY c.start_date, c.code";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int(st, 1, year);
    size_t cap = 0;
    struct activity_use *out = NULL;
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out = grow(a, out, *n, &cap, sizeof *out);
        if (!out)
            return sq_rows_too_many(st, err);
        struct activity_use *u = &out[(*n)++];
        u->id = sqlite3_column_int64(st, 0);
        u->code = sq_text(a, st, 1);
        u->name = sq_text(a, st, 2);
        u->start_date = sq_text(a, st, 3);
        u->end_date = sq_text(a, st, 4);
        u->budget = sqlite3_column_int64(st, 5);
        u->used = sqlite3_column_int64(st, 6);
        u->n_assignments = sqlite3_column_int64(st, 7);
    }
    *items = out;
    return step_done(d, st, rc, err);
}

static int sq_ptn_activity_month_range(struct db *db, int64_t activity_id, struct arena *a,
                                       const char **first, const char **last, struct err *err)
{
    static const char sql[] =
        "SELECT min(month), max(month) FROM assignments WHERE activity_id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, activity_id);
    int rc = sqlite3_step(st);
    *first = *last = NULL;
    if (rc == SQLITE_ROW) {
        *first = sq_text(a, st, 0);
        *last = sq_text(a, st, 1);
    }
    return step_done(d, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, err);
}

/* ---- the driver's table ---- */

const struct store_partner_ops sq_partner_ops = {
    .ptn_rates_get = sq_ptn_rates_get,
    .ptn_rates_set = sq_ptn_rates_set,
    .ptn_ceiling_get = sq_ptn_ceiling_get,
    .ptn_ceiling_set = sq_ptn_ceiling_set,
    .ptn_assignment_get = sq_ptn_assignment_get,
    .ptn_assignment_list = sq_ptn_assignment_list,
    .ptn_assignment_save = sq_ptn_assignment_save,
    .ptn_assignment_delete = sq_ptn_assignment_delete,
    .ptn_partner_month_total = sq_ptn_partner_month_total,
    .ptn_activity_total = sq_ptn_activity_total,
    .ptn_activity_month_range = sq_ptn_activity_month_range,
    .ptn_contract_list = sq_ptn_contract_list,
    .ptn_contract_set = sq_ptn_contract_set,
    .ptn_activity_use = sq_ptn_activity_use,
};
