/* PostgreSQL driver: transactions, the group-commit writer's savepoints and
** write count (the tx table).
**
** begin is BEGIN ISOLATION LEVEL READ COMMITTED: every rule that needs a
** serial order (gap-free yearly numbers, booking places, claims) takes a
** row lock on its counter or row (UPDATE ... RETURNING, SELECT ... FOR
** UPDATE [SKIP LOCKED]), so nothing pays for SERIALIZABLE's retries
** (docs/postgresql.md). Rules of svc/ that read, check and then write
** inside a transaction (a partner's monthly ceiling ...) were written for
** SQLite's BEGIN IMMEDIATE, which orders all write transactions; until
** each has a row lock of its own, begin also takes one transaction-scoped
** advisory lock, the database's write lock, in the same round trip
** (serial_writes). Reads and single autocommit statements never wait for
** it. A commit that wrote sends NOTIFY loket_gen in the same round trip,
** delivered when it commits, so the other processes' refresh moves their
** generations (driver.c). */
#include "store/pg/pg.h"
#include "store/pg/ops.h"
#include "store/pg/rollup.h"

#include <string.h>

void pg_committed(struct pg_db *d)
{
    struct store *st = d->base.st;
    if (d->wrote) {
        atomic_fetch_add_explicit(&st->generation, 1, memory_order_release);
        if (d->conf_dirty)
            atomic_fetch_add_explicit(&st->conf_generation, 1, memory_order_release);
    }
    d->wrote = d->conf_dirty = false;
}

static int simple(struct pg_db *d, const char *sql, struct err *err)
{
    if (pg_sync(d, err) != 0) /* PQexec is not for pipeline mode */
        return err->kind;
    PGresult *r = PQexec(d->c, sql);
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        int rc = pg_error(d, r, err);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    return 0;
}

/* The key of the write lock (pg_advisory_xact_lock): 'loket' 'w'. */
#define WRITE_LOCK "SELECT pg_advisory_xact_lock(7813502736210243)"
/* report_ticket_insert stays out (migration 0009) */
#define ROLLUP_ON "SET LOCAL loket.rollup = 'on'"

static int pg_begin(struct db *db, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    struct pg_store *s = (struct pg_store *)db->st;
    d->wrote = d->conf_dirty = d->failed = d->in_savepoint = false;
    pg_rollup_reset(d);
    /* the writer's batches count new tickets in rollup.c, not the trigger;
    ** SET LOCAL: a connection made again later never keeps it */
    static const char *const sql[2][2] = {
        {"BEGIN ISOLATION LEVEL READ COMMITTED",
         "BEGIN ISOLATION LEVEL READ COMMITTED; " WRITE_LOCK},
        {"BEGIN ISOLATION LEVEL READ COMMITTED; " ROLLUP_ON,
         "BEGIN ISOLATION LEVEL READ COMMITTED; " ROLLUP_ON "; " WRITE_LOCK},
    };
    /* waiting longer than lock_timeout for the lock: store.busy */
    if (simple(d, sql[d->batch_mode][s->serial_writes], err) != 0) {
        PQclear(PQexec(d->c, "ROLLBACK"));
        d->failed = false;
        return err->kind;
    }
    d->tx_depth = 1;
    d->rollup_tx = d->batch_mode;
    return 0;
}

static void pg_rollback(struct db *db)
{
    struct pg_db *d = (struct pg_db *)db;
    if (!d->tx_depth)
        return;
    pg_sync(d, NULL); /* whatever the writes met, they go (inside the transaction) */
    d->tx_depth = 0;
    d->wrote = d->conf_dirty = d->failed = d->in_savepoint = false;
    d->rollup_tx = false;
    pg_rollup_reset(d);
    PQclear(PQexec(d->c, "ROLLBACK"));
}

static int pg_commit(struct db *db, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (!d->tx_depth)
        return 0;
    struct err spare = {0};
    pg_sync(d, &spare); /* the writes sent without waiting: one that failed sets failed */
    if (d->failed || PQtransactionStatus(d->c) == PQTRANS_INERROR) {
        pg_rollback(db);
        return err_text(err, ERR_STORE, "store.error",
                        "transaksi dibatalkan karena perintah sebelumnya gagal",
                        "the transaction was rolled back: an earlier statement failed");
    }
    /* counts still owed (a commit without the writer's batch_flush) */
    if (pg_rollup_flush(d, err) != 0) {
        pg_rollback(db);
        return err->kind;
    }
    /* NOTIFY first: it is delivered at commit, never for a rollback. */
    const char *sql = !d->wrote       ? "COMMIT"
                      : d->conf_dirty ? "NOTIFY loket_gen, 'conf'; COMMIT"
                                      : "NOTIFY loket_gen, 'data'; COMMIT";
    PGresult *r = PQexec(d->c, sql);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        int rc = pg_error(d, r, err);
        PQclear(r);
        pg_rollback(db);
        return rc;
    }
    /* COMMIT of a transaction a failed statement aborted answers ROLLBACK */
    bool committed = strcmp(PQcmdStatus(r), "COMMIT") == 0;
    PQclear(r);
    d->tx_depth = 0;
    d->in_savepoint = false;
    d->rollup_tx = false;
    pg_rollup_reset(d);
    if (!committed) {
        d->wrote = d->conf_dirty = d->failed = false;
        return err_text(err, ERR_STORE, "store.error",
                        "transaksi dibatalkan karena perintah sebelumnya gagal",
                        "the transaction was rolled back: an earlier statement failed");
    }
    d->failed = false;
    pg_committed(d);
    return 0;
}

static int pg_savepoint(struct db *db, int op, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    const char *sql = op == 0 ? "SAVEPOINT job"
                      : op == 1 ? "RELEASE SAVEPOINT job"
                                : "ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job";
    /* the job's writes sent without waiting (pg_exec_later): one that
    ** failed fails the job, which then leaves no trace like any other */
    if (op == 1 && pg_sync(d, err) != 0) {
        struct err spare = {0};
        if (simple(d, "ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job", &spare) == 0) {
            d->failed = d->in_savepoint = false;
            pg_rollup_undo(d);
        }
        return err->kind;
    }
    if (op == 2)
        pg_sync(d, NULL); /* rolled back below, whatever they met */
    if (simple(d, sql, err) != 0)
        return err->kind;
    d->in_savepoint = op == 0;
    if (op == 0)
        pg_rollup_mark(d);
    if (op == 2) {
        d->failed = false; /* the failed statement went with the savepoint */
        pg_rollup_undo(d);
    }
    return 0;
}

/* Any monotone count works (docs/storage-driver.md): the rows this
** connection's statements wrote; -1 once a failed statement has aborted the
** transaction, which PostgreSQL then refuses to carry on (the writer runs
** the batch again with a savepoint per job). */
static int64_t pg_tx_writes(struct db *db)
{
    struct pg_db *d = (struct pg_db *)db;
    /* writes in flight count as the one row each will have written, so a job
    ** that only read their results has written nothing itself */
    if (d->tx_depth && d->n_later && !d->failed)
        return d->writes + d->n_later;
    if (!d->tx_depth || PQtransactionStatus(d->c) != PQTRANS_INTRANS)
        return -1;
    return d->writes;
}

/* Batch mode: the writer's transactions count new tickets' reports in
** rollup.c and write them once per batch; search rows are indexed as
** written (triggers). */
static void pg_batch_mode(struct db *db, bool on)
{
    ((struct pg_db *)db)->batch_mode = on;
}

/* The batch's report counts, before its commit (rollup.c). */
static int pg_batch_flush(struct db *db, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (pg_rollup_flush(d, err) != 0 || pg_sync(d, err) != 0)
        return err->kind;
    return 0;
}

static int pg_index_trim(struct db *db, struct err *err)
{
    (void)db, (void)err;
    return 0;
}

const struct store_tx_ops pg_tx_ops = {
    .batch_mode = pg_batch_mode,
    .batch_flush = pg_batch_flush,
    .index_trim = pg_index_trim,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .savepoint = pg_savepoint,
    .tx_writes = pg_tx_writes,
};
