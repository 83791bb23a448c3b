/* SQLite driver internals shared by the files of store/sqlite/. Nothing
** outside store/sqlite/ includes this header. */
#ifndef LOKET_STORE_SQLITE_H
#define LOKET_STORE_SQLITE_H

#include "store/report_store.h"
#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>

enum { STMT_CACHE_SIZE = 256, TEXT_CACHE_SIZE = 128, SQ_BK_MARKS = 64 };

/* Statements built at run time (filters, sorts) cached by their text. */
struct sq_text_slot {
    char *sql;
    unsigned long hash;
    sqlite3_stmt *st;
};

struct sq_stmt_slot {
    const char *sql; /* static string; the pointer is the key */
    sqlite3_stmt *st;
};

struct sq_db {
    struct db base;
    sqlite3 *h;
    struct sq_db *next_free;
    struct sq_stmt_slot cache[STMT_CACHE_SIZE];
    struct sq_text_slot text_cache[TEXT_CACHE_SIZE];
    unsigned text_next; /* round-robin eviction */
    int tx_depth;
    bool conf_dirty; /* this transaction changed a table conf_generation covers */
    /* master records read recently (records.c), valid for rc_gen */
    struct arena *rc_arena;
    uint64_t rc_gen, rc_born_ns;
    unsigned rc_used;
    struct sq_rec_slot {
        const struct resource *res;
        int64_t id;
        struct record *r;
    } rc[64];
    int64_t trimmed; /* search log trimmed below this (search.c) */
    /* a read transaction kept from one request to the next (driver.c) */
    bool snap;
    uint64_t snap_gen;
    /* batch mode (rollup.c): triggers off, report_daily counts kept here */
    bool batch_mode;
    struct sq_rollup {
        const char *dim; /* static string */
        int64_t day, n;
        char key[24];
    } *ru;
    size_t ru_n, ru_cap, ru_mark_n, ru_mark_cap;
    int64_t *ru_mark;
    /* batch mode: the year's ticket counter, read once a transaction and
    ** written back by batch_flush (tickets.c); mark: at the job's savepoint */
    struct sq_seq {
        int year;
        int64_t last;
        bool have, dirty;
    } seq, seq_mark;
    /* (service, day) pairs whose bookings this transaction wrote (booking_gen.c) */
    uint16_t bk_marks[SQ_BK_MARKS];
    unsigned bk_n_marks;
    int64_t bk_rows, bk_marked;
};

#define SQ_NUM_YEARS 128

/* The store's own commits as the WAL index counts them (owncommit.c):
** every commit up to iChange `expl` is its own or already announced;
** `active` while one of its connections holds the WAL write lock, taken at
** iChange `start`. Under mu; expl is also read without it. */
struct sq_own {
    pthread_mutex_t mu;
    _Atomic uint32_t expl;
    bool known, active;
    uint32_t start;
};

struct sq_store {
    struct store base;
    char *path;
    pthread_mutex_t mu;
    struct sq_db *free_list;
    int open_count, n_idle;
    /* checkpointer thread (bg_start): connections' WAL hooks wake it */
    pthread_t ckpt_thread;
    pthread_mutex_t ckpt_mu;
    pthread_cond_t ckpt_cv;
    bool ckpt_running, ckpt_wanted, ckpt_stopping;
    int ckpt_frames; /* the WAL's size when a checkpoint was last asked for */
    bool snapshots; /* pooled connections keep read snapshots (a server) */
    /* the search index (search.c): its file and its indexer thread */
    char *search_path;
    pthread_t ix_thread;
    pthread_mutex_t ix_mu;
    pthread_cond_t ix_cv, ix_done;
    bool ix_running, ix_wanted, ix_stopping;
    _Atomic int64_t ix_seq; /* log position the index covers, as last seen */
    /* per year from 2000: id minus sequence number as last seen, plus a bias
    ** so that 0 means unknown (tickets.c) */
    _Atomic int64_t num_offset[SQ_NUM_YEARS];
    struct sq_counts *counts; /* list totals between requests (counts.c) */
    /* other processes' commits (watch.c): its own connection, under watch_mu */
    pthread_mutex_t watch_mu;
    sqlite3 *watch_h;
    sqlite3_stmt *watch_st;
    int64_t watch_seen; /* data_version last asked; -1 before the first ask */
    struct sq_own own;
    void *_Atomic watch_file; /* the watch connection's file, once it has read */
};

/* Ticket list totals kept between requests (counts.c): key is the count
** query with its values bound in, gen the store generation its snapshot
** was read at; a get with any other generation, or past the entry's two
** seconds, misses. */
struct sq_counts *sq_counts_new(void);
void sq_counts_free(struct sq_counts *c);
bool sq_counts_get(struct sq_counts *c, const char *key, uint64_t gen, int64_t *seen,
                   int64_t *total);
void sq_counts_put(struct sq_counts *c, const char *key, uint64_t gen, int64_t seen,
                   int64_t total);

/* Other processes' commits (watch.c): sq_refresh is the store's refresh
** op; sq_watch_close ends its connection (store close). */
void sq_refresh(struct store *st);
void sq_watch_close(struct sq_store *s);
/* The shim that tells them apart (owncommit.c): main database files are
** opened through it (walbuf.c's VFS); a connection attached to a store
** counts as the store's own; sq_own_changed moves the store's generations
** when someone else has committed since it last looked and says so (1),
** 0 when nobody has, -1 when it cannot tell (no WAL index mapped); it reads
** the index through a file of the store's (sq_own_file), not a statement. */
size_t sq_own_file_size(int real_size);
int sq_own_open(sqlite3_vfs *real, const char *name, sqlite3_file *file, int flags, int *out);
void *sq_own_file(sqlite3 *h);
void sq_own_attach(sqlite3 *h, struct sq_own *o);
int sq_own_changed(void *watch_file, struct sq_store *s);

void sq_rc_free(struct sq_db *d);
/* The WAL-gathering VFS (walbuf.c), made the default before any open. */
void sq_walbuf_register(void);
/* Ends the connection's kept read transaction, if any (before a write, a
** transaction of its own, or a wait for newer data). */
void sq_snap_end(struct sq_db *d);

/* The per-slot place counters (booking_counts.c, migration 0019): where a
** booking row is now (held: it holds a place there), and the counters moved from there to
** b's place, after the row is written in the same transaction. */
struct booking;
struct sq_place {
    bool held;
    int64_t service_id, slot_start;
    char day[16];
};
int sq_bk_place_of(struct sq_db *d, int64_t id, struct sq_place *out, struct err *err);
int sq_bk_count_move(struct sq_db *d, const struct sq_place *was, const struct booking *b,
                     struct err *err);
/* The per-day generations of bookings (booking_gen.c): a pair a write is
** about to change, a bookings row the update hook saw, and the commit or
** rollback of the connection's transaction (driver.c's hooks). */
uint64_t sq_bk_day_gen(struct store *st, int64_t service_id, const char *day);
void sq_bk_gen_mark(struct sq_db *d, int64_t service_id, const char *day);
void sq_bk_gen_row(struct sq_db *d);
void sq_bk_gen_commit(struct sq_db *d);
void sq_bk_gen_clear(struct sq_db *d);

/* Report rollups of the batch writer (rollup.c). */
void sq_batch_mode(struct db *db, bool on);
void sq_rollup_ticket(struct sq_db *d, const struct ticket *t);
/* A ticket saved in batch mode: its counts move as the UPDATE triggers would. */
int sq_rollup_save(struct sq_db *d, const struct ticket *t, struct err *err);
void sq_rollup_mark(struct sq_db *d);
void sq_rollup_undo(struct sq_db *d);
int sq_rollup_flush(struct db *db, struct err *err);
void sq_rollup_free(struct sq_db *d);

/* The search index (search.c). */
char *sq_search_path(const char *path);               /* malloc'd */
char *sq_file_uri(const char *path, const char *query); /* malloc'd */
/* Creates the search file and its tables when missing. */
int sq_search_create(struct sq_store *s, struct err *err);
/* Logs a ticket whose text (title, description, public comments) changed. */
int sq_search_log(struct sq_db *d, int64_t ticket_id, struct err *err);
/* Before a full-text query outside a transaction: waits until the index
** covers every ticket committed so far (indexes it here when this process
** runs no indexer). */
int sq_search_ready(struct sq_db *d, struct err *err);
/* The search vocabulary (vocab.c): loket_vocab() for the indexer's
** connection, and a ticket search's FTS5 expression with each word
** expanded to the indexed words it starts. */
struct sq_vocab;
struct sq_vocab *sq_vocab_new(sqlite3 *h);
void sq_vocab_clear(struct sq_vocab *v);
void sq_vocab_free(struct sq_vocab *v);
int sq_vocab_flush(struct sq_vocab *v, sqlite3 *h);
int sq_ticket_match(struct sq_db *d, struct arena *a, const char *q, char **match,
                    struct err *err);
int sq_index_trim(struct db *db, struct err *err);
int sq_index_all(struct db *db, void (*progress)(int64_t, int64_t), struct err *err);
int sq_indexer_start(struct sq_store *s, struct err *err);
void sq_indexer_stop(struct sq_store *s);
/* Brings the index up to date on this thread; progress(seq, end) after
** each transaction when not NULL. */
int sq_search_index_all(struct sq_store *s, void (*progress)(int64_t seq, int64_t end),
                        struct err *err);

/* Prepared statement for a static SQL string, cached on the connection and
** reset+cleared. Returns NULL and fills err on failure. */
sqlite3_stmt *sq_prepare(struct sq_db *d, const char *sql, struct err *err);
/* Like sq_prepare for SQL assembled at run time: cached by its text (the
** shapes are few: one per filter combination). Reset it, never finalize. */
sqlite3_stmt *sq_prepare_text(struct sq_db *d, const char *sql, struct err *err);
/* A safe FTS5 query from user text: words as quoted prefix terms joined by
** joiner (" AND ", " OR "); in arena a; NULL when there is no word. */
char *sq_fts_terms(struct arena *a, const char *q, const char *joiner);
/* The first column of a static query's first row (0 when it has none). */
int sq_read_int(struct sq_db *d, const char *sql, int64_t *out, struct err *err);
/* Maps a SQLite result code to err (ERR_STORE, or ERR_CONFLICT for busy/constraint). */
int sq_error(struct sq_db *d, int rc, struct err *err);
/* Tests only: with the variable `env` set to N, caps the connection's main
** database at N pages (PRAGMA max_page_count, never below the file's size:
** 1 = it cannot grow); "+N" allows N pages above its size now. A write that
** needs a page more then fails with SQLITE_FULL, as on a full disk
** (tests/api/test_disk_full.py). The store reads LOKET_TEST_MAX_PAGES, the
** search index LOKET_TEST_SEARCH_MAX_PAGES (else LOKET_TEST_MAX_PAGES). */
void sq_test_page_cap(sqlite3 *h, const char *env);
/* Steps a statement that returns no rows; resets it. */
int sq_exec_stmt(struct sq_db *d, sqlite3_stmt *st, struct err *err);
/* Writes the ticket counter batch mode kept (tickets.c); 0 when none. */
int sq_seq_flush(struct sq_db *d, struct err *err);
/* Text column copied into the arena (NULL stays NULL). */
const char *sq_text(struct arena *a, sqlite3_stmt *st, int col);
void sq_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Text bound without SQLite's copy (SQLITE_STATIC), for a write stepped
** at once: s must live until the step. The stale pointer the statement
** keeps afterwards is never read: sq_prepare clears the bindings before
** the statement's next use. The copies and their frees were ~10k
** instructions of the writer's per booking (bench/README.md). */
void sq_bind_text_now(sqlite3_stmt *st, int idx, const char *s);
/* An id or time that 0 means absent: bound as NULL then. */
void sq_bind_id(sqlite3_stmt *st, int idx, int64_t v);

/* Reads one outbox row from the columns listed by SQ_OUTBOX_COLS. */
void sq_outbox_read(sqlite3_stmt *st, struct arena *a, struct outbox_row *o);
#define SQ_OUTBOX_COLS                                                                        \
    "id, created_at, ticket_id, recipient_id, recipient, channel, template, locale, vars, "   \
    "status, attempts, next_attempt_at, claimed_at, sent_at, last_error"

/* The tables of the operations declared in the other store/ headers, each
** at the end of its file here; driver.c puts them into sq_ops. */
extern const struct store_channel_ops sq_channel_ops;                    /* channels.c */
extern const struct store_report_ops sq_report_ops;                      /* reports.c */
extern const struct store_booking_ops sq_booking_ops;                    /* bookings.c */
extern const struct store_booking_invite_ops sq_booking_invite_ops;      /* booking_invites.c */
extern const struct store_partner_ops sq_partner_ops;                    /* partners.c */
extern const struct store_letter_ops sq_letter_ops;                      /* letters.c */
extern const struct store_signup_ops sq_signup_ops;                      /* signup.c */
extern const struct store_user_invite_ops sq_user_invite_ops;           /* user_invite.c */
/* A one-time token (user_invites, signup_pending; user_invite.c): find
** selects (user_id, expires_at) by ?1 the hash, del deletes by ?1 the user
** id. *user_id 0 when the token is unknown or expired, else its user, with
** the row deleted. */
int sq_token_take(struct sq_db *d, const char *find, const char *del,
                  const unsigned char *hash, size_t len, int64_t now, int64_t *user_id,
                  struct err *err);
extern const struct store_attachment_limit_ops sq_attachment_limits_ops; /* attachment_limits.c */
extern const struct store_policy_ops sq_policy_ops; /* policy.c */
extern const struct store_wa_notify_ops sq_wa_notify_ops; /* wa_notify.c */
extern const struct store_oidc_ops sq_oidc_ops; /* oidc.c */
extern const struct store_survey_ops sq_survey_ops; /* survey.c */
extern const struct store_automation_ops sq_automation_ops; /* automation.c */
extern const struct store_subscription_ops sq_subscription_ops; /* subscription.c */
extern const struct store_inapp_ops sq_inapp_ops; /* inapp.c */
/* appt_reports.c: the report table's appointments walk (report_store.h). */
int sq_report_bookings_each(struct db *db, const char *from_day, const char *to_day,
                            int64_t service_id, report_booking_fn *fn, void *cls,
                            struct err *err);
/* waiting_reports.c: the report table's waiting-on-requester walk. */
int sq_report_waiting_each(struct db *db, const struct ticket_query *q, report_wait_fn *fn,
                           void *cls, struct err *err);
/* reject_reports.c: the report table's cancellations by who and code. */
int sq_report_cancellations(struct db *db, const struct ticket_query *q, struct arena *a,
                            struct report_cancel **rows, size_t *n, struct err *err);

/* The connections (driver.c): opened with the store's pragmas and hooks,
** closed with their caches; sq_snaps_expire ends the kept snapshots of idle
** pooled connections that a commit made old (the checkpointer's round). */
struct sq_db *sq_conn_open(struct sq_store *s, struct err *err);
void sq_conn_close(struct sq_db *d);
void sq_snaps_expire(struct sq_store *s);
/* Runs SQL text (several statements) outside the statement cache (stmt.c). */
int sq_exec(struct sq_db *d, const char *sql, struct err *err);
/* The driver's table (ops.c). */
extern const struct store_ops sq_ops;

#endif
