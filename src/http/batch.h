/* Group commit: one writer thread with its own connection runs queued write
** jobs back to back inside one transaction (a failing job does not undo
** the others: see run_jobs in batch.c), commits once, and only then lets
** each request answer. The requests wait suspended (MHD_suspend_connection),
** not blocking a worker thread, so many can share one commit. */
#ifndef LOKET_BATCH_H
#define LOKET_BATCH_H

#include "http/http.h"

typedef int batch_run_fn(struct db *db, struct req *rq);
typedef int batch_finish_fn(struct req *rq);

/* Starts the writer for app (app->batch). 0 or a negative kind. */
int batch_start(struct app *app, struct err *err);
/* Runs what is queued, then stops the writer and frees it. */
void batch_stop(struct app *app);
/* From a handler: queues run(db, rq) and suspends the connection. When the
** batch has committed, the request's finish(rq) is called on a worker thread
** to reply; rq->job_rc holds run's result (or the commit's failure, with
** rq->err filled). Returns 0; the handler must return it without replying. */
int batch_submit(struct req *rq, batch_run_fn *run, batch_finish_fn *finish);

#endif
