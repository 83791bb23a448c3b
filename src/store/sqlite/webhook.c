/* Outbound webhooks in SQLite (migration 0025; the contract is
** store/webhook.h): endpoints, and deliveries claimed one per endpoint so
** each endpoint receives its events in order. */
#include "store/webhook.h"
#include "core/arena.h"
#include "store/sqlite/sqlite.h"

#define WH_COLS                                                                            \
    "id, name, url, events, secret, enabled, coalesce(created_by, 0), created_at, "          \
    "updated_at, coalesce(last_status, 0), last_response, coalesce(last_at, 0)"
#define WD_COLS                                                                            \
    "id, webhook_id, coalesce(ticket_id, 0), event, payload, status, attempts, created_at, " \
    "next_attempt_at, coalesce(finished_at, 0), coalesce(last_status, 0), last_response, "   \
    "last_error, coalesce(redelivery_of, 0)"

static void read_hook(sqlite3_stmt *st, struct arena *a, struct webhook_row *w)
{
    w->id = sqlite3_column_int64(st, 0);
    w->name = sq_text(a, st, 1);
    w->url = sq_text(a, st, 2);
    w->events = sq_text(a, st, 3);
    w->secret = sq_text(a, st, 4);
    w->enabled = sqlite3_column_int(st, 5) != 0;
    w->created_by = sqlite3_column_int64(st, 6);
    w->created_at = sqlite3_column_int64(st, 7);
    w->updated_at = sqlite3_column_int64(st, 8);
    w->last_status = sqlite3_column_int(st, 9);
    w->last_response = sq_text(a, st, 10);
    w->last_at = sqlite3_column_int64(st, 11);
}

static void read_delivery(sqlite3_stmt *st, struct arena *a, struct webhook_delivery *d)
{
    d->id = sqlite3_column_int64(st, 0);
    d->webhook_id = sqlite3_column_int64(st, 1);
    d->ticket_id = sqlite3_column_int64(st, 2);
    d->event = sq_text(a, st, 3);
    d->payload = sq_text(a, st, 4);
    d->status = sq_text(a, st, 5);
    d->attempts = sqlite3_column_int(st, 6);
    d->created_at = sqlite3_column_int64(st, 7);
    d->next_attempt_at = sqlite3_column_int64(st, 8);
    d->finished_at = sqlite3_column_int64(st, 9);
    d->last_status = sqlite3_column_int(st, 10);
    d->last_response = sq_text(a, st, 11);
    d->last_error = sq_text(a, st, 12);
    d->redelivery_of = sqlite3_column_int64(st, 13);
}

static int hook_not_found(struct err *err)
{
    return err_text(err, ERR_NOT_FOUND, "webhook.not_found", "webhook tidak ditemukan",
                    "webhook not found");
}

/* Steps a prepared statement to its end, reading up to max rows of
** `size` bytes each with `read`. */
static int read_all(struct sq_db *d, sqlite3_stmt *st, struct arena *a, size_t max,
                    size_t size, void (*read)(sqlite3_stmt *, struct arena *, void *),
                    void **rows, size_t *n, struct err *err)
{
    char *out = arena_alloc(a, (max ? max : 1) * size);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (count < max)
            read(st, a, out + size * count++);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *rows = out;
    *n = count;
    return 0;
}

static void read_hook_v(sqlite3_stmt *st, struct arena *a, void *p)
{
    read_hook(st, a, p);
}

static void read_delivery_v(sqlite3_stmt *st, struct arena *a, void *p)
{
    read_delivery(st, a, p);
}

static int sq_webhook_list(struct db *db, struct arena *a, struct webhook_row **rows,
                           size_t *n, struct err *err)
{
    static const char sql[] = "SELECT " WH_COLS " FROM webhooks ORDER BY id LIMIT 200";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    return read_all(d, st, a, 200, sizeof **rows, read_hook_v, (void **)rows, n, err);
}

static int sq_webhook_get(struct db *db, int64_t id, struct arena *a, struct webhook_row *out,
                          struct err *err)
{
    static const char sql[] = "SELECT " WH_COLS " FROM webhooks WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_hook(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return hook_not_found(err);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_webhook_save(struct db *db, struct webhook_row *w, struct err *err)
{
    static const char ins[] =
        "INSERT INTO webhooks (name, url, events, secret, enabled, created_by, created_at,"
        " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
    static const char upd[] =
        "UPDATE webhooks SET name = ?1, url = ?2, events = ?3, secret = coalesce(?4, secret),"
        " enabled = ?5, updated_at = ?7 WHERE id = ?8";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, w->id ? upd : ins, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, w->name ? w->name : "");
    sq_bind_text(st, 2, w->url);
    sq_bind_text(st, 3, w->events);
    sq_bind_text(st, 4, w->secret);
    sqlite3_bind_int(st, 5, w->enabled);
    if (!w->id)
        sq_bind_id(st, 6, w->created_by);
    sqlite3_bind_int64(st, 7, w->id ? w->updated_at : w->created_at);
    if (w->id)
        sqlite3_bind_int64(st, 8, w->id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    if (!w->id)
        w->id = sqlite3_last_insert_rowid(d->h);
    else if (sqlite3_changes(d->h) == 0)
        return hook_not_found(err);
    return 0;
}

static int sq_webhook_delete(struct db *db, int64_t id, struct err *err)
{
    static const char del_rows[] = "DELETE FROM webhook_deliveries WHERE webhook_id = ?";
    static const char del[] = "DELETE FROM webhooks WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, del_rows, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    if (sq_exec_stmt(d, st, err) != 0 || !(st = sq_prepare(d, del, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    return sqlite3_changes(d->h) ? 0 : hook_not_found(err);
}

static int sq_webhook_subscribers(struct db *db, const char *kind, int64_t *ids, size_t cap,
                                  size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT id FROM webhooks WHERE enabled = 1"
        " AND instr(',' || events || ',', ',' || ?1 || ',') > 0 ORDER BY id LIMIT 200";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sq_bind_text(st, 1, kind);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (count < cap)
            ids[count++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *n = count;
    return 0;
}

static int sq_webhook_delivery_add(struct db *db, struct webhook_delivery *w, struct err *err)
{
    static const char sql[] =
        "INSERT INTO webhook_deliveries (webhook_id, event, ticket_id, payload, created_at,"
        " next_attempt_at, redelivery_of) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, w->webhook_id);
    sq_bind_text(st, 2, w->event);
    sq_bind_id(st, 3, w->ticket_id);
    sq_bind_text(st, 4, w->payload);
    sqlite3_bind_int64(st, 5, w->created_at);
    sq_bind_id(st, 6, w->redelivery_of);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    w->id = sqlite3_last_insert_rowid(d->h);
    return 0;
}

static int sq_webhook_deliveries(struct db *db, int64_t webhook_id, int limit, struct arena *a,
                                 struct webhook_delivery **rows, size_t *n, struct err *err)
{
    static const char sql[] = "SELECT " WD_COLS " FROM webhook_deliveries WHERE webhook_id = ?1"
                              " ORDER BY id DESC LIMIT ?2";
    struct sq_db *d = (struct sq_db *)db;
    if (limit <= 0 || limit > 500)
        limit = 500;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, webhook_id);
    sqlite3_bind_int(st, 2, limit);
    return read_all(d, st, a, (size_t)limit, sizeof **rows, read_delivery_v, (void **)rows, n,
                    err);
}

static int sq_webhook_delivery_get(struct db *db, int64_t id, struct arena *a,
                                   struct webhook_delivery *out, struct err *err)
{
    static const char sql[] = "SELECT " WD_COLS " FROM webhook_deliveries WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_delivery(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_text(err, ERR_NOT_FOUND, "webhook.delivery_not_found",
                        "pengiriman webhook tidak ditemukan", "webhook delivery not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

/* One statement (autocommit), so the claim is committed before the worker
** talks to the receiver. Each enabled endpoint's head is its oldest
** pending or sending row (the partial index webhook_deliveries_open); only
** a head that is pending and due is claimed. */
static int sq_webhook_claim(struct db *db, int64_t now, int limit, struct arena *a,
                            struct webhook_delivery **rows, size_t *n, struct err *err)
{
    static const char sql[] =
        "UPDATE webhook_deliveries SET status = 'sending', claimed_at = ?1,"
        " attempts = attempts + 1 WHERE status = 'pending' AND id IN ("
        "SELECT d.id FROM webhook_deliveries d WHERE d.id IN ("
        "SELECT (SELECT min(e.id) FROM webhook_deliveries e WHERE e.webhook_id = w.id"
        " AND e.status IN ('pending', 'sending')) FROM webhooks w WHERE w.enabled = 1)"
        " AND d.status = 'pending' AND d.next_attempt_at <= ?1 ORDER BY d.id LIMIT ?2)"
        " RETURNING " WD_COLS;
    struct sq_db *d = (struct sq_db *)db;
    if (limit <= 0 || limit > 200)
        limit = 200;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, limit);
    return read_all(d, st, a, (size_t)limit, sizeof **rows, read_delivery_v, (void **)rows, n,
                    err);
}

static int sq_webhook_finish(struct db *db, int64_t id, const char *status,
                             int64_t next_attempt_at, int http_status, const char *response,
                             const char *error, int64_t now, struct err *err)
{
    static const char row[] =
        "UPDATE webhook_deliveries SET status = ?2, next_attempt_at = CASE WHEN ?2 = 'pending'"
        " THEN ?3 ELSE next_attempt_at END, last_status = ?4, last_response = ?5,"
        " last_error = ?6, claimed_at = NULL,"
        " finished_at = CASE WHEN ?2 = 'pending' THEN NULL ELSE ?7 END"
        " WHERE id = ?1 AND status = 'sending'";
    static const char hook[] =
        "UPDATE webhooks SET last_status = ?2, last_response = coalesce(?3, ?4), last_at = ?5"
        " WHERE id = (SELECT webhook_id FROM webhook_deliveries WHERE id = ?1)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, row, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, status);
    sqlite3_bind_int64(st, 3, next_attempt_at);
    sq_bind_id(st, 4, http_status);
    sq_bind_text(st, 5, response);
    sq_bind_text(st, 6, error);
    sqlite3_bind_int64(st, 7, now);
    if (sq_exec_stmt(d, st, err) != 0 || !(st = sq_prepare(d, hook, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    sq_bind_id(st, 2, http_status);
    sq_bind_text(st, 3, response);
    sq_bind_text(st, 4, error);
    sqlite3_bind_int64(st, 5, now);
    return sq_exec_stmt(d, st, err);
}

static int sq_webhook_abandon(struct db *db, int *n, struct err *err)
{
    static const char sql[] = "UPDATE webhook_deliveries SET status = 'pending',"
                              " claimed_at = NULL WHERE status = 'sending'";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *n = sqlite3_changes(d->h);
    return 0;
}

static int sq_webhook_prune(struct db *db, int64_t finished_before, int *n, struct err *err)
{
    static const char sql[] = "DELETE FROM webhook_deliveries WHERE status IN ('delivered',"
                              " 'failed') AND finished_at < ?";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, finished_before);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    *n = sqlite3_changes(d->h);
    return 0;
}

/* ---- the driver's table ---- */

const struct store_webhook_ops sq_webhook_ops = {
    .webhook_list = sq_webhook_list,
    .webhook_get = sq_webhook_get,
    .webhook_save = sq_webhook_save,
    .webhook_delete = sq_webhook_delete,
    .webhook_subscribers = sq_webhook_subscribers,
    .webhook_delivery_add = sq_webhook_delivery_add,
    .webhook_deliveries = sq_webhook_deliveries,
    .webhook_delivery_get = sq_webhook_delivery_get,
    .webhook_claim = sq_webhook_claim,
    .webhook_finish = sq_webhook_finish,
    .webhook_abandon = sq_webhook_abandon,
    .webhook_prune = sq_webhook_prune,
};
