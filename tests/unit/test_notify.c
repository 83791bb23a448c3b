/* notify-*: mail out below the worker thread: RFC 2047 header words, the
** thread ids, message assembly, the retry backoff, the outbox queue
** operations of the store (claim, finish, expire, resend; email rows only,
** no row claimed twice) and template overrides, on a fresh SQLite file. */
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
#include "notify/mailer.h"
#include "notify/mime.h"
#include "notify/templates.h"
#include "store/store.h"

#include "outbox_queue.h"

/* ---- MIME ------------------------------------------------------------- */

static int b64val(char c)
{
    static const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(alpha, c);
    return c && p ? (int)(p - alpha) : -1;
}

/* Decodes the encoded-words of an RFC 2047 header value into out. */
static void decode_words(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    while ((s = strstr(s, "=?UTF-8?B?")) != NULL) {
        s += 10;
        const char *end = strstr(s, "?=");
        assert_non_null(end);
        assert_true(end - s + 12 <= 75); /* RFC 2047 length limit */
        unsigned v = 0;
        int bits = 0;
        for (; s < end; s++) {
            if (*s == '=')
                continue;
            int d = b64val(*s);
            assert_true(d >= 0);
            v = (v << 6) | (unsigned)d;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                assert_true(n + 1 < cap);
                out[n++] = (char)((v >> bits) & 0xFF);
            }
        }
        /* each word decodes to whole UTF-8 characters */
        assert_true(n == 0 || ((unsigned char)out[n - 1] & 0xC0) != 0xC0);
        s = end + 2;
    }
    out[n] = '\0';
}

static void notify_1_header_words(void **s)
{
    (void)s;
    char *w = mime_header_word("Loket Pembuatan Tiket Baru: LKT-2026-000001");
    assert_string_equal(w, "Loket Pembuatan Tiket Baru: LKT-2026-000001");
    free(w);
    const char *subject = "Layanan Terpadu – Diskominfo Pembuatan Tiket Baru: LKT-2026-000001 "
                          "ÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜÜ 日本語のテキスト";
    w = mime_header_word(subject);
    char back[512];
    decode_words(w, back, sizeof back);
    assert_string_equal(back, subject);
    for (char *line = w; line; line = strstr(line, "\r\n ")) {
        line += line == w ? 0 : 3;
        char *next = strstr(line, "\r\n");
        assert_true((next ? (size_t)(next - line) : strlen(line)) <= 62);
        if (!next)
            break;
    }
    free(w);
    /* control characters force encoding too */
    w = mime_header_word("a\tb");
    assert_non_null(strstr(w, "=?UTF-8?B?"));
    free(w);
}

static void notify_2_ids_and_message(void **s)
{
    (void)s;
    char id[128], thread[128];
    mime_ids("Helpdesk <helpdesk@loket.go.id>", 42, "LKT-2026-000007", id, sizeof id, thread,
             sizeof thread);
    assert_string_equal(id, "<loket.42.LKT-2026-000007@loket.go.id>");
    assert_string_equal(thread, "<loket.LKT-2026-000007@loket.go.id>");
    mime_ids("helpdesk@loket.test", 42, "LKT-2026-000007", id, sizeof id, thread, sizeof thread);
    assert_string_equal(id, "<loket.42.LKT-2026-000007@loket.test>");
    char addr[64];
    assert_string_equal(mime_bare_addr("Helpdesk <helpdesk@loket.go.id>", addr, sizeof addr),
                        "helpdesk@loket.go.id");
    assert_string_equal(mime_bare_addr("a@b.test", addr, sizeof addr), "a@b.test");
    mime_ids("nobody", 7, NULL, id, sizeof id, thread, sizeof thread);
    assert_string_equal(id, "<loket.7@localhost>");
    assert_string_equal(thread, "");

    struct mail_msg m = {.from_name = "Loket", .from_addr = "helpdesk@loket.test",
                         .to_addr = "budi@demo.test", .subject = "Halo",
                         .text = "baris 1\nbaris 2\n", .html = "<p>x</p>",
                         .message_id = "<loket.1.A@loket.test>",
                         .thread_id = "<loket.A@loket.test>", .date = 1764547200};
    size_t len;
    char *msg = mime_build(&m, &len);
    assert_non_null(msg);
    assert_int_equal(strlen(msg), len);
    assert_non_null(strstr(msg, "From: \"Loket\" <helpdesk@loket.test>\r\n"));
    assert_non_null(strstr(msg, "To: budi@demo.test\r\nSubject: Halo\r\n"
                                "Date: Mon, 01 Dec 2025 00:00:00 +0000\r\n"
                                "Message-ID: <loket.1.A@loket.test>\r\n"
                                "In-Reply-To: <loket.A@loket.test>\r\n"
                                "References: <loket.A@loket.test>\r\n"
                                "Auto-Submitted: auto-generated\r\n"));
    /* "baris 1\r\nbaris 2\r\n" in base64: LF became CRLF */
    assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"
                                "Content-Transfer-Encoding: base64\r\n\r\n"
                                "YmFyaXMgMQ0KYmFyaXMgMg0K\r\n"));
    assert_non_null(strstr(msg, "--=_loket_loket.1.A--\r\n"));
    for (const char *p = msg; *p; p++)
        if (*p == '\n')
            assert_int_equal(p[-1], '\r');
    free(msg);
    /* A header injection through an address is refused. */
    m.to_addr = "budi@demo.test\r\nBcc: x@evil.test";
    assert_null(mime_build(&m, &len));
    m.to_addr = "budi@demo.test";
    m.thread_id = NULL;
    msg = mime_build(&m, &len);
    assert_null(strstr(msg, "In-Reply-To"));
    free(msg);
}

static void notify_3_backoff(void **s)
{
    (void)s;
    assert_int_equal(mailer_backoff(30000, 1), 30);
    assert_int_equal(mailer_backoff(30000, 2), 60);
    assert_int_equal(mailer_backoff(30000, 7), 30 * 64);
    assert_int_equal(mailer_backoff(30000, 40), 6 * 3600); /* capped */
    assert_int_equal(mailer_backoff(10, 1), 1);            /* rounded up to a second */
    assert_int_equal(mailer_backoff(1500, 2), 3);
}

/* ---- the store's outbox queue ---------------------------------------- */

struct fx {
    char dir[64], path[128];
    struct store *st;
    struct db *db;
    struct arena *a;
};

static int setup(void **state)
{
    static struct fx f;
    memset(&f, 0, sizeof f);
    *state = &f;
    snprintf(f.dir, sizeof f.dir, "/tmp/loket-notify-XXXXXX");
    if (!mkdtemp(f.dir))
        return -1;
    snprintf(f.path, sizeof f.path, "%s/t.db", f.dir);
    struct err e = {0};
    int applied;
    if (store_open(f.path, &f.st, &e) != 0 || !(f.db = store_acquire(f.st, &e)) ||
        db_migrate(f.db, &applied, &e) != 0) {
        printf("# store: %s\n", e.msg[LOC_EN]);
        return -1;
    }
    f.a = arena_new();
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    if (f->db)
        store_release(f->db);
    if (f->st)
        store_close(f->st);
    arena_free(f->a);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void notify_4_outbox_queue(void **state)
{
    struct fx *f = *state;
    outbox_queue_check(f->db, f->a);
}

static void notify_5_template_overrides(void **state)
{
    struct fx *f = *state;
    template_overrides_check(f->db, f->a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notify_1_header_words),
        cmocka_unit_test(notify_2_ids_and_message),
        cmocka_unit_test(notify_3_backoff),
        cmocka_unit_test_setup_teardown(notify_4_outbox_queue, setup, teardown),
        cmocka_unit_test_setup_teardown(notify_5_template_overrides, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
