/* PostgreSQL: generic CRUD for the master-data resources of core/resource.h
** (the rec table), a port of store/sqlite/records.c. SQL text is assembled
** only from the static field tables; every value is a parameter. SQLite's
** COLLATE NOCASE columns are compared and sorted through lower() here, and
** text sorts by bytes (COLLATE "C") like SQLite's BINARY, so lists come out
** in the same order on both drivers. */
#include "store/pg/ops.h"
#include "store/pg/write.h"
#include "core/arena.h"
#include "core/die.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_RES = 32 };

#define NOW_ISO "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Per-resource statements built once; their addresses key pg_q's cache. */
struct res_sql {
    const struct resource *res;
    char *cols; /* "id, name, ..., created_at, updated_at" */
    char *get;
    char *insert;
    char *del;
    char *exists;
};

static struct res_sql res_sql[MAX_RES];
static pthread_once_t res_sql_once = PTHREAD_ONCE_INIT;

static void build_res_sql(void)
{
    for (size_t i = 0; resources[i]; i++) {
        if (i >= MAX_RES)
            die("too many resources");
        const struct resource *res = resources[i];
        struct res_sql *s = &res_sql[i];
        char cols[2048] = "id", ins_cols[2048] = "", ins_q[512] = "";
        int k = 0;
        for (size_t f = 0; f < res->n_fields; f++) {
            if (res->fields[f].flags & FF_VIRTUAL)
                continue;
            size_t n = strlen(cols);
            snprintf(cols + n, sizeof cols - n, ", %s", res->fields[f].name);
            n = strlen(ins_cols);
            snprintf(ins_cols + n, sizeof ins_cols - n, "%s, ", res->fields[f].name);
            n = strlen(ins_q);
            snprintf(ins_q + n, sizeof ins_q - n, "$%d, ", ++k);
        }
        s->res = res;
        s->cols = xprintf("%s, created_at, updated_at", cols);
        s->get = xprintf("SELECT %s FROM %s WHERE id = $1", s->cols, res->table);
        s->insert = xprintf("INSERT INTO %s (%screated_at, updated_at) VALUES (%s" NOW_ISO
                            ", " NOW_ISO ") RETURNING id",
                            res->table, ins_cols, ins_q);
        s->del = xprintf("DELETE FROM %s WHERE id = $1", res->table);
        s->exists = xprintf("SELECT 1 FROM %s WHERE id = $1", res->table);
    }
}

static const struct res_sql *sql_for(const struct resource *res)
{
    pthread_once(&res_sql_once, build_res_sql);
    for (size_t i = 0; i < MAX_RES && res_sql[i].res; i++)
        if (res_sql[i].res == res)
            return &res_sql[i];
    die("resource %s has no SQL", res->name);
}

/* The columns SQLite declares COLLATE NOCASE (migrations 0001, 0016, 0032):
** equal and ordered without regard to ASCII case there, so through lower()
** here (0001_schema.sql keeps them unique on lower(x)). */
static const struct {
    const char *table, *column;
} nocase[] = {
    {"units", "name"},        {"units", "code"}, {"vendors", "name"},  {"categories", "name"},
    {"calendars", "name"},    {"sla_policies", "name"}, {"services", "name"}, {"tags", "name"},
    {"users", "email"},       {"activities", "code"},   {"macros", "name"},
};

static bool is_nocase(const struct resource *res, const char *column)
{
    for (size_t i = 0; i < sizeof nocase / sizeof nocase[0]; i++)
        if (strcmp(nocase[i].table, res->table) == 0 && strcmp(nocase[i].column, column) == 0)
            return true;
    return false;
}

static bool is_int_type(enum ftype t)
{
    return t == FT_INT || t == FT_BOOL || t == FT_REF;
}

static void param_value(struct pg_params *p, const struct field *f, const struct value *v)
{
    if (!v->set || v->null)
        pgp_null(p);
    else if (is_int_type(f->type))
        pgp_int(p, v->i);
    else
        pgp_text(p, v->s);
}

/* Columns from `first`: id, the stored fields in table order, created_at, updated_at. */
static struct record *read_row(const PGresult *r, int row, int first,
                               const struct resource *res, struct arena *a)
{
    struct record *rec = record_new(a, res);
    int col = first;
    rec->id = pg_int(r, row, col++);
    for (size_t f = 0; f < res->n_fields; f++) {
        if (res->fields[f].flags & FF_VIRTUAL)
            continue;
        struct value *v = &rec->v[f];
        v->set = true;
        v->null = pg_null(r, row, col);
        if (!v->null) {
            if (is_int_type(res->fields[f].type))
                v->i = pg_int(r, row, col);
            else
                v->s = pg_text(a, r, row, col);
        }
        col++;
    }
    rec->created_at = pg_text(a, r, row, col);
    rec->updated_at = pg_text(a, r, row, col + 1);
    return rec;
}

/* The field a broken unique constraint is about, from its name
** ("units_name_key", "units_lower_name_idx"): the longest field name that
** stands in it between underscores. */
static const char *constraint_field(const struct resource *res, const char *constraint)
{
    const char *best = "";
    size_t tl = strlen(res->table);
    if (strncmp(constraint, res->table, tl) == 0 && constraint[tl] == '_')
        constraint += tl + 1;
    for (size_t f = 0; f < res->n_fields; f++) {
        const char *name = res->fields[f].name;
        size_t nl = strlen(name);
        for (const char *p = strstr(constraint, name); p; p = strstr(p + 1, name)) {
            bool start = p == constraint || p[-1] == '_';
            bool end = p[nl] == 0 || p[nl] == '_';
            if (start && end && nl > strlen(best)) {
                best = name;
                break;
            }
        }
    }
    return best;
}

/* A unique key taken becomes 409 with the field named, a row still
** referenced 409 "referenced" (as the SQLite driver answers both). */
static int constraint_error(struct pg_db *d, const struct resource *res, bool deleting,
                            struct err *err)
{
    if (err->kind == ERR_STORE && (d->constraint[0] || strstr(err->msg[LOC_EN], "not-null"))) {
        /* a CHECK or NOT NULL rule (pg_error answers store.error for them) */
        const char *why = strstr(err->msg[LOC_EN], ": ");
        char msg[sizeof err->msg[0]];
        snprintf(msg, sizeof msg, "%s", why ? why + 2 : err->msg[LOC_EN]);
        return record_rule_broken(msg, err);
    }
    if (err->kind != ERR_CONFLICT)
        return err->kind;
    bool fkey = deleting || strstr(d->constraint, "fkey") || strstr(d->constraint, "_fk");
    return fkey ? record_referenced(res, err)
                : record_duplicate(res, constraint_field(res, d->constraint), err);
}

/* A parent link that would lead back to self_id (a unit made the child of
** its own descendant) turns the tree into a loop: walk up from the new parent.
** 1 for a loop, 0 without, or a negative err_kind. */
static int creates_cycle(struct pg_db *d, const struct resource *res, const char *field,
                         int64_t parent, int64_t self_id, struct err *err)
{
    char sql[256], id[24];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = $1", field, res->table);
    for (int depth = 0; parent && depth < 1000; depth++) {
        if (parent == self_id)
            return 1;
        snprintf(id, sizeof id, "%lld", (long long)parent);
        const char *params[] = {id};
        PGresult *r = NULL;
        if (pg_qt(d, sql, 1, params, &r, err) != 0)
            return err->kind;
        parent = pg_first_int(r);
        PQclear(r);
    }
    return parent != 0; /* deeper than 1000: treat as a loop */
}

/* Referenced rows must exist: a clear 422 naming the field beats a bare FK error. */
static int check_refs(struct pg_db *d, const struct resource *res, const struct record *r,
                      int64_t self_id, struct err *err)
{
    size_t before = err->n_fields;
    for (size_t f = 0; f < res->n_fields; f++) {
        const struct field *fd = &res->fields[f];
        const struct value *v = &r->v[f];
        if (fd->type != FT_REF || !v->set || v->null)
            continue;
        const struct resource *target = resource_find(fd->ref);
        if (!target)
            continue;
        int loop = target == res && self_id
                       ? creates_cycle(d, res, fd->name, v->i, self_id, err) : 0;
        if (loop < 0)
            return loop;
        if (loop) {
            err_field(err, fd->name, "tidak boleh menunjuk dirinya sendiri atau turunannya",
                      "cannot point to itself or to one of its descendants");
            continue;
        }
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)v->i);
        const char *params[] = {id};
        PGresult *res_rows = NULL;
        if (pg_q(d, sql_for(target)->exists, 1, params, &res_rows, err) != 0)
            return err->kind;
        bool found = PQntuples(res_rows) > 0;
        PQclear(res_rows);
        if (!found)
            err_field(err, fd->name, "tidak ditemukan", "does not exist");
    }
    if (err->n_fields > before)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

/* Inside a transaction, a statement PostgreSQL refuses (a unique key taken,
** a CHECK) aborts the whole transaction, where SQLite undoes only that
** statement and the caller carries on: the partner import
** (api/partner_import.c) checks every row of a file in one transaction and
** answers one "row N" per wrong row. So a write here runs under a savepoint
** of its own when a transaction is open, and a refused one is undone alone
** (api-partners 3.4-3.6). guard() opens it (false: none needed or
** possible); unguard() releases it, or rolls back to it after rc != 0. */
static bool guard(struct pg_db *d)
{
    if (!d->tx_depth || d->failed || pg_sync(d, NULL) != 0)
        return false;
    PGresult *r = PQexec(d->c, "SAVEPOINT rec_stmt");
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
}

static void unguard(struct pg_db *d, bool guarded, int rc)
{
    if (!guarded)
        return;
    PQclear(PQexec(d->c, rc == 0 ? "RELEASE SAVEPOINT rec_stmt"
                                 : "ROLLBACK TO SAVEPOINT rec_stmt; RELEASE SAVEPOINT rec_stmt"));
    if (rc != 0 && PQtransactionStatus(d->c) == PQTRANS_INTRANS)
        d->failed = false; /* the refused statement went with the savepoint */
}

static int pg_rec_get(struct db *db, const struct resource *res, int64_t id, struct arena *a,
                      struct record **out, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    /* master records from the cache (rcache.c), unless this transaction
    ** changed master data: then its own rows are read */
    uint64_t gen = store_conf_generation(db->st);
    if (!d->conf_dirty && (*out = pg_rc_find(d, gen, res, id, a)) != NULL)
        return 0;
    PGresult *r;
    int rc = pg_by_id(d, sql_for(res)->get, id, &r, err);
    if (rc != 0)
        return rc < 0 ? rc : record_not_found(res, err);
    *out = read_row(r, 0, 0, res, a);
    PQclear(r);
    if (!d->conf_dirty && store_conf_generation(db->st) == gen)
        pg_rc_put(d, gen, res, id, *out);
    return 0;
}

static int pg_rec_create(struct db *db, const struct resource *res, struct record *rec,
                         struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (check_refs(d, res, rec, 0, err) != 0)
        return err->kind;
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    for (size_t f = 0; f < res->n_fields; f++)
        if (!(res->fields[f].flags & FF_VIRTUAL))
            param_value(&p, &res->fields[f], &rec->v[f]);
    PGresult *r = NULL;
    bool g = guard(d);
    int rc = pg_q(d, sql_for(res)->insert, p.n, p.v, &r, err);
    unguard(d, g, rc);
    arena_free(a);
    if (rc != 0)
        return constraint_error(d, res, false, err);
    rec->id = pg_first_int(r);
    PQclear(r);
    return 0;
}

static int pg_rec_update(struct db *db, const struct resource *res, int64_t id,
                         const struct record *rec, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (check_refs(d, res, rec, id, err) != 0)
        return err->kind;
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    char sql[4096];
    int n = snprintf(sql, sizeof sql, "UPDATE %s SET updated_at = " NOW_ISO, res->table);
    for (size_t f = 0; f < res->n_fields; f++)
        if (rec->v[f].set && !(res->fields[f].flags & FF_VIRTUAL)) {
            param_value(&p, &res->fields[f], &rec->v[f]);
            n += snprintf(sql + n, sizeof sql - (size_t)n, ", %s = $%d", res->fields[f].name,
                          p.n);
        }
    pgp_int(&p, id);
    snprintf(sql + n, sizeof sql - (size_t)n, " WHERE id = $%d", p.n);
    PGresult *r = NULL;
    bool g = guard(d);
    int rc = pg_qt(d, sql, p.n, p.v, &r, err);
    unguard(d, g, rc);
    arena_free(a);
    if (rc != 0)
        return constraint_error(d, res, false, err);
    bool changed = atoll(PQcmdTuples(r)) > 0;
    PQclear(r);
    return changed ? 0 : record_not_found(res, err);
}

static int pg_rec_delete(struct db *db, const struct resource *res, int64_t id, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *params[] = {idt};
    int64_t changed = 0;
    bool g = guard(d);
    int rc = pg_exec(d, sql_for(res)->del, 1, params, &changed, err);
    unguard(d, g, rc);
    if (rc != 0)
        return constraint_error(d, res, true, err);
    return changed ? 0 : record_not_found(res, err);
}

/* The ORDER BY expression of column name: bytes order (SQLite's BINARY),
** lower() first for a NOCASE column, numbers as they are. */
static const char *sort_expr(struct arena *a, const struct resource *res, const char *name)
{
    int f = resource_field(res, name);
    if (f >= 0 && is_int_type(res->fields[f].type))
        return name;
    if (is_nocase(res, name))
        return arena_printf(a, "lower(%s) COLLATE \"C\"", name);
    return arena_printf(a, "%s COLLATE \"C\"", name);
}

static int pg_rec_list(struct db *db, const struct resource *res, const struct rec_query *q,
                       struct arena *a, struct record ***items, size_t *n, int64_t *total,
                       struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, a);
    char where[2048] = " WHERE true";
    size_t wn = strlen(where);
    if (q->q && *q->q) {
        pgp_text(&p, record_like_pattern(a, q->q));
        wn += (size_t)snprintf(where + wn, sizeof where - wn, " AND (false");
        for (size_t f = 0; f < res->n_fields; f++)
            if (res->fields[f].flags & FF_SEARCH)
                wn += (size_t)snprintf(where + wn, sizeof where - wn,
                                       " OR %s ILIKE $1 ESCAPE '\\'", res->fields[f].name);
        wn += (size_t)snprintf(where + wn, sizeof where - wn, ")");
    }
    for (size_t i = 0; i < q->n_filters && wn < sizeof where; i++) {
        const struct field *f = &res->fields[q->filters[i].field];
        if (q->filters[i].val.null) {
            wn += (size_t)snprintf(where + wn, sizeof where - wn, " AND %s IS NULL", f->name);
            continue;
        }
        param_value(&p, f, &q->filters[i].val);
        if (!is_int_type(f->type) && is_nocase(res, f->name))
            wn += (size_t)snprintf(where + wn, sizeof where - wn, " AND lower(%s) = lower($%d)",
                                   f->name, p.n);
        else
            wn += (size_t)snprintf(where + wn, sizeof where - wn, " AND %s = $%d", f->name,
                                   p.n);
    }
    int n_where = p.n; /* the parameters the WHERE uses */
    const char *sort = q->sort_field >= 0 ? res->fields[q->sort_field].name : res->default_sort;
    pgp_int(&p, q->per_page);
    pgp_int(&p, (q->page - 1) * q->per_page);
    /* SQLite puts NULLs first when ascending, last when descending */
    char *sql = arena_printf(a, "SELECT count(*) OVER (), %s FROM %s%s ORDER BY %s %s, id "
                                "LIMIT $%d OFFSET $%d",
                             sql_for(res)->cols, res->table, where, sort_expr(a, res, sort),
                             q->sort_desc ? "DESC NULLS LAST" : "ASC NULLS FIRST", p.n - 1, p.n);
    PGresult *r = NULL;
    if (pg_qt(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct record **out = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof *out);
    *total = rows ? pg_int(r, 0, 0) : 0;
    for (int i = 0; i < rows; i++)
        out[i] = read_row(r, i, 1, res, a);
    PQclear(r);
    if (rows == 0 && q->page > 1) {
        /* Past the last page: still report the total. */
        sql = arena_printf(a, "SELECT count(*) FROM %s%s", res->table, where);
        if (pg_qt(d, sql, n_where, p.v, &r, err) != 0)
            return err->kind;
        *total = pg_first_int(r);
        PQclear(r);
    }
    *items = out;
    *n = (size_t)rows;
    return 0;
}

/* ---- the driver's table ---- */

const struct store_record_ops pg_rec_ops = {
    .rec_list = pg_rec_list,
    .rec_get = pg_rec_get,
    .rec_create = pg_rec_create,
    .rec_update = pg_rec_update,
    .rec_delete = pg_rec_delete,
};
