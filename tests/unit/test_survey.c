/* survey-*: the satisfaction survey's pure parts (src/svc/survey_parse.c,
** issue #22 item 6): WIB periods at their edges, the definition parser's
** field errors and canonical questions, and the answers' checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "svc/survey.h"

/* Unix seconds of WIB midnights: 2026-12-31 17:00 UTC is 2027-01-01 00:00 WIB. */
static void survey_1_periods(void **state)
{
    (void)state;
    static const struct {
        const char *kind;
        int64_t t;
        const char *key;
        int64_t from, to;
    } c[] = {
        {"monthly", 1798736399, "2026-12", 1796058000, 1798736400}, /* the last WIB second */
        {"monthly", 1798736400, "2027-01", 1798736400, 1801414800},
        {"quarterly", 1798736399, "2026-Q4", 1790787600, 1798736400},
        {"quarterly", 1798736400, "2027-Q1", 1798736400, 1806512400},
        {"monthly", 1772298000, "2026-03", 1772298000, 1774976400}, /* after a 28-day February */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char key[16];
        int64_t from, to;
        survey_period(c[i].kind, c[i].t, key, &from, &to);
        assert_string_equal(key, c[i].key);
        assert_int_equal(from, c[i].from);
        assert_int_equal(to, c[i].to);
        assert_true(from <= c[i].t && c[i].t < to);
    }
}

static int fields(const struct err *e, const char *want)
{
    char got[512] = "";
    for (size_t i = 0; i < e->n_fields; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "",
                 e->fields[i].name);
    if (strcmp(got, want) != 0)
        fail_msg("fields '%s', want '%s'", got, want);
    return 0;
}

static void survey_2_definition(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct survey_def d;
    json_t *b = json_loads("{\"title\":\"Survei\",\"period\":\"monthly\",\"sample_size\":5,"
                           "\"questions\":[{\"kind\":\"scale\",\"text_id\":\"Puas?\"},"
                           "{\"key\":\"saran\",\"kind\":\"text\",\"text_id\":\"Saran\","
                           "\"text_en\":\"Suggestions\"}]}", 0, NULL);
    assert_int_equal(survey_def_parse(b, false, a, &d, &e), 0);
    assert_int_equal(d.sample_size, 5);
    assert_int_equal(d.sample_percent, -1);
    struct survey_question *q;
    size_t n;
    assert_int_equal(survey_questions_load(d.questions, a, &q, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(q[0].key, "q1");
    assert_string_equal(q[0].text_en, "Puas?"); /* the Indonesian stands in */
    assert_true(q[0].required);
    assert_false(q[1].required);
    json_decref(b);

    /* every problem at once, by field */
    b = json_loads("{\"title\":\" \",\"period\":\"weekly\",\"sample_percent\":101,\"x\":1,"
                   "\"questions\":[3,{\"key\":\"Q 1\",\"kind\":\"stars\",\"text_id\":\"\"},"
                   "{\"key\":\"a\",\"kind\":\"text\",\"text_id\":\"t\"},"
                   "{\"key\":\"a\",\"kind\":\"text\",\"text_id\":\"t\",\"required\":1}]}",
                   0, NULL);
    err_clear(&e);
    assert_int_equal(survey_def_parse(b, false, a, &d, &e), ERR_INVALID);
    fields(&e, "x title period sample_percent questions[0] questions[1].key questions[1].kind "
               "questions[1].text_id questions[3].key questions[3].required");
    json_decref(b);

    /* an edit gives only what changes */
    b = json_loads("{\"title\":\"Baru\"}", 0, NULL);
    err_clear(&e);
    assert_int_equal(survey_def_parse(b, true, a, &d, &e), 0);
    assert_null(d.questions);
    assert_null(d.period);
    assert_int_equal(d.sample_size, -1);
    json_decref(b);
    arena_free(a);
}

static void survey_3_answers(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct survey_question q[] = {{"puas", "scale", "a", "a", true},
                                  {"cepat", "scale", "b", "b", false},
                                  {"saran", "text", "c", "c", false}};
    struct survey_answer *ans;
    size_t n;
    json_t *x = json_loads("{\"puas\":5,\"saran\":\"  \"}", 0, NULL);
    assert_int_equal(survey_answers_parse(q, 3, x, a, &ans, &n, &e), 0);
    assert_int_equal(n, 1); /* blank text and a skipped optional scale are no answer */
    assert_int_equal(ans[0].value, 5);
    json_decref(x);
    x = json_loads("{\"puas\":0,\"cepat\":2.5,\"saran\":[],\"lain\":1}", 0, NULL);
    err_clear(&e);
    assert_int_equal(survey_answers_parse(q, 3, x, a, &ans, &n, &e), ERR_INVALID);
    fields(&e, "answers.lain answers.puas answers.cepat answers.saran");
    json_decref(x);
    err_clear(&e);
    assert_int_equal(survey_answers_parse(q, 3, NULL, a, &ans, &n, &e), ERR_INVALID);
    fields(&e, "answers");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(survey_1_periods),
        cmocka_unit_test(survey_2_definition),
        cmocka_unit_test(survey_3_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
