/* SQLite driver: the numbered migrations (store/migrations/sqlite),
** each applied in its own transaction and recorded in schema_migrations. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"
#include "store/migration.h"

#include <stdio.h>

/* ---- migrations ------------------------------------------------------- */

/* Counts applied and pending migrations; a version this binary does not
** know means a newer loket wrote the database, and running on it could
** break what that version relies on, so it is refused. */
int sq_migrate_plan(struct db *db, int *pending, int *applied, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    *pending = *applied = 0;
    sq_snap_end(d);
    if (sq_exec(d, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                err) != 0)
        return err->kind;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(d->h, "SELECT version FROM schema_migrations ORDER BY version", -1,
                           &q, NULL) != SQLITE_OK)
        return sq_error(d, SQLITE_ERROR, err);
    int64_t unknown = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        int64_t v = sqlite3_column_int64(q, 0);
        (*applied)++;
        if (!migration_known(sqlite_migrations, v))
            unknown = v;
    }
    sqlite3_finalize(q);
    if (unknown)
        return migration_too_new(sqlite_migrations, unknown, err);
    *pending = migration_count(sqlite_migrations);
    *pending -= *applied;
    return 0;
}

int sq_migrate(struct db *db, int *applied, struct err *err)
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
        if (sq_exec(d, "BEGIN IMMEDIATE", err) != 0) {
            sqlite3_finalize(q);
            return err->kind;
        }
        sqlite3_stmt *ins = NULL;
        if (sq_exec(d, m->sql, err) != 0 ||
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
        if (rc != SQLITE_DONE || sq_exec(d, "COMMIT", err) != 0) {
            sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
            sqlite3_finalize(q);
            return sq_error(d, rc, err);
        }
        (*applied)++;
    }
    sqlite3_finalize(q);
    return 0;
}
