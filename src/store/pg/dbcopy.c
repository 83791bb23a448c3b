/* The target half of `loket migrate-db` (store/dbcopy.h): the PostgreSQL
** database, migrated first, then filled table by table with COPY FROM
** STDIN, each table in one transaction that also marks it copied in
** migrate_db_copy, so an interrupted copy resumes at the first table not
** marked. Triggers are switched off inside that transaction only
** (ALTER TABLE ... DISABLE TRIGGER USER takes the table's exclusive lock
** and is undone by a rollback): the rows the triggers keep (report_daily,
** FAQ vote counts) are copied as they are instead of counted twice, and
** the search rows are rebuilt at the end (pg_search_rebuild). */
#include "store/dbcopy.h"
#include "store/pg/pg.h"
#include "store/pg/scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dbcopy_dst {
    struct store *st;
    struct db *db;
    struct pg_db *d;
    struct dbcopy_table *t;
    int n;
};

static const char marker_sql[] =
    "CREATE TABLE IF NOT EXISTS migrate_db_copy ("
    " source text NOT NULL, tbl text NOT NULL, state text NOT NULL,"
    " rows bigint NOT NULL DEFAULT 0, at bigint NOT NULL,"
    " PRIMARY KEY (source, tbl))";

/* Runs sql (no parameters, nothing read). */
static int run(struct dbcopy_dst *d, const char *sql, struct err *err)
{
    return pg_qt(d->d, sql, 0, NULL, NULL, err);
}

int dbcopy_dst_open(const char *url, struct dbcopy_dst **out, struct err *err)
{
    struct dbcopy_dst *d = calloc(1, sizeof *d);
    int applied = 0;
    if (!d)
        return err_text(err, ERR_INTERNAL, "oom", "memori habis", "out of memory");
    if (store_open(url, &d->st, err) != 0) {
        free(d);
        return err->kind;
    }
    if ((d->db = store_acquire(d->st, err)))
        d->d = (struct pg_db *)d->db;
    if (!d->db || db_migrate(d->db, &applied, err) != 0 || run(d, marker_sql, err) != 0) {
        dbcopy_dst_close(d);
        return err->kind;
    }
    *out = d;
    return 0;
}

char *dbcopy_url_safe(const char *url) { return pg_url_safe(url); }

void dbcopy_dst_close(struct dbcopy_dst *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n; i++) {
        for (int k = 0; k < d->t[i].ncols; k++)
            free(d->t[i].cols[k]);
        free(d->t[i].cols);
        free(d->t[i].name);
    }
    free(d->t);
    if (d->db)
        store_release(d->db);
    if (d->st)
        store_close(d->st);
    free(d);
}

int dbcopy_dst_tables(struct dbcopy_dst *d, struct dbcopy_table **out, int *n, struct err *err)
{
    /* the tables and their columns in order; then the foreign keys between
    ** them for the order of the copy */
    static const char cols_sql[] =
        "SELECT c.relname, a.attname FROM pg_class c"
        " JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = current_schema()"
        " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
        " WHERE c.relkind IN ('r', 'p')"
        "   AND c.relname NOT IN ('schema_migrations', 'migrate_db_copy', 'ticket_search')"
        " ORDER BY c.relname, a.attnum";
    static const char fk_sql[] =
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c"
        " WHERE c.contype = 'f' AND c.conrelid <> c.confrelid";
    PGresult *r = NULL, *f = NULL;
    if (pg_qt(d->d, cols_sql, 0, NULL, &r, err) != 0)
        return err->kind;
    if (pg_qt(d->d, fk_sql, 0, NULL, &f, err) != 0) {
        PQclear(r);
        return err->kind;
    }
    int rows = PQntuples(r), nt = 0;
    struct dbcopy_table *t = calloc((size_t)rows + 1, sizeof *t);
    for (int i = 0; i < rows; i++) {
        const char *name = PQgetvalue(r, i, 0);
        if (!nt || strcmp(t[nt - 1].name, name) != 0) {
            t[nt].name = strdup(name);
            t[nt].cols = calloc((size_t)rows, sizeof(char *));
            nt++;
        }
        struct dbcopy_table *x = &t[nt - 1];
        x->cols[x->ncols++] = strdup(PQgetvalue(r, i, 1));
    }
    /* parents first: repeatedly take a table none of whose parents is left */
    struct dbcopy_table *sorted = calloc((size_t)nt + 1, sizeof *sorted);
    char *taken = calloc((size_t)nt + 1, 1);
    int ns = 0;
    while (ns < nt) {
        int progress = 0;
        for (int i = 0; i < nt; i++) {
            if (taken[i])
                continue;
            int ready = 1;
            for (int k = 0; k < PQntuples(f) && ready; k++) {
                if (strcmp(PQgetvalue(f, k, 0), t[i].name) != 0)
                    continue;
                for (int j = 0; j < nt; j++)
                    if (!taken[j] && j != i && strcmp(t[j].name, PQgetvalue(f, k, 1)) == 0)
                        ready = 0;
            }
            if (ready) {
                sorted[ns++] = t[i];
                taken[i] = 1;
                progress = 1;
            }
        }
        if (!progress) {
            /* a cycle of foreign keys: the schema has none today */
            for (int i = 0; i < nt; i++)
                if (!taken[i])
                    sorted[ns++] = t[i];
        }
    }
    free(taken);
    free(t);
    PQclear(r);
    PQclear(f);
    d->t = sorted;
    d->n = nt;
    *out = sorted;
    *n = nt;
    return 0;
}

int dbcopy_dst_marker(struct dbcopy_dst *d, char *source, size_t ns, char *state, size_t nst,
                      struct err *err)
{
    PGresult *r;
    source[0] = state[0] = 0;
    if (pg_qt(d->d, "SELECT source, state FROM migrate_db_copy WHERE tbl = '' LIMIT 1", 0, NULL,
              &r, err) != 0)
        return err->kind;
    if (PQntuples(r)) {
        snprintf(source, ns, "%s", PQgetvalue(r, 0, 0));
        snprintf(state, nst, "%s", PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    return 0;
}

int dbcopy_dst_done(struct dbcopy_dst *d, const char *source, const char *tbl, struct err *err)
{
    PGresult *r;
    const char *p[] = {source, tbl};
    if (pg_qt(d->d, "SELECT 1 FROM migrate_db_copy WHERE source = $1 AND tbl = $2", 2, p, &r,
              err) != 0)
        return err->kind;
    int done = PQntuples(r) > 0;
    PQclear(r);
    return done;
}

const char *dbcopy_dst_foreign(struct dbcopy_dst *d, struct err *err)
{
    /* rows no migration seeds: someone's accounts, tickets or mail */
    static const char *const own[] = {"users", "tickets", "ticket_events", "sessions", NULL};
    for (int i = 0; own[i]; i++) {
        char sql[128];
        PGresult *r;
        snprintf(sql, sizeof sql, "SELECT 1 FROM %s LIMIT 1", own[i]);
        if (pg_qt(d->d, sql, 0, NULL, &r, err) != 0)
            return NULL;
        int any = PQntuples(r) > 0;
        PQclear(r);
        if (any)
            return own[i];
    }
    return NULL;
}

/* "name" quoted for SQL (names come from the catalog: no quote inside) */
static void quoted_list(char *buf, size_t n, const struct dbcopy_table *t)
{
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < t->ncols && o < n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s\"%s\"", i ? "," : "", t->cols[i]);
}

int dbcopy_dst_start(struct dbcopy_dst *d, const char *source, struct dbcopy_table *t, int n,
                     struct err *err)
{
    size_t len = 64;
    for (int i = 0; i < n; i++)
        len += strlen(t[i].name) + 4;
    char *sql = malloc(len);
    char *p = sql + sprintf(sql, "TRUNCATE ");
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s\"%s\"", i ? "," : "", t[i].name);
    sprintf(p, " RESTART IDENTITY CASCADE"); /* ticket_search goes too */
    const char *par[] = {source};
    int rc = run(d, "BEGIN", err);
    if (rc == 0)
        rc = run(d, "DELETE FROM migrate_db_copy", err);
    if (rc == 0)
        rc = run(d, sql, err);
    if (rc == 0)
        rc = pg_qt(d->d,
                   "INSERT INTO migrate_db_copy (source, tbl, state, at)"
                   " VALUES ($1, '', 'copying', extract(epoch FROM now())::bigint)",
                   1, par, NULL, err);
    free(sql);
    if (rc == 0)
        return run(d, "COMMIT", err);
    struct err e2 = {0};
    run(d, "ROLLBACK", &e2);
    return rc;
}

static int copy_error(struct dbcopy_dst *d, const char *table, struct err *err)
{
    return err_set(err, ERR_STORE, "migrate.copy", "salinan %s: %s", "copy of %s: %s", table,
                   PQerrorMessage(d->d->c));
}

int dbcopy_dst_begin(struct dbcopy_dst *d, const struct dbcopy_table *t, struct err *err)
{
    char sql[8192], cols[7000];
    quoted_list(cols, sizeof cols, t);
    int rc = run(d, "BEGIN", err);
    snprintf(sql, sizeof sql, "ALTER TABLE \"%s\" DISABLE TRIGGER USER", t->name);
    if (rc == 0)
        rc = run(d, sql, err);
    if (rc != 0)
        return rc;
    snprintf(sql, sizeof sql, "COPY \"%s\" (%s) FROM STDIN", t->name, cols);
    PGresult *r = PQexec(d->d->c, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        PQclear(r);
        copy_error(d, t->name, err);
        run(d, "ROLLBACK", &(struct err){0});
        return err->kind;
    }
    PQclear(r);
    return 0;
}

int dbcopy_dst_put(struct dbcopy_dst *d, const char *buf, size_t len, struct err *err)
{
    if (PQputCopyData(d->d->c, buf, (int)len) != 1)
        return err_set(err, ERR_STORE, "migrate.copy", "salinan: %s", "copy: %s",
                       PQerrorMessage(d->d->c));
    return 0;
}

int dbcopy_dst_end(struct dbcopy_dst *d, const char *source, const struct dbcopy_table *t,
                   int64_t rows, struct err *err)
{
    /* rows < 0: the source failed; the COPY is aborted, nothing kept */
    int ok = PQputCopyEnd(d->d->c, rows < 0 ? "source failed" : NULL) == 1 && rows >= 0;
    PGresult *r;
    while ((r = PQgetResult(d->d->c))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            ok = 0;
        if (!ok && !err->code[0])
            copy_error(d, t->name, err);
        PQclear(r);
    }
    if (!ok) {
        if (!err->code[0])
            copy_error(d, t->name, err);
        run(d, "ROLLBACK", &(struct err){0});
        return err->kind;
    }
    char sql[512], n[32];
    snprintf(sql, sizeof sql, "ALTER TABLE \"%s\" ENABLE TRIGGER USER", t->name);
    snprintf(n, sizeof n, "%lld", (long long)rows);
    const char *p[] = {source, t->name, n};
    int rc = run(d, sql, err);
    if (rc == 0)
        rc = pg_qt(d->d,
                   "INSERT INTO migrate_db_copy (source, tbl, state, rows, at)"
                   " VALUES ($1, $2, 'copied', $3::bigint, extract(epoch FROM now())::bigint)",
                   3, p, NULL, err);
    if (rc == 0)
        return run(d, "COMMIT", err);
    run(d, "ROLLBACK", &(struct err){0});
    return rc;
}

int dbcopy_dst_rows(struct dbcopy_dst *d, const struct dbcopy_table *t, dbcopy_emit emit,
                    void *ctx, struct err *err)
{
    char sql[8192], cols[7000];
    quoted_list(cols, sizeof cols, t);
    snprintf(sql, sizeof sql, "COPY (SELECT %s FROM \"%s\") TO STDOUT", cols, t->name);
    PGresult *r = PQexec(d->d->c, sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
        PQclear(r);
        return copy_error(d, t->name, err);
    }
    PQclear(r);
    char *buf;
    int len, rc = 0;
    while ((len = PQgetCopyData(d->d->c, &buf, 0)) > 0) {
        if (rc == 0)
            rc = emit(ctx, buf, (size_t)len, err);
        PQfreemem(buf);
    }
    int ok = len == -1;
    while ((r = PQgetResult(d->d->c))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            ok = 0;
        PQclear(r);
    }
    if (rc == 0 && !ok)
        rc = copy_error(d, t->name, err);
    return rc;
}

int dbcopy_dst_finish(struct dbcopy_dst *d, const char *source, struct dbcopy_table *t, int n,
                      const int64_t *seq, struct err *err)
{
    /* identities: past the largest id copied (and past what SQLite's
    ** AUTOINCREMENT handed out, so an id is never given twice) */
    static const char ident_sql[] =
        "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = $1::regclass"
        " AND a.attidentity <> '' AND NOT a.attisdropped";
    int rc = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        PGresult *r;
        char q[256];
        snprintf(q, sizeof q, "\"%s\"", t[i].name);
        const char *p[] = {q};
        if ((rc = pg_qt(d->d, ident_sql, 1, p, &r, err)) != 0)
            break;
        for (int k = 0; rc == 0 && k < PQntuples(r); k++) {
            char sql[1024], s[32];
            const char *col = PQgetvalue(r, k, 0);
            snprintf(s, sizeof s, "%lld", (long long)seq[i]);
            const char *sp[] = {s};
            snprintf(sql, sizeof sql,
                     "SELECT setval(pg_get_serial_sequence('%s', '%s'),"
                     " greatest(coalesce((SELECT max(\"%s\") FROM %s), 0), $1::bigint, 1),"
                     " coalesce((SELECT max(\"%s\") FROM %s), 0) > 0 OR $1::bigint > 0)",
                     q, col, col, q, col, q);
            rc = pg_qt(d->d, sql, 1, sp, NULL, err);
        }
        PQclear(r);
    }
    if (rc == 0)
        rc = pg_search_rebuild(d->d, NULL, err);
    const char *p[] = {source};
    if (rc == 0)
        rc = pg_qt(d->d, "UPDATE migrate_db_copy SET state = 'complete' WHERE source = $1 AND tbl = ''",
                   1, p, NULL, err);
    return rc;
}
