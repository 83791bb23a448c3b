/* libFuzzer target for the satisfaction survey's parsers (svc/survey_parse.c,
** issue #22 item 6): any bytes as an admin's survey definition (create and
** edit) and as a requester's answers to it. A definition that passes always
** stores questions that load back (1..20 of them); answers that pass are
** each a scale value 1..5 or a text of at most SURVEY_TEXT_MAX bytes, at
** most one per question. */
#include "core/arena.h"
#include "svc/survey.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The questions the answers are checked against when the input's own
** definition is not valid. */
static const char fixed[] =
    "[{\"key\":\"puas\",\"kind\":\"scale\",\"text_id\":\"a\",\"text_en\":\"a\",\"required\":true},"
    "{\"key\":\"saran\",\"kind\":\"text\",\"text_id\":\"b\",\"text_en\":\"b\",\"required\":false}]";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!body)
        return 0;
    struct arena *a = arena_new();
    struct err err = {0};
    struct survey_def d;
    const char *questions = fixed;
    bool partial = size && (data[size - 1] & 1);
    if (survey_def_parse(body, partial, a, &d, &err) == 0 && d.questions)
        questions = d.questions;
    struct survey_question *q;
    size_t nq;
    if (survey_questions_load(questions, a, &q, &nq) != 0 || nq < 1 || nq > SURVEY_MAX_QUESTIONS)
        abort();
    struct survey_answer *ans;
    size_t n;
    err_clear(&err);
    json_t *answers = json_object_get(body, "answers");
    if (survey_answers_parse(q, nq, answers ? answers : body, a, &ans, &n, &err) == 0) {
        if (n > nq)
            abort();
        for (size_t i = 0; i < n; i++)
            if (ans[i].text ? strlen(ans[i].text) > SURVEY_TEXT_MAX
                            : ans[i].value < 1 || ans[i].value > 5)
                abort();
    }
    arena_free(a);
    json_decref(body);
    return 0;
}
