/* Booking invites, reminders and WhatsApp dialogues on PostgreSQL (port of
** store/sqlite/booking_invites.c; the contract is store/booking_invites.h).
** The invite SEQUENCE and the reminder mark are single upserts of the
** booking's row: the row lock they take makes two nodes wait for each other
** there, so sequences have no gaps or repeats and a reminder is marked (and
** sent) by one node only. */
#include "store/booking_invites.h"
#include "core/arena.h"
#include "store/pg/pg.h"

#include <inttypes.h>
#include <stdio.h>

/* The first column of sql's first row for booking_id (0 without a row). */
static int one_int(struct db *db, const char *sql, int64_t booking_id, int *out,
                   struct err *err)
{
    char id[24];
    snprintf(id, sizeof id, "%" PRId64, booking_id);
    const char *v[] = {id};
    PGresult *r;
    *out = 0;
    if (pg_q((struct pg_db *)db, sql, 1, v, &r, err) != 0)
        return err->kind;
    *out = (int)pg_first_int(r);
    PQclear(r);
    return 0;
}

static int pg_bi_sequence(struct db *db, int64_t booking_id, int *seq, struct err *err)
{
    static const char sql[] = "SELECT sequence FROM booking_invites WHERE booking_id = $1::bigint";
    return one_int(db, sql, booking_id, seq, err);
}

static int pg_bi_bump(struct db *db, int64_t booking_id, int *seq, struct err *err)
{
    static const char sql[] =
        "INSERT INTO booking_invites (booking_id, sequence) VALUES ($1::bigint, 1)"
        " ON CONFLICT (booking_id) DO UPDATE SET sequence = booking_invites.sequence + 1"
        " RETURNING sequence";
    return one_int(db, sql, booking_id, seq, err);
}

static int pg_bi_reminders_due(struct db *db, int64_t now, int64_t until, size_t max,
                               struct arena *a, int64_t **ids, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT b.id FROM bookings b LEFT JOIN booking_invites i ON i.booking_id = b.id"
        " WHERE b.status = 'booked' AND coalesce(b.estimated_at, b.slot_start) > $1::bigint"
        " AND coalesce(b.estimated_at, b.slot_start) <= $2::bigint AND i.reminded_at IS NULL"
        " ORDER BY coalesce(b.estimated_at, b.slot_start) LIMIT $3::bigint";
    *ids = arena_alloc(a, (max ? max : 1) * sizeof **ids);
    *n = 0;
    if (!max)
        return 0;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, now);
    pgp_int(&p, until);
    pgp_int(&p, (int64_t)max);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t rows = (size_t)PQntuples(r);
    for (size_t i = 0; i < rows && i < max; i++)
        (*ids)[(*n)++] = pg_int(r, (int)i, 0);
    PQclear(r);
    return 0;
}

static int pg_bi_mark_reminded(struct db *db, int64_t booking_id, int64_t now, bool *fresh,
                               struct err *err)
{
    /* A second node marking the same booking waits on the row's lock, then
    ** finds reminded_at set and changes nothing: *fresh false there. */
    static const char sql[] =
        "INSERT INTO booking_invites (booking_id, reminded_at) VALUES ($1::bigint, $2::bigint)"
        " ON CONFLICT (booking_id) DO UPDATE SET reminded_at = $2::bigint"
        " WHERE booking_invites.reminded_at IS NULL";
    char id[24], at[24];
    snprintf(id, sizeof id, "%" PRId64, booking_id);
    snprintf(at, sizeof at, "%" PRId64, now);
    const char *v[] = {id, at};
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, 2, v, &changed, err);
    *fresh = rc == 0 && changed == 1;
    return rc;
}

static int pg_wa_dialog_get(struct db *db, const char *phone, int64_t now, struct arena *a,
                            const char **state, struct err *err)
{
    static const char sql[] =
        "SELECT state FROM wa_dialogs WHERE phone = $1::text AND expires_at > $2::bigint";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, phone);
    pgp_int(&p, now);
    PGresult *r;
    *state = NULL;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0)
        *state = pg_text(a, r, 0, 0);
    PQclear(r);
    return 0;
}

static int pg_wa_dialog_put(struct db *db, const char *phone, const char *state, int64_t now,
                            int64_t expires_at, struct err *err)
{
    static const char put[] =
        "INSERT INTO wa_dialogs (phone, state, expires_at, updated_at) VALUES ($1::text,"
        " $2::text, $3::bigint, $4::bigint) ON CONFLICT (phone) DO UPDATE SET"
        " state = excluded.state, expires_at = excluded.expires_at,"
        " updated_at = excluded.updated_at";
    /* forgetting one also drops the others that went stale */
    static const char del[] =
        "DELETE FROM wa_dialogs WHERE phone = $1::text OR expires_at <= $2::bigint";
    char exp[24], at[24];
    snprintf(exp, sizeof exp, "%" PRId64, expires_at);
    snprintf(at, sizeof at, "%" PRId64, now);
    struct pg_db *d = (struct pg_db *)db;
    if (state) {
        const char *v[] = {phone, state, exp, at};
        return pg_exec(d, put, 4, v, NULL, err);
    }
    const char *v[] = {phone, at};
    return pg_exec(d, del, 2, v, NULL, err);
}

/* ---- the driver's table ---- */

const struct store_booking_invite_ops pg_booking_invite_ops = {
    .bi_sequence = pg_bi_sequence,
    .bi_bump = pg_bi_bump,
    .bi_reminders_due = pg_bi_reminders_due,
    .bi_mark_reminded = pg_bi_mark_reminded,
    .wa_dialog_get = pg_wa_dialog_get,
    .wa_dialog_put = pg_wa_dialog_put,
};
