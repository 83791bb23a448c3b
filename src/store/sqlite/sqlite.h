/* SQLite driver internals shared by the files of store/sqlite/. Nothing
** outside store/sqlite/ includes this header. */
#ifndef LOKET_STORE_SQLITE_H
#define LOKET_STORE_SQLITE_H

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
    /* (service, day) pairs whose bookings this transaction wrote (booking_gen.c) */
    uint16_t bk_marks[SQ_BK_MARKS];
    unsigned bk_n_marks;
    int64_t bk_rows, bk_marked;
};

#define SQ_NUM_YEARS 128

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
void sq_bk_gen_mark(struct sq_db *d, int64_t service_id, const char *day);
void sq_bk_gen_row(struct sq_db *d);
void sq_bk_gen_commit(struct sq_db *d);
void sq_bk_gen_clear(struct sq_db *d);

/* Report rollups of the batch writer (rollup.c). */
void sq_batch_mode(struct db *db, bool on);
void sq_rollup_ticket(struct sq_db *d, const struct ticket *t);
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
/* Text column copied into the arena (NULL stays NULL). */
const char *sq_text(struct arena *a, sqlite3_stmt *st, int col);
void sq_bind_text(sqlite3_stmt *st, int idx, const char *s);

int sq_rec_list(struct db *db, const struct resource *res, const struct rec_query *q,
                struct arena *a, struct record ***items, size_t *n, int64_t *total,
                struct err *err);
int sq_rec_get(struct db *db, const struct resource *res, int64_t id, struct arena *a,
               struct record **out, struct err *err);
int sq_rec_create(struct db *db, const struct resource *res, struct record *r,
                  struct err *err);
int sq_rec_update(struct db *db, const struct resource *res, int64_t id,
                  const struct record *r, struct err *err);
int sq_rec_delete(struct db *db, const struct resource *res, int64_t id, struct err *err);


int sq_user_by_login(struct db *db, const char *login, struct arena *a,
                     struct user_auth *out, struct err *err);
int sq_user_by_id(struct db *db, int64_t id, struct arena *a, struct user_auth *out,
                  struct err *err);
int sq_user_set_password(struct db *db, int64_t id, const char *hash, struct err *err);
int sq_user_rehash(struct db *db, int64_t id, const char *old_hash, const char *hash,
                   struct err *err);
int sq_session_create(struct db *db, int64_t user_id, const unsigned char *hash,
                      const char *csrf, int64_t expires_at, const char *ip, struct err *err);
int sq_session_lookup(struct db *db, const unsigned char *hash, int64_t now, struct arena *a,
                      struct session_row *out, struct err *err);
int sq_session_delete(struct db *db, const unsigned char *hash, struct err *err);
int sq_token_create(struct db *db, int64_t user_id, const char *name,
                    const unsigned char *hash, int64_t expires_at, int64_t *id,
                    struct err *err);
int sq_token_lookup(struct db *db, const unsigned char *hash, int64_t now, struct arena *a,
                    struct user_auth *out, int64_t *expires_at, struct err *err);
int sq_token_list(struct db *db, int64_t user_id, struct arena *a, struct token_row **items,
                  size_t *n, struct err *err);
int sq_token_revoke(struct db *db, int64_t user_id, int64_t id, struct err *err);
int sq_user_revoke_access(struct db *db, int64_t user_id, const unsigned char *keep,
                          struct err *err);
int sq_login_throttle_get(struct db *db, const char *account, const char *address,
                          struct login_throttle *out, struct err *err);
int sq_login_throttle_set(struct db *db, const char *account, const char *address,
                          const struct login_throttle *t, struct err *err);
int sq_login_throttle_clear(struct db *db, const char *account, const char *address,
                            struct err *err);
int sq_audit_add(struct db *db, int64_t actor_id, const char *action, const char *resource,
                 int64_t record_id, const char *detail, const char *ip, struct err *err);
int sq_audit_list(struct db *db, const struct audit_query *q, struct arena *a,
                  struct audit_row **items, size_t *n, int64_t *total, struct err *err);
int sq_setting_get(struct db *db, const char *key, struct arena *a, const char **value,
                   struct err *err);
int sq_setting_set(struct db *db, const char *key, const char *value, struct err *err);

int sq_ticket_create(struct db *db, struct ticket *t, const char *prefix, int year,
                     struct arena *a, struct err *err);
int sq_ticket_get(struct db *db, const char *number, struct arena *a, struct ticket **out,
                  struct err *err);
int sq_ticket_get_id(struct db *db, int64_t id, struct arena *a, struct ticket **out,
                     struct err *err);
int sq_ticket_save(struct db *db, struct ticket *t, struct err *err);
int sq_ticket_list(struct db *db, const struct ticket_query *q, struct arena *a,
                   struct ticket ***items, size_t *n, int64_t *total, bool *capped,
                   struct err *err);
int sq_ticket_sweep_candidates(struct db *db, int64_t now, int64_t horizon,
                               int64_t resolved_before, struct arena *a, struct ticket ***items,
                               size_t *n, struct err *err);
int sq_ticket_set_tags(struct db *db, int64_t ticket_id, const int64_t *tag_ids, size_t n,
                       struct err *err);
int sq_ticket_search_log(struct db *db, int64_t ticket_id, struct err *err);
int sq_event_add(struct db *db, const struct ticket_event *e, struct err *err);
int sq_events_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a,
                   struct ticket_event **items, size_t *n, struct err *err);
int sq_outbox_add(struct db *db, const struct outbox_row *o, struct err *err);
int sq_outbox_list(struct db *db, const char *status, int64_t ticket_id, struct arena *a,
                   struct outbox_row **items, size_t *n, struct err *err);
int sq_outbox_get(struct db *db, int64_t id, struct arena *a, struct outbox_row *out,
                  struct err *err);
int sq_outbox_claim(struct db *db, const char *channel, int64_t now, int limit, struct arena *a,
                    struct outbox_row **items, size_t *n, struct err *err);
int sq_outbox_finish(struct db *db, int64_t id, const char *status, int64_t next_attempt_at,
                     const char *last_error, int64_t now, struct err *err);
int sq_outbox_expire_claims(struct db *db, const char *channel, int64_t claimed_before,
                            const char *last_error, int *n, struct err *err);
int sq_outbox_unclaim(struct db *db, int64_t id, struct err *err);
int sq_outbox_resend(struct db *db, int64_t id, int64_t now, struct err *err);
/* Reads one outbox row from the columns listed by SQ_OUTBOX_COLS. */
void sq_outbox_read(sqlite3_stmt *st, struct arena *a, struct outbox_row *o);
#define SQ_OUTBOX_COLS                                                                        \
    "id, created_at, ticket_id, recipient_id, recipient, channel, template, locale, vars, "   \
    "status, attempts, next_attempt_at, claimed_at, sent_at, last_error"
int sq_mail_template_get(struct db *db, const char *key, const char *locale, struct arena *a,
                         struct mail_template_row *out, struct err *err);
int sq_mail_template_put(struct db *db, const struct mail_template_row *t, struct err *err);
int sq_mail_template_delete(struct db *db, const char *key, const char *locale,
                            struct err *err);
int sq_mail_template_list(struct db *db, struct arena *a, struct mail_template_row **items,
                          size_t *n, struct err *err);
int sq_redirect_add(struct db *db, int64_t service_id, int64_t user_id, int64_t at,
                    struct err *err);
int sq_redirect_count(struct db *db, int64_t service_id, int64_t *count, struct err *err);
int sq_attachment_add(struct db *db, struct attachment *at, struct err *err);
int sq_attachment_get(struct db *db, int64_t id, struct arena *a, struct attachment *out,
                      struct err *err);
int sq_attachments_list(struct db *db, int64_t ticket_id, bool with_internal, struct arena *a,
                        struct attachment **items, size_t *n, struct err *err);
int sq_faq_save(struct db *db, struct faq *f, struct err *err);
int sq_faq_get(struct db *db, int64_t id, struct arena *a, struct faq *out, struct err *err);
int sq_faq_delete(struct db *db, int64_t id, struct err *err);
int sq_faq_list(struct db *db, const struct faq_query *q, struct arena *a, struct faq **items,
                size_t *n, int64_t *total, struct err *err);
int sq_faq_vote(struct db *db, int64_t id, int64_t user_id, bool helpful, bool *counted,
                struct err *err);
int sq_proposal_save(struct db *db, struct faq_proposal *p, struct err *err);
int sq_proposal_get(struct db *db, int64_t id, struct arena *a, struct faq_proposal *out,
                    struct err *err);
int sq_proposal_list(struct db *db, const char *status, int64_t proposer_id, int64_t page,
                     int64_t per_page, struct arena *a, struct faq_proposal **items, size_t *n,
                     int64_t *total, struct err *err);

#endif
