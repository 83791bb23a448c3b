/* http-*: the HTTP layer seen from outside — health, 404/405 as JSON,
** security headers on API and static responses, static files with ETag and
** 304, path traversal, the body limit (Content-Length and chunked) and the
** message language. The server runs with LOKET_BODY_MAX_KB=1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct it_server srv;
static struct it_client anon;

static int setup(void **state)
{
    (void)state;
    static const char *const env[] = {"LOKET_BODY_MAX_KB=1", NULL};
    const struct it_server_opts o = {.env = env};
    if (it_server_start(&srv, &o) != 0)
        return -1;
    it_client_init(&anon, &srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_client_cleanup(&anon);
    return it_server_stop_clean(&srv);
}

static void assert_header_contains(const struct it_resp *r, const char *name, const char *want)
{
    char v[2048];
    if (!it_header(r, name, v, sizeof v)) {
        print_error("header %s missing in:\n%s\n", name, r->headers);
        fail();
    }
    if (!strstr(v, want)) {
        print_error("header %s: %s (wanted %s)\n", name, v, want);
        fail();
    }
}

static void assert_security_headers(const struct it_resp *r)
{
    assert_header_contains(r, "Content-Security-Policy", "frame-ancestors 'none'");
    assert_header_contains(r, "Content-Security-Policy", "default-src 'self'");
    assert_header_contains(r, "X-Content-Type-Options", "nosniff");
    assert_header_contains(r, "X-Frame-Options", "DENY");
    assert_header_contains(r, "Referrer-Policy", "same-origin");
    char v[64];
    assert_null(it_header(r, "Strict-Transport-Security", v, sizeof v)); /* plain http */
}

static void http_1_healthz(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_get(&anon, "/healthz", &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "status"), "ok");
    assert_header_contains(&r, "Content-Type", "application/json");
    assert_header_contains(&r, "Cache-Control", "no-store");
    char id[64];
    assert_non_null(it_header(&r, "X-Request-Id", id, sizeof id));
    assert_true(strlen(id) >= 8);
    it_resp_free(&r);
}

static void http_2_unknown_endpoint(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_get(&anon, "/api/v1/nope", &r);
    expect_error(&r, 404, "not_found");
    assert_header_contains(&r, "Content-Type", "application/json");
    assert_true(json_is_string(jget(r.json, "error.message")));
    it_get(&anon, "/api/v2/units", &r);
    expect_error(&r, 404, "not_found");
    it_get(&anon, "/api/v1/units/1/nope", &r);
    expect_error(&r, 404, "not_found");
    it_resp_free(&r);
}

static void http_3_wrong_method(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_request(&anon, "DELETE", "/healthz", NULL, 0, NULL, 0, &r);
    expect_error(&r, 405, "method_not_allowed");
    it_request(&anon, "PUT", "/api/v1/units", "{}", 2, NULL, 0, &r);
    expect_error(&r, 405, "method_not_allowed");
    it_request(&anon, "GET", "/api/v1/auth/login", NULL, 0, NULL, 0, &r);
    expect_error(&r, 405, "method_not_allowed");
    it_request(&anon, "POST", "/index.html", "{}", 2, NULL, 0, &r);
    expect_status(&r, 405);
    it_resp_free(&r);
}

static void http_4_security_headers_api(void **state)
{
    (void)state;
    struct it_resp r = {0};
    it_get(&anon, "/healthz", &r);
    expect_status(&r, 200);
    assert_security_headers(&r);
    it_get(&anon, "/api/v1/me", &r); /* errors carry them too */
    expect_status(&r, 401);
    assert_security_headers(&r);
    it_get(&anon, "/api/v1/nope", &r);
    assert_security_headers(&r);
    it_resp_free(&r);
}

static void http_5_static_index(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char etag[128], inm[160];
    it_get(&anon, "/", &r);
    expect_status(&r, 200);
    assert_header_contains(&r, "Content-Type", "text/html");
    assert_security_headers(&r);
    assert_non_null(strcasestr(r.body, "<html"));
    assert_non_null(it_header(&r, "ETag", etag, sizeof etag));
    assert_true(etag[0] == '"');
    size_t len = r.len;

    it_get(&anon, "/index.html", &r);
    expect_status(&r, 200);
    assert_int_equal(r.len, len);

    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *const h[] = {inm, NULL};
    it_request(&anon, "GET", "/", NULL, 0, h, 0, &r);
    expect_status(&r, 304);
    assert_int_equal(r.len, 0);
    assert_header_contains(&r, "ETag", etag);
    static const char *const stale[] = {"If-None-Match: \"0-0\"", NULL};
    it_request(&anon, "GET", "/", NULL, 0, stale, 0, &r);
    expect_status(&r, 200);

    it_get(&anon, "/app.css", &r);
    expect_status(&r, 200);
    assert_header_contains(&r, "Content-Type", "text/css");
    assert_security_headers(&r);
    it_get(&anon, "/no-such-file.js", &r);
    expect_status(&r, 404);
    it_resp_free(&r);
}

static void http_6_path_traversal(void **state)
{
    (void)state;
    struct it_resp r = {0};
    static const char *const paths[] = {
        "/../etc/passwd",     "/../../../../etc/passwd", "/.git/config",
        "/%2e%2e/etc/passwd", "/x/..%2f..%2fetc/passwd", "/.%2e/.%2e/etc/passwd",
        "/.env",              "/..",                     "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    };
    it_get(&anon, "/../etc/passwd", &r);
    expect_error(&r, 404, "not_found");
    it_get(&anon, "/.git/config", &r);
    expect_error(&r, 404, "not_found");
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        it_get(&anon, paths[i], &r);
        if (r.status != 404 && r.status != 400) {
            print_error("GET %s: %ld %.200s\n", paths[i], r.status, r.body);
            fail();
        }
        assert_null(strstr(r.body, "root:"));
    }
    it_resp_free(&r);
}

static char *big_body(size_t n)
{
    char *b = malloc(n + 1);
    assert_non_null(b);
    memset(b, 'x', n);
    memcpy(b, "{\"name\":\"", 9);
    memcpy(b + n - 2, "\"}", 2);
    b[n] = 0;
    return b;
}

static void http_7_body_too_large(void **state)
{
    (void)state;
    struct it_resp r = {0};
    char *b = big_body(4096);
    it_request(&anon, "POST", "/api/v1/units", b, 4096, NULL, 0, &r);
    expect_error(&r, 413, "request.too_large");
    /* the server is still there */
    it_get(&anon, "/healthz", &r);
    expect_status(&r, 200);
    /* under the limit the request gets as far as authentication */
    it_request(&anon, "POST", "/api/v1/units", "{\"name\":\"x\"}", 12, NULL, 0, &r);
    expect_error(&r, 401, "auth.required");
    free(b);
    it_resp_free(&r);
}

static void http_8_body_too_large_chunked(void **state)
{
    (void)state;
    struct it_resp r = {0};
    struct it_client c;
    it_client_init(&c, &srv);
    char *b = big_body(4096);
    it_request(&c, "POST", "/api/v1/units", b, 4096, NULL, IT_CHUNKED, &r);
    expect_error(&r, 413, "request.too_large");
    it_get(&anon, "/healthz", &r);
    expect_status(&r, 200);
    /* a small chunked body is read normally */
    assert_non_null(it_login(&c, "admin@demo.test", IT_PASSWORD));
    static const char small[] = "{\"name\":\"Unit Chunked\"}";
    it_request(&c, "POST", "/api/v1/units", small, sizeof small - 1, NULL, IT_CHUNKED, &r);
    expect_status(&r, 201);
    assert_string_equal(jstr(r.json, "name"), "Unit Chunked");
    /* and the limit holds for a logged-in user as well */
    it_request(&c, "POST", "/api/v1/units", b, 4096, NULL, IT_CHUNKED, &r);
    expect_error(&r, 413, "request.too_large");
    it_request(&c, "POST", "/api/v1/units", b, 4096, NULL, 0, &r);
    expect_error(&r, 413, "request.too_large");
    free(b);
    it_client_cleanup(&c);
    it_resp_free(&r);
}

/* messages built from a validation error (err_set + err_field) */
static void http_9_language_validation(void **state)
{
    (void)state;
    struct it_resp r = {0};
    static const char *const en[] = {"Accept-Language: en", NULL};
    static const char *const en_us[] = {"Accept-Language: en-US,en;q=0.9", NULL};
    static const char *const id[] = {"Accept-Language: id", NULL};
    static const char body[] = "{}";
    it_request(&anon, "POST", "/api/v1/auth/login", body, 2, en, 0, &r);
    expect_error(&r, 422, "validation");
    assert_string_equal(jstr(r.json, "error.message"), "Invalid data");
    assert_string_equal(jstr(r.json, "error.fields.password"), "enter your password");
    it_request(&anon, "POST", "/api/v1/auth/login", body, 2, en_us, 0, &r);
    assert_string_equal(jstr(r.json, "error.fields.password"), "enter your password");
    it_request(&anon, "POST", "/api/v1/auth/login", body, 2, id, 0, &r);
    expect_error(&r, 422, "validation");
    assert_string_equal(jstr(r.json, "error.message"), "Data tidak valid");
    assert_string_equal(jstr(r.json, "error.fields.password"), "isi kata sandi");
    /* Indonesian is the default */
    it_request(&anon, "POST", "/api/v1/auth/login", body, 2, NULL, 0, &r);
    assert_string_equal(jstr(r.json, "error.fields.password"), "isi kata sandi");
    it_resp_free(&r);
}

/* messages of the fixed errors (401, 404, 405, 413) */
static void http_10_language_errors(void **state)
{
    (void)state;
    struct it_resp r = {0};
    static const char *const en[] = {"Accept-Language: en", NULL};
    static const char *const id[] = {"Accept-Language: id", NULL};
    it_request(&anon, "GET", "/api/v1/me", NULL, 0, id, 0, &r);
    expect_error(&r, 401, "auth.required");
    assert_string_equal(jstr(r.json, "error.message"), "silakan masuk terlebih dahulu");
    it_get(&anon, "/api/v1/me", &r);
    assert_string_equal(jstr(r.json, "error.message"), "silakan masuk terlebih dahulu");
    it_request(&anon, "GET", "/api/v1/me", NULL, 0, en, 0, &r);
    expect_error(&r, 401, "auth.required");
    assert_string_equal(jstr(r.json, "error.message"), "please log in first");
    it_request(&anon, "GET", "/api/v1/nope", NULL, 0, en, 0, &r);
    expect_error(&r, 404, "not_found");
    assert_string_equal(jstr(r.json, "error.message"), "no such endpoint");
    it_request(&anon, "DELETE", "/healthz", NULL, 0, en, 0, &r);
    expect_error(&r, 405, "method_not_allowed");
    assert_string_equal(jstr(r.json, "error.message"), "method not allowed for this endpoint");
    char *b = big_body(4096);
    it_request(&anon, "POST", "/api/v1/units", b, 4096, en, 0, &r);
    expect_error(&r, 413, "request.too_large");
    assert_string_equal(jstr(r.json, "error.message"), "request body exceeds the 1 KB limit");
    free(b);
    it_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(http_1_healthz),
        cmocka_unit_test(http_2_unknown_endpoint),
        cmocka_unit_test(http_3_wrong_method),
        cmocka_unit_test(http_4_security_headers_api),
        cmocka_unit_test(http_5_static_index),
        cmocka_unit_test(http_6_path_traversal),
        cmocka_unit_test(http_7_body_too_large),
        cmocka_unit_test(http_8_body_too_large_chunked),
        cmocka_unit_test(http_9_language_validation),
        cmocka_unit_test(http_10_language_errors),
    };
    return it_finish(cmocka_run_group_tests(tests, setup, teardown));
}
