/* WhatsApp notification choices and pending rating answers in
** wa_notify_prefs and wa_pending (migration 0027; store/wa_notify.h). */
#include "store/wa_notify.h"
#include "store/sqlite/sqlite.h"

#include <string.h>

static int sq_wa_pref_get(struct db *db, int64_t user_id, struct arena *a, struct wa_pref *out,
                          struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    *out = (struct wa_pref){.user_id = user_id, .channel = "auto"};
    sqlite3_stmt *st = sq_prepare(
        d, "SELECT channel, phone, updated_at FROM wa_notify_prefs WHERE user_id = ?", err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->channel = sq_text(a, st, 0);
        out->phone = sq_text(a, st, 1);
        out->updated_at = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_wa_pref_put(struct db *db, const struct wa_pref *p, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(
        d,
        "INSERT INTO wa_notify_prefs (user_id, channel, phone, updated_at) VALUES (?1, ?2, "
        "nullif(?3, ''), ?4) ON CONFLICT (user_id) DO UPDATE SET channel = excluded.channel, "
        "phone = excluded.phone, updated_at = excluded.updated_at",
        err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, p->user_id);
    sqlite3_bind_text(st, 2, p->channel, -1, SQLITE_TRANSIENT);
    if (p->phone)
        sqlite3_bind_text(st, 3, p->phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, p->updated_at);
    return sq_exec_stmt(d, st, err);
}

static int sq_wa_pending_get(struct db *db, const char *phone, struct arena *a,
                             struct wa_pending *out, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st =
        sq_prepare(d, "SELECT ticket_id, state, since FROM wa_pending WHERE phone = ?", err);
    if (!st)
        return err->kind;
    sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->ticket_id = sqlite3_column_int64(st, 0);
        out->state = sq_text(a, st, 1);
        out->since = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_wa_pending_put(struct db *db, const char *phone, const struct wa_pending *p,
                             struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(
        d,
        p->ticket_id ? "INSERT INTO wa_pending (phone, ticket_id, state, since) VALUES (?1, ?2, "
                       "?3, ?4) ON CONFLICT (phone) DO UPDATE SET ticket_id = "
                       "excluded.ticket_id, state = excluded.state, since = excluded.since"
                     : "DELETE FROM wa_pending WHERE phone = ?1",
        err);
    if (!st)
        return err->kind;
    sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
    if (p->ticket_id) {
        sqlite3_bind_int64(st, 2, p->ticket_id);
        sqlite3_bind_text(st, 3, p->state, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 4, p->since);
    }
    return sq_exec_stmt(d, st, err);
}

/* ---- the driver's table ---- */

const struct store_wa_notify_ops sq_wa_notify_ops = {
    .wa_pref_get = sq_wa_pref_get,
    .wa_pref_put = sq_wa_pref_put,
    .wa_pending_get = sq_wa_pending_get,
    .wa_pending_put = sq_wa_pending_put,
};
