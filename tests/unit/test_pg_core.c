/* pg-core: the PostgreSQL driver's core (issue #19) on a fresh database of
** the private cluster (tests/unit/pg_fixture.h): open and migrate (twice:
** nothing the second time; a database newer than the binary refused);
** transactions, the write lock begin takes, the savepoint of the
** group-commit writer, the write count;
** SQLSTATE mapping (unique violation -> ERR_CONFLICT naming the constraint,
** a lost connection -> store.busy and dropped from the pool, an idle one
** the server closed skipped at acquire); the two
** generations after commits and rollbacks; NOTIFY moving another store's
** generations on refresh; two nodes migrating one database at once;
** pg_url_safe and connection errors without the password; two connections
** from the pool; backup refused with its pointer to pg_dump. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "pg_fixture.h"
#include "core/arena.h"
#include "store/migration.h"
#include "store/pg/pg.h"

struct fx {
    struct store *st;
    struct db *db;
};

static int setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof f);
    *state = &f;
    return pg_fixture_open(&f.st, &f.db);
}

static int teardown(void **state)
{
    struct fx *f = *state;
    pg_fixture_close(f->st, f->db);
    return 0;
}

static struct pg_db *pgd(struct db *db) { return (struct pg_db *)db; }

/* Inserts a unit named name (a conf table: master data). */
static int add_unit(struct db *db, const char *name, struct err *e)
{
    static const char sql[] =
        "INSERT INTO units(name, created_at, updated_at) VALUES ($1, 'now', 'now')";
    const char *p[] = {name};
    return pg_exec(pgd(db), sql, 1, p, NULL, e);
}

static int add_audit(struct db *db, const char *action, struct err *e)
{
    static const char sql[] =
        "INSERT INTO audit_log(at, action, resource) VALUES ('2026-12-07T00:00:00Z', $1, 'x')";
    const char *p[] = {action};
    return pg_exec(pgd(db), sql, 1, p, NULL, e);
}

static void test_migrate_twice(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int applied = -1, pending = -1, done = -1;
    /* the fixture migrated once: every migration is recorded, by name */
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM schema_migrations"), migration_count(pg_migrations));
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM schema_migrations WHERE version = 1 "
                                    "AND name = 'schema' AND applied_at LIKE '20%Z'"),
                     1);
    assert_int_equal(db_migrate(f->db, &applied, &e), 0);
    assert_int_equal(applied, 0);
    assert_int_equal(db_migrate_plan(f->db, &pending, &done, &e), 0);
    assert_int_equal(pending, 0);
    assert_int_equal(done, migration_count(pg_migrations));
    /* the seed rows of 0001 are there once, not twice */
    assert_true(pg_fixture_int("SELECT count(*) FROM reject_reasons") > 0);
    long long seeded = pg_fixture_int("SELECT count(*) FROM reject_reasons");
    assert_int_equal(db_migrate(f->db, &applied, &e), 0);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM reject_reasons"), seeded);
    assert_int_equal(db_ping(f->db, &e), 0);
}

struct migrator {
    const char *url;
    int rc, applied;
};

static void *migrate_thread(void *arg)
{
    struct migrator *m = arg;
    struct store *st = NULL;
    struct db *db = NULL;
    struct err e = {0};
    m->rc = store_open(m->url, &st, &e);
    if (!m->rc && !(db = store_acquire(st, &e)))
        m->rc = e.kind;
    if (!m->rc)
        m->rc = db_migrate(db, &m->applied, &e);
    if (m->rc)
        printf("# migrate: %s: %s\n", e.code, e.msg[LOC_EN]);
    if (db)
        store_release(db);
    if (st)
        store_close(st);
    return NULL;
}

/* Two nodes starting at once on an empty database: each migration is
** applied once (the advisory lock), and both start. */
static void test_migrate_concurrent(void **state)
{
    (void)state;
    char name[64], url[512], sql[128];
    snprintf(name, sizeof name, "loket_t_%ld_race", (long)getpid());
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    assert_int_equal(pg_fixture_admin_(sql), 0);
    assert_int_equal(pg_fixture_with_db(pg_fixture_base(), name, url, sizeof url), 0);
    struct migrator m[2] = {{.url = url}, {.url = url}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, migrate_thread, &m[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", name);
    assert_int_equal(pg_fixture_admin_(sql), 0);
    assert_int_equal(m[0].rc, 0);
    assert_int_equal(m[1].rc, 0);
    assert_int_equal(m[0].applied + m[1].applied, migration_count(pg_migrations));
}

static void test_too_new(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int applied, pending, done;
    PQclear(pg_fixture_sql("INSERT INTO schema_migrations VALUES (9999, 'future', 'x')"));
    assert_int_equal(db_migrate_plan(f->db, &pending, &done, &e), ERR_STORE);
    assert_string_equal(e.code, "store.too_new");
    assert_non_null(strstr(e.msg[LOC_EN], "9999"));
    assert_int_equal(db_migrate(f->db, &applied, &e), ERR_STORE);
    assert_string_equal(e.code, "store.too_new");
}

static void test_rollback(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(add_unit(f->db, "Gone", &e), 0);
    /* the fixture's own connection does not see it before the commit */
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM units WHERE name = 'Gone'"), 0);
    db_rollback(f->db);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM units WHERE name = 'Gone'"), 0);
    db_rollback(f->db); /* a no-op without a transaction */
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(add_unit(f->db, "Kept", &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM units WHERE name = 'Kept'"), 1);
}

static void test_savepoint(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_tx_writes(f->db) >= 0, 1);
    int64_t w0 = db_tx_writes(f->db);
    assert_int_equal(add_unit(f->db, "Outer", &e), 0);
    assert_int_equal(db_tx_writes(f->db), w0 + 1);
    assert_int_equal(db_savepoint(f->db, 0, &e), 0);
    assert_int_equal(add_unit(f->db, "Inner", &e), 0);
    /* a failed statement inside the savepoint: the transaction is aborted
    ** (tx_writes -1) until the savepoint is rolled back */
    assert_int_equal(add_unit(f->db, "outer", &e), ERR_CONFLICT);
    assert_int_equal(db_tx_writes(f->db), -1);
    assert_int_equal(db_savepoint(f->db, 2, &e), 0);
    assert_true(db_tx_writes(f->db) >= 0);
    assert_int_equal(db_savepoint(f->db, 0, &e), 0);
    assert_int_equal(add_unit(f->db, "Second", &e), 0);
    assert_int_equal(db_savepoint(f->db, 1, &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    PGresult *r = pg_fixture_sql("SELECT string_agg(name, ',' ORDER BY name) FROM units");
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "Outer,Second");
    PQclear(r);
    assert_int_equal(db_tx_writes(f->db), -1); /* no transaction */
}

static void test_failed_tx(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(add_unit(f->db, "First", &e), 0);
    assert_int_equal(add_unit(f->db, "FIRST", &e), ERR_CONFLICT);
    assert_int_equal(db_tx_writes(f->db), -1);
    assert_int_equal(db_commit(f->db, &e), ERR_STORE);
    assert_string_equal(e.code, "store.error");
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM units"), 0);
    /* the connection works again */
    assert_int_equal(add_unit(f->db, "After", &e), 0);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM units"), 1);
}

static void test_errors(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    assert_int_equal(add_unit(f->db, "Bidang TI", &e), 0);
    /* units.name is unique without regard to case (lower(name) index) */
    assert_int_equal(add_unit(f->db, "bidang ti", &e), ERR_CONFLICT);
    assert_string_equal(e.code, "store.conflict");
    assert_string_equal(pgd(f->db)->constraint, "units_name_key");
    assert_non_null(strstr(e.msg[LOC_EN], "units_name_key"));
    /* a foreign key: ERR_CONFLICT too, naming its constraint */
    static const char fk[] = "INSERT INTO units(name, parent_id, created_at, updated_at) "
                             "VALUES ('Anak', 999, 'now', 'now')";
    assert_int_equal(pg_exec(pgd(f->db), fk, 0, NULL, NULL, &e), ERR_CONFLICT);
    assert_string_equal(pgd(f->db)->constraint, "units_parent_id_fkey");
    /* anything else: store.error with PostgreSQL's words */
    assert_int_equal(pg_qt(pgd(f->db), "SELECT nosuchcolumn FROM units", 0, NULL, NULL, &e),
                     ERR_STORE);
    assert_string_equal(e.code, "store.error");
    assert_non_null(strstr(e.msg[LOC_EN], "nosuchcolumn"));
    assert_string_equal(pgd(f->db)->constraint, "");
    /* a lock timeout: store.busy */
    assert_int_equal(pg_qt(pgd(f->db), "SET lock_timeout = '50ms'", 0, NULL, NULL, &e), 0);
    PGconn *other = PQconnectdb(pg_fixture_url());
    PQclear(PQexec(other, "BEGIN; LOCK TABLE units IN ACCESS EXCLUSIVE MODE"));
    assert_int_equal(add_unit(f->db, "Locked", &e), ERR_UNAVAILABLE);
    assert_string_equal(e.code, "store.busy");
    PQclear(PQexec(other, "ROLLBACK"));
    PQfinish(other);
    /* params: NULL, numbers, bytea */
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, -42);
    pgp_id(&p, 0);
    pgp_text(&p, "teks");
    static const unsigned char bin[] = {0, 1, 0xfe, 'a'};
    pgp_bytea(&p, bin, sizeof bin);
    pgp_double(&p, 2.5);
    static const char sel[] =
        "SELECT $1::bigint, $2::bigint IS NULL, $3::text, $4::bytea, $5::float8, NULL::text";
    PGresult *r;
    assert_int_equal(pg_q(pgd(f->db), sel, p.n, p.v, &r, &e), 0);
    assert_int_equal(pg_int(r, 0, 0), -42);
    assert_string_equal(pg_raw(r, 0, 1), "t");
    assert_string_equal(pg_text(a, r, 0, 2), "teks");
    unsigned char *out;
    assert_int_equal(pg_bytea(a, r, 0, 3, &out), 4);
    assert_memory_equal(out, bin, 4);
    assert_true(pg_double(r, 0, 4) == 2.5);
    assert_null(pg_text(a, r, 0, 5));
    assert_true(pg_null(r, 0, 5));
    assert_int_equal(pg_first_int(r), -42);
    PQclear(r);
    arena_free(a);
}

static void test_generations(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    uint64_t g0 = store_generation(f->st), c0 = store_conf_generation(f->st);
    /* a rolled-back write moves nothing */
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(add_unit(f->db, "Nope", &e), 0);
    db_rollback(f->db);
    assert_int_equal(store_generation(f->st), g0);
    assert_int_equal(store_conf_generation(f->st), c0);
    /* a committed ticket-side write: the data generation only */
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(add_audit(f->db, "a", &e), 0);
    assert_int_equal(store_generation(f->st), g0); /* not before the commit */
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(store_generation(f->st), g0 + 1);
    assert_int_equal(store_conf_generation(f->st), c0);
    /* master data in a transaction: both */
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(add_unit(f->db, "Ya", &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(store_generation(f->st), g0 + 2);
    assert_int_equal(store_conf_generation(f->st), c0 + 1);
    /* settings in autocommit (an upsert): both, at once */
    static const char set[] = "INSERT INTO settings(key, value) VALUES ($1, $2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    const char *p[] = {"site_name", "Loket"};
    assert_int_equal(pg_exec(pgd(f->db), set, 2, p, NULL, &e), 0);
    assert_int_equal(store_generation(f->st), g0 + 3);
    assert_int_equal(store_conf_generation(f->st), c0 + 2);
    /* SQL built at run time is scanned the same way */
    assert_int_equal(pg_qt(pgd(f->db), "DELETE FROM settings WHERE key = 'site_name'", 0, NULL,
                           NULL, &e),
                     0);
    assert_int_equal(store_generation(f->st), g0 + 4);
    assert_int_equal(store_conf_generation(f->st), c0 + 3);
    g0++, c0++;
    /* a read, an empty transaction, a write that matched no row: nothing */
    static const char none[] = "UPDATE settings SET value = 'x' WHERE key = 'nosuch'";
    int64_t changed = -1;
    assert_int_equal(pg_exec(pgd(f->db), none, 0, NULL, &changed, &e), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_ping(f->db, &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(store_generation(f->st), g0 + 3);
    assert_int_equal(store_conf_generation(f->st), c0 + 2);
}

/* The statement scan behind the generations. */
static void test_sql_scan(void **state)
{
    (void)state;
    static const struct {
        const char *sql;
        bool write, conf;
    } cases[] = {
        {"SELECT * FROM users WHERE id = $1", false, false},
        {"SELECT id FROM outbox WHERE status = 'queued' FOR UPDATE SKIP LOCKED", false, false},
        {"INSERT INTO tickets(title) VALUES ($1) RETURNING id", true, false},
        {"insert into public.users(name) values ($1)", true, true},
        {"UPDATE ticket_counters SET n = n + 1 WHERE year = $1 RETURNING n", true, false},
        {"UPDATE ONLY sessions SET expires_at = 0", true, true},
        {"DELETE FROM api_tokens WHERE id = $1", true, true},
        {"INSERT INTO audit_log(action) VALUES ('update users')", true, false},
        {"INSERT INTO ticket_tags VALUES ($1, $2) ON CONFLICT DO NOTHING", true, false},
        {"INSERT INTO tags(name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = $1", true,
         true},
        {"WITH c AS (SELECT id FROM outbox FOR UPDATE SKIP LOCKED) UPDATE outbox SET "
         "status = 'sending' FROM c WHERE outbox.id = c.id RETURNING outbox.id",
         true, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool w, c;
        pg_sql_scan(cases[i].sql, &w, &c);
        if (w != cases[i].write || c != cases[i].conf)
            fail_msg("%s: write %d conf %d", cases[i].sql, w, c);
    }
}

static void test_url_safe(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"postgresql://loket:s3cret@db.example:5432/loket",
         "postgresql://loket@db.example:5432/loket"},
        {"postgres://u:p%40ss@h/d?sslmode=require", "postgres://u@h/d?sslmode=require"},
        {"postgresql://u@h/d?password=s3cret&sslmode=require", "postgresql://u@h/d?sslmode=require"},
        {"postgresql://u@h/d?sslmode=require&password=s3cret", "postgresql://u@h/d?sslmode=require"},
        {"postgresql://h/d?password=s3cret", "postgresql://h/d"},
        {"postgresql://loket@127.0.0.1:5/x", "postgresql://loket@127.0.0.1:5/x"},
        {"postgresql://a:b@h1,h2/d", "postgresql://a@h1,h2/d"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = pg_url_safe(cases[i].in);
        assert_string_equal(s, cases[i].out);
        free(s);
    }
    /* a connection that fails names the URL without its password */
    struct store *st = NULL;
    struct err e = {0};
    assert_int_equal(store_open("postgresql://loket:s3cret@127.0.0.1:1/x", &st, &e),
                     ERR_UNAVAILABLE);
    assert_null(st);
    assert_string_equal(e.code, "store.open");
    assert_non_null(strstr(e.msg[LOC_EN], "postgresql://loket@127.0.0.1:1/x"));
    assert_null(strstr(e.msg[LOC_EN], "s3cret"));
    assert_null(strstr(e.msg[LOC_ID], "s3cret"));
    /* libpq quotes a malformed password back: starred out */
    memset(&e, 0, sizeof e);
    assert_int_not_equal(store_open("postgresql://loket:s3cr%zzet@127.0.0.1:1/x", &st, &e), 0);
    assert_null(strstr(e.msg[LOC_EN], "s3cr"));
    assert_null(strstr(e.msg[LOC_ID], "s3cr"));
}

static void test_pool(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    struct db *a = store_acquire(f->st, &e), *b = store_acquire(f->st, &e);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    int pa = PQbackendPID(pgd(a)->c), pb = PQbackendPID(pgd(b)->c);
    assert_int_not_equal(pa, pb);
    /* both work at once: a holds a transaction open while b writes */
    assert_int_equal(db_begin(a, &e), 0);
    assert_int_equal(add_unit(a, "A", &e), 0);
    assert_int_equal(add_unit(b, "B", &e), 0);
    store_release(a); /* inside its transaction: rolled back */
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM units"), 1);
    /* each connection waits 5 s at most for a lock */
    PGresult *lt;
    static const char show[] = "SHOW lock_timeout";
    assert_int_equal(pg_q(pgd(b), show, 0, NULL, &lt, &e), 0);
    assert_string_equal(PQgetvalue(lt, 0, 0), "5s");
    PQclear(lt);
    store_release(b);
    /* released connections come back */
    struct db *c = store_acquire(f->st, &e);
    int pc = PQbackendPID(pgd(c)->c);
    assert_true(pc == pa || pc == pb);
    /* a lost connection: store.busy, and never handed out again */
    char kill[96];
    snprintf(kill, sizeof kill, "SELECT pg_terminate_backend(%d)", pc);
    PGresult *r = pg_fixture_sql(kill);
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    usleep(100 * 1000);
    assert_int_equal(add_unit(c, "C", &e), ERR_UNAVAILABLE);
    assert_string_equal(e.code, "store.busy");
    store_release(c);
    struct db *d1 = store_acquire(f->st, &e), *d2 = store_acquire(f->st, &e);
    assert_int_not_equal(PQbackendPID(pgd(d1)->c), pc);
    assert_int_not_equal(PQbackendPID(pgd(d2)->c), pc);
    assert_int_equal(db_ping(d1, &e), 0);
    assert_int_equal(db_ping(d2, &e), 0);
    int p1 = PQbackendPID(pgd(d1)->c);
    store_release(d2);
    store_release(d1); /* next out of the pool */
    /* an idle pooled connection the server closed (a restart) is noticed at
    ** acquire: the caller gets a working one, no failed request */
    snprintf(kill, sizeof kill, "SELECT pg_terminate_backend(%d)", p1);
    r = pg_fixture_sql(kill);
    assert_non_null(r);
    PQclear(r);
    usleep(200 * 1000);
    struct db *d3 = store_acquire(f->st, &e);
    assert_non_null(d3);
    assert_int_not_equal(PQbackendPID(pgd(d3)->c), p1);
    assert_int_equal(db_ping(d3, &e), 0);
    store_release(d3);
}

/* begin takes the database's write lock, as SQLite's BEGIN IMMEDIATE does:
** a second write transaction waits for the first (store.busy after the
** lock timeout); reads and autocommit writes never wait. */
static void test_write_lock(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    struct db *a = f->db, *b = store_acquire(f->st, &e);
    assert_non_null(b);
    assert_int_equal(pg_qt(pgd(b), "SET lock_timeout = '100ms'", 0, NULL, NULL, &e), 0);
    assert_int_equal(db_begin(a, &e), 0);
    assert_int_equal(add_unit(a, "Pertama", &e), 0);
    assert_int_equal(db_ping(b, &e), 0);
    assert_int_equal(add_audit(b, "autocommit", &e), 0);
    assert_int_equal(db_begin(b, &e), ERR_UNAVAILABLE);
    assert_string_equal(e.code, "store.busy");
    assert_int_equal(db_tx_writes(b), -1); /* no transaction left open */
    assert_int_equal(db_commit(a, &e), 0);
    assert_int_equal(db_begin(b, &e), 0);
    assert_int_equal(add_unit(b, "Kedua", &e), 0);
    assert_int_equal(db_commit(b, &e), 0);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM units"), 2);
    assert_int_equal(pg_qt(pgd(b), "SET lock_timeout = '5s'", 0, NULL, NULL, &e), 0);
    store_release(b);
}

static void test_backup_refused(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    assert_int_equal(db_backup(f->db, "/tmp/never-written.db", &e), ERR_UNSUPPORTED);
    assert_string_equal(e.code, "store.backup_pg");
    assert_non_null(strstr(e.msg[LOC_EN], "pg_dump"));
    assert_int_equal(access("/tmp/never-written.db", F_OK), -1);
    assert_int_equal(db_index_all(f->db, NULL, &e), 0);
}

/* Another store on the same database (another process in production): its
** commits reach this one through NOTIFY at the next refresh. */
static void test_refresh_other_store(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    struct store *other = NULL;
    assert_int_equal(store_open(pg_fixture_url(), &other, &e), 0);
    struct db *od = store_acquire(other, &e);
    assert_non_null(od);
    store_refresh(f->st); /* listens from now on */
    uint64_t g0 = store_generation(f->st), c0 = store_conf_generation(f->st);
    /* nothing committed elsewhere: refresh moves nothing */
    usleep(100 * 1000);
    store_refresh(f->st);
    assert_int_equal(store_generation(f->st), g0);
    /* this store's own commits are not counted twice */
    assert_int_equal(add_audit(f->db, "own", &e), 0);
    assert_int_equal(store_generation(f->st), g0 + 1);
    usleep(100 * 1000);
    store_refresh(f->st);
    assert_int_equal(store_generation(f->st), g0 + 1);
    assert_int_equal(store_conf_generation(f->st), c0);
    /* a data write elsewhere: the data generation moves, conf does not */
    assert_int_equal(add_audit(od, "other", &e), 0);
    for (int i = 0; i < 200 && store_generation(f->st) == g0 + 1; i++) {
        usleep(10 * 1000);
        store_refresh(f->st);
    }
    assert_true(store_generation(f->st) > g0 + 1);
    assert_int_equal(store_conf_generation(f->st), c0);
    /* master data elsewhere, in a transaction: both move */
    uint64_t g1 = store_generation(f->st);
    assert_int_equal(db_begin(od, &e), 0);
    assert_int_equal(add_unit(od, "Lain", &e), 0);
    assert_int_equal(db_commit(od, &e), 0);
    for (int i = 0; i < 200 && store_conf_generation(f->st) == c0; i++) {
        usleep(10 * 1000);
        store_refresh(f->st);
    }
    assert_true(store_conf_generation(f->st) > c0);
    assert_true(store_generation(f->st) > g1);
    /* a rolled-back write elsewhere notifies nobody */
    uint64_t g2 = store_generation(f->st);
    assert_int_equal(db_begin(od, &e), 0);
    assert_int_equal(add_unit(od, "Batal", &e), 0);
    db_rollback(od);
    usleep(200 * 1000);
    store_refresh(f->st);
    assert_int_equal(store_generation(f->st), g2);
    /* bg_start refreshes by itself */
    assert_int_equal(store_bg_start(f->st, &e), 0);
    assert_int_equal(add_audit(od, "bg", &e), 0);
    for (int i = 0; i < 200 && store_generation(f->st) == g2; i++)
        usleep(10 * 1000);
    assert_true(store_generation(f->st) > g2);
    store_bg_stop(f->st);
    store_bg_stop(f->st); /* twice is fine */
    store_release(od);
    store_close(other);
}

int main(void)
{
    pg_fixture_base(); /* skips the whole binary without a cluster */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sql_scan),
        cmocka_unit_test(test_url_safe),
        cmocka_unit_test_setup_teardown(test_migrate_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_new, setup, teardown),
        cmocka_unit_test(test_migrate_concurrent),
        cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_savepoint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_tx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_generations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pool, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refresh_other_store, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
