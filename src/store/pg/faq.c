/* PostgreSQL: FAQ articles, helpful votes and proposals (the faq table), a
** port of store/sqlite/faq.c. SQLite keeps an FTS5 table beside the
** articles; here the text search configuration `loket` (simple + unaccent,
** 0001_schema.sql) reads question and answer in the query itself, so there
** is no second copy to keep in step. */
#include "store/pg/ops.h"
#include "store/pg/write.h"
#include "core/arena.h"

#include <string.h>

#define EPOCH_NOW "floor(extract(epoch FROM now()))::bigint"
#define FAQ_DOC "to_tsvector('loket', f.question || ' ' || f.answer_md)"

static int not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "faq.not_found", "FAQ tidak ditemukan", "FAQ not found");
}

static int pg_faq_save(struct db *db, struct faq *f, struct err *err)
{
    static const char ins[] =
        "INSERT INTO faq_articles (category_id, question, answer_md, answer_html, published,"
        " created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"
        " RETURNING id";
    static const char upd[] =
        "UPDATE faq_articles SET category_id = $1, question = $2, answer_md = $3,"
        " answer_html = $4, published = $5, updated_at = $6 WHERE id = $7 RETURNING id";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_id(&p, f->category_id);
    pgp_text(&p, f->question);
    pgp_text(&p, f->answer_md);
    pgp_text(&p, f->answer_html);
    pgp_int(&p, f->published);
    if (!f->id)
        pgp_id(&p, f->created_by);
    pgp_int(&p, f->updated_at);
    if (f->id)
        pgp_int(&p, f->id);
    int rc = pg_save_row((struct pg_db *)db, f->id ? upd : ins, &p, &f->id, err);
    return rc == 1 ? not_found(err) : rc;
}

#define FAQ_COLS "f.id, f.category_id, f.question, f.answer_md, f.answer_html, f.published, " \
                 "f.helpful_yes, f.helpful_no, f.created_by, f.created_at, f.updated_at"

static void read_faq(const PGresult *r, int row, int c, struct arena *a, struct faq *f)
{
    f->id = pg_int(r, row, c);
    f->category_id = pg_int(r, row, c + 1);
    f->question = pg_text(a, r, row, c + 2);
    f->answer_md = pg_text(a, r, row, c + 3);
    f->answer_html = pg_text(a, r, row, c + 4);
    f->published = pg_int(r, row, c + 5) != 0;
    f->helpful_yes = pg_int(r, row, c + 6);
    f->helpful_no = pg_int(r, row, c + 7);
    f->created_by = pg_int(r, row, c + 8);
    f->created_at = pg_int(r, row, c + 9);
    f->updated_at = pg_int(r, row, c + 10);
}

static int pg_faq_get(struct db *db, int64_t id, struct arena *a, struct faq *out,
                      struct err *err)
{
    static const char sql[] = "SELECT " FAQ_COLS " FROM faq_articles f WHERE f.id = $1";
    PGresult *r;
    int rc = pg_by_id((struct pg_db *)db, sql, id, &r, err);
    if (rc != 0)
        return rc < 0 ? rc : not_found(err);
    read_faq(r, 0, 0, a, out);
    PQclear(r);
    return 0;
}

static int pg_faq_delete(struct db *db, int64_t id, struct err *err)
{
    static const char unlink_p[] =
        "UPDATE faq_proposals SET article_id = NULL WHERE article_id = $1";
    static const char del[] = "DELETE FROM faq_articles WHERE id = $1";
    struct pg_db *d = (struct pg_db *)db;
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *params[] = {idt};
    int64_t changed = 0;
    if (pg_exec(d, unlink_p, 1, params, NULL, err) != 0 ||
        pg_exec(d, del, 1, params, &changed, err) != 0)
        return err->kind;
    return changed ? 0 : not_found(err);
}

/* "jaringan lambat" -> 'jaringan':* | 'lambat':*: every word a prefix
** term, OR-ed (sq_fts_terms with " OR "), so a typed ticket title finds
** articles sharing any word and nothing the user types is read as tsquery
** syntax. NULL when q has no word. */
static char *faq_terms(struct arena *a, const char *q)
{
    size_t n = strlen(q);
    char *out = arena_alloc(a, n * 7 + 16), *o = out;
    bool first = true;
#define WORD(c) ((unsigned char)(c) >= 0x80 || ((c) >= '0' && (c) <= '9') || \
                 (((c) | 32) >= 'a' && ((c) | 32) <= 'z'))
    for (const char *s = q; *s;) {
        while (*s && !WORD(*s))
            s++;
        if (!*s)
            break;
        if (!first) {
            memcpy(o, " | ", 3);
            o += 3;
        }
        first = false;
        *o++ = '\'';
        while (*s && WORD(*s))
            *o++ = *s++;
        memcpy(o, "':*", 3);
        o += 3;
    }
#undef WORD
    *o = 0;
    return first ? NULL : out;
}

static int pg_faq_list(struct db *db, const struct faq_query *q, struct arena *a,
                       struct faq **items, size_t *n, int64_t *total, struct err *err)
{
    /* With a query, best matches first; otherwise newest first. */
    static const char sql[] =
        "SELECT count(*) OVER (), " FAQ_COLS " FROM faq_articles f,"
        " to_tsquery('loket', $1) m"
        " WHERE " FAQ_DOC " @@ m AND ($2::bigint = 0 OR f.category_id = $2)"
        " AND ($3::int = 0 OR f.published = 1)"
        " ORDER BY ts_rank(" FAQ_DOC ", m) DESC, f.id DESC LIMIT $4 OFFSET $5";
    static const char sql_all[] =
        "SELECT count(*) OVER (), " FAQ_COLS " FROM faq_articles f"
        " WHERE ($1::text IS NULL) AND ($2::bigint = 0 OR f.category_id = $2)"
        " AND ($3::int = 0 OR f.published = 1)"
        " ORDER BY f.id DESC LIMIT $4 OFFSET $5";
    const char *terms = q->q && *q->q ? faq_terms(a, q->q) : NULL;
    *items = NULL;
    *n = 0;
    *total = 0;
    if (q->q && *q->q && !terms)
        return 0;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, terms);
    pgp_int(&p, q->category_id);
    pgp_int(&p, q->published_only);
    pgp_int(&p, q->per_page);
    pgp_int(&p, (q->page - 1) * q->per_page);
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, terms ? sql : sql_all, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct faq *out = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof *out);
    *total = rows ? pg_int(r, 0, 0) : 0;
    for (int i = 0; i < rows; i++)
        read_faq(r, i, 1, a, &out[i]);
    PQclear(r);
    *items = out;
    *n = (size_t)rows;
    return 0;
}

static int pg_faq_vote(struct db *db, int64_t id, int64_t user_id, bool helpful, bool *counted,
                       struct err *err)
{
    /* 0001_schema.sql's trigger counts the vote; a second one is ignored
    ** (the caller has checked that the article exists) */
    static const char sql[] =
        "INSERT INTO faq_votes (faq_id, user_id, helpful, voted_at)"
        " SELECT id, $2::bigint, $3::bigint, " EPOCH_NOW " FROM faq_articles WHERE id = $1"
        " ON CONFLICT DO NOTHING";
    char idt[24], uidt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    snprintf(uidt, sizeof uidt, "%lld", (long long)user_id);
    const char *params[] = {idt, uidt, helpful ? "1" : "0"};
    int64_t changed = 0;
    if (pg_exec((struct pg_db *)db, sql, 3, params, &changed, err) != 0)
        return err->kind;
    *counted = changed > 0;
    return 0;
}

static int pg_proposal_save(struct db *db, struct faq_proposal *pr, struct err *err)
{
    static const char ins[] =
        "INSERT INTO faq_proposals (proposer_id, category_id, question, answer_md, created_at)"
        " VALUES ($1, $2, $3, $4, $5) RETURNING id";
    static const char upd[] =
        "UPDATE faq_proposals SET status = $1, reject_reason = $2, reviewed_by = $3,"
        " reviewed_at = $4, article_id = $5 WHERE id = $6 AND status = 'pending' RETURNING id";
    struct pg_params p;
    pgp_init(&p, arena_new());
    if (!pr->id) {
        pgp_int(&p, pr->proposer_id);
        pgp_id(&p, pr->category_id);
        pgp_text(&p, pr->question);
        pgp_text(&p, pr->answer_md);
        pgp_int(&p, pr->created_at);
    } else {
        pgp_text(&p, pr->status);
        pgp_text(&p, pr->reject_reason);
        pgp_id(&p, pr->reviewed_by);
        pgp_int(&p, pr->reviewed_at);
        pgp_id(&p, pr->article_id);
        pgp_int(&p, pr->id);
    }
    int rc = pg_save_row((struct pg_db *)db, pr->id ? upd : ins, &p, &pr->id, err);
    if (rc == 1)
        return err_set(err, ERR_CONFLICT, "faq_proposal.reviewed",
                       "usulan ini sudah ditinjau", "this proposal was already reviewed");
    return rc;
}

#define PROP_COLS "p.id, p.proposer_id, u.name, p.category_id, p.question, p.answer_md, " \
                  "p.status, p.reject_reason, p.reviewed_by, p.reviewed_at, p.article_id, " \
                  "p.created_at"

static void read_prop(const PGresult *r, int row, int c, struct arena *a,
                      struct faq_proposal *p)
{
    p->id = pg_int(r, row, c);
    p->proposer_id = pg_int(r, row, c + 1);
    p->proposer_name = pg_text(a, r, row, c + 2);
    p->category_id = pg_int(r, row, c + 3);
    p->question = pg_text(a, r, row, c + 4);
    p->answer_md = pg_text(a, r, row, c + 5);
    p->status = pg_text(a, r, row, c + 6);
    p->reject_reason = pg_text(a, r, row, c + 7);
    p->reviewed_by = pg_int(r, row, c + 8);
    p->reviewed_at = pg_int(r, row, c + 9);
    p->article_id = pg_int(r, row, c + 10);
    p->created_at = pg_int(r, row, c + 11);
}

static int pg_proposal_get(struct db *db, int64_t id, struct arena *a, struct faq_proposal *out,
                           struct err *err)
{
    static const char sql[] = "SELECT " PROP_COLS " FROM faq_proposals p"
                              " JOIN users u ON u.id = p.proposer_id WHERE p.id = $1";
    PGresult *r;
    int rc = pg_by_id((struct pg_db *)db, sql, id, &r, err);
    if (rc > 0)
        return err_set(err, ERR_NOT_FOUND, "faq_proposal.not_found", "usulan tidak ditemukan",
                       "proposal not found");
    if (rc < 0)
        return rc;
    read_prop(r, 0, 0, a, out);
    PQclear(r);
    return 0;
}

static int pg_proposal_list(struct db *db, const char *status, int64_t proposer_id, int64_t page,
                            int64_t per_page, struct arena *a, struct faq_proposal **items,
                            size_t *n, int64_t *total, struct err *err)
{
    static const char sql[] =
        "SELECT count(*) OVER (), " PROP_COLS " FROM faq_proposals p"
        " JOIN users u ON u.id = p.proposer_id WHERE ($1::text IS NULL OR p.status = $1)"
        " AND ($2::bigint = 0 OR p.proposer_id = $2) ORDER BY p.id DESC LIMIT $3 OFFSET $4";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, status);
    pgp_int(&p, proposer_id);
    pgp_int(&p, per_page);
    pgp_int(&p, (page - 1) * per_page);
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct faq_proposal *out = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof *out);
    *total = rows ? pg_int(r, 0, 0) : 0;
    for (int i = 0; i < rows; i++)
        read_prop(r, i, 1, a, &out[i]);
    PQclear(r);
    *items = out;
    *n = (size_t)rows;
    return 0;
}

/* ---- the driver's table ---- */

const struct store_faq_ops pg_faq_ops = {
    .faq_save = pg_faq_save,
    .faq_get = pg_faq_get,
    .faq_delete = pg_faq_delete,
    .faq_list = pg_faq_list,
    .faq_vote = pg_faq_vote,
    .proposal_save = pg_proposal_save,
    .proposal_get = pg_proposal_get,
    .proposal_list = pg_proposal_list,
};
