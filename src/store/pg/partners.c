/* Partners on PostgreSQL (port of store/sqlite/partners.c; the contract is
** store/partners.h): activity rates, yearly ceilings, assignments, contract
** states and the sums behind the money rules. PostgreSQL's sum() of bigint
** is numeric (it cannot wrap); it is cast back to bigint for reading. Text
** sorts use COLLATE "C", the byte order SQLite sorts by, whatever the
** database's locale. */
#include "store/partners.h"
#include "store/pg/pg.h"
#include "core/arena.h"

#include <string.h>

#define NOW "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Runs a static query whose rows the caller reads. */
static int query(struct db *db, const char *sql, const struct pg_params *p, PGresult **r,
                 struct err *err)
{
    return pg_q((struct pg_db *)db, sql, p->n, p->v, r, err);
}

/* ---- rates -------------------------------------------------------------- */

static int pg_ptn_rates_get(struct db *db, int64_t activity_id, struct arena *a,
                            struct activity_rate **items, size_t *n, struct err *err)
{
    static const char sql[] = "SELECT output, unit_rate FROM activity_rates"
                              " WHERE activity_id = $1::bigint ORDER BY output COLLATE \"C\"";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, activity_id);
    PGresult *r;
    if (query(db, sql, &p, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct activity_rate *out = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof *out);
    for (int i = 0; i < rows; i++) {
        out[i].output = pg_text(a, r, i, 0);
        out[i].unit_rate = pg_int(r, i, 1);
    }
    PQclear(r);
    *items = rows ? out : NULL;
    *n = (size_t)rows;
    return 0;
}

static int pg_ptn_rates_set(struct db *db, int64_t activity_id, const struct activity_rate *items,
                            size_t n, struct err *err)
{
    static const char del[] = "DELETE FROM activity_rates WHERE activity_id = $1::bigint";
    static const char ins[] = "INSERT INTO activity_rates (activity_id, output, unit_rate)"
                              " VALUES ($1::bigint, $2::text, $3::bigint)";
    struct pg_db *d = (struct pg_db *)db;
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, activity_id);
    int rc = pg_exec(d, del, p.n, p.v, NULL, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        pgp_init(&p, a);
        pgp_int(&p, activity_id);
        pgp_text(&p, items[i].output);
        pgp_int(&p, items[i].unit_rate);
        rc = pg_exec(d, ins, p.n, p.v, NULL, err);
    }
    arena_free(a);
    return rc;
}

/* ---- ceilings ----------------------------------------------------------- */

static int pg_ptn_ceiling_get(struct db *db, int year, int64_t *monthly, struct err *err)
{
    static const char sql[] = "SELECT monthly FROM partner_ceilings WHERE year = $1::bigint";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, year);
    PGresult *r;
    int rc = query(db, sql, &p, &r, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    *monthly = PQntuples(r) > 0 ? pg_int(r, 0, 0) : -1;
    PQclear(r);
    return 0;
}

static int pg_ptn_ceiling_set(struct db *db, int year, int64_t monthly, struct err *err)
{
    static const char sql[] =
        "INSERT INTO partner_ceilings (year, monthly, updated_at) VALUES ($1::bigint,"
        " $2::bigint, " NOW ") ON CONFLICT (year) DO UPDATE SET monthly = excluded.monthly,"
        " updated_at = excluded.updated_at";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, year);
    pgp_int(&p, monthly);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

/* ---- assignments -------------------------------------------------------- */

#define ASG_COLS                                                                              \
    "x.id, x.partner_id, x.activity_id, x.output, x.volume, x.unit_rate, x.fee, x.month, "   \
    "x.surat_tugas_issued, x.created_by, x.created_at, x.updated_at, p.unit_id, p.name, "     \
    "c.code, c.name, x.role, x.area"
#define ASG_FROM                                                                              \
    " FROM assignments x JOIN partners p ON p.id = x.partner_id "                             \
    "JOIN activities c ON c.id = x.activity_id "

static void read_asg(const PGresult *r, int i, struct arena *a, struct assignment *x)
{
    x->id = pg_int(r, i, 0);
    x->partner_id = pg_int(r, i, 1);
    x->activity_id = pg_int(r, i, 2);
    x->output = pg_text(a, r, i, 3);
    x->volume = pg_int(r, i, 4);
    x->unit_rate = pg_int(r, i, 5);
    x->fee = pg_int(r, i, 6);
    x->month = pg_text(a, r, i, 7);
    x->surat_tugas_issued = pg_int(r, i, 8) != 0;
    x->created_by = pg_int(r, i, 9);
    x->created_at = pg_text(a, r, i, 10);
    x->updated_at = pg_text(a, r, i, 11);
    x->unit_id = pg_int(r, i, 12);
    x->partner_name = pg_text(a, r, i, 13);
    x->activity_code = pg_text(a, r, i, 14);
    x->activity_name = pg_text(a, r, i, 15);
    x->role = pg_text(a, r, i, 16);
    x->area = pg_text(a, r, i, 17);
}

static int pg_ptn_assignment_get(struct db *db, int64_t id, struct arena *a, struct assignment *out,
                                 struct err *err)
{
    static const char sql[] = "SELECT " ASG_COLS ASG_FROM "WHERE x.id = $1::bigint";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    if (query(db, sql, &p, &r, err) != 0)
        return err->kind;
    bool found = PQntuples(r) > 0;
    if (found)
        read_asg(r, 0, a, out);
    PQclear(r);
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "assignment.not_found", "penugasan tidak ditemukan",
                       "assignment not found");
    return 0;
}

/* One fixed statement for every filter combination: a filter left at 0 or
** NULL matches everything. ILIKE ... ESCAPE '' is SQLite's LIKE: ASCII
** case folded, no escape character. */
#define ASG_WHERE                                                                             \
    "WHERE ($1::bigint = 0 OR p.unit_id = $1::bigint) AND ($2::bigint = 0 OR "                \
    "x.partner_id = $2::bigint) AND ($3::bigint = 0 OR x.activity_id = $3::bigint) "          \
    "AND ($4::text IS NULL OR x.month = $4::text) AND ($5::text IS NULL "                     \
    "OR p.name ILIKE '%' || $5::text || '%' ESCAPE '' OR p.nik = $5::text "                   \
    "OR c.code ILIKE '%' || $5::text || '%' ESCAPE '' "                                       \
    "OR c.name ILIKE '%' || $5::text || '%' ESCAPE '') "

static void asg_params(struct pg_params *p, struct arena *a, const struct assignment_query *q)
{
    pgp_init(p, a);
    pgp_int(p, q->unit_id);
    pgp_int(p, q->partner_id);
    pgp_int(p, q->activity_id);
    pgp_text(p, q->month);
    pgp_text(p, q->q && *q->q ? q->q : NULL);
}

static int pg_ptn_assignment_list(struct db *db, const struct assignment_query *q, struct arena *a,
                                  struct assignment **items, size_t *n, int64_t *total,
                                  struct err *err)
{
    static const char count[] = "SELECT count(*)" ASG_FROM ASG_WHERE;
    static const char sql[] = "SELECT " ASG_COLS ASG_FROM ASG_WHERE
                              "ORDER BY x.month COLLATE \"C\" DESC, p.name COLLATE \"C\", x.id"
                              " LIMIT $6::bigint OFFSET $7::bigint";
    struct pg_params p;
    asg_params(&p, a, q);
    PGresult *r;
    if (query(db, count, &p, &r, err) != 0)
        return err->kind;
    *total = pg_first_int(r);
    PQclear(r);
    if (q->per_page > 0)
        pgp_int(&p, q->per_page);
    else
        pgp_null(&p); /* LIMIT NULL: every row */
    pgp_int(&p, q->per_page > 0 ? (q->page - 1) * q->per_page : 0);
    if (query(db, sql, &p, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct assignment *out = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof *out);
    for (int i = 0; i < rows; i++)
        read_asg(r, i, a, &out[i]);
    PQclear(r);
    *items = rows ? out : NULL;
    *n = (size_t)rows;
    return 0;
}

static int pg_ptn_assignment_save(struct db *db, struct assignment *x, struct err *err)
{
    static const char ins[] =
        "INSERT INTO assignments (partner_id, activity_id, output, volume, unit_rate, fee,"
        " month, surat_tugas_issued, created_by, role, area, created_at, updated_at)"
        " VALUES ($1::bigint, $2::bigint, $3::text, $4::bigint, $5::bigint, $6::bigint,"
        " $7::text, $8::bigint, $9::bigint, $10::text, $11::text, " NOW ", " NOW ")"
        " RETURNING id";
    static const char upd[] =
        "UPDATE assignments SET output = $1::text, volume = $2::bigint, unit_rate = $3::bigint,"
        " fee = $4::bigint, month = $5::text, surat_tugas_issued = $6::bigint, role = $7::text,"
        " area = $8::text, updated_at = " NOW " WHERE id = $9::bigint";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    if (!x->id) {
        pgp_int(&p, x->partner_id);
        pgp_int(&p, x->activity_id);
    }
    pgp_text(&p, x->output);
    pgp_int(&p, x->volume);
    pgp_int(&p, x->unit_rate);
    pgp_int(&p, x->fee);
    pgp_text(&p, x->month);
    pgp_int(&p, x->surat_tugas_issued ? 1 : 0);
    if (!x->id)
        pgp_id(&p, x->created_by);
    pgp_text(&p, x->role);
    pgp_text(&p, x->area);
    int rc;
    if (x->id) {
        pgp_int(&p, x->id);
        rc = pg_exec((struct pg_db *)db, upd, p.n, p.v, NULL, err);
    } else {
        PGresult *r;
        if ((rc = query(db, ins, &p, &r, err)) == 0) {
            x->id = pg_first_int(r);
            PQclear(r);
        }
    }
    arena_free(a);
    return rc;
}

static int pg_ptn_assignment_delete(struct db *db, int64_t id, struct err *err)
{
    static const char sql[] = "DELETE FROM assignments WHERE id = $1::bigint";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

/* The single number a sum query gives for the parameters collected in p;
** frees p's arena. */
static int one_sum(struct db *db, const char *sql, struct pg_params *p, int64_t *total,
                   struct err *err)
{
    PGresult *r;
    int rc = query(db, sql, p, &r, err);
    arena_free(p->a);
    if (rc != 0)
        return rc;
    *total = pg_first_int(r);
    PQclear(r);
    return 0;
}

static int pg_ptn_partner_month_total(struct db *db, int64_t partner_id, const char *month,
                                      int64_t except, int64_t *total, struct err *err)
{
    static const char sql[] = "SELECT coalesce(sum(fee), 0)::bigint FROM assignments"
                              " WHERE partner_id = $1::bigint AND month = $2::text"
                              " AND id != $3::bigint";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, partner_id);
    pgp_text(&p, month);
    pgp_int(&p, except);
    return one_sum(db, sql, &p, total, err);
}

static int pg_ptn_activity_total(struct db *db, int64_t activity_id, int64_t except, int64_t *total,
                                 struct err *err)
{
    static const char sql[] = "SELECT coalesce(sum(fee), 0)::bigint FROM assignments"
                              " WHERE activity_id = $1::bigint AND id != $2::bigint";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, activity_id);
    pgp_int(&p, except);
    return one_sum(db, sql, &p, total, err);
}

/* ---- contracts ---------------------------------------------------------- */

static int pg_ptn_contract_list(struct db *db, const struct contract_query *q, struct arena *a,
                                struct contract **items, size_t *n, struct err *err)
{
    /* grouped by the primary keys of p, u and k too, which PostgreSQL needs
    ** to read their other columns (one row each per partner-month anyway) */
    static const char sql[] =
        "SELECT x.partner_id, x.month, sum(x.fee)::bigint, count(*),"
        " count(*) FILTER (WHERE x.surat_tugas_issued = 0), p.name, p.nik, p.bank_name,"
        " p.bank_account, p.unit_id, u.name, coalesce(k.contract_signed, 0),"
        " coalesce(k.bast_signed, 0), coalesce(k.terminated, 0), coalesce(k.paid, 0)"
        " FROM assignments x JOIN partners p ON p.id = x.partner_id"
        " JOIN units u ON u.id = p.unit_id"
        " LEFT JOIN partner_contracts k ON k.partner_id = x.partner_id AND k.month = x.month"
        " WHERE ($1::bigint = 0 OR p.unit_id = $1::bigint) AND ($2::bigint = 0 OR"
        " x.partner_id = $2::bigint) AND ($3::text IS NULL OR x.month = $3::text)"
        " GROUP BY x.partner_id, x.month, p.id, u.id, k.partner_id, k.month"
        " ORDER BY x.month COLLATE \"C\", p.name COLLATE \"C\", x.partner_id";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, q->unit_id);
    pgp_int(&p, q->partner_id);
    pgp_text(&p, q->month);
    PGresult *r;
    if (query(db, sql, &p, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct contract *out = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof *out);
    for (int i = 0; i < rows; i++) {
        struct contract *c = &out[i];
        c->partner_id = pg_int(r, i, 0);
        c->month = pg_text(a, r, i, 1);
        c->total = pg_int(r, i, 2);
        c->n_assignments = pg_int(r, i, 3);
        c->n_surat_tugas_missing = pg_int(r, i, 4);
        c->partner_name = pg_text(a, r, i, 5);
        c->nik = pg_text(a, r, i, 6);
        c->bank_name = pg_text(a, r, i, 7);
        c->bank_account = pg_text(a, r, i, 8);
        c->unit_id = pg_int(r, i, 9);
        c->unit_name = pg_text(a, r, i, 10);
        c->contract_signed = pg_int(r, i, 11) != 0;
        c->bast_signed = pg_int(r, i, 12) != 0;
        c->terminated = pg_int(r, i, 13) != 0;
        c->paid = pg_int(r, i, 14) != 0;
    }
    PQclear(r);
    *items = rows ? out : NULL;
    *n = (size_t)rows;
    return 0;
}

static int pg_ptn_contract_set(struct db *db, int64_t partner_id, const char *month,
                               int contract_signed, int bast_signed, int terminated, int paid,
                               struct err *err)
{
    /* -1 keeps the stored value (0 for a new row) */
    static const char sql[] =
        "INSERT INTO partner_contracts AS k (partner_id, month, contract_signed, bast_signed,"
        " terminated, paid, updated_at) VALUES ($1::bigint, $2::text, greatest($3::bigint, 0),"
        " greatest($4::bigint, 0), greatest($5::bigint, 0), greatest($6::bigint, 0), " NOW ")"
        " ON CONFLICT (partner_id, month) DO UPDATE SET"
        " contract_signed = CASE WHEN $3::bigint < 0 THEN k.contract_signed ELSE $3::bigint END,"
        " bast_signed = CASE WHEN $4::bigint < 0 THEN k.bast_signed ELSE $4::bigint END,"
        " terminated = CASE WHEN $5::bigint < 0 THEN k.terminated ELSE $5::bigint END,"
        " paid = CASE WHEN $6::bigint < 0 THEN k.paid ELSE $6::bigint END, updated_at = " NOW;
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, partner_id);
    pgp_text(&p, month);
    pgp_int(&p, contract_signed);
    pgp_int(&p, bast_signed);
    pgp_int(&p, terminated);
    pgp_int(&p, paid);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

/* ---- activity budgets --------------------------------------------------- */

static int pg_ptn_activity_use(struct db *db, int year, struct arena *a,
                               struct activity_use **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT c.id, c.code, c.name, c.start_date, c.end_date, c.budget,"
        " coalesce(sum(x.fee), 0)::bigint, count(x.id) FROM activities c"
        " LEFT JOIN assignments x ON x.activity_id = c.id"
        " WHERE $1::bigint = 0 OR (substr(c.start_date, 1, 4) <= lpad($1::bigint::text, 4, '0')"
        " AND substr(c.end_date, 1, 4) >= lpad($1::bigint::text, 4, '0'))"
        " GROUP BY c.id ORDER BY c.start_date COLLATE \"C\", c.code COLLATE \"C\"";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, year);
    PGresult *r;
    if (query(db, sql, &p, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct activity_use *out = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof *out);
    for (int i = 0; i < rows; i++) {
        struct activity_use *u = &out[i];
        u->id = pg_int(r, i, 0);
        u->code = pg_text(a, r, i, 1);
        u->name = pg_text(a, r, i, 2);
        u->start_date = pg_text(a, r, i, 3);
        u->end_date = pg_text(a, r, i, 4);
        u->budget = pg_int(r, i, 5);
        u->used = pg_int(r, i, 6);
        u->n_assignments = pg_int(r, i, 7);
    }
    PQclear(r);
    *items = rows ? out : NULL;
    *n = (size_t)rows;
    return 0;
}

static int pg_ptn_activity_month_range(struct db *db, int64_t activity_id, struct arena *a,
                                       const char **first, const char **last, struct err *err)
{
    static const char sql[] = "SELECT min(month COLLATE \"C\"), max(month COLLATE \"C\")"
                              " FROM assignments WHERE activity_id = $1::bigint";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, activity_id);
    PGresult *r;
    *first = *last = NULL;
    if (query(db, sql, &p, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0) {
        *first = pg_text(a, r, 0, 0);
        *last = pg_text(a, r, 0, 1);
    }
    PQclear(r);
    return 0;
}

/* ---- the driver's table ---- */

const struct store_partner_ops pg_partner_ops = {
    .ptn_rates_get = pg_ptn_rates_get,
    .ptn_rates_set = pg_ptn_rates_set,
    .ptn_ceiling_get = pg_ptn_ceiling_get,
    .ptn_ceiling_set = pg_ptn_ceiling_set,
    .ptn_assignment_get = pg_ptn_assignment_get,
    .ptn_assignment_list = pg_ptn_assignment_list,
    .ptn_assignment_save = pg_ptn_assignment_save,
    .ptn_assignment_delete = pg_ptn_assignment_delete,
    .ptn_partner_month_total = pg_ptn_partner_month_total,
    .ptn_activity_total = pg_ptn_activity_total,
    .ptn_activity_month_range = pg_ptn_activity_month_range,
    .ptn_contract_list = pg_ptn_contract_list,
    .ptn_contract_set = pg_ptn_contract_set,
    .ptn_activity_use = pg_ptn_activity_use,
};
