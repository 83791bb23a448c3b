/* The PostgreSQL test fixture (issue #19): a FRESH database per call on the
** cluster named by env LOKET_TEST_PG (a base URL such as
** postgresql://loket@127.0.0.1:PORT/postgres; tests/pg/run_test.sh sets it
** from tests/pg/cluster.sh for the meson suite `pg`), migrated, with a
** connection acquired. Without LOKET_TEST_PG the test is skipped (exit 77).
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

#include "store/store.h"

#include <libpq-fe.h>
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

/* Runs sql on the base database (CREATE / DROP DATABASE). */
static inline int pg_fixture_admin_(const char *sql)
{
    PGconn *c = PQconnectdb(pg_fixture_base());
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

static inline int pg_fixture_open(struct store **st, struct db **db)
{
    static int serial;
    const char *base = pg_fixture_base();
    snprintf(pg_fixture_name_, sizeof pg_fixture_name_, "loket_t_%ld_%ld_%d", (long)getpid(),
             (long)time(NULL), ++serial);
    char sql[160];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", pg_fixture_name_);
    if (pg_fixture_admin_(sql) != 0 ||
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
