/* Report subscriptions and their per-period sends in report_subscriptions
** and report_subscription_sends (migration 0026). The claim relies on the
** UNIQUE (subscription_id, period) key, so two nodes or a restarted server
** never both send one period. */
#include "store/subscription.h"
#include "store/sqlite/sqlite.h"
#include "core/arena.h"
#include "core/buf.h"

#include <string.h>

#define SUB_COLS                                                                              \
    "s.id, s.owner_id, s.report, s.format, s.cadence, s.weekday, s.at_minute, s.unit_id, "    \
    "s.extra_recipients, s.active, s.created_at, s.updated_at, u.name, u.email, u.locale, "   \
    "un.name, l.period, l.status, coalesce(l.finished_at, l.claimed_at) "                     \
    "FROM report_subscriptions s JOIN users u ON u.id = s.owner_id "                          \
    "LEFT JOIN units un ON un.id = s.unit_id "                                                \
    "LEFT JOIN report_subscription_sends l ON l.id = (SELECT max(id) FROM "                   \
    "report_subscription_sends WHERE subscription_id = s.id) "

static int not_found(struct err *err)
{
    return err_set(err, ERR_NOT_FOUND, "subscription.not_found", "langganan tidak ditemukan",
                   "subscription not found");
}

static void read_row(sqlite3_stmt *st, struct arena *a, struct report_subscription *s)
{
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    s->owner_id = sqlite3_column_int64(st, 1);
    s->report = sq_text(a, st, 2);
    s->format = sq_text(a, st, 3);
    s->cadence = sq_text(a, st, 4);
    s->weekday = sqlite3_column_int(st, 5);
    s->at_minute = sqlite3_column_int(st, 6);
    s->unit_id = sqlite3_column_int64(st, 7);
    s->extra_recipients = sq_text(a, st, 8);
    s->active = sqlite3_column_int(st, 9) != 0;
    s->created_at = sqlite3_column_int64(st, 10);
    s->updated_at = sqlite3_column_int64(st, 11);
    s->owner_name = sq_text(a, st, 12);
    s->owner_email = sq_text(a, st, 13);
    s->owner_locale = sq_text(a, st, 14);
    s->unit_name = sq_text(a, st, 15);
    s->last_period = sq_text(a, st, 16);
    s->last_status = sq_text(a, st, 17);
    s->last_at = sqlite3_column_int64(st, 18);
}

static int sq_subscription_list(struct db *db, int64_t owner_id, struct arena *a,
                                struct report_subscription **items, size_t *n, struct err *err)
{
    static const char sql[] = "SELECT " SUB_COLS "WHERE ?1 = 0 OR s.owner_id = ?1 "
                              "ORDER BY s.id DESC LIMIT 500";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, owner_id);
    size_t cap = 0;
    *items = NULL;
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* the query's LIMIT keeps need within max */
        *items = vec_grow_arena(a, *items, *n, &cap, *n + 1, sizeof **items, 500);
        read_row(st, a, &(*items)[(*n)++]);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_subscription_get(struct db *db, int64_t id, struct arena *a,
                               struct report_subscription *out, struct err *err)
{
    static const char sql[] = "SELECT " SUB_COLS "WHERE s.id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_row(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return not_found(err);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_subscription_save(struct db *db, struct report_subscription *s, struct err *err)
{
    static const char ins[] =
        "INSERT INTO report_subscriptions (report, format, cadence, weekday, at_minute, "
        "unit_id, extra_recipients, active, updated_at, owner_id, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    static const char upd[] =
        "UPDATE report_subscriptions SET report = ?1, format = ?2, cadence = ?3, "
        "weekday = ?4, at_minute = ?5, unit_id = ?6, extra_recipients = ?7, active = ?8, "
        "updated_at = ?9 WHERE id = ?10";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, s->id ? upd : ins, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, s->report);
    sq_bind_text(st, 2, s->format);
    sq_bind_text(st, 3, s->cadence);
    sqlite3_bind_int(st, 4, s->weekday);
    sqlite3_bind_int(st, 5, s->at_minute);
    sq_bind_id(st, 6, s->unit_id);
    sq_bind_text(st, 7, s->extra_recipients ? s->extra_recipients : "");
    sqlite3_bind_int(st, 8, s->active);
    sqlite3_bind_int64(st, 9, s->updated_at);
    sqlite3_bind_int64(st, 10, s->id ? s->id : s->owner_id);
    if (!s->id)
        sqlite3_bind_int64(st, 11, s->created_at);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (!s->id) {
        s->id = sqlite3_last_insert_rowid(d->h);
        return 0;
    }
    return sqlite3_changes(d->h) == 0 ? not_found(err) : 0;
}

static int sq_subscription_delete(struct db *db, int64_t id, struct err *err)
{
    /* the sends go first: foreign keys may be off on this connection */
    static const char sends[] = "DELETE FROM report_subscription_sends WHERE subscription_id = ?";
    static const char sql[] = "DELETE FROM report_subscriptions WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sends, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    if (sq_exec_stmt(d, st, err) != 0 || !(st = sq_prepare(d, sql, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    return sqlite3_changes(d->h) == 0 ? not_found(err) : 0;
}

static int sq_subscription_claim(struct db *db, int64_t id, const char *period, int64_t now,
                                 int64_t stale_before, struct err *err)
{
    /* One statement: a fresh row, or taking over a stale claim; no row
    ** changed means someone else holds or finished the period. */
    static const char sql[] =
        "INSERT INTO report_subscription_sends (subscription_id, period, status, claimed_at) "
        "VALUES (?1, ?2, 'claimed', ?3) ON CONFLICT (subscription_id, period) DO UPDATE "
        "SET claimed_at = excluded.claimed_at WHERE status = 'claimed' AND claimed_at < ?4";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, period);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, stale_before);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (sqlite3_changes(d->h) == 0)
        return err_set(err, ERR_CONFLICT, "subscription.period_taken",
                       "periode ini sudah dikirim atau sedang dikirim",
                       "this period is already sent or being sent");
    return 0;
}

static int sq_subscription_finish(struct db *db, int64_t id, const char *period,
                                  const char *status, const char *detail, int64_t now,
                                  struct err *err)
{
    static const char sql[] =
        "UPDATE report_subscription_sends SET status = ?3, detail = ?4, finished_at = ?5 "
        "WHERE subscription_id = ?1 AND period = ?2";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, period);
    sq_bind_text(st, 3, status);
    sq_bind_text(st, 4, detail);
    sqlite3_bind_int64(st, 5, now);
    return sq_exec_stmt(d, st, err);
}

/* ---- the driver's table ---- */

const struct store_subscription_ops sq_subscription_ops = {
    .subscription_list = sq_subscription_list,
    .subscription_get = sq_subscription_get,
    .subscription_save = sq_subscription_save,
    .subscription_delete = sq_subscription_delete,
    .subscription_claim = sq_subscription_claim,
    .subscription_finish = sq_subscription_finish,
};
