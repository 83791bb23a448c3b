/* Commits made by other processes (`loket mail-in`, the CLI, sqlite3):
** they move no hook in this process, so the generations that caches and
** kept snapshots key on would not move either. One idle connection of our
** own asks SQLite's `PRAGMA data_version`, which changes whenever another
** connection (of any process) has committed since the previous ask; a
** change moves both generations. A request asks before it reads any
** generation (store_refresh, http/server.c), so a read that starts after
** another process's commit returned sees it; the checkpointer asks every
** few milliseconds for the background workers. Why this and not a counter
** row or the file change counter: docs/design-notes.md. Once the watch
** connection has read, the WAL index header is asked instead (owncommit.c),
** which, unlike data_version, tells the store's own commits apart. */
#include "store/sqlite/sqlite.h"

#include <stdlib.h>

/* The data version, or -1 when the watch connection cannot answer. */
static int64_t data_version(struct sq_store *s)
{
    if (!s->watch_h) {
        /* No search attached, no hooks: it never writes, and its read
        ** transaction lasts one statement. */
        if (sqlite3_open_v2(s->path, &s->watch_h,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
                            NULL) != SQLITE_OK ||
            sqlite3_prepare_v3(s->watch_h, "PRAGMA data_version", -1,
                               SQLITE_PREPARE_PERSISTENT, &s->watch_st, NULL) != SQLITE_OK) {
            sq_watch_close(s);
            return -1;
        }
        sqlite3_busy_timeout(s->watch_h, 5000);
    }
    int64_t v = -1;
    if (sqlite3_step(s->watch_st) == SQLITE_ROW)
        v = sqlite3_column_int64(s->watch_st, 0);
    sqlite3_reset(s->watch_st);
    return v;
}

void sq_refresh(struct store *st)
{
    struct sq_store *s = (struct sq_store *)st;
    /* The WAL index tells the store's own commits from others' (owncommit.c):
    ** then only others' move the generations here; own ones moved them in
    ** the WAL hook, and conf_generation only when they wrote master data. */
    void *file = atomic_load_explicit(&s->watch_file, memory_order_acquire);
    if (file && sq_own_changed(file, s) >= 0)
        return;
    pthread_mutex_lock(&s->watch_mu);
    int64_t v = data_version(s);
    /* it has read: its file has the WAL index mapped from now on */
    if (v >= 0 && !file)
        atomic_store_explicit(&s->watch_file, sq_own_file(s->watch_h), memory_order_release);
    /* The first ask has nothing to compare with, and a failed one cannot
    ** tell: both count as a change (caches only miss once more). */
    if (v < 0 || v != s->watch_seen) {
        s->watch_seen = v;
        atomic_fetch_add_explicit(&st->generation, 1, memory_order_release);
        atomic_fetch_add_explicit(&st->conf_generation, 1, memory_order_release);
    }
    pthread_mutex_unlock(&s->watch_mu);
}

void sq_watch_close(struct sq_store *s)
{
    atomic_store(&s->watch_file, NULL);
    sqlite3_finalize(s->watch_st);
    sqlite3_close(s->watch_h);
    s->watch_st = NULL;
    s->watch_h = NULL;
}
