/* mail-*: the pure parts of email in (channels/mail_text.h, mail_parse.h) —
** HTML to text, quoted-history removal in its English, Indonesian and
** Outlook shapes, charset conversion to UTF-8, and the header fields the
** loop and auto-reply checks read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "channels/mail_parse.h"
#include "channels/mail_text.h"
#include "core/arena.h"

static struct arena *A;

static int setup(void **state)
{
    (void)state;
    A = arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(A);
    return 0;
}

static void mail_1_html_entities_and_hidden(void **state)
{
    (void)state;
    const char *html = "<html><head><title>T</title><style>p{}</style></head><body>"
                       "<script>alert(1)</script><p>Satu &amp; dua &lt;tiga&gt; &#8211; "
                       "&#x41;&eacute;</p><div>Baris<br>baru</div>"
                       "<blockquote>kutipan lama</blockquote><!-- komentar --></body></html>";
    assert_string_equal(mail_html_to_text(A, html),
                        "Satu & dua <tiga> \xe2\x80\x93 A&eacute;\n\nBaris\nbaru");
}

static void mail_2_html_lists_and_spaces(void **state)
{
    (void)state;
    assert_string_equal(mail_html_to_text(A, "<ul>\n <li>a</li>\n <li> b  c </li></ul><p>d</p>"),
                        "- a\n- b c\n\nd");
    assert_string_equal(mail_html_to_text(A, "<p>x</p><p>&nbsp;</p><p></p><p>y</p>"), "x\n\ny");
    assert_string_equal(mail_html_to_text(A, "unclosed <b"), "unclosed");
    assert_string_equal(mail_html_to_text(A, ""), "");
}

static void mail_3_strip_on_wrote(void **state)
{
    (void)state;
    assert_string_equal(mail_strip_quotes(A, "Baik.\n\nOn Tue, Dec 1, 2026 at 10:00 AM A <a@b> "
                                             "wrote:\n> lama\n> lama\n"),
                        "Baik.");
    /* wrapped over two lines */
    assert_string_equal(mail_strip_quotes(A, "Ok\nOn Tue, Dec 1, 2026 at 10:00 AM Helpdesk\n"
                                             "<h@x> wrote:\n> q\n"),
                        "Ok");
    assert_string_equal(mail_strip_quotes(A, "Siap.\nPada Sel, 1 Des 2026 pukul 11.00 H <h@x>\n"
                                             "menulis:\n\n> q\n"),
                        "Siap.");
    /* "On" in ordinary text is not an attribution */
    assert_string_equal(mail_strip_quotes(A, "On Monday the printer broke.\nStill broken."),
                        "On Monday the printer broke.\nStill broken.");
}

static void mail_4_strip_outlook(void **state)
{
    (void)state;
    assert_string_equal(mail_strip_quotes(A, "Jawab.\n\n-----Original Message-----\nFrom: x\n"),
                        "Jawab.");
    assert_string_equal(mail_strip_quotes(A, "Jawab.\n\n________________________________\n"
                                             "From: Helpdesk <h@x>\nSent: Tuesday\nTo: me\n"
                                             "Subject: s\n\nold"),
                        "Jawab.");
    assert_string_equal(mail_strip_quotes(A, "Balas.\nDari: Helpdesk\nDikirim: Selasa\n"
                                             "Kepada: saya\nPerihal: x\n"),
                        "Balas.");
    /* a lone From: line in the text stays */
    assert_string_equal(mail_strip_quotes(A, "From: the second floor\nprinter is jammed"),
                        "From: the second floor\nprinter is jammed");
}

static void mail_5_strip_gt_and_signature(void **state)
{
    (void)state;
    assert_string_equal(mail_strip_quotes(A, "\n\n> atas\nsaya setuju\n> bawah\n\n\n\nya  \n"
                                             "-- \nSiti\nDiskominfo"),
                        "saya setuju\n\nya");
    assert_string_equal(mail_strip_quotes(A, "> semua dikutip\n"), "");
}

static void mail_6_charsets(void **state)
{
    (void)state;
    /* ISO-8859-1 label, Windows-1252 bytes (what mailers send) */
    assert_string_equal(mail_to_utf8(A, "\x93x\x94 \x80 caf\xe9", 10, "ISO-8859-1"),
                        "\xe2\x80\x9cx\xe2\x80\x9d \xe2\x82\xac caf\xc3\xa9");
    assert_string_equal(mail_to_utf8(A, "a\r\nb\rc", 6, "utf-8"), "a\nb\nc");
    /* invalid UTF-8 becomes U+FFFD */
    assert_string_equal(mail_to_utf8(A, "a\xff" "b", 3, "utf-8"), "a\xef\xbf\xbd" "b");
    /* an unknown charset name falls back to Windows-1252 */
    assert_string_equal(mail_to_utf8(A, "\xe9", 1, "x-no-such-charset"), "\xc3\xa9");
    assert_string_equal(mail_to_utf8(A, "\xa4", 1, "iso-8859-15"), "\xe2\x82\xac");
    assert_string_equal(mail_to_utf8(A, NULL, 0, NULL), "");
}

static void mail_7_parse_headers(void **state)
{
    (void)state;
    const char *raw = "From: \"Ani\" <Ani@Example.COM>\r\nSubject: =?UTF-8?Q?Caf=C3=A9?=\r\n"
                      "Message-ID: <abc@x>\r\nAuto-Submitted: auto-replied\r\n"
                      "Precedence: bulk\r\nReturn-Path: <>\r\nIn-Reply-To: <loket.1.A@b>\r\n"
                      "Content-Type: multipart/report; boundary=b\r\n\r\n--b\r\n"
                      "Content-Type: text/plain\r\n\r\nbody\r\n--b--\r\n";
    struct mail_msg m;
    assert_int_equal(mail_parse(raw, strlen(raw), A, &m), 0);
    assert_string_equal(m.from_addr, "ani@example.com");
    assert_string_equal(m.from_name, "Ani");
    assert_string_equal(m.subject, "Caf\xc3\xa9");
    assert_string_equal(m.message_id, "<abc@x>");
    assert_string_equal(m.auto_submitted, "auto-replied");
    assert_string_equal(m.precedence, "bulk");
    assert_string_equal(m.return_path, "<>");
    assert_string_equal(m.in_reply_to, "<loket.1.A@b>");
    assert_true(m.report);
    assert_string_equal(m.text, "body"); /* the CRLF before --b belongs to the boundary */
    assert_int_equal(m.n_att, 0);
}

static void mail_8_parse_rejects_non_messages(void **state)
{
    (void)state;
    struct mail_msg m;
    assert_int_equal(mail_parse("", 0, A, &m), -1);
    assert_string_equal(m.text, "");
    /* a header-only message has an empty text, never NULL */
    assert_int_equal(mail_parse("From: a@b\n\n", 11, A, &m), 0);
    assert_string_equal(m.text, "");
    assert_null(m.message_id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(mail_1_html_entities_and_hidden, setup, teardown),
        cmocka_unit_test_setup_teardown(mail_2_html_lists_and_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(mail_3_strip_on_wrote, setup, teardown),
        cmocka_unit_test_setup_teardown(mail_4_strip_outlook, setup, teardown),
        cmocka_unit_test_setup_teardown(mail_5_strip_gt_and_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(mail_6_charsets, setup, teardown),
        cmocka_unit_test_setup_teardown(mail_7_parse_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(mail_8_parse_rejects_non_messages, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
