/* The outbox on PostgreSQL (port of store/sqlite/outbox.c): its rows,
** written in the transaction of the change they announce (outbox_add), the
** mail worker's side (claim, finish, expire, resend), and admins' mail
** template overrides. Claims lock their rows with FOR UPDATE SKIP LOCKED, so
** workers on several nodes never claim the same row (issue #19 item 3). */
#include "store/pg/pg.h"
#include "store/pg/claims.h"
#include "core/arena.h"

#include <string.h>

#define OUTBOX_COLS                                                                           \
    "id, created_at, ticket_id, recipient_id, recipient, channel, template, locale, vars, "   \
    "status, attempts, next_attempt_at, claimed_at, sent_at, last_error"
#define OUTBOX_COLS_O                                                                         \
    "o.id, o.created_at, o.ticket_id, o.recipient_id, o.recipient, o.channel, o.template, "   \
    "o.locale, o.vars, o.status, o.attempts, o.next_attempt_at, o.claimed_at, o.sent_at, "    \
    "o.last_error"

static void read_outbox(const PGresult *r, int i, struct arena *a, struct outbox_row *o)
{
    o->id = pg_int(r, i, 0);
    o->created_at = pg_int(r, i, 1);
    o->ticket_id = pg_int(r, i, 2);
    o->recipient_id = pg_int(r, i, 3);
    o->recipient = pg_text(a, r, i, 4);
    o->channel = pg_text(a, r, i, 5);
    o->template_key = pg_text(a, r, i, 6);
    o->locale = pg_text(a, r, i, 7);
    o->vars = pg_text(a, r, i, 8);
    o->status = pg_text(a, r, i, 9);
    o->attempts = (int)pg_int(r, i, 10);
    o->next_attempt_at = pg_int(r, i, 11);
    o->claimed_at = pg_int(r, i, 12);
    o->sent_at = pg_int(r, i, 13);
    o->last_error = pg_text(a, r, i, 14);
}

/* Every row of r read into an array in a. */
static void read_outbox_rows(const PGresult *r, struct arena *a, struct outbox_row **items,
                             size_t *n)
{
    int rows = PQntuples(r);
    struct outbox_row *out = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof *out);
    for (int i = 0; i < rows; i++)
        read_outbox(r, i, a, &out[i]);
    *items = out;
    *n = (size_t)rows;
}

static int pg_outbox_get(struct db *db, int64_t id, struct arena *a, struct outbox_row *out,
                         struct err *err)
{
    static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = $1::bigint";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    bool found = PQntuples(r) > 0;
    if (found)
        read_outbox(r, 0, a, out);
    PQclear(r);
    if (!found)
        return err_text(err, ERR_NOT_FOUND, "outbox.not_found", "notifikasi tidak ditemukan",
                        "notification not found");
    return 0;
}

/* One statement, so the claim is committed (autocommit) before the caller
** talks to the SMTP server; the rows are locked with SKIP LOCKED, so a
** second worker (or node) claiming at the same moment takes other rows
** instead of waiting for these and claiming them again. The locking
** SELECT is a MATERIALIZED CTE joined to the UPDATE: as `id IN (SELECT
** ... LIMIT n FOR UPDATE SKIP LOCKED)` the planner may run it more than
** once and claim more than n rows. */
static int pg_outbox_claim(struct db *db, const char *channel, int64_t now, int limit,
                           struct arena *a, struct outbox_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "WITH picked AS MATERIALIZED (SELECT id FROM outbox WHERE channel = $1::text"
        " AND status = 'pending' AND next_attempt_at <= $2::bigint"
        " ORDER BY next_attempt_at, id LIMIT $3::bigint FOR UPDATE SKIP LOCKED),"
        " c AS (UPDATE outbox o SET status = 'sending', claimed_at = $2::bigint," CLAIM_OWNER
        " attempts = o.attempts + 1 FROM picked WHERE o.id = picked.id AND o.status = 'pending'"
        " RETURNING " OUTBOX_COLS_O ") SELECT * FROM c ORDER BY next_attempt_at, id";
    if (limit <= 0) {
        *items = arena_alloc(a, sizeof **items);
        *n = 0;
        return 0;
    }
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, channel);
    pgp_int(&p, now);
    pgp_int(&p, limit);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    read_outbox_rows(r, a, items, n);
    PQclear(r);
    return 0;
}

static int pg_outbox_finish(struct db *db, int64_t id, const char *status, int64_t next_attempt_at,
                            const char *last_error, int64_t now, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = $2::text, next_attempt_at = CASE WHEN $2::text = 'pending'"
        " THEN $3::bigint ELSE next_attempt_at END, last_error = $4::text,"
        " sent_at = CASE WHEN $2::text = 'sent' THEN $5::bigint ELSE sent_at END"
        " WHERE id = $1::bigint AND status = 'sending'";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    pgp_text(&p, status);
    pgp_int(&p, next_attempt_at);
    pgp_text(&p, last_error);
    pgp_int(&p, now);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_outbox_expire_claims(struct db *db, const char *channel, int64_t claimed_before,
                                   const char *last_error, int *n, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'failed', last_error = $3::text"
        " WHERE channel = $1::text AND status = 'sending' AND (claimed_at < $2::bigint"
        " OR (claimed_pid IS NOT NULL AND " CLAIM_ENDED("outbox") "))";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, channel);
    pgp_int(&p, claimed_before);
    pgp_text(&p, last_error);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    arena_free(a);
    if (rc == 0)
        *n = (int)changed;
    return rc;
}

static int pg_outbox_unclaim(struct db *db, int64_t id, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'pending', attempts = greatest(attempts - 1, 0),"
        " claimed_at = NULL WHERE id = $1::bigint AND status = 'sending'";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_outbox_resend(struct db *db, int64_t id, int64_t now, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2::bigint,"
        " claimed_at = NULL WHERE id = $1::bigint AND status = 'failed'";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    pgp_int(&p, now);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    if (rc == 0 && changed != 1) {
        struct outbox_row o;
        rc = pg_outbox_get(db, id, a, &o, err);
        if (rc == 0)
            rc = err_set(err, ERR_CONFLICT, "outbox.not_failed",
                         "hanya notifikasi yang gagal dapat dikirim ulang (status: %s)",
                         "only failed notifications can be resent (status: %s)", o.status);
    }
    arena_free(a);
    return rc;
}

/* ---- mail template overrides ------------------------------------------ */

#define TEMPLATE_COLS "key, locale, subject, text_body, html_body, updated_at, updated_by"

static void read_template(const PGresult *r, int i, struct arena *a, struct mail_template_row *t)
{
    t->key = pg_text(a, r, i, 0);
    t->locale = pg_text(a, r, i, 1);
    t->subject = pg_text(a, r, i, 2);
    t->text = pg_text(a, r, i, 3);
    t->html = pg_text(a, r, i, 4);
    t->updated_at = pg_int(r, i, 5);
    t->updated_by = pg_int(r, i, 6);
}

static int pg_mail_template_get(struct db *db, const char *key, const char *locale,
                                struct arena *a, struct mail_template_row *out, struct err *err)
{
    static const char sql[] = "SELECT " TEMPLATE_COLS
                              " FROM mail_templates WHERE key = $1::text AND locale = $2::text";
    const char *v[] = {key, locale};
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, 2, v, &r, err) != 0)
        return err->kind;
    bool found = PQntuples(r) > 0;
    if (found)
        read_template(r, 0, a, out);
    PQclear(r);
    if (!found)
        return err_text(err, ERR_NOT_FOUND, "template.not_customized",
                        "templat memakai bawaan", "the template uses the default");
    return 0;
}

static int pg_mail_template_put(struct db *db, const struct mail_template_row *t, struct err *err)
{
    static const char sql[] =
        "INSERT INTO mail_templates (" TEMPLATE_COLS ") VALUES ($1::text, $2::text, $3::text,"
        " $4::text, $5::text, $6::bigint, $7::bigint) ON CONFLICT (key, locale) DO UPDATE SET"
        " subject = excluded.subject, text_body = excluded.text_body,"
        " html_body = excluded.html_body, updated_at = excluded.updated_at,"
        " updated_by = excluded.updated_by";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, t->key);
    pgp_text(&p, t->locale);
    pgp_text(&p, t->subject);
    pgp_text(&p, t->text);
    pgp_text(&p, t->html);
    pgp_int(&p, t->updated_at);
    pgp_id(&p, t->updated_by);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_mail_template_delete(struct db *db, const char *key, const char *locale,
                                   struct err *err)
{
    static const char sql[] =
        "DELETE FROM mail_templates WHERE key = $1::text AND locale = $2::text";
    const char *v[] = {key, locale};
    return pg_exec((struct pg_db *)db, sql, 2, v, NULL, err);
}

static int pg_mail_template_list(struct db *db, struct arena *a, struct mail_template_row **items,
                                 size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT " TEMPLATE_COLS " FROM mail_templates ORDER BY key, locale LIMIT 1000";
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, 0, NULL, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct mail_template_row *out = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof *out);
    for (int i = 0; i < rows; i++)
        read_template(r, i, a, &out[i]);
    PQclear(r);
    *items = out;
    *n = (size_t)rows;
    return 0;
}

/* ---- rows written with the change they announce -------------------- */

static int pg_outbox_add(struct db *db, const struct outbox_row *o, struct err *err)
{
    static const char sql[] =
        "INSERT INTO outbox (created_at, ticket_id, recipient_id, recipient, channel, template,"
        " locale, vars, next_attempt_at) VALUES ($1::bigint, $2::bigint, $3::bigint, $4::text,"
        " $5::text, $6::text, $7::text, $8::text, $1::bigint)";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, o->created_at);
    pgp_id(&p, o->ticket_id);
    pgp_id(&p, o->recipient_id);
    pgp_text(&p, o->recipient);
    pgp_text(&p, o->channel ? o->channel : "email");
    pgp_text(&p, o->template_key);
    pgp_text(&p, o->locale ? o->locale : "id");
    pgp_text(&p, o->vars);
    /* nobody waits for the row: in the writer's batch it goes with the next statement */
    int rc = pg_exec_later((struct pg_db *)db, sql, p.n, p.v, err);
    arena_free(a);
    return rc;
}

static int pg_outbox_list(struct db *db, const char *status, int64_t ticket_id, struct arena *a,
                          struct outbox_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT " OUTBOX_COLS " FROM outbox WHERE ($1::text IS NULL OR status = $1::text)"
        " AND ($2::bigint = 0 OR ticket_id = $2::bigint) ORDER BY id LIMIT 1000";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, status);
    pgp_int(&p, ticket_id);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    read_outbox_rows(r, a, items, n);
    PQclear(r);
    return 0;
}

/* ---- the driver's table ---- */

const struct store_outbox_ops pg_outbox_ops = {
    .outbox_add = pg_outbox_add,
    .outbox_list = pg_outbox_list,
    .outbox_get = pg_outbox_get,
    .outbox_claim = pg_outbox_claim,
    .outbox_finish = pg_outbox_finish,
    .outbox_expire_claims = pg_outbox_expire_claims,
    .outbox_unclaim = pg_outbox_unclaim,
    .outbox_resend = pg_outbox_resend,
    .mail_template_get = pg_mail_template_get,
    .mail_template_put = pg_mail_template_put,
    .mail_template_delete = pg_mail_template_delete,
    .mail_template_list = pg_mail_template_list,
};
