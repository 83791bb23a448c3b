/* mask-*, addr-*: passwords inside URLs never shown (core/url_mask.h), not
** even in log lines (core/log.c), and
** the client address behind trusted proxies (core/netaddr.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/log.h"
#include "core/netaddr.h"
#include "core/url_mask.h"

static void expect_mask(const char *in, const char *want)
{
    char out[256];
    size_t n = url_mask(in, out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("url_mask(%s) = %s, want %s", in, out, want);
    assert_int_equal(n, strlen(want));
    char *dup = url_mask_dup(in);
    assert_string_equal(dup, want);
    free(dup);
}

static void mask_1_urls(void **s)
{
    (void)s;
    expect_mask("smtp://loket:rahasia@mail.example.id:587",
                "smtp://loket:***@mail.example.id:587");
    expect_mask("smtps://loket%40kota.go.id:p%3Ass@mail:465?starttls",
                "smtps://loket%40kota.go.id:***@mail:465?starttls");
    expect_mask("imaps://helpdesk:s3cr3t@imap.example.id/INBOX",
                "imaps://helpdesk:***@imap.example.id/INBOX");
    /* an unencoded '@' or '/' in the password is still hidden */
    expect_mask("imap://u:p@ss/w@host/INBOX", "imap://u:***@host/INBOX");
    /* a user name alone, or none, is not a secret */
    expect_mask("smtp://loket@mail.example.id:587", "smtp://loket@mail.example.id:587");
    expect_mask("https://graph.facebook.com/v20.0", "https://graph.facebook.com/v20.0");
    expect_mask("http://localhost:8080", "http://localhost:8080");
    expect_mask("", "");
    expect_mask("not a url: a:b@c", "not a url: a:b@c");
    /* every URL of a log line or an error message */
    expect_mask("imap fetch imap://a:one@h1/INBOX failed; smtp://b:two@h2 too",
                "imap fetch imap://a:***@h1/INBOX failed; smtp://b:***@h2 too");
    expect_mask("url \"smtp://a:x@h\" bad", "url \"smtp://a:***@h\" bad");
}

static void mask_2_truncates_safely(void **s)
{
    (void)s;
    char out[12];
    size_t n = url_mask("smtp://u:secret@host", out, sizeof out);
    assert_int_equal(n, strlen("smtp://u:***@host"));
    assert_string_equal(out, "smtp://u:**");
    assert_int_equal(url_mask("smtp://u:p@h", NULL, 0), strlen("smtp://u:***@h"));
}

/* Every log line is masked, whatever the caller printed into it. */
static void mask_3_log_lines(void **s)
{
    (void)s;
    char path[] = "/tmp/loket-log-XXXXXX";
    int fd = mkstemp(path), saved = dup(STDERR_FILENO);
    assert_true(fd >= 0 && saved >= 0);
    dup2(fd, STDERR_FILENO);
    log_msg(LOG_ERROR, "imap %s: %s", "imaps://helpdesk:s3cr3t-imap@imap.example.id/INBOX",
            "Login denied");
    dup2(saved, STDERR_FILENO);
    close(saved);
    char buf[512] = "";
    assert_true(pread(fd, buf, sizeof buf - 1, 0) > 0);
    close(fd);
    unlink(path);
    assert_null(strstr(buf, "s3cr3t-imap"));
    assert_non_null(strstr(buf, "imaps://helpdesk:***@imap.example.id/INBOX: Login denied"));
}

static void addr_1_lists(void **s)
{
    (void)s;
    struct net_list l;
    struct err e = {0};
    assert_int_equal(net_list_parse("10.0.0.0/8, 192.168.1.7 ::1,fd00::/8", &l, &e), 0);
    assert_int_equal(l.n, 4);
    assert_true(net_list_has(&l, "10.200.3.4"));
    assert_true(net_list_has(&l, "192.168.1.7"));
    assert_false(net_list_has(&l, "192.168.1.8"));
    assert_true(net_list_has(&l, "::1"));
    assert_true(net_list_has(&l, "fd12:3456::1"));
    assert_false(net_list_has(&l, "fe80::1"));
    assert_true(net_list_has(&l, "::ffff:10.1.2.3")); /* IPv4-mapped counts as IPv4 */
    assert_false(net_list_has(&l, "11.0.0.1"));
    net_list_free(&l);
    assert_int_equal(net_list_parse("172.16.0.0/12", &l, &e), 0);
    assert_true(net_list_has(&l, "172.31.255.255"));
    assert_false(net_list_has(&l, "172.32.0.0"));
    net_list_free(&l);
    assert_int_equal(net_list_parse("", &l, &e), 0);
    assert_int_equal(l.n, 0);
    static const char *const bad[] = {"10.0.0.0/33", "proxy.local", "10.0.0.0/", "1.2.3.4/8x",
                                      "::1/129"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        assert_int_equal(net_list_parse(bad[i], &l, &e), ERR_INVALID);
        assert_string_equal(e.code, "config.invalid");
        assert_non_null(strstr(e.msg[LOC_EN], "trusted_proxies"));
    }
}

static void expect_client(const char *trusted, const char *peer, const char *xff,
                          const char *want)
{
    struct net_list l;
    struct err e = {0};
    char out[NET_ADDR_MAX];
    assert_int_equal(net_list_parse(trusted, &l, &e), 0);
    net_client_addr(&l, peer, xff, out);
    if (strcmp(out, want) != 0)
        fail_msg("trusted %s, peer %s, xff %s: %s, want %s", trusted, peer, xff ? xff : "-", out,
                 want);
    net_list_free(&l);
}

static void addr_2_client(void **s)
{
    (void)s;
    /* no trusted proxy: the header is ignored */
    expect_client("", "203.0.113.9", "198.51.100.1", "203.0.113.9");
    /* an untrusted peer cannot choose its address */
    expect_client("10.0.0.0/8", "203.0.113.9", "198.51.100.1", "203.0.113.9");
    /* a trusted proxy: the right-most untrusted entry */
    expect_client("10.0.0.0/8", "10.0.0.2", "198.51.100.1", "198.51.100.1");
    expect_client("10.0.0.0/8", "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.5",
                  "198.51.100.1");
    /* two headers joined by the server */
    expect_client("10.0.0.0/8", "10.0.0.2", "6.6.6.6,198.51.100.1", "198.51.100.1");
    /* every hop trusted: the left-most */
    expect_client("10.0.0.0/8", "10.0.0.2", "10.1.1.1, 10.2.2.2", "10.1.1.1");
    /* garbage stops the walk at the last trusted hop */
    expect_client("10.0.0.0/8", "10.0.0.2", "198.51.100.1, unknown, 10.0.0.7", "10.0.0.7");
    expect_client("10.0.0.0/8", "10.0.0.2", "bogus", "10.0.0.2");
    expect_client("10.0.0.0/8", "10.0.0.2", "", "10.0.0.2");
    expect_client("10.0.0.0/8", "10.0.0.2", NULL, "10.0.0.2");
    /* ports and brackets as proxies write them; output normalised */
    expect_client("127.0.0.1", "127.0.0.1", "198.51.100.1:4711", "198.51.100.1");
    expect_client("::1", "::1", "[2001:DB8::1]:443", "2001:db8::1");
    expect_client("127.0.0.0/8", "::ffff:127.0.0.1", " 198.51.100.2 ", "198.51.100.2");
    expect_client("", "::ffff:192.0.2.1", NULL, "192.0.2.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mask_1_urls),
        cmocka_unit_test(mask_2_truncates_safely),
        cmocka_unit_test(mask_3_log_lines),
        cmocka_unit_test(addr_1_lists),
        cmocka_unit_test(addr_2_client),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
