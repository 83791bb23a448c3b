/* store-*: the storage contract (store/store.h) on a fresh SQLite file per
** case (mkdtemp under /tmp) — migrations applied once and recorded in
** schema_migrations; generic record create/get/update/delete; UNIQUE and
** foreign-key failures mapped to stable codes naming the field; references
** to missing rows and parent loops refused; list search with literal LIKE
** wildcards, filters, sort, pagination and totals; transactions;
** sessions, API tokens, login throttling counters, settings, the audit log;
** the online backup and store_check_file on good and bad files; the batch
** writer's deferred full-text rows; the commit generation; the per-connection
** cache of master records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "store/migration.h"
#include "store/store.h"
#ifdef STORE_TEST_PG
#include "pg_fixture.h"
#endif

struct fx {
    char dir[64], path[128];
    struct store *st;
    struct db *db;
    struct arena *a;
};

static int open_store(struct fx *f, bool migrate)
{
#ifdef STORE_TEST_PG
    /* test_pg_store.c: a fresh, migrated PostgreSQL database instead */
    (void)migrate;
    f->a = arena_new();
    return pg_fixture_open(&f->st, &f->db);
#endif
    snprintf(f->dir, sizeof f->dir, "/tmp/loket-store-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    struct err e = {0};
    if (store_open(f->path, &f->st, &e) != 0 || !(f->db = store_acquire(f->st, &e))) {
        printf("# store_open: %s\n", e.msg[LOC_EN]);
        return -1;
    }
    int applied = 0;
    if (migrate && db_migrate(f->db, &applied, &e) != 0) {
        printf("# migrate: %s\n", e.msg[LOC_EN]);
        return -1;
    }
    f->a = arena_new();
    return 0;
}

static int setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof f);
    *state = &f;
    return open_store(&f, true);
}

static int setup_bare(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof f);
    *state = &f;
    return open_store(&f, false);
}

static int teardown(void **state)
{
    struct fx *f = *state;
#ifdef STORE_TEST_PG
    pg_fixture_close(f->st, f->db); /* and drops the database */
    f->st = NULL;
    f->db = NULL;
#endif
    if (f->db)
        store_release(f->db);
    if (f->st)
        store_close(f->st);
    arena_free(f->a);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    return system(cmd) == 0 ? 0 : -1;
}

static size_t n_migrations(void)
{
    size_t n = 0;
    while (sqlite_migrations[n].version)
        n++;
    return n;
}

/* ---- helpers ---------------------------------------------------------- */

static void set_s(const struct resource *res, struct record *r, const char *name, const char *s)
{
    int i = resource_field(res, name);
    assert_true(i >= 0);
    r->v[i] = s ? (struct value){.set = true, .s = s} : (struct value){.set = true, .null = true};
}

static void set_i(const struct resource *res, struct record *r, const char *name, int64_t v)
{
    int i = resource_field(res, name);
    assert_true(i >= 0);
    r->v[i] = (struct value){.set = true, .i = v};
}

static const struct value *get(const struct resource *res, const struct record *r,
                               const char *name)
{
    int i = resource_field(res, name);
    assert_true(i >= 0);
    return &r->v[i];
}

static struct record *unit_rec(struct fx *f, const char *name, const char *code, int64_t parent)
{
    struct record *r = record_new(f->a, &res_units);
    set_s(&res_units, r, "name", name);
    if (code)
        set_s(&res_units, r, "code", code);
    if (parent)
        set_i(&res_units, r, "parent_id", parent);
    record_apply_defaults(&res_units, r);
    return r;
}

static int64_t add_unit(struct fx *f, const char *name, const char *code, int64_t parent)
{
    struct err e = {0};
    struct record *r = unit_rec(f, name, code, parent);
    if (db_rec_create(f->db, &res_units, r, &e) != 0)
        fail_msg("creating unit %s: %s", name, e.msg[LOC_EN]);
    assert_true(r->id > 0);
    return r->id;
}

static int64_t add_user(struct fx *f, const char *name, const char *email, const char *nip)
{
    struct err e = {0};
    struct record *r = record_new(f->a, &res_users);
    set_s(&res_users, r, "name", name);
    set_s(&res_users, r, "email", email);
    set_s(&res_users, r, "role", "requester");
    if (nip)
        set_s(&res_users, r, "nip", nip);
    record_apply_defaults(&res_users, r);
    if (db_rec_create(f->db, &res_users, r, &e) != 0)
        fail_msg("creating user %s: %s", email, e.msg[LOC_EN]);
    return r->id;
}

static bool iso_utc(const char *s)
{
    /* YYYY-MM-DDTHH:MM:SSZ */
    if (!s || strlen(s) != 20)
        return false;
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    for (int i = 0; i < 20; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return false;
    return true;
}

/* Lists units with q, returning the names joined by '|' (sorted by the query). */
static const char *names(struct fx *f, const struct rec_query *q, int64_t *total)
{
    struct err e = {0};
    struct record **items;
    size_t n;
    if (db_rec_list(f->db, &res_units, q, f->a, &items, &n, total, &e) != 0)
        fail_msg("rec_list: %s", e.msg[LOC_EN]);
    char *out = arena_strdup(f->a, "");
    for (size_t i = 0; i < n; i++)
        out = arena_printf(f->a, "%s%s%s", out, i ? "|" : "", get(&res_units, items[i], "name")->s);
    return out;
}

/* ---- migrations ------------------------------------------------------- */

static void store_1_migrations_apply_once(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    size_t want = n_migrations();
    assert_true(want >= 1);
    assert_int_equal(sqlite_migrations[0].version, 1);
    /* before any migration the schema is not there */
    assert_int_not_equal(db_ping(f->db, &e), 0);
    err_clear(&e);
    int applied = -1;
    assert_int_equal(db_migrate(f->db, &applied, &e), 0);
    assert_int_equal(applied, want);
    assert_int_equal(db_ping(f->db, &e), 0);
    applied = -1;
    assert_int_equal(db_migrate(f->db, &applied, &e), 0);
    assert_int_equal(applied, 0); /* nothing twice */

    /* a reopened store has nothing left to apply either */
    store_release(f->db);
    store_close(f->st);
    f->db = NULL;
    assert_int_equal(store_open(f->path, &f->st, &e), 0);
    assert_non_null(f->db = store_acquire(f->st, &e));
    applied = -1;
    assert_int_equal(db_migrate(f->db, &applied, &e), 0);
    assert_int_equal(applied, 0);

    /* schema_migrations records every version once, in order, with its name */
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(f->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT version, name, applied_at FROM "
                                           "schema_migrations ORDER BY version",
                                        -1, &st, NULL),
                     SQLITE_OK);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_true(n < want);
        assert_int_equal(sqlite3_column_int(st, 0), sqlite_migrations[n].version);
        assert_string_equal((const char *)sqlite3_column_text(st, 1), sqlite_migrations[n].name);
        assert_true(iso_utc((const char *)sqlite3_column_text(st, 2)));
        n++;
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    assert_int_equal(n, want);
    assert_int_equal(store_check_file(f->path, &e), 0);
}

/* ---- records ---------------------------------------------------------- */

static void store_2_record_crud(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    struct record *r = unit_rec(f, "Dinas Kominfo", "KOMINFO", 0);
    set_s(&res_units, r, "description", "Komunikasi dan informatika");
    assert_int_equal(db_rec_create(f->db, &res_units, r, &e), 0);
    assert_true(r->id > 0);

    struct record *got;
    assert_int_equal(db_rec_get(f->db, &res_units, r->id, f->a, &got, &e), 0);
    assert_int_equal(got->id, r->id);
    assert_string_equal(get(&res_units, got, "name")->s, "Dinas Kominfo");
    assert_string_equal(get(&res_units, got, "code")->s, "KOMINFO");
    assert_string_equal(get(&res_units, got, "description")->s, "Komunikasi dan informatika");
    assert_true(get(&res_units, got, "parent_id")->set && get(&res_units, got, "parent_id")->null);
    assert_int_equal(get(&res_units, got, "active")->i, 1); /* the default */
    assert_true(iso_utc(got->created_at));
    assert_true(iso_utc(got->updated_at));
    for (size_t i = 0; i < res_units.n_fields; i++)
        assert_true(got->v[i].set); /* a read record has every column */

    /* a partial update touches only the given fields */
    struct record *upd = record_new(f->a, &res_units);
    set_s(&res_units, upd, "description", "baru");
    set_i(&res_units, upd, "active", 0);
    assert_int_equal(db_rec_update(f->db, &res_units, r->id, upd, &e), 0);
    assert_int_equal(db_rec_get(f->db, &res_units, r->id, f->a, &got, &e), 0);
    assert_string_equal(get(&res_units, got, "description")->s, "baru");
    assert_int_equal(get(&res_units, got, "active")->i, 0);
    assert_string_equal(get(&res_units, got, "name")->s, "Dinas Kominfo");
    assert_string_equal(get(&res_units, got, "code")->s, "KOMINFO");
    assert_true(strcmp(got->updated_at, got->created_at) >= 0);
    /* an explicit null clears a column */
    upd = record_new(f->a, &res_units);
    set_s(&res_units, upd, "code", NULL);
    assert_int_equal(db_rec_update(f->db, &res_units, r->id, upd, &e), 0);
    assert_int_equal(db_rec_get(f->db, &res_units, r->id, f->a, &got, &e), 0);
    assert_true(get(&res_units, got, "code")->null);
    /* an empty update still finds the row */
    assert_int_equal(db_rec_update(f->db, &res_units, r->id,
                                   record_new(f->a, &res_units), &e),
                     0);

    /* delete, then everything about that id is 404 */
    assert_int_equal(db_rec_delete(f->db, &res_units, r->id, &e), 0);
    err_clear(&e);
    assert_int_equal(db_rec_get(f->db, &res_units, r->id, f->a, &got, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "unit.not_found");
    err_clear(&e);
    assert_int_equal(db_rec_delete(f->db, &res_units, r->id, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "unit.not_found");
    err_clear(&e);
    assert_int_equal(db_rec_update(f->db, &res_units, r->id, upd, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "unit.not_found");

    /* the other resources work through the same code */
    for (size_t i = 0; resources[i]; i++) {
        err_clear(&e);
        assert_int_equal(db_rec_get(f->db, resources[i], 424242, f->a, &got, &e),
                         ERR_NOT_FOUND);
        assert_non_null(strstr(e.code, ".not_found"));
    }
}

static void store_3_unique_conflicts(void **state)
{
    struct fx *f = *state;
    int64_t id = add_unit(f, "Anak_Unit", "AU", 0);
    int64_t other = add_unit(f, "Lain", NULL, 0);
    add_unit(f, "Tanpa Kode", NULL, 0); /* several NULL codes do not collide */

    struct err e = {0};
    struct record *dup = unit_rec(f, "anak_unit", NULL, 0); /* case-insensitive */
    assert_int_equal(db_rec_create(f->db, &res_units, dup, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "unit.duplicate");
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, "name");
    assert_true(e.msg[LOC_EN][0] && e.msg[LOC_ID][0]);

    err_clear(&e);
    assert_int_equal(db_rec_create(f->db, &res_units, unit_rec(f, "Baru", "au", 0), &e),
                     ERR_CONFLICT);
    assert_string_equal(e.code, "unit.duplicate");
    assert_string_equal(e.fields[0].name, "code");

    /* an update into a taken name conflicts too; onto itself it does not */
    err_clear(&e);
    struct record *upd = record_new(f->a, &res_units);
    set_s(&res_units, upd, "name", "ANAK_UNIT");
    assert_int_equal(db_rec_update(f->db, &res_units, other, upd, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "unit.duplicate");
    assert_string_equal(e.fields[0].name, "name");
    err_clear(&e);
    assert_int_equal(db_rec_update(f->db, &res_units, id, upd, &e), 0);

    /* users: email unique without regard to case, NIP unique */
    add_user(f, "A", "a@x.id", "198001012005011001");
    err_clear(&e);
    struct record *u = record_new(f->a, &res_users);
    set_s(&res_users, u, "name", "B");
    set_s(&res_users, u, "email", "A@X.ID");
    set_s(&res_users, u, "role", "agent");
    record_apply_defaults(&res_users, u);
    assert_int_equal(db_rec_create(f->db, &res_users, u, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "user.duplicate");
    assert_string_equal(e.fields[0].name, "email");
    err_clear(&e);
    set_s(&res_users, u, "email", "b@x.id");
    set_s(&res_users, u, "nip", "198001012005011001");
    assert_int_equal(db_rec_create(f->db, &res_users, u, &e), ERR_CONFLICT);
    assert_string_equal(e.fields[0].name, "nip");
}

static void store_4_referenced_rows_not_deleted(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t parent = add_unit(f, "Induk", NULL, 0);
    int64_t child = add_unit(f, "Anak", NULL, parent);
    assert_int_equal(db_rec_delete(f->db, &res_units, parent, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "unit.referenced");
    assert_true(e.msg[LOC_EN][0] && e.msg[LOC_ID][0]);
    struct record *got;
    assert_int_equal(db_rec_get(f->db, &res_units, parent, f->a, &got, &e), 0);
    /* once nothing points at it, it goes */
    assert_int_equal(db_rec_delete(f->db, &res_units, child, &e), 0);
    assert_int_equal(db_rec_delete(f->db, &res_units, parent, &e), 0);

    /* across resources: a category used by a service */
    struct record *cat = record_new(f->a, &res_categories);
    set_s(&res_categories, cat, "name", "Jaringan");
    record_apply_defaults(&res_categories, cat);
    assert_int_equal(db_rec_create(f->db, &res_categories, cat, &e), 0);
    struct record *svc = record_new(f->a, &res_services);
    set_s(&res_services, svc, "name", "Internet");
    set_s(&res_services, svc, "kind", "ticket");
    set_i(&res_services, svc, "category_id", cat->id);
    record_apply_defaults(&res_services, svc);
    assert_int_equal(db_rec_create(f->db, &res_services, svc, &e), 0);
    err_clear(&e);
    assert_int_equal(db_rec_delete(f->db, &res_categories, cat->id, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "category.referenced");
}

static void store_5_missing_refs_and_loops(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    struct record *orphan = unit_rec(f, "Yatim", NULL, 9999);
    assert_int_equal(db_rec_create(f->db, &res_units, orphan, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, "parent_id");
    /* nothing was written */
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 10};
    int64_t total = -1;
    names(f, &q, &total);
    assert_int_equal(total, 0);

    /* several missing references: each named */
    err_clear(&e);
    struct record *svc = record_new(f->a, &res_services);
    set_s(&res_services, svc, "name", "S");
    set_s(&res_services, svc, "kind", "ticket");
    set_i(&res_services, svc, "unit_id", 9999);
    set_i(&res_services, svc, "category_id", 8888);
    set_i(&res_services, svc, "sla_policy_id", 7777);
    record_apply_defaults(&res_services, svc);
    assert_int_equal(db_rec_create(f->db, &res_services, svc, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 3);
    bool u = false, c = false, s = false;
    for (size_t i = 0; i < e.n_fields; i++) {
        u = u || strcmp(e.fields[i].name, "unit_id") == 0;
        c = c || strcmp(e.fields[i].name, "category_id") == 0;
        s = s || strcmp(e.fields[i].name, "sla_policy_id") == 0;
    }
    assert_true(u && c && s);

    /* on update as well */
    int64_t a = add_unit(f, "A", NULL, 0);
    int64_t b = add_unit(f, "B", NULL, a);
    int64_t c2 = add_unit(f, "C", NULL, b);
    err_clear(&e);
    struct record *upd = record_new(f->a, &res_units);
    set_i(&res_units, upd, "parent_id", 9999);
    assert_int_equal(db_rec_update(f->db, &res_units, a, upd, &e), ERR_INVALID);
    assert_string_equal(e.fields[0].name, "parent_id");
    /* a unit cannot be its own parent, nor its descendant's child */
    err_clear(&e);
    set_i(&res_units, upd, "parent_id", a);
    assert_int_equal(db_rec_update(f->db, &res_units, a, upd, &e), ERR_INVALID);
    assert_string_equal(e.fields[0].name, "parent_id");
    err_clear(&e);
    set_i(&res_units, upd, "parent_id", c2);
    assert_int_equal(db_rec_update(f->db, &res_units, a, upd, &e), ERR_INVALID);
    assert_string_equal(e.fields[0].name, "parent_id");
    /* re-parenting elsewhere in the tree is fine */
    err_clear(&e);
    set_i(&res_units, upd, "parent_id", a);
    assert_int_equal(db_rec_update(f->db, &res_units, c2, upd, &e), 0);
    /* a reference to an existing row of another resource is fine */
    err_clear(&e);
    struct record *user = record_new(f->a, &res_users);
    set_s(&res_users, user, "name", "U");
    set_s(&res_users, user, "email", "u@x.id");
    set_s(&res_users, user, "role", "requester");
    set_i(&res_users, user, "unit_id", b);
    record_apply_defaults(&res_users, user);
    assert_int_equal(db_rec_create(f->db, &res_users, user, &e), 0);
}

/* ---- lists ------------------------------------------------------------ */

static void store_6_list_search_filter_sort_pages(void **state)
{
    struct fx *f = *state;
    int64_t root = add_unit(f, "Pemerintah Kota", "PK", 0);
    add_unit(f, "Dinas A", "DA", root);
    add_unit(f, "Dinas B", NULL, root);
    add_unit(f, "dinas c", "DC", root);
    add_unit(f, "Kantor 50% Persen", NULL, 0);
    add_unit(f, "Kantor 500", NULL, 0);
    add_unit(f, "Kantor_X", NULL, 0);
    add_unit(f, "KantorYX", NULL, 0);
    add_unit(f, "Back\\slash", NULL, 0);
    int64_t total = -1;

    /* default sort (name), everything */
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 50};
    assert_string_equal(names(f, &q, &total), "Back\\slash|Dinas A|Dinas B|dinas c|"
                                              "Kantor 50% Persen|Kantor 500|Kantor_X|KantorYX|"
                                              "Pemerintah Kota");
    assert_int_equal(total, 9);

    /* q: case-insensitive substring over the searchable fields */
    q.q = "DINAS";
    assert_string_equal(names(f, &q, &total), "Dinas A|Dinas B|dinas c");
    assert_int_equal(total, 3);
    q.q = "dc"; /* the code is searchable too */
    assert_string_equal(names(f, &q, &total), "dinas c");
    q.q = "";   /* empty q = no search */
    names(f, &q, &total);
    assert_int_equal(total, 9);
    /* LIKE wildcards in q are literal characters */
    q.q = "50%";
    assert_string_equal(names(f, &q, &total), "Kantor 50% Persen");
    q.q = "%";
    assert_string_equal(names(f, &q, &total), "Kantor 50% Persen");
    q.q = "r_";
    assert_string_equal(names(f, &q, &total), "Kantor_X");
    q.q = "_";
    assert_string_equal(names(f, &q, &total), "Kantor_X");
    q.q = "\\";
    assert_string_equal(names(f, &q, &total), "Back\\slash");
    q.q = "'; DROP TABLE units; --";
    assert_string_equal(names(f, &q, &total), "");
    assert_int_equal(total, 0);
    q.q = NULL;

    /* pagination: total is the whole match, pages are slices */
    q = (struct rec_query){.sort_field = -1, .page = 1, .per_page = 4, .q = "a"};
    assert_string_equal(names(f, &q, &total), "Back\\slash|Dinas A|Dinas B|dinas c");
    assert_int_equal(total, 9);
    q.page = 2;
    assert_string_equal(names(f, &q, &total), "Kantor 50% Persen|Kantor 500|Kantor_X|KantorYX");
    q.page = 3;
    assert_string_equal(names(f, &q, &total), "Pemerintah Kota");
    assert_int_equal(total, 9);
    q.page = 99;
    assert_string_equal(names(f, &q, &total), "");
    assert_int_equal(total, 9); /* past the end still tells the total */
    q.per_page = 1;
    q.page = 1;
    assert_string_equal(names(f, &q, &total), "Back\\slash");

    /* filters: by reference, by null, by bool, combined with q */
    q = (struct rec_query){.sort_field = -1, .page = 1, .per_page = 50, .n_filters = 1};
    q.filters[0].field = resource_field(&res_units, "parent_id");
    q.filters[0].val = (struct value){.set = true, .i = root};
    assert_string_equal(names(f, &q, &total), "Dinas A|Dinas B|dinas c");
    q.filters[0].val = (struct value){.set = true, .null = true};
    names(f, &q, &total);
    assert_int_equal(total, 6);
    q.filters[0].field = resource_field(&res_units, "code");
    q.filters[0].val = (struct value){.set = true, .s = "DA"};
    assert_string_equal(names(f, &q, &total), "Dinas A");
    q.n_filters = 2;
    q.filters[0].field = resource_field(&res_units, "parent_id");
    q.filters[0].val = (struct value){.set = true, .i = root};
    q.filters[1].field = resource_field(&res_units, "code");
    q.filters[1].val = (struct value){.set = true, .null = true};
    assert_string_equal(names(f, &q, &total), "Dinas B");
    q.q = "kantor";
    assert_string_equal(names(f, &q, &total), "");
    q.q = "dinas";
    q.n_filters = 1;
    assert_string_equal(names(f, &q, &total), "Dinas A|Dinas B|dinas c");
    struct err e = {0};
    struct record *upd = record_new(f->a, &res_units);
    set_i(&res_units, upd, "active", 0);
    assert_int_equal(db_rec_update(f->db, &res_units, root, upd, &e), 0);
    q = (struct rec_query){.sort_field = -1, .page = 1, .per_page = 50, .n_filters = 1};
    q.filters[0].field = resource_field(&res_units, "active");
    q.filters[0].val = (struct value){.set = true, .i = 0};
    assert_string_equal(names(f, &q, &total), "Pemerintah Kota");

    /* sort: descending, by another field, ties broken by id */
    q = (struct rec_query){.sort_field = resource_field(&res_units, "name"), .sort_desc = true,
                           .page = 1, .per_page = 2};
    assert_string_equal(names(f, &q, &total), "Pemerintah Kota|KantorYX");
    q = (struct rec_query){.sort_field = resource_field(&res_units, "code"), .page = 1,
                           .per_page = 50, .q = "dinas"};
    assert_string_equal(names(f, &q, &total), "Dinas B|Dinas A|dinas c"); /* NULL first */
    q.sort_desc = true;
    assert_string_equal(names(f, &q, &total), "dinas c|Dinas A|Dinas B");
}

/* ---- transactions ----------------------------------------------------- */

static void store_7_transactions(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 50};
    int64_t total;

    assert_int_equal(db_begin(f->db, &e), 0);
    add_unit(f, "Batal", NULL, 0);
    names(f, &q, &total);
    assert_int_equal(total, 1); /* visible inside the transaction */
    db_rollback(f->db);
    assert_string_equal(names(f, &q, &total), "");
    assert_int_equal(total, 0);
    db_rollback(f->db); /* a second rollback is harmless */

    assert_int_equal(db_begin(f->db, &e), 0);
    add_unit(f, "Jadi", NULL, 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_string_equal(names(f, &q, &total), "Jadi");

    /* a failed statement inside a transaction leaves earlier work to the caller */
    assert_int_equal(db_begin(f->db, &e), 0);
    add_unit(f, "Satu", NULL, 0);
    assert_int_equal(db_rec_create(f->db, &res_units, unit_rec(f, "jadi", NULL, 0), &e),
                     ERR_CONFLICT);
    db_rollback(f->db);
    assert_string_equal(names(f, &q, &total), "Jadi");

    /* a connection released mid-transaction is rolled back */
    assert_int_equal(db_begin(f->db, &e), 0);
    add_unit(f, "Lupa", NULL, 0);
    store_release(f->db);
    assert_non_null(f->db = store_acquire(f->st, &e));
    assert_string_equal(names(f, &q, &total), "Jadi");
    /* and the next transaction starts cleanly */
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);

    /* another connection sees committed rows only */
    struct db *other = store_acquire(f->st, &e);
    assert_non_null(other);
    assert_ptr_not_equal(other, f->db);
    assert_int_equal(db_begin(f->db, &e), 0);
    add_unit(f, "Belum", NULL, 0);
    struct record **items;
    size_t n;
    assert_int_equal(db_rec_list(other, &res_units, &q, f->a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(db_rec_list(other, &res_units, &q, f->a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    store_release(other);
}

/* ---- accounts --------------------------------------------------------- */

static void hash_of(unsigned char h[STORE_HASH_LEN], int seed)
{
    for (int i = 0; i < STORE_HASH_LEN; i++)
        h[i] = (unsigned char)(seed * 31 + i);
}

static void store_8_sessions_and_users(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t uid = add_user(f, "Uji", "uji@x.id", "198001012005011001");
    int64_t exp = (int64_t)time(NULL) + 3600;
    unsigned char h[STORE_HASH_LEN], h2[STORE_HASH_LEN];
    hash_of(h, 1);
    hash_of(h2, 2);
    struct session_row row;
    assert_int_equal(db_session_create(f->db, uid, h, "csrf-1", exp, "127.0.0.1", &e), 0);
    assert_int_equal(db_session_lookup(f->db, h, exp - 1, f->a, &row, &e), 0);
    assert_string_equal(row.csrf_token, "csrf-1");
    assert_int_equal(row.expires_at, exp);
    assert_int_equal(row.user.p.id, uid);
    assert_int_equal(row.user.p.role, ROLE_REQUESTER);
    assert_true(row.user.p.active);
    assert_string_equal(row.user.email, "uji@x.id");
    assert_string_equal(row.user.name, "Uji");
    assert_string_equal(row.user.locale, "id");
    /* expired (the expiry instant itself counts as expired) */
    err_clear(&e);
    assert_int_equal(db_session_lookup(f->db, h, exp, f->a, &row, &e),
                     ERR_UNAUTHENTICATED);
    assert_string_equal(e.code, "auth.session_expired");
    err_clear(&e);
    assert_int_equal(db_session_lookup(f->db, h, exp + 100, f->a, &row, &e),
                     ERR_UNAUTHENTICATED);
    /* an unknown token */
    err_clear(&e);
    assert_int_equal(db_session_lookup(f->db, h2, exp - 1, f->a, &row, &e),
                     ERR_UNAUTHENTICATED);
    /* logout */
    assert_int_equal(db_session_delete(f->db, h, &e), 0);
    err_clear(&e);
    assert_int_equal(db_session_lookup(f->db, h, exp - 1, f->a, &row, &e),
                     ERR_UNAUTHENTICATED);
    /* a new password ends every session of that user */
    assert_int_equal(db_session_create(f->db, uid, h2, "csrf-2", exp, NULL, &e), 0);
    assert_int_equal(db_user_set_password(f->db, uid, "$argon2id$new", &e), 0);
    err_clear(&e);
    assert_int_equal(db_session_lookup(f->db, h2, exp - 1, f->a, &row, &e),
                     ERR_UNAUTHENTICATED);
    err_clear(&e);
    assert_int_equal(db_user_set_password(f->db, 424242, "x", &e), ERR_NOT_FOUND);
    /* a rehash at sign-in keeps the sessions, and yields to a password
    ** changed since the hash was read */
    err_clear(&e);
    assert_int_equal(db_session_create(f->db, uid, h2, "csrf-3", exp, NULL, &e), 0);
    assert_int_equal(
        db_user_rehash(f->db, uid, "$argon2id$new", "$argon2id$newer", &e), 0);
    assert_int_equal(db_session_lookup(f->db, h2, exp - 1, f->a, &row, &e), 0);
    assert_int_equal(
        db_user_rehash(f->db, uid, "$argon2id$stale", "$argon2id$lost", &e), 0);

    /* login by email (any case) or NIP */
    struct user_auth ua;
    assert_int_equal(db_user_by_login(f->db, "UJI@X.ID", f->a, &ua, &e), 0);
    assert_int_equal(ua.p.id, uid);
    assert_string_equal(ua.password_hash, "$argon2id$newer");
    assert_int_equal(db_user_by_login(f->db, "198001012005011001", f->a, &ua, &e), 0);
    assert_int_equal(ua.p.id, uid);
    assert_string_equal(ua.nip, "198001012005011001");
    err_clear(&e);
    assert_int_equal(db_user_by_login(f->db, "nobody@x.id", f->a, &ua, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "user.not_found");
    err_clear(&e);
    assert_int_equal(db_user_by_login(f->db, "%", f->a, &ua, &e), ERR_NOT_FOUND);
    assert_int_equal(db_user_by_id(f->db, uid, f->a, &ua, &e), 0);
    assert_string_equal(ua.email, "uji@x.id");

    /* API tokens: with and without expiry */
    int64_t tid = 0;
    unsigned char t1[STORE_HASH_LEN], t2[STORE_HASH_LEN];
    hash_of(t1, 3);
    hash_of(t2, 4);
    assert_int_equal(db_token_create(f->db, uid, "skrip", t1, 2000, &tid, &e), 0);
    assert_true(tid > 0);
    int64_t texp = -1;
    assert_int_equal(db_token_lookup(f->db, t1, 1999, f->a, &ua, &texp, &e), 0);
    assert_int_equal(ua.p.id, uid);
    assert_int_equal(texp, 2000);
    err_clear(&e);
    assert_int_equal(db_token_lookup(f->db, t1, 2000, f->a, &ua, &texp, &e),
                     ERR_UNAUTHENTICATED);
    assert_string_equal(e.code, "auth.bad_token");
    int64_t t1id = tid;
    assert_int_equal(db_token_create(f->db, uid, "abadi", t2, 0, &tid, &e), 0);
    assert_int_equal(db_token_lookup(f->db, t2, INT64_MAX, f->a, &ua, &texp, &e), 0);
    assert_int_equal(texp, 0);

    /* the owner's list: expired ones too, oldest first, never the hash */
    struct token_row *items;
    size_t n;
    assert_int_equal(db_token_list(f->db, uid, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].id, t1id);
    assert_string_equal(items[0].name, "skrip");
    assert_int_equal(items[0].expires_at, 2000);
    assert_int_equal(items[1].expires_at, 0);
    /* revoking: only the owner's, only once */
    err_clear(&e);
    assert_int_equal(db_token_revoke(f->db, uid + 1000, tid, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "token.not_found");
    assert_int_equal(db_token_revoke(f->db, uid, t1id, &e), 0);
    err_clear(&e);
    assert_int_equal(db_token_revoke(f->db, uid, t1id, &e), ERR_NOT_FOUND);
    assert_int_equal(db_token_list(f->db, uid, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, tid);

    /* a new password revokes the tokens and ends the sessions but the one kept */
    unsigned char s1[STORE_HASH_LEN], s2[STORE_HASH_LEN];
    hash_of(s1, 5);
    hash_of(s2, 6);
    assert_int_equal(db_session_create(f->db, uid, s1, "csrf-5", exp, NULL, &e), 0);
    assert_int_equal(db_session_create(f->db, uid, s2, "csrf-6", exp, NULL, &e), 0);
    assert_int_equal(db_user_revoke_access(f->db, uid, s1, &e), 0);
    assert_int_equal(db_session_lookup(f->db, s1, exp - 1, f->a, &row, &e), 0);
    assert_int_equal(db_session_lookup(f->db, s2, exp - 1, f->a, &row, &e),
                     ERR_UNAUTHENTICATED);
    err_clear(&e);
    assert_int_equal(db_token_lookup(f->db, t2, 1, f->a, &ua, &texp, &e),
                     ERR_UNAUTHENTICATED);
    assert_int_equal(db_token_list(f->db, uid, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 0);
    /* user_set_password (the CLI's) keeps nothing */
    assert_int_equal(db_user_set_password(f->db, uid, "$argon2id$cli", &e), 0);
    err_clear(&e);
    assert_int_equal(db_session_lookup(f->db, s1, exp - 1, f->a, &row, &e),
                     ERR_UNAUTHENTICATED);
}

static void store_9_login_throttle(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    struct login_throttle t = {.failures = 7};
    /* a pair never seen reads as zeros */
    assert_int_equal(db_login_throttle_get(f->db, "uji", "10.0.0.1", &t, &e), 0);
    assert_int_equal(t.failures + t.last_failure_at + t.blocked_until, 0);
    const struct login_throttle a = {3, 1000, 1010}, b = {1, 1001, 0};
    assert_int_equal(db_login_throttle_set(f->db, "uji", "10.0.0.1", &a, &e), 0);
    assert_int_equal(db_login_throttle_set(f->db, "uji", "10.0.0.2", &b, &e), 0);
    assert_int_equal(db_login_throttle_get(f->db, "uji", "10.0.0.1", &t, &e), 0);
    assert_int_equal(t.failures, 3);
    assert_int_equal(t.last_failure_at, 1000);
    assert_int_equal(t.blocked_until, 1010);
    /* per pair: the other address of the same account is its own */
    assert_int_equal(db_login_throttle_get(f->db, "uji", "10.0.0.2", &t, &e), 0);
    assert_int_equal(t.failures, 1);
    assert_int_equal(db_login_throttle_clear(f->db, "uji", "10.0.0.1", &e), 0);
    assert_int_equal(db_login_throttle_get(f->db, "uji", "10.0.0.1", &t, &e), 0);
    assert_int_equal(t.failures, 0);
    assert_int_equal(db_login_throttle_get(f->db, "uji", "10.0.0.2", &t, &e), 0);
    assert_int_equal(t.failures, 1);
    /* pairs quiet for a day are dropped as new failures come in */
    const struct login_throttle c = {1, 1001 + 86401, 0};
    assert_int_equal(db_login_throttle_set(f->db, "baru", "10.0.0.3", &c, &e), 0);
    assert_int_equal(db_login_throttle_get(f->db, "uji", "10.0.0.2", &t, &e), 0);
    assert_int_equal(t.failures, 0);
}

static void store_10_settings(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    const char *v = NULL;
    err_clear(&e);
    assert_int_equal(db_setting_get(f->db, "nope", f->a, &v, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "setting.not_found");
    assert_null(v);
    assert_int_equal(db_setting_set(f->db, "k", "v1", &e), 0);
    assert_int_equal(db_setting_get(f->db, "k", f->a, &v, &e), 0);
    assert_string_equal(v, "v1");
    assert_int_equal(db_setting_set(f->db, "k", "v2", &e), 0); /* upsert */
    assert_int_equal(db_setting_get(f->db, "k", f->a, &v, &e), 0);
    assert_string_equal(v, "v2");
    assert_int_equal(db_setting_set(f->db, "empty", "", &e), 0);
    assert_int_equal(db_setting_get(f->db, "empty", f->a, &v, &e), 0);
    assert_string_equal(v, "");
    const char *json = "{\"nama\":\"Dinas — Kominfo\",\"n\":[1,2]}";
    assert_int_equal(db_setting_set(f->db, "templates", json, &e), 0);
    assert_int_equal(db_setting_get(f->db, "templates", f->a, &v, &e), 0);
    assert_string_equal(v, json);
    assert_int_equal(db_setting_get(f->db, "K", f->a, &v, &e), ERR_NOT_FOUND); /* exact */
}

static void store_11_audit_log(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t uid = add_user(f, "Admin Uji", "admin@x.id", NULL);
    for (int i = 0; i < 5; i++)
        assert_int_equal(db_audit_add(f->db, uid, "update", i % 2 ? "units" : "users",
                                      i + 1, "{\"i\":1}", "127.0.0.1", &e),
                         0);
    assert_int_equal(db_audit_add(f->db, 0, "login_failed", "auth", 0, NULL, NULL, &e), 0);
    struct audit_query q = {.page = 1, .per_page = 2};
    struct audit_row *rows;
    size_t n;
    int64_t total;
    assert_int_equal(db_audit_list(f->db, &q, f->a, &rows, &n, &total, &e), 0);
    assert_int_equal(total, 6);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].action, "login_failed"); /* newest first */
    assert_null(rows[0].actor_name);
    assert_string_equal(rows[1].actor_name, "Admin Uji");
    assert_true(iso_utc(rows[1].at));
    q.resource = "units";
    q.per_page = 50;
    assert_int_equal(db_audit_list(f->db, &q, f->a, &rows, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    assert_int_equal(n, 2);
    q = (struct audit_query){.page = 9, .per_page = 2, .actor_id = uid};
    assert_int_equal(db_audit_list(f->db, &q, f->a, &rows, &n, &total, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(total, 5); /* past the last page still tells the total */
}

/* ---- backup ----------------------------------------------------------- */

static void store_12_backup_and_check_file(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t id = add_unit(f, "Dicadangkan", NULL, 0);
    char copy[160], path[192];
    snprintf(copy, sizeof copy, "%s/copy.db", f->dir);
    assert_int_equal(db_backup(f->db, copy, &e), 0);
    assert_int_equal(store_check_file(copy, &e), 0);
    /* one self-contained file: no WAL beside it */
    struct stat sb;
    snprintf(path, sizeof path, "%s-wal", copy);
    assert_int_not_equal(stat(path, &sb), 0);
    /* and it holds the data */
    struct store *st2;
    assert_int_equal(store_open(copy, &st2, &e), 0);
    struct db *db2 = store_acquire(st2, &e);
    assert_non_null(db2);
    struct record *got;
    assert_int_equal(db_rec_get(db2, &res_units, id, f->a, &got, &e), 0);
    assert_string_equal(get(&res_units, got, "name")->s, "Dicadangkan");
    int applied = -1;
    assert_int_equal(db_migrate(db2, &applied, &e), 0);
    assert_int_equal(applied, 0);
    store_release(db2);
    store_close(st2);

    /* garbage is refused */
    snprintf(path, sizeof path, "%s/junk.db", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("SQLite format 3 but not really", fp);
    fclose(fp);
    err_clear(&e);
    assert_int_equal(store_check_file(path, &e), ERR_INVALID);
    assert_string_equal(e.code, "restore.corrupt");
    assert_non_null(strstr(e.msg[LOC_EN], path));
    /* so is a real SQLite file that is not a Loket database */
    snprintf(path, sizeof path, "%s/other.db", f->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    err_clear(&e);
    assert_int_equal(store_check_file(path, &e), ERR_INVALID);
    /* and a file that is not there */
    snprintf(path, sizeof path, "%s/missing.db", f->dir);
    err_clear(&e);
    assert_int_equal(store_check_file(path, &e), ERR_INVALID);
    /* a backup to a place that cannot be written fails cleanly */
    snprintf(path, sizeof path, "%s/no/such/dir/x.db", f->dir);
    err_clear(&e);
    assert_int_equal(db_backup(f->db, path, &e), ERR_STORE);
    assert_string_equal(e.code, "backup.open");
}

/* The search index lives in t-search.db, built by an indexer from the log
** ticket_fts_pending (store/sqlite/search.c). These tests run no indexer
** thread, so a search indexes what the log holds on the calling thread. */
static int64_t search_int(struct fx *f, const char *file, const char *sql, const char *arg)
{
    char path[sizeof f->path + 16];
    snprintf(path, sizeof path, "%s/%s", f->dir, file);
    sqlite3 *h;
    sqlite3_stmt *st;
    int64_t n = -1;
    if (sqlite3_open(path, &h) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (arg)
            sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
}

static int64_t fts_hits(struct fx *f, const char *word)
{
    return search_int(f, "t-search.db", "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH ?",
                      word);
}

static int64_t logged(struct fx *f)
{
    return search_int(f, "t.db", "SELECT count(*) FROM ticket_fts_pending", NULL);
}

static void search_exec(struct fx *f, const char *sql)
{
    char path[sizeof f->path + 16];
    snprintf(path, sizeof path, "%s/t-search.db", f->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

static int64_t make_ticket(struct fx *f, const char *title)
{
    struct err e = {0};
    struct ticket t = {.title = title, .description = "uji indeks", .service_id = 1,
                       .requester_id = 1, .channel = "web", .created_at = 1767225600};
    assert_int_equal(db_ticket_create(f->db, &t, "LKT", 2026, f->a, &e), 0);
    return t.id;
}

static void add_event(struct fx *f, int64_t ticket_id, const char *kind, const char *body,
                      bool internal)
{
    struct err e = {0};
    struct ticket_event ev = {.ticket_id = ticket_id, .at = 1767225700, .actor_id = 1,
                              .kind = kind, .body = body, .internal = internal};
    assert_int_equal(db_event_add(f->db, &ev, &e), 0);
}

static int64_t search_total; /* of the last search() */

/* One page of the store's ticket list; the test fails if it errs. */
static size_t run_list(struct fx *f, const struct ticket_query *q, struct ticket ***items,
                       int64_t *total, bool *capped)
{
    struct err e = {0};
    size_t n;
    assert_int_equal(db_ticket_list(f->db, q, f->a, items, &n, total, capped, &e), 0);
    return n;
}

/* Tickets the search finds for word, through the store's ticket list. */
static size_t search(struct fx *f, const char *word)
{
    struct ticket_query q = {.scope = {.kind = SCOPE_ALL}, .q = word, .page = 1,
                             .per_page = 10, .sla_breached = -1};
    struct ticket **items;
    int64_t total;
    bool capped;
    size_t n = run_list(f, &q, &items, &total, &capped);
    assert_false(capped);
    assert_true(total >= (int64_t)n);
    search_total = total;
    return n;
}

/* Services 1 and 2 and requester 1, for tickets made in the store tests. */
static void seed_ticket_refs(struct fx *f)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "INSERT INTO services (id, name, kind, created_at, updated_at) "
                                  "VALUES (1, 'Jaringan', 'ticket', 'x', 'x'),"
                                  " (2, 'Surel', 'ticket', 'x', 'x');"
                                  "INSERT INTO users (id, name, email, role, created_at, updated_at) "
                                  "VALUES (1, 'Budi', 'budi@uji.test', 'requester', 'x', 'x');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
}

static void store_13_search_index(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    seed_ticket_refs(f);

    /* a group commit of three jobs, the second rolled back: two log rows,
    ** nothing written to the search file yet */
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_savepoint(f->db, 0, &e), 0);
    make_ticket(f, "printer kantor rusak");
    assert_int_equal(db_savepoint(f->db, 1, &e), 0);
    assert_int_equal(db_savepoint(f->db, 0, &e), 0);
    make_ticket(f, "jaringan lambat sekali");
    assert_int_equal(db_savepoint(f->db, 2, &e), 0); /* this job failed */
    assert_int_equal(db_savepoint(f->db, 0, &e), 0);
    int64_t third = make_ticket(f, "printer lantai dua");
    assert_int_equal(db_savepoint(f->db, 1, &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(logged(f), 2);
    assert_int_equal(fts_hits(f, "printer"), 0);

    /* a public comment and an internal note while the ticket waits */
    add_event(f, third, "comment", "kertas tersangkut", false);
    assert_int_equal(db_ticket_search_log(f->db, third, &e), 0);
    add_event(f, third, "note", "rahasia internal", true);

    /* a search brings the index up to date first */
    assert_int_equal(search(f, "printer"), 2);
    assert_int_equal(fts_hits(f, "printer"), 2);
    assert_int_equal(search(f, "tersangkut"), 1);
    assert_int_equal(search(f, "rahasia"), 0);
    assert_int_equal(search(f, "jaringan"), 0);
    /* a word finds the words it starts, through the vocabulary: the words
    ** of indexed texts, none of digits only, none from internal notes */
    assert_int_equal(search(f, "PRINT"), 2);
    assert_int_equal(search(f, "tersang"), 1);
    assert_int_equal(search(f, "LK"), 2);
    assert_int_equal(search(f, "rahas"), 0);
    assert_int_equal(search(f, "zzz"), 0);
    assert_int_equal(search_int(f, "t-search.db",
                                "SELECT count(*) FROM ticket_terms WHERE term IN "
                                "('printer', 'tersangkut', 'lkt', 'uji')", NULL),
                     4);
    assert_int_equal(search_int(f, "t-search.db",
                                "SELECT count(*) FROM ticket_terms WHERE term = 'rahasia' "
                                "OR term NOT GLOB '*[^0-9]*'", NULL),
                     0);
    assert_int_equal(search_int(f, "t-search.db",
                                "SELECT v FROM search_meta WHERE k = 'indexed_seq'", NULL),
                     3);

    /* an edited title replaces the old row */
    struct ticket *t;
    assert_int_equal(db_ticket_get_id(f->db, third, f->a, &t, &e), 0);
    t->title = "pemindai lantai dua";
    assert_int_equal(db_ticket_save(f->db, t, &e), 0);
    assert_int_equal(search(f, "pemindai"), 1);
    assert_int_equal(search(f, "printer"), 1);
    assert_int_equal(fts_hits(f, "lantai"), 1);

    /* inside a transaction a search reads what is indexed so far */
    int64_t late = make_ticket(f, "proyektor mati");
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(search(f, "proyektor"), 0);
    db_rollback(f->db);
    assert_int_equal(search(f, "proyektor"), 1);

    /* the batch writer trims covered log rows, keeping the newest */
    for (int i = 0; i < 4100; i++)
        make_ticket(f, "monitor berkedip");
    assert_int_equal(search(f, "monitor"), 10); /* one page */
    assert_int_equal(search_total, 4100);
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_index_trim(f->db, &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(logged(f), 1);

    /* a lost search file (here: emptied) is rebuilt from every ticket */
    search_exec(f, "DELETE FROM ticket_fts; UPDATE search_meta SET v = 0;");
    make_ticket(f, "kabel putus");
    assert_int_equal(search(f, "kabel"), 1);
    assert_int_equal(search(f, "proyektor"), 1);
    assert_int_equal(search(f, "tersangkut"), 1);
    assert_int_equal(fts_hits(f, "monitor"), 4100);
    /* so is one ahead of the database (loket.db restored from a backup) */
    search_exec(f, "UPDATE search_meta SET v = 1000000 WHERE k = 'indexed_seq';");
    make_ticket(f, "mouse hilang");
    assert_int_equal(search(f, "mouse"), 1);
    assert_int_equal(fts_hits(f, "kabel"), 1);
    assert_int_equal(search(f, "berked"), 10); /* the rebuild refilled the vocabulary */
    /* a prefix of more than 16 words stays an FTS5 prefix query */
    make_ticket(f, "kata01 kata02 kata03 kata04 kata05 kata06 kata07 kata08 kata09 kata10 "
                   "kata11 kata12 kata13 kata14 kata15 kata16 kata17");
    assert_int_equal(search(f, "kata"), 1);
    assert_int_equal(search(f, "kata1"), 1);
    assert_int_equal(search(f, "kata17"), 1);
    assert_int_equal(search(f, "kata18"), 0);
    (void)late;
}

/* Every commit moves the generation (response caches key on it). */
static void store_14_generation(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    uint64_t g0 = store_generation(f->st);
    add_unit(f, "Baru", NULL, 0);
    uint64_t g1 = store_generation(f->st);
    assert_true(g1 > g0);
    assert_int_equal(db_begin(f->db, &e), 0);
    add_unit(f, "Lagi", NULL, 0);
    assert_int_equal(store_generation(f->st), g1); /* not committed yet */
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_true(store_generation(f->st) > g1);
}

/* Master records are cached per connection: a commit through the store
** (any connection) shows at once, a change inside the reader's own
** transaction too, another process's write within two seconds. */
static const char *unit_name(struct fx *f, struct db *db, int64_t id)
{
    struct err e = {0};
    struct record *r;
    if (db_rec_get(db, &res_units, id, f->a, &r, &e) != 0)
        fail_msg("rec_get: %s", e.msg[LOC_EN]);
    return r->v[resource_field(&res_units, "name")].s;
}

static void rename_unit(struct fx *f, struct db *db, int64_t id, const char *name)
{
    struct err e = {0};
    struct record *r = unit_rec(f, name, NULL, 0);
    if (db_rec_update(db, &res_units, id, r, &e) != 0)
        fail_msg("rec_update: %s", e.msg[LOC_EN]);
}

static void store_15_record_cache(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    int64_t id = add_unit(f, "Awal", NULL, 0);
    assert_string_equal(unit_name(f, f->db, id), "Awal");
    assert_string_equal(unit_name(f, f->db, id), "Awal"); /* from the cache */

    struct db *other = store_acquire(f->st, &e);
    assert_non_null(other);
    rename_unit(f, other, id, "Kedua");
    assert_string_equal(unit_name(f, f->db, id), "Kedua");

    assert_int_equal(db_begin(f->db, &e), 0);
    rename_unit(f, f->db, id, "Ketiga");
    assert_string_equal(unit_name(f, f->db, id), "Ketiga"); /* own uncommitted change */
    db_rollback(f->db);
    assert_string_equal(unit_name(f, f->db, id), "Kedua");
    assert_string_equal(unit_name(f, other, id), "Kedua");
    store_release(other);

    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE units SET name = 'Luar' WHERE id = %lld", (long long)id);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    /* the cache served it: this process has not looked for that commit yet */
    assert_string_equal(unit_name(f, f->db, id), "Kedua");
    store_refresh(f->st); /* as every request does first */
    assert_string_equal(unit_name(f, f->db, id), "Luar");
}

/* The batch writer's rollups: with triggers off its connection counts new
** tickets in memory (a job rolled back drops its count) and writes them at
** batch_flush; report_daily then equals a recount over the tickets, the
** same as the triggers keep it for every other connection. */
static int64_t rollup_diff(struct fx *f)
{
    static const char sql[] =
        "WITH rc(dim, day, key, n) AS ("
        " SELECT 'status', (created_at + 25200) / 86400, status, count(*) FROM tickets GROUP BY 2, 3"
        " UNION ALL SELECT 'unit', (created_at + 25200) / 86400, coalesce(CAST(unit_id AS TEXT), ''),"
        "  count(*) FROM tickets GROUP BY 2, 3"
        " UNION ALL SELECT 'service', (created_at + 25200) / 86400, CAST(service_id AS TEXT),"
        "  count(*) FROM tickets GROUP BY 2, 3"
        " UNION ALL SELECT 'category', (created_at + 25200) / 86400,"
        "  coalesce(CAST(category_id AS TEXT), ''), count(*) FROM tickets GROUP BY 2, 3"
        " UNION ALL SELECT 'priority', (created_at + 25200) / 86400,"
        "  coalesce(CAST(priority_id AS TEXT), ''), count(*) FROM tickets GROUP BY 2, 3"
        " UNION ALL SELECT 'channel', (created_at + 25200) / 86400, channel, count(*) FROM tickets"
        "  GROUP BY 2, 3"
        " UNION ALL SELECT 'tier', (created_at + 25200) / 86400, CAST(tier AS TEXT), count(*)"
        "  FROM tickets GROUP BY 2, 3"
        " UNION ALL SELECT 'agent', (created_at + 25200) / 86400,"
        "  coalesce(CAST(assignee_id AS TEXT), ''), count(*) FROM tickets GROUP BY 2, 3)"
        "SELECT (SELECT count(*) FROM (SELECT * FROM rc EXCEPT SELECT dim, day, key, n FROM"
        " report_daily WHERE n > 0)) + (SELECT count(*) FROM (SELECT dim, day, key, n FROM"
        " report_daily WHERE n > 0 EXCEPT SELECT * FROM rc))";
    return search_int(f, "t.db", sql, NULL);
}

static int64_t rollup_n(struct fx *f, const char *dim)
{
    return search_int(f, "t.db", "SELECT coalesce(sum(n), 0) FROM report_daily WHERE dim = ?",
                      dim);
}

static void store_16_batch_rollups(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    seed_ticket_refs(f);
    make_ticket(f, "lewat pemicu"); /* the triggers count this one */
    assert_int_equal(rollup_n(f, "status"), 1);

    db_batch_mode(f->db, true);
    assert_int_equal(db_begin(f->db, &e), 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(db_savepoint(f->db, 0, &e), 0);
        struct ticket t = {.title = "batch", .description = "uji", .service_id = 1 + i % 2,
                           .requester_id = 1, .channel = i % 2 ? "phone" : "web",
                           .created_at = 1767225600 + i * 40000};
        assert_int_equal(db_ticket_create(f->db, &t, "LKT", 2026, f->a, &e), 0);
        /* the third job fails after creating its ticket */
        assert_int_equal(db_savepoint(f->db, i == 2 ? 2 : 1, &e), 0);
    }
    /* nothing is written before the flush */
    assert_int_equal(db_batch_flush(f->db, &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(rollup_n(f, "status"), 5);
    assert_int_equal(rollup_n(f, "channel"), 5);
    assert_int_equal(rollup_diff(f), 0);

    /* a batch that fails as a whole counts nothing */
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_savepoint(f->db, 0, &e), 0);
    make_ticket(f, "dibatalkan");
    assert_int_equal(db_savepoint(f->db, 1, &e), 0);
    db_rollback(f->db);
    assert_int_equal(db_begin(f->db, &e), 0);
    assert_int_equal(db_batch_flush(f->db, &e), 0);
    assert_int_equal(db_commit(f->db, &e), 0);
    assert_int_equal(rollup_n(f, "status"), 5);

    /* back to normal: the triggers count again */
    db_batch_mode(f->db, false);
    make_ticket(f, "lewat pemicu lagi");
    assert_int_equal(rollup_n(f, "status"), 6);
    assert_int_equal(rollup_diff(f), 0);
}

static void main_exec(struct fx *f, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

/* The id of the ticket ticket_get finds for number, or -1 when it finds none. */
static int64_t id_of(struct fx *f, const char *number)
{
    struct err e = {0};
    struct ticket *t = NULL;
    int rc = db_ticket_get(f->db, number, f->a, &t, &e);
    if (rc == ERR_NOT_FOUND)
        return -1;
    assert_int_equal(rc, 0);
    assert_string_equal(t->number, number);
    return t->id;
}

/* ticket_get reads a row by the id it guesses from the number's year offset
** (store/sqlite/tickets.c); a guess that is wrong in any way must still give
** the ticket with that number. */
static void store_18_number_hint(void **state)
{
    struct fx *f = *state;
    seed_ticket_refs(f);
    int64_t a = make_ticket(f, "satu"), b = make_ticket(f, "dua"), c = make_ticket(f, "tiga");
    assert_int_equal(id_of(f, "LKT-2026-000001"), a);
    assert_int_equal(id_of(f, "LKT-2026-000002"), b); /* by the guess: offset 0 */
    assert_int_equal(id_of(f, "LKT-2026-000003"), c);

    /* the guessed id is missing: 2 moved to id 102 */
    main_exec(f, "UPDATE tickets SET id = id + 100 WHERE number = 'LKT-2026-000002'");
    assert_int_equal(id_of(f, "LKT-2026-000002"), b + 100);
    /* the learned offset (100) now misses for the others */
    assert_int_equal(id_of(f, "LKT-2026-000003"), c);
    /* the guessed id exists but carries another number */
    main_exec(f, "UPDATE tickets SET number = 'x' WHERE id = 1;"
                 "UPDATE tickets SET number = 'LKT-2026-000001' WHERE id = 3;"
                 "UPDATE tickets SET number = 'LKT-2026-000003' WHERE number = 'x'");
    assert_int_equal(id_of(f, "LKT-2026-000001"), c);
    assert_int_equal(id_of(f, "LKT-2026-000003"), a);

    /* numbers that are not there, or not in the PREFIX-YYYY-N form */
    assert_int_equal(id_of(f, "LKT-2026-000004"), -1);
    assert_int_equal(id_of(f, "LKT-2025-000001"), -1);
    assert_int_equal(id_of(f, "LKT-1999-000001"), -1);
    assert_int_equal(id_of(f, "LKT-2026-"), -1);
    assert_int_equal(id_of(f, "LKT-20x6-000001"), -1);
    assert_int_equal(id_of(f, "2026-000001"), -1);
    assert_int_equal(id_of(f, "-"), -1);
    assert_int_equal(id_of(f, ""), -1);
    assert_int_equal(id_of(f, "LKT-2026-99999999999999999999"), -1);
}

/* After a burst the checkpointer, not a commit, cuts the WAL file back
** (store/sqlite/checkpoint.c wal_cut_back): once writes pause it shrinks from
** the burst's size to nothing, and the data stays. */
static void store_19_wal_cut_back(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    assert_int_equal(store_bg_start(f->st, &e), 0);
    sqlite3 *w;
    assert_int_equal(sqlite3_open(f->path, &w), SQLITE_OK);
    assert_int_equal(sqlite3_exec(w,
                                  "CREATE TABLE burst (id INTEGER PRIMARY KEY, b BLOB);"
                                  "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                  " WHERE i < 80) INSERT INTO burst (b) SELECT randomblob(1000000)"
                                  " FROM n; COMMIT;", /* ~80 MB of WAL */
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(w);
    char wal[sizeof f->path + 8];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    struct stat st;
    assert_int_equal(stat(wal, &st), 0);
    assert_true(st.st_size > 64 << 20);
    off_t size = st.st_size;
    for (int i = 0; i < 100 && size > 64 << 20; i++) { /* idle 0.5 s, then a try a second */
        usleep(50 * 1000);
        size = stat(wal, &st) == 0 ? st.st_size : 0;
    }
    assert_true(size <= 64 << 20);
    assert_int_equal(search_int(f, "t.db", "SELECT count(*) FROM burst WHERE length(b) = 1000000",
                                NULL),
                     80);
    store_bg_stop(f->st);
}

/* Ids of a ticket list page, joined by ','. */
static char *list_ids(struct fx *f, const char *status, const char *sort, bool desc,
                      int64_t page)
{
    struct ticket_query q = {.scope = {.kind = SCOPE_ALL}, .statuses = {status},
                             .n_statuses = 1, .sort = sort, .sort_desc = desc, .page = page,
                             .per_page = 50, .sla_breached = -1};
    struct ticket **items;
    int64_t total;
    bool capped;
    size_t n = run_list(f, &q, &items, &total, &capped);
    char *out = arena_strdup(f->a, "");
    for (size_t i = 0; i < n; i++)
        out = arena_printf(f->a, "%s%s%lld", out, i ? "," : "", (long long)items[i]->id);
    return out;
}

/* The same page straight from SQLite. */
static char *sql_ids(struct fx *f, const char *order, int64_t page)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    char *sql = arena_printf(f->a, "SELECT id FROM tickets WHERE status = 'new' ORDER BY %s "
                                   "LIMIT 50 OFFSET %lld", order, (long long)(page - 1) * 50);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    char *out = arena_strdup(f->a, "");
    for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++)
        out = arena_printf(f->a, "%s%s%lld", out, i ? "," : "",
                           (long long)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

/* A filter matching more tickets than the count's cap, sorted by one of
** migration 0011's columns: the first pages walk the sort's index
** (tickets.c sort_walk), deeper ones walk while the filter matches enough
** and sort what it found past that; all give exactly the order SQLite
** gives. */
static void store_20_sorted_big_filter(void **state)
{
    struct fx *f = *state;
    seed_ticket_refs(f);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(h,
                     "INSERT INTO priorities (id, code, name, rank, created_at, updated_at) "
                     "VALUES (1, 'p1', 'P1', 1, 'x', 'x'), (2, 'p2', 'P2', 2, 'x', 'x'),"
                     " (3, 'p3', 'P3', 3, 'x', 'x');"
                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                     "i < 60000) INSERT INTO tickets (number, title, description, service_id, "
                     "requester_id, status, priority_id, priority_rank, created_at, updated_at,"
                     " resolution_due) SELECT printf('LKT-2026-%06d', i), 'uji', 'uji', 1, 1,"
                     " CASE WHEN i % 5 = 1 THEN 'new' ELSE 'closed' END, 1 + i % 3, 1 + i % 3,"
                     " 1767225600 + i, 1767225600 + (i * 7919) % 60000,"
                     " CASE WHEN i % 7 THEN 1767225600 + (i * 104729) % 50000 END FROM n;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(h);
    static const struct {
        const char *sort, *order;
        bool desc;
    } cases[] = {
        {"priority", "priority_rank DESC, id DESC", true},
        {"priority", "priority_rank ASC, id ASC", false},
        {"updated_at", "updated_at DESC, id DESC", true},
        {"resolution_due", "resolution_due ASC, id ASC", false},
        {"resolution_due", "resolution_due DESC, id DESC", true},
    };
    /* 12,000 of 60,000 match: pages 1 and 4 walk; 7 (end 350) and 192 (end
    ** 9600 = 4 x matches^2 / tickets) walk after the deeper count; 193 sorts */
    static const int64_t pages[] = {1, 4, 7, 192, 193};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t k = 0; k < sizeof pages / sizeof pages[0]; k++) {
            int64_t page = pages[k];
            char *got = list_ids(f, "new", cases[i].sort, cases[i].desc, page);
            assert_true(strlen(got) > 0);
            assert_string_equal(got, sql_ids(f, cases[i].order, page));
        }
}

/* The WAL-gathering VFS (store/sqlite/walbuf.c) is every connection's:
** commits much larger than the unix VFS's 128 KiB write limit, larger than
** the gathering buffer, rolled back after spilling pages into the WAL, or
** rewriting a page twice, must all read back whole from another
** connection, and the file must pass integrity_check. */
/* The total of a list of new tickets (page 1 of 2 a page), and how many rows the page had. */
static int64_t new_total(struct fx *f, const char *word, size_t *rows)
{
    struct ticket_query q = {.scope = {.kind = SCOPE_ALL}, .statuses = {"new"},
                             .n_statuses = 1, .q = word, .page = 1, .per_page = 2,
                             .sla_breached = -1};
    struct ticket **items;
    int64_t total;
    bool capped;
    *rows = run_list(f, &q, &items, &total, &capped);
    assert_false(capped);
    return total;
}

/* A list's total is kept between requests (store/sqlite/counts.c) under the
** store generation: it stands while nothing is committed through the store,
** moves with the next commit, and is never kept from inside a transaction
** (its uncommitted rows would outlive a rollback). A write by another
** connection that moves no generation shows the entry is really reused,
** until store_refresh notices it. */
static void store_21_list_counts_kept(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    seed_ticket_refs(f);
    for (int i = 0; i < 3; i++)
        make_ticket(f, "Printer macet");
    size_t rows;
    assert_int_equal(new_total(f, NULL, &rows), 3);
    assert_int_equal(new_total(f, "printer", &rows), 3);
    /* another process's insert: the kept totals stand, the page reads it */
    main_exec(f, "INSERT INTO tickets (number, title, description, service_id, requester_id,"
                 " channel, status, created_at, updated_at) SELECT 'LKT-2026-900001', title,"
                 " description, service_id, requester_id, channel, status, created_at,"
                 " updated_at FROM tickets LIMIT 1");
    assert_int_equal(new_total(f, NULL, &rows), 3);
    assert_int_equal(rows, 2);
    /* once the store has looked for outside commits (a request does first),
    ** the totals miss too */
    store_refresh(f->st);
    assert_int_equal(new_total(f, NULL, &rows), 4);
    /* a different filter is a different entry */
    struct ticket_query all = {.scope = {.kind = SCOPE_ALL}, .page = 1, .per_page = 2,
                               .sla_breached = -1};
    struct ticket **items;
    int64_t total;
    bool capped;
    run_list(f, &all, &items, &total, &capped);
    assert_int_equal(total, 4);
    /* a commit through the store: every kept total misses */
    make_ticket(f, "Printer rusak");
    assert_int_equal(new_total(f, NULL, &rows), 5);
    assert_int_equal(new_total(f, "printer", &rows), 4); /* the outside row is not indexed */
    /* inside a transaction the total is counted and not kept */
    assert_int_equal(db_begin(f->db, &e), 0);
    make_ticket(f, "Printer baru");
    assert_int_equal(new_total(f, NULL, &rows), 6);
    db_rollback(f->db);
    assert_int_equal(new_total(f, NULL, &rows), 5);
}

/* Issue #15: a read after another process's commit must see it. Here the
** store runs as in a server (kept snapshots, the checkpointer) and every
** round reads through it first, so the snapshot, the record cache and the
** list totals all hold the old state; then a separate connection commits,
** store_refresh runs as at the start of a request, and a fresh acquire
** must read the new ticket total and unit name. Many rounds, because the
** checkpointer's own polling every 20 ms would make a missing refresh
** pass now and then. */
static void store_22_outside_commits(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    seed_ticket_refs(f);
    make_ticket(f, "Printer macet");
    int64_t unit = add_unit(f, "Awal", NULL, 0);
    assert_int_equal(store_bg_start(f->st, &e), 0);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 5000);
    assert_int_equal(sqlite3_exec(h, "PRAGMA synchronous=OFF", NULL, NULL, NULL), SQLITE_OK);
    struct db *own = f->db;
    size_t rows;
    for (int i = 1; i <= 200; i++) {
        char name[32], sql[512];
        snprintf(name, sizeof name, "Unit %d", i);
        struct db *d = f->db = store_acquire(f->st, &e);
        assert_non_null(d);
        assert_int_equal(new_total(f, NULL, &rows), i);
        unit_name(f, d, unit);
        store_release(d);
        snprintf(sql, sizeof sql,
                 "BEGIN; INSERT INTO tickets (number, title, description, service_id,"
                 " requester_id, channel, status, created_at, updated_at) SELECT"
                 " 'LKT-2026-9%05d', title, description, service_id, requester_id, channel,"
                 " status, created_at, updated_at FROM tickets LIMIT 1;"
                 " UPDATE units SET name = '%s' WHERE id = %lld; COMMIT;",
                 i, name, (long long)unit);
        assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
        store_refresh(f->st);
        d = f->db = store_acquire(f->st, &e);
        assert_non_null(d);
        assert_int_equal(new_total(f, NULL, &rows), i + 1);
        assert_string_equal(unit_name(f, d, unit), name);
        store_release(d);
    }
    f->db = own;
    sqlite3_close(h);
    store_bg_stop(f->st);
}

/* Telling the store's own commits from others' (store/sqlite/owncommit.c):
** after a commit through the store, store_refresh moves nothing (the WAL
** hook did what was needed: the generation, and conf_generation only for
** master data), so sign-ins and master records stay cached under a stream
** of bookings; a commit by any other connection of the file (here a bare
** one and a second store, as another process would) moves both, also
** when the store's own commits came before and after it unasked. */
static void store_23_own_commits_quiet(void **state)
{
    struct fx *f = *state;
    struct err e = {0};
    seed_ticket_refs(f);
    int64_t unit = add_unit(f, "Awal", NULL, 0);
    store_refresh(f->st); /* the first ask has nothing to compare with */
    store_refresh(f->st);
    for (int i = 0; i < 20; i++) {
        uint64_t conf = store_conf_generation(f->st), gen = store_generation(f->st);
        make_ticket(f, "Printer macet");
        assert_int_equal(store_conf_generation(f->st), conf);
        assert_true(store_generation(f->st) > gen);
        gen = store_generation(f->st);
        store_refresh(f->st);
        assert_int_equal(store_conf_generation(f->st), conf);
        assert_int_equal(store_generation(f->st), gen);
    }
    uint64_t conf = store_conf_generation(f->st);
    rename_unit(f, f->db, unit, "Kedua"); /* master data: the hook moves it once */
    assert_true(store_conf_generation(f->st) > conf);
    conf = store_conf_generation(f->st);
    store_refresh(f->st);
    assert_int_equal(store_conf_generation(f->st), conf);

    /* an outside commit between two of ours, nobody asking in between */
    make_ticket(f, "Sebelum");
    main_exec(f, "UPDATE units SET name = 'Luar' WHERE id = 1");
    make_ticket(f, "Sesudah");
    conf = store_conf_generation(f->st);
    store_refresh(f->st);
    assert_true(store_conf_generation(f->st) > conf);
    conf = store_conf_generation(f->st);
    store_refresh(f->st);
    assert_int_equal(store_conf_generation(f->st), conf);

    /* a second store on the same file is somebody else too */
    struct store *st2 = NULL;
    assert_int_equal(store_open(f->path, &st2, &e), 0);
    struct db *d2 = store_acquire(st2, &e);
    assert_non_null(d2);
    rename_unit(f, d2, unit, "Dari toko kedua");
    store_release(d2);
    store_refresh(f->st);
    assert_true(store_conf_generation(f->st) > conf);
    assert_string_equal(unit_name(f, f->db, unit), "Dari toko kedua");
    store_close(st2);
}

static void store_17_wal_gathering(void **state)
{
    struct fx *f = *state;
    sqlite3 *w, *r;
    assert_int_equal(sqlite3_open(f->path, &w), SQLITE_OK);
    assert_int_equal(sqlite3_open(f->path, &r), SQLITE_OK);
    assert_int_equal(sqlite3_exec(w,
                                  "PRAGMA cache_size = 50;" /* spill pages mid-transaction */
                                  "CREATE TABLE blob_t (id INTEGER PRIMARY KEY, b BLOB);"
                                  "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                  " WHERE i < 600) INSERT INTO blob_t (b) SELECT randomblob(900)"
                                  " FROM n; COMMIT;" /* ~600 KB */
                                  "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                  " WHERE i < 3000) INSERT INTO blob_t (b) SELECT randomblob(3000)"
                                  " FROM n; COMMIT;" /* ~9 MB */
                                  "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                                  " WHERE i < 900) INSERT INTO blob_t (b) SELECT randomblob(900)"
                                  " FROM n; ROLLBACK;"
                                  "BEGIN; UPDATE blob_t SET b = zeroblob(10) WHERE id = 1;"
                                  " UPDATE blob_t SET b = zeroblob(20) WHERE id = 1; COMMIT;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(r, "SELECT count(*), sum(length(b)) FROM blob_t", -1,
                                        &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 3600);
    assert_int_equal(sqlite3_column_int64(st, 1), 599 * 900 + 3000 * 3000 + 20);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(r, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(r);
    sqlite3_close(w);
}

/* store_24: the vocabulary (vocab.c) holds exactly the index's own words
** (fts5vocab over ticket_fts) but those of digits only or longer than 64
** bytes: case, '_', '-', '@', digits, a 65-letter word, control
** characters, accents. (Written for a hand-made ASCII splitter in
** vocab.c, taken out again: it cost more than unicode61's own ASCII path,
** bench/README.md, appointments, sixth pass.) */
static void store_24_vocab_matches_index(void **state)
{
    struct fx *f = *state;
    seed_ticket_refs(f);
    make_ticket(f, "Janji temu Klinik Pratama - Poli Umum 2026-12-09 no. 123");
    make_ticket(f, "snake_case UNDER_score x1y2 007 3a A9 e-mail@host.example don't");
    make_ticket(f, "tab\tnew\nline;semi,comma.dot/slash\\back(par)[br]{cu}~`^|<>=+*&%$#!?\"'");
    make_ticket(f, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm "
                   "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl ok");
    make_ticket(f, "Órgão café naïve Straße ÉCOLE");
    make_ticket(f, "Ünïcödé mixed with ASCII_words and 42");
    assert_int_equal(search(f, "pratama"), 1);
    search_exec(f, "CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5vocab(ticket_fts, 'row')");
    /* the index's words a search can expand, every one in the vocabulary */
    static const char listed[] = "term GLOB '*[^0-9]*' AND length(CAST(term AS BLOB)) <= 64";
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM words WHERE %s AND term NOT IN (SELECT term FROM ticket_terms)",
             listed);
    assert_int_equal(search_int(f, "t-search.db", sql, NULL), 0);
    /* and nothing else */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM ticket_terms WHERE term NOT IN (SELECT term FROM words WHERE %s)",
             listed);
    assert_int_equal(search_int(f, "t-search.db", sql, NULL), 0);
    /* a few by name: lower-cased, split at '_' and '-', the 64-letter word kept,
    ** the 65-letter one and digits-only words left out, accents folded */
    assert_int_equal(search_int(f, "t-search.db",
                                "SELECT count(*) FROM ticket_terms WHERE term IN ('klinik', "
                                "'snake', 'case', 'under', 'x1y2', '3a', 'a9', 'e', 'mail', "
                                "'don', 't', 'semi', 'cu', 'ok', 'orgao', 'cafe', 'naive', "
                                "'ecole', 'unicode', 'ascii', 'words', "
                                "'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl')",
                                NULL),
                     22);
    assert_int_equal(search_int(f, "t-search.db",
                                "SELECT count(*) FROM ticket_terms WHERE term IN ('007', '2026', "
                                "'123', '42', 'Klinik', 'snake_case', "
                                "'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm')",
                                NULL),
                     0);
}

#ifndef STORE_TEST_PG
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(store_1_migrations_apply_once, setup_bare, teardown),
        cmocka_unit_test_setup_teardown(store_2_record_crud, setup, teardown),
        cmocka_unit_test_setup_teardown(store_3_unique_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(store_4_referenced_rows_not_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(store_5_missing_refs_and_loops, setup, teardown),
        cmocka_unit_test_setup_teardown(store_6_list_search_filter_sort_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(store_7_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(store_8_sessions_and_users, setup, teardown),
        cmocka_unit_test_setup_teardown(store_9_login_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(store_10_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(store_11_audit_log, setup, teardown),
        cmocka_unit_test_setup_teardown(store_12_backup_and_check_file, setup, teardown),
        cmocka_unit_test_setup_teardown(store_13_search_index, setup, teardown),
        cmocka_unit_test_setup_teardown(store_14_generation, setup, teardown),
        cmocka_unit_test_setup_teardown(store_15_record_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(store_16_batch_rollups, setup, teardown),
        cmocka_unit_test_setup_teardown(store_17_wal_gathering, setup, teardown),
        cmocka_unit_test_setup_teardown(store_18_number_hint, setup, teardown),
        cmocka_unit_test_setup_teardown(store_19_wal_cut_back, setup, teardown),
        cmocka_unit_test_setup_teardown(store_20_sorted_big_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(store_21_list_counts_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(store_22_outside_commits, setup, teardown),
        cmocka_unit_test_setup_teardown(store_23_own_commits_quiet, setup, teardown),
        cmocka_unit_test_setup_teardown(store_24_vocab_matches_index, setup, teardown),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
#endif
