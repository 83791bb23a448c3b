/* Group commit: one writer thread with its own connection runs queued write
** jobs back to back inside one transaction (a failing job does not undo
** the others: see run_jobs in writer.c), commits once, and only then
** completes each job. A job is the caller's own memory (embed struct
** writer_job in yours); its completion runs on a second thread, after the
** commit, so a caller that suspended something (an HTTP connection: see
** api/batch.c) can resume it there. Knows the store interface only, no
** HTTP, so the same writer serves any caller that wants acknowledgement to
** wait for the commit. */
#ifndef LOKET_SVC_WRITER_H
#define LOKET_SVC_WRITER_H

#include "core/err.h"
#include "store/store.h"

struct writer;

struct writer_job {
    /* Runs on the writer's connection inside the batch's transaction;
    ** returns 0 or a negative kind with *err filled. */
    int (*run)(struct db *db, struct writer_job *j);
    /* Called once the batch committed (or failed): rc and *err are final.
    ** The writer does not touch the job after calling it. */
    void (*done)(struct writer_job *j);
    struct err *err; /* where run and the writer report a failure */
    int rc;          /* run's result, or the commit's failure */
    struct writer_job *next; /* the writer's */
};

/* Starts the writer over st (one connection of its own). 0 or a negative
** kind. */
int writer_start(struct store *st, struct writer **out, struct err *err);
/* Runs what is queued, completes it, then stops the writer and frees it. */
void writer_stop(struct writer *w);
/* Queues j (run and done set, err pointing at the caller's struct err). */
void writer_submit(struct writer *w, struct writer_job *j);

#endif
