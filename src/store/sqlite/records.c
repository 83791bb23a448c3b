/* Generic CRUD for master-data resources (core/resource.h). SQL text is
** assembled only from the static field tables; every value is bound. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"
#include "store/sqlite/rows.h"
#include "core/arena.h"
#include "core/die.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_RES = 32 };

/* Per-resource statements built once; their addresses key the statement cache. */
struct res_sql {
    const struct resource *res;
    char *cols;   /* "id, name, ..., created_at, updated_at" */
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
        for (size_t f = 0; f < res->n_fields; f++) {
            if (res->fields[f].flags & FF_VIRTUAL)
                continue;
            size_t n = strlen(cols);
            snprintf(cols + n, sizeof cols - n, ", %s", res->fields[f].name);
            n = strlen(ins_cols);
            snprintf(ins_cols + n, sizeof ins_cols - n, "%s, ", res->fields[f].name);
            n = strlen(ins_q);
            snprintf(ins_q + n, sizeof ins_q - n, "?, ");
        }
        s->res = res;
        s->cols = xprintf("%s, created_at, updated_at", cols);
        s->get = xprintf("SELECT %s FROM %s WHERE id = ?", s->cols, res->table);
        s->insert = xprintf("INSERT INTO %s (%screated_at, updated_at) VALUES (%s"
                            "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now'), "
                            "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now'))",
                            res->table, ins_cols, ins_q);
        s->del = xprintf("DELETE FROM %s WHERE id = ?", res->table);
        s->exists = xprintf("SELECT 1 FROM %s WHERE id = ?", res->table);
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

static bool is_int_type(enum ftype t)
{
    return t == FT_INT || t == FT_BOOL || t == FT_REF;
}

static void bind_value(sqlite3_stmt *st, int idx, const struct field *f, const struct value *v)
{
    if (!v->set || v->null)
        sqlite3_bind_null(st, idx);
    else if (is_int_type(f->type))
        sqlite3_bind_int64(st, idx, v->i);
    else
        sq_bind_text(st, idx, v->s);
}

/* Columns from `first`: id, the stored fields in table order, created_at, updated_at. */
static struct record *read_row(sqlite3_stmt *st, int first, const struct resource *res,
                               struct arena *a)
{
    struct record *r = record_new(a, res);
    int col = first;
    r->id = sqlite3_column_int64(st, col++);
    for (size_t f = 0; f < res->n_fields; f++) {
        if (res->fields[f].flags & FF_VIRTUAL)
            continue;
        struct value *v = &r->v[f];
        v->set = true;
        v->null = sqlite3_column_type(st, col) == SQLITE_NULL;
        if (!v->null) {
            if (is_int_type(res->fields[f].type))
                v->i = sqlite3_column_int64(st, col);
            else
                v->s = sq_text(a, st, col);
        }
        col++;
    }
    r->created_at = sq_text(a, st, col);
    r->updated_at = sq_text(a, st, col + 1);
    return r;
}

/* Constraint failures become 409 with the offending field named. */
static int constraint_error(struct sq_db *d, const struct resource *res, int rc,
                            struct err *err)
{
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        const char *m = sqlite3_errmsg(d->h), *dot = strchr(m, '.');
        char field[48] = "";
        if (dot)
            sscanf(dot + 1, "%47[a-z_]", field);
        return record_duplicate(res, field, err);
    }
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return record_referenced(res, err);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return record_rule_broken(sqlite3_errmsg(d->h), err);
    return sq_error(d, rc, err);
}

/* A parent link that would lead back to self_id (a unit made the child of
** its own descendant) turns the tree into a loop: walk up from the new parent. */
static bool creates_cycle(struct sq_db *d, const struct resource *res, const char *field,
                          int64_t parent, int64_t self_id, struct err *err)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?", field, res->table);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    for (int depth = 0; st && parent && depth < 1000; depth++) {
        if (parent == self_id)
            return true;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, parent);
        parent = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    }
    if (st)
        sqlite3_reset(st);
    return parent != 0; /* deeper than 1000: treat as a loop */
}

/* Referenced rows must exist: a clear 422 naming the field beats a bare FK error. */
static int check_refs(struct sq_db *d, const struct resource *res, const struct record *r,
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
        if (target == res && self_id && creates_cycle(d, res, fd->name, v->i, self_id, err)) {
            err_field(err, fd->name, "tidak boleh menunjuk dirinya sendiri atau turunannya",
                      "cannot point to itself or to one of its descendants");
            continue;
        }
        sqlite3_stmt *st = sq_prepare(d, sql_for(target)->exists, err);
        if (!st)
            return err->kind;
        sqlite3_bind_int64(st, 1, v->i);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
            err_field(err, fd->name, "tidak ditemukan", "does not exist");
    }
    if (err->n_fields > before)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

/* ---- the record cache --------------------------------------------------
** Creating a ticket reads its service, priority, SLA policy and calendar;
** these rarely change, so each connection keeps the ones it read last,
** valid while the store's conf_generation stands (a master-data commit by
** this process moves it) and for at most two seconds (other processes). */

enum { RC_SLOTS = 64, RC_MAX_FILLS = 512, RC_TTL_NS = 2000000000 };

static void rc_reset(struct sq_db *d, uint64_t gen, uint64_t now)
{
    if (d->rc_arena)
        arena_free(d->rc_arena);
    d->rc_arena = arena_new();
    memset(d->rc, 0, sizeof d->rc);
    d->rc_gen = gen;
    d->rc_born_ns = now;
    d->rc_used = 0;
}

void sq_rc_free(struct sq_db *d)
{
    if (d->rc_arena)
        arena_free(d->rc_arena);
    d->rc_arena = NULL;
}

static int rec_fetch(struct sq_db *d, const struct resource *res, int64_t id, struct arena *a,
                     struct record **out, struct err *err)
{
    sqlite3_stmt *st = sq_prepare(d, sql_for(res)->get, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = read_row(st, 0, res, a);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return record_not_found(res, err);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_rec_get(struct db *db, const struct resource *res, int64_t id, struct arena *a,
               struct record **out, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    if (d->conf_dirty) /* this transaction changed master data: read it */
        return rec_fetch(d, res, id, a, out, err);
    uint64_t gen = store_conf_generation(db->st), now = time_mono_ns();
    if (!d->rc_arena || gen != d->rc_gen || now - d->rc_born_ns > RC_TTL_NS ||
        d->rc_used >= RC_MAX_FILLS)
        rc_reset(d, gen, now);
    struct sq_rec_slot *s = &d->rc[((uintptr_t)res / 64 + (uint64_t)id) % RC_SLOTS];
    if (s->r && s->res == res && s->id == id) {
        *out = record_copy(res, s->r, a);
        return 0;
    }
    int rc = rec_fetch(d, res, id, a, out, err);
    if (rc == 0 && store_conf_generation(db->st) == gen) {
        *s = (struct sq_rec_slot){res, id, record_copy(res, *out, d->rc_arena)};
        d->rc_used++;
    }
    return rc;
}

int sq_rec_create(struct db *db, const struct resource *res, struct record *r,
                  struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    if (check_refs(d, res, r, 0, err) != 0)
        return err->kind;
    sqlite3_stmt *st = sq_prepare(d, sql_for(res)->insert, err);
    if (!st)
        return err->kind;
    int idx = 1;
    for (size_t f = 0; f < res->n_fields; f++)
        if (!(res->fields[f].flags & FF_VIRTUAL))
            bind_value(st, idx++, &res->fields[f], &r->v[f]);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return constraint_error(d, res, sqlite3_extended_errcode(d->h), err);
    r->id = sqlite3_last_insert_rowid(d->h);
    return 0;
}

int sq_rec_update(struct db *db, const struct resource *res, int64_t id,
                  const struct record *r, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    if (check_refs(d, res, r, id, err) != 0)
        return err->kind;
    char sql[4096];
    int n = snprintf(sql, sizeof sql, "UPDATE %s SET updated_at = "
                                      "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now')",
                     res->table);
    for (size_t f = 0; f < res->n_fields; f++)
        if (r->v[f].set && !(res->fields[f].flags & FF_VIRTUAL))
            n += snprintf(sql + n, sizeof sql - (size_t)n, ", %s = ?", res->fields[f].name);
    snprintf(sql + n, sizeof sql - (size_t)n, " WHERE id = ?");
    sqlite3_stmt *st;
    sq_snap_end(d); /* a write */
    int rc = sqlite3_prepare_v2(d->h, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sq_error(d, rc, err);
    int idx = 1;
    for (size_t f = 0; f < res->n_fields; f++)
        if (r->v[f].set && !(res->fields[f].flags & FF_VIRTUAL))
            bind_value(st, idx++, &res->fields[f], &r->v[f]);
    sqlite3_bind_int64(st, idx, id);
    rc = sqlite3_step(st);
    int ext = sqlite3_extended_errcode(d->h);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return constraint_error(d, res, ext, err);
    if (sqlite3_changes(d->h) == 0)
        return record_not_found(res, err);
    return 0;
}

int sq_rec_delete(struct db *db, const struct resource *res, int64_t id, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql_for(res)->del, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int ext = sqlite3_extended_errcode(d->h);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return constraint_error(d, res, ext, err);
    if (sqlite3_changes(d->h) == 0)
        return record_not_found(res, err);
    return 0;
}

int sq_rec_list(struct db *db, const struct resource *res, const struct rec_query *q,
                struct arena *a, struct record ***items, size_t *n, int64_t *total,
                struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    char where[2048] = " WHERE 1";
    size_t wn = strlen(where);
    const char *pat = NULL;
    if (q->q && *q->q) {
        pat = record_like_pattern(a, q->q);
        wn += (size_t)snprintf(where + wn, sizeof where - wn, " AND (0");
        for (size_t f = 0; f < res->n_fields; f++)
            if (res->fields[f].flags & FF_SEARCH)
                wn += (size_t)snprintf(where + wn, sizeof where - wn,
                                       " OR %s LIKE ?1 ESCAPE '\\'", res->fields[f].name);
        wn += (size_t)snprintf(where + wn, sizeof where - wn, ")");
    }
    for (size_t i = 0; i < q->n_filters; i++) {
        const struct field *f = &res->fields[q->filters[i].field];
        if (q->filters[i].val.null)
            wn += (size_t)snprintf(where + wn, sizeof where - wn, " AND %s IS NULL", f->name);
        else
            wn += (size_t)snprintf(where + wn, sizeof where - wn, " AND %s = ?%zu", f->name,
                                   i + 2);
    }
    const char *sort = q->sort_field >= 0 ? res->fields[q->sort_field].name : res->default_sort;
    char sql[4096];
    snprintf(sql, sizeof sql, "SELECT count(*) OVER (), %s FROM %s%s ORDER BY %s %s, id "
                              "LIMIT ?%zu OFFSET ?%zu",
             sql_for(res)->cols, res->table, where, sort, q->sort_desc ? "DESC" : "ASC",
             q->n_filters + 2, q->n_filters + 3);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    int rc;
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, pat);
    for (size_t i = 0; i < q->n_filters; i++)
        if (!q->filters[i].val.null)
            bind_value(st, (int)i + 2, &res->fields[q->filters[i].field], &q->filters[i].val);
    sqlite3_bind_int64(st, (int)q->n_filters + 2, q->per_page);
    sqlite3_bind_int64(st, (int)q->n_filters + 3, (q->page - 1) * q->per_page);

    size_t cap = 16, count = 0;
    struct record **out = arena_alloc(a, cap * sizeof *out);
    *total = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *total = sqlite3_column_int64(st, 0);
        if (count == cap) {
            struct record **bigger = sq_rows_grow(a, out, count, &cap, sizeof *out);
            if (!bigger)
                return sq_rows_too_many(st, err);
            out = bigger;
        }
        struct record *r = read_row(st, 1, res, a);
        out[count++] = r;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    if (count == 0 && q->page > 1) {
        /* Past the last page: still report the total. */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s%s", res->table, where);
        if (sqlite3_prepare_v2(d->h, sql, -1, &st, NULL) == SQLITE_OK) {
            sq_bind_text(st, 1, pat);
            for (size_t i = 0; i < q->n_filters; i++)
                if (!q->filters[i].val.null)
                    bind_value(st, (int)i + 2, &res->fields[q->filters[i].field],
                               &q->filters[i].val);
            if (sqlite3_step(st) == SQLITE_ROW)
                *total = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    *items = out;
    *n = count;
    return 0;
}
