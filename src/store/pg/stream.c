/* Row-by-row results (stream.h). */
#include "store/pg/stream.h"
#include "core/log.h"

#include <string.h>

/* What a failed walk reports: the same kinds as query.c gives a statement
** (busy for what a retry may cure, full disk, else store.error). */
static int stream_error(struct pg_db *d, const PGresult *r, struct err *err)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (d->tx_depth > 0)
        d->failed = true;
    if (!state || PQstatus(d->c) == CONNECTION_BAD || !strncmp(state, "08", 2) ||
        !strncmp(state, "40", 2) || !strcmp(state, "55P03") || !strcmp(state, "57014") ||
        !strcmp(state, "53300"))
        return err_set(err, ERR_UNAVAILABLE, "store.busy", "basis data sedang sibuk",
                       "the database is busy");
    if (!strcmp(state, "53100"))
        return err_storage_full(err);
    log_msg(LOG_WARN, "store: %s", r ? PQresultErrorMessage(r) : PQerrorMessage(d->c));
    return err_set(err, ERR_STORE, "store.error", "kesalahan basis data", "database error");
}

int pg_stream(struct pg_db *d, const char *sql, int n, const char *const *params, pg_row_fn *fn,
              void *cls, struct err *err)
{
    if (!PQsendQueryParams(d->c, sql, n, NULL, params, NULL, NULL, 0))
        return stream_error(d, NULL, err);
    PQsetSingleRowMode(d->c); /* if refused, the rows come in one result */
    int stop = 0, rc = 0;
    PGresult *r;
    /* Every result is read to the end even after a stop: the connection
    ** must be idle again for its next statement. (A cancel could end it
    ** sooner but aborts a transaction the caller may hold.) */
    while ((r = PQgetResult(d->c))) {
        ExecStatusType s = PQresultStatus(r);
        if (s == PGRES_SINGLE_TUPLE || s == PGRES_TUPLES_OK) {
            /* one row each in single-row mode; the last result has none */
            for (int i = 0, rows = PQntuples(r); i < rows && !stop; i++)
                stop = fn(cls, r, i);
        } else if (s != PGRES_COMMAND_OK && !stop && !rc) {
            rc = stream_error(d, r, err);
        }
        PQclear(r);
    }
    return stop ? stop : rc;
}
