/* SQL of booking invites, reminders and WhatsApp dialogues (see
** store/booking_invites.h). */
#include "store/booking_invites.h"
#include "core/arena.h"
#include "store/sqlite/sqlite.h"

/* The first column of sql's first row for booking_id (0 without a row). */
static int one_int(struct db *db, const char *sql, int64_t booking_id, int *out,
                   struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, booking_id);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return 0;
}

static int sq_bi_sequence(struct db *db, int64_t booking_id, int *seq, struct err *err)
{
    static const char sql[] = "SELECT sequence FROM booking_invites WHERE booking_id = ?";
    return one_int(db, sql, booking_id, seq, err);
}

static int sq_bi_bump(struct db *db, int64_t booking_id, int *seq, struct err *err)
{
    static const char sql[] =
        "INSERT INTO booking_invites (booking_id, sequence) VALUES (?, 1)"
        " ON CONFLICT (booking_id) DO UPDATE SET sequence = sequence + 1 RETURNING sequence";
    return one_int(db, sql, booking_id, seq, err);
}

static int sq_bi_reminders_due(struct db *db, int64_t now, int64_t until, size_t max,
                               struct arena *a, int64_t **ids, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT b.id FROM bookings b LEFT JOIN booking_invites i ON i.booking_id = b.id"
        " WHERE b.status = 'booked' AND coalesce(b.estimated_at, b.slot_start) > ?1"
        " AND coalesce(b.estimated_at, b.slot_start) <= ?2 AND i.reminded_at IS NULL"
        " ORDER BY coalesce(b.estimated_at, b.slot_start) LIMIT ?3";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, until);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
    *ids = arena_alloc(a, (max ? max : 1) * sizeof **ids);
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return 0;
}

static int sq_bi_mark_reminded(struct db *db, int64_t booking_id, int64_t now, bool *fresh,
                               struct err *err)
{
    static const char sql[] =
        "INSERT INTO booking_invites (booking_id, reminded_at) VALUES (?1, ?2)"
        " ON CONFLICT (booking_id) DO UPDATE SET reminded_at = ?2 WHERE reminded_at IS NULL";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, booking_id);
    sqlite3_bind_int64(st, 2, now);
    int rc = sq_exec_stmt(d, st, err);
    *fresh = rc == 0 && sqlite3_changes(d->h) == 1;
    return rc;
}

static int sq_wa_dialog_get(struct db *db, const char *phone, int64_t now, struct arena *a,
                            const char **state, struct err *err)
{
    static const char sql[] = "SELECT state FROM wa_dialogs WHERE phone = ? AND expires_at > ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, phone);
    sqlite3_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    *state = rc == SQLITE_ROW ? sq_text(a, st, 0) : NULL;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    return 0;
}

static int sq_wa_dialog_put(struct db *db, const char *phone, const char *state, int64_t now,
                            int64_t expires_at, struct err *err)
{
    static const char put[] =
        "INSERT INTO wa_dialogs (phone, state, expires_at, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (phone) DO UPDATE SET state = excluded.state,"
        " expires_at = excluded.expires_at, updated_at = excluded.updated_at";
    /* forgetting one also drops the others that went stale */
    static const char del[] = "DELETE FROM wa_dialogs WHERE phone = ? OR expires_at <= ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, state ? put : del, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, phone);
    if (state) {
        sq_bind_text(st, 2, state);
        sqlite3_bind_int64(st, 3, expires_at);
        sqlite3_bind_int64(st, 4, now);
    } else {
        sqlite3_bind_int64(st, 2, now);
    }
    return sq_exec_stmt(d, st, err);
}

/* ---- the driver's table ---- */

const struct store_booking_invite_ops sq_booking_invite_ops = {
    .bi_sequence = sq_bi_sequence,
    .bi_bump = sq_bi_bump,
    .bi_reminders_due = sq_bi_reminders_due,
    .bi_mark_reminded = sq_bi_mark_reminded,
    .wa_dialog_get = sq_wa_dialog_get,
    .wa_dialog_put = sq_wa_dialog_put,
};
