/* SQLite driver: online backup into one self-contained file, and the
** integrity check `loket restore` runs before swapping a backup in. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"

#include <string.h>

/* ---- backup ----------------------------------------------------------- */

int sq_backup(struct db *db, const char *dest, struct err *err)
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
