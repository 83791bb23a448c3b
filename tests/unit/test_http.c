/* router-*, json-*: the route matcher (path parameters, 404 vs 405, HEAD)
** and the JSON ↔ record mapping used by every master-data handler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "api/json.h"
#include "core/arena.h"
#include "core/err.h"
#include "http/route.h"

static int h(struct req *rq)
{
    (void)rq;
    return 0;
}

static const struct route table[] = {
    {M_GET, "/api/v1/units", h, AUTH_USER, -1, NULL, 0, 0},
    {M_POST, "/api/v1/units", h, AUTH_USER, -1, NULL, 0, 0},
    {M_GET, "/api/v1/units/{id}", h, AUTH_USER, -1, NULL, 0, 0},
    {M_GET, "/api/v1/faq/suggest", h, AUTH_USER, -1, NULL, 0, 0},
    {M_GET, "/api/v1/faq/{id}", h, AUTH_USER, -1, NULL, 0, 0},
    {M_GET, "/a/{x}/b/{y}", h, AUTH_USER, -1, NULL, 0, 0},
    {M_GET, "/p/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}", h, AUTH_USER, -1, NULL, 0, 0},
};
#define N (sizeof table / sizeof table[0])

static enum route_match find(enum http_method m, const char *path, struct req *rq,
                             const struct route **r)
{
    return route_find(table, N, m, path, rq, r);
}

static void router_1_exact_and_params(void **s)
{
    (void)s;
    struct req rq = {0};
    rq.arena = arena_new();
    const struct route *r = NULL;
    assert_int_equal(find(M_GET, "/api/v1/units", &rq, &r), ROUTE_FOUND);
    assert_ptr_equal(r, &table[0]);
    assert_int_equal(find(M_POST, "/api/v1/units", &rq, &r), ROUTE_FOUND);
    assert_ptr_equal(r, &table[1]);
    assert_int_equal(find(M_GET, "/api/v1/units/42", &rq, &r), ROUTE_FOUND);
    assert_string_equal(req_param(&rq, "id"), "42");
    assert_int_equal(req_param_id(&rq, "id"), 42);
    assert_int_equal(find(M_GET, "/a/one/b/two", &rq, &r), ROUTE_FOUND);
    assert_string_equal(req_param(&rq, "x"), "one");
    assert_string_equal(req_param(&rq, "y"), "two");
    assert_null(req_param(&rq, "z"));
    /* a literal segment wins when listed first */
    assert_int_equal(find(M_GET, "/api/v1/faq/suggest", &rq, &r), ROUTE_FOUND);
    assert_ptr_equal(r, &table[3]);
    arena_free(rq.arena);
}

static void router_2_misses(void **s)
{
    (void)s;
    struct req rq = {0};
    rq.arena = arena_new();
    const struct route *r = NULL;
    assert_int_equal(find(M_DELETE, "/api/v1/units", &rq, &r), ROUTE_NO_METHOD);
    assert_int_equal(find(M_GET, "/api/v1/unit", &rq, &r), ROUTE_NO_PATH);
    assert_int_equal(find(M_GET, "/api/v1/units/", &rq, &r), ROUTE_NO_PATH);
    assert_int_equal(find(M_GET, "/api/v1/units/1/2", &rq, &r), ROUTE_NO_PATH);
    assert_int_equal(find(M_GET, "/a//b/x", &rq, &r), ROUTE_NO_PATH); /* empty param */
    assert_int_equal(find(M_GET, "", &rq, &r), ROUTE_NO_PATH);
    assert_int_equal(find(M_GET, "/p/1/2/3/4/5/6/7/8/9", &rq, &r), ROUTE_NO_PATH); /* > 8 params */
    assert_int_equal(find(M_HEAD, "/api/v1/units", &rq, &r), ROUTE_FOUND);
    assert_ptr_equal(r, &table[0]);
    /* ids must be positive integers */
    assert_int_equal(find(M_GET, "/api/v1/units/abc", &rq, &r), ROUTE_FOUND);
    assert_int_equal(req_param_id(&rq, "id"), 0);
    assert_int_equal(find(M_GET, "/api/v1/units/-3", &rq, &r), ROUTE_FOUND);
    assert_int_equal(req_param_id(&rq, "id"), 0);
    arena_free(rq.arena);
}

static void router_3_real_table_is_sane(void **s)
{
    (void)s;
    for (size_t i = 0; i < n_routes; i++) {
        assert_true(routes[i].pattern[0] == '/');
        assert_non_null(routes[i].handler);
        for (size_t j = i + 1; j < n_routes; j++)
            if (routes[i].method == routes[j].method &&
                strcmp(routes[i].pattern, routes[j].pattern) == 0)
                fail_msg("duplicate route %s", routes[i].pattern);
    }
}

static void json_1_record_round_trip(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct err e = {0};
    json_t *in = json_pack("{s:s, s:s, s:i, s:b, s:s, s:n, s:i}", "name", "Layanan Uji", "kind",
                           "ticket", "unit_id", 3, "active", 0, "external_url", "",
                           "category_id", "id", 99);
    struct record *r = record_new(a, &res_services);
    assert_int_equal(record_from_json(&res_services, in, r, a, &e), 0);
    int fu = resource_field(&res_services, "unit_id"), fa = resource_field(&res_services, "active");
    int fx = resource_field(&res_services, "external_url"), fc = resource_field(&res_services, "category_id");
    assert_true(r->v[fu].set && r->v[fu].i == 3);
    assert_true(r->v[fa].set && r->v[fa].i == 0);
    assert_true(r->v[fx].set && r->v[fx].null); /* "" on an optional field = none */
    assert_true(r->v[fc].set && r->v[fc].null);
    assert_false(r->v[resource_field(&res_services, "description")].set);
    r->id = 7;
    json_t *out = record_to_json(&res_services, r);
    assert_int_equal(json_integer_value(json_object_get(out, "id")), 7);
    assert_true(json_is_false(json_object_get(out, "active")));
    assert_string_equal(json_string_value(json_object_get(out, "name")), "Layanan Uji");
    assert_true(json_is_null(json_object_get(out, "external_url")));
    json_decref(in);
    json_decref(out);
    arena_free(a);
}

static void json_2_bad_input(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct err e = {0};
    json_t *in = json_pack("{s:i, s:s, s:s, s:s}", "name", 5, "active", "yes", "colour", "red",
                           "password_hash", "x");
    struct record *r = record_new(a, &res_tags);
    assert_int_equal(record_from_json(&res_tags, in, r, a, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 4);
    const char *want[] = {"name", "active", "colour", "password_hash"};
    for (size_t i = 0; i < 4; i++) {
        bool found = false;
        for (size_t j = 0; j < e.n_fields; j++)
            found = found || strcmp(e.fields[j].name, want[i]) == 0;
        assert_true(found);
    }
    json_decref(in);
    arena_free(a);
}

static void json_3_secrets_never_leave(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct record *r = record_new(a, &res_users);
    for (size_t i = 0; i < res_users.n_fields; i++)
        r->v[i] = (struct value){.set = true, .s = "x", .i = 1};
    json_t *out = record_to_json(&res_users, r);
    assert_null(json_object_get(out, "password_hash"));
    assert_null(json_object_get(out, "password"));
    assert_non_null(json_object_get(out, "email"));
    json_decref(out);
    /* the password is accepted on input (a virtual field) but never stored as a column */
    struct err e = {0};
    json_t *in = json_pack("{s:s}", "password", "rahasia-sekali");
    struct record *r2 = record_new(a, &res_users);
    assert_int_equal(record_from_json(&res_users, in, r2, a, &e), 0);
    assert_string_equal(r2->v[resource_field(&res_users, "password")].s, "rahasia-sekali");
    json_decref(in);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(router_1_exact_and_params),
        cmocka_unit_test(router_2_misses),
        cmocka_unit_test(router_3_real_table_is_sane),
        cmocka_unit_test(json_1_record_round_trip),
        cmocka_unit_test(json_2_bad_input),
        cmocka_unit_test(json_3_secrets_never_leave),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
