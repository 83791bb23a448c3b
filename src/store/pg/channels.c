/* SQL of the inbound channels on PostgreSQL (port of
** store/sqlite/channels.c; the contract is store/channels.h): inbound mail
** and WhatsApp records, and the channel workers' outbox claims, which lock
** their rows with FOR UPDATE SKIP LOCKED so no row is sent twice whichever
** node claims it. */
#include "store/channels.h"
#include "store/pg/claims.h"
#include "store/pg/pg.h"
#include "core/arena.h"

#include <string.h>

/* The first column of the first row as an id or time (0 without a row). */
static int one_id(struct db *db, const char *sql, const struct pg_params *p, int64_t *id,
                  struct err *err)
{
    PGresult *r;
    *id = 0;
    if (pg_q((struct pg_db *)db, sql, p->n, p->v, &r, err) != 0)
        return err->kind;
    *id = pg_first_int(r);
    PQclear(r);
    return 0;
}

static int pg_chan_mail_find(struct db *db, const char *message_id, struct arena *a,
                             struct inbound_mail *out, struct err *err)
{
    static const char sql[] = "SELECT source, sender, subject, outcome, reason, received_at,"
                              " ticket_id FROM inbound_mail WHERE message_id = $1::text";
    const char *v[] = {message_id};
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, 1, v, &r, err) != 0)
        return err->kind;
    bool found = PQntuples(r) > 0;
    if (found)
        *out = (struct inbound_mail){.message_id = arena_strdup(a, message_id),
                                     .source = pg_text(a, r, 0, 0),
                                     .sender = pg_text(a, r, 0, 1),
                                     .subject = pg_text(a, r, 0, 2),
                                     .outcome = pg_text(a, r, 0, 3),
                                     .reason = pg_text(a, r, 0, 4),
                                     .received_at = pg_int(r, 0, 5),
                                     .ticket_id = pg_int(r, 0, 6)};
    PQclear(r);
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "mail.not_found", "surel belum tercatat",
                       "mail not recorded");
    return 0;
}

/* ON CONFLICT DO NOTHING rather than a failed INSERT: the duplicate is
** reported without aborting the caller's transaction (PostgreSQL would
** refuse every later statement of it). */
static int pg_chan_mail_record(struct db *db, const struct inbound_mail *m, struct err *err)
{
    static const char sql[] =
        "INSERT INTO inbound_mail (message_id, received_at, source, sender, subject, outcome,"
        " reason, ticket_id) VALUES ($1::text, $2::bigint, $3::text, $4::text, $5::text,"
        " $6::text, $7::text, $8::bigint) ON CONFLICT (message_id) DO NOTHING";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, m->message_id);
    pgp_int(&p, m->received_at);
    pgp_text(&p, m->source);
    pgp_text(&p, m->sender);
    pgp_text(&p, m->subject);
    pgp_text(&p, m->outcome);
    pgp_text(&p, m->reason);
    pgp_id(&p, m->ticket_id);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    arena_free(a);
    if ((rc == 0 && changed == 0) || rc == ERR_CONFLICT)
        return err_set(err, ERR_CONFLICT, "mail.duplicate", "surel sudah tercatat",
                       "mail already recorded");
    return rc;
}

static int pg_chan_user_by_email(struct db *db, const char *email, int64_t *id, struct err *err)
{
    static const char sql[] =
        "SELECT id FROM users WHERE lower(email) = lower($1::text) ORDER BY id LIMIT 1";
    struct pg_params p = {.n = 1, .v = {email}};
    return one_id(db, sql, &p, id, err);
}

static int pg_chan_user_by_phone(struct db *db, const char *digits, int64_t *id, struct err *err)
{
    /* Phones are typed by people ("0812-...", "+62 812 ..."); WhatsApp gives
    ** "62812...". Compare both after removing the separators. */
    static const char sql[] =
        "SELECT id FROM users WHERE active = 1 AND phone IS NOT NULL AND"
        " replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '+', ''),"
        " '(', '') IN ($1::text, $2::text) ORDER BY id LIMIT 1";
    char local[64] = "";
    if (!strncmp(digits, "62", 2) && strlen(digits) < sizeof local - 1) {
        local[0] = '0';
        strcpy(local + 1, digits + 2);
    }
    struct pg_params p = {.n = 2, .v = {digits, local[0] ? local : digits}};
    return one_id(db, sql, &p, id, err);
}

static int pg_chan_default_service(struct db *db, int64_t *id, struct err *err)
{
    static const char sql[] =
        "SELECT id FROM services WHERE kind = 'ticket' AND active = 1 ORDER BY id LIMIT 1";
    struct pg_params p = {.n = 0};
    return one_id(db, sql, &p, id, err);
}

static int pg_chan_open_ticket(struct db *db, int64_t requester_id, const char *channel,
                               int64_t *id, struct err *err)
{
    static const char sql[] =
        "SELECT id FROM tickets WHERE requester_id = $1::bigint AND channel = $2::text AND"
        " status IN ('new', 'in_progress', 'waiting') ORDER BY updated_at DESC, id DESC LIMIT 1";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, requester_id);
    pgp_text(&p, channel);
    int rc = one_id(db, sql, &p, id, err);
    arena_free(a);
    return rc;
}

static int pg_chan_wa_inbound_seen(struct db *db, const char *wamid, bool *seen, struct err *err)
{
    static const char sql[] = "SELECT id FROM wa_inbound WHERE wamid = $1::text";
    struct pg_params p = {.n = 1, .v = {wamid}};
    int64_t id;
    int rc = one_id(db, sql, &p, &id, err);
    *seen = id != 0;
    return rc;
}

static int pg_chan_wa_inbound_add(struct db *db, const char *wamid, const char *phone,
                                  int64_t sent_at, const char *kind, int64_t ticket_id, bool *fresh,
                                  struct err *err)
{
    static const char sql[] =
        "INSERT INTO wa_inbound (wamid, phone, sent_at, kind, ticket_id) VALUES ($1::text,"
        " $2::text, $3::bigint, $4::text, $5::bigint) ON CONFLICT (wamid) DO NOTHING";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, wamid);
    pgp_text(&p, phone);
    pgp_int(&p, sent_at);
    pgp_text(&p, kind);
    pgp_id(&p, ticket_id);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, &changed, err);
    arena_free(a);
    *fresh = rc == 0 && changed == 1;
    return rc;
}

static int pg_chan_wa_last_inbound(struct db *db, const char *phone, int64_t *at, struct err *err)
{
    static const char sql[] =
        "SELECT coalesce(max(sent_at), 0) FROM wa_inbound WHERE phone = $1::text";
    struct pg_params p = {.n = 1, .v = {phone}};
    return one_id(db, sql, &p, at, err);
}

static int pg_chan_wa_ticket_phone(struct db *db, int64_t ticket_id, struct arena *a,
                                   const char **phone, struct err *err)
{
    static const char sql[] = "SELECT phone FROM wa_inbound WHERE ticket_id = $1::bigint"
                              " ORDER BY sent_at DESC, id DESC LIMIT 1";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, ticket_id);
    PGresult *r;
    *phone = NULL;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0)
        *phone = pg_text(a, r, 0, 0);
    PQclear(r);
    return 0;
}

static int pg_chan_wa_outbound_add(struct db *db, const char *wamid, int64_t outbox_id,
                                   int64_t ticket_id, const char *phone, const char *kind,
                                   int64_t at, struct err *err)
{
    static const char sql[] =
        "INSERT INTO wa_outbound (wamid, outbox_id, ticket_id, phone, kind, sent_at, status,"
        " status_at) VALUES ($1::text, $2::bigint, $3::bigint, $4::text, $5::text, $6::bigint,"
        " 'sent', $6::bigint) ON CONFLICT (wamid) DO NOTHING";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, wamid);
    pgp_int(&p, outbox_id);
    pgp_id(&p, ticket_id);
    pgp_text(&p, phone);
    pgp_text(&p, kind);
    pgp_int(&p, at);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_chan_wa_status_add(struct db *db, const char *wamid, const char *status, int64_t at,
                                 const char *error, struct err *err)
{
    static const char ins[] = "INSERT INTO wa_status (wamid, status, at, error)"
                              " VALUES ($1::text, $2::text, $3::bigint, $4::text)";
    /* Callbacks may arrive out of order: the latest by time wins. */
    static const char upd[] =
        "UPDATE wa_outbound SET status = $2::text, status_at = $3::bigint"
        " WHERE wamid = $1::text AND coalesce(status_at, 0) <= $3::bigint";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, wamid);
    pgp_text(&p, status);
    pgp_int(&p, at);
    pgp_text(&p, error);
    struct pg_db *d = (struct pg_db *)db;
    int rc = pg_exec(d, ins, 4, p.v, NULL, err);
    if (rc == 0)
        rc = pg_exec(d, upd, 3, p.v, NULL, err);
    arena_free(a);
    return rc;
}

/* One statement (autocommit): the rows are locked with SKIP LOCKED, so a
** worker on another node claiming at the same moment takes other rows, and
** the UPDATE re-checks each row is still pending. The locking SELECT is a
** MATERIALIZED CTE so that it runs once (outbox.c says why). */
static int pg_chan_outbox_claim(struct db *db, const char *channel, int64_t now, size_t max,
                                struct arena *a, struct outbox_row **rows, size_t *n,
                                struct err *err)
{
    static const char sql[] =
        "WITH picked AS MATERIALIZED (SELECT id FROM outbox WHERE status = 'pending'"
        " AND channel = $1::text AND next_attempt_at <= $2::bigint ORDER BY id"
        " LIMIT $3::bigint FOR UPDATE SKIP LOCKED),"
        " c AS (UPDATE outbox o SET status = 'sending'," CLAIM_OWNER
        " attempts = o.attempts + 1 FROM picked WHERE o.id = picked.id AND o.status = 'pending'"
        " RETURNING o.id,"
        " o.created_at, o.ticket_id, o.recipient_id, o.recipient, o.channel, o.template,"
        " o.locale, o.vars, o.attempts) SELECT * FROM c ORDER BY id";
    struct outbox_row *out = arena_alloc(a, (max ? max : 1) * sizeof *out);
    *rows = out;
    *n = 0;
    if (!max)
        return 0;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, channel);
    pgp_int(&p, now);
    pgp_int(&p, (int64_t)max);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    for (size_t i = 0; i < count && i < max; i++) {
        int k = (int)i;
        out[i] = (struct outbox_row){.id = pg_int(r, k, 0),
                                     .created_at = pg_int(r, k, 1),
                                     .ticket_id = pg_int(r, k, 2),
                                     .recipient_id = pg_int(r, k, 3),
                                     .recipient = pg_text(a, r, k, 4),
                                     .channel = pg_text(a, r, k, 5),
                                     .template_key = pg_text(a, r, k, 6),
                                     .locale = pg_text(a, r, k, 7),
                                     .vars = pg_text(a, r, k, 8),
                                     .attempts = (int)pg_int(r, k, 9),
                                     .status = "sending"};
    }
    PQclear(r);
    *n = count < max ? count : max;
    return 0;
}

static int pg_chan_outbox_abandon(struct db *db, const char *channel, int *n, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = 'failed', last_error = 'interrupted while sending: may or"
        " may not have been delivered' WHERE channel = $1::text AND status = 'sending'"
        " AND " CLAIM_GONE("outbox");
    const char *v[] = {channel};
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, 1, v, &changed, err);
    if (rc == 0)
        *n = (int)changed;
    return rc;
}

static int pg_chan_outbox_finish(struct db *db, int64_t id, const char *status,
                                 int64_t next_attempt_at, const char *error, struct err *err)
{
    static const char sql[] =
        "UPDATE outbox SET status = $2::text, next_attempt_at = CASE WHEN $3::bigint > 0"
        " THEN $3::bigint ELSE next_attempt_at END, sent_at = CASE WHEN $2::text = 'sent'"
        " THEN floor(extract(epoch FROM now()))::bigint END,"
        " last_error = coalesce($4::text, last_error)"
        " WHERE id = $1::bigint AND status = 'sending'";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    pgp_text(&p, status);
    pgp_int(&p, next_attempt_at);
    pgp_text(&p, error);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

/* ---- the driver's table ---- */

const struct store_channel_ops pg_channel_ops = {
    .chan_mail_find = pg_chan_mail_find,
    .chan_mail_record = pg_chan_mail_record,
    .chan_user_by_email = pg_chan_user_by_email,
    .chan_user_by_phone = pg_chan_user_by_phone,
    .chan_default_service = pg_chan_default_service,
    .chan_open_ticket = pg_chan_open_ticket,
    .chan_wa_inbound_seen = pg_chan_wa_inbound_seen,
    .chan_wa_inbound_add = pg_chan_wa_inbound_add,
    .chan_wa_last_inbound = pg_chan_wa_last_inbound,
    .chan_wa_ticket_phone = pg_chan_wa_ticket_phone,
    .chan_wa_outbound_add = pg_chan_wa_outbound_add,
    .chan_wa_status_add = pg_chan_wa_status_add,
    .chan_outbox_claim = pg_chan_outbox_claim,
    .chan_outbox_abandon = pg_chan_outbox_abandon,
    .chan_outbox_finish = pg_chan_outbox_finish,
};
