/* csrf-*, roles-*: cookie sessions must send X-CSRF-Token to change state;
** master data is written by admins only; requesters see only active
** catalogue entries; staff may read the user list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#include <stdio.h>
#include <string.h>

static struct it_server srv;
static struct it_client admin, leader, agent, requester;

static int setup(void **state)
{
    (void)state;
    if (it_server_start(&srv, NULL) != 0)
        return -1;
    it_client_init(&admin, &srv);
    it_client_init(&leader, &srv);
    it_client_init(&agent, &srv);
    it_client_init(&requester, &srv);
    if (!it_login(&admin, "admin@demo.test", IT_PASSWORD) ||
        !it_login(&leader, "leader@demo.test", IT_PASSWORD) ||
        !it_login(&agent, "agent@demo.test", IT_PASSWORD) ||
        !it_login(&requester, "requester@demo.test", IT_PASSWORD))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_client_cleanup(&admin);
    it_client_cleanup(&leader);
    it_client_cleanup(&agent);
    it_client_cleanup(&requester);
    return it_server_stop_clean(&srv);
}

static json_t *unit(const char *name)
{
    return json_pack("{s:s}", "name", name);
}

static void csrf_1_missing_token(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char body[] = "{\"name\":\"Unit tanpa CSRF\"}";
    it_request(&admin, "POST", "/api/v1/units", body, strlen(body), NULL, IT_NO_CSRF, &r);
    expect_error(&r, 403, "auth.csrf");
    it_request(&admin, "DELETE", "/api/v1/units/1", NULL, 0, NULL, IT_NO_CSRF, &r);
    expect_error(&r, 403, "auth.csrf");
    /* nothing was written */
    it_get(&admin, "/api/v1/units?q=tanpa%20CSRF", &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), 0);
    /* logout is a state change too */
    it_request(&requester, "POST", "/api/v1/auth/logout", NULL, 0, NULL, IT_NO_CSRF, &r);
    expect_error(&r, 403, "auth.csrf");
    it_get(&requester, "/api/v1/me", &r);
    expect_status(&r, 200);
    it_resp_free(&r);
}

static void csrf_2_wrong_token(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char body[] = "{\"name\":\"Unit CSRF salah\"}";
    static const char *const wrong[] = {
        "X-CSRF-Token: 0000000000000000000000000000000000000000000000000000000000000000",
        NULL};
    it_request(&admin, "POST", "/api/v1/units", body, strlen(body), wrong, 0, &r);
    expect_error(&r, 403, "auth.csrf");
    /* another user's token does not fit this session */
    char other[120];
    snprintf(other, sizeof other, "X-CSRF-Token: %s", leader.csrf);
    const char *const theirs[] = {other, NULL};
    it_request(&admin, "POST", "/api/v1/units", body, strlen(body), theirs, 0, &r);
    expect_error(&r, 403, "auth.csrf");
    static const char *const empty[] = {"X-CSRF-Token: ", NULL};
    it_request(&admin, "POST", "/api/v1/units", body, strlen(body), empty, 0, &r);
    expect_error(&r, 403, "auth.csrf");
    /* the right one works */
    it_post(&admin, "/api/v1/units", unit("Unit CSRF benar"), &r);
    expect_status(&r, 201);
    it_resp_free(&r);
}

static void roles_1_requester_cannot_write(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_post(&requester, "/api/v1/units", unit("Unit dari pemohon"), &r);
    expect_error(&r, 403, "forbidden");
    it_patch(&requester, "/api/v1/units/1", json_pack("{s:s}", "name", "Diubah"), &r);
    expect_error(&r, 403, "forbidden");
    it_delete(&requester, "/api/v1/tags/1", &r);
    expect_error(&r, 403, "forbidden");
    it_post(&requester, "/api/v1/users",
            json_pack("{s:s, s:s, s:s, s:s}", "name", "X", "email", "x@demo.test", "role",
                      "admin", "password", "rahasia-sekali"), &r);
    expect_error(&r, 403, "forbidden");
    it_resp_free(&r);
}

static void roles_2_leader_reads_only(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_get(&leader, "/api/v1/units", &r);
    expect_status(&r, 200);
    assert_true(jint(r.json, "total") >= 9);
    it_post(&leader, "/api/v1/units", unit("Unit dari pimpinan"), &r);
    expect_error(&r, 403, "forbidden");
    it_patch(&leader, "/api/v1/services/1", json_pack("{s:b}", "active", 0), &r);
    expect_error(&r, 403, "forbidden");
    it_resp_free(&r);
}

static void roles_3_agent_cannot_write_master(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_post(&agent, "/api/v1/categories", json_pack("{s:s}", "name", "Kategori agen"), &r);
    expect_error(&r, 403, "forbidden");
    it_resp_free(&r);
}

static void roles_4_requester_cannot_read_users(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_get(&requester, "/api/v1/users", &r);
    expect_error(&r, 403, "forbidden");
    it_get(&requester, "/api/v1/users/1", &r);
    expect_error(&r, 403, "forbidden");
    it_get(&requester, "/api/v1/audit", &r);
    expect_error(&r, 403, "forbidden");
    it_resp_free(&r);
}

static void roles_5_requester_sees_active_services(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char path[80];
    it_post(&admin, "/api/v1/services",
            json_pack("{s:s, s:s, s:b}", "name", "Layanan Nonaktif", "kind", "ticket", "active", 0),
            &r);
    expect_status(&r, 201);
    assert_false(jtrue(r.json, "active"));
    json_int_t id = jint(r.json, "id");

    it_get(&admin, "/api/v1/services?per_page=200", &r);
    expect_status(&r, 200);
    json_int_t all = jint(r.json, "total");
    it_get(&requester, "/api/v1/services?per_page=200", &r);
    expect_status(&r, 200);
    json_int_t seen = jint(r.json, "total");
    assert_true(seen >= 1);
    assert_true(seen < all);
    size_t i;
    json_t *it;
    json_array_foreach(jget(r.json, "items"), i, it) {
        assert_true(jtrue(it, "active"));
        assert_int_not_equal(jint(it, "id"), id);
    }
    /* asking for inactive ones does not widen the view */
    it_get(&requester, "/api/v1/services?active=false", &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), 0);
    it_get(&requester, it_path(path, sizeof path, "/api/v1/services/%lld", (long long)id), &r);
    expect_status(&r, 404);
    it_get(&admin, path, &r);
    expect_status(&r, 200);
    it_resp_free(&r);
}

static void roles_6_agent_reads_users(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char path[80];
    it_get(&agent, "/api/v1/users?per_page=200", &r);
    expect_status(&r, 200);
    assert_true(jint(r.json, "total") >= 7);
    size_t i;
    json_t *it;
    json_array_foreach(jget(r.json, "items"), i, it) {
        assert_false(jhas(it, "password_hash"));
        assert_false(jhas(it, "password"));
    }
    it_get(&agent, it_path(path, sizeof path, "/api/v1/users/%lld", (long long)requester.user_id),
           &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "email"), "requester@demo.test");
    /* but not write them */
    it_patch(&agent, path, json_pack("{s:s}", "name", "Diubah agen"), &r);
    expect_error(&r, 403, "forbidden");
    it_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csrf_1_missing_token),
        cmocka_unit_test(csrf_2_wrong_token),
        cmocka_unit_test(roles_1_requester_cannot_write),
        cmocka_unit_test(roles_2_leader_reads_only),
        cmocka_unit_test(roles_3_agent_cannot_write_master),
        cmocka_unit_test(roles_4_requester_cannot_read_users),
        cmocka_unit_test(roles_5_requester_sees_active_services),
        cmocka_unit_test(roles_6_agent_reads_users),
    };
    return it_finish(cmocka_run_group_tests(tests, setup, teardown));
}
