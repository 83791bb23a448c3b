/* `loket migrate-db` (issue #19 item 4): copying a SQLite installation into
** a PostgreSQL database. Not part of the storage interface a server uses: a
** small interface of its own, one half in each driver, so SQLite is read
** only in store/sqlite/dbcopy.c and libpq used only in store/pg/dbcopy.c.
** Rows travel between them as lines of PostgreSQL's COPY text format
** (values tab-separated, \N for NULL, bytea as \\x hex, a newline at the
** end): the format COPY FROM STDIN reads, and also the canonical text form
** both sides' rows are checksummed over (store/dbcopy.c). */
#ifndef LOKET_STORE_DBCOPY_H
#define LOKET_STORE_DBCOPY_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

/* Receives one row as a COPY text line (len includes the newline). */
typedef int (*dbcopy_emit)(void *ctx, const char *line, size_t len, struct err *err);

/* ---- the source: a SQLite file, read-only, one snapshot (store/sqlite/dbcopy.c) ---- */
struct dbcopy_src;
int dbcopy_src_open(const char *path, struct dbcopy_src **out, struct err *err);
void dbcopy_src_close(struct dbcopy_src *s);
/* Which installation this is: stable across runs (its first migrations'
** times and its path), so a re-run finds the marker it left. */
const char *dbcopy_src_identity(struct dbcopy_src *s);
/* 1 when table has column col, 0 when the table or the column is missing. */
int dbcopy_src_has(struct dbcopy_src *s, const char *table, const char *col);
/* The number of columns table has (0: no such table). */
int dbcopy_src_ncols(struct dbcopy_src *s, const char *table);
int64_t dbcopy_src_count(struct dbcopy_src *s, const char *table, struct err *err);
/* Every row of table, the columns cols in that order. */
int dbcopy_src_rows(struct dbcopy_src *s, const char *table, char **cols, int ncols,
                    dbcopy_emit emit, void *ctx, struct err *err);
/* AUTOINCREMENT's high-water mark (sqlite_sequence), 0 when none. */
int64_t dbcopy_src_seq(struct dbcopy_src *s, const char *table);

/* ---- the target: a PostgreSQL database (store/pg/dbcopy.c) ---- */
struct dbcopy_dst;
/* Connects and applies the PostgreSQL migrations. */
int dbcopy_dst_open(const char *url, struct dbcopy_dst **out, struct err *err);
void dbcopy_dst_close(struct dbcopy_dst *d);
/* url without its password, for messages (pg_url_safe); malloc'd */
char *dbcopy_url_safe(const char *url);
/* The tables to copy, parents before children (foreign keys), with their
** columns in order; everything but schema_migrations, the search rows
** (rebuilt) and the copy marker. Arrays live as long as d. */
struct dbcopy_table {
    char *name;
    char **cols;
    int ncols;
};
int dbcopy_dst_tables(struct dbcopy_dst *d, struct dbcopy_table **out, int *n,
                      struct err *err);
/* The copy marker (table migrate_db_copy): *source "" when there is none;
** state "copying" or "complete". */
int dbcopy_dst_marker(struct dbcopy_dst *d, char *source, size_t ns, char *state, size_t nst,
                      struct err *err);
/* 1 when table tbl of this source is marked copied. */
int dbcopy_dst_done(struct dbcopy_dst *d, const char *source, const char *tbl, struct err *err);
/* A table of an installation's own data (users, tickets) that holds rows:
** its name, or NULL when the database holds only what migrations seed. */
const char *dbcopy_dst_foreign(struct dbcopy_dst *d, struct err *err);
/* Starts the copy of source: marker written, every table in tables emptied
** (the migrations' seed rows go: the source's rows replace them). */
int dbcopy_dst_start(struct dbcopy_dst *d, const char *source, struct dbcopy_table *t, int n,
                     struct err *err);
/* One table in one transaction: begin (triggers off, COPY FROM STDIN),
** put lines, end (COPY ends, triggers on, the table marked, commit). */
int dbcopy_dst_begin(struct dbcopy_dst *d, const struct dbcopy_table *t, struct err *err);
int dbcopy_dst_put(struct dbcopy_dst *d, const char *buf, size_t len, struct err *err);
int dbcopy_dst_end(struct dbcopy_dst *d, const char *source, const struct dbcopy_table *t,
                   int64_t rows, struct err *err);
/* Every row of a table as COPY text lines (COPY ... TO STDOUT). */
int dbcopy_dst_rows(struct dbcopy_dst *d, const struct dbcopy_table *t, dbcopy_emit emit,
                    void *ctx, struct err *err);
/* After the last table: each identity sequence past max(id) (and past
** seq(table) when the source's AUTOINCREMENT went further), the search rows
** rebuilt, the marker "complete". */
int dbcopy_dst_finish(struct dbcopy_dst *d, const char *source, struct dbcopy_table *t, int n,
                      const int64_t *seq, struct err *err);

/* ---- the whole copy (store/dbcopy.c) ---- */
struct dbcopy_progress {
    const char *table;
    int64_t done, total;       /* this table */
    int64_t all_done, all_total;
    const char *phase;         /* "copy", "verify", "search" */
};
struct dbcopy_opts {
    const char *from, *to;
    void (*progress)(const struct dbcopy_progress *p);
    /* prints the verification table */
    void (*verified)(const char *table, int64_t src_rows, int64_t dst_rows,
                     uint64_t src_sum, uint64_t dst_sum, const char *note);
    int stop_after; /* test hook: exit(3) after that many tables (0: never) */
};
/* 0 copied (or already complete) and verified; 1 verification failed
** (err names the tables); <0 an error. *resumed / *skipped tell the caller
** what the run did. */
int dbcopy_run(const struct dbcopy_opts *o, int *tables_copied, int *was_complete,
               struct err *err);

#endif
