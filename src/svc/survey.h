/* The periodic satisfaction survey (issue #22 item 6, seed 002 "Survey
** Kepuasan Pengguna"): the definition and answer parsers (pure, fuzzed by
** tests/fuzz/fuzz_survey.c), the periods (WIB months or quarters), the
** deterministic sample, sending the invitations through the mail outbox,
** and answering by the mailed single-use token. See docs/survey.md. */
#ifndef LOKET_SVC_SURVEY_H
#define LOKET_SVC_SURVEY_H

#include "store/survey.h"

#include <jansson.h>

struct config;

enum { SURVEY_MAX_QUESTIONS = 20, SURVEY_TEXT_MAX = 2000 };

struct survey_question {
    const char *key, *kind, *text_id, *text_en; /* kind "scale" (1..5) or "text" */
    bool required;
};

/* A survey's editable fields as given (NULL / -1 = not given). */
struct survey_def {
    const char *title, *period, *questions; /* questions: canonical JSON text */
    int64_t sample_size, sample_percent;
};

/* Checks a create (partial false: title, period, questions required) or
** edit body into out; field errors (ERR_INVALID "validation") name the
** member ("title", "questions[2].text_id", ...). */
int survey_def_parse(json_t *body, bool partial, struct arena *a, struct survey_def *out,
                     struct err *err);
/* The stored questions (JSON text made by survey_def_parse); -1 when they
** are not valid (never for rows this code wrote). */
int survey_questions_load(const char *json, struct arena *a, struct survey_question **q,
                          size_t *n);
/* Checks {"q1": 4, "q2": "..."} against the questions: every required
** scale answered with an integer 1..5, texts at most SURVEY_TEXT_MAX bytes
** of UTF-8, no unknown key. Field errors are "answers.<key>". */
int survey_answers_parse(const struct survey_question *q, size_t nq, json_t *answers,
                         struct arena *a, struct survey_answer **out, size_t *n,
                         struct err *err);

/* The period holding t (WIB) of kind "monthly" ("2026-12") or "quarterly"
** ("2026-Q4"): key (16 bytes) and [from, to) in unix seconds. */
void survey_period(const char *kind, int64_t t, char key[16], int64_t *from, int64_t *to);

/* Samples the requesters of [from, to) and queues an invitation mail to
** each with a fresh token, in the caller's transaction; *invited counts
** them. ERR_CONFLICT survey.period_sent when the period went out already,
** survey.not_active unless the survey is active. */
int svc_survey_send(struct db *db, struct arena *a, const struct config *cfg,
                    const struct survey_row *s, const char *period, int64_t from, int64_t to,
                    int64_t now, int64_t *invited, struct err *err);
/* The sweep's step: each active survey goes out once for the period that
** just ended (if it was active then). Runs its own transactions. */
int svc_survey_sweep(struct db *db, const struct config *cfg, int64_t now, struct err *err);
/* The invitation and survey of a token (ERR_NOT_FOUND survey.invalid_token). */
int svc_survey_by_token(struct db *db, struct arena *a, const char *token,
                        struct survey_invite *inv, struct survey_row *s, struct err *err);
/* Stores the answers of a token, in the caller's transaction: 409
** survey.answered the second time, survey.closed after the survey closed. */
int svc_survey_answer(struct db *db, struct arena *a, const char *token, json_t *answers,
                      int64_t now, struct err *err);

#endif
