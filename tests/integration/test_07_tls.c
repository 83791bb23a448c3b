/* tls-*: `loket serve` with LOKET_TLS_CERT/LOKET_TLS_KEY speaks HTTPS,
** sends Strict-Transport-Security, and marks the session cookie Secure.
** Uses a throw-away self-signed certificate from the openssl command;
** skipped when openssl is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct it_server srv;
static char cert_env[600], key_env[600];

static bool on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    bool found = false;
    while (!found && *path) {
        size_t n = strcspn(path, ":");
        char full[4096];
        snprintf(full, sizeof full, "%.*s/%s", (int)n, path, prog);
        found = n > 0 && access(full, X_OK) == 0;
        path += n + (path[n] == ':');
    }
    return found;
}

static int setup(void **state)
{
    (void)state;
    if (it_datadir(&srv) != 0)
        return -1;
    char cert[400], key[400];
    snprintf(cert, sizeof cert, "%s/cert.pem", srv.dir);
    snprintf(key, sizeof key, "%s/key.pem", srv.dir);
    const char *const argv[] = {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                "-days", "1", "-subj", "/CN=localhost", "-keyout", key,
                                "-out", cert, NULL};
    struct it_cmd c;
    it_run(&c, NULL, NULL, argv);
    if (c.status != 0) {
        fprintf(stderr, "# openssl req failed (%d): %s\n", c.status, c.err);
        it_cmd_free(&c);
        return -1;
    }
    it_cmd_free(&c);
    snprintf(cert_env, sizeof cert_env, "LOKET_TLS_CERT=%s", cert);
    snprintf(key_env, sizeof key_env, "LOKET_TLS_KEY=%s", key);
    const char *const env[] = {cert_env, key_env, NULL};
    const struct it_server_opts o = {.env = env, .tls = true};
    return it_server_start(&srv, &o);
}

static int teardown(void **state)
{
    (void)state;
    return it_server_stop_clean(&srv);
}

static void tls_1_healthz_over_https(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    char v[256];
    it_client_init(&c, &srv);
    assert_int_equal(strncmp(srv.base, "https://", 8), 0);
    it_get(&c, "/healthz", &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "status"), "ok");
    assert_non_null(it_header(&r, "Strict-Transport-Security", v, sizeof v));
    assert_non_null(strstr(v, "max-age="));
    assert_non_null(it_header(&r, "Content-Security-Policy", v, sizeof v));
    /* static files get it too */
    it_get(&c, "/", &r);
    expect_status(&r, 200);
    assert_non_null(it_header(&r, "Strict-Transport-Security", v, sizeof v));
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void tls_2_cookie_is_secure(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    char cookie[512];
    it_client_init(&c, &srv);
    it_post(&c, "/api/v1/auth/login",
            json_pack("{s:s, s:s}", "login", "agent@demo.test", "password", IT_PASSWORD), &r);
    expect_status(&r, 200);
    assert_non_null(it_set_cookie(&r, "loket_session", cookie, sizeof cookie));
    assert_non_null(strstr(cookie, "; Secure"));
    assert_non_null(strstr(cookie, "HttpOnly"));
    assert_non_null(strstr(cookie, "SameSite=Lax"));
    /* the session works over TLS */
    snprintf(c.csrf, sizeof c.csrf, "%s", jstr(r.json, "csrf_token"));
    it_get(&c, "/api/v1/me", &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.email"), "agent@demo.test");
    it_post(&c, "/api/v1/auth/logout", NULL, &r);
    expect_status(&r, 204);
    assert_non_null(it_set_cookie(&r, "loket_session", cookie, sizeof cookie));
    assert_non_null(strstr(cookie, "; Secure"));
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void tls_3_plain_http_is_not_served(void **state)
{
    (void)state;
    /* the same port does not answer plain HTTP with data */
    struct it_server plain = srv;
    snprintf(plain.base, sizeof plain.base, "http://127.0.0.1:%d", srv.port);
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &plain);
    it_get(&c, "/healthz", &r);
    assert_int_not_equal(r.status, 200);
    it_resp_free(&r);
    it_client_cleanup(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tls_1_healthz_over_https),
        cmocka_unit_test(tls_2_cookie_is_secure),
        cmocka_unit_test(tls_3_plain_http_is_not_served),
    };
    size_t n = sizeof tests / sizeof tests[0];
    if (!on_path("openssl")) {
        /* TAP skips written here: cmocka 1.1.5 prints skip() as "not ok" */
        printf("1..%zu\n", n);
        for (size_t i = 0; i < n; i++)
            printf("ok %zu - %s # SKIP openssl is not installed\n", i + 1, tests[i].name);
        return 0;
    }
    return it_finish(cmocka_run_group_tests(tests, setup, teardown));
}
