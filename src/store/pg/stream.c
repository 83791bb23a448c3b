/* Row-by-row results (stream.h). */
#include "store/pg/stream.h"

int pg_stream(struct pg_db *d, const char *sql, int n, const char *const *params, pg_row_fn *fn,
              void *cls, struct err *err)
{
    if (!PQsendQueryParams(d->c, sql, n, NULL, params, NULL, NULL, 0))
        return pg_error(d, NULL, err);
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
            rc = pg_error(d, r, err);
        }
        PQclear(r);
    }
    return stop ? stop : rc;
}
