/* Group commit for handlers: a write job queued on the server's writer
** (svc/writer.c) while the request waits suspended (req_suspend), not
** blocking a worker thread, so many requests share one commit; the request
** answers only once the commit holding its work is durable. */
#ifndef LOKET_API_BATCH_H
#define LOKET_API_BATCH_H

#include "http/http.h"

typedef int batch_run_fn(struct db *db, struct req *rq);
typedef int batch_finish_fn(struct req *rq);

/* From a handler: queues run(db, rq) and suspends the connection. When the
** batch has committed, the request's finish(rq) is called on a worker thread
** to reply; rq->job_rc holds run's result (or the commit's failure, with
** rq->err filled). Returns 0; the handler must return it without replying. */
int batch_submit(struct req *rq, batch_run_fn *run, batch_finish_fn *finish);

#endif
