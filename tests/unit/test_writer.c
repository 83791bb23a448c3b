/* writer-*: the group-commit writer (svc/writer.c) on a real database,
** without HTTP: jobs queued together share one transaction; a job that
** fails after writing makes the batch run again with a savepoint per job,
** so its writes are gone and the others' are kept; a job that fails before
** writing costs no second run; each completion comes once, after the
** commit, with the job's result; stopping runs what is still queued. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <cmocka.h>

#include "core/arena.h"
#include "svc/writer.h"

static char dir[64];
static struct store *st;
static struct db *db; /* the test's own connection, for reading back */
static struct writer *w;

/* Jobs whose run waits here hold the writer, so that what is queued
** meanwhile becomes one batch. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool gate_open, holding;
static int n_done;

enum { OK, FAIL_BEFORE, FAIL_AFTER };

struct tjob {
    struct writer_job wj;
    const char *key; /* the setting it writes */
    int how;
    bool hold;        /* waits for the gate */
    int runs;         /* times run was called */
    int done;         /* times the completion came */
    bool committed_at_done; /* its key was readable when it completed */
    struct err err;
};

static bool key_saved(struct db *c, const char *key)
{
    struct err e = {0};
    struct arena *a = arena_new();
    const char *v = NULL;
    int rc = db_setting_get(c, key, a, &v, &e);
    arena_free(a);
    return rc == 0 && v != NULL;
}

static int job_run(struct db *c, struct writer_job *wj)
{
    struct tjob *j = (struct tjob *)wj;
    j->runs++;
    if (j->hold) {
        pthread_mutex_lock(&mu);
        holding = true;
        pthread_cond_broadcast(&cv);
        while (!gate_open)
            pthread_cond_wait(&cv, &mu);
        pthread_mutex_unlock(&mu);
    }
    if (j->how == FAIL_BEFORE)
        return err_set(wj->err, ERR_CONFLICT, "test.before", "gagal", "failed before writing");
    int rc = db_setting_set(c, j->key, "1", wj->err);
    if (rc != 0)
        return rc;
    if (j->how == FAIL_AFTER)
        return err_set(wj->err, ERR_CONFLICT, "test.after", "gagal", "failed after writing");
    return 0;
}

static void job_done(struct writer_job *wj)
{
    struct tjob *j = (struct tjob *)wj;
    /* on the completion thread, after the commit: a fresh connection must
    ** already see the job's write */
    struct err e = {0};
    struct db *c = store_acquire(st, &e);
    j->committed_at_done = c && key_saved(c, j->key);
    if (c)
        store_release(c);
    pthread_mutex_lock(&mu);
    j->done++;
    n_done++;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

static void init_job(struct tjob *j, const char *key, int how, bool hold)
{
    memset(j, 0, sizeof *j);
    j->wj.run = job_run;
    j->wj.done = job_done;
    j->wj.err = &j->err;
    j->key = key;
    j->how = how;
    j->hold = hold;
}

/* Waits (up to 10 s) until n completions came in all. */
static void wait_done(int n)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&mu);
    while (n_done < n && pthread_cond_timedwait(&cv, &mu, &until) == 0)
        ;
    int got = n_done;
    pthread_mutex_unlock(&mu);
    assert_int_equal(got, n);
}

static void reset(void)
{
    pthread_mutex_lock(&mu);
    n_done = 0;
    gate_open = holding = false;
    pthread_mutex_unlock(&mu);
}

/* Queues the holding job j[0], waits until the writer runs it, then queues
** the others: they arrive during its batch, so they form the next one. */
static void submit_behind_hold(struct tjob *j, int n)
{
    writer_submit(w, &j[0].wj);
    pthread_mutex_lock(&mu);
    while (!holding)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    for (int i = 1; i < n; i++)
        writer_submit(w, &j[i].wj);
}

static void open_gate(void)
{
    pthread_mutex_lock(&mu);
    gate_open = true;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

static int setup(void **s)
{
    (void)s;
    struct err e = {0};
    int applied;
    snprintf(dir, sizeof dir, "/tmp/loket-writer-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char path[128];
    snprintf(path, sizeof path, "%s/t.db", dir);
    if (store_open(path, &st, &e) != 0 || !(db = store_acquire(st, &e)) ||
        db_migrate(db, &applied, &e) != 0 || writer_start(st, &w, &e) != 0) {
        fprintf(stderr, "setup: %s\n", e.msg[LOC_EN]);
        return -1;
    }
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    writer_stop(w);
    store_release(db);
    store_close(st);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* All succeed: one run each, each completed once, after its commit. */
static void writer_1_jobs_commit_then_complete(void **s)
{
    (void)s;
    reset();
    struct tjob j[4];
    init_job(&j[0], "w1.hold", OK, true);
    init_job(&j[1], "w1.a", OK, false);
    init_job(&j[2], "w1.b", OK, false);
    init_job(&j[3], "w1.c", OK, false);
    submit_behind_hold(j, 4);
    open_gate();
    wait_done(4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(j[i].wj.rc, 0);
        assert_int_equal(j[i].err.kind, 0);
        assert_int_equal(j[i].runs, 1);
        assert_int_equal(j[i].done, 1);
        assert_true(j[i].committed_at_done);
        assert_true(key_saved(db, j[i].key));
    }
}

/* One job of a batch fails after writing: the batch is rolled back and run
** again with savepoints; the failing job's write is gone, its neighbours'
** are kept, and only it reports the failure. */
static void writer_2_failure_after_writing_leaves_no_trace(void **s)
{
    (void)s;
    reset();
    struct tjob j[4];
    init_job(&j[0], "w2.hold", OK, true);
    init_job(&j[1], "w2.a", OK, false);
    init_job(&j[2], "w2.bad", FAIL_AFTER, false);
    init_job(&j[3], "w2.c", OK, false);
    submit_behind_hold(j, 4);
    open_gate();
    wait_done(4);
    assert_int_equal(j[0].runs, 1); /* a batch of its own (it held the writer) */
    /* the first try stops at the failure and is rolled back; the second
    ** runs every job in a savepoint of its own */
    assert_int_equal(j[1].runs, 2);
    assert_int_equal(j[2].runs, 2);
    assert_int_equal(j[3].runs, 1);
    assert_int_equal(j[2].wj.rc, ERR_CONFLICT);
    assert_string_equal(j[2].err.code, "test.after");
    assert_false(key_saved(db, "w2.bad"));
    for (int i = 0; i < 4; i++) {
        assert_int_equal(j[i].done, 1);
        if (i == 2)
            continue;
        assert_int_equal(j[i].wj.rc, 0);
        assert_int_equal(j[i].err.kind, 0); /* the first try's state is cleared */
        assert_true(j[i].committed_at_done);
        assert_true(key_saved(db, j[i].key));
    }
}

/* A job failing in its checks (before writing) is the common case: no
** second run for anyone, the others commit. */
static void writer_3_failure_before_writing_needs_no_retry(void **s)
{
    (void)s;
    reset();
    struct tjob j[3];
    init_job(&j[0], "w3.hold", OK, true);
    init_job(&j[1], "w3.refused", FAIL_BEFORE, false);
    init_job(&j[2], "w3.a", OK, false);
    submit_behind_hold(j, 3);
    open_gate();
    wait_done(3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(j[i].runs, 1);
        assert_int_equal(j[i].done, 1);
    }
    assert_int_equal(j[1].wj.rc, ERR_CONFLICT);
    assert_string_equal(j[1].err.code, "test.before");
    assert_false(key_saved(db, "w3.refused"));
    assert_int_equal(j[2].wj.rc, 0);
    assert_true(key_saved(db, "w3.a"));
}

/* Stopping runs and completes what is queued (a graceful shutdown loses no
** acknowledged job); a new writer takes over. */
static void writer_4_stop_drains_the_queue(void **s)
{
    (void)s;
    reset();
    struct tjob j[3];
    init_job(&j[0], "w4.a", OK, false);
    init_job(&j[1], "w4.b", OK, false);
    init_job(&j[2], "w4.c", OK, false);
    for (int i = 0; i < 3; i++)
        writer_submit(w, &j[i].wj);
    writer_stop(w);
    w = NULL;
    assert_int_equal(n_done, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(j[i].wj.rc, 0);
        assert_true(key_saved(db, j[i].key));
    }
    struct err e = {0};
    assert_int_equal(writer_start(st, &w, &e), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writer_1_jobs_commit_then_complete),
        cmocka_unit_test(writer_2_failure_after_writing_leaves_no_trace),
        cmocka_unit_test(writer_3_failure_before_writing_needs_no_retry),
        cmocka_unit_test(writer_4_stop_drains_the_queue),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, setup, teardown);
}
