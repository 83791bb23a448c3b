/* The outbox: its rows, written in the transaction of the change they
** announce (outbox_add), the mail worker's side (claim, finish, expire,
** resend), and admins' mail template overrides. */
#include "store/sqlite/sqlite.h"
#include "store/sqlite/ops.h"
#include "core/arena.h"

#include <string.h>

void sq_outbox_read(sqlite3_stmt *st, struct arena *a, struct outbox_row *o)
{
    o->id = sqlite3_column_int64(st, 0);
    o->created_at = sqlite3_column_int64(st, 1);
    o->ticket_id = sqlite3_column_int64(st, 2);
    o->recipient_id = sqlite3_column_int64(st, 3);
    o->recipient = sq_text(a, st, 4);
    o->channel = sq_text(a, st, 5);
    o->template_key = sq_text(a, st, 6);
    o->locale = sq_text(a, st, 7);
    o->vars = sq_text(a, st, 8);
    o->status = sq_text(a, st, 9);
    o->attempts = sqlite3_column_int(st, 10);
    o->next_attempt_at = sqlite3_column_int64(st, 11);
    o->claimed_at = sqlite3_column_int64(st, 12);
    o->sent_at = sqlite3_column_int64(st, 13);
    o->last_error = sq_text(a, st, 14);
}

int sq_outbox_get(struct db *db, int64_t id, struct arena *a, struct outbox_row *out,
                  struct err *err)
{
    static const char sql[] = "SELECT " SQ_OUTBOX_COLS " FROM outbox WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        sq_outbox_read(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_text(err, ERR_NOT_FOUND, "outbox.not_found", "notifikasi tidak ditemukan",
                        "notification not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

/* One statement, so the claim is committed (autocommit) before the caller
** talks to the SMTP server, and two workers (or nodes) can never claim the
** same row: the UPDATE re-checks status = 'pending' under SQLite's write
** lock. On PostgreSQL this becomes FOR UPDATE SKIP LOCKED. */
int sq_outbox_claim(struct db *db, const char *channel, int64_t now, int limit, struct arena *a,
                    struct outbox_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'sending', claimed_at = ?2, attempts = attempts + 1"
        " WHERE status = 'pending' AND id IN (SELECT id FROM outbox WHERE channel = ?1"
        " AND status = 'pending' AND next_attempt_at <= ?2 ORDER BY next_attempt_at, id"
        " LIMIT ?3) RETURNING " SQ_OUTBOX_COLS;
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, channel);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int(st, 3, limit);
    struct outbox_row *out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof *out);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && count < (size_t)limit)
        sq_outbox_read(st, a, &out[count++]);
    if (rc == SQLITE_ROW) /* cannot happen (LIMIT); finish the statement anyway */
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}

int sq_outbox_finish(struct db *db, int64_t id, const char *status, int64_t next_attempt_at,
                     const char *last_error, int64_t now, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = ?2, next_attempt_at = CASE WHEN ?2 = 'pending' THEN ?3"
        " ELSE next_attempt_at END, last_error = ?4,"
        " sent_at = CASE WHEN ?2 = 'sent' THEN ?5 ELSE sent_at END"
        " WHERE id = ?1 AND status = 'sending'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, status);
    sqlite3_bind_int64(st, 3, next_attempt_at);
    sq_bind_text(st, 4, last_error);
    sqlite3_bind_int64(st, 5, now);
    return sq_exec_stmt(d, st, err);
}

int sq_outbox_expire_claims(struct db *db, const char *channel, int64_t claimed_before,
                            const char *last_error, int *n, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'failed', last_error = ?3"
        " WHERE channel = ?1 AND status = 'sending' AND claimed_at < ?2";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, channel);
    sqlite3_bind_int64(st, 2, claimed_before);
    sq_bind_text(st, 3, last_error);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *n = sqlite3_changes(d->h);
    return 0;
}

int sq_outbox_unclaim(struct db *db, int64_t id, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'pending', attempts = max(attempts - 1, 0), claimed_at = NULL"
        " WHERE id = ? AND status = 'sending'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    return sq_exec_stmt(d, st, err);
}

int sq_outbox_resend(struct db *db, int64_t id, int64_t now, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?2,"
        " claimed_at = NULL WHERE id = ?1 AND status = 'failed'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) == 1)
        return 0;
    struct arena *a = arena_new();
    struct outbox_row o;
    int rc = sq_outbox_get(db, id, a, &o, err);
    if (rc == 0)
        rc = err_set(err, ERR_CONFLICT, "outbox.not_failed",
                     "hanya notifikasi yang gagal dapat dikirim ulang (status: %s)",
                     "only failed notifications can be resent (status: %s)", o.status);
    arena_free(a);
    return rc;
}

/* ---- mail template overrides ------------------------------------------ */

static void read_template(sqlite3_stmt *st, struct arena *a, struct mail_template_row *t)
{
    t->key = sq_text(a, st, 0);
    t->locale = sq_text(a, st, 1);
    t->subject = sq_text(a, st, 2);
    t->text = sq_text(a, st, 3);
    t->html = sq_text(a, st, 4);
    t->updated_at = sqlite3_column_int64(st, 5);
    t->updated_by = sqlite3_column_int64(st, 6);
}

int sq_mail_template_get(struct db *db, const char *key, const char *locale, struct arena *a,
                         struct mail_template_row *out, struct err *err)
{
    static const char sql[] =
        "SELECT key, locale, subject, text_body, html_body, updated_at, updated_by"
        " FROM mail_templates WHERE key = ? AND locale = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, key);
    sq_bind_text(st, 2, locale);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_template(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_text(err, ERR_NOT_FOUND, "template.not_customized",
                        "templat memakai bawaan", "the template uses the default");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

int sq_mail_template_put(struct db *db, const struct mail_template_row *t, struct err *err)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO mail_templates (key, locale, subject, text_body, html_body,"
        " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, t->key);
    sq_bind_text(st, 2, t->locale);
    sq_bind_text(st, 3, t->subject);
    sq_bind_text(st, 4, t->text);
    sq_bind_text(st, 5, t->html);
    sqlite3_bind_int64(st, 6, t->updated_at);
    if (t->updated_by)
        sqlite3_bind_int64(st, 7, t->updated_by);
    else
        sqlite3_bind_null(st, 7);
    return sq_exec_stmt(d, st, err);
}

int sq_mail_template_delete(struct db *db, const char *key, const char *locale,
                            struct err *err)
{
    static const char sql[] = "DELETE FROM mail_templates WHERE key = ? AND locale = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, key);
    sq_bind_text(st, 2, locale);
    return sq_exec_stmt(d, st, err);
}

int sq_mail_template_list(struct db *db, struct arena *a, struct mail_template_row **items,
                          size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT key, locale, subject, text_body, html_body, updated_at, updated_by"
        " FROM mail_templates ORDER BY key, locale LIMIT 1000";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    struct mail_template_row *out = arena_alloc(a, 1000 * sizeof *out);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        read_template(st, a, &out[count++]);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}

/* ---- rows written with the change they announce -------------------- */

int sq_outbox_add(struct db *db, const struct outbox_row *o, struct err *err)
{
    static const char sql[] =
        "INSERT INTO outbox (created_at, ticket_id, recipient_id, recipient, channel, template,"
        " locale, vars, next_attempt_at) VALUES (?,?,?,?,?,?,?,?,?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, o->created_at);
    sq_bind_id(st, 2, o->ticket_id);
    sq_bind_id(st, 3, o->recipient_id);
    sq_bind_text_now(st, 4, o->recipient);
    sq_bind_text_now(st, 5, o->channel ? o->channel : "email");
    sq_bind_text_now(st, 6, o->template_key);
    sq_bind_text_now(st, 7, o->locale ? o->locale : "id");
    sq_bind_text_now(st, 8, o->vars);
    sqlite3_bind_int64(st, 9, o->created_at);
    return sq_exec_stmt(d, st, err);
}

int sq_outbox_list(struct db *db, const char *status, int64_t ticket_id, struct arena *a,
                   struct outbox_row **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT " SQ_OUTBOX_COLS " FROM outbox"
        " WHERE (?1 IS NULL OR status = ?1) AND (?2 = 0 OR ticket_id = ?2) ORDER BY id"
        " LIMIT 1000";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, status);
    sqlite3_bind_int64(st, 2, ticket_id);
    struct outbox_row *out = arena_alloc(a, 1000 * sizeof *out);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sq_outbox_read(st, a, &out[count++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *items = out;
    *n = count;
    return 0;
}
