/* PostgreSQL driver: upkeep (the maint table): the numbered migrations of
** store/migrations/postgresql, each applied in its own transaction under an
** advisory lock (two nodes starting at once apply each one once) and
** recorded in schema_migrations like SQLite's; ping; backup, which is
** pg_dump's job; the search index, kept in the ticket's own transaction. */
#include "store/pg/pg.h"
#include "store/pg/ops.h"
#include "store/migration.h"

#include <stdio.h>
#include <stdlib.h>

/* pg_advisory_xact_lock key of the migrations ('loket' 'mig') */
#define MIGRATE_LOCK "SELECT pg_advisory_xact_lock(7813502736210241)"

static int run(struct pg_db *d, const char *sql, struct err *err)
{
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

static void abort_tx(struct pg_db *d)
{
    PQclear(PQexec(d->c, "ROLLBACK"));
    d->tx_depth = 0;
    d->failed = d->wrote = d->conf_dirty = false;
}

/* Counts applied and pending migrations; a version this binary does not
** know means a newer loket wrote the database, and running on it could
** break what that version relies on, so it is refused. */
static int pg_migrate_plan(struct db *db, int *pending, int *applied, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    *pending = *applied = 0;
    /* under the lock: two nodes creating the table at once collide */
    if (run(d, "BEGIN; " MIGRATE_LOCK "; CREATE TABLE IF NOT EXISTS schema_migrations ("
               " version bigint PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL); COMMIT",
            err) != 0) {
        abort_tx(d);
        return err->kind;
    }
    static const char sql[] = "SELECT version FROM schema_migrations ORDER BY version";
    PGresult *r;
    if (pg_q(d, sql, 0, NULL, &r, err) != 0)
        return err->kind;
    int64_t unknown = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        int64_t v = pg_int(r, i, 0);
        (*applied)++;
        if (!migration_known(pg_migrations, v))
            unknown = v;
    }
    PQclear(r);
    if (unknown)
        return migration_too_new(pg_migrations, unknown, err);
    *pending = migration_count(pg_migrations);
    *pending -= *applied;
    return 0;
}

/* Whether version v is recorded (inside the migration's transaction). */
static int is_applied(struct pg_db *d, int v, bool *yes, struct err *err)
{
    static const char sql[] = "SELECT 1 FROM schema_migrations WHERE version = $1::bigint";
    char num[16];
    snprintf(num, sizeof num, "%d", v);
    const char *p[] = {num};
    PGresult *r;
    if (pg_q(d, sql, 1, p, &r, err) != 0)
        return err->kind;
    *yes = PQntuples(r) > 0;
    PQclear(r);
    return 0;
}

static int pg_migrate(struct db *db, int *applied, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    int pending, done;
    *applied = 0;
    if (pg_migrate_plan(db, &pending, &done, err) != 0)
        return err->kind;
    /* Each version is checked on its own, not against max(version): numbers
    ** are reserved per branch, so a lower number may arrive after a higher
    ** one was applied. */
    for (const struct migration *m = pg_migrations; m->version; m++) {
        bool yes = false;
        if (run(d, "BEGIN; " MIGRATE_LOCK, err) != 0) {
            abort_tx(d);
            return err->kind;
        }
        d->tx_depth = 1; /* the record below is part of it, not autocommit */
        if (is_applied(d, m->version, &yes, err) != 0) {
            abort_tx(d);
            return err->kind;
        }
        if (yes) {
            abort_tx(d); /* nothing written: ends the lock too */
            continue;
        }
        static const char rec[] =
            "INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1::bigint, $2, "
            "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))";
        char num[16];
        snprintf(num, sizeof num, "%d", m->version);
        const char *p[] = {num, m->name};
        if (run(d, m->sql, err) != 0 || pg_q(d, rec, 2, p, NULL, err) != 0) {
            abort_tx(d);
            char msg[300];
            snprintf(msg, sizeof msg, "%s", err->msg[LOC_EN]);
            return err_set(err, ERR_STORE, "store.migration", "migrasi %04d_%s gagal: %s",
                           "migration %04d_%s failed: %s", m->version, m->name, msg);
        }
        /* every cached plan may name a table this changed */
        if (run(d, "NOTIFY loket_gen, 'conf'; COMMIT", err) != 0) {
            abort_tx(d);
            return err->kind;
        }
        d->tx_depth = 0;
        d->wrote = d->conf_dirty = true;
        pg_committed(d);
        (*applied)++;
    }
    return 0;
}

static int pg_ping(struct db *db, struct err *err)
{
    static const char sql[] = "SELECT 1";
    return pg_q((struct pg_db *)db, sql, 0, NULL, NULL, err);
}

/* A running PostgreSQL is copied with its own tools (pg_dump, or
** pg_basebackup with WAL archiving): docs/postgresql.md, "Backups". */
static int pg_backup(struct db *db, const char *dest, struct err *err)
{
    (void)db, (void)dest;
    return err_text(err, ERR_UNSUPPORTED, "store.backup_pg",
                    "loket backup hanya untuk SQLite; cadangkan PostgreSQL dengan pg_dump "
                    "(lihat docs/postgresql.md)",
                    "loket backup is for SQLite only; back PostgreSQL up with pg_dump "
                    "(see docs/postgresql.md)");
}

/* The search index is written in each ticket's own transaction (a
** tsvector column), so there is nothing to catch up on. */
static int pg_index_all(struct db *db, void (*progress)(int64_t done, int64_t end),
                        struct err *err)
{
    (void)db, (void)progress, (void)err;
    return 0;
}

/* A periodic job's lock: a session advisory lock in the class 'loket' 'j'
** (two-key form, so it never meets the migration or write lock), keyed by
** the job's name. Session-level, not transaction-level, because a job (the
** SLA sweep) runs many transactions; a node that dies loses its session and
** so the lock. */
static int pg_singleton(struct db *db, const char *job, bool hold, struct err *err)
{
    static const char take[] = "SELECT pg_try_advisory_lock(1819244394, hashtext($1))::int";
    static const char give[] = "SELECT pg_advisory_unlock(1819244394, hashtext($1))::int";
    const char *p[] = {job};
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, hold ? take : give, 1, p, &r, err) != 0)
        return -1;
    int got = (int)pg_first_int(r);
    PQclear(r);
    return hold ? got : 0;
}

const struct store_maint_ops pg_maint_ops = {
    .index_all = pg_index_all,
    .migrate = pg_migrate,
    .migrate_plan = pg_migrate_plan,
    .ping = pg_ping,
    .backup = pg_backup,
    .singleton = pg_singleton,
};
