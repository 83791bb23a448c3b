/* SQL of the satisfaction survey in PostgreSQL (the contract:
** store/survey.h; a port of store/sqlite/survey.c). */
#include "store/survey.h"
#include "core/arena.h"
#include "store/pg/pg.h"

#include <stdint.h>
#include <string.h>

#define SURVEY_COLS                                                                          \
    "s.id, s.title, s.period, s.questions, s.status, s.seed, s.sample_size,"                 \
    " s.sample_percent, s.activated_at, s.closed_at, s.created_at, s.updated_at,"           \
    " s.created_by, (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id),"   \
    " (SELECT count(answered_at) FROM survey_invitations i WHERE i.survey_id = s.id)"

static void read_survey(const PGresult *r, int row, struct arena *a, void *out)
{
    struct survey_row *s = out;
    s->id = pg_int(r, row, 0);
    s->title = pg_text(a, r, row, 1);
    s->period = pg_text(a, r, row, 2);
    s->questions = pg_text(a, r, row, 3);
    s->status = pg_text(a, r, row, 4);
    s->seed = pg_text(a, r, row, 5);
    s->sample_size = pg_int(r, row, 6);
    s->sample_percent = pg_int(r, row, 7);
    s->activated_at = pg_int(r, row, 8);
    s->closed_at = pg_int(r, row, 9);
    s->created_at = pg_int(r, row, 10);
    s->updated_at = pg_int(r, row, 11);
    s->created_by = pg_int(r, row, 12);
    s->invited = pg_int(r, row, 13);
    s->answered = pg_int(r, row, 14);
}

/* Runs a query and reads every row into a zeroed array of elements of size
** sz in the arena. */
static int collect(struct db *db, const char *sql, const struct pg_params *p, struct arena *a,
                   size_t sz, void **items, size_t *n,
                   void (*read)(const PGresult *, int, struct arena *, void *), struct err *err)
{
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p->n, p->v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    char *v = arena_alloc(a, (count ? count : 1) * sz);
    memset(v, 0, (count ? count : 1) * sz);
    for (size_t i = 0; i < count; i++)
        read(r, (int)i, a, v + i * sz);
    PQclear(r);
    *items = v;
    *n = count;
    return 0;
}

static int survey_not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "survey.not_found", "survei tidak ditemukan",
                   "survey not found");
}

static int pg_survey_save(struct db *db, struct survey_row *s, struct err *err)
{
    static const char ins[] =
        "INSERT INTO surveys (title, period, questions, sample_size, sample_percent, status,"
        " activated_at, closed_at, updated_at, seed, created_at, created_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
    static const char upd[] =
        "UPDATE surveys SET title = $1, period = $2, questions = $3, sample_size = $4,"
        " sample_percent = $5, status = $6, activated_at = $7, closed_at = $8, updated_at = $9"
        " WHERE id = $10 RETURNING id";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, s->title);
    pgp_text(&p, s->period);
    pgp_text(&p, s->questions);
    pgp_int(&p, s->sample_size);
    pgp_int(&p, s->sample_percent);
    pgp_text(&p, s->status);
    pgp_id(&p, s->activated_at);
    pgp_id(&p, s->closed_at);
    pgp_int(&p, s->updated_at);
    if (s->id) {
        pgp_int(&p, s->id);
    } else {
        pgp_text(&p, s->seed);
        pgp_int(&p, s->created_at);
        pgp_id(&p, s->created_by);
    }
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, s->id ? upd : ins, p.n, p.v, &r, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    bool found = PQntuples(r) > 0;
    if (!s->id)
        s->id = pg_first_int(r);
    PQclear(r);
    return found ? 0 : survey_not_found(err);
}

static int pg_survey_get(struct db *db, int64_t id, struct arena *a, struct survey_row *out,
                         struct err *err)
{
    static const char sql[] = "SELECT " SURVEY_COLS " FROM surveys s WHERE s.id = $1";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    bool found = PQntuples(r) > 0;
    if (found)
        read_survey(r, 0, a, out);
    PQclear(r);
    return found ? 0 : survey_not_found(err);
}

static int pg_survey_list(struct db *db, struct arena *a, struct survey_row **items, size_t *n,
                          struct err *err)
{
    static const char sql[] = "SELECT " SURVEY_COLS " FROM surveys s ORDER BY s.id DESC";
    struct pg_params p;
    pgp_init(&p, a);
    return collect(db, sql, &p, a, sizeof **items, (void **)items, n, read_survey, err);
}

static int pg_survey_delete(struct db *db, int64_t id, struct err *err)
{
    static const char sql[] = "DELETE FROM surveys WHERE id = $1 AND status = 'draft'";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    arena_free(a);
    if (rc == 0 && changed == 0)
        return err_set(err, ERR_CONFLICT, "survey.not_draft",
                       "hanya survei berstatus draf yang dapat dihapus",
                       "only a draft survey can be deleted");
    return rc;
}

static void read_person(const PGresult *r, int row, struct arena *a, void *out)
{
    struct survey_person *p = out;
    p->id = pg_int(r, row, 0);
    p->unit_id = pg_int(r, row, 1);
    p->email = pg_text(a, r, row, 2);
    p->name = pg_text(a, r, row, 3);
    p->locale = pg_text(a, r, row, 4);
}

static int pg_survey_candidates(struct db *db, int64_t from, int64_t to, struct arena *a,
                                struct survey_person **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT u.id, u.unit_id, u.email, u.name, u.locale FROM users u"
        " WHERE u.role = 'requester' AND u.active = 1 AND u.email <> ''"
        " AND EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = u.id"
        " AND t.created_at >= $1 AND t.created_at < $2) ORDER BY u.id";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, from);
    pgp_int(&p, to);
    return collect(db, sql, &p, a, sizeof **items, (void **)items, n, read_person, err);
}

static int pg_survey_send_mark(struct db *db, int64_t survey_id, const char *period, int64_t now,
                               int64_t candidates, int64_t invited, bool *fresh, struct err *err)
{
    static const char sql[] =
        "INSERT INTO survey_sends (survey_id, period, sent_at, candidates, invited)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, survey_id);
    pgp_text(&p, period);
    pgp_int(&p, now);
    pgp_int(&p, candidates);
    pgp_int(&p, invited);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    arena_free(a);
    *fresh = rc == 0 && changed == 1;
    return rc;
}

static void read_send(const PGresult *r, int row, struct arena *a, void *out)
{
    struct survey_send_row *s = out;
    s->period = pg_text(a, r, row, 0);
    s->sent_at = pg_int(r, row, 1);
    s->candidates = pg_int(r, row, 2);
    s->invited = pg_int(r, row, 3);
    s->answered = pg_int(r, row, 4);
}

static int pg_survey_send_list(struct db *db, int64_t survey_id, struct arena *a,
                               struct survey_send_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT s.period, s.sent_at, s.candidates, s.invited,"
        " (SELECT count(answered_at) FROM survey_invitations i"
        " WHERE i.survey_id = s.survey_id AND i.period = s.period)"
        " FROM survey_sends s WHERE s.survey_id = $1"
        " ORDER BY s.sent_at DESC, s.period COLLATE \"C\" DESC";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, survey_id);
    return collect(db, sql, &p, a, sizeof **items, (void **)items, n, read_send, err);
}

static int pg_survey_invite_add(struct db *db, const struct survey_invite *inv,
                                const unsigned char *token_hash, size_t hash_len, int64_t *id,
                                struct err *err)
{
    static const char sql[] =
        "INSERT INTO survey_invitations (survey_id, period, requester_id, unit_id, token_hash,"
        " sent_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (survey_id, period, requester_id)"
        " DO NOTHING RETURNING id";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, inv->survey_id);
    pgp_text(&p, inv->period);
    pgp_int(&p, inv->requester_id);
    pgp_id(&p, inv->unit_id);
    pgp_bytea(&p, token_hash, hash_len);
    pgp_int(&p, inv->sent_at);
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    bool added = PQntuples(r) > 0;
    if (added)
        *id = pg_first_int(r);
    PQclear(r);
    if (!added)
        return err_set(err, ERR_CONFLICT, "survey.invited",
                       "pemohon sudah diundang untuk periode ini",
                       "the requester was invited for this period already");
    return 0;
}

static int pg_survey_invite_by_token(struct db *db, const unsigned char *token_hash,
                                     size_t hash_len, struct arena *a, struct survey_invite *out,
                                     struct err *err)
{
    static const char sql[] =
        "SELECT id, survey_id, requester_id, unit_id, sent_at, answered_at, period"
        " FROM survey_invitations WHERE token_hash = $1";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_bytea(&p, token_hash, hash_len);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    bool found = PQntuples(r) > 0;
    if (found) {
        out->id = pg_int(r, 0, 0);
        out->survey_id = pg_int(r, 0, 1);
        out->requester_id = pg_int(r, 0, 2);
        out->unit_id = pg_int(r, 0, 3);
        out->sent_at = pg_int(r, 0, 4);
        out->answered_at = pg_int(r, 0, 5);
        out->period = pg_text(a, r, 0, 6);
    }
    PQclear(r);
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "survey.invalid_token",
                       "tautan survei tidak berlaku", "the survey link is not valid");
    return 0;
}

static int pg_survey_answer_save(struct db *db, int64_t invitation_id,
                                 const struct survey_answer *ans, size_t n, int64_t now,
                                 struct err *err)
{
    static const char mark[] =
        "UPDATE survey_invitations SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL";
    static const char add[] =
        "INSERT INTO survey_answers (invitation_id, question, value, text)"
        " VALUES ($1, $2, $3, $4)";
    struct pg_db *d = (struct pg_db *)db;
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, now);
    pgp_int(&p, invitation_id);
    int64_t changed = 0;
    int rc = pg_exec(d, mark, p.n, p.v, &changed, err);
    if (rc == 0 && changed == 0)
        rc = err_set(err, ERR_CONFLICT, "survey.answered", "survei ini sudah diisi",
                     "this survey has been answered already");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        pgp_init(&p, a);
        pgp_int(&p, invitation_id);
        pgp_text(&p, ans[i].question);
        pgp_id(&p, ans[i].value);
        pgp_text(&p, ans[i].text);
        rc = pg_exec(d, add, p.n, p.v, NULL, err);
    }
    arena_free(a);
    return rc;
}

static void read_answer(const PGresult *r, int row, struct arena *a, void *out)
{
    struct survey_answer_row *s = out;
    s->survey_id = pg_int(r, row, 0);
    s->survey_title = pg_text(a, r, row, 1);
    s->questions = pg_text(a, r, row, 2);
    s->period = pg_text(a, r, row, 3);
    s->question = pg_text(a, r, row, 4);
    s->value = (int)pg_int(r, row, 5);
    s->text = pg_text(a, r, row, 6);
    s->unit = pg_text(a, r, row, 7);
}

/* [from, to) with 0 as an open end. */
static void span(struct pg_params *p, int64_t from, int64_t to)
{
    pgp_int(p, from);
    pgp_int(p, to ? to : INT64_MAX);
}

static int pg_survey_answer_rows(struct db *db, int64_t from, int64_t to, struct arena *a,
                                 struct survey_answer_row **items, size_t *n, struct err *err)
{
    /* survey_answers is keyed (invitation_id, question) WITHOUT ROWID in
    ** SQLite, so an invitation's answers come by question there */
    static const char sql[] =
        "SELECT s.id, s.title, s.questions, i.period, x.question, x.value, x.text, un.name"
        " FROM survey_answers x JOIN survey_invitations i ON i.id = x.invitation_id"
        " JOIN surveys s ON s.id = i.survey_id LEFT JOIN units un ON un.id = i.unit_id"
        " WHERE i.sent_at >= $1 AND i.sent_at < $2"
        " ORDER BY s.id DESC, i.period COLLATE \"C\", i.id, x.question COLLATE \"C\"";
    struct pg_params p;
    pgp_init(&p, a);
    span(&p, from, to);
    return collect(db, sql, &p, a, sizeof **items, (void **)items, n, read_answer, err);
}

static void read_unit(const PGresult *r, int row, struct arena *a, void *out)
{
    struct survey_unit_row *s = out;
    s->survey_id = pg_int(r, row, 0);
    s->survey_title = pg_text(a, r, row, 1);
    s->unit = pg_text(a, r, row, 2);
    s->invited = pg_int(r, row, 3);
    s->answered = pg_int(r, row, 4);
}

static int pg_survey_unit_rows(struct db *db, int64_t from, int64_t to, struct arena *a,
                               struct survey_unit_row **items, size_t *n, struct err *err)
{
    /* un.name joins the grouping (one name per unit id; PostgreSQL wants
    ** it named); units.name is COLLATE NOCASE in SQLite, and NULL (no
    ** unit) sorts first there */
    static const char sql[] =
        "SELECT s.id, s.title, un.name, count(*), count(i.answered_at)"
        " FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id"
        " LEFT JOIN units un ON un.id = i.unit_id"
        " WHERE i.sent_at >= $1 AND i.sent_at < $2"
        " GROUP BY s.id, i.unit_id, un.name"
        " ORDER BY s.id DESC, lower(un.name) COLLATE \"C\" NULLS FIRST";
    struct pg_params p;
    pgp_init(&p, a);
    span(&p, from, to);
    return collect(db, sql, &p, a, sizeof **items, (void **)items, n, read_unit, err);
}

/* ---- the driver's table ---- */

const struct store_survey_ops pg_survey_ops = {
    .survey_save = pg_survey_save,
    .survey_get = pg_survey_get,
    .survey_list = pg_survey_list,
    .survey_delete = pg_survey_delete,
    .survey_candidates = pg_survey_candidates,
    .survey_send_mark = pg_survey_send_mark,
    .survey_send_list = pg_survey_send_list,
    .survey_invite_add = pg_survey_invite_add,
    .survey_invite_by_token = pg_survey_invite_by_token,
    .survey_answer_save = pg_survey_answer_save,
    .survey_answer_rows = pg_survey_answer_rows,
    .survey_unit_rows = pg_survey_unit_rows,
};
