/* The satisfaction survey over HTTP (issue #22 item 6; docs/survey.md):
** admins keep the questionnaires and send a period now, leaders read them
** and their results, and a requester answers with the mailed token alone.
** Roles that may not see surveys get 404, as for other hidden resources. */
#include "api/survey.h"
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/perm.h"
#include "http/reply.h"
#include "svc/survey.h"

#include <string.h>

static int not_found(struct req *rq)
{
    return reply_error(rq, ERR_NOT_FOUND, "not_found", "tidak ditemukan", "not found");
}

/* Admins (write) or admins and leaders (read); everyone else 404. */
static bool may(struct req *rq, bool write)
{
    enum role r = rq->user->p.role;
    return r == ROLE_ADMIN || (!write && r == ROLE_LEADER);
}

static json_t *survey_json(struct arena *a, const struct survey_row *s)
{
    json_t *q = json_loads(s->questions, 0, NULL);
    (void)a;
    return json_pack("{s:I, s:s, s:s, s:o, s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:I, s:I}", "id",
                     (json_int_t)s->id, "title", s->title, "period", s->period, "questions",
                     q ? q : json_array(), "sample_size", (json_int_t)s->sample_size,
                     "sample_percent", (json_int_t)s->sample_percent, "status", s->status,
                     "activated_at", json_time(s->activated_at), "closed_at",
                     json_time(s->closed_at), "created_at", json_time(s->created_at),
                     "updated_at", json_time(s->updated_at), "invited", (json_int_t)s->invited,
                     "answered", (json_int_t)s->answered);
}

/* A survey with the periods it went out for (sends), newest first. */
static json_t *survey_full_json(struct req *rq, struct db *db, const struct survey_row *s)
{
    struct survey_send_row *sends;
    size_t n;
    if (db_survey_send_list(db, s->id, rq->arena, &sends, &n, &rq->err) != 0)
        return NULL;
    json_t *o = survey_json(rq->arena, s), *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:s, s:o, s:I, s:I, s:I}", "period", sends[i].period, "sent_at",
                           json_time(sends[i].sent_at), "candidates",
                           (json_int_t)sends[i].candidates, "invited",
                           (json_int_t)sends[i].invited, "answered",
                           (json_int_t)sends[i].answered));
    json_object_set_new(o, "sends", arr);
    return o;
}

static int reply_survey(struct req *rq, struct db *db, int64_t id, unsigned status)
{
    struct survey_row s;
    json_t *o;
    if (db_survey_get(db, id, rq->arena, &s, &rq->err) != 0 || !(o = survey_full_json(rq, db, &s)))
        return reply_err(rq, &rq->err);
    return reply_json(rq, status, o);
}

int api_surveys_list(struct req *rq)
{
    struct db *db;
    if (!may(rq, false))
        return not_found(rq);
    if (!(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    struct survey_row *items;
    size_t n;
    if (db_survey_list(db, rq->arena, &items, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = survey_full_json(rq, db, &items[i]);
        if (!o) {
            json_decref(arr);
            return reply_err(rq, &rq->err);
        }
        json_array_append_new(arr, o);
    }
    return reply_json(rq, 200, json_pack("{s:o}", "items", arr));
}

int api_surveys_get(struct req *rq)
{
    struct db *db;
    if (!may(rq, false))
        return not_found(rq);
    if (!(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    return reply_survey(rq, db, req_param_id(rq, "id"), 200);
}

/* Writes s (a change or a new one) with its audit line, in one transaction. */
static int save(struct req *rq, struct db *db, struct survey_row *s, const char *action)
{
    if (db_begin(db, &rq->err) != 0)
        return -1;
    if (db_survey_save(db, s, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, action, "surveys", s->id, s->title, rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

int api_surveys_create(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (!may(rq, true))
        return not_found(rq);
    if (api_body(rq, &body) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    struct survey_def d;
    if (survey_def_parse(body, false, rq->arena, &d, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    unsigned char seed[16];
    char hex[33];
    random_bytes(seed, sizeof seed);
    hex_encode(seed, sizeof seed, hex);
    int64_t now = ticket_now();
    struct survey_row s = {.title = d.title, .period = d.period, .questions = d.questions,
                           .sample_size = d.sample_size > 0 ? d.sample_size : 0,
                           .sample_percent = d.sample_percent > 0 ? d.sample_percent : 0,
                           .status = "draft", .seed = hex, .created_at = now, .updated_at = now,
                           .created_by = rq->user->p.id};
    if (save(rq, db, &s, "create") != 0)
        return reply_err(rq, &rq->err);
    return reply_survey(rq, db, s.id, 201);
}

/* The survey of {id} for an admin's change (404 for others). */
static struct db *load(struct req *rq, struct survey_row *s)
{
    struct db *db;
    if (!may(rq, true)) {
        err_set(&rq->err, ERR_NOT_FOUND, "not_found", "tidak ditemukan", "not found");
        return NULL;
    }
    if (!(db = req_db(rq)) ||
        db_survey_get(db, req_param_id(rq, "id"), rq->arena, s, &rq->err) != 0)
        return NULL;
    return db;
}

int api_surveys_update(struct req *rq)
{
    json_t *body;
    struct survey_row s;
    struct db *db;
    if (!(db = load(rq, &s)) || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct survey_def d;
    if (survey_def_parse(body, true, rq->arena, &d, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    /* answers refer to the questions and the period: both fixed once sent */
    if ((d.questions || d.period) && strcmp(s.status, "draft") != 0)
        return reply_error(rq, ERR_CONFLICT, "survey.not_draft",
                           "pertanyaan dan periode hanya dapat diubah selama draf",
                           "questions and period can change only while a draft");
    if (!strcmp(s.status, "closed"))
        return reply_error(rq, ERR_CONFLICT, "survey.closed", "survei ini sudah ditutup",
                           "this survey is closed");
    if (d.title)
        s.title = d.title;
    if (d.period)
        s.period = d.period;
    if (d.questions)
        s.questions = d.questions;
    if (d.sample_size >= 0)
        s.sample_size = d.sample_size;
    if (d.sample_percent >= 0)
        s.sample_percent = d.sample_percent;
    s.updated_at = ticket_now();
    if (save(rq, db, &s, "update") != 0)
        return reply_err(rq, &rq->err);
    return reply_survey(rq, db, s.id, 200);
}

int api_surveys_delete(struct req *rq)
{
    struct survey_row s;
    struct db *db;
    if (!(db = load(rq, &s)) || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_survey_delete(db, s.id, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "delete", "surveys", s.id, s.title, rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_empty(rq);
}

/* draft → active, active → closed. */
static int move(struct req *rq, const char *from, const char *to, const char *action)
{
    struct survey_row s;
    struct db *db;
    if (!(db = load(rq, &s)))
        return reply_err(rq, &rq->err);
    if (strcmp(s.status, from) != 0)
        return reply_error(rq, ERR_CONFLICT, "survey.status",
                           "status survei tidak mengizinkan langkah ini",
                           "the survey's status does not allow this step");
    int64_t now = ticket_now();
    s.status = to;
    s.updated_at = now;
    *(strcmp(to, "active") ? &s.closed_at : &s.activated_at) = now;
    if (save(rq, db, &s, action) != 0)
        return reply_err(rq, &rq->err);
    return reply_survey(rq, db, s.id, 200);
}

int api_surveys_activate(struct req *rq)
{
    return move(rq, "draft", "active", "activate");
}

int api_surveys_close(struct req *rq)
{
    return move(rq, "active", "closed", "close");
}

/* POST /surveys/{id}/send: the current period now (sampled from its
** tickets so far); 409 survey.period_sent when it went out already. */
int api_surveys_send(struct req *rq)
{
    struct survey_row s;
    struct db *db;
    if (!(db = load(rq, &s)))
        return reply_err(rq, &rq->err);
    int64_t now = ticket_now(), from, to, invited = 0;
    char key[16];
    survey_period(s.period, now, key, &from, &to);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_survey_send(db, rq->arena, rq->app->cfg, &s, key, from, to, now, &invited,
                        &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "send", "surveys", s.id, key, rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:s, s:I}", "period", key, "invited",
                                         (json_int_t)invited));
}

int api_survey_form(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (api_body(rq, &body) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    struct survey_invite inv;
    struct survey_row s;
    if (svc_survey_by_token(db, rq->arena, json_str(body, "token"), &inv, &s, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *q = json_loads(s.questions, 0, NULL);
    return reply_json(rq, 200,
                      json_pack("{s:s, s:s, s:o, s:b, s:b}", "title", s.title, "period",
                                inv.period, "questions", q ? q : json_array(), "answered",
                                inv.answered_at != 0, "closed", !strcmp(s.status, "closed")));
}

int api_survey_answer(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (api_body(rq, &body) != 0 || !(db = req_db(rq)) || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_survey_answer(db, rq->arena, json_str(body, "token"),
                          json_object_get(body, "answers"), ticket_now(), &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:s}", "status", "answered"));
}
