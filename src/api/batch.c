/* Handlers' side of the group commit (api/batch.h): the request becomes a
** writer job in its own arena, and its completion resumes the connection.
** The transaction and savepoint logic is svc/writer.c's; suspending and
** resuming is http/'s. */
#include "api/batch.h"
#include "core/arena.h"
#include "svc/writer.h"

struct req_job {
    struct writer_job wj; /* first: the writer hands back &wj */
    struct req *rq;
    batch_run_fn *run;
};

static int job_run(struct db *db, struct writer_job *wj)
{
    struct req_job *j = (struct req_job *)wj;
    return j->run(db, j->rq);
}

/* On the writer's completion thread, after the commit. */
static void job_done(struct writer_job *wj)
{
    struct req *rq = ((struct req_job *)wj)->rq;
    rq->job_rc = wj->rc;
    req_resume(rq); /* the request (and its arena, with this job) may end now */
}

int batch_submit(struct req *rq, batch_run_fn *run, batch_finish_fn *finish)
{
    struct writer *w = rq->app->writer;
    if (!w)
        return err_set(&rq->err, ERR_UNAVAILABLE, "server.busy", "server sedang sibuk",
                       "the server is busy");
    struct req_job *j = arena_alloc(rq->arena, sizeof *j);
    j->wj.run = job_run;
    j->wj.done = job_done;
    j->wj.err = &rq->err;
    j->rq = rq;
    j->run = run;
    /* The pool keeps a few idle connections: a request waiting for the
    ** writer must not hold one, or a queue of them (slow jobs, many clients)
    ** makes every other request open and close a connection of its own,
    ** schema parse and all (bench/README.md, appointments). */
    req_db_release(rq);
    /* Suspend before the writer can resume: it cannot see the job yet. */
    req_suspend(rq, finish);
    writer_submit(w, &j->wj);
    return 0;
}
