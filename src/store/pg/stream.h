/* Walking a large result row by row: the exports and report walks hand
** each row to a callback and keep nothing, so a year of a million tickets
** runs in constant memory (pg_q keeps a whole result in the client). */
#ifndef LOKET_STORE_PG_STREAM_H
#define LOKET_STORE_PG_STREAM_H

#include "store/pg/pg.h"

/* One row of r, valid until the callback returns. Non-zero stops the walk
** and is returned as is. */
typedef int pg_row_fn(void *cls, const PGresult *r, int row);

/* Runs sql (built at run time, not kept prepared) with n text parameters
** through a cursor and calls fn for each row, in order. fn may run queries
** on the same connection. Outside a transaction the walk opens one (one
** snapshot for the whole walk) and ends it. */
int pg_stream(struct pg_db *d, const char *sql, int n, const char *const *params, pg_row_fn *fn,
              void *cls, struct err *err);

/* A text column as libpq holds it, NULL for SQL NULL (the SQLite walks'
** sqlite3_column_text). */
static inline const char *pg_cstr(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

#endif
