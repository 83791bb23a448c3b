/* The source half of `loket migrate-db` (store/dbcopy.h): reads a SQLite
** installation read-only, in one read transaction (a consistent snapshot
** even if something writes meanwhile), and turns each row into a line of
** PostgreSQL's COPY text format. The same line is what the checksum is
** computed over, so the escaping below must equal PostgreSQL's COPY TO
** output byte for byte (CopyAttributeOutText: \b \f \n \r \t \v and the
** backslash escaped, other bytes as they are). */
#include "store/dbcopy.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dbcopy_src {
    sqlite3 *db;
    char identity[512];
};

static int fail(struct dbcopy_src *s, struct err *err, const char *what)
{
    return err_set(err, ERR_STORE, "migrate.source", "sumber SQLite: %s: %s",
                   "SQLite source: %s: %s", what, s->db ? sqlite3_errmsg(s->db) : "no database");
}

int dbcopy_src_open(const char *path, struct dbcopy_src **out, struct err *err)
{
    struct dbcopy_src *s = calloc(1, sizeof *s);
    if (!s)
        return err_text(err, ERR_INTERNAL, "oom", "memori habis", "out of memory");
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, "BEGIN; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT group_concat(version || ':' || applied_at, ',') FROM"
                           " (SELECT version, applied_at FROM schema_migrations"
                           "  ORDER BY version LIMIT 3)",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        fail(s, err, path);
        sqlite3_finalize(st);
        dbcopy_src_close(s);
        return err->kind;
    }
    /* the times its first migrations ran identify the installation (a copy
    ** of the file moved elsewhere is still the same installation) */
    const unsigned char *v = sqlite3_column_text(st, 0);
    snprintf(s->identity, sizeof s->identity, "sqlite:%s", v ? (const char *)v : "empty");
    sqlite3_finalize(st);
    *out = s;
    return 0;
}

void dbcopy_src_close(struct dbcopy_src *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    free(s);
}

const char *dbcopy_src_identity(struct dbcopy_src *s) { return s->identity; }

static int64_t pragma_int(struct dbcopy_src *s, const char *sql, const char *a, const char *b)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return n;
}

int dbcopy_src_has(struct dbcopy_src *s, const char *table, const char *col)
{
    return (int)pragma_int(s, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
                           table, col);
}

int dbcopy_src_ncols(struct dbcopy_src *s, const char *table)
{
    return (int)pragma_int(s, "SELECT count(*) FROM pragma_table_info(?1)", table, NULL);
}

int64_t dbcopy_src_count(struct dbcopy_src *s, const char *table, struct err *err)
{
    char sql[256];
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        fail(s, err, table);
        return -1;
    }
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (n < 0)
        fail(s, err, table);
    return n;
}

int64_t dbcopy_src_seq(struct dbcopy_src *s, const char *table)
{
    /* 0 also when no table uses AUTOINCREMENT (no sqlite_sequence) */
    return pragma_int(s, "SELECT seq FROM sqlite_sequence WHERE name = ?1", table, NULL);
}

struct line {
    char *b;
    size_t n, cap;
};

static int grow(struct line *l, size_t more)
{
    if (l->n + more <= l->cap)
        return 0;
    size_t cap = l->cap ? l->cap : 1024;
    while (cap < l->n + more)
        cap *= 2;
    char *b = realloc(l->b, cap);
    if (!b)
        return -1;
    l->b = b;
    l->cap = cap;
    return 0;
}

/* One text value, escaped as COPY TO writes it. */
static int put_text(struct line *l, const unsigned char *p, size_t n)
{
    if (grow(l, 2 * n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char e = 0;
        switch (p[i]) {
        case '\\': e = '\\'; break;
        case '\b': e = 'b'; break;
        case '\f': e = 'f'; break;
        case '\n': e = 'n'; break;
        case '\r': e = 'r'; break;
        case '\t': e = 't'; break;
        case '\v': e = 'v'; break;
        }
        if (e) {
            l->b[l->n++] = '\\';
            l->b[l->n++] = e;
        } else {
            l->b[l->n++] = (char)p[i];
        }
    }
    return 0;
}

/* A REAL as PostgreSQL prints a double: the shortest form that reads back
** to the same value. */
static void put_double(char *buf, size_t n, double v)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

int dbcopy_src_rows(struct dbcopy_src *s, const char *table, char **cols, int ncols,
                    dbcopy_emit emit, void *ctx, struct err *err)
{
    size_t len = 64;
    for (int i = 0; i < ncols; i++)
        len += strlen(cols[i]) + 4;
    char *sql = malloc(len + strlen(table));
    if (!sql)
        return err_text(err, ERR_INTERNAL, "oom", "memori habis", "out of memory");
    char *p = sql + sprintf(sql, "SELECT ");
    for (int i = 0; i < ncols; i++)
        p += sprintf(p, "%s\"%s\"", i ? "," : "", cols[i]);
    sprintf(p, " FROM \"%s\"", table);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        free(sql);
        return fail(s, err, table);
    }
    free(sql);
    struct line l = {0};
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        l.n = 0;
        for (int i = 0; i < ncols && rc == 0; i++) {
            char num[64];
            if (i && grow(&l, 1) == 0)
                l.b[l.n++] = '\t';
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_NULL:
                rc = grow(&l, 2) ? -1 : 0;
                if (rc == 0) {
                    memcpy(l.b + l.n, "\\N", 2);
                    l.n += 2;
                }
                break;
            case SQLITE_INTEGER:
                snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, i));
                rc = put_text(&l, (const unsigned char *)num, strlen(num));
                break;
            case SQLITE_FLOAT:
                put_double(num, sizeof num, sqlite3_column_double(st, i));
                rc = put_text(&l, (const unsigned char *)num, strlen(num));
                break;
            case SQLITE_BLOB: {
                /* bytea's text form \x<hex>, its backslash escaped by COPY */
                const unsigned char *b = sqlite3_column_blob(st, i);
                int n = sqlite3_column_bytes(st, i);
                rc = grow(&l, 3 + 2 * (size_t)n) ? -1 : 0;
                if (rc == 0) {
                    static const char hex[] = "0123456789abcdef";
                    memcpy(l.b + l.n, "\\\\x", 3);
                    l.n += 3;
                    for (int k = 0; k < n; k++) {
                        l.b[l.n++] = hex[b[k] >> 4];
                        l.b[l.n++] = hex[b[k] & 15];
                    }
                }
                break;
            }
            default:
                rc = put_text(&l, sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
            }
        }
        if (rc != 0) {
            err_text(err, ERR_INTERNAL, "oom", "memori habis", "out of memory");
            break;
        }
        if (grow(&l, 1) != 0) {
            rc = err_text(err, ERR_INTERNAL, "oom", "memori habis", "out of memory");
            break;
        }
        l.b[l.n++] = '\n';
        rc = emit(ctx, l.b, l.n, err);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = fail(s, err, table);
    sqlite3_finalize(st);
    free(l.b);
    return rc;
}
