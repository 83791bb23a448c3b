/* store-*: the storage contract on a fresh SQLite file — migrations applied
** once and recorded, generic records with constraint errors mapped to
** stable codes, search with literal wildcards, transactions, sessions,
** throttling counters, settings and the online backup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/arena.h"
#include "store/store.h"

static char dir[64];
static struct store *st;
static struct db *db;

static int setup(void **s)
{
    (void)s;
    snprintf(dir, sizeof dir, "/tmp/loket-store-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char path[128];
    snprintf(path, sizeof path, "%s/t.db", dir);
    struct err e = {0};
    if (store_open(path, &st, &e) != 0 || !(db = store_acquire(st, &e)))
        return -1;
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    store_release(db);
    store_close(st);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void store_1_migrations(void **s)
{
    (void)s;
    struct err e = {0};
    int applied = -1;
    assert_int_equal(db_migrate(db, &applied, &e), 0);
    assert_true(applied >= 3);
    assert_int_equal(db_migrate(db, &applied, &e), 0);
    assert_int_equal(applied, 0); /* nothing twice */
    assert_int_equal(db_ping(db, &e), 0);
    char path[128];
    snprintf(path, sizeof path, "%s/t.db", dir);
    assert_int_equal(store_check_file(path, &e), 0);
}

static struct record *unit(struct arena *a, const char *name, int64_t parent)
{
    struct record *r = record_new(a, &res_units);
    r->v[resource_field(&res_units, "name")] = (struct value){.set = true, .s = name};
    if (parent)
        r->v[resource_field(&res_units, "parent_id")] = (struct value){.set = true, .i = parent};
    record_apply_defaults(&res_units, r);
    return r;
}

static void store_2_records(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct err e = {0};
    struct record *p = unit(a, "Induk 50% Persen", 0), *c = unit(a, "Anak_Unit", 0), *got;
    assert_int_equal(db->ops->rec_create(db, &res_units, p, &e), 0);
    c->v[resource_field(&res_units, "parent_id")] = (struct value){.set = true, .i = p->id};
    assert_int_equal(db->ops->rec_create(db, &res_units, c, &e), 0);
    assert_int_equal(db->ops->rec_get(db, &res_units, c->id, a, &got, &e), 0);
    assert_string_equal(got->v[0].s, "Anak_Unit");
    assert_non_null(got->created_at);
    /* duplicate name (case-insensitive) */
    struct err e2 = {0};
    assert_int_equal(db->ops->rec_create(db, &res_units, unit(a, "anak_unit", 0), &e2), ERR_CONFLICT);
    assert_string_equal(e2.code, "unit.duplicate");
    assert_string_equal(e2.fields[0].name, "name");
    /* referenced delete */
    struct err e3 = {0};
    assert_int_equal(db->ops->rec_delete(db, &res_units, p->id, &e3), ERR_CONFLICT);
    assert_string_equal(e3.code, "unit.referenced");
    /* reference to nothing names the field */
    struct err e4 = {0};
    assert_int_equal(db->ops->rec_create(db, &res_units, unit(a, "Yatim", 9999), &e4), ERR_INVALID);
    assert_string_equal(e4.fields[0].name, "parent_id");
    /* update and missing rows */
    struct record *upd = record_new(a, &res_units);
    upd->v[resource_field(&res_units, "description")] = (struct value){.set = true, .s = "ok"};
    assert_int_equal(db->ops->rec_update(db, &res_units, c->id, upd, &e), 0);
    struct err e5 = {0};
    assert_int_equal(db->ops->rec_update(db, &res_units, 424242, upd, &e5), ERR_NOT_FOUND);
    assert_string_equal(e5.code, "unit.not_found");
    assert_int_equal(db->ops->rec_delete(db, &res_units, c->id, &e), 0);
    assert_int_equal(db->ops->rec_delete(db, &res_units, p->id, &e), 0);
    arena_free(a);
}

static void store_3_list_search_and_pages(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct err e = {0};
    const char *names[] = {"Dinas A", "Dinas B", "Dinas C", "Kantor 100%", "Kantor_X"};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(db->ops->rec_create(db, &res_units, unit(a, names[i], 0), &e), 0);
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 2, .q = "dinas"};
    struct record **items;
    size_t n;
    int64_t total;
    assert_int_equal(db->ops->rec_list(db, &res_units, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    assert_int_equal(n, 2);
    assert_string_equal(items[0]->v[0].s, "Dinas A");
    q.page = 2;
    assert_int_equal(db->ops->rec_list(db, &res_units, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(items[0]->v[0].s, "Dinas C");
    q.page = 9;
    assert_int_equal(db->ops->rec_list(db, &res_units, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(total, 3); /* past the end still tells the total */
    /* LIKE wildcards typed by users are literal */
    struct rec_query w = {.sort_field = -1, .page = 1, .per_page = 50, .q = "0%"};
    assert_int_equal(db->ops->rec_list(db, &res_units, &w, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    w.q = "r_";
    assert_int_equal(db->ops->rec_list(db, &res_units, &w, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_string_equal(items[0]->v[0].s, "Kantor_X");
    /* sort descending */
    struct rec_query d = {.sort_field = 0, .sort_desc = true, .page = 1, .per_page = 1};
    assert_int_equal(db->ops->rec_list(db, &res_units, &d, a, &items, &n, &total, &e), 0);
    assert_string_equal(items[0]->v[0].s, "Kantor_X");
    arena_free(a);
}

static void store_4_transactions(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct err e = {0};
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 50, .q = "Batal"};
    struct record **items;
    size_t n;
    int64_t total;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db->ops->rec_create(db, &res_units, unit(a, "Batal Dibuat", 0), &e), 0);
    db_rollback(db);
    assert_int_equal(db->ops->rec_list(db, &res_units, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    arena_free(a);
}

static void store_5_sessions_throttle_settings(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct err e = {0};
    struct record *u = record_new(a, &res_users);
    u->v[resource_field(&res_users, "name")] = (struct value){.set = true, .s = "Uji"};
    u->v[resource_field(&res_users, "email")] = (struct value){.set = true, .s = "uji@x.id"};
    u->v[resource_field(&res_users, "role")] = (struct value){.set = true, .s = "requester"};
    record_apply_defaults(&res_users, u);
    assert_int_equal(db->ops->rec_create(db, &res_users, u, &e), 0);
    unsigned char h[STORE_HASH_LEN] = {1, 2, 3};
    struct session_row row;
    assert_int_equal(db->ops->session_create(db, u->id, h, "csrf", 2000000000, "127.0.0.1", &e), 0);
    assert_int_equal(db->ops->session_lookup(db, h, 1900000000, a, &row, &e), 0);
    assert_string_equal(row.csrf_token, "csrf");
    assert_string_equal(row.user.email, "uji@x.id");
    struct err e2 = {0};
    assert_int_equal(db->ops->session_lookup(db, h, 2000000001, a, &row, &e2), ERR_UNAUTHENTICATED);
    assert_int_equal(db->ops->session_delete(db, h, &e), 0);
    struct user_auth ua;
    assert_int_equal(db->ops->user_by_login(db, "UJI@X.ID", a, &ua, &e), 0);
    int64_t count = 0;
    for (int i = 0; i < 3; i++)
        assert_int_equal(db->ops->login_failure_add(db, "account", "uji", 1000 + i, &e), 0);
    assert_int_equal(db->ops->login_failure_count(db, "account", "uji", 1001, &count, &e), 0);
    assert_int_equal(count, 2);
    assert_int_equal(db->ops->login_failure_clear(db, "account", "uji", &e), 0);
    assert_int_equal(db->ops->login_failure_count(db, "account", "uji", 0, &count, &e), 0);
    assert_int_equal(count, 0);
    const char *v = NULL;
    assert_int_equal(db->ops->setting_set(db, "k", "v1", &e), 0);
    assert_int_equal(db->ops->setting_set(db, "k", "v2", &e), 0);
    assert_int_equal(db->ops->setting_get(db, "k", a, &v, &e), 0);
    assert_string_equal(v, "v2");
    struct err e3 = {0};
    assert_int_equal(db->ops->setting_get(db, "nope", a, &v, &e3), ERR_NOT_FOUND);
    arena_free(a);
}

static void store_6_backup(void **s)
{
    (void)s;
    struct err e = {0};
    char path[128], junk[128];
    snprintf(path, sizeof path, "%s/copy.db", dir);
    snprintf(junk, sizeof junk, "%s/junk.db", dir);
    assert_int_equal(db->ops->backup(db, path, &e), 0);
    assert_int_equal(store_check_file(path, &e), 0);
    FILE *f = fopen(junk, "w");
    fputs("SQLite format 3 but not really", f);
    fclose(f);
    struct err e2 = {0};
    assert_int_equal(store_check_file(junk, &e2), ERR_INVALID);
    assert_string_equal(e2.code, "restore.corrupt");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(store_1_migrations),
        cmocka_unit_test(store_2_records),
        cmocka_unit_test(store_3_list_search_and_pages),
        cmocka_unit_test(store_4_transactions),
        cmocka_unit_test(store_5_sessions_throttle_settings),
        cmocka_unit_test(store_6_backup),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
