/* SQL of the inbound channels (see store/channels.h). */
#include "store/channels.h"
#include "store/sqlite/sqlite.h"
#include "core/arena.h"

#include <string.h>

static int one_id(struct sq_db *d, sqlite3_stmt *st, int64_t *id, struct err *err)
{
    int rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return 0;
}

static int sq_chan_mail_find(struct db *db, const char *message_id, struct arena *a,
                             struct inbound_mail *out, struct err *err)
{
    static const char sql[] = "SELECT source, sender, subject, outcome, reason, received_at,"
                              " ticket_id FROM inbound_mail WHERE message_id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, message_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = (struct inbound_mail){.message_id = arena_strdup(a, message_id),
                                     .source = sq_text(a, st, 0), .sender = sq_text(a, st, 1),
                                     .subject = sq_text(a, st, 2), .outcome = sq_text(a, st, 3),
                                     .reason = sq_text(a, st, 4),
                                     .received_at = sqlite3_column_int64(st, 5),
                                     .ticket_id = sqlite3_column_int64(st, 6)};
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return err_set(err, ERR_NOT_FOUND, "mail.not_found", "surel belum tercatat",
                   "mail not recorded");
}

static int sq_chan_mail_record(struct db *db, const struct inbound_mail *m, struct err *err)
{
    static const char sql[] =
        "INSERT INTO inbound_mail (message_id, received_at, source, sender, subject, outcome,"
        " reason, ticket_id) VALUES (?,?,?,?,?,?,?,?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, m->message_id);
    sqlite3_bind_int64(st, 2, m->received_at);
    sq_bind_text(st, 3, m->source);
    sq_bind_text(st, 4, m->sender);
    sq_bind_text(st, 5, m->subject);
    sq_bind_text(st, 6, m->outcome);
    sq_bind_text(st, 7, m->reason);
    if (m->ticket_id)
        sqlite3_bind_int64(st, 8, m->ticket_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return err_set(err, ERR_CONFLICT, "mail.duplicate", "surel sudah tercatat",
                       "mail already recorded");
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return 0;
}

static int sq_chan_user_by_email(struct db *db, const char *email, int64_t *id, struct err *err)
{
    static const char sql[] = "SELECT id FROM users WHERE email = ? COLLATE NOCASE";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, email);
    return one_id(d, st, id, err);
}

static int sq_chan_user_by_phone(struct db *db, const char *digits, int64_t *id, struct err *err)
{
    /* Phones are typed by people ("0812-...", "+62 812 ..."); WhatsApp gives
    ** "62812...". Compare both after removing the separators. */
    static const char sql[] =
        "SELECT id FROM users WHERE active = 1 AND phone IS NOT NULL AND"
        " replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '+', ''),"
        " '(', '') IN (?1, ?2) ORDER BY id LIMIT 1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, digits);
    char local[64] = "";
    if (!strncmp(digits, "62", 2) && strlen(digits) < sizeof local - 1) {
        local[0] = '0';
        strcpy(local + 1, digits + 2);
    }
    sq_bind_text(st, 2, local[0] ? local : digits);
    return one_id(d, st, id, err);
}

static int sq_chan_default_service(struct db *db, int64_t *id, struct err *err)
{
    static const char sql[] =
        "SELECT id FROM services WHERE kind = 'ticket' AND active = 1 ORDER BY id LIMIT 1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    return st ? one_id(d, st, id, err) : err->kind;
}

static int sq_chan_open_ticket(struct db *db, int64_t requester_id, const char *channel,
                               int64_t *id, struct err *err)
{
    static const char sql[] =
        "SELECT id FROM tickets WHERE requester_id = ? AND channel = ? AND status IN"
        " ('new', 'in_progress', 'waiting') ORDER BY updated_at DESC, id DESC LIMIT 1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, requester_id);
    sq_bind_text(st, 2, channel);
    return one_id(d, st, id, err);
}

static int sq_chan_wa_inbound_seen(struct db *db, const char *wamid, bool *seen, struct err *err)
{
    static const char sql[] = "SELECT id FROM wa_inbound WHERE wamid = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, wamid);
    int64_t id;
    int rc = one_id(d, st, &id, err);
    *seen = id != 0;
    return rc;
}

static int sq_chan_wa_inbound_add(struct db *db, const char *wamid, const char *phone,
                                  int64_t sent_at, const char *kind, int64_t ticket_id, bool *fresh,
                                  struct err *err)
{
    static const char sql[] =
        "INSERT INTO wa_inbound (wamid, phone, sent_at, kind, ticket_id) VALUES (?,?,?,?,?)"
        " ON CONFLICT (wamid) DO NOTHING";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, wamid);
    sq_bind_text(st, 2, phone);
    sqlite3_bind_int64(st, 3, sent_at);
    sq_bind_text(st, 4, kind);
    if (ticket_id)
        sqlite3_bind_int64(st, 5, ticket_id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *fresh = sqlite3_changes(d->h) == 1;
    return 0;
}

static int sq_chan_wa_last_inbound(struct db *db, const char *phone, int64_t *at, struct err *err)
{
    static const char sql[] = "SELECT coalesce(max(sent_at), 0) FROM wa_inbound WHERE phone = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, phone);
    return one_id(d, st, at, err);
}

static int sq_chan_wa_ticket_phone(struct db *db, int64_t ticket_id, struct arena *a,
                                   const char **phone, struct err *err)
{
    static const char sql[] =
        "SELECT phone FROM wa_inbound WHERE ticket_id = ? ORDER BY sent_at DESC, id DESC LIMIT 1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, ticket_id);
    int rc = sqlite3_step(st);
    *phone = rc == SQLITE_ROW ? sq_text(a, st, 0) : NULL;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return 0;
}

static int sq_chan_wa_outbound_add(struct db *db, const char *wamid, int64_t outbox_id,
                                   int64_t ticket_id, const char *phone, const char *kind,
                                   int64_t at, struct err *err)
{
    static const char sql[] =
        "INSERT INTO wa_outbound (wamid, outbox_id, ticket_id, phone, kind, sent_at, status,"
        " status_at) VALUES (?,?,?,?,?,?,'sent',?) ON CONFLICT (wamid) DO NOTHING";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, wamid);
    sqlite3_bind_int64(st, 2, outbox_id);
    if (ticket_id)
        sqlite3_bind_int64(st, 3, ticket_id);
    sq_bind_text(st, 4, phone);
    sq_bind_text(st, 5, kind);
    sqlite3_bind_int64(st, 6, at);
    sqlite3_bind_int64(st, 7, at);
    return sq_exec_stmt(d, st, err);
}

static int sq_chan_wa_status_add(struct db *db, const char *wamid, const char *status, int64_t at,
                                 const char *error, struct err *err)
{
    static const char ins[] = "INSERT INTO wa_status (wamid, status, at, error) VALUES (?,?,?,?)";
    /* Callbacks may arrive out of order: the latest by time wins. */
    static const char upd[] = "UPDATE wa_outbound SET status = ?2, status_at = ?3"
                              " WHERE wamid = ?1 AND coalesce(status_at, 0) <= ?3";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, ins, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, wamid);
    sq_bind_text(st, 2, status);
    sqlite3_bind_int64(st, 3, at);
    sq_bind_text(st, 4, error);
    if (sq_exec_stmt(d, st, err) != 0 || !(st = sq_prepare(d, upd, err)))
        return err->kind;
    sq_bind_text(st, 1, wamid);
    sq_bind_text(st, 2, status);
    sqlite3_bind_int64(st, 3, at);
    return sq_exec_stmt(d, st, err);
}

static int sq_chan_outbox_claim(struct db *db, const char *channel, int64_t now, size_t max,
                                struct arena *a, struct outbox_row **rows, size_t *n,
                                struct err *err)
{
    static const char sel[] =
        "SELECT id, created_at, ticket_id, recipient_id, recipient, channel, template, locale,"
        " vars, attempts FROM outbox WHERE status = 'pending' AND channel = ?"
        " AND next_attempt_at <= ? ORDER BY id LIMIT ?";
    static const char claim[] = "UPDATE outbox SET status = 'sending', attempts = attempts + 1"
                                " WHERE id = ? AND status = 'pending'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sel, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, channel);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
    struct outbox_row *out = arena_alloc(a, (max ? max : 1) * sizeof *out);
    size_t count = 0;
    int rc;
    while (count < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct outbox_row *o = &out[count++];
        o->id = sqlite3_column_int64(st, 0);
        o->created_at = sqlite3_column_int64(st, 1);
        o->ticket_id = sqlite3_column_int64(st, 2);
        o->recipient_id = sqlite3_column_int64(st, 3);
        o->recipient = sq_text(a, st, 4);
        o->channel = sq_text(a, st, 5);
        o->template_key = sq_text(a, st, 6);
        o->locale = sq_text(a, st, 7);
        o->vars = sq_text(a, st, 8);
        o->attempts = sqlite3_column_int(st, 9) + 1;
        o->status = "sending";
    }
    sqlite3_reset(st);
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        if (!(st = sq_prepare(d, claim, err)))
            return err->kind;
        sqlite3_bind_int64(st, 1, out[i].id);
        if (sq_exec_stmt(d, st, err) != 0)
            return err->kind;
        if (sqlite3_changes(d->h) == 1) /* someone else may have taken it */
            out[kept++] = out[i];
    }
    *rows = out;
    *n = kept;
    return 0;
}

static int sq_chan_outbox_abandon(struct db *db, const char *channel, int *n, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'failed', last_error = 'interrupted while sending: may or"
        " may not have been delivered' WHERE channel = ? AND status = 'sending'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, channel);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *n = sqlite3_changes(d->h);
    return 0;
}

static int sq_chan_outbox_finish(struct db *db, int64_t id, const char *status,
                                 int64_t next_attempt_at, const char *error, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = ?2, next_attempt_at = CASE WHEN ?3 > 0 THEN ?3"
        " ELSE next_attempt_at END, sent_at = CASE WHEN ?2 = 'sent' THEN unixepoch() END,"
        " last_error = coalesce(?4, last_error) WHERE id = ?1 AND status = 'sending'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, status);
    sqlite3_bind_int64(st, 3, next_attempt_at);
    sq_bind_text(st, 4, error);
    return sq_exec_stmt(d, st, err);
}

/* ---- the driver's table ---- */

const struct store_channel_ops sq_channel_ops = {
    .chan_mail_find = sq_chan_mail_find,
    .chan_mail_record = sq_chan_mail_record,
    .chan_user_by_email = sq_chan_user_by_email,
    .chan_user_by_phone = sq_chan_user_by_phone,
    .chan_default_service = sq_chan_default_service,
    .chan_open_ticket = sq_chan_open_ticket,
    .chan_wa_inbound_seen = sq_chan_wa_inbound_seen,
    .chan_wa_inbound_add = sq_chan_wa_inbound_add,
    .chan_wa_last_inbound = sq_chan_wa_last_inbound,
    .chan_wa_ticket_phone = sq_chan_wa_ticket_phone,
    .chan_wa_outbound_add = sq_chan_wa_outbound_add,
    .chan_wa_status_add = sq_chan_wa_status_add,
    .chan_outbox_claim = sq_chan_outbox_claim,
    .chan_outbox_abandon = sq_chan_outbox_abandon,
    .chan_outbox_finish = sq_chan_outbox_finish,
};
