/* The PostgreSQL test fixture (issue #19): a FRESH database per call on the
** cluster named by env LOKET_TEST_PG (a base URL such as
** postgresql://loket@127.0.0.1:PORT/postgres; tests/pg/run_test.sh sets it
** from tests/pg/cluster.sh for the meson suite `pg`), migrated (a copy of
** a template migrated once per cluster, then db_migrate: nothing left to
** apply), with a connection acquired. Without LOKET_TEST_PG the test is skipped (exit 77).
**
**   struct store *st; struct db *db;
**   if (pg_fixture_open(&st, &db) != 0) ... fail
**   ... pg_fixture_int("SELECT count(*) FROM users") reads the database
**   directly (its own libpq connection), pg_fixture_url() opens a second
**   store on the same database ...
**   pg_fixture_close(st, db);   releases, closes and drops the database
**
** One database at a time per test binary (the functions keep its name). */
#ifndef LOKET_TEST_PG_FIXTURE_H
#define LOKET_TEST_PG_FIXTURE_H

#include "store/migration.h"
#include "store/store.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char pg_fixture_name_[64];
static char pg_fixture_url_[512];
static PGconn *pg_fixture_conn_;

/* The base URL, or the test is skipped. */
static inline const char *pg_fixture_base(void)
{
    const char *base = getenv("LOKET_TEST_PG");
    if (!base || !*base) {
        printf("# skipped: LOKET_TEST_PG unset\n1..0 # SKIP LOKET_TEST_PG unset\n");
        fflush(stdout);
        exit(77);
    }
    return base;
}

/* base with its database (the path) replaced by name. */
static inline int pg_fixture_with_db(const char *base, const char *name, char *out, size_t cap)
{
    const char *auth = strstr(base, "://");
    if (!auth)
        return -1;
    auth += 3;
    size_t alen = strcspn(auth, "/?");
    const char *rest = auth + alen;
    if (*rest == '/')
        rest += strcspn(rest, "?");
    int n = snprintf(out, cap, "%.*s/%s%s", (int)(auth + alen - base), base, name, rest);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static inline void pg_fixture_quiet_(void *arg, const char *msg)
{
    (void)arg, (void)msg; /* "... does not exist, skipping" */
}

/* Runs sql on the base database (CREATE / DROP DATABASE). */
static inline int pg_fixture_admin_(const char *sql)
{
    PGconn *c = PQconnectdb(pg_fixture_base());
    PQsetNoticeProcessor(c, pg_fixture_quiet_, NULL);
    PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    int rc = r && PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc)
        printf("# %s: %s\n", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return rc;
}

/* The URL of the fixture's current database. */
static inline const char *pg_fixture_url(void) { return pg_fixture_url_; }

/* Runs sql on the base database, again for a few seconds while another
** session still uses the database it names (a backend exits a moment after
** its client closed the connection). */
static inline int pg_fixture_admin_retry_(const char *sql)
{
    for (int i = 0;; i++) {
        PGconn *c = PQconnectdb(pg_fixture_base());
        PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        int rc = r && PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
        bool busy = state && strcmp(state, "55006") == 0; /* object in use */
        if (rc && (!busy || i == 100))
            printf("# %s: %s\n", sql, PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        if (!rc || !busy || i == 100)
            return rc;
        usleep(50 * 1000);
    }
}

/* The migrated template of this binary's migrations (named by a hash of
** them), made once per cluster: copying it is twice as fast as migrating
** each fresh database. An advisory lock keeps parallel tests from making it
** twice. */
static inline int pg_fixture_template_(char *name, size_t cap)
{
    uint64_t h = 1469598103934665603u;
    for (const struct migration *m = pg_migrations; m->version; m++)
        for (const char *s = m->sql; *s; s++)
            h = (h ^ (unsigned char)*s) * 1099511628211u;
    snprintf(name, cap, "loket_tpl_%016llx", (unsigned long long)h);
    PGconn *c = PQconnectdb(pg_fixture_base());
    if (PQstatus(c) != CONNECTION_OK) {
        printf("# %s\n", PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PQclear(PQexec(c, "SELECT pg_advisory_lock(7813502736210242)"));
    const char *p[] = {name};
    PGresult *r = PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL, p,
                               NULL, NULL, 0);
    bool exists = r && PQntuples(r) == 1;
    PQclear(r);
    int rc = 0;
    if (!exists) {
        char sql[200], url[512], tmp[80];
        snprintf(tmp, sizeof tmp, "%s_new", name);
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", tmp);
        pg_fixture_admin_(sql);
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", tmp);
        struct store *st = NULL;
        struct db *db = NULL;
        struct err e = {0};
        int applied = 0;
        rc = pg_fixture_admin_(sql) != 0 ||
                     pg_fixture_with_db(pg_fixture_base(), tmp, url, sizeof url) != 0 ||
                     store_open(url, &st, &e) != 0 || !(db = store_acquire(st, &e)) ||
                     db_migrate(db, &applied, &e) != 0
                 ? -1
                 : 0;
        if (rc)
            printf("# pg_fixture template: %s: %s\n", e.code, e.msg[LOC_EN]);
        if (db)
            store_release(db);
        if (st)
            store_close(st);
        snprintf(sql, sizeof sql, "ALTER DATABASE %s RENAME TO %s", tmp, name);
        if (!rc)
            rc = pg_fixture_admin_retry_(sql);
    }
    PQclear(PQexec(c, "SELECT pg_advisory_unlock(7813502736210242)"));
    PQfinish(c);
    return rc;
}

static inline int pg_fixture_open(struct store **st, struct db **db)
{
    static int serial;
    const char *base = pg_fixture_base();
    snprintf(pg_fixture_name_, sizeof pg_fixture_name_, "loket_t_%ld_%ld_%d", (long)getpid(),
             (long)time(NULL), ++serial);
    char sql[200], tpl[64];
    if (pg_fixture_template_(tpl, sizeof tpl) != 0)
        return -1;
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", pg_fixture_name_, tpl);
    if (pg_fixture_admin_retry_(sql) != 0 ||
        pg_fixture_with_db(base, pg_fixture_name_, pg_fixture_url_, sizeof pg_fixture_url_) != 0)
        return -1;
    struct err e = {0};
    int applied = 0;
    *st = NULL;
    *db = NULL;
    if (store_open(pg_fixture_url_, st, &e) != 0 || !(*db = store_acquire(*st, &e)) ||
        db_migrate(*db, &applied, &e) != 0) {
        printf("# pg_fixture_open: %s: %s\n", e.code, e.msg[LOC_EN]);
        return -1;
    }
    return 0;
}

/* Direct SQL on the fixture's database (its own connection): for
** assertions on rows. The caller PQclear()s the result; NULL on error. */
static inline PGresult *pg_fixture_sql(const char *sql)
{
    if (!pg_fixture_conn_)
        pg_fixture_conn_ = PQconnectdb(pg_fixture_url_);
    PGresult *r = PQexec(pg_fixture_conn_, sql);
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        printf("# %s: %s\n", sql, PQerrorMessage(pg_fixture_conn_));
        PQclear(r);
        return NULL;
    }
    return r;
}

/* The first column of the first row as an integer; -1 on error or no row. */
static inline long long pg_fixture_int(const char *sql)
{
    PGresult *r = pg_fixture_sql(sql);
    long long v = r && PQntuples(r) > 0 ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : -1;
    PQclear(r);
    return v;
}

static inline void pg_fixture_close(struct store *st, struct db *db)
{
    if (db)
        store_release(db);
    if (st)
        store_close(st);
    if (pg_fixture_conn_) {
        PQfinish(pg_fixture_conn_);
        pg_fixture_conn_ = NULL;
    }
    if (pg_fixture_name_[0]) {
        char sql[160];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_fixture_name_);
        pg_fixture_admin_(sql);
        pg_fixture_name_[0] = '\0';
    }
}

#endif
