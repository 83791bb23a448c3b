/* PostgreSQL: report subscriptions and their per-period sends (the
** subscription table of store/subscription.h), a port of
** store/sqlite/subscription.c. The claim relies on the UNIQUE
** (subscription_id, period) key: INSERT ... ON CONFLICT DO UPDATE locks
** the one row of that period, so two nodes (or a restarted server) never
** both send one period; only a claim gone stale is taken over. */
#include "store/subscription.h"
#include "core/arena.h"
#include "store/pg/ops.h"
#include "store/pg/write.h"

#include <stdio.h>
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

static void read_row(const PGresult *r, int i, struct arena *a, struct report_subscription *s)
{
    memset(s, 0, sizeof *s);
    s->id = pg_int(r, i, 0);
    s->owner_id = pg_int(r, i, 1);
    s->report = pg_text(a, r, i, 2);
    s->format = pg_text(a, r, i, 3);
    s->cadence = pg_text(a, r, i, 4);
    s->weekday = (int)pg_int(r, i, 5);
    s->at_minute = (int)pg_int(r, i, 6);
    s->unit_id = pg_int(r, i, 7);
    s->extra_recipients = pg_text(a, r, i, 8);
    s->active = pg_int(r, i, 9) != 0;
    s->created_at = pg_int(r, i, 10);
    s->updated_at = pg_int(r, i, 11);
    s->owner_name = pg_text(a, r, i, 12);
    s->owner_email = pg_text(a, r, i, 13);
    s->owner_locale = pg_text(a, r, i, 14);
    s->unit_name = pg_text(a, r, i, 15);
    s->last_period = pg_text(a, r, i, 16);
    s->last_status = pg_text(a, r, i, 17);
    s->last_at = pg_int(r, i, 18);
}

static int pg_subscription_list(struct db *db, int64_t owner_id, struct arena *a,
                                struct report_subscription **items, size_t *n, struct err *err)
{
    static const char sql[] = "SELECT " SUB_COLS "WHERE $1::bigint = 0 OR s.owner_id = $1 "
                              "ORDER BY s.id DESC LIMIT 500";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, owner_id);
    PGresult *r = NULL;
    *items = NULL;
    *n = 0;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    if (rows) {
        *items = arena_alloc(a, (size_t)rows * sizeof **items);
        for (int i = 0; i < rows; i++)
            read_row(r, i, a, &(*items)[i]);
    }
    *n = (size_t)rows;
    PQclear(r);
    return 0;
}

static int pg_subscription_get(struct db *db, int64_t id, struct arena *a,
                               struct report_subscription *out, struct err *err)
{
    static const char sql[] = "SELECT " SUB_COLS "WHERE s.id = $1";
    PGresult *r;
    int rc = pg_by_id((struct pg_db *)db, sql, id, &r, err);
    if (rc != 0)
        return rc < 0 ? rc : not_found(err);
    read_row(r, 0, a, out);
    PQclear(r);
    return 0;
}

static int pg_subscription_save(struct db *db, struct report_subscription *s, struct err *err)
{
    static const char ins[] =
        "INSERT INTO report_subscriptions (report, format, cadence, weekday, at_minute, "
        "unit_id, extra_recipients, active, updated_at, owner_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    static const char upd[] =
        "UPDATE report_subscriptions SET report = $1, format = $2, cadence = $3, "
        "weekday = $4, at_minute = $5, unit_id = $6, extra_recipients = $7, active = $8, "
        "updated_at = $9 WHERE id = $10 RETURNING id";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_text(&p, s->report);
    pgp_text(&p, s->format);
    pgp_text(&p, s->cadence);
    pgp_int(&p, s->weekday);
    pgp_int(&p, s->at_minute);
    pgp_id(&p, s->unit_id);
    pgp_text(&p, s->extra_recipients ? s->extra_recipients : "");
    pgp_int(&p, s->active);
    pgp_int(&p, s->updated_at);
    pgp_int(&p, s->id ? s->id : s->owner_id);
    if (!s->id)
        pgp_int(&p, s->created_at);
    int rc = pg_save_row((struct pg_db *)db, s->id ? upd : ins, &p, &s->id, err);
    return rc == 1 ? not_found(err) : rc;
}

static int pg_subscription_delete(struct db *db, int64_t id, struct err *err)
{
    static const char sends[] = "DELETE FROM report_subscription_sends WHERE subscription_id = $1";
    static const char sql[] = "DELETE FROM report_subscriptions WHERE id = $1";
    struct pg_db *d = (struct pg_db *)db;
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    const char *params[] = {idt};
    int64_t changed = 0;
    if (pg_exec(d, sends, 1, params, NULL, err) != 0 ||
        pg_exec(d, sql, 1, params, &changed, err) != 0)
        return err->kind;
    return changed ? 0 : not_found(err);
}

static int pg_subscription_claim(struct db *db, int64_t id, const char *period, int64_t now,
                                 int64_t stale_before, struct err *err)
{
    /* One statement: a fresh row, or taking over a stale claim; no row
    ** changed means someone else holds or finished the period. */
    static const char sql[] =
        "INSERT INTO report_subscription_sends (subscription_id, period, status, claimed_at) "
        "VALUES ($1, $2, 'claimed', $3) ON CONFLICT (subscription_id, period) DO UPDATE "
        "SET claimed_at = excluded.claimed_at "
        "WHERE report_subscription_sends.status = 'claimed' "
        "AND report_subscription_sends.claimed_at < $4";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, id);
    pgp_text(&p, period);
    pgp_int(&p, now);
    pgp_int(&p, stale_before);
    int64_t changed = 0;
    int rc = pg_run((struct pg_db *)db, sql, &p, &changed, err);
    if (rc != 0)
        return rc;
    if (changed == 0)
        return err_set(err, ERR_CONFLICT, "subscription.period_taken",
                       "periode ini sudah dikirim atau sedang dikirim",
                       "this period is already sent or being sent");
    return 0;
}

static int pg_subscription_finish(struct db *db, int64_t id, const char *period,
                                  const char *status, const char *detail, int64_t now,
                                  struct err *err)
{
    static const char sql[] =
        "UPDATE report_subscription_sends SET status = $3, detail = $4, finished_at = $5 "
        "WHERE subscription_id = $1 AND period = $2";
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, id);
    pgp_text(&p, period);
    pgp_text(&p, status);
    pgp_text(&p, detail);
    pgp_int(&p, now);
    return pg_run((struct pg_db *)db, sql, &p, NULL, err);
}

/* ---- the driver's table ---- */

const struct store_subscription_ops pg_subscription_ops = {
    .subscription_list = pg_subscription_list,
    .subscription_get = pg_subscription_get,
    .subscription_save = pg_subscription_save,
    .subscription_delete = pg_subscription_delete,
    .subscription_claim = pg_subscription_claim,
    .subscription_finish = pg_subscription_finish,
};
