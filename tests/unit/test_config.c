/* config-*: server configuration (core/config.h) — every default,
** config_set types and bounds (unknown keys, non-integers, out of range,
** booleans), config_load_file (comments, blank lines, quotes, CRLF, errors
** that name file:line), config_load_env (LOKET_<KEY>, overriding the file),
** and config_db_path for the default location and sqlite: URLs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/config.h"
#include "core/err.h"

static struct config C;
static char dir[64];

static const char *const all_keys[] = {
    "listen", "data_dir", "web_dir", "base_url", "ticket_prefix", "db_url", "smtp_url",
    "smtp_user", "smtp_password", "mail_from", "imap_url", "whatsapp_base_url",
    "whatsapp_token", "whatsapp_phone_number_id", "whatsapp_app_secret",
    "whatsapp_verify_token", "tls_cert", "tls_key", "org_name", "attachment_types",
    "attachment_max_mb", "body_max_kb", "workers", "backup_hour", "backup_keep_days",
    "session_hours", "login_max_failures", "login_window_minutes", "login_delay_seconds",
    "login_delay_max_seconds", "trusted_proxies",
    "shutdown_grace_seconds", "auto_close_days", "sweep_seconds", "access_log",
    "requester_own_only", "agent_close", "tag_before_resolve",
};
enum { N_KEYS = sizeof all_keys / sizeof all_keys[0] };

static void env_name(const char *key, char *buf, size_t n)
{
    size_t j = (size_t)snprintf(buf, n, "LOKET_");
    for (; *key && j + 1 < n; key++)
        buf[j++] = (char)(*key >= 'a' && *key <= 'z' ? *key - 'a' + 'A' : *key);
    buf[j] = 0;
}

/* No LOKET_<KEY> from the caller's environment may leak into a test. */
static void clear_env(void)
{
    char name[64];
    for (size_t i = 0; i < N_KEYS; i++) {
        env_name(all_keys[i], name, sizeof name);
        unsetenv(name);
    }
}

static int setup(void **state)
{
    (void)state;
    clear_env();
    config_defaults(&C);
    snprintf(dir, sizeof dir, "/tmp/loket-config-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    config_free(&C);
    clear_env();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes text to a file in the temp dir; returns its path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
    static char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* ---- defaults --------------------------------------------------------- */

static void config_1_defaults(void **state)
{
    (void)state;
    assert_string_equal(C.listen, "127.0.0.1:8080");
    assert_string_equal(C.data_dir, "./data");
    assert_string_equal(C.web_dir, "./web");
    assert_string_equal(C.base_url, "http://localhost:8080");
    assert_string_equal(C.ticket_prefix, "LKT");
    assert_string_equal(C.db_url, "");
    assert_string_equal(C.smtp_url, "");
    assert_string_equal(C.smtp_password, "");
    assert_string_equal(C.whatsapp_token, "");
    assert_string_equal(C.tls_cert, "");
    assert_string_equal(C.tls_key, "");
    assert_string_equal(C.attachment_types, "jpg,png,pdf,docx,xlsx,zip");
    assert_non_null(C.mail_from);
    assert_non_null(C.org_name);
    assert_non_null(C.imap_url);
    assert_non_null(C.whatsapp_base_url);
    assert_non_null(C.whatsapp_phone_number_id);
    assert_non_null(C.whatsapp_app_secret);
    assert_non_null(C.whatsapp_verify_token);
    assert_non_null(C.smtp_user);
    assert_int_equal(C.attachment_max_mb, 10);
    assert_int_equal(C.body_max_kb, 1024);
    assert_int_equal(C.workers, 0);
    assert_int_equal(C.backup_hour, 2);
    assert_int_equal(C.backup_keep_days, 30);
    assert_int_equal(C.session_hours, 12);
    assert_int_equal(C.login_max_failures, 5);
    assert_int_equal(C.login_window_minutes, 15);
    assert_int_equal(C.login_delay_seconds, 5);
    assert_int_equal(C.login_delay_max_seconds, 900);
    assert_string_equal(C.trusted_proxies, "");
    assert_int_equal(C.auto_close_days, 3);
    assert_int_equal(C.sweep_seconds, 60);
    assert_true(C.shutdown_grace_seconds >= 0);
    assert_true(C.access_log);
    assert_false(C.requester_own_only);
    assert_false(C.agent_close);
    assert_false(C.tag_before_resolve);
    /* every documented key is known: setting it to its own default works */
    struct err e = {0};
    for (size_t i = 0; i < N_KEYS; i++)
        if (config_set(&C, all_keys[i], "1", &e) == ERR_INVALID &&
            strcmp(e.code, "config.unknown_key") == 0)
            fail_msg("key %s is unknown", all_keys[i]);
}

/* ---- config_set ------------------------------------------------------- */

static void config_2_set_strings(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(config_set(&C, "listen", "0.0.0.0:9090", &e), 0);
    assert_string_equal(C.listen, "0.0.0.0:9090");
    assert_int_equal(config_set(&C, "listen", "[::1]:8080", &e), 0); /* replaced, not leaked */
    assert_string_equal(C.listen, "[::1]:8080");
    assert_int_equal(config_set(&C, "org_name", "Pemerintah Kota — Dinas Kominfo", &e), 0);
    assert_string_equal(C.org_name, "Pemerintah Kota — Dinas Kominfo");
    assert_int_equal(config_set(&C, "tls_cert", "", &e), 0);
    assert_string_equal(C.tls_cert, "");
    char value[] = "HD";
    assert_int_equal(config_set(&C, "ticket_prefix", value, &e), 0);
    value[0] = 'X'; /* the config keeps its own copy */
    assert_string_equal(C.ticket_prefix, "HD");
}

struct bound {
    const char *key;
    size_t off;
    long min, max;
};
#define B(k, lo, hi) {#k, offsetof(struct config, k), lo, hi}
static const struct bound bounds[] = {
    B(attachment_max_mb, 1, 1024),     B(body_max_kb, 1, 65536),
    B(workers, 0, 256),                B(backup_hour, -1, 23),
    B(backup_keep_days, 1, 3650),      B(session_hours, 1, 24 * 90),
    B(login_max_failures, 1, 1000),    B(login_window_minutes, 1, 1440),
    B(login_delay_seconds, 1, 3600),   B(login_delay_max_seconds, 1, 86400),
    B(shutdown_grace_seconds, 0, 3600),
    B(auto_close_days, 0, 365),        B(sweep_seconds, 1, 86400),
};

static long get_long(size_t off)
{
    return *(const long *)(const void *)((const char *)&C + off);
}

static void config_3_integer_bounds(void **state)
{
    (void)state;
    static const char *const not_ints[] = {"", "12x", "x12", "1.5", "1e3", "ten", "0x10z",
                                           "99999999999999999999999", "-99999999999999999999999",
                                           "5 5"};
    char buf[32];
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        const struct bound *b = &bounds[i];
        struct err e = {0};
        snprintf(buf, sizeof buf, "%ld", b->min);
        assert_int_equal(config_set(&C, b->key, buf, &e), 0);
        assert_int_equal(get_long(b->off), b->min);
        snprintf(buf, sizeof buf, "%ld", b->max);
        assert_int_equal(config_set(&C, b->key, buf, &e), 0);
        assert_int_equal(get_long(b->off), b->max);
        /* out of range on either side: refused, value kept */
        snprintf(buf, sizeof buf, "%ld", b->min - 1);
        if (config_set(&C, b->key, buf, &e) != ERR_INVALID)
            fail_msg("%s accepted %s", b->key, buf);
        assert_string_equal(e.code, "config.invalid");
        assert_non_null(strstr(e.msg[LOC_EN], b->key));
        assert_non_null(strstr(e.msg[LOC_ID], b->key));
        assert_int_equal(get_long(b->off), b->max);
        snprintf(buf, sizeof buf, "%ld", b->max + 1);
        if (config_set(&C, b->key, buf, &e) != ERR_INVALID)
            fail_msg("%s accepted %s", b->key, buf);
        assert_int_equal(get_long(b->off), b->max);
        for (size_t j = 0; j < sizeof not_ints / sizeof not_ints[0]; j++) {
            err_clear(&e);
            if (config_set(&C, b->key, not_ints[j], &e) != ERR_INVALID)
                fail_msg("%s accepted non-integer '%s'", b->key, not_ints[j]);
            assert_string_equal(e.code, "config.invalid");
            assert_int_equal(get_long(b->off), b->max);
        }
    }
    /* the semantics the README documents */
    struct err e = {0};
    assert_int_equal(config_set(&C, "backup_hour", "-1", &e), 0); /* off */
    assert_int_equal(C.backup_hour, -1);
    assert_int_equal(config_set(&C, "auto_close_days", "0", &e), 0); /* never */
    assert_int_equal(config_set(&C, "workers", "0", &e), 0);         /* number of cores */
    assert_int_equal(config_set(&C, "attachment_max_mb", "0", &e), ERR_INVALID);
    assert_int_equal(config_set(&C, "session_hours", "0", &e), ERR_INVALID);
}

static void config_4_booleans(void **state)
{
    (void)state;
    static const char *const yes[] = {"true", "1", "yes", "on"};
    static const char *const no[] = {"false", "0", "no", "off"};
    static const char *const bad[] = {"maybe", "", "2", "y", "n", "truee", "-1"};
    struct err e = {0};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(config_set(&C, "access_log", no[i], &e), 0);
        assert_false(C.access_log);
        assert_int_equal(config_set(&C, "access_log", yes[i], &e), 0);
        assert_true(C.access_log);
        assert_int_equal(config_set(&C, "requester_own_only", yes[i], &e), 0);
        assert_true(C.requester_own_only);
        assert_int_equal(config_set(&C, "requester_own_only", no[i], &e), 0);
        assert_false(C.requester_own_only);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        if (config_set(&C, "access_log", bad[i], &e) != ERR_INVALID)
            fail_msg("access_log accepted '%s'", bad[i]);
        assert_string_equal(e.code, "config.invalid");
        assert_non_null(strstr(e.msg[LOC_EN], "access_log"));
        assert_true(C.access_log); /* unchanged */
    }
}

static void config_5_unknown_keys(void **state)
{
    (void)state;
    static const char *const unknown[] = {"no_such_key", "LISTEN", "listen ", "", "loket_listen",
                                          "data-dir"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        struct err e = {0};
        assert_int_equal(config_set(&C, unknown[i], "1", &e), ERR_INVALID);
        assert_string_equal(e.code, "config.unknown_key");
        assert_int_equal(e.kind, ERR_INVALID);
    }
    struct err e = {0};
    config_set(&C, "colour_scheme", "dark", &e);
    assert_non_null(strstr(e.msg[LOC_EN], "colour_scheme"));
    assert_non_null(strstr(e.msg[LOC_ID], "colour_scheme"));
}

/* ---- config_load_file ------------------------------------------------- */

static void config_6_file_syntax(void **state)
{
    (void)state;
    struct err e = {0};
    const char *path = write_file("ok.conf",
                                  "# Loket configuration\n"
                                  "\n"
                                  "   # an indented comment\n"
                                  "listen = 0.0.0.0:9090\n"
                                  "  ticket_prefix   =   \"HD\"  \n"
                                  "org_name = \"Dinas \"Kominfo\"\"\n"
                                  "base_url=https://helpdesk.kota.go.id/?a=b\n"
                                  "\tworkers\t=\t4\n"
                                  "smtp_user = \"\"\n"
                                  "mail_from = \"\n"
                                  "access_log = off\r\n"
                                  "backup_hour = -1\r\n"
                                  "requester_own_only = yes");
    assert_int_equal(config_load_file(&C, path, &e), 0);
    assert_string_equal(C.listen, "0.0.0.0:9090");
    assert_string_equal(C.ticket_prefix, "HD");            /* quotes removed */
    assert_string_equal(C.org_name, "Dinas \"Kominfo\"");   /* only the outer pair */
    assert_string_equal(C.base_url, "https://helpdesk.kota.go.id/?a=b"); /* first '=' splits */
    assert_int_equal(C.workers, 4);
    assert_string_equal(C.smtp_user, "");                   /* "" = empty */
    assert_string_equal(C.mail_from, "\"");                 /* a lone quote is kept */
    assert_false(C.access_log);                             /* CRLF tolerated */
    assert_int_equal(C.backup_hour, -1);
    assert_true(C.requester_own_only);                      /* last line without newline */
    /* an empty file and a comments-only file change nothing */
    assert_int_equal(config_load_file(&C, write_file("empty.conf", ""), &e), 0);
    assert_int_equal(config_load_file(&C, write_file("c.conf", "# x\n\n#listen = 1\n"), &e), 0);
    assert_string_equal(C.listen, "0.0.0.0:9090");
}

static void config_7_file_errors_name_file_and_line(void **state)
{
    (void)state;
    char where[200];
    /* a line without '=' */
    struct err e = {0};
    const char *path = write_file("syntax.conf", "# ok\nlisten = 1.2.3.4:1\nthis line is wrong\n"
                                                 "ticket_prefix = NEVER\n");
    assert_int_equal(config_load_file(&C, path, &e), ERR_INVALID);
    assert_string_equal(e.code, "config.syntax");
    snprintf(where, sizeof where, "%s:3:", path);
    assert_non_null(strstr(e.msg[LOC_EN], where));
    assert_non_null(strstr(e.msg[LOC_ID], where));
    assert_string_equal(C.listen, "1.2.3.4:1");     /* lines before the error applied */
    assert_string_equal(C.ticket_prefix, "LKT");    /* lines after it not */

    /* a value out of range */
    err_clear(&e);
    path = write_file("range.conf", "\n\n\n\nattachment_max_mb = 0\n");
    assert_int_equal(config_load_file(&C, path, &e), ERR_INVALID);
    snprintf(where, sizeof where, "%s:5:", path);
    assert_non_null(strstr(e.msg[LOC_EN], where));
    assert_non_null(strstr(e.msg[LOC_EN], "attachment_max_mb"));
    assert_non_null(strstr(e.msg[LOC_ID], where));
    assert_non_null(strstr(e.msg[LOC_ID], "attachment_max_mb"));

    /* an unknown key */
    err_clear(&e);
    path = write_file("unknown.conf", "listen = 1.1.1.1:1\ncolour = blue\n");
    assert_int_equal(config_load_file(&C, path, &e), ERR_INVALID);
    snprintf(where, sizeof where, "%s:2:", path);
    assert_non_null(strstr(e.msg[LOC_EN], where));
    assert_non_null(strstr(e.msg[LOC_EN], "colour"));

    /* a bad boolean */
    err_clear(&e);
    path = write_file("bool.conf", "access_log = sometimes\n");
    assert_int_equal(config_load_file(&C, path, &e), ERR_INVALID);
    snprintf(where, sizeof where, "%s:1:", path);
    assert_non_null(strstr(e.msg[LOC_EN], where));

    /* a file that cannot be read */
    err_clear(&e);
    snprintf(where, sizeof where, "%s/missing.conf", dir);
    assert_int_equal(config_load_file(&C, where, &e), ERR_INVALID);
    assert_string_equal(e.code, "config.unreadable");
    assert_non_null(strstr(e.msg[LOC_EN], where));
}

/* ---- config_load_env -------------------------------------------------- */

static void config_8_env(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(config_load_file(&C, write_file("f.conf", "listen = 10.0.0.1:80\n"
                                                               "ticket_prefix = FILE\n"),
                                      &e),
                     0);
    setenv("LOKET_LISTEN", "127.0.0.1:18080", 1);
    setenv("LOKET_ATTACHMENT_MAX_MB", "25", 1);
    setenv("LOKET_ACCESS_LOG", "off", 1);
    setenv("LOKET_REQUESTER_OWN_ONLY", "true", 1);
    setenv("LOKET_DB_URL", "sqlite:/tmp/x.db", 1);
    setenv("LOKET_SMTP_PASSWORD", "s3cret", 1);
    setenv("LOKET_NOT_A_KEY", "whatever", 1); /* ignored, like LOKET_BIN from meson */
    assert_int_equal(config_load_env(&C, &e), 0);
    assert_string_equal(C.listen, "127.0.0.1:18080"); /* env beats the file */
    assert_string_equal(C.ticket_prefix, "FILE");     /* the file beats the default */
    assert_int_equal(C.attachment_max_mb, 25);
    assert_false(C.access_log);
    assert_true(C.requester_own_only);
    assert_string_equal(C.db_url, "sqlite:/tmp/x.db");
    assert_string_equal(C.smtp_password, "s3cret");
    unsetenv("LOKET_NOT_A_KEY");

    /* an empty variable sets an empty string (strings) */
    setenv("LOKET_BASE_URL", "", 1);
    assert_int_equal(config_load_env(&C, &e), 0);
    assert_string_equal(C.base_url, "");

    /* a bad value stops with the key named */
    err_clear(&e);
    setenv("LOKET_WORKERS", "lots", 1);
    assert_int_equal(config_load_env(&C, &e), ERR_INVALID);
    assert_string_equal(e.code, "config.invalid");
    assert_non_null(strstr(e.msg[LOC_EN], "workers"));
    unsetenv("LOKET_WORKERS");
    err_clear(&e);
    setenv("LOKET_BACKUP_HOUR", "24", 1);
    assert_int_equal(config_load_env(&C, &e), ERR_INVALID);
    assert_non_null(strstr(e.msg[LOC_EN], "backup_hour"));
    unsetenv("LOKET_BACKUP_HOUR");
    err_clear(&e);
    setenv("LOKET_ACCESS_LOG", "perhaps", 1);
    assert_int_equal(config_load_env(&C, &e), ERR_INVALID);
    assert_non_null(strstr(e.msg[LOC_EN], "access_log"));
    unsetenv("LOKET_ACCESS_LOG");
    /* no variables: nothing changes */
    clear_env();
    assert_int_equal(config_load_env(&C, &e), 0);
    assert_string_equal(C.listen, "127.0.0.1:18080");
}

/* ---- config_db_path --------------------------------------------------- */

static void config_9_db_path(void **state)
{
    (void)state;
    struct err e = {0};
    assert_string_equal(config_db_path(&C), "./data/loket.db");
    assert_int_equal(config_set(&C, "data_dir", "/srv/loket", &e), 0);
    assert_string_equal(config_db_path(&C), "/srv/loket/loket.db");
    assert_int_equal(config_set(&C, "db_url", "sqlite:/var/lib/loket/x.db", &e), 0);
    assert_string_equal(config_db_path(&C), "/var/lib/loket/x.db");
    assert_int_equal(config_set(&C, "db_url", "sqlite:relative/y.db", &e), 0);
    assert_string_equal(config_db_path(&C), "relative/y.db");
    assert_int_equal(config_set(&C, "db_url", "", &e), 0); /* back to the data dir */
    assert_string_equal(config_db_path(&C), "/srv/loket/loket.db");
}

static void config_10_free_and_reuse(void **state)
{
    (void)state;
    struct config c;
    struct err e = {0};
    config_defaults(&c);
    assert_int_equal(config_set(&c, "listen", "x", &e), 0);
    config_free(&c);
    assert_null(c.listen);
    assert_null(c.data_dir);
    assert_null(c.smtp_password);
    config_free(&c); /* twice is harmless */
    config_defaults(&c);
    assert_string_equal(c.listen, "127.0.0.1:8080");
    config_free(&c);
}

/* Regression for a bug in src/core/config.c (config_load_file, the
** err_set(err, ..., err->code, ...) call after a failed config_set): the code
** is passed as the source of its own copy (overlapping snprintf), so a bad
** value or unknown key in the file comes back with code "" and with the
** Indonesian message replaced by the English one. Fixed; this keeps it so. */

static void config_11_file_errors_keep_code_and_language(void **state)
{
    (void)state;
    struct err e = {0};
    const char *path = write_file("range.conf", "attachment_max_mb = 0\n");
    assert_int_equal(config_load_file(&C, path, &e), ERR_INVALID);
    assert_string_equal(e.code, "config.invalid");
    assert_non_null(strstr(e.msg[LOC_ID], "harus")); /* "... harus bilangan bulat ..." */
    err_clear(&e);
    path = write_file("unknown.conf", "colour = blue\n");
    assert_int_equal(config_load_file(&C, path, &e), ERR_INVALID);
    assert_string_equal(e.code, "config.unknown_key");
    assert_non_null(strstr(e.msg[LOC_ID], "tidak dikenal"));
}

/* Found while writing tests/fuzz/fuzz_config.c: a line longer than the
** 4 KB line buffer was read as two lines, so text past the limit was
** applied as a setting of its own. Now the line is refused. */
static void config_12_long_line_is_refused_not_split(void **state)
{
    (void)state;
    struct err e = {0};
    char text[4200], where[200];
    size_t n = (size_t)snprintf(text, sizeof text, "org_name = ");
    memset(text + n, 'A', 4095 - n);
    snprintf(text + 4095, sizeof text - 4095, "listen = 9.9.9.9:9\n");
    const char *path = write_file("long.conf", text);
    assert_int_equal(config_load_file(&C, path, &e), ERR_INVALID);
    assert_string_equal(e.code, "config.line_too_long");
    snprintf(where, sizeof where, "%s:1: line longer than 4094 characters", path);
    assert_string_equal(e.msg[LOC_EN], where);
    assert_string_equal(C.listen, "127.0.0.1:8080");
    /* a long last line without a newline is read whole */
    err_clear(&e);
    memset(text, 0, sizeof text);
    n = (size_t)snprintf(text, sizeof text, "org_name = ");
    memset(text + n, 'B', 4094 - n);
    assert_int_equal(config_load_file(&C, write_file("last.conf", text), &e), 0);
    assert_int_equal(strlen(C.org_name), 4094 - n);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(config_1_defaults),
        T(config_2_set_strings),
        T(config_3_integer_bounds),
        T(config_4_booleans),
        T(config_5_unknown_keys),
        T(config_6_file_syntax),
        T(config_7_file_errors_name_file_and_line),
        T(config_8_env),
        T(config_9_db_path),
        T(config_10_free_and_reuse),
        T(config_11_file_errors_keep_code_and_language),
        T(config_12_long_line_is_refused_not_split),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
