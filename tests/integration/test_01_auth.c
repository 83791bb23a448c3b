/* auth-*: login (email, NIP), wrong and missing credentials, the session
** cookie, /me, logout, login throttling per account and per address, and
** API tokens (Bearer, no CSRF). One server for the file; the per-address
** throttle gets its own with LOKET_LOGIN_MAX_FAILURES_ADDR=3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#include <stdio.h>
#include <string.h>

static struct it_server srv;

static int setup(void **state)
{
    (void)state;
    return it_server_start(&srv, NULL);
}

static int teardown(void **state)
{
    (void)state;
    return it_server_stop_clean(&srv);
}

static json_t *creds(const char *login, const char *password)
{
    return json_pack("{s:s, s:s}", "login", login, "password", password);
}

static void auth_1_login_ok(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    char cookie[512];
    it_client_init(&c, &srv);
    it_post(&c, "/api/v1/auth/login", creds("admin@demo.test", IT_PASSWORD), &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.email"), "admin@demo.test");
    assert_string_equal(jstr(r.json, "user.role"), "admin");
    assert_true(it_is_hex(jstr(r.json, "csrf_token"), 64));
    assert_false(jhas(r.json, "user.password_hash"));
    assert_false(jhas(r.json, "user.password"));
    assert_non_null(it_set_cookie(&r, "loket_session", cookie, sizeof cookie));
    char tok[65];
    assert_int_equal(strncmp(cookie, "loket_session=", 14), 0);
    assert_true(strlen(cookie) > 14 + 64);
    memcpy(tok, cookie + 14, 64);
    tok[64] = 0;
    assert_true(it_is_hex(tok, 64));
    assert_int_equal(cookie[14 + 64], ';');
    assert_non_null(strstr(cookie, "HttpOnly"));
    assert_non_null(strstr(cookie, "SameSite=Lax"));
    assert_non_null(strstr(cookie, "Path=/"));
    assert_null(strstr(cookie, "Secure")); /* plain http */
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void auth_2_login_by_nip(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    it_post(&c, "/api/v1/auth/login", creds("198511032010012005", IT_PASSWORD), &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.email"), "requester@demo.test");
    assert_string_equal(jstr(r.json, "user.nip"), "198511032010012005");
    /* the email is matched without regard to case */
    it_post(&c, "/api/v1/auth/login", creds("Requester2@Demo.TEST", IT_PASSWORD), &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.email"), "requester2@demo.test");
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void auth_3_wrong_password(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    it_post(&c, "/api/v1/auth/login", creds("leader@demo.test", "not-the-password"), &r);
    expect_error(&r, 401, "auth.invalid_credentials");
    assert_null(it_set_cookie(&r, "loket_session", (char[8]){0}, 8));
    /* an unknown login answers exactly like a wrong password */
    it_post(&c, "/api/v1/auth/login", creds("nobody@demo.test", "not-the-password"), &r);
    expect_error(&r, 401, "auth.invalid_credentials");
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void auth_4_missing_fields(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    it_post(&c, "/api/v1/auth/login", json_object(), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "login");
    expect_field(&r, "password");
    it_post(&c, "/api/v1/auth/login", json_pack("{s:s, s:s}", "login", "admin@demo.test",
                                                "password", ""), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "password");
    assert_false(jhas(r.json, "error.fields.login"));
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void auth_5_malformed_json(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    static const char bad[] = "{\"login\": \"admin@demo.test\", \"password\": ";
    it_request(&c, "POST", "/api/v1/auth/login", bad, sizeof bad - 1, NULL, 0, &r);
    expect_error(&r, 400, "request.malformed");
    it_request(&c, "POST", "/api/v1/auth/login", "[1,2]", 5, NULL, 0, &r);
    expect_error(&r, 400, "request.malformed");
    /* no body and no JSON content type: refused before parsing (login CSRF) */
    it_request(&c, "POST", "/api/v1/auth/login", NULL, 0, NULL, 0, &r);
    expect_error(&r, 415, "request.content_type");
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void auth_6_me_requires_login(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    it_get(&c, "/api/v1/me", &r);
    expect_error(&r, 401, "auth.required");
    /* a cookie that is not a session is the same as none */
    static const char *const junk[] = {
        "Cookie: loket_session=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        NULL};
    it_request(&c, "GET", "/api/v1/me", NULL, 0, junk, 0, &r);
    expect_error(&r, 401, "auth.required");
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void auth_7_me_with_cookie(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    const char *csrf = it_login(&c, "agent@demo.test", IT_PASSWORD);
    assert_non_null(csrf);
    it_get(&c, "/api/v1/me", &r); /* GET needs no CSRF header */
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.email"), "agent@demo.test");
    assert_int_equal(jint(r.json, "user.tier"), 1);
    assert_string_equal(jstr(r.json, "csrf_token"), csrf);
    it_resp_free(&r);
    it_client_cleanup(&c);
}

static void auth_8_logout(void **state)
{
    (void)state;
    struct it_client c, other;
    struct it_resp r = {0};
    char cookie[512], sent[600];
    it_client_init(&c, &srv);
    it_client_init(&other, &srv);
    it_post(&c, "/api/v1/auth/login", creds("pic@demo.test", IT_PASSWORD), &r);
    expect_status(&r, 200);
    snprintf(c.csrf, sizeof c.csrf, "%s", jstr(r.json, "csrf_token"));
    assert_non_null(it_set_cookie(&r, "loket_session", cookie, sizeof cookie));
    *strchrnul(cookie, ';') = 0; /* loket_session=<token> */

    it_post(&c, "/api/v1/auth/logout", NULL, &r);
    expect_status(&r, 204);
    assert_non_null(it_set_cookie(&r, "loket_session", sent, sizeof sent));
    assert_non_null(strstr(sent, "Max-Age=0"));
    it_get(&c, "/api/v1/me", &r);
    expect_error(&r, 401, "auth.required");

    /* the session is gone on the server, not only from the client's jar */
    snprintf(sent, sizeof sent, "Cookie: %s", cookie);
    const char *const replay[] = {sent, NULL};
    it_request(&other, "GET", "/api/v1/me", NULL, 0, replay, 0, &r);
    expect_error(&r, 401, "auth.required");
    it_resp_free(&r);
    it_client_cleanup(&c);
    it_client_cleanup(&other);
}

/* 5 failures of one account from one address (defaults): that pair waits
** (429 with Retry-After), even with the right password. */
static void auth_9_throttle_per_account(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    for (int i = 0; i < 5; i++) {
        it_post(&c, "/api/v1/auth/login", creds("vendor@demo.test", "wrong-password"), &r);
        expect_error(&r, 401, "auth.invalid_credentials");
    }
    it_post(&c, "/api/v1/auth/login", creds("vendor@demo.test", "wrong-password"), &r);
    expect_error(&r, 429, "auth.throttled");
    it_post(&c, "/api/v1/auth/login", creds("vendor@demo.test", IT_PASSWORD), &r);
    expect_error(&r, 429, "auth.throttled");
    assert_null(it_set_cookie(&r, "loket_session", (char[8]){0}, 8));
    /* the count is per account and address: the same address still logs others in */
    it_post(&c, "/api/v1/auth/login", creds("requester2@demo.test", IT_PASSWORD), &r);
    expect_status(&r, 200);
    it_resp_free(&r);
    it_client_cleanup(&c);
}

/* Failures count per (account, address): failures on three accounts from one
** address (a reverse proxy, say) lock nobody else out (issue #15). */
static void auth_10_no_lock_per_address(void **state)
{
    (void)state;
    static const char *const env[] = {"LOKET_LOGIN_MAX_FAILURES=3", NULL};
    const struct it_server_opts o = {.env = env};
    static struct it_server s2;
    assert_int_equal(it_server_start(&s2, &o), 0);
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &s2);
    static const char *const accounts[] = {"agent@demo.test", "pic@demo.test",
                                           "leader@demo.test"};
    for (int i = 0; i < 3; i++) {
        it_post(&c, "/api/v1/auth/login", creds(accounts[i], "wrong-password"), &r);
        expect_error(&r, 401, "auth.invalid_credentials");
    }
    /* a fourth account, never failed, with the right password */
    it_post(&c, "/api/v1/auth/login", creds("requester@demo.test", IT_PASSWORD), &r);
    expect_status(&r, 200);
    it_resp_free(&r);
    it_client_cleanup(&c);
    assert_int_equal(it_server_stop_clean(&s2), 0);
}

static void auth_11_api_token(void **state)
{
    (void)state;
    struct it_client c, bearer;
    struct it_resp r = {0};
    char path[64];
    it_client_init(&c, &srv);
    it_client_init(&bearer, &srv);
    assert_non_null(it_login(&c, "admin@demo.test", IT_PASSWORD));
    it_post(&c, "/api/v1/tokens",
            json_pack("{s:s, s:i}", "name", "integration", "expires_in_days", 7), &r);
    expect_status(&r, 201);
    assert_true(it_is_hex(jstr(r.json, "token"), 64));
    assert_string_equal(jstr(r.json, "name"), "integration");
    assert_true(json_is_string(jget(r.json, "expires_at")));
    snprintf(bearer.bearer, sizeof bearer.bearer, "%s", jstr(r.json, "token"));

    it_get(&bearer, "/api/v1/me", &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.email"), "admin@demo.test");
    /* state changes need no CSRF token with a bearer token */
    it_post(&bearer, "/api/v1/tags", json_pack("{s:s}", "name", "via-token"), &r);
    expect_status(&r, 201);
    json_int_t id = jint(r.json, "id");
    it_get(&bearer, it_path(path, sizeof path, "/api/v1/tags/%lld", (long long)id), &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "name"), "via-token");
    it_post(&bearer, "/api/v1/tokens", json_pack("{s:s}", "name", "second"), &r);
    expect_status(&r, 201);
    assert_false(jhas(r.json, "expires_at") && !json_is_null(jget(r.json, "expires_at")));
    /* the sign-in cache (keyed by a tag of the token, http/auth.c) tells
    ** tokens apart: the known one, now cached, still signs in; the same
    ** with its last digit changed does not, before or after */
    char good[80];
    snprintf(good, sizeof good, "%s", bearer.bearer);
    size_t last = strlen(good) - 1;
    bearer.bearer[last] = bearer.bearer[last] == '0' ? '1' : '0';
    it_get(&bearer, "/api/v1/me", &r);
    expect_status(&r, 401);
    snprintf(bearer.bearer, sizeof bearer.bearer, "%s", good);
    it_get(&bearer, "/api/v1/me", &r);
    expect_status(&r, 200);
    assert_string_equal(jstr(r.json, "user.email"), "admin@demo.test");
    bearer.bearer[last] = bearer.bearer[last] == '0' ? '1' : '0';
    it_get(&bearer, "/api/v1/me", &r);
    expect_status(&r, 401);
    snprintf(bearer.bearer, sizeof bearer.bearer, "%s", good);

    /* validation */
    it_post(&c, "/api/v1/tokens", json_pack("{s:s, s:i}", "name", "", "expires_in_days", 0), &r);
    expect_error(&r, 422, "validation");
    expect_field(&r, "name");
    expect_field(&r, "expires_in_days");
    it_resp_free(&r);
    it_client_cleanup(&c);
    it_client_cleanup(&bearer);
}

static void auth_12_bad_bearer(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    /* well-formed but unknown */
    snprintf(c.bearer, sizeof c.bearer, "%s",
             "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    it_get(&c, "/api/v1/me", &r);
    expect_status(&r, 401);
    assert_true(json_is_string(jget(r.json, "error.code")));
    it_post(&c, "/api/v1/tags", json_pack("{s:s}", "name", "must-not-exist"), &r);
    expect_status(&r, 401);
    /* malformed */
    snprintf(c.bearer, sizeof c.bearer, "%s", "not-a-token");
    it_get(&c, "/api/v1/me", &r);
    expect_error(&r, 401, "auth.bad_token");
    c.bearer[0] = 0;
    static const char *const basic[] = {"Authorization: Basic YWRtaW46eA==", NULL};
    it_request(&c, "GET", "/api/v1/me", NULL, 0, basic, 0, &r);
    expect_error(&r, 401, "auth.bad_token");
    it_resp_free(&r);
    it_client_cleanup(&c);
}

/* A deactivated account loses its sessions and its API tokens at once. */
static void auth_13_deactivated_user(void **state)
{
    (void)state;
    struct it_client admin, u, bearer;
    struct it_resp r = {0};
    char path[64];
    it_client_init(&admin, &srv);
    it_client_init(&u, &srv);
    it_client_init(&bearer, &srv);
    assert_non_null(it_login(&admin, "admin@demo.test", IT_PASSWORD));
    it_post(&admin, "/api/v1/users",
            json_pack("{s:s, s:s, s:s, s:s}", "name", "Akan Dinonaktifkan", "email",
                      "nonaktif@example.test", "role", "requester", "password", "sandi-sementara"),
            &r);
    expect_status(&r, 201);
    it_path(path, sizeof path, "/api/v1/users/%lld", (long long)jint(r.json, "id"));
    assert_non_null(it_login(&u, "nonaktif@example.test", "sandi-sementara"));
    it_post(&u, "/api/v1/tokens", json_pack("{s:s}", "name", "skrip"), &r);
    expect_status(&r, 201);
    snprintf(bearer.bearer, sizeof bearer.bearer, "%s", jstr(r.json, "token"));
    it_get(&bearer, "/api/v1/me", &r);
    expect_status(&r, 200);

    it_patch(&admin, path, json_pack("{s:b}", "active", 0), &r);
    expect_status(&r, 200);
    it_get(&u, "/api/v1/me", &r);
    expect_error(&r, 401, "auth.required");
    it_get(&bearer, "/api/v1/me", &r);
    expect_status(&r, 401);
    it_post(&u, "/api/v1/tokens", json_pack("{s:s}", "name", "lagi"), &r);
    expect_status(&r, 401);
    it_resp_free(&r);
    it_client_cleanup(&admin);
    it_client_cleanup(&u);
    it_client_cleanup(&bearer);
}

/* The failure count belongs to the account, whichever login names it: five
** failures by e-mail also lock the same account's NIP. */
static void auth_14_throttle_email_and_nip(void **state)
{
    (void)state;
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    for (int i = 0; i < 5; i++) {
        it_post(&c, "/api/v1/auth/login", creds("pic@demo.test", "wrong-password"), &r);
        expect_error(&r, 401, "auth.invalid_credentials");
    }
    it_post(&c, "/api/v1/auth/login", creds("PIC@demo.test", "wrong-password"), &r);
    expect_error(&r, 429, "auth.throttled");
    /* pic@demo.test's NIP */
    it_post(&c, "/api/v1/auth/login", creds("198807202012121004", "wrong-password"), &r);
    expect_error(&r, 429, "auth.throttled");
    it_post(&c, "/api/v1/auth/login", creds("198807202012121004", IT_PASSWORD), &r);
    expect_error(&r, 429, "auth.throttled");
    it_resp_free(&r);
    it_client_cleanup(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(auth_1_login_ok),
        cmocka_unit_test(auth_2_login_by_nip),
        cmocka_unit_test(auth_3_wrong_password),
        cmocka_unit_test(auth_4_missing_fields),
        cmocka_unit_test(auth_5_malformed_json),
        cmocka_unit_test(auth_6_me_requires_login),
        cmocka_unit_test(auth_7_me_with_cookie),
        cmocka_unit_test(auth_8_logout),
        cmocka_unit_test(auth_9_throttle_per_account),
        cmocka_unit_test(auth_10_no_lock_per_address),
        cmocka_unit_test(auth_11_api_token),
        cmocka_unit_test(auth_12_bad_bearer),
        cmocka_unit_test(auth_13_deactivated_user),
        cmocka_unit_test(auth_14_throttle_email_and_nip),
    };
    return it_finish(cmocka_run_group_tests(tests, setup, teardown));
}
