/* SQLite driver: opening the store, its connections with their hooks (the
** two generations move here), read snapshots and the pool. Beside it:
** stmt.c (statement caches), tx.c (transactions), migrate.c, backup.c,
** checkpoint.c (background work), ops.c (the table); queries for each area
** live in their own file (records.c, auth.c, tickets.c ...). */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"
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
        "automation_rules", /* svc/automation.c keeps them compiled */
        "macros",           /* issue #20: read through the record cache */
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

struct sq_db *sq_conn_open(struct sq_store *s, struct err *err)
{
    struct sq_db *d = calloc(1, sizeof *d);
    if (!d)
        die("out of memory");
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
    sq_own_attach(d->h, &s->own); /* its commits are the store's own: owncommit.c */
    /* No journal_size_limit: the commit that restarts the WAL would cut the
    ** file back itself (see wal_cut_back). */
    if (sq_exec(d, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                   "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", err) != 0 ||
        attach_search(s, d, err) != 0) {
        sqlite3_close(d->h);
        free(d);
        return NULL;
    }
    sq_test_page_cap(d->h, "LOKET_TEST_MAX_PAGES");
    return d;
}

void sq_conn_close(struct sq_db *d)
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
void sq_snaps_expire(struct sq_store *s)
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

struct db *sq_acquire(struct store *st, struct err *err)
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
        d = sq_conn_open(s, err);
    if (d && snapshots)
        snap_refresh(s, d);
    return d ? &d->base : NULL;
}

void sq_release(struct db *db)
{
    struct sq_db *d = (struct sq_db *)db;
    struct sq_store *s = (struct sq_store *)db->st;
    if (d->tx_depth) /* a request that failed mid-transaction */
        db_rollback(db);
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
        sq_conn_close(d);
}

void sq_close(struct store *st)
{
    struct sq_store *s = (struct sq_store *)st;
    sq_bg_stop(st);
    struct sq_db *d = s->free_list;
    while (d) {
        struct sq_db *next = d->next_free;
        sq_conn_close(d);
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
    pthread_mutex_destroy(&s->own.mu);
    free(s->search_path);
    free(s->path);
    free(s);
}

static void sqlite_global_init(void)
{
    /* Memory statistics take a global mutex on every allocation; we never
    ** read them, and they showed up as lock contention under load. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sq_walbuf_register();
}

/* store_open (store/open.c) hands every URL but postgresql:// here. */
int sqlite_store_open(const char *url, struct store **out, struct err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_global_init);
    const char *path = url;
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
    pthread_mutex_init(&s->own.mu, NULL);
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
