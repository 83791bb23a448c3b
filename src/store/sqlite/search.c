/* The tickets' full-text index, kept in a database file of its own
** (DATA_DIR/loket-search.db beside loket.db) by one indexer.
**
** Why a second file: FTS5 writes a segment per transaction and now and then
** merges segments for hundreds of milliseconds. Inside the group commit
** that cost more than the rest of the commit; in a transaction of its own
** in the same file it still held the one write lock every ticket commit
** needs. A second file has its own lock, so indexing never delays a
** commit. Every connection attaches it read-only as "search"; only the
** indexer writes it.
**
** How it stays right: every change that affects a ticket's text appends
** the ticket's id to ticket_fts_pending (a log in loket.db, in the same
** transaction as the change). The indexer rebuilds the row of each logged
** ticket from the ticket and its public comments as they are then, and
** records the last log position it covered (search_meta.indexed_seq) in
** the same transaction as the rows. A search first waits until the index
** covers the log as it was when the search began, so it always sees every
** committed ticket. The batch writer trims covered log rows, always
** keeping the newest, so log positions only grow and a search file that is
** behind the trimmed part (lost, or from before a restore) is detected and
** rebuilt from all tickets. */
#include "store/sqlite/sqlite.h"
#include "core/die.h"
#include "core/log.h"
#include "core/thread.h"
#include "core/timefmt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    STEP_ROWS = 2048, /* log rows per indexer transaction */
    POLL_MS = 250,    /* the indexer looks for new log rows this often */
    WAIT_MS = 10000,  /* a search waits at most this long for the index */
    TRIM_EVERY = 4096, /* the batch writer trims once this many rows are covered */
    TRIM_MAX = 16384   /* and deletes at most this many at a time */
};

#define FTS_TABLE                                                                          \
    "ticket_fts USING fts5(number, title, description, comments,"                          \
    " tokenize = 'unicode61 remove_diacritics 2')"

/* FTS5 merges a level's segments once it holds automerge of them (default
** 4). Under a creation burst the indexer spent ~45 us a ticket, mostly
** merging; at 16 it spends ~26 us (a level is merged less often, so each
** entry is rewritten fewer times), searches read a few more segments.
** Kept in the table's own config: set whenever an indexer opens the file
** and when a rebuild makes the table anew. */
#define FTS_TUNE                                                                           \
    "INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('automerge', 16);"                  \
    "INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('crisismerge', 32);"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS search_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO search_meta (k, v) VALUES ('indexed_seq', 0);"
    /* remove_diacritics folds "é" to "e" so Indonesian text typed without
    ** accents still matches; tokens are split on non-alphanumerics. */
    "CREATE VIRTUAL TABLE IF NOT EXISTS " FTS_TABLE ";"
    /* the indexed words, for searches by prefix (vocab.c) */
    "CREATE TABLE IF NOT EXISTS ticket_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;";

char *sq_search_path(const char *path)
{
    size_t n = strlen(path);
    if (n > 3 && strcmp(path + n - 3, ".db") == 0)
        n -= 3;
    char *out = malloc(n + sizeof "-search.db");
    if (!out)
        die("out of memory");
    memcpy(out, path, n);
    memcpy(out + n, "-search.db", sizeof "-search.db");
    return out;
}

/* A file name as a URI (RFC 3986 path characters kept, the rest %XX). */
char *sq_file_uri(const char *path, const char *query)
{
    size_t n = strlen(path), q = strlen(query);
    char *out = malloc(5 + 3 * n + q + 1), *o = out;
    if (!out)
        die("out of memory");
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    memcpy(o, query, q + 1);
    return out;
}

int sq_search_create(struct sq_store *s, struct err *err)
{
    sqlite3 *h;
    int rc = sqlite3_open_v2(s->search_path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(h, 5000);
        rc = sqlite3_exec(h, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, schema_sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        err_set(err, ERR_STORE, "store.open", "tidak dapat membuka %s: %s", "cannot open %s: %s",
                s->search_path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
    sqlite3_close(h);
    return rc == SQLITE_OK ? 0 : err->kind;
}

/* ---- writers of loket.db: the log -------------------------------------- */

int sq_search_log(struct sq_db *d, int64_t ticket_id, struct err *err)
{
    static const char sql[] = "INSERT INTO ticket_fts_pending (ticket_id) VALUES (?)";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, ticket_id);
    return sq_exec_stmt(d, st, err);
}

/* Deletes covered log rows below upto, at most TRIM_MAX of them (a first
** trim after an upgrade would otherwise delete a million rows inside one
** group commit); *below is where the log starts afterwards. */
static int trim(struct sq_db *d, int64_t upto, int64_t *below, struct err *err)
{
    static const char sql[] =
        "DELETE FROM ticket_fts_pending WHERE seq < min(?1, (SELECT min(seq) FROM"
        " ticket_fts_pending) + ?2) RETURNING seq";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, upto); /* keeps row upto: positions never restart */
    sqlite3_bind_int64(st, 2, TRIM_MAX);
    int rc;
    int64_t top = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (sqlite3_column_int64(st, 0) > top)
            top = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *below = top ? top + 1 : upto;
    return 0;
}

int sq_index_trim(struct db *db, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    struct sq_store *s = (struct sq_store *)db->st;
    int64_t upto = atomic_load_explicit(&s->ix_seq, memory_order_acquire);
    if (upto - d->trimmed < TRIM_EVERY)
        return 0;
    return trim(d, upto, &d->trimmed, err);
}

/* ---- the indexer ------------------------------------------------------- */

struct ix {
    sqlite3 *h; /* loket-search.db as main, loket.db attached read-only as app */
    struct {
        const char *sql; /* a static string: the pointer is the key */
        sqlite3_stmt *st;
    } stmt[24];
    bool checked; /* ix_check ran once on this connection */
    struct sq_vocab *vocab; /* loket_vocab() on this connection */
};

static sqlite3_stmt *ix_prepare(struct ix *x, const char *sql)
{
    size_t i = 0, n = sizeof x->stmt / sizeof x->stmt[0];
    while (i < n && x->stmt[i].sql && x->stmt[i].sql != sql)
        i++;
    if (i == n)
        return NULL;
    if (!x->stmt[i].st) {
        if (sqlite3_prepare_v3(x->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &x->stmt[i].st, NULL) !=
            SQLITE_OK)
            return NULL;
        x->stmt[i].sql = sql;
    }
    sqlite3_reset(x->stmt[i].st);
    sqlite3_clear_bindings(x->stmt[i].st);
    return x->stmt[i].st;
}

static void ix_reset_all(struct ix *x, bool finalize)
{
    for (size_t i = 0; i < sizeof x->stmt / sizeof x->stmt[0]; i++) {
        if (finalize) {
            sqlite3_finalize(x->stmt[i].st);
            x->stmt[i].st = NULL;
            x->stmt[i].sql = NULL;
        } else if (x->stmt[i].st) {
            sqlite3_reset(x->stmt[i].st);
        }
    }
}

static int ix_fail(struct ix *x, struct err *err)
{
    return err_set(err, ERR_STORE, "search.index", "indeks pencarian gagal: %s",
                   "search indexing failed: %s", sqlite3_errmsg(x->h));
}

static void ix_close(struct ix *x)
{
    ix_reset_all(x, true);
    sqlite3_close(x->h);
    sq_vocab_free(x->vocab);
    memset(x, 0, sizeof *x);
}

static int ix_open(struct sq_store *s, struct ix *x, struct err *err)
{
    memset(x, 0, sizeof *x);
    char *uri = sq_file_uri(s->path, "?mode=ro");
    int rc = sqlite3_open_v2(s->search_path, &x->h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(x->h, 5000);
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(x->h, "ATTACH DATABASE ? AS app", -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
            rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(x->h);
        }
        sqlite3_finalize(st);
    }
    free(uri);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(x->h, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        sq_test_page_cap(x->h, getenv("LOKET_TEST_SEARCH_MAX_PAGES")
                                   ? "LOKET_TEST_SEARCH_MAX_PAGES"
                                   : "LOKET_TEST_MAX_PAGES");
    if (rc == SQLITE_OK && !(x->vocab = sq_vocab_new(x->h)))
        rc = SQLITE_ERROR;
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(x->h, FTS_TUNE, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        err_set(err, ERR_STORE, "search.open", "tidak dapat membuka indeks pencarian: %s",
                "cannot open the search index: %s", x->h ? sqlite3_errmsg(x->h) : "?");
        ix_close(x);
        return err->kind;
    }
    return 0;
}

static int ix_int(struct ix *x, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = ix_prepare(x, sql);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

static int ix_set(struct ix *x, const char *key, int64_t v)
{
    sqlite3_stmt *st = ix_prepare(x, "INSERT INTO search_meta (k, v) VALUES (?, ?)"
                                        " ON CONFLICT (k) DO UPDATE SET v = excluded.v");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, v);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

#define META(k) "SELECT coalesce((SELECT v FROM search_meta WHERE k = '" k "'), 0)"
static const char hi_sql[] = "SELECT coalesce(max(seq), 0) FROM app.ticket_fts_pending";
#define ROW_SQL "INSERT" ROW_SQL_BODY
#define ROW_SQL_BODY                                                                       \
    " INTO ticket_fts (rowid, number, title, description, comments)"                       \
    " SELECT t.id, loket_vocab(t.number), loket_vocab(t.title),"                           \
    " loket_vocab(t.description), loket_vocab(coalesce((SELECT group_concat(e.body,"       \
    " char(10)) FROM app.ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'comment'"  \
    " AND NOT e.internal), '')) FROM app.tickets t"
/* The logged tickets of a step, in one statement each. FTS5 flushes its
** pending terms to a new segment at every statement boundary inside a
** transaction (xSavepoint/xRelease) and whenever rowids stop rising: a
** DELETE and an INSERT per ticket wrote two segments a ticket, and the
** merging of those was 60 % of the indexer's CPU. OR REPLACE deletes the
** old row of a ticket indexed before, in rowid order. */
#define STEP_IDS "SELECT ticket_id FROM app.ticket_fts_pending WHERE seq > ?1 AND seq <= ?2"
static const char step_del_sql[] =
    "DELETE FROM ticket_fts WHERE rowid IN (" STEP_IDS
    " AND ticket_id NOT IN (SELECT id FROM app.tickets))";
static const char step_ins_sql[] =
    "INSERT OR REPLACE" ROW_SQL_BODY " WHERE t.id IN (" STEP_IDS ") ORDER BY t.id";
static const char row_sql_range[] = ROW_SQL " WHERE t.id BETWEEN ?1 AND ?2 ORDER BY t.id";

/* Inside the write transaction: when the search file does not cover what
** the log no longer holds (it was lost, or loket.db was restored from a
** backup behind or ahead of it), the index starts over from every ticket,
** STEP_ROWS tickets per transaction (rebuild_next .. rebuild_last); the log
** rows written meanwhile come after rebuild_seq and are indexed after it. */
static int ix_check(struct ix *x, int64_t indexed, int64_t hi)
{
    int64_t lo = 0, any = 0, last = 0, vocab = 0;
    if (ix_int(x, "SELECT coalesce(min(seq), 0) FROM app.ticket_fts_pending", &lo) != 0 ||
        ix_int(x, "SELECT EXISTS (SELECT 1 FROM app.tickets)", &any) != 0 ||
        ix_int(x, META("vocab"), &vocab) != 0 || (!vocab && ix_set(x, "vocab", 1) != 0))
        return -1;
    /* an index from before ticket_terms has no vocabulary: built anew */
    bool behind = lo > 1 && indexed < lo - 1, ahead = indexed > hi, unlogged = !hi && any;
    if (!behind && !ahead && !unlogged && (vocab || !any))
        return 0;
    log_msg(LOG_INFO, "search index: rebuilding it from every ticket");
    if (ix_int(x, "SELECT coalesce(max(id), 0) FROM app.tickets", &last) != 0 ||
        sqlite3_exec(x->h,
                     "DROP TABLE ticket_fts; DELETE FROM ticket_terms;"
                     " CREATE VIRTUAL TABLE " FTS_TABLE ";" FTS_TUNE,
                     NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    /* statements prepared against the old table go with it */
    ix_reset_all(x, true);
    return ix_set(x, "indexed_seq", 0) || ix_set(x, "rebuild_next", 1) ||
                   ix_set(x, "rebuild_last", last) || ix_set(x, "rebuild_seq", hi)
               ? -1
               : 0;
}

/* One transaction: a slice of a rebuild, or the rows of the tickets logged
** after indexed_seq, up to STEP_ROWS log rows. *seq is the log position
** covered afterwards; *more says whether work is left. */
static int ix_step(struct ix *x, int64_t *seq, bool *more, struct err *err)
{
    int64_t indexed, hi, next, last;
    *more = false;
    /* the usual answer, without a transaction: nothing new */
    if (ix_int(x, META("indexed_seq"), &indexed) != 0 || ix_int(x, hi_sql, &hi) != 0 ||
        ix_int(x, META("rebuild_next"), &next) != 0)
        return ix_fail(x, err);
    if (indexed == hi && !next && x->checked) {
        *seq = indexed;
        return 0;
    }
    if (sqlite3_exec(x->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return ix_fail(x, err);
    if (ix_int(x, META("indexed_seq"), &indexed) != 0 || ix_int(x, hi_sql, &hi) != 0 ||
        ix_int(x, META("rebuild_next"), &next) != 0 || (!next && ix_check(x, indexed, hi)) ||
        ix_int(x, META("rebuild_next"), &next) != 0)
        goto fail;
    if (next) {
        sqlite3_stmt *st;
        int64_t rseq;
        if (ix_int(x, META("rebuild_last"), &last) != 0 ||
            ix_int(x, META("rebuild_seq"), &rseq) != 0 ||
            !(st = ix_prepare(x, row_sql_range)))
            goto fail;
        int64_t to = next + STEP_ROWS - 1;
        sqlite3_bind_int64(st, 1, next);
        sqlite3_bind_int64(st, 2, to);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto fail;
        if (to < last) {
            if (ix_set(x, "rebuild_next", to + 1) != 0)
                goto fail;
            *more = true;
        } else if (ix_set(x, "rebuild_next", 0) != 0 || ix_set(x, "indexed_seq", rseq) != 0) {
            goto fail;
        } else {
            indexed = rseq;
            *more = indexed < hi;
        }
    } else {
        int64_t to = hi - indexed > STEP_ROWS ? indexed + STEP_ROWS : hi;
        *more = to < hi;
        int rc = SQLITE_ERROR;
        for (int k = 0; k < 2; k++) {
            sqlite3_stmt *st = ix_prepare(x, k ? step_ins_sql : step_del_sql);
            if (!st)
                break;
            sqlite3_bind_int64(st, 1, indexed);
            sqlite3_bind_int64(st, 2, to);
            if ((rc = sqlite3_step(st)) != SQLITE_DONE)
                break;
        }
        if (rc != SQLITE_DONE || ix_set(x, "indexed_seq", to) != 0)
            goto fail;
        indexed = to;
    }
    if (sq_vocab_flush(x->vocab, x->h) != SQLITE_OK ||
        sqlite3_exec(x->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    x->checked = true;
    *seq = indexed;
    return 0;
fail:
    ix_fail(x, err);
    sq_vocab_clear(x->vocab);
    ix_reset_all(x, false);
    sqlite3_exec(x->h, "ROLLBACK", NULL, NULL, NULL);
    *more = false;
    return err->kind;
}

static void publish(struct sq_store *s, int64_t seq)
{
    pthread_mutex_lock(&s->ix_mu);
    atomic_store_explicit(&s->ix_seq, seq, memory_order_release);
    pthread_cond_broadcast(&s->ix_done);
    pthread_mutex_unlock(&s->ix_mu);
}

int sq_search_index_all(struct sq_store *s, void (*progress)(int64_t seq, int64_t end),
                        struct err *err)
{
    struct ix x;
    if (ix_open(s, &x, err) != 0)
        return err->kind;
    int64_t seq = 0, end = 0;
    bool more = true;
    int rc = 0;
    while (more && (rc = ix_step(&x, &seq, &more, err)) == 0) {
        publish(s, seq);
        if (progress) {
            ix_int(&x, hi_sql, &end);
            progress(seq, end);
        }
    }
    ix_close(&x);
    return rc;
}

int sq_index_all(struct db *db, void (*progress)(int64_t, int64_t), struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    struct sq_store *s = (struct sq_store *)db->st;
    if (sq_search_index_all(s, progress, err) != 0)
        return err->kind;
    /* and drop the log rows it covered, a slice per transaction */
    int64_t upto = atomic_load_explicit(&s->ix_seq, memory_order_acquire), below = 0, was;
    do {
        was = below;
        if (db_begin(db, err) != 0 || trim(d, upto, &below, err) != 0 || db_commit(db, err) != 0) {
            db_rollback(db);
            return err->kind;
        }
    } while (below < upto && below != was);
    return 0;
}

static void *indexer(void *arg)
{
    struct sq_store *s = arg;
    static struct log_limit fail_log;
    thread_background();
    struct err err = {0};
    struct ix x;
    if (ix_open(s, &x, &err) != 0) {
        log_msg(LOG_WARN, "search indexer: %s", err.msg[LOC_EN]);
        return NULL;
    }
    pthread_mutex_lock(&s->ix_mu);
    while (!s->ix_stopping) {
        pthread_mutex_unlock(&s->ix_mu);
        int64_t seq = 0;
        bool more = false;
        err_clear(&err);
        if (ix_step(&x, &seq, &more, &err) == 0)
            publish(s, seq);
        else /* retried every POLL_MS: a full disk would fill the log */
            log_limited(&fail_log, 60, LOG_WARN, "search indexer: %s", err.msg[LOC_EN]);
        pthread_mutex_lock(&s->ix_mu);
        if (more || s->ix_wanted) {
            s->ix_wanted = false;
            continue;
        }
        struct timespec until = time_deadline(POLL_MS);
        if (!s->ix_stopping)
            pthread_cond_timedwait(&s->ix_cv, &s->ix_mu, &until);
        s->ix_wanted = false;
    }
    pthread_mutex_unlock(&s->ix_mu);
    ix_close(&x);
    return NULL;
}

int sq_indexer_start(struct sq_store *s, struct err *err)
{
    pthread_mutex_lock(&s->ix_mu);
    s->ix_stopping = false;
    s->ix_running = pthread_create(&s->ix_thread, NULL, indexer, s) == 0;
    bool ok = s->ix_running;
    if (ok)
        pthread_setname_np(s->ix_thread, "loket-index"); /* for top -H and perf */
    pthread_mutex_unlock(&s->ix_mu);
    if (!ok)
        return err_set(err, ERR_INTERNAL, "store.thread", "tidak dapat memulai pengindeks",
                       "cannot start the search indexer thread");
    return 0;
}

void sq_indexer_stop(struct sq_store *s)
{
    pthread_mutex_lock(&s->ix_mu);
    bool running = s->ix_running;
    s->ix_stopping = true;
    s->ix_running = false;
    pthread_cond_broadcast(&s->ix_cv);
    pthread_cond_broadcast(&s->ix_done);
    pthread_mutex_unlock(&s->ix_mu);
    if (running)
        pthread_join(s->ix_thread, NULL);
}

/* ---- readers ----------------------------------------------------------- */

int sq_search_ready(struct sq_db *d, struct err *err)
{
    static const char end_sql[] = "SELECT coalesce(max(seq), 0) FROM ticket_fts_pending";
    static const char done_sql[] = "SELECT v FROM search.search_meta WHERE k = 'indexed_seq'";
    struct sq_store *s = (struct sq_store *)d->base.st;
    /* Inside a transaction the snapshot is fixed: search what it holds. */
    sq_snap_end(d); /* a kept one is not: the search wants the newest */
    if (d->tx_depth || !sqlite3_get_autocommit(d->h))
        return 0;
    int64_t end, done;
    if (sq_read_int(d, end_sql, &end, err) != 0 || sq_read_int(d, done_sql, &done, err) != 0)
        return err->kind;
    if (done == end)
        return 0; /* (ahead of the log means a restored loket.db: rebuilt below) */
    pthread_mutex_lock(&s->ix_mu);
    bool running = s->ix_running;
    if (running) {
        s->ix_wanted = true;
        pthread_cond_signal(&s->ix_cv);
        struct timespec until = time_deadline(WAIT_MS);
        int rc = 0;
        /* ahead of the log: the indexer rebuilds; meanwhile the search
        ** shows what the index holds */
        while (done < end && s->ix_running && rc != ETIMEDOUT &&
               atomic_load_explicit(&s->ix_seq, memory_order_acquire) < end)
            rc = pthread_cond_timedwait(&s->ix_done, &s->ix_mu, &until);
        running = s->ix_running;
    }
    pthread_mutex_unlock(&s->ix_mu);
    if (running)
        return 0; /* caught up, or late: the search shows what is indexed */
    /* No indexer in this process (the CLI, tests): index here. */
    return sq_search_index_all(s, NULL, err);
}
