/* cli-*: the loket command line — version, help, unknown commands, and the
** account commands (`user add|passwd|list`, password on standard input)
** whose results are checked by logging in over HTTP. */
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

static long login_status(const char *login, const char *password)
{
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    long st = it_post(&c, "/api/v1/auth/login",
                      json_pack("{s:s, s:s}", "login", login, "password", password), &r);
    it_resp_free(&r);
    it_client_cleanup(&c);
    return st;
}

static void expect_exit(const struct it_cmd *c, int status)
{
    if (c->status != status) {
        print_error("exit %d (wanted %d)\nstdout: %s\nstderr: %s\n", c->status, status, c->out,
                    c->err);
        fail();
    }
}

static void cli_1_version(void **state)
{
    (void)state;
    struct it_cmd c;
    it_loket(&c, NULL, NULL, "version", (char *)NULL);
    expect_exit(&c, 0);
    assert_string_equal(c.out, "loket " LOKET_VERSION "\n");
    assert_string_equal(c.out, "loket 0.1.0\n");
    it_cmd_free(&c);
    it_loket(&c, NULL, NULL, "--version", (char *)NULL);
    expect_exit(&c, 0);
    assert_string_equal(c.out, "loket 0.1.0\n");
    it_cmd_free(&c);
}

static void cli_2_help(void **state)
{
    (void)state;
    struct it_cmd c;
    it_loket(&c, NULL, NULL, "help", (char *)NULL);
    expect_exit(&c, 0);
    static const char *const words[] = {"init", "serve", "user add", "user passwd", "user list",
                                        "backup", "restore", "version", "help", "--data-dir",
                                        "listen"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strstr(c.out, words[i])) {
            print_error("help does not mention %s:\n%s\n", words[i], c.out);
            fail();
        }
    it_cmd_free(&c);
    /* no command at all: the usage, and a failure status */
    it_loket(&c, NULL, NULL, (char *)NULL);
    expect_exit(&c, 2);
    assert_non_null(strstr(c.out, "usage"));
    it_cmd_free(&c);
}

static void cli_3_unknown_command(void **state)
{
    (void)state;
    struct it_cmd c;
    it_loket(&c, NULL, NULL, "frobnicate", (char *)NULL);
    expect_exit(&c, 2);
    assert_non_null(strstr(c.err, "frobnicate"));
    it_cmd_free(&c);
    it_loket(&c, NULL, NULL, "user", "delete", "--data-dir", srv.dir, (char *)NULL);
    expect_exit(&c, 2);
    it_cmd_free(&c);
    it_loket(&c, NULL, NULL, "user", "add", "--data-dir", srv.dir, "--colour", "red",
             (char *)NULL);
    expect_exit(&c, 2);
    it_cmd_free(&c);
}

static void cli_4_user_add(void **state)
{
    (void)state;
    struct it_cmd c;
    it_loket(&c, "cli-password-1\n", NULL, "user", "add", "--data-dir", srv.dir, "--email",
             "x@y.test", "--name", "X", "--role", "agent", "--tier", "1", (char *)NULL);
    expect_exit(&c, 0);
    assert_non_null(strstr(c.out, "created"));
    it_cmd_free(&c);

    it_loket(&c, NULL, NULL, "user", "list", "--data-dir", srv.dir, (char *)NULL);
    expect_exit(&c, 0);
    const char *line = strstr(c.out, "x@y.test");
    assert_non_null(line);
    assert_non_null(strstr(line, "agent"));
    assert_non_null(strstr(c.out, "admin@demo.test"));
    it_cmd_free(&c);

    assert_int_equal(login_status("x@y.test", "cli-password-1"), 200);
    /* the same address twice is refused */
    it_loket(&c, "cli-password-2\n", NULL, "user", "add", "--data-dir", srv.dir, "--email",
             "x@y.test", "--name", "X2", "--role", "agent", "--tier", "1", (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);
    /* the same validation as the API */
    it_loket(&c, "cli-password-3\n", NULL, "user", "add", "--data-dir", srv.dir, "--email",
             "bukan-email", "--name", "Y", "--role", "agent", (char *)NULL);
    assert_int_not_equal(c.status, 0);
    assert_non_null(strstr(c.err, "email"));
    it_cmd_free(&c);
    it_loket(&c, "cli-password-3\n", NULL, "user", "add", "--data-dir", srv.dir, "--email",
             "z@y.test", "--name", "Z", "--role", "overlord", (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);
    assert_int_equal(login_status("z@y.test", "cli-password-3"), 401);
}

static void cli_5_user_passwd(void **state)
{
    (void)state;
    struct it_cmd c;
    it_loket(&c, "cli-password-new\n", NULL, "user", "passwd", "--data-dir", srv.dir,
             "x@y.test", (char *)NULL);
    expect_exit(&c, 0);
    it_cmd_free(&c);
    assert_int_equal(login_status("x@y.test", "cli-password-1"), 401);
    assert_int_equal(login_status("x@y.test", "cli-password-new"), 200);
    /* by NIP, for a demo account */
    it_loket(&c, "nip-password-1\n", NULL, "user", "passwd", "--data-dir", srv.dir,
             "199003152015032003", (char *)NULL);
    expect_exit(&c, 0);
    it_cmd_free(&c);
    assert_int_equal(login_status("agent@demo.test", "nip-password-1"), 200);
    /* unknown account */
    it_loket(&c, "whatever-password\n", NULL, "user", "passwd", "--data-dir", srv.dir,
             "nobody@y.test", (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);
}

static void cli_6_weak_password(void **state)
{
    (void)state;
    struct it_cmd c;
    it_loket(&c, "short\n", NULL, "user", "add", "--data-dir", srv.dir, "--email", "w@y.test",
             "--name", "W", "--role", "requester", (char *)NULL);
    expect_exit(&c, 2);
    it_cmd_free(&c);
    it_loket(&c, NULL, NULL, "user", "add", "--data-dir", srv.dir, "--email", "w@y.test",
             "--name", "W", "--role", "requester", (char *)NULL);
    expect_exit(&c, 2); /* no password at all */
    it_cmd_free(&c);
    assert_int_equal(login_status("w@y.test", "short"), 401);

    it_loket(&c, "short\n", NULL, "user", "passwd", "--data-dir", srv.dir, "x@y.test",
             (char *)NULL);
    expect_exit(&c, 2);
    it_cmd_free(&c);
    assert_int_equal(login_status("x@y.test", "cli-password-new"), 200);
}

/* `user add` applies the account rules of POST /api/v1/users: a tier 2
** agent needs a unit, only agents have a tier, an agent's tier defaults
** to 1. */
static void cli_7_user_add_account_rules(void **state)
{
    (void)state;
    struct it_cmd c;
    struct it_client admin;
    struct it_resp r = {0};
    it_loket(&c, "cli-password-7\n", NULL, "user", "add", "--data-dir", srv.dir, "--email",
             "tier2@y.test", "--name", "Tanpa Unit", "--role", "agent", "--tier", "2",
             (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);
    it_loket(&c, "cli-password-7\n", NULL, "user", "add", "--data-dir", srv.dir, "--email",
             "req3@y.test", "--name", "Pemohon", "--role", "requester", "--tier", "3",
             (char *)NULL);
    assert_int_not_equal(c.status, 0);
    it_cmd_free(&c);
    it_loket(&c, "cli-password-7\n", NULL, "user", "add", "--data-dir", srv.dir, "--email",
             "agent1@y.test", "--name", "Agen", "--role", "agent", (char *)NULL);
    expect_exit(&c, 0);
    it_cmd_free(&c);

    it_client_init(&admin, &srv);
    assert_non_null(it_login(&admin, "admin@demo.test", IT_PASSWORD));
    it_get(&admin, "/api/v1/users?email=tier2@y.test", &r);
    expect_status(&r, 200);
    assert_int_equal(jint(r.json, "total"), 0);
    it_get(&admin, "/api/v1/users?email=req3@y.test", &r);
    assert_int_equal(jint(r.json, "total"), 0);
    it_get(&admin, "/api/v1/users?email=agent1@y.test", &r);
    assert_int_equal(jint(r.json, "total"), 1);
    assert_int_equal(jint(r.json, "items.0.tier"), 1);
    it_resp_free(&r);
    it_client_cleanup(&admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cli_1_version),
        cmocka_unit_test(cli_2_help),
        cmocka_unit_test(cli_3_unknown_command),
        cmocka_unit_test(cli_4_user_add),
        cmocka_unit_test(cli_5_user_passwd),
        cmocka_unit_test(cli_6_weak_password),
        cmocka_unit_test(cli_7_user_add_account_rules),
    };
    return it_finish(cmocka_run_group_tests(tests, setup, teardown));
}
