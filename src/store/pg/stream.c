/* Row-by-row results (stream.h) through a cursor: FETCH a few hundred rows
** at a time, so the client holds one batch however large the result, and
** between batches the connection is free for the callback's own queries
** (the export of timelines reads each ticket's events on the same
** connection, as SQLite allows in the middle of a statement; libpq's
** single-row mode would keep the connection busy until the last row). A
** cursor lives in a transaction: the caller's, or one of its own. */
#include "store/pg/stream.h"
#include "core/arena.h"

#include <stdatomic.h>
#include <stdio.h>

enum { BATCH = 500 };

int pg_stream(struct pg_db *d, const char *sql, int n, const char *const *params, pg_row_fn *fn,
              void *cls, struct err *err)
{
    static atomic_uint serial; /* names stay distinct if a callback walks too */
    struct db *db = &d->base;
    bool own = d->tx_depth == 0;
    if (own && db_begin(db, err) != 0)
        return err->kind;
    char name[32], fetch[64], close_sql[48];
    unsigned id = atomic_fetch_add(&serial, 1);
    snprintf(name, sizeof name, "loket_walk_%u", id);
    snprintf(fetch, sizeof fetch, "FETCH %d FROM %s", BATCH, name);
    snprintf(close_sql, sizeof close_sql, "CLOSE %s", name);
    struct arena *a = arena_new();
    int rc = pg_qt(d, arena_printf(a, "DECLARE %s NO SCROLL CURSOR FOR %s", name, sql), n, params,
                   NULL, err);
    arena_free(a);
    int stop = 0;
    for (bool more = rc == 0; more && !stop;) {
        PGresult *r;
        if ((rc = pg_qt(d, fetch, 0, NULL, &r, err)) != 0)
            break;
        int rows = PQntuples(r);
        for (int i = 0; i < rows && !stop; i++)
            stop = fn(cls, r, i);
        PQclear(r);
        more = rows == BATCH;
    }
    if (rc == 0 && !own)
        rc = pg_qt(d, close_sql, 0, NULL, NULL, err); /* the caller's transaction goes on */
    if (own) {
        if (rc == 0 && !stop)
            rc = db_commit(db, err);
        else
            db_rollback(db); /* nothing written: a read's transaction */
    }
    return stop ? stop : rc;
}
