/* SQL of the satisfaction survey (see store/survey.h, migration 0030). */
#include "store/survey.h"
#include "core/arena.h"
#include "store/sqlite/sqlite.h"

#include <string.h>

#define SURVEY_COLS                                                                          \
    "s.id, s.title, s.period, s.questions, s.status, s.seed, s.sample_size,"                 \
    " s.sample_percent, s.activated_at, s.closed_at, s.created_at, s.updated_at,"           \
    " s.created_by, (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id),"   \
    " (SELECT count(answered_at) FROM survey_invitations i WHERE i.survey_id = s.id)"

static void read_survey(sqlite3_stmt *st, struct arena *a, struct survey_row *s)
{
    s->id = sqlite3_column_int64(st, 0);
    s->title = sq_text(a, st, 1);
    s->period = sq_text(a, st, 2);
    s->questions = sq_text(a, st, 3);
    s->status = sq_text(a, st, 4);
    s->seed = sq_text(a, st, 5);
    s->sample_size = sqlite3_column_int64(st, 6);
    s->sample_percent = sqlite3_column_int64(st, 7);
    s->activated_at = sqlite3_column_int64(st, 8);
    s->closed_at = sqlite3_column_int64(st, 9);
    s->created_at = sqlite3_column_int64(st, 10);
    s->updated_at = sqlite3_column_int64(st, 11);
    s->created_by = sqlite3_column_int64(st, 12);
    s->invited = sqlite3_column_int64(st, 13);
    s->answered = sqlite3_column_int64(st, 14);
}

static int sq_survey_save(struct db *db, struct survey_row *s, struct err *err)
{
    static const char ins[] =
        "INSERT INTO surveys (title, period, questions, sample_size, sample_percent, status,"
        " activated_at, closed_at, updated_at, seed, created_at, created_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    static const char upd[] =
        "UPDATE surveys SET title = ?1, period = ?2, questions = ?3, sample_size = ?4,"
        " sample_percent = ?5, status = ?6, activated_at = ?7, closed_at = ?8, updated_at = ?9"
        " WHERE id = ?10";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, s->id ? upd : ins, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, s->title);
    sq_bind_text(st, 2, s->period);
    sq_bind_text(st, 3, s->questions);
    sqlite3_bind_int64(st, 4, s->sample_size);
    sqlite3_bind_int64(st, 5, s->sample_percent);
    sq_bind_text(st, 6, s->status);
    sq_bind_id(st, 7, s->activated_at);
    sq_bind_id(st, 8, s->closed_at);
    sqlite3_bind_int64(st, 9, s->updated_at);
    if (s->id) {
        sqlite3_bind_int64(st, 10, s->id);
    } else {
        sq_bind_text(st, 10, s->seed);
        sqlite3_bind_int64(st, 11, s->created_at);
        sq_bind_id(st, 12, s->created_by);
    }
    int rc = sq_exec_stmt(d, st, err);
    if (rc != 0)
        return rc;
    if (!s->id)
        s->id = sqlite3_last_insert_rowid(d->h);
    else if (sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_NOT_FOUND, "survey.not_found", "survei tidak ditemukan",
                       "survey not found");
    return 0;
}

static int sq_survey_get(struct db *db, int64_t id, struct arena *a, struct survey_row *out,
                         struct err *err)
{
    static const char sql[] = "SELECT " SURVEY_COLS " FROM surveys s WHERE s.id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_survey(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "survey.not_found", "survei tidak ditemukan",
                       "survey not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

/* Steps st, growing *items (of size sz) by one per row through read. */
static int collect(struct sq_db *d, sqlite3_stmt *st, struct arena *a, size_t sz, void **items,
                   size_t *n, void (*read)(sqlite3_stmt *, struct arena *, void *),
                   struct err *err)
{
    size_t cap = 16;
    char *v = arena_alloc(a, cap * sz);
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            char *w = arena_alloc(a, 2 * cap * sz);
            memcpy(w, v, cap * sz);
            v = w;
            cap *= 2;
        }
        memset(v + *n * sz, 0, sz);
        read(st, a, v + (*n)++ * sz);
    }
    sqlite3_reset(st);
    *items = v;
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static void read_survey_v(sqlite3_stmt *st, struct arena *a, void *out)
{
    read_survey(st, a, out);
}

static int sq_survey_list(struct db *db, struct arena *a, struct survey_row **items, size_t *n,
                          struct err *err)
{
    static const char sql[] = "SELECT " SURVEY_COLS " FROM surveys s ORDER BY s.id DESC";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    return collect(d, st, a, sizeof **items, (void **)items, n, read_survey_v, err);
}

static int sq_survey_delete(struct db *db, int64_t id, struct err *err)
{
    static const char sql[] = "DELETE FROM surveys WHERE id = ? AND status = 'draft'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sq_exec_stmt(d, st, err);
    if (rc == 0 && sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_CONFLICT, "survey.not_draft",
                       "hanya survei berstatus draf yang dapat dihapus",
                       "only a draft survey can be deleted");
    return rc;
}

static void read_person(sqlite3_stmt *st, struct arena *a, void *out)
{
    struct survey_person *p = out;
    p->id = sqlite3_column_int64(st, 0);
    p->unit_id = sqlite3_column_int64(st, 1);
    p->email = sq_text(a, st, 2);
    p->name = sq_text(a, st, 3);
    p->locale = sq_text(a, st, 4);
}

static int sq_survey_candidates(struct db *db, int64_t from, int64_t to, struct arena *a,
                                struct survey_person **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT u.id, u.unit_id, u.email, u.name, u.locale FROM users u"
        " WHERE u.role = 'requester' AND u.active = 1 AND u.email <> ''"
        " AND EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = u.id"
        " AND t.created_at >= ?1 AND t.created_at < ?2) ORDER BY u.id";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    return collect(d, st, a, sizeof **items, (void **)items, n, read_person, err);
}

static int sq_survey_send_mark(struct db *db, int64_t survey_id, const char *period, int64_t now,
                               int64_t candidates, int64_t invited, bool *fresh, struct err *err)
{
    static const char sql[] =
        "INSERT INTO survey_sends (survey_id, period, sent_at, candidates, invited)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, survey_id);
    sq_bind_text(st, 2, period);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, candidates);
    sqlite3_bind_int64(st, 5, invited);
    int rc = sq_exec_stmt(d, st, err);
    *fresh = rc == 0 && sqlite3_changes(d->h) == 1;
    return rc;
}

static void read_send(sqlite3_stmt *st, struct arena *a, void *out)
{
    struct survey_send_row *r = out;
    r->period = sq_text(a, st, 0);
    r->sent_at = sqlite3_column_int64(st, 1);
    r->candidates = sqlite3_column_int64(st, 2);
    r->invited = sqlite3_column_int64(st, 3);
    r->answered = sqlite3_column_int64(st, 4);
}

static int sq_survey_send_list(struct db *db, int64_t survey_id, struct arena *a,
                               struct survey_send_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT s.period, s.sent_at, s.candidates, s.invited,"
        " (SELECT count(answered_at) FROM survey_invitations i"
        " WHERE i.survey_id = s.survey_id AND i.period = s.period)"
        " FROM survey_sends s WHERE s.survey_id = ? ORDER BY s.sent_at DESC, s.period DESC";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, survey_id);
    return collect(d, st, a, sizeof **items, (void **)items, n, read_send, err);
}

static int sq_survey_invite_add(struct db *db, const struct survey_invite *inv,
                                const unsigned char *token_hash, size_t hash_len, int64_t *id,
                                struct err *err)
{
    static const char sql[] =
        "INSERT INTO survey_invitations (survey_id, period, requester_id, unit_id, token_hash,"
        " sent_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (survey_id, period, requester_id)"
        " DO NOTHING";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, inv->survey_id);
    sq_bind_text(st, 2, inv->period);
    sqlite3_bind_int64(st, 3, inv->requester_id);
    sq_bind_id(st, 4, inv->unit_id);
    sqlite3_bind_blob(st, 5, token_hash, (int)hash_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, inv->sent_at);
    int rc = sq_exec_stmt(d, st, err);
    if (rc != 0)
        return rc;
    if (sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_CONFLICT, "survey.invited",
                       "pemohon sudah diundang untuk periode ini",
                       "the requester was invited for this period already");
    *id = sqlite3_last_insert_rowid(d->h);
    return 0;
}

static int sq_survey_invite_by_token(struct db *db, const unsigned char *token_hash,
                                     size_t hash_len, struct arena *a, struct survey_invite *out,
                                     struct err *err)
{
    static const char sql[] =
        "SELECT id, survey_id, requester_id, unit_id, sent_at, answered_at, period"
        " FROM survey_invitations WHERE token_hash = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_blob(st, 1, token_hash, (int)hash_len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->survey_id = sqlite3_column_int64(st, 1);
        out->requester_id = sqlite3_column_int64(st, 2);
        out->unit_id = sqlite3_column_int64(st, 3);
        out->sent_at = sqlite3_column_int64(st, 4);
        out->answered_at = sqlite3_column_int64(st, 5);
        out->period = sq_text(a, st, 6);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "survey.invalid_token",
                       "tautan survei tidak berlaku", "the survey link is not valid");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_survey_answer_save(struct db *db, int64_t invitation_id,
                                 const struct survey_answer *ans, size_t n, int64_t now,
                                 struct err *err)
{
    static const char mark[] =
        "UPDATE survey_invitations SET answered_at = ? WHERE id = ? AND answered_at IS NULL";
    static const char add[] =
        "INSERT INTO survey_answers (invitation_id, question, value, text) VALUES (?, ?, ?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, mark, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, invitation_id);
    int rc = sq_exec_stmt(d, st, err);
    if (rc != 0)
        return rc;
    if (sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_CONFLICT, "survey.answered", "survei ini sudah diisi",
                       "this survey has been answered already");
    for (size_t i = 0; i < n; i++) {
        if (!(st = sq_prepare(d, add, err)))
            return err->kind;
        sqlite3_bind_int64(st, 1, invitation_id);
        sq_bind_text(st, 2, ans[i].question);
        sq_bind_id(st, 3, ans[i].value);
        sq_bind_text(st, 4, ans[i].text);
        if ((rc = sq_exec_stmt(d, st, err)) != 0)
            return rc;
    }
    return 0;
}

static void read_answer(sqlite3_stmt *st, struct arena *a, void *out)
{
    struct survey_answer_row *r = out;
    r->survey_id = sqlite3_column_int64(st, 0);
    r->survey_title = sq_text(a, st, 1);
    r->questions = sq_text(a, st, 2);
    r->period = sq_text(a, st, 3);
    r->question = sq_text(a, st, 4);
    r->value = sqlite3_column_int(st, 5);
    r->text = sq_text(a, st, 6);
    r->unit = sq_text(a, st, 7);
}

/* Binds [from, to) with 0 as an open end. */
static void bind_span(sqlite3_stmt *st, int64_t from, int64_t to)
{
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to ? to : INT64_MAX);
}

static int sq_survey_answer_rows(struct db *db, int64_t from, int64_t to, struct arena *a,
                                 struct survey_answer_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT s.id, s.title, s.questions, i.period, x.question, x.value, x.text, un.name"
        " FROM survey_answers x JOIN survey_invitations i ON i.id = x.invitation_id"
        " JOIN surveys s ON s.id = i.survey_id LEFT JOIN units un ON un.id = i.unit_id"
        " WHERE i.sent_at >= ?1 AND i.sent_at < ?2 ORDER BY s.id DESC, i.period, i.id";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    bind_span(st, from, to);
    return collect(d, st, a, sizeof **items, (void **)items, n, read_answer, err);
}

static void read_unit(sqlite3_stmt *st, struct arena *a, void *out)
{
    struct survey_unit_row *r = out;
    r->survey_id = sqlite3_column_int64(st, 0);
    r->survey_title = sq_text(a, st, 1);
    r->unit = sq_text(a, st, 2);
    r->invited = sqlite3_column_int64(st, 3);
    r->answered = sqlite3_column_int64(st, 4);
}

static int sq_survey_unit_rows(struct db *db, int64_t from, int64_t to, struct arena *a,
                               struct survey_unit_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT s.id, s.title, un.name, count(*), count(i.answered_at)"
        " FROM survey_invitations i JOIN surveys s ON s.id = i.survey_id"
        " LEFT JOIN units un ON un.id = i.unit_id"
        " WHERE i.sent_at >= ?1 AND i.sent_at < ?2"
        " GROUP BY s.id, i.unit_id ORDER BY s.id DESC, un.name";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    bind_span(st, from, to);
    return collect(d, st, a, sizeof **items, (void **)items, n, read_unit, err);
}

/* ---- the driver's table ---- */

const struct store_survey_ops sq_survey_ops = {
    .survey_save = sq_survey_save,
    .survey_get = sq_survey_get,
    .survey_list = sq_survey_list,
    .survey_delete = sq_survey_delete,
    .survey_candidates = sq_survey_candidates,
    .survey_send_mark = sq_survey_send_mark,
    .survey_send_list = sq_survey_send_list,
    .survey_invite_add = sq_survey_invite_add,
    .survey_invite_by_token = sq_survey_invite_by_token,
    .survey_answer_save = sq_survey_answer_save,
    .survey_answer_rows = sq_survey_answer_rows,
    .survey_unit_rows = sq_survey_unit_rows,
};
