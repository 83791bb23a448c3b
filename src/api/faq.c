/* FAQ: articles in Markdown rendered to safe HTML, search, suggestions for
** the ticket form, "was this helpful" votes, and requesters' proposals that
** staff approve (publishing an article) or reject with a reason. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/markdown.h"
#include "http/reply.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static json_t *faq_json(const struct faq *f)
{
    return json_pack("{s:I, s:o, s:s, s:s, s:s, s:b, s:I, s:I, s:o, s:o}", "id",
                     (json_int_t)f->id, "category_id",
                     f->category_id ? json_integer(f->category_id) : json_null(), "question",
                     f->question, "answer", f->answer_md, "answer_html", f->answer_html,
                     "published", f->published, "helpful_yes", (json_int_t)f->helpful_yes,
                     "helpful_no", (json_int_t)f->helpful_no, "created_at",
                     json_time(f->created_at), "updated_at", json_time(f->updated_at));
}

static json_t *proposal_json(const struct faq_proposal *p)
{
    return json_pack("{s:I, s:I, s:s?, s:o, s:s, s:s?, s:s, s:s?, s:o, s:o, s:o}", "id",
                     (json_int_t)p->id, "proposer_id", (json_int_t)p->proposer_id,
                     "proposer_name", p->proposer_name, "category_id",
                     p->category_id ? json_integer(p->category_id) : json_null(), "question",
                     p->question, "answer", p->answer_md, "status", p->status, "reject_reason",
                     p->reject_reason, "article_id",
                     p->article_id ? json_integer(p->article_id) : json_null(), "created_at",
                     json_time(p->created_at), "reviewed_at", json_time(p->reviewed_at));
}

static bool staff(const struct req *rq)
{
    return perm_can(&rq->user->p, ACT_FAQ_WRITE, NULL);
}

/* Copies question/answer/category_id/published from body into f. */
static int faq_from_json(struct req *rq, struct db *db, json_t *body, struct faq *f, bool create)
{
    json_t *q = json_object_get(body, "question"), *a = json_object_get(body, "answer");
    json_t *c = json_object_get(body, "category_id"), *p = json_object_get(body, "published");
    if (q || create) {
        if (!json_is_string(q) || json_string_length(q) < 3 || json_string_length(q) > 300)
            err_field(&rq->err, "question", "pertanyaan 3–300 karakter", "question of 3–300 characters");
        else
            f->question = arena_strdup(rq->arena, json_string_value(q));
    }
    if (a || create) {
        if (!json_is_string(a) || json_string_length(a) < 1 || json_string_length(a) > 50000)
            err_field(&rq->err, "answer", "jawaban wajib diisi (maks. 50000 karakter)",
                      "answer is required (at most 50000 characters)");
        else
            f->answer_md = arena_strdup(rq->arena, json_string_value(a));
    }
    if (c && !json_is_null(c)) {
        struct record *r;
        if (!json_is_integer(c) ||
            db_rec_get(db, &res_categories, json_integer_value(c), rq->arena, &r, &rq->err) != 0) {
            err_clear(&rq->err);
            err_field(&rq->err, "category_id", "kategori tidak ditemukan", "no such category");
        } else {
            f->category_id = r->id;
        }
    } else if (c) {
        f->category_id = 0;
    }
    if (p && !json_is_boolean(p))
        err_field(&rq->err, "published", "harus true atau false", "must be true or false");
    else if (p)
        f->published = json_is_true(p);
    if (rq->err.n_fields)
        return err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    f->answer_html = markdown_to_html(rq->arena, f->answer_md);
    if (!f->answer_html)
        return err_invalid(&rq->err, "answer", "Markdown tidak dapat diolah",
                           "the Markdown could not be rendered");
    f->updated_at = ticket_now();
    return 0;
}

int api_faq_list(struct req *rq)
{
    struct faq_query q = {.q = req_query(rq, "q"), .published_only = !staff(rq)};
    struct db *db = req_db(rq);
    if (api_page(rq, &q.page, &q.per_page) != 0 || !db)
        return reply_err(rq, &rq->err);
    const char *cat = req_query(rq, "category_id");
    q.category_id = cat ? atoll(cat) : 0;
    const char *pub = req_query(rq, "published");
    if (pub && !strcmp(pub, "true"))
        q.published_only = true;
    struct faq *items;
    size_t n;
    int64_t total;
    if (db_faq_list(db, &q, rq->arena, &items, &n, &total, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, faq_json(&items[i]));
    return reply_json(rq, 200, api_list(arr, total, q.page, q.per_page));
}

/* Words of Indonesian ticket titles too common to tell articles apart
** ("tidak bisa", "di", "mohon"). The store ORs the words and matches them
** as prefixes, so "tidak" alone suggested every article that has it and
** "di" every "dinas" (issue #20 point 11); they are left out here. */
static const char *const filler[] = {
    "ada", "adalah", "akan", "apa", "atau", "bagaimana", "belum", "bisa", "cara", "dan",
    "dari", "dengan", "di", "ga", "gak", "harus", "ini", "itu", "juga", "kami", "ke",
    "kenapa", "kok", "lagi", "masih", "mau", "mohon", "nggak", "pada", "saya", "sudah",
    "tdk", "tidak", "tolong", "untuk", "yang",
};

/* q without filler words (and one-letter ones), lower case, space
** separated; NULL when nothing is left. In arena a. */
static const char *suggest_words(struct arena *a, const char *q)
{
    size_t n = strlen(q), o = 0;
    char *out = arena_alloc(a, n + 2);
    for (const char *p = q; *p;) {
        const char *w = p;
        while (*p && ((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p) || *p == '-'))
            p++;
        size_t len = (size_t)(p - w);
        bool keep = len > 1;
        for (size_t i = 0; keep && i < sizeof filler / sizeof *filler; i++)
            keep = !(strlen(filler[i]) == len && !strncasecmp(filler[i], w, len));
        if (keep) {
            for (size_t i = 0; i < len; i++)
                out[o++] = (char)tolower((unsigned char)w[i]);
            out[o++] = ' ';
        }
        if (*p && p == w)
            p++;
    }
    out[o ? o - 1 : 0] = 0;
    return o ? out : NULL;
}

int api_faq_suggest(struct req *rq)
{
    struct faq_query q = {.q = req_query(rq, "q"), .published_only = true, .page = 1,
                          .per_page = 5};
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    if (q.q && strlen(q.q) >= 3 && (q.q = suggest_words(rq->arena, q.q))) {
        struct faq *items;
        size_t n;
        int64_t total;
        if (db_faq_list(db, &q, rq->arena, &items, &n, &total, &rq->err) != 0) {
            json_decref(arr);
            return reply_err(rq, &rq->err);
        }
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)items[i].id,
                                                 "question", items[i].question, "answer_html",
                                                 items[i].answer_html));
    }
    return reply_json(rq, 200, json_pack("{s:o}", "items", arr));
}

static int load_faq(struct req *rq, struct db **db, struct faq *f)
{
    if (!(*db = req_db(rq)))
        return rq->err.kind;
    int rc = db_faq_get(*db, req_param_id(rq, "id"), rq->arena, f, &rq->err);
    if (rc == 0 && !f->published && !staff(rq)) {
        err_clear(&rq->err);
        return err_set(&rq->err, ERR_NOT_FOUND, "faq.not_found", "FAQ tidak ditemukan",
                       "FAQ not found");
    }
    return rc;
}

int api_faq_get(struct req *rq)
{
    struct db *db;
    struct faq f;
    if (load_faq(rq, &db, &f) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, faq_json(&f));
}

static int save_and_reply(struct req *rq, struct db *db, struct faq *f, const char *action,
                          unsigned status)
{
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_faq_save(db, f, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, action, "faq", f->id, NULL, rq->ip, &rq->err) != 0 ||
        db_faq_get(db, f->id, rq->arena, f, &rq->err) != 0 || db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, status, faq_json(f));
}

int api_faq_create(struct req *rq)
{
    json_t *body;
    struct db *db = req_db(rq);
    struct faq f = {.published = true, .created_by = rq->user->p.id};
    if (!db || api_body(rq, &body) != 0 || faq_from_json(rq, db, body, &f, true) != 0)
        return reply_err(rq, &rq->err);
    f.created_at = f.updated_at;
    return save_and_reply(rq, db, &f, "create", 201);
}

int api_faq_update(struct req *rq)
{
    json_t *body;
    struct db *db;
    struct faq f;
    if (api_body(rq, &body) != 0 || load_faq(rq, &db, &f) != 0 ||
        faq_from_json(rq, db, body, &f, false) != 0)
        return reply_err(rq, &rq->err);
    return save_and_reply(rq, db, &f, "update", 200);
}

int api_faq_delete(struct req *rq)
{
    struct db *db;
    struct faq f;
    if (load_faq(rq, &db, &f) != 0 || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_faq_delete(db, f.id, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "delete", "faq", f.id, NULL, rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_empty(rq);
}

int api_faq_helpful(struct req *rq)
{
    json_t *body;
    struct db *db;
    struct faq f;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *h = json_object_get(body, "helpful");
    if (!json_is_boolean(h)) {
        err_invalid(&rq->err, "helpful", "harus true atau false", "must be true or false");
        return reply_err(rq, &rq->err);
    }
    /* One vote per user. A second vote is not an error (a double click, a
    ** second tab): 200 with the counts unchanged and "counted": false. */
    bool counted = false;
    if (load_faq(rq, &db, &f) != 0 ||
        db_faq_vote(db, f.id, rq->user->p.id, json_is_true(h), &counted, &rq->err) != 0 ||
        db_faq_get(db, f.id, rq->arena, &f, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *out = faq_json(&f);
    json_object_set_new(out, "counted", json_boolean(counted));
    return reply_json(rq, 200, out);
}

/* ---- proposals -------------------------------------------------------- */

/* Outbox row without a ticket (FAQ mail). */
static int notify_user(struct req *rq, struct db *db, int64_t user_id, const char *tpl, json_t *vars)
{
    struct user_auth u;
    struct err ignore = {0};
    if (db_user_by_id(db, user_id, rq->arena, &u, &ignore) != 0 || !u.p.active || !u.email) {
        json_decref(vars);
        return 0;
    }
    json_object_set_new(vars, "recipient_name", json_string(u.name ? u.name : ""));
    json_object_set_new(vars, "app_name", json_string(rq->app->cfg->org_name));
    char *text = json_dumps(vars, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(vars);
    struct outbox_row o = {.recipient_id = u.p.id, .recipient = u.email, .channel = "email",
                           .template_key = tpl, .locale = u.locale, .vars = text,
                           .created_at = ticket_now()};
    int rc = db_outbox_add(db, &o, &rq->err);
    free(text);
    return rc;
}

int api_faq_proposals_create(struct req *rq)
{
    json_t *body;
    struct db *db = req_db(rq);
    if (!db || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct faq tmp = {0};
    json_t *answer = json_object_get(body, "answer");
    if (!answer || json_is_null(answer))
        json_object_set_new(body, "answer", json_string("-")); /* optional for proposals */
    if (faq_from_json(rq, db, body, &tmp, true) != 0)
        return reply_err(rq, &rq->err);
    struct faq_proposal p = {.proposer_id = rq->user->p.id, .category_id = tmp.category_id,
                             .question = tmp.question,
                             .answer_md = json_is_string(answer) ? tmp.answer_md : NULL,
                             .created_at = ticket_now(), .status = "pending"};
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_proposal_save(db, &p, &rq->err) != 0 ||
        notify_user(rq, db, rq->user->p.id, "faq_proposal_received",
                    json_pack("{s:s, s:I}", "question", p.question, "proposal_id",
                              (json_int_t)p.id)) != 0 ||
        db_proposal_get(db, p.id, rq->arena, &p, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 201, proposal_json(&p));
}

int api_faq_proposals_list(struct req *rq)
{
    int64_t page, per_page, total;
    struct db *db = req_db(rq);
    if (!db || api_page(rq, &page, &per_page) != 0)
        return reply_err(rq, &rq->err);
    struct faq_proposal *items;
    size_t n;
    /* Requesters see their own proposals; staff see all. */
    if (db_proposal_list(db, req_query(rq, "status"), staff(rq) ? 0 : rq->user->p.id, page,
                         per_page, rq->arena, &items, &n, &total, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, proposal_json(&items[i]));
    return reply_json(rq, 200, api_list(arr, total, page, per_page));
}

static int review(struct req *rq, bool approve)
{
    json_t *body;
    struct db *db = req_db(rq);
    struct faq_proposal p;
    if (!db || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_proposal_get(db, req_param_id(rq, "id"), rq->arena, &p, &rq->err) != 0)
        goto fail;
    if (strcmp(p.status, "pending") != 0) {
        err_set(&rq->err, ERR_CONFLICT, "faq_proposal.reviewed", "usulan ini sudah ditinjau",
                "this proposal was already reviewed");
        goto fail;
    }
    p.reviewed_by = rq->user->p.id;
    p.reviewed_at = ticket_now();
    json_t *vars;
    if (approve) {
        struct faq f = {.published = true, .created_by = rq->user->p.id,
                        .category_id = p.category_id, .question = p.question,
                        .answer_md = p.answer_md};
        /* Staff may edit the text while approving; an answer is needed either way. */
        if (!json_object_get(body, "question"))
            json_object_set_new(body, "question", json_string(p.question));
        if (!json_object_get(body, "answer") && p.answer_md)
            json_object_set_new(body, "answer", json_string(p.answer_md));
        if (faq_from_json(rq, db, body, &f, true) != 0)
            goto fail;
        f.created_at = f.updated_at;
        if (db_faq_save(db, &f, &rq->err) != 0)
            goto fail;
        p.status = "approved";
        p.article_id = f.id;
        vars = json_pack("{s:s, s:s, s:I}", "question", f.question, "decision", "approved",
                         "article_id", (json_int_t)f.id);
    } else {
        const char *reason = json_str(body, "reason");
        if (!reason || strlen(reason) < 3 || strlen(reason) > 2000) {
            err_invalid(&rq->err, "reason", "tuliskan alasan penolakan (3–2000 karakter)",
                        "give the reason for rejecting (3–2000 characters)");
            goto fail;
        }
        p.status = "rejected";
        p.reject_reason = arena_strdup(rq->arena, reason);
        vars = json_pack("{s:s, s:s, s:s}", "question", p.question, "decision", "rejected",
                         "reason", p.reject_reason);
    }
    if (db_proposal_save(db, &p, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, approve ? "approve" : "reject", "faq_proposals",
                     p.id, NULL, rq->ip, &rq->err) != 0 ||
        notify_user(rq, db, p.proposer_id, "faq_proposal_reviewed", vars) != 0 ||
        db_proposal_get(db, p.id, rq->arena, &p, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0)
        goto fail;
    return reply_json(rq, 200, proposal_json(&p));
fail:
    db_rollback(db);
    return reply_err(rq, &rq->err);
}

int api_faq_proposals_approve(struct req *rq)
{
    return review(rq, true);
}

int api_faq_proposals_reject(struct req *rq)
{
    return review(rq, false);
}
