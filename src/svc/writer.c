/* The group-commit writer. Jobs form a singly linked queue under one mutex;
** the writer takes the whole queue at once, so a batch is everything that
** arrived while the previous commit was being written. A second thread
** completes the committed batch's jobs (for HTTP, resuming a connection:
** a system call each, 15 us apiece) while the writer already runs the next
** batch. Moved here from http/ (issue 18): it drives transactions and
** savepoints, which is the store side's business, not the HTTP layer's. */
#include "svc/writer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { BATCH_MAX = 256 };

struct writer {
    struct db *db;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct writer_job *head, **tail;
    bool stopping;
    /* committed jobs waiting for their completion */
    pthread_t resumer;
    pthread_cond_t done_cv;
    struct writer_job *done;
    bool resumer_running;
    /* set once the writer thread has ended: only then may the resumer stop
    ** (stopping alone would let it leave while a last batch is committing) */
    bool writer_gone;
};

static void resume_all(struct writer_job *jobs)
{
    while (jobs) {
        struct writer_job *next = jobs->next; /* done may end the job's life */
        jobs->done(jobs);
        jobs = next;
    }
}

static void *resumer(void *arg)
{
    struct writer *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!b->done && !b->writer_gone)
            pthread_cond_wait(&b->done_cv, &b->mu);
        struct writer_job *jobs = b->done;
        b->done = NULL;
        if (!jobs && b->writer_gone)
            break;
        pthread_mutex_unlock(&b->mu);
        resume_all(jobs);
        pthread_mutex_lock(&b->mu);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* Hands a committed batch to the resumer (or resumes it here without one). */
static void hand_over(struct writer *b, struct writer_job *jobs)
{
    if (!b->resumer_running) {
        resume_all(jobs);
        return;
    }
    struct writer_job *last = jobs;
    while (last->next)
        last = last->next;
    pthread_mutex_lock(&b->mu);
    last->next = b->done;
    b->done = jobs;
    pthread_cond_signal(&b->done_cv);
    pthread_mutex_unlock(&b->mu);
}

/* One transaction for the batch. A job runs inside a savepoint of its own
** only on the second try: savepoints made SQLite copy every page a job
** touched into a statement journal, a tenth of the writer's CPU, and a
** job nearly always either succeeds or fails before it writes (its
** checks come first). When one fails after writing, the batch is rolled
** back and run again with savepoints; the job fails again there alone.
** Returns 1 for that second try. */
static int run_jobs(struct writer *b, struct writer_job *jobs, bool savepoints)
{
    struct err err = {0};
    struct db *db = b->db;
    int rc = db_begin(db, &err);
    /* the search log rows the indexer has covered, a few thousand at a time */
    if (rc == 0 && db_index_trim(db, &err) != 0)
        rc = -1;
    for (struct writer_job *j = jobs; j; j = j->next) {
        if (rc != 0) {
            *j->err = err;
            j->rc = err.kind;
            continue;
        }
        if (!savepoints) {
            int64_t before = db_tx_writes(db);
            j->rc = j->run(db, j);
            if (j->rc && db_tx_writes(db) != before) {
                db_rollback(db);
                return 1;
            }
            continue;
        }
        struct err sp = {0};
        if (db_savepoint(db, 0, &sp) != 0) {
            *j->err = sp;
            j->rc = sp.kind;
            continue;
        }
        j->rc = j->run(db, j);
        /* a failed job leaves no trace; the others keep their work */
        if (db_savepoint(db, j->rc ? 2 : 1, &sp) != 0 && !j->rc) {
            *j->err = sp;
            j->rc = sp.kind;
        }
    }
    if (rc == 0 && db_batch_flush(db, &err) != 0) {
        /* a job's write the driver sent without waiting (PostgreSQL's
        ** pipeline, store/pg/query.c) failed only now: find it with savepoints */
        if (!savepoints && db_tx_writes(db) < 0) {
            db_rollback(db);
            return 1;
        }
        rc = -1;
    }
    if (rc == 0 && db_commit(db, &err) != 0)
        rc = -1;
    if (rc != 0) {
        db_rollback(db);
        /* nothing was written: every job that had succeeded now fails */
        for (struct writer_job *j = jobs; j; j = j->next)
            if (!j->rc) {
                *j->err = err;
                j->rc = err.kind;
            }
    }
    return 0;
}

static void run_batch(struct writer *b, struct writer_job *jobs)
{
    if (run_jobs(b, jobs, false) != 0) {
        for (struct writer_job *j = jobs; j; j = j->next) {
            err_clear(j->err);
            j->rc = 0;
        }
        run_jobs(b, jobs, true);
    }
    hand_over(b, jobs);
}

static void *writer(void *arg)
{
    struct writer *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!b->head && !b->stopping)
            pthread_cond_wait(&b->cv, &b->mu);
        if (!b->head && b->stopping)
            break;
        /* take up to BATCH_MAX jobs; the rest wait for the next commit */
        struct writer_job *jobs = b->head, *last = jobs;
        for (int n = 1; n < BATCH_MAX && last->next; n++)
            last = last->next;
        b->head = last->next;
        if (!b->head)
            b->tail = &b->head;
        last->next = NULL;
        pthread_mutex_unlock(&b->mu);
        run_batch(b, jobs);
        pthread_mutex_lock(&b->mu);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

int writer_start(struct store *st, struct writer **out, struct err *err)
{
    struct writer *b = calloc(1, sizeof *b);
    if (!b)
        return err_set(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    b->tail = &b->head;
    if (!(b->db = store_acquire(st, err))) {
        free(b);
        return err->kind;
    }
    db_batch_mode(b->db, true);
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    pthread_cond_init(&b->done_cv, NULL);
    b->resumer_running = pthread_create(&b->resumer, NULL, resumer, b) == 0;
    if (b->resumer_running)
        pthread_setname_np(b->resumer, "loket-resume");
    if (pthread_create(&b->thread, NULL, writer, b) != 0) {
        pthread_mutex_lock(&b->mu);
        b->stopping = b->writer_gone = true;
        pthread_cond_signal(&b->done_cv);
        pthread_mutex_unlock(&b->mu);
        if (b->resumer_running)
            pthread_join(b->resumer, NULL);
        db_batch_mode(b->db, false);
        store_release(b->db);
        free(b);
        return err_set(err, ERR_INTERNAL, "internal", "tidak dapat memulai penulis",
                       "cannot start the writer thread");
    }
    pthread_setname_np(b->thread, "loket-writer");
    *out = b;
    return 0;
}

void writer_stop(struct writer *b)
{
    if (!b)
        return;
    pthread_mutex_lock(&b->mu);
    b->stopping = true;
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
    pthread_join(b->thread, NULL);
    /* the writer has handed over its last batch: the resumer drains it */
    pthread_mutex_lock(&b->mu);
    b->writer_gone = true;
    pthread_cond_signal(&b->done_cv);
    pthread_mutex_unlock(&b->mu);
    if (b->resumer_running)
        pthread_join(b->resumer, NULL);
    db_batch_mode(b->db, false);
    store_release(b->db);
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
    pthread_cond_destroy(&b->done_cv);
    free(b);
}

void writer_submit(struct writer *b, struct writer_job *j)
{
    j->next = NULL;
    pthread_mutex_lock(&b->mu);
    *b->tail = j;
    b->tail = &j->next;
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
}
