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

static const char *status_of(struct fx *f, int64_t id, int *attempts)
{
    struct outbox_row o;
    struct err e = {0};
    assert_int_equal(db_outbox_get(f->db, id, f->a, &o, &e), 0);
    if (attempts)
        *attempts = o.attempts;
    return o.status;
}

static void notify_4_outbox_queue(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    struct err e = {0};
    const int64_t now = 1000000;
    const char *channels[3] = {"email", "whatsapp", "email"};
    for (int i = 0; i < 3; i++) {
        struct outbox_row o = {.recipient = "a@b.test", .channel = channels[i],
                               .template_key = "ticket_created", .vars = "{}",
                               .created_at = now - 10};
        assert_int_equal(db_outbox_add(db, &o, &e), 0);
    }
    struct outbox_row *rows;
    size_t n;
    /* Claims take due email rows only, once. */
    assert_int_equal(db_outbox_claim(db, "email", now, 10, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, 1);
    assert_int_equal(rows[1].id, 3);
    assert_string_equal(rows[0].status, "sending");
    assert_int_equal(rows[0].attempts, 1);
    assert_int_equal(rows[0].claimed_at, now);
    assert_int_equal(db_outbox_claim(db, "email", now, 10, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_string_equal(status_of(f, 2, NULL), "pending"); /* WhatsApp's, not ours */

    /* Finish: sent, and a retry later. */
    assert_int_equal(db_outbox_finish(db, 1, "sent", 0, NULL, now, &e), 0);
    assert_int_equal(db_outbox_finish(db, 3, "pending", now + 60, "down", now, &e), 0);
    assert_int_equal(db_outbox_claim(db, "email", now + 59, 10, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(db_outbox_claim(db, "email", now + 60, 1, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, 3);
    assert_int_equal(rows[0].attempts, 2);
    assert_string_equal(rows[0].last_error, "down");

    /* A claim older than the lease: failed, never pending again. */
    int expired = -1;
    assert_int_equal(db_outbox_expire_claims(db, "email", now + 60, "x", &expired, &e), 0);
    assert_int_equal(expired, 0); /* claimed at now + 60: still fresh */
    assert_int_equal(db_outbox_expire_claims(db, "email", now + 61, "interrupted",
                                             &expired, &e), 0);
    assert_int_equal(expired, 1);
    assert_string_equal(status_of(f, 3, NULL), "failed");
    /* A late finish from the dead worker cannot revive it. */
    assert_int_equal(db_outbox_finish(db, 3, "sent", 0, NULL, now, &e), 0);
    assert_string_equal(status_of(f, 3, NULL), "failed");

    /* Unclaim: back to pending, the attempt not counted; only a claimed row. */
    assert_int_equal(db_outbox_claim(db, "email", now, 10, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 0);
    struct outbox_row extra = {.recipient = "c@d.test", .channel = "email",
                               .template_key = "ticket_created", .vars = "{}",
                               .created_at = now};
    assert_int_equal(db_outbox_add(db, &extra, &e), 0);
    assert_int_equal(db_outbox_claim(db, "email", now, 10, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, 4);
    assert_int_equal(db_outbox_unclaim(db, 4, &e), 0);
    int att = -1;
    assert_string_equal(status_of(f, 4, &att), "pending");
    assert_int_equal(att, 0);
    assert_int_equal(db_outbox_unclaim(db, 1, &e), 0); /* sent: untouched */
    assert_string_equal(status_of(f, 1, NULL), "sent");
    assert_int_equal(db_outbox_claim(db, "email", now, 10, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(db_outbox_finish(db, 4, "sent", 0, NULL, now, &e), 0);

    /* Resend: failed rows only. */
    assert_int_equal(db_outbox_resend(db, 1, now, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "outbox.not_failed");
    assert_int_equal(db_outbox_resend(db, 99, now, &e), ERR_NOT_FOUND);
    int attempts = -1;
    assert_int_equal(db_outbox_resend(db, 3, now + 100, &e), 0);
    assert_string_equal(status_of(f, 3, &attempts), "pending");
    assert_int_equal(attempts, 0);
    assert_int_equal(db_outbox_claim(db, "email", now + 100, 10, f->a, &rows, &n, &e), 0);
    assert_int_equal(n, 1);
}

static void notify_5_template_overrides(void **state)
{
    struct fx *f = *state;
    struct db *db = f->db;
    struct err e = {0};
    struct mail_template t;
    bool custom = true;
    assert_int_equal(mail_template_resolve(db, "ticket_created", "en", f->a, &t, &custom, &e), 0);
    assert_false(custom);
    assert_string_equal(t.subject, "{{app_name}} New Ticket Created: {{ticket_number}}");
    /* Unknown languages fall back to Indonesian; unknown keys are errors. */
    assert_int_equal(mail_template_resolve(db, "ticket_created", "fr", f->a, &t, &custom, &e), 0);
    assert_string_equal(t.locale, "id");
    assert_int_equal(mail_template_resolve(db, "nope", "id", f->a, &t, &custom, &e),
                     ERR_NOT_FOUND);

    struct mail_template_row row = {.key = "ticket_created", .locale = "en", .subject = "S",
                                    .text = "T", .html = "H", .updated_at = 5, .updated_by = 0};
    assert_int_equal(db_mail_template_put(db, &row, &e), 0);
    assert_int_equal(mail_template_resolve(db, "ticket_created", "en", f->a, &t, &custom, &e), 0);
    assert_true(custom);
    assert_string_equal(t.subject, "S");
    struct mail_template_row *items;
    size_t n;
    assert_int_equal(db_mail_template_list(db, f->a, &items, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].updated_at, 5);
    assert_int_equal(db_mail_template_delete(db, "ticket_created", "en", &e), 0);
    assert_int_equal(mail_template_resolve(db, "ticket_created", "en", f->a, &t, &custom, &e), 0);
    assert_false(custom);
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
