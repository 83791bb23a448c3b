/* tmpl-*: the notification template renderer (src/notify/tmpl.c):
** variables and escaping, sections, inverted sections, nesting, arrays,
** dotted names, and refused templates with their line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "notify/templates.h"
#include "notify/tmpl.h"

static json_t *ctx(void)
{
    return json_pack("{s:s, s:s, s:i, s:b, s:b, s:s, s:n, s:[], s:[{s:s},{s:s}], s:{s:{s:s}},"
                     " s:[s,s,s], s:s, s:i}",
                     "name", "Budi", "html", "<b>\"A&B\"</b> 'x'", "n", 42, "yes", 1, "no", 0,
                     "empty", "", "nil", "list", "items", "x", "satu", "x", "dua",
                     "obj", "inner", "deep", "dalam", "words", "a", "b", "c", "utf", "Ümit",
                     "zero", 0);
}

/* Renders src and returns a static copy of the output ("<error N:L:C>" when
** it fails, so assertions read as one string). */
static const char *render(const char *src, bool html)
{
    static char buf[4096];
    json_t *c = ctx();
    char *out;
    struct tmpl_error e;
    int rc = tmpl_render(src, strlen(src), c, html, &out, NULL, &e);
    json_decref(c);
    if (rc != 0) {
        snprintf(buf, sizeof buf, "<error %d:%d:%d %s>", rc, e.line, e.column, e.msg);
        return buf;
    }
    snprintf(buf, sizeof buf, "%s", out);
    free(out);
    return buf;
}

static void tmpl_1_variables(void **s)
{
    (void)s;
    assert_string_equal(render("Halo {{name}}!", false), "Halo Budi!");
    assert_string_equal(render("Halo {{ name }}!", false), "Halo Budi!");
    assert_string_equal(render("{{n}} {{yes}} [{{no}}] [{{nil}}] [{{missing}}]", false),
                        "42 true [] [] []");
    assert_string_equal(render("no tags at all", false), "no tags at all");
    assert_string_equal(render("", false), "");
    assert_string_equal(render("{{utf}}", true), "Ümit");
    assert_string_equal(render("a { b } c {x}", false), "a { b } c {x}");
}

static void tmpl_2_escaping(void **s)
{
    (void)s;
    /* HTML parts escape {{x}}; text parts never do; raw forms never do. */
    assert_string_equal(render("{{html}}", true),
                        "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;");
    assert_string_equal(render("{{html}}", false), "<b>\"A&B\"</b> 'x'");
    assert_string_equal(render("{{{html}}}", true), "<b>\"A&B\"</b> 'x'");
    assert_string_equal(render("{{&html}}", true), "<b>\"A&B\"</b> 'x'");
    assert_string_equal(render("{{& html }}", true), "<b>\"A&B\"</b> 'x'");
    /* Literal text around tags is copied as is, even in HTML mode. */
    assert_string_equal(render("<p>{{name}} & co</p>", true), "<p>Budi & co</p>");
}

static void tmpl_3_sections(void **s)
{
    (void)s;
    assert_string_equal(render("[{{#yes}}Y{{/yes}}]", false), "[Y]");
    assert_string_equal(render("[{{#no}}N{{/no}}]", false), "[]");
    assert_string_equal(render("[{{#missing}}M{{/missing}}]", false), "[]");
    assert_string_equal(render("[{{#empty}}E{{/empty}}]", false), "[]");
    assert_string_equal(render("[{{#nil}}E{{/nil}}]", false), "[]");
    assert_string_equal(render("[{{#zero}}Z{{/zero}}]", false), "[Z]");
    /* A truthy scalar is the current item inside its section. */
    assert_string_equal(render("{{#name}}Hi {{.}}{{/name}}", false), "Hi Budi");
    /* An object section pushes the object; outer names stay visible. */
    assert_string_equal(render("{{#obj}}{{#inner}}{{deep}} {{name}}{{/inner}}{{/obj}}", false),
                        "dalam Budi");
    assert_string_equal(render("{{obj.inner.deep}}|{{obj.nope.deep}}|{{name.x}}", false),
                        "dalam||");
    assert_string_equal(render("{{! a comment }}x{{!another}}", false), "x");
}

static void tmpl_4_inverted(void **s)
{
    (void)s;
    assert_string_equal(render("[{{^yes}}Y{{/yes}}]", false), "[]");
    assert_string_equal(render("[{{^no}}N{{/no}}]", false), "[N]");
    assert_string_equal(render("[{{^missing}}M{{/missing}}]", false), "[M]");
    assert_string_equal(render("[{{^empty}}E{{/empty}}]", false), "[E]");
    assert_string_equal(render("[{{^list}}L{{/list}}]", false), "[L]");
    assert_string_equal(render("[{{^items}}I{{/items}}]", false), "[]");
    assert_string_equal(render("{{#agent}}{{agent}}{{/agent}}{{^agent}}belum ada{{/agent}}", false),
                        "belum ada");
}

static void tmpl_5_arrays_and_nesting(void **s)
{
    (void)s;
    assert_string_equal(render("{{#items}}<{{x}}>{{/items}}", false), "<satu><dua>");
    assert_string_equal(render("{{#words}}{{.}},{{/words}}", false), "a,b,c,");
    assert_string_equal(render("{{#list}}never{{/list}}", false), "");
    /* Nested loops see both items and the root. */
    assert_string_equal(render("{{#items}}{{#words}}{{x}}{{.}}{{name}} {{/words}}{{/items}}",
                               false),
                        "satuaBudi satubBudi satucBudi duaaBudi duabBudi duacBudi ");
    /* Sections of the same name nest. */
    assert_string_equal(render("{{#yes}}1{{#yes}}2{{/yes}}3{{/yes}}", false), "123");
    assert_string_equal(render("{{#items}}{{x}}{{^x}}?{{/x}}{{/items}}", true), "satudua");
}

static void expect_error(const char *src, int kind, int line, int column, const char *part)
{
    struct tmpl_error e;
    char *out = (char *)"untouched";
    json_t *c = ctx();
    int rc = tmpl_render(src, strlen(src), c, true, &out, NULL, &e);
    json_decref(c);
    assert_int_equal(rc, kind);
    assert_null(out);
    assert_int_equal(e.line, line);
    assert_int_equal(e.column, column);
    if (!strstr(e.msg, part))
        fail_msg("message \"%s\" lacks \"%s\"", e.msg, part);
    /* tmpl_check finds the same error without data. */
    struct tmpl_error e2;
    assert_int_equal(tmpl_check(src, strlen(src), &e2), kind);
    assert_int_equal(e2.line, line);
    assert_int_equal(e2.column, column);
}

static void tmpl_6_errors_with_positions(void **s)
{
    (void)s;
    expect_error("Halo {{name", ERR_INVALID, 1, 6, "unclosed tag");
    expect_error("a\nb {{{name}} c", ERR_INVALID, 2, 3, "'{{{' without '}}}'");
    expect_error("a\n\n  {{#items}}x", ERR_INVALID, 3, 3, "never closed");
    expect_error("{{#a}}{{/b}}", ERR_INVALID, 1, 7, "does not match");
    expect_error("x\n{{/a}}", ERR_INVALID, 2, 1, "closes no open section");
    expect_error("{{>header}}", ERR_INVALID, 1, 1, "partials");
    expect_error("{{=<% %>=}}", ERR_INVALID, 1, 1, "delimiter");
    expect_error("{{}}", ERR_INVALID, 1, 1, "empty tag name");
    expect_error("{{ }}", ERR_INVALID, 1, 1, "empty tag name");
    expect_error("{{#}}{{/}}", ERR_INVALID, 1, 1, "empty tag name");
    expect_error("{{na me}}", ERR_INVALID, 1, 1, "invalid character");
    expect_error("{{a+b}}", ERR_INVALID, 1, 1, "invalid character");
    /* Columns count characters, not bytes: "Ü" and "é" are two bytes each. */
    expect_error("Üé {{x", ERR_INVALID, 1, 4, "unclosed");
    /* An error inside a section that is not shown is still found. */
    expect_error("{{#no}}\n {{#x}}{{/y}}{{/no}}", ERR_INVALID, 2, 8, "does not match");
    expect_error("{{#missing}}{{>p}}{{/missing}}", ERR_INVALID, 1, 13, "partials");
}

static void tmpl_7_limits(void **s)
{
    (void)s;
    /* Nesting deeper than TMPL_MAX_NEST is refused at the tag that passes it. */
    char deep[1024] = "";
    for (int i = 0; i < TMPL_MAX_NEST + 1; i++)
        strcat(deep, "{{#a}}");
    struct tmpl_error e;
    assert_int_equal(tmpl_check(deep, strlen(deep), &e), ERR_INVALID);
    assert_int_equal(e.column, TMPL_MAX_NEST * 6 + 1);
    assert_non_null(strstr(e.msg, "nested deeper"));

    /* Output is capped: 3 nested loops over a big array blow past 1 MiB. */
    json_t *big = json_array();
    for (int i = 0; i < 200; i++)
        json_array_append_new(big, json_string("0123456789"));
    json_t *c = json_pack("{s:o}", "a", big);
    const char *src = "{{#a}}{{#a}}{{#a}}{{.}}{{/a}}{{/a}}{{/a}}";
    char *out;
    assert_int_equal(tmpl_render(src, strlen(src), c, false, &out, NULL, &e), ERR_TOO_LARGE);
    assert_null(out);
    /* Loops that print nothing are bounded by the work limit instead. */
    src = "{{#a}}{{#a}}{{#a}}{{#a}}{{! }}{{/a}}{{/a}}{{/a}}{{/a}}";
    assert_int_equal(tmpl_render(src, strlen(src), c, false, &out, NULL, &e), ERR_TOO_LARGE);
    assert_non_null(strstr(e.msg, "too much work"));
    json_decref(c);

    /* Sizes reported; NUL bytes in the source are copied through. */
    size_t n = 0;
    assert_int_equal(tmpl_render("a\0b", 3, NULL, false, &out, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_memory_equal(out, "a\0b", 3);
    free(out);
    assert_int_equal(tmpl_render(NULL, 0, NULL, false, &out, &n, &e), 0);
    assert_string_equal(out, "");
    free(out);
}

static void tmpl_8_standalone_lines(void **s)
{
    (void)s;
    /* Section tags alone on a line vanish with their line. */
    assert_string_equal(render("a\n{{#yes}}\nY\n{{/yes}}\nb\n", false), "a\nY\nb\n");
    assert_string_equal(render("a\n  {{#no}}  \nN\n  {{/no}}\nb", false), "a\nb");
    assert_string_equal(render("a\r\n{{! note }}\r\nb", false), "a\r\nb");
    assert_string_equal(render("{{#items}}\n- {{x}}\n{{/items}}\n", false), "- satu\n- dua\n");
    /* Not alone on the line: kept as written; variables are never standalone. */
    assert_string_equal(render("a {{#yes}}Y{{/yes}} b\n", false), "a Y b\n");
    assert_string_equal(render("x{{#yes}}\nY\n{{/yes}}", false), "x\nY\n");
    assert_string_equal(render("{{missing}}\nb", false), "\nb");
}

/* Every default template parses, exists in both languages, and the
** Indonesian "ticket created" mail is the seed's wording (seed 000, 3.4 #1). */
static void tmpl_9_defaults(void **s)
{
    (void)s;
    static const char *const keys[] = {
        "ticket_created", "ticket_cancelled", "ticket_changed", "rating_request",
        "service_redirected", "ticket_resolved", "ticket_escalated", "faq_proposal_received",
        "app_problem_reported", "ticket_assigned", "new_comment", "sla_warning", "sla_breached",
        "faq_proposal_reviewed", "comment_received", "ticket_closed", "ticket_escalated_pic",
        /* appointments and sign-up (issue #16) */
        "booking_confirmed", "booking_rescheduled", "booking_cancelled", "booking_reminder",
        "booking_rerequested", "signup_verify", "signup_existing",
        "identity_request" /* issue #21 */,
        "survey_invite" /* issue #22 */, "report_scheduled" /* issue #22 */,
        "automation_notice" /* issue #22 */,
        "user_invite" /* issue #20 item 7 */};
    size_t n = 0;
    for (const struct mail_template *t = mail_template_defaults; t->key; t++) {
        const char *part;
        struct tmpl_error e;
        if (mail_template_check(t, &part, &e) != 0)
            fail_msg("%s/%s %s: %d:%d %s", t->key, t->locale, part, e.line, e.column, e.msg);
        n++;
    }
    assert_int_equal(n, 2 * sizeof keys / sizeof keys[0]);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        assert_non_null(mail_template_default(keys[i], "id"));
        assert_non_null(mail_template_default(keys[i], "en"));
    }
    json_t *vars = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "app_name", "OK-LAF!",
                             "ticket_number", "LKT-2026-000007", "title", "Printer <rusak>",
                             "service", "Perbaikan Printer", "requester_name", "Budi Santoso",
                             "requester_nip", "198501012010011001", "requester_email",
                             "budi@demo.test");
    struct mail_rendered r;
    const char *part;
    struct tmpl_error e;
    assert_int_equal(mail_template_render(mail_template_default("ticket_created", "id"), vars, &r,
                                          &part, &e), 0);
    assert_string_equal(r.subject, "OK-LAF! Pembuatan Tiket Baru: LKT-2026-000007");
    assert_string_equal(r.text,
                        "Salam dari OK-LAF!,\n\n"
                        "Tiket baru telah dibuat dengan detil berikut:\n\n"
                        "Nomor tiket: LKT-2026-000007\nJudul Tiket: Printer <rusak>\n"
                        "Layanan: Perbaikan Printer\n\n"
                        "Dengan detil pembuat sebagai berikut:\n\n"
                        "Nama pembuat: Budi Santoso\nNIP pembuat: 198501012010011001\n"
                        "Email pembuat: budi@demo.test\n\n"
                        "Tiket anda akan segera kami proses dan terimakasih telah menggunakan "
                        "layanan OK-LAF!\n\nHormat Kami,\nAdmin OK-LAF!\n");
    assert_non_null(strstr(r.html, "<p>Nomor tiket: LKT-2026-000007<br>\n"
                                    "Judul Tiket: Printer &lt;rusak&gt;<br>"));
    mail_rendered_free(&r);
    json_decref(vars);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tmpl_1_variables),
        cmocka_unit_test(tmpl_2_escaping),
        cmocka_unit_test(tmpl_3_sections),
        cmocka_unit_test(tmpl_4_inverted),
        cmocka_unit_test(tmpl_5_arrays_and_nesting),
        cmocka_unit_test(tmpl_6_errors_with_positions),
        cmocka_unit_test(tmpl_7_limits),
        cmocka_unit_test(tmpl_8_standalone_lines),
        cmocka_unit_test(tmpl_9_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
