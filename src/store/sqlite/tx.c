/* SQLite driver: transactions, the group-commit writer's savepoints and
** write count, and the liveness ping. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"

/* ---- transactions ----------------------------------------------------- */

int sq_begin(struct db *db, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sq_snap_end(d);
    static const char sql[] = "BEGIN IMMEDIATE";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st || sq_exec_stmt(d, st, err) != 0)
        return err->kind ? err->kind : ERR_STORE;
    d->tx_depth = 1;
    d->seq.have = d->seq.dirty = false; /* read afresh: others may have moved it */
    return 0;
}

int sq_commit(struct db *db, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    static const char sql[] = "COMMIT";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st || sq_exec_stmt(d, st, err) != 0) {
        db_rollback(db);
        return err->kind ? err->kind : ERR_STORE;
    }
    d->tx_depth = 0;
    return 0;
}

void sq_rollback(struct db *db)
{
    struct sq_db *d = (struct sq_db *)db;
    if (!d->tx_depth)
        return;
    d->tx_depth = 0;
    d->ru_n = d->ru_mark_n = 0;
    d->seq.have = d->seq.dirty = false;
    /* Reset every cached statement so none holds the transaction open. */
    for (size_t i = 0; i < STMT_CACHE_SIZE; i++)
        if (d->cache[i].st)
            sqlite3_reset(d->cache[i].st);
    for (size_t i = 0; i < TEXT_CACHE_SIZE; i++)
        if (d->text_cache[i].st)
            sqlite3_reset(d->text_cache[i].st);
    sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
}

int sq_savepoint(struct db *db, int op, struct err *err)
{
    static const char open_sql[] = "SAVEPOINT job";
    static const char release_sql[] = "RELEASE job";
    static const char rollback_sql[] = "ROLLBACK TO job";
    struct sq_db *d = (struct sq_db *)db;
    const char *sql = op == 0 ? open_sql : op == 1 ? release_sql : rollback_sql;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st || sq_exec_stmt(d, st, err) != 0)
        return err->kind ? err->kind : ERR_STORE;
    if (op == 0 && d->batch_mode) {
        sq_rollup_mark(d);
        d->seq_mark = d->seq;
    }
    if (op == 2) { /* ROLLBACK TO keeps the savepoint open */
        if (d->batch_mode) {
            sq_rollup_undo(d);
            d->seq = d->seq_mark;
        }
        if (!(st = sq_prepare(d, release_sql, err)) || sq_exec_stmt(d, st, err) != 0)
            return err->kind ? err->kind : ERR_STORE;
    }
    return 0;
}

int64_t sq_tx_writes(struct db *db)
{
    struct sq_db *d = (struct sq_db *)db;
    return sqlite3_get_autocommit(d->h) ? -1 : (int64_t)sqlite3_total_changes64(d->h);
}

int sq_ping(struct db *db, struct err *err)
{
    int64_t n;
    return sq_read_int((struct sq_db *)db, "SELECT count(*) FROM schema_migrations", &n, err);
}
