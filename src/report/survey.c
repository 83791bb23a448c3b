/* The satisfaction survey report (issue #22 item 6): per survey and
** question the responses, mean and distribution 1..5; invitations, answers
** and the response rate per unit of the requester; the free-text answers.
** The period filters on when the invitations were sent. Only admins and
** leaders reach it (api/survey.c, api/exports.c): free text is theirs. */
#include "core/arena.h"
#include "report/report.h"
#include "svc/survey.h"

#include <string.h>

static const struct rcol question_cols[] = {
    {"survey", "Survei", RT_TEXT, 24},
    {"question", "Kode", RT_TEXT, 8, true},
    {"text", "Pertanyaan", RT_TEXT, 36},
    {"responses", "Jawaban", RT_INT, 9},
    {"mean", "Rata-rata", RT_NUM, 9},
    {"n1", "1", RT_INT, 5},
    {"n2", "2", RT_INT, 5},
    {"n3", "3", RT_INT, 5},
    {"n4", "4", RT_INT, 5},
    {"n5", "5", RT_INT, 5},
};

static const struct rcol unit_cols[] = {
    {"survey", "Survei", RT_TEXT, 24},
    {"unit", "Unit pemohon", RT_TEXT, 28},
    {"invited", "Diundang", RT_INT, 10},
    {"answered", "Menjawab", RT_INT, 10},
    {"response_rate", "Tingkat respons (%)", RT_NUM, 12},
};

static const struct rcol comment_cols[] = {
    {"survey", "Survei", RT_TEXT, 20},
    {"period", "Periode", RT_TEXT, 10},
    {"unit", "Unit pemohon", RT_TEXT, 20},
    {"question", "Pertanyaan", RT_TEXT, 24},
    {"text", "Jawaban", RT_TEXT, 48},
};

static double pct(int64_t part, int64_t whole)
{
    return whole ? (double)(part * 1000 / whole) / 10.0 : 0.0;
}

/* The question rows: one per question of each survey with answers. */
static size_t question_rows(struct arena *a, const struct survey_answer_row *rows, size_t n,
                            struct rsection *s)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && rows[i].survey_id == rows[i - 1].survey_id)
            continue;
        bool seen = false; /* rows come by survey, but stay safe if not */
        for (size_t j = 0; j < i; j++)
            seen = seen || rows[j].survey_id == rows[i].survey_id;
        struct survey_question *q;
        size_t nq;
        if (seen)
            continue;
        survey_questions_load(rows[i].questions, a, &q, &nq);
        for (size_t k = 0; k < nq; k++) {
            if (strcmp(q[k].kind, "scale") != 0)
                continue;
            int64_t counts[6] = {0}, total = 0, sum = 0;
            for (size_t j = i; j < n; j++)
                if (rows[j].survey_id == rows[i].survey_id && rows[j].value >= 1 &&
                    rows[j].value <= 5 && !strcmp(rows[j].question, q[k].key)) {
                    counts[rows[j].value]++;
                    total++;
                    sum += rows[j].value;
                }
            if (s) {
                report_cell(s, out, 0)->s = rows[i].survey_title;
                report_cell(s, out, 1)->s = q[k].key;
                report_cell(s, out, 2)->s = q[k].text_id;
                report_cell(s, out, 3)->i = total;
                if (total)
                    report_cell(s, out, 4)->d = (double)(sum * 100 / total) / 100.0;
                else
                    report_cell(s, out, 4)->null = true;
                for (int v = 1; v <= 5; v++)
                    report_cell(s, out, 4 + (size_t)v)->i = counts[v];
            }
            out++;
        }
    }
    return out;
}

/* The question's wording in its survey (the key when it is gone). */
static const char *question_text(struct arena *a, const struct survey_answer_row *r)
{
    struct survey_question *q;
    size_t nq;
    survey_questions_load(r->questions, a, &q, &nq);
    for (size_t k = 0; k < nq; k++)
        if (!strcmp(q[k].key, r->question))
            return q[k].text_id;
    return r->question;
}

int report_build_survey(struct db *db, struct arena *a, const struct report_args *args,
                        struct rdoc *doc, struct err *err)
{
    struct survey_answer_row *rows;
    struct survey_unit_row *units;
    size_t n, nu;
    if (db_survey_answer_rows(db, args->q.created_from, args->q.created_to, a, &rows, &n, err) != 0 ||
        db_survey_unit_rows(db, args->q.created_from, args->q.created_to, a, &units, &nu, err) != 0)
        return err->kind;
    size_t nrows = question_rows(a, rows, n, NULL);
    struct rsection *s = report_add_section(doc, "questions", "Hasil per pertanyaan (skala 1–5)",
                                            question_cols, 10, nrows, a);
    question_rows(a, rows, n, s);
    struct rsection *u = report_add_section(doc, "units", "Tingkat respons per unit pemohon",
                                            unit_cols, 5, nu, a);
    int64_t invited = 0, answered = 0;
    for (size_t i = 0; i < nu; i++) {
        report_cell(u, i, 0)->s = units[i].survey_title;
        report_cell(u, i, 1)->s = units[i].unit ? units[i].unit : "(tanpa unit)";
        report_cell(u, i, 2)->i = units[i].invited;
        report_cell(u, i, 3)->i = units[i].answered;
        report_cell(u, i, 4)->d = pct(units[i].answered, units[i].invited);
        invited += units[i].invited;
        answered += units[i].answered;
    }
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
        nc += rows[i].text != NULL;
    struct rsection *c = report_add_section(doc, "comments", "Jawaban teks bebas", comment_cols,
                                            5, nc, a);
    for (size_t i = 0, k = 0; i < n; i++) {
        if (!rows[i].text)
            continue;
        report_cell(c, k, 0)->s = rows[i].survey_title;
        report_cell(c, k, 1)->s = rows[i].period;
        report_cell(c, k, 2)->s = rows[i].unit ? rows[i].unit : "(tanpa unit)";
        report_cell(c, k, 3)->s = question_text(a, &rows[i]);
        report_cell(c, k, 4)->s = rows[i].text;
        k++;
    }
    report_fig(doc, "invited", (double)invited);
    report_fig(doc, "answered", (double)answered);
    report_fig(doc, "response_rate", pct(answered, invited));
    return 0;
}
