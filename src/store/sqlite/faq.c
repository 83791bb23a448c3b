/* FAQ articles with their FTS index, helpful votes, and proposals. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"
#include "core/arena.h"

#include <string.h>

static void bind_opt(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static int not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "faq.not_found", "FAQ tidak ditemukan", "FAQ not found");
}

int sq_faq_save(struct db *db, struct faq *f, struct err *err)
{
    static const char ins[] =
        "INSERT INTO faq_articles (category_id, question, answer_md, answer_html, published,"
        " created_by, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?7)";
    static const char upd[] =
        "UPDATE faq_articles SET category_id = ?1, question = ?2, answer_md = ?3,"
        " answer_html = ?4, published = ?5, updated_at = ?7 WHERE id = ?8";
    static const char fts_del[] = "DELETE FROM faq_fts WHERE rowid = ?";
    static const char fts_ins[] = "INSERT INTO faq_fts (rowid, question, answer) VALUES (?,?,?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, f->id ? upd : ins, err);
    if (!st)
        return err->kind;
    bind_opt(st, 1, f->category_id);
    sq_bind_text(st, 2, f->question);
    sq_bind_text(st, 3, f->answer_md);
    sq_bind_text(st, 4, f->answer_html);
    sqlite3_bind_int(st, 5, f->published);
    if (!f->id)
        bind_opt(st, 6, f->created_by);
    sqlite3_bind_int64(st, 7, f->updated_at);
    if (f->id)
        sqlite3_bind_int64(st, 8, f->id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (f->id && sqlite3_changes(d->h) == 0)
        return not_found(err);
    if (!f->id)
        f->id = sqlite3_last_insert_rowid(d->h);
    if (!(st = sq_prepare(d, fts_del, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, f->id);
    if (sq_exec_stmt(d, st, err) != 0 || !(st = sq_prepare(d, fts_ins, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, f->id);
    sq_bind_text(st, 2, f->question);
    sq_bind_text(st, 3, f->answer_md);
    return sq_exec_stmt(d, st, err);
}

#define FAQ_COLS "f.id, f.category_id, f.question, f.answer_md, f.answer_html, f.published, " \
                 "f.helpful_yes, f.helpful_no, f.created_by, f.created_at, f.updated_at"

static void read_faq(sqlite3_stmt *st, int c, struct arena *a, struct faq *f)
{
    f->id = sqlite3_column_int64(st, c);
    f->category_id = sqlite3_column_int64(st, c + 1);
    f->question = sq_text(a, st, c + 2);
    f->answer_md = sq_text(a, st, c + 3);
    f->answer_html = sq_text(a, st, c + 4);
    f->published = sqlite3_column_int(st, c + 5) != 0;
    f->helpful_yes = sqlite3_column_int64(st, c + 6);
    f->helpful_no = sqlite3_column_int64(st, c + 7);
    f->created_by = sqlite3_column_int64(st, c + 8);
    f->created_at = sqlite3_column_int64(st, c + 9);
    f->updated_at = sqlite3_column_int64(st, c + 10);
}

int sq_faq_get(struct db *db, int64_t id, struct arena *a, struct faq *out, struct err *err)
{
    static const char sql[] = "SELECT " FAQ_COLS " FROM faq_articles f WHERE f.id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_faq(st, 0, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return not_found(err);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_faq_delete(struct db *db, int64_t id, struct err *err)
{
    static const char unlink_p[] = "UPDATE faq_proposals SET article_id = NULL WHERE article_id = ?";
    static const char del[] = "DELETE FROM faq_articles WHERE id = ?";
    static const char fts_del[] = "DELETE FROM faq_fts WHERE rowid = ?";
    const char *const steps[] = {unlink_p, del, fts_del};
    struct sq_db *d = (struct sq_db *)db;
    for (size_t i = 0; i < 3; i++) {
        sqlite3_stmt *st = sq_prepare(d, steps[i], err);
        if (!st)
            return err->kind;
        sqlite3_bind_int64(st, 1, id);
        if (sq_exec_stmt(d, st, err) != 0)
            return err->kind;
        if (i == 1 && sqlite3_changes(d->h) == 0)
            return not_found(err);
    }
    return 0;
}

int sq_faq_list(struct db *db, const struct faq_query *q, struct arena *a, struct faq **items,
                size_t *n, int64_t *total, struct err *err)
{
    /* With a query, best matches first (bm25); otherwise newest first. Words
    ** are OR-ed so a typed ticket title finds articles sharing any word. */
    static const char sql[] =
        "SELECT count(*) OVER (), " FAQ_COLS " FROM faq_articles f"
        " JOIN (SELECT rowid, bm25(faq_fts) AS score FROM faq_fts WHERE faq_fts MATCH ?1)"
        " m ON m.rowid = f.id"
        " WHERE (?2 = 0 OR f.category_id = ?2) AND (?3 = 0 OR f.published = 1)"
        " ORDER BY m.score, f.id DESC LIMIT ?4 OFFSET ?5";
    /* Without a query there is no MATCH at all: FTS5 rejects a NULL one
    ** even when the rest of the WHERE would not need it. */
    static const char sql_all[] =
        "SELECT count(*) OVER (), " FAQ_COLS " FROM faq_articles f"
        " WHERE (?1 IS NULL) AND (?2 = 0 OR f.category_id = ?2) AND (?3 = 0 OR f.published = 1)"
        " ORDER BY f.id DESC LIMIT ?4 OFFSET ?5";
    struct sq_db *d = (struct sq_db *)db;
    const char *terms = q->q && *q->q ? sq_fts_terms(a, q->q, " OR ") : NULL;
    if (q->q && *q->q && !terms) {
        *items = NULL;
        *n = 0;
        *total = 0;
        return 0;
    }
    sqlite3_stmt *st = sq_prepare(d, terms ? sql : sql_all, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, terms);
    sqlite3_bind_int64(st, 2, q->category_id);
    sqlite3_bind_int(st, 3, q->published_only);
    sqlite3_bind_int64(st, 4, q->per_page);
    sqlite3_bind_int64(st, 5, (q->page - 1) * q->per_page);
    struct faq *out = arena_alloc(a, (size_t)(q->per_page ? q->per_page : 1) * sizeof *out);
    size_t count = 0;
    int rc;
    *total = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < (size_t)q->per_page) {
        *total = sqlite3_column_int64(st, 0);
        read_faq(st, 1, a, &out[count++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}

int sq_faq_vote(struct db *db, int64_t id, int64_t user_id, bool helpful, bool *counted,
                struct err *err)
{
    /* migration 0013's trigger counts the vote; a second one is ignored (the
    ** caller has checked that the article exists) */
    static const char sql[] = "INSERT OR IGNORE INTO faq_votes (faq_id, user_id, helpful, voted_at)"
                              " SELECT id, ?2, ?3, unixepoch() FROM faq_articles WHERE id = ?1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int(st, 3, helpful);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *counted = sqlite3_changes(d->h) > 0;
    return 0;
}

int sq_proposal_save(struct db *db, struct faq_proposal *p, struct err *err)
{
    static const char ins[] =
        "INSERT INTO faq_proposals (proposer_id, category_id, question, answer_md, created_at)"
        " VALUES (?,?,?,?,?)";
    static const char upd[] =
        "UPDATE faq_proposals SET status = ?, reject_reason = ?, reviewed_by = ?,"
        " reviewed_at = ?, article_id = ? WHERE id = ? AND status = 'pending'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, p->id ? upd : ins, err);
    if (!st)
        return err->kind;
    if (!p->id) {
        sqlite3_bind_int64(st, 1, p->proposer_id);
        bind_opt(st, 2, p->category_id);
        sq_bind_text(st, 3, p->question);
        sq_bind_text(st, 4, p->answer_md);
        sqlite3_bind_int64(st, 5, p->created_at);
    } else {
        sq_bind_text(st, 1, p->status);
        sq_bind_text(st, 2, p->reject_reason);
        bind_opt(st, 3, p->reviewed_by);
        sqlite3_bind_int64(st, 4, p->reviewed_at);
        bind_opt(st, 5, p->article_id);
        sqlite3_bind_int64(st, 6, p->id);
    }
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (p->id && sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_CONFLICT, "faq_proposal.reviewed",
                       "usulan ini sudah ditinjau", "this proposal was already reviewed");
    if (!p->id)
        p->id = sqlite3_last_insert_rowid(d->h);
    return 0;
}

#define PROP_COLS "p.id, p.proposer_id, u.name, p.category_id, p.question, p.answer_md, " \
                  "p.status, p.reject_reason, p.reviewed_by, p.reviewed_at, p.article_id, " \
                  "p.created_at"

static void read_prop(sqlite3_stmt *st, int c, struct arena *a, struct faq_proposal *p)
{
    p->id = sqlite3_column_int64(st, c);
    p->proposer_id = sqlite3_column_int64(st, c + 1);
    p->proposer_name = sq_text(a, st, c + 2);
    p->category_id = sqlite3_column_int64(st, c + 3);
    p->question = sq_text(a, st, c + 4);
    p->answer_md = sq_text(a, st, c + 5);
    p->status = sq_text(a, st, c + 6);
    p->reject_reason = sq_text(a, st, c + 7);
    p->reviewed_by = sqlite3_column_int64(st, c + 8);
    p->reviewed_at = sqlite3_column_int64(st, c + 9);
    p->article_id = sqlite3_column_int64(st, c + 10);
    p->created_at = sqlite3_column_int64(st, c + 11);
}

int sq_proposal_get(struct db *db, int64_t id, struct arena *a, struct faq_proposal *out,
                    struct err *err)
{
    static const char sql[] = "SELECT " PROP_COLS " FROM faq_proposals p"
                              " JOIN users u ON u.id = p.proposer_id WHERE p.id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_prop(st, 0, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "faq_proposal.not_found", "usulan tidak ditemukan",
                       "proposal not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_proposal_list(struct db *db, const char *status, int64_t proposer_id, int64_t page,
                     int64_t per_page, struct arena *a, struct faq_proposal **items, size_t *n,
                     int64_t *total, struct err *err)
{
    static const char sql[] =
        "SELECT count(*) OVER (), " PROP_COLS " FROM faq_proposals p"
        " JOIN users u ON u.id = p.proposer_id WHERE (?1 IS NULL OR p.status = ?1)"
        " AND (?2 = 0 OR p.proposer_id = ?2) ORDER BY p.id DESC LIMIT ?3 OFFSET ?4";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, status);
    sqlite3_bind_int64(st, 2, proposer_id);
    sqlite3_bind_int64(st, 3, per_page);
    sqlite3_bind_int64(st, 4, (page - 1) * per_page);
    struct faq_proposal *out = arena_alloc(a, (size_t)per_page * sizeof *out);
    size_t count = 0;
    int rc;
    *total = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < (size_t)per_page) {
        *total = sqlite3_column_int64(st, 0);
        read_prop(st, 1, a, &out[count++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}
