/* config-*, resource-*, markdown-*, filetype-*, arena-*, qarg-*:
** configuration loading and bounds, master-data validation, safe Markdown,
** upload type rules, the request arena, ISO-8601 time formatting and the
** ticket list's query-string numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/filetype.h"
#include "core/markdown.h"
#include "core/qarg.h"
#include "core/resource.h"
#include "core/timefmt.h"

#include <time.h>

static void config_1_defaults_and_bounds(void **s)
{
    (void)s;
    struct config c;
    struct err e = {0};
    config_defaults(&c);
    assert_string_equal(c.listen, "127.0.0.1:8080");
    assert_string_equal(c.ticket_prefix, "LKT");
    assert_int_equal(c.attachment_max_mb, 10);
    assert_int_equal(c.backup_keep_days, 30);
    assert_true(c.access_log);
    assert_int_equal(config_set(&c, "attachment_max_mb", "0", &e), ERR_INVALID);
    assert_int_equal(config_set(&c, "attachment_max_mb", "12x", &e), ERR_INVALID);
    assert_int_equal(config_set(&c, "backup_hour", "24", &e), ERR_INVALID);
    assert_int_equal(config_set(&c, "backup_hour", "-1", &e), 0);
    assert_int_equal(c.backup_hour, -1);
    assert_int_equal(config_set(&c, "access_log", "maybe", &e), ERR_INVALID);
    assert_int_equal(config_set(&c, "access_log", "off", &e), 0);
    assert_false(c.access_log);
    assert_int_equal(config_set(&c, "no_such_key", "1", &e), ERR_INVALID);
    assert_string_equal(e.code, "config.unknown_key");
    config_free(&c);
}

static void config_2_file_env_and_db_path(void **s)
{
    (void)s;
    char path[] = "/tmp/loket-conf-XXXXXX";
    int fd = mkstemp(path);
    const char text[] = "# Loket\nlisten = 0.0.0.0:9090\n  ticket_prefix = \"HD\"\n\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    struct config c;
    struct err e = {0};
    config_defaults(&c);
    assert_int_equal(config_load_file(&c, path, &e), 0);
    assert_string_equal(c.listen, "0.0.0.0:9090");
    assert_string_equal(c.ticket_prefix, "HD");
    setenv("LOKET_TICKET_PREFIX", "ENV", 1);
    setenv("LOKET_WORKERS", "3", 1);
    assert_int_equal(config_load_env(&c, &e), 0);
    assert_string_equal(c.ticket_prefix, "ENV");
    assert_int_equal(c.workers, 3);
    unsetenv("LOKET_TICKET_PREFIX");
    unsetenv("LOKET_WORKERS");
    assert_string_equal(config_db_path(&c), "./data/loket.db");
    config_set(&c, "db_url", "sqlite:/var/lib/loket/x.db", &e);
    assert_string_equal(config_db_path(&c), "/var/lib/loket/x.db");
    FILE *f = fopen(path, "w");
    fputs("listen = 1.2.3.4:1\nthis line is wrong\n", f);
    fclose(f);
    assert_int_equal(config_load_file(&c, path, &e), ERR_INVALID);
    assert_non_null(strstr(e.msg[LOC_EN], ":2:"));
    assert_int_equal(config_load_file(&c, "/nonexistent/loket.conf", &e), ERR_INVALID);
    unlink(path);
    config_free(&c);
}

static struct record *rec(struct arena *a, const struct resource *res, const char *kv[][2], size_t n)
{
    struct record *r = record_new(a, res);
    for (size_t i = 0; i < n; i++) {
        int f = resource_field(res, kv[i][0]);
        assert_true(f >= 0);
        struct value *v = &r->v[f];
        v->set = true;
        if (res->fields[f].type == FT_INT || res->fields[f].type == FT_REF ||
            res->fields[f].type == FT_BOOL)
            v->i = strtoll(kv[i][1], NULL, 10);
        else
            v->s = kv[i][1];
    }
    return r;
}

static int check(const struct resource *res, const char *kv[][2], size_t n, bool create,
                 const char *bad_field)
{
    struct arena *a = arena_new();
    struct err e = {0};
    struct record *r = rec(a, res, kv, n);
    record_apply_defaults(res, r);
    int rc = record_validate(res, r, create, &e);
    if (bad_field) {
        bool named = false;
        for (size_t i = 0; i < e.n_fields; i++)
            named = named || strcmp(e.fields[i].name, bad_field) == 0;
        if (!named)
            fail_msg("expected a problem with %s", bad_field);
    }
    arena_free(a);
    return rc;
}

#define OK(res, create, ...)                                                                 \
    do {                                                                                     \
        const char *kv[][2] = {__VA_ARGS__};                                                 \
        assert_int_equal(check(&res, kv, sizeof kv / sizeof kv[0], create, NULL), 0);        \
    } while (0)
#define BAD(res, field, create, ...)                                                         \
    do {                                                                                     \
        const char *kv[][2] = {__VA_ARGS__};                                                 \
        assert_int_equal(check(&res, kv, sizeof kv / sizeof kv[0], create, field), ERR_INVALID); \
    } while (0)

static void resource_1_validation(void **s)
{
    (void)s;
    OK(res_units, true, {"name", "Bappeda"});
    BAD(res_units, "name", true, {"code", "X"});                /* required on create */
    OK(res_units, false, {"code", "X"});                         /* not on update */
    BAD(res_units, "name", false, {"name", ""});                 /* but not blank */
    BAD(res_services, "kind", true, {"name", "S"}, {"kind", "shop"});
    OK(res_services, true, {"name", "S"}, {"kind", "redirect"}, {"external_url", "https://x.go.id"});
    BAD(res_services, "external_url", true, {"name", "S"}, {"kind", "redirect"}, {"external_url", "javascript:alert(1)"});
    BAD(res_services, "helpdesk_phone", true, {"name", "S"}, {"kind", "ticket"}, {"helpdesk_phone", "call me"});
    OK(res_holidays, true, {"calendar_id", "1"}, {"date", "2024-02-29"}, {"name", "Kabisat"});
    BAD(res_holidays, "date", true, {"calendar_id", "1"}, {"date", "2026-02-29"}, {"name", "x"});
    BAD(res_holidays, "date", true, {"calendar_id", "1"}, {"date", "2026-13-01"}, {"name", "x"});
    BAD(res_holidays, "calendar_id", true, {"calendar_id", "0"}, {"date", "2026-01-01"}, {"name", "x"});
    BAD(res_calendars, "work_start", true, {"name", "K"}, {"work_start", "8:00"});
    BAD(res_calendars, "work_days", true, {"name", "K"}, {"work_days", "1,1,2"});
    BAD(res_calendars, "work_days", true, {"name", "K"}, {"work_days", "0,1"});
    BAD(res_calendars, "timezone", true, {"name", "K"}, {"timezone", "Asia/Tokyo"});
    OK(res_calendars, true, {"name", "K"}, {"timezone", "Asia/Jayapura"}, {"work_days", "1,2,3,4,5,6"});
    BAD(res_sla_policies, "resolution_minutes", true, {"name", "P"}, {"first_response_minutes", "5"}, {"resolution_minutes", "0"});
    BAD(res_users, "nip", true, {"name", "U"}, {"email", "u@x.id"}, {"role", "agent"}, {"nip", "12345"});
    BAD(res_users, "nip", true, {"name", "U"}, {"email", "u@x.id"}, {"role", "agent"}, {"nip", "19800101200501100X"});
    BAD(res_users, "email", true, {"name", "U"}, {"email", "a@b"}, {"role", "agent"});
    BAD(res_users, "role", true, {"name", "U"}, {"email", "u@x.id"}, {"role", "root"});
    BAD(res_users, "tier", true, {"name", "U"}, {"email", "u@x.id"}, {"role", "agent"}, {"tier", "4"});
    OK(res_users, true, {"name", "U"}, {"email", "u@x.id"}, {"role", "requester"}, {"nip", "198001012005011001"});
    for (size_t i = 0; resources[i]; i++)
        assert_ptr_equal(resource_find(resources[i]->name), resources[i]);
    assert_null(resource_find("tickets"));
}

static void resource_2_defaults(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct record *r = record_new(a, &res_calendars);
    record_apply_defaults(&res_calendars, r);
    assert_string_equal(r->v[resource_field(&res_calendars, "timezone")].s, "Asia/Jakarta");
    assert_string_equal(r->v[resource_field(&res_calendars, "work_days")].s, "1,2,3,4,5");
    assert_int_equal(r->v[resource_field(&res_calendars, "active")].i, 1);
    arena_free(a);
}

static void markdown_1_safe_html(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    char *h = markdown_to_html(a, "# Judul\n\n**tebal** <b onclick=x>raw</b>\n\n"
                                  "[ok](https://a.id) [rel](/faq/1) [bad](javascript:alert(1)) "
                                  "[bad2](JaVaScRiPt:alert(1)) [data](data:text/html,x) "
                                  "![i](vbscript:x) <img src=x onerror=alert(1)>");
    assert_non_null(h);
    assert_non_null(strstr(h, "<h1>Judul</h1>"));
    assert_non_null(strstr(h, "<strong>tebal</strong>"));
    assert_null(strstr(h, "<b "));
    assert_null(strstr(h, "<img src=x"));
    assert_non_null(strstr(h, "href=\"https://a.id\""));
    assert_non_null(strstr(h, "href=\"/faq/1\""));
    assert_null(strstr(h, "javascript"));
    assert_null(strstr(h, "JaVaScRiPt"));
    assert_null(strstr(h, "data:text"));
    assert_null(strstr(h, "vbscript"));
    arena_free(a);
}

/* Found by tests/fuzz/fuzz_markdown.c: a link target or alt text ending in
** "href=" or "src=" made the old text search take that value's closing
** quote for an opening one and cut the HTML up to the next '"', eating a
** link's text and closing tag and the next link's target. */
static void markdown_2_only_real_attributes(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    char *h = markdown_to_html(a, "[a:b](href=) [y](http://ok) ![x src=](pic.png) "
                                  "[c:d](/e) [z](javascript:alert(1))\n");
    assert_string_equal(h, "<p><a href=\"href=\">a:b</a> <a href=\"http://ok\">y</a> "
                           "<img src=\"pic.png\" alt=\"x src=\"> <a href=\"/e\">c:d</a> "
                           "<a href=\"#\">z</a></p>\n");
    arena_free(a);
}

static void filetype_1_rules(void **s)
{
    (void)s;
    const char *ext = NULL, *allowed = "jpg,png,pdf,docx,xlsx,zip";
    assert_true(filetype_allowed("image/png", allowed, &ext));
    assert_string_equal(ext, "png");
    assert_true(filetype_allowed("application/pdf", allowed, &ext));
    assert_false(filetype_allowed("text/x-shellscript", allowed, &ext));
    assert_false(filetype_allowed("image/gif", allowed, &ext));
    assert_true(filetype_allowed("image/gif", "gif", &ext));
    assert_false(filetype_allowed(NULL, allowed, &ext));
    assert_true(filetype_name_matches("foto.PNG", "png"));
    assert_true(filetype_name_matches("foto.jpeg", "jpg"));
    assert_true(filetype_name_matches("tanpa-ekstensi", "pdf"));
    assert_false(filetype_name_matches("laporan.pdf", "png"));
    char out[256];
    filetype_clean_name("../../etc/passwd", out, sizeof out);
    assert_string_equal(out, "passwd");
    filetype_clean_name("C:\\Users\\a\\\"x\"\n.pdf", out, sizeof out);
    assert_string_equal(out, "x.pdf");
    filetype_clean_name("..", out, sizeof out);
    assert_string_equal(out, "file");
    /* issue #15 item 10: the name goes into JSON, so it must be UTF-8 */
    filetype_clean_name("r\xe9sum\xe9 \xc3\xa9t\xc3.pdf", out, sizeof out);
    assert_string_equal(out, "r_sum_ \xc3\xa9t_.pdf");
    filetype_clean_name("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82\xac\xf0\x9f\x98\x80.png", out,
                        sizeof out);
    assert_string_equal(out, "_________\xe2\x82\xac\xf0\x9f\x98\x80.png");
    char longname[400];
    memset(longname, 'a', 199);
    strcpy(longname + 199, "\xe2\x82\xac.pdf"); /* the euro sign would end past 200 */
    filetype_clean_name(longname, out, sizeof out);
    assert_int_equal(strlen(out), 199);
    filetype_clean_name("\xff\xfe", out, 3);
    assert_string_equal(out, "__");
}

static int order[3], n_order;
static void note(void *p)
{
    order[n_order++] = (int)(intptr_t)p;
}

static void arena_1_alloc_and_defer(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    for (int i = 1; i < 100; i++) {
        void *p = arena_alloc(a, (size_t)i * 7);
        assert_int_equal((uintptr_t)p % 16, 0);
    }
    char *big = arena_alloc(a, 1 << 20);
    big[(1 << 20) - 1] = 1;
    assert_string_equal(arena_printf(a, "%s-%04d", "LKT", 7), "LKT-0007");
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_null(arena_strdup(a, NULL));
    n_order = 0;
    arena_defer(a, note, (void *)1);
    arena_defer(a, note, (void *)2);
    arena_defer(a, note, (void *)3);
    arena_free(a);
    assert_int_equal(n_order, 3);
    assert_int_equal(order[0], 3); /* LIFO */
    assert_int_equal(order[2], 1);
}

/* The hand-written formatter against gmtime_r + strftime, over leap days,
** century rules, the epoch, negative times and years past 9999. */
static void timefmt_1_iso_matches_libc(void **s)
{
    (void)s;
    static const int64_t fixed[] = {0, -1, 951782400 /* 2000-02-29 */, 4107542399 /* 2100-02-28T23:59:59 */,
                                    4107542400, 1795680000, -62135596800, 253402300799,
                                    253402300800, -62135596801};
    char a[64], b[64];
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 200010; i++) {
        int64_t t;
        if (i < 10) {
            t = fixed[i];
        } else { /* xorshift over roughly 1900..2300 */
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            t = (int64_t)(x % 12600000000ull) - 2208988800;
        }
        struct tm tm;
        time_t tt = (time_t)t;
        gmtime_r(&tt, &tm);
        strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
        time_fmt_iso(a, sizeof a, tt);
        if (strcmp(a, b) != 0)
            fail_msg("%lld: %s, libc %s", (long long)t, a, b);
    }
    time_fmt_iso(a, 21, 1795680000);
    assert_string_equal(a, "2026-11-26T08:00:00Z");
}

/* The rule GET /tickets and reports share (issue #15 item 12): strict
** digits, never an overflow, empty is no filter, anything else a field. */
static void qarg_1_numbers(void **s)
{
    (void)s;
    int64_t v = 7;
    assert_true(qarg_int("0", 0, 3, &v) && v == 0);
    assert_true(qarg_int("-12", -20, 0, &v) && v == -12);
    assert_true(qarg_int("9223372036854775807", 0, INT64_MAX, &v) && v == INT64_MAX);
    static const char *const bad[] = {"", "-", "2x", " 2", "2 ", "+2", "0x10", "1e3",
                                      "9223372036854775808", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 7;
        if (qarg_int(bad[i], INT64_MIN, INT64_MAX, &v) || v != 7)
            fail_msg("accepted \"%s\"", bad[i]);
    }
    assert_false(qarg_int("4", 1, 3, &v));

    struct err e = {0};
    assert_int_equal(qarg_tier(NULL, &e), 0);
    assert_int_equal(qarg_tier("", &e), 0);
    assert_int_equal(qarg_tier("2", &e), 2);
    assert_int_equal(e.n_fields, 0);
    assert_int_equal(qarg_tier("2x", &e), 0);
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, "tier");

    err_clear(&e);
    assert_int_equal(qarg_due_before("", 1000, &e), 0);
    assert_int_equal(qarg_due_before("0", 1000, &e), 1000);
    assert_int_equal(qarg_due_before("525600", 1000, &e), 1000 + 525600 * 60);
    assert_int_equal(e.n_fields, 0);
    static const char *const due[] = {"99999999999999999", "-1", "525601", "60m"};
    for (size_t i = 0; i < sizeof due / sizeof due[0]; i++) {
        err_clear(&e);
        assert_int_equal(qarg_due_before(due[i], 1000, &e), 0);
        assert_int_equal(e.n_fields, 1);
        assert_string_equal(e.fields[0].name, "due_within_minutes");
    }
    err_clear(&e);
    assert_int_equal(qarg_id("unit_id", "0", &e), 0);
    assert_int_equal(qarg_id("unit_id", "12", &e), 12);
    assert_string_equal(e.fields[0].name, "unit_id");
    assert_int_equal(e.n_fields, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_1_defaults_and_bounds),
        cmocka_unit_test(config_2_file_env_and_db_path),
        cmocka_unit_test(resource_1_validation),
        cmocka_unit_test(resource_2_defaults),
        cmocka_unit_test(markdown_1_safe_html),
        cmocka_unit_test(markdown_2_only_real_attributes),
        cmocka_unit_test(filetype_1_rules),
        cmocka_unit_test(arena_1_alloc_and_defer),
        cmocka_unit_test(timefmt_1_iso_matches_libc),
        cmocka_unit_test(qarg_1_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
