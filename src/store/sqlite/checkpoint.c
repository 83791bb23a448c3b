/* SQLite driver: the background checkpointer of a server (bg_start,
** bg_stop): WAL checkpoints and cut-backs off the writer's path, expiring
** idle snapshots, and noticing other processes' commits (watch.c). */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"
#include "core/log.h"
#include "core/thread.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

/* ---- checkpointer ----------------------------------------------------- */

/* Another process's commit (`loket mail-in`, the CLI) moves no hook here.
** Requests ask for it themselves (store_refresh); the background workers
** rely on this thread asking every WATCH_MS (watch.c). */
enum { WATCH_MS = 20, IDLE_MS = 500 };

/* A burst of writes grows the WAL by ~100 MB a second (it starts over
** only once writes pause), and SQLite keeps the file at its largest.
** Cutting it back costs ext4 ~0.3 s per GB (ftruncate frees the blocks)
** under the write lock: done by the commit that restarts the WAL
** (journal_size_limit) it stalled every request behind it, p99 ~400 ms for
** back-to-back rounds of creation. The checkpointer does it once writes
** have paused, and with a short busy timeout it gives up rather than keep
** writers waiting on slow readers; it tries again a second later. */
enum { WAL_KEEP_BYTES = 64 << 20, WAL_CUT_RETRY_MS = 1000 };

static void wal_cut_back(struct sq_store *s, struct sq_db *d)
{
    char path[4096];
    struct stat st;
    if (snprintf(path, sizeof path, "%s-wal", s->path) >= (int)sizeof path ||
        stat(path, &st) != 0 || st.st_size <= WAL_KEEP_BYTES)
        return;
    sqlite3_busy_timeout(d->h, 20);
    sqlite3_wal_checkpoint_v2(d->h, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    sqlite3_busy_timeout(d->h, 5000);
}

static void *checkpointer(void *arg)
{
    struct sq_store *s = arg;
    thread_background();
    struct err err = {0};
    struct sq_db *d = sq_conn_open(s, &err);
    if (!d) {
        log_msg(LOG_WARN, "checkpointer: %s", err.msg[LOC_EN]);
        return NULL;
    }
    uint64_t gen = atomic_load(&s->base.generation), quiet_since = time_mono_ns(), cut_at = 0;
    bool idle_done = true;
    pthread_mutex_lock(&s->ckpt_mu);
    while (!s->ckpt_stopping) {
        if (!s->ckpt_wanted) {
            struct timespec until = time_deadline(WATCH_MS);
            pthread_cond_timedwait(&s->ckpt_cv, &s->ckpt_mu, &until);
        }
        bool ckpt = s->ckpt_wanted;
        s->ckpt_wanted = false;
        pthread_mutex_unlock(&s->ckpt_mu);
        sq_refresh(&s->base);
        /* Once writes pause for IDLE_MS, the WAL is copied back even below
        ** the threshold: reads then search a short WAL (every page read
        ** looks in its index first) and the next write starts it over. */
        uint64_t g = atomic_load(&s->base.generation), now = time_mono_ns();
        if (g != gen) {
            gen = g;
            quiet_since = now;
            idle_done = false;
            sq_snaps_expire(s);
        } else if (!idle_done && now - quiet_since > IDLE_MS * 1000000ull) {
            ckpt = idle_done = true;
        }
        /* PASSIVE never blocks readers or the writer; frames it could not
        ** copy are taken by a later round. */
        if (ckpt)
            sqlite3_wal_checkpoint_v2(d->h, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        if (idle_done && now - cut_at > WAL_CUT_RETRY_MS * 1000000ull) {
            cut_at = now;
            wal_cut_back(s, d);
        }
        pthread_mutex_lock(&s->ckpt_mu);
    }
    pthread_mutex_unlock(&s->ckpt_mu);
    sq_conn_close(d);
    return NULL;
}

int sq_bg_start(struct store *st, struct err *err)
{
    struct sq_store *s = (struct sq_store *)st;
    pthread_mutex_lock(&s->ckpt_mu);
    s->ckpt_stopping = false;
    s->ckpt_running = pthread_create(&s->ckpt_thread, NULL, checkpointer, s) == 0;
    pthread_mutex_lock(&s->mu);
    s->snapshots = s->ckpt_running; /* the checkpointer expires them */
    pthread_mutex_unlock(&s->mu);
    bool ok = s->ckpt_running;
    if (ok)
        pthread_setname_np(s->ckpt_thread, "loket-ckpt");
    pthread_mutex_unlock(&s->ckpt_mu);
    if (!ok)
        return err_set(err, ERR_INTERNAL, "store.thread", "tidak dapat memulai checkpointer",
                       "cannot start the checkpointer thread");
    return sq_indexer_start(s, err);
}

void sq_bg_stop(struct store *st)
{
    struct sq_store *s = (struct sq_store *)st;
    pthread_mutex_lock(&s->ckpt_mu);
    bool running = s->ckpt_running;
    s->ckpt_stopping = true;
    s->ckpt_running = false; /* hooks checkpoint inline from now on */
    pthread_mutex_lock(&s->mu);
    s->snapshots = false;
    for (struct sq_db *d = s->free_list; d; d = d->next_free)
        sq_snap_end(d);
    pthread_mutex_unlock(&s->mu);
    pthread_cond_signal(&s->ckpt_cv);
    pthread_mutex_unlock(&s->ckpt_mu);
    if (running)
        pthread_join(s->ckpt_thread, NULL);
    sq_indexer_stop(s);
}
