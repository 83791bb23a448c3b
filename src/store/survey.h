/* The periodic satisfaction survey (issue #22 item 6, migration 0030):
** questionnaires, the periods already sent, one invitation per requester
** per period with a hashed single-use token, and the answers. Functions
** return 0 or a negative enum err_kind and fill err, like store.h; a driver
** implements them through the table at the end (the SQLite one:
** store/sqlite/survey.c). Callers run writes inside a transaction. */
#ifndef LOKET_STORE_SURVEY_H
#define LOKET_STORE_SURVEY_H

#include "store/store.h"

struct survey_row {
    int64_t id;
    const char *title, *period, *questions, *status, *seed; /* questions: JSON text */
    int64_t sample_size, sample_percent;
    int64_t activated_at, closed_at, created_at, updated_at, created_by; /* 0 = none */
    int64_t invited, answered; /* filled by get and list: every period together */
};

/* A requester of the period's tickets, as the sample is drawn from. */
struct survey_person {
    int64_t id, unit_id;
    const char *email, *name, *locale;
};

struct survey_invite {
    int64_t id, survey_id, requester_id, unit_id, sent_at, answered_at;
    const char *period;
};

/* One answer of an invitation (value 1..5 for a scale, else text). */
struct survey_answer {
    const char *question;
    int value; /* 0 = none */
    const char *text;
};

/* One stored answer with what the report groups it by. */
struct survey_answer_row {
    int64_t survey_id;
    const char *survey_title, *questions, *period, *question, *text, *unit;
    int value; /* 0 = free text */
};

/* Invitations and answers of one survey per requesting unit. */
struct survey_unit_row {
    int64_t survey_id;
    const char *survey_title, *unit; /* unit NULL: none */
    int64_t invited, answered;
};

struct survey_send_row {
    const char *period;
    int64_t sent_at, candidates, invited, answered;
};

struct store_survey_ops {
    /* Inserts (id 0: fills id) or updates every field but seed, created_*. */
    int (*survey_save)(struct db *db, struct survey_row *s, struct err *err);
    /* ERR_NOT_FOUND survey.not_found when there is no such survey. */
    int (*survey_get)(struct db *db, int64_t id, struct arena *a, struct survey_row *out,
                      struct err *err);
    /* Every survey, newest first. */
    int (*survey_list)(struct db *db, struct arena *a, struct survey_row **items, size_t *n,
                       struct err *err);
    /* ERR_CONFLICT survey.not_draft unless the survey is a draft (its
    ** invitations would go with it). */
    int (*survey_delete)(struct db *db, int64_t id, struct err *err);
    /* Active requesters with an address who filed a ticket created in
    ** [from, to), by id. */
    int (*survey_candidates)(struct db *db, int64_t from, int64_t to, struct arena *a,
                             struct survey_person **items, size_t *n, struct err *err);
    /* Marks (survey, period) sent; *fresh false when it was already. */
    int (*survey_send_mark)(struct db *db, int64_t survey_id, const char *period, int64_t now,
                            int64_t candidates, int64_t invited, bool *fresh, struct err *err);
    /* The periods a survey went out for, newest first. */
    int (*survey_send_list)(struct db *db, int64_t survey_id, struct arena *a,
                            struct survey_send_row **items, size_t *n, struct err *err);
    /* One invitation; ERR_CONFLICT survey.invited when the requester has one
    ** for this survey and period already. */
    int (*survey_invite_add)(struct db *db, const struct survey_invite *inv,
                             const unsigned char *token_hash, size_t hash_len, int64_t *id,
                             struct err *err);
    /* ERR_NOT_FOUND survey.invalid_token for an unknown token hash. */
    int (*survey_invite_by_token)(struct db *db, const unsigned char *token_hash,
                                  size_t hash_len, struct arena *a, struct survey_invite *out,
                                  struct err *err);
    /* Marks the invitation answered at now and stores its answers;
    ** ERR_CONFLICT survey.answered when it was answered already. */
    int (*survey_answer_save)(struct db *db, int64_t invitation_id, const struct survey_answer *ans,
                              size_t n, int64_t now, struct err *err);
    /* Answers of invitations sent in [from, to) (0 = open ends), by survey. */
    int (*survey_answer_rows)(struct db *db, int64_t from, int64_t to, struct arena *a,
                              struct survey_answer_row **items, size_t *n, struct err *err);
    /* Invitations sent in [from, to) per survey and requesting unit. */
    int (*survey_unit_rows)(struct db *db, int64_t from, int64_t to, struct arena *a,
                            struct survey_unit_row **items, size_t *n, struct err *err);
};

static inline int db_survey_save(struct db *db, struct survey_row *s, struct err *err)
{
    return db->ops->survey->survey_save(db, s, err);
}

static inline int db_survey_get(struct db *db, int64_t id, struct arena *a,
                                struct survey_row *out, struct err *err)
{
    return db->ops->survey->survey_get(db, id, a, out, err);
}

static inline int db_survey_list(struct db *db, struct arena *a, struct survey_row **items,
                                 size_t *n, struct err *err)
{
    return db->ops->survey->survey_list(db, a, items, n, err);
}

static inline int db_survey_delete(struct db *db, int64_t id, struct err *err)
{
    return db->ops->survey->survey_delete(db, id, err);
}

static inline int db_survey_candidates(struct db *db, int64_t from, int64_t to, struct arena *a,
                                       struct survey_person **items, size_t *n, struct err *err)
{
    return db->ops->survey->survey_candidates(db, from, to, a, items, n, err);
}

static inline int db_survey_send_mark(struct db *db, int64_t survey_id, const char *period,
                                      int64_t now, int64_t candidates, int64_t invited,
                                      bool *fresh, struct err *err)
{
    return db->ops->survey->survey_send_mark(db, survey_id, period, now, candidates, invited,
                                             fresh, err);
}

static inline int db_survey_send_list(struct db *db, int64_t survey_id, struct arena *a,
                                      struct survey_send_row **items, size_t *n, struct err *err)
{
    return db->ops->survey->survey_send_list(db, survey_id, a, items, n, err);
}

static inline int db_survey_invite_add(struct db *db, const struct survey_invite *inv,
                                       const unsigned char *token_hash, size_t hash_len,
                                       int64_t *id, struct err *err)
{
    return db->ops->survey->survey_invite_add(db, inv, token_hash, hash_len, id, err);
}

static inline int db_survey_invite_by_token(struct db *db, const unsigned char *token_hash,
                                            size_t hash_len, struct arena *a,
                                            struct survey_invite *out, struct err *err)
{
    return db->ops->survey->survey_invite_by_token(db, token_hash, hash_len, a, out, err);
}

static inline int db_survey_answer_save(struct db *db, int64_t invitation_id,
                                        const struct survey_answer *ans, size_t n, int64_t now,
                                        struct err *err)
{
    return db->ops->survey->survey_answer_save(db, invitation_id, ans, n, now, err);
}

static inline int db_survey_answer_rows(struct db *db, int64_t from, int64_t to, struct arena *a,
                                        struct survey_answer_row **items, size_t *n,
                                        struct err *err)
{
    return db->ops->survey->survey_answer_rows(db, from, to, a, items, n, err);
}

static inline int db_survey_unit_rows(struct db *db, int64_t from, int64_t to, struct arena *a,
                                      struct survey_unit_row **items, size_t *n, struct err *err)
{
    return db->ops->survey->survey_unit_rows(db, from, to, a, items, n, err);
}

#endif
