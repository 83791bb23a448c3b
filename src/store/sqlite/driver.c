/* SQLite driver: connection pool, statement cache, transactions,
** migrations and online backup. Queries for each area live in their own
** file beside this one (records.c, auth.c). */
#include "store/sqlite/sqlite.h"
#include "core/arena.h"
#include "core/die.h"
#include "core/log.h"
#include "core/thread.h"
#include "core/timefmt.h"
#include "store/migration.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- statements ------------------------------------------------------- */

sqlite3_stmt *sq_prepare(struct sq_db *d, const char *sql, struct err *err)
{
    size_t h = ((uintptr_t)sql >> 4) % STMT_CACHE_SIZE;
    for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
        struct sq_stmt_slot *s = &d->cache[(h + i) % STMT_CACHE_SIZE];
        if (s->sql == sql) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            if (d->snap && !sqlite3_stmt_readonly(s->st))
                sq_snap_end(d);
            return s->st;
        }
        if (!s->sql) {
            int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
            if (rc != SQLITE_OK) {
                sq_error(d, rc, err);
                return NULL;
            }
            s->sql = sql;
            if (d->snap && !sqlite3_stmt_readonly(s->st))
                sq_snap_end(d);
            return s->st;
        }
    }
    /* Cache full (should not happen with static SQL): prepare uncached would leak. */
    err_set(err, ERR_STORE, "store.error", "cache pernyataan penuh", "statement cache full");
    return NULL;
}

sqlite3_stmt *sq_prepare_text(struct sq_db *d, const char *sql, struct err *err)
{
    unsigned long h = 5381;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = h * 33 + *p;
    for (size_t i = 0; i < TEXT_CACHE_SIZE; i++) {
        struct sq_text_slot *s = &d->text_cache[i];
        if (s->sql && s->hash == h && strcmp(s->sql, sql) == 0) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            if (d->snap && !sqlite3_stmt_readonly(s->st))
                sq_snap_end(d);
            return s->st;
        }
    }
    struct sq_text_slot *s = &d->text_cache[d->text_next++ % TEXT_CACHE_SIZE];
    if (s->sql) {
        sqlite3_finalize(s->st);
        free(s->sql);
        s->sql = NULL;
    }
    int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
    if (rc != SQLITE_OK) {
        sq_error(d, rc, err);
        return NULL;
    }
    if (d->snap && !sqlite3_stmt_readonly(s->st))
        sq_snap_end(d);
    s->sql = strdup(sql);
    if (!s->sql)
        die("out of memory");
    s->hash = h;
    return s->st;
}

int sq_error(struct sq_db *d, int rc, struct err *err)
{
    int prim = rc & 0xff;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return err_set(err, ERR_UNAVAILABLE, "store.busy", "basis data sedang sibuk, coba lagi",
                       "the database is busy, try again");
    /* SQLite says SQLITE_FULL for ENOSPC, SQLITE_IOERR_* for a write that
    ** failed otherwise (EDQUOT, EFBIG past RLIMIT_FSIZE) */
    if (prim == SQLITE_FULL ||
        (prim == SQLITE_IOERR && d && err_errno_full(sqlite3_system_errno(d->h))))
        return err_storage_full(err);
    return err_set(err, ERR_STORE, "store.error", "kesalahan basis data: %s",
                   "database error: %s", d ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
}

void sq_test_page_cap(sqlite3 *h, const char *env)
{
    const char *v = getenv(env);
    if (!v || !*v)
        return;
    long n = strtol(v + (*v == '+'), NULL, 10);
    if (*v == '+') {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(h, "PRAGMA main.page_count", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n += (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA main.max_page_count=%ld", n);
    sqlite3_exec(h, sql, NULL, NULL, NULL);
}

int sq_exec_stmt(struct sq_db *d, sqlite3_stmt *st, struct err *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    return 0;
}

const char *sq_text(struct arena *a, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (!t)
        return NULL;
    return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, col));
}

void sq_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, idx);
}

static int exec(struct sq_db *d, const char *sql, struct err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, &msg);
    if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR) {
        sqlite3_free(msg);
        return sq_error(d, rc, err); /* a full disk has its own answer */
    }
    if (rc != SQLITE_OK) {
        err_set(err, ERR_STORE, "store.error", "kesalahan basis data: %s", "database error: %s",
                msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return ERR_STORE;
    }
    return 0;
}

/* "jaringan lambat" → "jaringan"* AND "lambat"*: every word a quoted prefix
** term, so Indonesian affixed forms (jaringannya) and partial words match
** and nothing the user types is read as FTS5 syntax. NULL when q has no word. */
char *sq_fts_terms(struct arena *a, const char *q, const char *joiner)
{
    size_t n = strlen(q), jl = strlen(joiner);
    char *out = arena_alloc(a, n * (4 + jl) + 16), *o = out;
    bool first = true;
#define WORD(c) ((unsigned char)(c) >= 0x80 || ((c) >= '0' && (c) <= '9') || \
                 (((c) | 32) >= 'a' && ((c) | 32) <= 'z'))
    for (const char *p = q; *p;) {
        while (*p && !WORD(*p))
            p++;
        if (!*p)
            break;
        if (!first) {
            memcpy(o, joiner, jl);
            o += jl;
        }
        first = false;
        *o++ = '"';
        while (*p && (WORD(*p) || *p == '-'))
            *o++ = *p++;
        *o++ = '"';
        *o++ = '*';
    }
#undef WORD
    *o = 0;
    return first ? NULL : out;
}

/* ---- connections ------------------------------------------------------ */

/* The generations move once a commit that changed something is visible and
** its write lock released: SQLite's WAL hook, which is not called for a
** transaction that wrote no page (a worker's poll that matched no row).
** An answer cached under the old value was read before that moment, so
** it is never served again (see struct store). */
static void bump(struct sq_db *d)
{
    struct store *st = d->base.st;
    atomic_fetch_add_explicit(&st->generation, 1, memory_order_release);
    if (d->conf_dirty)
        atomic_fetch_add_explicit(&st->conf_generation, 1, memory_order_release);
}

static void on_rollback(void *arg)
{
    struct sq_db *d = arg;
    d->conf_dirty = false;
    sq_bk_gen_clear(d);
}

/* Tables whose rows caches keep (struct store's conf_generation). */
static void on_update(void *arg, int op, const char *dbname, const char *table,
                      sqlite3_int64 rowid)
{
    (void)op, (void)dbname, (void)rowid;
    static const char *const conf[] = {
        "users",      "sessions",   "api_tokens", "settings",     "units",
        "vendors",    "categories", "calendars",  "holidays",     "sla_policies",
        "priorities", "services",   "tags",       "canned_responses",
        "partners",   "activities", /* master data of the partner administration */
        "schedules",  "service_staff", /* appointments: svc/booking_ctx_cache.c */
    };
    struct sq_db *d = arg;
    if (table[0] == 'b' && strcmp(table, "bookings") == 0)
        sq_bk_gen_row(d); /* booking_gen.c */
    if (d->conf_dirty || strncmp(table, "ticket", 6) == 0)
        return; /* the hot path: ticket writes */
    for (size_t i = 0; i < sizeof conf / sizeof conf[0]; i++)
        if (strcmp(table, conf[i]) == 0) {
            d->conf_dirty = true;
            return;
        }
}

/* Checkpoint thresholds in WAL frames (pages): SQLite's own 1000 for the
** CLI; a server lets the WAL grow to ~64 MB first, so the index pages every
** batch rewrites are copied to the database once per checkpoint, not once
** per thousand frames (this took 15 % of the CPU while creating tickets;
** going from 8000 to 16000 cut the checkpointer's CPU by a quarter to a
** third in noisy measurements). Under a steady stream of batches the WAL
** never starts over (the search indexer always has a read open on it), so
** past the threshold a checkpoint is asked for every CKPT_FRAMES_STEP new
** frames, not after every commit: each one syncs both files twice and
** builds a frame index sized by the whole WAL. */
enum { CKPT_FRAMES = 1000, CKPT_FRAMES_BG = 16000, CKPT_FRAMES_STEP = 4000 };

/* Setting a WAL hook turns SQLite's auto-checkpoint off, so this hook does
** that job: inline for the CLI, handed to the checkpointer thread when a
** server runs one, so the batch writer never waits for a checkpoint. */
static int on_wal(void *arg, sqlite3 *h, const char *name, int frames)
{
    struct sq_db *d = arg;
    struct sq_store *s = (struct sq_store *)d->base.st;
    bump(d);
    d->conf_dirty = false;
    sq_bk_gen_commit(d); /* after the store generation: booking_gen.c */
    if (frames < CKPT_FRAMES)
        return SQLITE_OK;
    pthread_mutex_lock(&s->ckpt_mu);
    bool bg = s->ckpt_running;
    if (bg && frames >= CKPT_FRAMES_BG &&
        (frames < s->ckpt_frames || frames - s->ckpt_frames >= CKPT_FRAMES_STEP)) {
        s->ckpt_frames = frames; /* smaller than before: the WAL started over */
        s->ckpt_wanted = true;
        pthread_cond_signal(&s->ckpt_cv);
    }
    pthread_mutex_unlock(&s->ckpt_mu);
    if (!bg)
        sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return SQLITE_OK;
}

/* The search index, read-only: a BEGIN IMMEDIATE here must not take the
** search file's write lock, which belongs to the indexer (search.c). */
static int attach_search(struct sq_store *s, struct sq_db *d, struct err *err)
{
    char *uri = sq_file_uri(s->search_path, "?mode=ro");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(d->h, "ATTACH DATABASE ? AS search", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    free(uri);
    /* Searches read the index's pages once or twice each: a small cache
    ** here keeps each connection at ~2.5 MB rather than 4 (RSS < 64 MB). */
    if (rc == SQLITE_DONE || rc == SQLITE_OK)
        rc = sqlite3_exec(d->h, "PRAGMA search.cache_size=-512", NULL, NULL, NULL);
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        return err_set(err, ERR_STORE, "store.open", "tidak dapat membuka %s: %s",
                       "cannot open %s: %s", s->search_path, sqlite3_errmsg(d->h));
    return 0;
}

static struct sq_db *conn_open(struct sq_store *s, struct err *err)
{
    struct sq_db *d = calloc(1, sizeof *d);
    if (!d)
        die("out of memory");
    extern const struct store_ops sq_ops;
    d->base.ops = &sq_ops;
    d->base.st = &s->base;
    int rc = sqlite3_open_v2(s->path, &d->h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                                 SQLITE_OPEN_URI,
                             NULL);
    if (rc != SQLITE_OK) {
        err_set(err, ERR_STORE, "store.open", "tidak dapat membuka %s: %s",
                "cannot open %s: %s", s->path, d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
        sqlite3_close(d->h);
        free(d);
        return NULL;
    }
    sqlite3_busy_timeout(d->h, 5000);
    sqlite3_extended_result_codes(d->h, 1);
    sqlite3_rollback_hook(d->h, on_rollback, d);
    sqlite3_update_hook(d->h, on_update, d);
    sqlite3_wal_hook(d->h, on_wal, d);
    /* No journal_size_limit: the commit that restarts the WAL would cut the
    ** file back itself (see wal_cut_back). */
    if (exec(d, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", err) != 0 ||
        attach_search(s, d, err) != 0) {
        sqlite3_close(d->h);
        free(d);
        return NULL;
    }
    sq_test_page_cap(d->h, "LOKET_TEST_MAX_PAGES");
    return d;
}

static void conn_close(struct sq_db *d)
{
    sq_rc_free(d);
    sq_rollup_free(d);
    for (size_t i = 0; i < STMT_CACHE_SIZE; i++)
        if (d->cache[i].st)
            sqlite3_finalize(d->cache[i].st);
    for (size_t i = 0; i < TEXT_CACHE_SIZE; i++)
        if (d->text_cache[i].sql) {
            sqlite3_finalize(d->text_cache[i].st);
            free(d->text_cache[i].sql);
        }
    sqlite3_close(d->h);
    free(d);
}

/* ---- read snapshots ---------------------------------------------------
** In a server a pooled connection keeps its read transaction from one
** request to the next for as long as nothing is committed (the store
** generation stays put): starting and ending a WAL read transaction (shm
** locks, fcntl) was an eighth of a GET by number. Every commit moves the
** generation, so the next acquire starts a fresh snapshot; reads are as
** current as without this. Writes, transactions and waits for newer data
** end the snapshot first (sq_prepare checks every statement), and the
** checkpointer ends those of idle pooled connections so they never pin
** the WAL. Other processes' commits move the generation when a request
** starts (store_refresh, watch.c), and within WATCH_MS for the workers. */

void sq_snap_end(struct sq_db *d)
{
    if (!d->snap)
        return;
    d->snap = false;
    sqlite3_exec(d->h, "COMMIT", NULL, NULL, NULL); /* pending reads carry on */
}

static void snap_refresh(struct sq_store *s, struct sq_db *d)
{
    uint64_t gen = atomic_load_explicit(&s->base.generation, memory_order_acquire);
    if (d->snap && d->snap_gen != gen)
        sq_snap_end(d);
    if (!d->snap && !d->tx_depth && sqlite3_get_autocommit(d->h) &&
        sqlite3_exec(d->h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
        d->snap = true;
        d->snap_gen = gen;
    }
}

/* The checkpointer's round: idle connections drop snapshots a commit made old. */
static void snaps_expire(struct sq_store *s)
{
    uint64_t gen = atomic_load_explicit(&s->base.generation, memory_order_acquire);
    pthread_mutex_lock(&s->mu);
    for (struct sq_db *d = s->free_list; d; d = d->next_free)
        if (d->snap && d->snap_gen != gen)
            sq_snap_end(d);
    pthread_mutex_unlock(&s->mu);
}

/* Idle connections kept for reuse. Two request threads, the writer and a
** few workers rarely need more at once; the connections a burst opened
** beyond that are closed on release, each with its page cache, which kept
** the server's RSS over 64 MB in three rounds of bench/tickets.sh. */
enum { POOL_IDLE_MAX = 4 };

static struct db *sq_acquire(struct store *st, struct err *err)
{
    struct sq_store *s = (struct sq_store *)st;
    pthread_mutex_lock(&s->mu);
    struct sq_db *d = s->free_list;
    if (d) {
        s->free_list = d->next_free;
        s->n_idle--;
    }
    bool snapshots = s->snapshots;
    pthread_mutex_unlock(&s->mu);
    if (!d)
        d = conn_open(s, err);
    if (d && snapshots)
        snap_refresh(s, d);
    return d ? &d->base : NULL;
}

static void sq_release(struct db *db)
{
    struct sq_db *d = (struct sq_db *)db;
    struct sq_store *s = (struct sq_store *)db->st;
    if (d->tx_depth) /* a request that failed mid-transaction */
        db->ops->rollback(db);
    if (d->snap && d->snap_gen != atomic_load(&s->base.generation))
        sq_snap_end(d);
    pthread_mutex_lock(&s->mu);
    bool keep = s->n_idle < POOL_IDLE_MAX;
    if (keep) {
        d->next_free = s->free_list;
        s->free_list = d;
        s->n_idle++;
    }
    pthread_mutex_unlock(&s->mu);
    if (!keep) /* a burst is over: its page cache (up to 2 MB) goes too */
        conn_close(d);
}

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
    struct sq_db *d = conn_open(s, &err);
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
            snaps_expire(s);
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
    conn_close(d);
    return NULL;
}

static int sq_bg_start(struct store *st, struct err *err)
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

static void sq_bg_stop(struct store *st)
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

static void sq_close(struct store *st)
{
    struct sq_store *s = (struct sq_store *)st;
    sq_bg_stop(st);
    struct sq_db *d = s->free_list;
    while (d) {
        struct sq_db *next = d->next_free;
        conn_close(d);
        d = next;
    }
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->ckpt_mu);
    pthread_cond_destroy(&s->ckpt_cv);
    pthread_mutex_destroy(&s->ix_mu);
    pthread_cond_destroy(&s->ix_cv);
    pthread_cond_destroy(&s->ix_done);
    sq_counts_free(s->counts);
    sq_watch_close(s);
    pthread_mutex_destroy(&s->watch_mu);
    free(s->search_path);
    free(s->path);
    free(s);
}

/* ---- transactions ----------------------------------------------------- */

static int sq_begin(struct db *db, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sq_snap_end(d);
    static const char sql[] = "BEGIN IMMEDIATE";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st || sq_exec_stmt(d, st, err) != 0)
        return err->kind ? err->kind : ERR_STORE;
    d->tx_depth = 1;
    return 0;
}

static int sq_commit(struct db *db, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    static const char sql[] = "COMMIT";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st || sq_exec_stmt(d, st, err) != 0) {
        db->ops->rollback(db);
        return err->kind ? err->kind : ERR_STORE;
    }
    d->tx_depth = 0;
    return 0;
}

static void sq_rollback(struct db *db)
{
    struct sq_db *d = (struct sq_db *)db;
    if (!d->tx_depth)
        return;
    d->tx_depth = 0;
    d->ru_n = d->ru_mark_n = 0;
    /* Reset every cached statement so none holds the transaction open. */
    for (size_t i = 0; i < STMT_CACHE_SIZE; i++)
        if (d->cache[i].st)
            sqlite3_reset(d->cache[i].st);
    for (size_t i = 0; i < TEXT_CACHE_SIZE; i++)
        if (d->text_cache[i].st)
            sqlite3_reset(d->text_cache[i].st);
    sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
}

static int sq_savepoint(struct db *db, int op, struct err *err)
{
    static const char open_sql[] = "SAVEPOINT job";
    static const char release_sql[] = "RELEASE job";
    static const char rollback_sql[] = "ROLLBACK TO job";
    struct sq_db *d = (struct sq_db *)db;
    const char *sql = op == 0 ? open_sql : op == 1 ? release_sql : rollback_sql;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st || sq_exec_stmt(d, st, err) != 0)
        return err->kind ? err->kind : ERR_STORE;
    if (op == 0 && d->batch_mode)
        sq_rollup_mark(d);
    if (op == 2) { /* ROLLBACK TO keeps the savepoint open */
        if (d->batch_mode)
            sq_rollup_undo(d);
        if (!(st = sq_prepare(d, release_sql, err)) || sq_exec_stmt(d, st, err) != 0)
            return err->kind ? err->kind : ERR_STORE;
    }
    return 0;
}

static int64_t sq_tx_writes(struct db *db)
{
    struct sq_db *d = (struct sq_db *)db;
    return sqlite3_get_autocommit(d->h) ? -1 : (int64_t)sqlite3_total_changes64(d->h);
}

int sq_read_int(struct sq_db *d, const char *sql, int64_t *out, struct err *err)
{
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_ping(struct db *db, struct err *err)
{
    int64_t n;
    return sq_read_int((struct sq_db *)db, "SELECT count(*) FROM schema_migrations", &n, err);
}

/* ---- migrations ------------------------------------------------------- */

static bool known_migration(int64_t v)
{
    for (const struct migration *m = sqlite_migrations; m->version; m++)
        if (m->version == v)
            return true;
    return false;
}

/* Counts applied and pending migrations; a version this binary does not
** know means a newer loket wrote the database, and running on it could
** break what that version relies on, so it is refused. */
static int sq_migrate_plan(struct db *db, int *pending, int *applied, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    *pending = *applied = 0;
    sq_snap_end(d);
    if (exec(d, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
             err) != 0)
        return err->kind;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(d->h, "SELECT version FROM schema_migrations ORDER BY version", -1,
                           &q, NULL) != SQLITE_OK)
        return sq_error(d, SQLITE_ERROR, err);
    int64_t unknown = 0, newest = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        int64_t v = sqlite3_column_int64(q, 0);
        (*applied)++;
        if (!known_migration(v))
            unknown = v;
    }
    sqlite3_finalize(q);
    for (const struct migration *m = sqlite_migrations; m->version; m++)
        newest = m->version > newest ? m->version : newest;
    if (unknown)
        return err_set(err, ERR_STORE, "store.too_new",
                       "basis data memuat migrasi %04lld yang tidak dikenal loket ini (paling "
                       "baru %04lld): basis data dibuat oleh versi yang lebih baru; pasang versi "
                       "itu lagi atau pulihkan cadangan dari sebelum pembaruan",
                       "the database has migration %04lld, which this loket does not know (it "
                       "knows up to %04lld): a newer version wrote it; install that version "
                       "again or restore a backup made before the upgrade",
                       (long long)unknown, (long long)newest);
    *pending = 0;
    for (const struct migration *m = sqlite_migrations; m->version; m++)
        (*pending)++;
    *pending -= *applied;
    return 0;
}

static int sq_migrate(struct db *db, int *applied, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    int pending, done;
    *applied = 0;
    if (sq_migrate_plan(db, &pending, &done, err) != 0)
        return err->kind;
    /* Each version is checked on its own, not against max(version): numbers
    ** are reserved per branch, so a lower number may arrive after a higher
    ** one was applied. */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(d->h, "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &q,
                           NULL) != SQLITE_OK)
        return sq_error(d, SQLITE_ERROR, err);
    for (const struct migration *m = sqlite_migrations; m->version; m++) {
        sqlite3_reset(q);
        sqlite3_bind_int(q, 1, m->version);
        if (sqlite3_step(q) == SQLITE_ROW)
            continue;
        sqlite3_reset(q);
        if (exec(d, "BEGIN IMMEDIATE", err) != 0) {
            sqlite3_finalize(q);
            return err->kind;
        }
        sqlite3_stmt *ins = NULL;
        if (exec(d, m->sql, err) != 0 ||
            sqlite3_prepare_v2(d->h,
                               "INSERT INTO schema_migrations(version, name, applied_at) "
                               "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                               -1, &ins, NULL) != SQLITE_OK) {
            sqlite3_finalize(ins);
            sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
            sqlite3_finalize(q);
            char msg[300];
            snprintf(msg, sizeof msg, "%s", err->msg[LOC_EN]);
            return err_set(err, ERR_STORE, "store.migration", "migrasi %04d_%s gagal: %s",
                           "migration %04d_%s failed: %s", m->version, m->name, msg);
        }
        sqlite3_bind_int(ins, 1, m->version);
        sqlite3_bind_text(ins, 2, m->name, -1, SQLITE_STATIC);
        int rc = sqlite3_step(ins);
        sqlite3_finalize(ins);
        if (rc != SQLITE_DONE || exec(d, "COMMIT", err) != 0) {
            sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
            sqlite3_finalize(q);
            return sq_error(d, rc, err);
        }
        (*applied)++;
    }
    sqlite3_finalize(q);
    return 0;
}

/* ---- backup ----------------------------------------------------------- */

static int sq_backup(struct db *db, const char *dest, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sqlite3 *out;
    int rc = sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        err_set(err, ERR_STORE, "backup.open", "tidak dapat membuat %s", "cannot create %s",
                dest);
        sqlite3_close(out);
        return ERR_STORE;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", d->h, "main");
    if (!b) {
        err_set(err, ERR_STORE, "backup.init", "cadangan gagal: %s", "backup failed: %s",
                sqlite3_errmsg(out));
        sqlite3_close(out);
        return ERR_STORE;
    }
    /* Copy in steps so writers are not blocked for the whole copy. */
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        err_set(err, ERR_STORE, "backup.step", "cadangan gagal: %s", "backup failed: %s",
                sqlite3_errstr(rc));
        sqlite3_close(out);
        return ERR_STORE;
    }
    /* A backup is one self-contained file: no WAL beside it. */
    sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close(out);
    return 0;
}

int store_check_file(const char *path, struct err *err)
{
    sqlite3 *h;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return err_set(err, ERR_INVALID, "restore.unreadable", "tidak dapat membuka %s",
                       "cannot open %s", path);
    }
    sqlite3_stmt *st;
    int ok = 0;
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *r = (const char *)sqlite3_column_text(st, 0);
            ok = r && strcmp(r, "ok") == 0;
        }
        sqlite3_finalize(st);
    }
    if (ok && sqlite3_prepare_v2(h, "SELECT count(*) FROM schema_migrations", -1, &st,
                                 NULL) == SQLITE_OK) {
        ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
        sqlite3_finalize(st);
    } else {
        ok = 0;
    }
    sqlite3_close(h);
    if (!ok)
        return err_set(err, ERR_INVALID, "restore.corrupt",
                       "%s bukan basis data Loket yang utuh", "%s is not an intact Loket database",
                       path);
    return 0;
}

/* ---- the driver table ------------------------------------------------- */

const struct store_ops sq_ops = {
    .name = "sqlite",
    .close = sq_close,
    .acquire = sq_acquire,
    .release = sq_release,
    .bg_start = sq_bg_start,
    .bg_stop = sq_bg_stop,
    .refresh = sq_refresh,
    .index_trim = sq_index_trim,
    .batch_mode = sq_batch_mode,
    .batch_flush = sq_rollup_flush,
    .index_all = sq_index_all,
    .migrate = sq_migrate,
    .migrate_plan = sq_migrate_plan,
    .ping = sq_ping,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .savepoint = sq_savepoint,
    .tx_writes = sq_tx_writes,
    .backup = sq_backup,
    .rec_list = sq_rec_list,
    .rec_get = sq_rec_get,
    .rec_create = sq_rec_create,
    .rec_update = sq_rec_update,
    .rec_delete = sq_rec_delete,
    .user_by_login = sq_user_by_login,
    .user_by_id = sq_user_by_id,
    .user_set_password = sq_user_set_password,
    .user_rehash = sq_user_rehash,
    .session_create = sq_session_create,
    .session_lookup = sq_session_lookup,
    .session_delete = sq_session_delete,
    .token_create = sq_token_create,
    .token_lookup = sq_token_lookup,
    .token_list = sq_token_list,
    .token_revoke = sq_token_revoke,
    .user_revoke_access = sq_user_revoke_access,
    .login_throttle_get = sq_login_throttle_get,
    .login_throttle_set = sq_login_throttle_set,
    .login_throttle_clear = sq_login_throttle_clear,
    .audit_add = sq_audit_add,
    .audit_list = sq_audit_list,
    .ticket_create = sq_ticket_create,
    .ticket_get = sq_ticket_get,
    .ticket_get_id = sq_ticket_get_id,
    .ticket_save = sq_ticket_save,
    .ticket_list = sq_ticket_list,
    .ticket_sweep_candidates = sq_ticket_sweep_candidates,
    .ticket_set_tags = sq_ticket_set_tags,
    .ticket_search_log = sq_ticket_search_log,
    .event_add = sq_event_add,
    .events_list = sq_events_list,
    .outbox_add = sq_outbox_add,
    .outbox_list = sq_outbox_list,
    .outbox_get = sq_outbox_get,
    .outbox_claim = sq_outbox_claim,
    .outbox_finish = sq_outbox_finish,
    .outbox_expire_claims = sq_outbox_expire_claims,
    .outbox_unclaim = sq_outbox_unclaim,
    .outbox_resend = sq_outbox_resend,
    .mail_template_get = sq_mail_template_get,
    .mail_template_put = sq_mail_template_put,
    .mail_template_delete = sq_mail_template_delete,
    .mail_template_list = sq_mail_template_list,
    .redirect_add = sq_redirect_add,
    .redirect_count = sq_redirect_count,
    .attachment_add = sq_attachment_add,
    .attachment_get = sq_attachment_get,
    .attachments_list = sq_attachments_list,
    .faq_save = sq_faq_save,
    .faq_get = sq_faq_get,
    .faq_delete = sq_faq_delete,
    .faq_list = sq_faq_list,
    .faq_vote = sq_faq_vote,
    .proposal_save = sq_proposal_save,
    .proposal_get = sq_proposal_get,
    .proposal_list = sq_proposal_list,
    .setting_get = sq_setting_get,
    .setting_set = sq_setting_set,
};

static void sqlite_global_init(void)
{
    /* Memory statistics take a global mutex on every allocation; we never
    ** read them, and they showed up as lock contention under load. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sq_walbuf_register();
}

int store_open(const char *url, struct store **out, struct err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_global_init);
    const char *path = url;
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
        return err_set(err, ERR_UNSUPPORTED, "store.backend",
                       "driver PostgreSQL belum tersedia di build ini",
                       "the PostgreSQL driver is not available in this build");
    if (strncmp(url, "sqlite:", 7) == 0)
        path = url + 7;
    struct sq_store *s = calloc(1, sizeof *s);
    if (!s)
        die("out of memory");
    s->base.ops = &sq_ops;
    /* Generations of different stores never meet, so a cache entry from a
    ** store closed earlier in this process cannot pass for a current one. */
    static _Atomic uint64_t epoch;
    uint64_t start = (atomic_fetch_add(&epoch, 1) + 1) << 40;
    atomic_store(&s->base.generation, start);
    atomic_store(&s->base.conf_generation, start);
    s->path = strdup(path);
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->ckpt_mu, NULL);
    pthread_cond_init(&s->ckpt_cv, NULL);
    pthread_mutex_init(&s->ix_mu, NULL);
    pthread_cond_init(&s->ix_cv, NULL);
    pthread_cond_init(&s->ix_done, NULL);
    pthread_mutex_init(&s->watch_mu, NULL);
    s->watch_seen = -1;
    s->search_path = sq_search_path(path);
    s->counts = sq_counts_new();
    /* Open one connection now so a bad path fails at start-up. */
    struct db *d = NULL;
    if (sq_search_create(s, err) != 0 || !(d = sq_acquire(&s->base, err))) {
        sq_close(&s->base);
        return err->kind;
    }
    sq_release(d);
    *out = &s->base;
    return 0;
}
