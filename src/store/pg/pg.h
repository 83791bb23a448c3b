/* PostgreSQL driver internals shared by the files of store/pg/ (issue #19).
** Nothing outside store/pg/ includes this header; callers reach the driver
** through store.h's wrappers like any other (docs/storage-driver.md).
**
** Conventions every file here keeps (docs/postgresql.md says why):
** - The schema mirrors SQLite's tables and column names
**   (src/store/migrations/postgresql/): INTEGER -> bigint, TEXT -> text,
**   BLOB -> bytea, REAL -> double precision; flags stay 0/1 integers; times
**   stay unix seconds; ids are bigint identity columns (RETURNING id, no
**   last_insert_rowid). SQLite's COLLATE NOCASE becomes lower(x) on both
**   sides, with an index on lower(x).
** - Parameters are sent as text ($1, $2 ...; NULL is SQL NULL); write a cast
**   ($1::bigint) wherever PostgreSQL cannot infer the type.
** - A static SQL string is prepared once per connection, keyed by its
**   pointer (pg_q); SQL built at run time goes through pg_qt.
** - Every function returns 0 or a negative enum err_kind with err filled. */
#ifndef LOKET_STORE_PG_H
#define LOKET_STORE_PG_H

#include "store/store.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct arena;

enum { PG_PREP_MAX = 512, PG_MAX_PARAMS = 64, PG_LATER_MAX = 32 };

struct pg_prep {
    const char *sql; /* static string; the pointer is the key */
    bool conf;       /* writes a table conf_generation covers */
    bool write;      /* INSERT, UPDATE, DELETE or MERGE somewhere in it */
};

struct pg_db {
    struct db base;
    PGconn *c;
    struct pg_db *next_free;
    int tx_depth;       /* 1 inside begin .. commit/rollback */
    bool in_savepoint;
    bool wrote;         /* this transaction (or autocommit statement) wrote */
    bool conf_dirty;    /* ... a table conf_generation covers */
    bool failed;        /* a statement failed inside the transaction */
    int64_t writes;     /* rows written by this connection's statements */
    char constraint[64]; /* the constraint the last failed statement broke */
    struct pg_prep prep[PG_PREP_MAX];
    unsigned n_prep;
    struct pg_rc *rc; /* master records read recently (rcache.c) */
    /* the group-commit writer's connection (batch_mode), and whether this
    ** transaction counts new tickets in ru instead of the trigger (rollup.c) */
    bool batch_mode, rollup_tx;
    struct pg_rollup *ru;
    /* writes sent in pipeline mode whose results are not read yet
    ** (pg_exec_later, query.c): their prepared statements, in order */
    const struct pg_prep *later[PG_LATER_MAX];
    int n_later;
    struct pg_subs *subs; /* webhook subscribers seen lately (webhook.c) */
    struct pg_users *users; /* users the writer read lately (auth.c) */
};

struct pg_store {
    struct store base;
    char *url; /* with the password: never logged (pg_url_safe) */
    pthread_mutex_t mu;
    struct pg_db *free_list;
    int open_count, n_idle;
    /* other nodes' commits: a LISTEN connection polled by refresh */
    pthread_mutex_t listen_mu;
    PGconn *listen;
    int64_t listen_retry_ms; /* no new attempt before (CLOCK_MONOTONIC ms) */
    /* refresh's round trips on it (driver.c pg_refresh): started, and the
    ** number of the last one answered; LOKET_PG_SYNC_REFRESH=0 = none */
    _Atomic uint64_t sync_started, sync_done;
    bool sync_refresh;
    /* begin takes the one write lock of the database, as SQLite's BEGIN
    ** IMMEDIATE does (tx.c; LOKET_PG_SERIAL_WRITES=0 turns it off) */
    bool serial_writes;
    /* backend pids of this store's connections (under mu): their NOTIFYs
    ** are this store's own commits, which moved the generations already */
    int *pids;
    int n_pids, cap_pids;
    /* bg_start's thread: refresh every few tens of milliseconds */
    pthread_t bg;
    bool bg_running, bg_stop;
    pthread_mutex_t bg_mu;
    pthread_cond_t bg_cv;
};

/* ---- running statements (query.c) ---------------------------- */

/* Runs a static SQL string with n text parameters (params[i] NULL = NULL).
** On success *out holds the result (the caller PQclear()s it; out may be
** NULL for statements whose rows nobody reads). Errors: a unique or
** exclusion violation -> ERR_CONFLICT "store.conflict" with d->constraint
** set (remap it to the area's code: appointment.full, letter.exists ...);
** a foreign key violation -> ERR_CONFLICT "store.conflict" too; a
** serialization failure, deadlock, lock timeout or lost connection ->
** ERR_UNAVAILABLE "store.busy"; disk full -> err_storage_full; anything
** else ERR_STORE "store.error". Affected rows of a write count toward
** d->writes and mark the transaction as having written. */
int pg_q(struct pg_db *d, const char *sql, int n, const char *const *params, PGresult **out,
         struct err *err);
/* The same for SQL built at run time (filters, sorts): not kept prepared. */
int pg_qt(struct pg_db *d, const char *sql, int n, const char *const *params,
          PGresult **out, struct err *err);
/* A write whose rows nobody reads: *changed (may be NULL) gets the number
** of rows it inserted, updated or deleted. */
int pg_exec(struct pg_db *d, const char *sql, int n, const char *const *params,
            int64_t *changed, struct err *err);
/* pg_exec of a static write whose answer nobody waits for, inside the
** group-commit writer's transaction: sent at once in pipeline mode, its
** result read with the next statement's (one round trip for both); an
** error it meets is that statement's error (the transaction is aborted
** either way; the writer then runs the batch again with savepoints, where
** each job's release reads its own). Anywhere else: pg_exec. */
int pg_exec_later(struct pg_db *d, const char *sql, int n, const char *const *params,
                  struct err *err);
/* Reads the results of the writes pg_exec_later sent (one round trip when
** there are any); their first error, as pg_error. tx.c and every direct
** PQexec on a connection that may hold them call it first. */
int pg_sync(struct pg_db *d, struct err *err);

/* ---- parameters ------------------------------------------------------- */

/* Collects text parameters; numbers are printed into the arena. */
struct pg_params {
    struct arena *a;
    int n;
    const char *v[PG_MAX_PARAMS];
};
void pgp_init(struct pg_params *p, struct arena *a);
void pgp_text(struct pg_params *p, const char *s); /* NULL -> NULL */
void pgp_int(struct pg_params *p, int64_t v);
void pgp_id(struct pg_params *p, int64_t id);      /* 0 -> NULL */
void pgp_double(struct pg_params *p, double v);
void pgp_bytea(struct pg_params *p, const unsigned char *b, size_t n); /* \x hex */
void pgp_null(struct pg_params *p);

/* ---- reading results (rows start at 0, columns at 0) ------------------ */

bool pg_null(const PGresult *r, int row, int col);
int64_t pg_int(const PGresult *r, int row, int col); /* NULL -> 0 */
double pg_double(const PGresult *r, int row, int col);
/* A copy in the arena; NULL for SQL NULL. */
char *pg_text(struct arena *a, const PGresult *r, int row, int col);
/* The value as PostgreSQL sent it (valid until PQclear); "" for NULL. */
const char *pg_raw(const PGresult *r, int row, int col);
/* A bytea column decoded into the arena; returns its length, -1 on NULL. */
ssize_t pg_bytea(struct arena *a, const PGresult *r, int row, int col, unsigned char **out);
/* For "RETURNING id" and "SELECT count(*)": the first column of the first
** row, 0 with no row. */
int64_t pg_first_int(const PGresult *r);

/* ---- the driver (driver.c, tx.c, migrate.c) ------------------------------------------ */

/* The URL without its password, for messages and logs. */
char *pg_url_safe(const char *url); /* malloc'd */
int pg_store_open(const char *url, struct store **out, struct err *err);

/* What a statement writes, from its text: *write when it inserts, updates,
** deletes or merges, *conf when a table conf_generation covers is among its
** targets (query.c; the list is SQLite's on_update one). */
void pg_sql_scan(const char *sql, bool *write, bool *conf);
/* Maps a failed result (r may be NULL: the connection's error) to err by
** SQLSTATE, sets d->constraint, marks the transaction failed (query.c). */
int pg_error(struct pg_db *d, const PGresult *r, struct err *err);
/* After a commit (or an autocommit statement) that wrote: moves this
** store's generations and clears the connection's write marks (tx.c). */
void pg_committed(struct pg_db *d);

/* ---- the record cache (rcache.c) ------------------------------- */
struct resource;
struct record;
struct arena;
/* A copy in a of the record (res, id) d read while conf_generation was gen,
** or NULL. */
struct record *pg_rc_find(struct pg_db *d, uint64_t gen, const struct resource *res, int64_t id,
                          struct arena *a);
/* Keeps r, read while conf_generation was gen (nothing if it has moved). */
void pg_rc_put(struct pg_db *d, uint64_t gen, const struct resource *res, int64_t id,
               const struct record *r);
void pg_rc_free(struct pg_db *d);
/* webhook.c's cache of subscribers */
void pg_subs_free(struct pg_db *d);
/* auth.c's cache of users */
void pg_users_free(struct pg_db *d);

#endif
