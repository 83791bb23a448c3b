/* SQLite driver: the per-connection statement caches and the small helpers
** every query file uses (errors, text columns, FTS5 terms). */
#include "store/sqlite/sqlite.h"
#include "core/arena.h"
#include "core/die.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statements ------------------------------------------------------- */

sqlite3_stmt *sq_prepare(struct sq_db *d, const char *sql, struct err *err)
{
    size_t h = ((uintptr_t)sql >> 4) % STMT_CACHE_SIZE;
    for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
        struct sq_stmt_slot *s = &d->cache[(h + i) % STMT_CACHE_SIZE];
        if (s->sql == sql) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            if (d->snap && !sqlite3_stmt_readonly(s->st))
                sq_snap_end(d);
            return s->st;
        }
        if (!s->sql) {
            int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
            if (rc != SQLITE_OK) {
                sq_error(d, rc, err);
                return NULL;
            }
            s->sql = sql;
            if (d->snap && !sqlite3_stmt_readonly(s->st))
                sq_snap_end(d);
            return s->st;
        }
    }
    /* Cache full (should not happen with static SQL): prepare uncached would leak. */
    err_set(err, ERR_STORE, "store.error", "cache pernyataan penuh", "statement cache full");
    return NULL;
}

sqlite3_stmt *sq_prepare_text(struct sq_db *d, const char *sql, struct err *err)
{
    unsigned long h = 5381;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = h * 33 + *p;
    for (size_t i = 0; i < TEXT_CACHE_SIZE; i++) {
        struct sq_text_slot *s = &d->text_cache[i];
        if (s->sql && s->hash == h && strcmp(s->sql, sql) == 0) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            if (d->snap && !sqlite3_stmt_readonly(s->st))
                sq_snap_end(d);
            return s->st;
        }
    }
    struct sq_text_slot *s = &d->text_cache[d->text_next++ % TEXT_CACHE_SIZE];
    if (s->sql) {
        sqlite3_finalize(s->st);
        free(s->sql);
        s->sql = NULL;
    }
    int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
    if (rc != SQLITE_OK) {
        sq_error(d, rc, err);
        return NULL;
    }
    if (d->snap && !sqlite3_stmt_readonly(s->st))
        sq_snap_end(d);
    s->sql = strdup(sql);
    if (!s->sql)
        die("out of memory");
    s->hash = h;
    return s->st;
}

int sq_error(struct sq_db *d, int rc, struct err *err)
{
    int prim = rc & 0xff;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return err_set(err, ERR_UNAVAILABLE, "store.busy", "basis data sedang sibuk, coba lagi",
                       "the database is busy, try again");
    /* SQLite says SQLITE_FULL for ENOSPC, SQLITE_IOERR_* for a write that
    ** failed otherwise (EDQUOT, EFBIG past RLIMIT_FSIZE) */
    if (prim == SQLITE_FULL ||
        (prim == SQLITE_IOERR && d && err_errno_full(sqlite3_system_errno(d->h))))
        return err_storage_full(err);
    return err_set(err, ERR_STORE, "store.error", "kesalahan basis data: %s",
                   "database error: %s", d ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
}

void sq_test_page_cap(sqlite3 *h, const char *env)
{
    const char *v = getenv(env);
    if (!v || !*v)
        return;
    long n = strtol(v + (*v == '+'), NULL, 10);
    if (*v == '+') {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(h, "PRAGMA main.page_count", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n += (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA main.max_page_count=%ld", n);
    sqlite3_exec(h, sql, NULL, NULL, NULL);
}

int sq_exec_stmt(struct sq_db *d, sqlite3_stmt *st, struct err *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    return 0;
}

const char *sq_text(struct arena *a, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (!t)
        return NULL;
    return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, col));
}

void sq_bind_id(sqlite3_stmt *st, int idx, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, idx, v);
    else
        sqlite3_bind_null(st, idx);
}

void sq_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, idx);
}

void sq_bind_text_now(sqlite3_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st, idx, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, idx);
}

int sq_exec(struct sq_db *d, const char *sql, struct err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, &msg);
    if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR) {
        sqlite3_free(msg);
        return sq_error(d, rc, err); /* a full disk has its own answer */
    }
    if (rc != SQLITE_OK) {
        err_set(err, ERR_STORE, "store.error", "kesalahan basis data: %s", "database error: %s",
                msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return ERR_STORE;
    }
    return 0;
}

/* "jaringan lambat" → "jaringan"* AND "lambat"*: every word a quoted prefix
** term, so Indonesian affixed forms (jaringannya) and partial words match
** and nothing the user types is read as FTS5 syntax. NULL when q has no word. */
char *sq_fts_terms(struct arena *a, const char *q, const char *joiner)
{
    size_t n = strlen(q), jl = strlen(joiner);
    char *out = arena_alloc(a, n * (4 + jl) + 16), *o = out;
    bool first = true;
#define WORD(c) ((unsigned char)(c) >= 0x80 || ((c) >= '0' && (c) <= '9') || \
                 (((c) | 32) >= 'a' && ((c) | 32) <= 'z'))
    for (const char *p = q; *p;) {
        while (*p && !WORD(*p))
            p++;
        if (!*p)
            break;
        if (!first) {
            memcpy(o, joiner, jl);
            o += jl;
        }
        first = false;
        *o++ = '"';
        while (*p && (WORD(*p) || *p == '-'))
            *o++ = *p++;
        *o++ = '"';
        *o++ = '*';
    }
#undef WORD
    *o = 0;
    return first ? NULL : out;
}

int sq_read_int(struct sq_db *d, const char *sql, int64_t *out, struct err *err)
{
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}
