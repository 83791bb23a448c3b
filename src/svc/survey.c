/* Sending and answering the satisfaction survey (see svc/survey.h). */
#include "svc/survey.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/jw.h"
#include "core/log.h"

#include <stdlib.h>
#include <string.h>

/* Tokens are 256 random bits: an unkeyed BLAKE2b is enough to keep a copy
** of the database from answering for anyone. */
static const unsigned char no_key[TOKEN_KEY_BYTES];

struct ranked {
    uint64_t rank;
    const struct survey_person *p;
};

static int by_rank(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return a->p->id < b->p->id ? -1 : a->p->id > b->p->id;
}

/* How many of n the survey samples: sample_size and sample_percent (of n,
** rounded up), the smaller where both are set; 0 for both = everyone. */
static size_t sample_count(const struct survey_row *s, size_t n)
{
    size_t k = n;
    if (s->sample_size > 0 && (size_t)s->sample_size < k)
        k = (size_t)s->sample_size;
    if (s->sample_percent > 0) {
        size_t p = (n * (size_t)s->sample_percent + 99) / 100;
        if (p < k)
            k = p;
    }
    return k;
}

static int queue_invite(struct db *db, struct arena *a, const struct config *cfg,
                        const struct survey_row *s, const struct survey_person *p,
                        const char *period, const char *token, int64_t now, struct err *err)
{
    struct jw w;
    jw_init(&w, a);
    jw_obj(&w, NULL);
    jw_str(&w, "app_name", cfg->org_name);
    jw_str(&w, "survey_title", s->title);
    jw_str(&w, "period", period);
    jw_str(&w, "link", arena_printf(a, "%s/#/survey?token=%s", cfg->base_url, token));
    jw_str(&w, "name", p->name);
    jw_str(&w, "recipient_name", p->name);
    jw_end(&w, '}');
    struct outbox_row o = {.recipient_id = p->id, .recipient = p->email, .channel = "email",
                           .template_key = "survey_invite",
                           .locale = p->locale && !strcmp(p->locale, "en") ? "en" : "id",
                           .vars = jw_text(&w, NULL), .created_at = now};
    return db_outbox_add(db, &o, err);
}

int svc_survey_send(struct db *db, struct arena *a, const struct config *cfg,
                    const struct survey_row *s, const char *period, int64_t from, int64_t to,
                    int64_t now, int64_t *invited, struct err *err)
{
    *invited = 0;
    if (strcmp(s->status, "active") != 0)
        return err_set(err, ERR_CONFLICT, "survey.not_active", "survei belum atau tidak aktif",
                       "the survey is not active");
    struct survey_person *people;
    size_t n;
    if (db_survey_candidates(db, from, to, a, &people, &n, err) != 0)
        return err->kind;
    /* the order is a hash of the survey's seed, the period and the person:
    ** random-looking, and the same however often it is drawn */
    struct ranked *r = arena_alloc(a, (n ? n : 1) * sizeof *r);
    for (size_t i = 0; i < n; i++) {
        unsigned char h[TOKEN_HASH_BYTES];
        token_hash(no_key, arena_printf(a, "%s:%s:%lld", s->seed, period, (long long)people[i].id),
                   h);
        uint64_t v = 0;
        for (int b = 0; b < 8; b++)
            v = v << 8 | h[b];
        r[i] = (struct ranked){v, &people[i]};
    }
    qsort(r, n, sizeof *r, by_rank);
    size_t k = sample_count(s, n);
    bool fresh = false;
    if (db_survey_send_mark(db, s->id, period, now, (int64_t)n, (int64_t)k, &fresh, err) != 0)
        return err->kind;
    if (!fresh)
        return err_set(err, ERR_CONFLICT, "survey.period_sent",
                       "survei periode ini sudah dikirim", "this period was sent already");
    for (size_t i = 0; i < k; i++) {
        char token[TOKEN_HEX];
        unsigned char h[TOKEN_HASH_BYTES];
        token_random_hex(token);
        token_hash(no_key, token, h);
        struct survey_invite inv = {.survey_id = s->id, .period = period,
                                    .requester_id = r[i].p->id, .unit_id = r[i].p->unit_id,
                                    .sent_at = now};
        int64_t id;
        if (db_survey_invite_add(db, &inv, h, sizeof h, &id, err) != 0 ||
            queue_invite(db, a, cfg, s, r[i].p, period, token, now, err) != 0)
            return err->kind;
    }
    *invited = (int64_t)k;
    return 0;
}

int svc_survey_sweep(struct db *db, const struct config *cfg, int64_t now, struct err *err)
{
    struct arena *a = arena_new();
    struct survey_row *items;
    size_t n;
    int rc = db_survey_list(db, a, &items, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct survey_row *s = &items[i];
        if (strcmp(s->status, "active") != 0)
            continue;
        char key[16];
        int64_t from, to, invited;
        survey_period(s->period, now, key, &from, &to);
        survey_period(s->period, from - 1, key, &from, &to); /* the period that ended */
        if (!s->activated_at || s->activated_at >= to)
            continue; /* not active while it ran */
        if ((rc = db_begin(db, err)) != 0)
            break;
        if ((rc = svc_survey_send(db, a, cfg, s, key, from, to, now, &invited, err)) != 0 ||
            (rc = db_commit(db, err)) != 0) {
            db_rollback(db);
            if (rc == ERR_CONFLICT) { /* sent before (or by another node) */
                err_clear(err);
                rc = 0;
            }
        } else {
            log_msg(LOG_INFO, "survey %lld: %lld invitations for %s", (long long)s->id,
                     (long long)invited, key);
        }
    }
    arena_free(a);
    return rc;
}

int svc_survey_by_token(struct db *db, struct arena *a, const char *token,
                        struct survey_invite *inv, struct survey_row *s, struct err *err)
{
    if (!token || strlen(token) != TOKEN_HEX - 1)
        return err_set(err, ERR_NOT_FOUND, "survey.invalid_token", "tautan survei tidak berlaku",
                       "the survey link is not valid");
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash(no_key, token, h);
    if (db_survey_invite_by_token(db, h, sizeof h, a, inv, err) != 0)
        return err->kind;
    return db_survey_get(db, inv->survey_id, a, s, err);
}

int svc_survey_answer(struct db *db, struct arena *a, const char *token, json_t *answers,
                      int64_t now, struct err *err)
{
    struct survey_invite inv;
    struct survey_row s;
    if (svc_survey_by_token(db, a, token, &inv, &s, err) != 0)
        return err->kind;
    if (inv.answered_at)
        return err_set(err, ERR_CONFLICT, "survey.answered", "survei ini sudah diisi",
                       "this survey has been answered already");
    if (!strcmp(s.status, "closed"))
        return err_set(err, ERR_CONFLICT, "survey.closed", "survei ini sudah ditutup",
                       "this survey is closed");
    struct survey_question *q;
    struct survey_answer *ans;
    size_t nq, n;
    if (survey_questions_load(s.questions, a, &q, &nq) != 0)
        return err_set(err, ERR_INTERNAL, "internal", "pertanyaan survei rusak",
                       "the survey's questions are damaged");
    if (survey_answers_parse(q, nq, answers, a, &ans, &n, err) != 0)
        return err->kind;
    return db_survey_answer_save(db, inv.id, ans, n, now, err);
}
