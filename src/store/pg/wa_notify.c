/* WhatsApp notification choices and pending rating answers in PostgreSQL:
** wa_notify_prefs and wa_pending (store/wa_notify.h; a port of
** store/sqlite/wa_notify.c). */
#include "store/wa_notify.h"
#include "core/arena.h"
#include "store/pg/pg.h"

#include <string.h>

static int pg_wa_pref_get(struct db *db, int64_t user_id, struct arena *a, struct wa_pref *out,
                          struct err *err)
{
    static const char sql[] =
        "SELECT channel, phone, updated_at FROM wa_notify_prefs WHERE user_id = $1";
    *out = (struct wa_pref){.user_id = user_id, .channel = "auto"};
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, user_id);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0) {
        out->channel = pg_text(a, r, 0, 0);
        out->phone = pg_text(a, r, 0, 1);
        out->updated_at = pg_int(r, 0, 2);
    }
    PQclear(r);
    return 0;
}

static int pg_wa_pref_put(struct db *db, const struct wa_pref *pr, struct err *err)
{
    static const char sql[] =
        "INSERT INTO wa_notify_prefs (user_id, channel, phone, updated_at) VALUES ($1, $2, "
        "nullif($3, ''), $4) ON CONFLICT (user_id) DO UPDATE SET channel = excluded.channel, "
        "phone = excluded.phone, updated_at = excluded.updated_at";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, pr->user_id);
    pgp_text(&p, pr->channel);
    pgp_text(&p, pr->phone);
    pgp_int(&p, pr->updated_at);
    int rc = pg_exec((struct pg_db *)db, sql, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

static int pg_wa_pending_get(struct db *db, const char *phone, struct arena *a,
                             struct wa_pending *out, struct err *err)
{
    static const char sql[] = "SELECT ticket_id, state, since FROM wa_pending WHERE phone = $1";
    memset(out, 0, sizeof *out);
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, phone);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) > 0) {
        out->ticket_id = pg_int(r, 0, 0);
        out->state = pg_text(a, r, 0, 1);
        out->since = pg_int(r, 0, 2);
    }
    PQclear(r);
    return 0;
}

static int pg_wa_pending_put(struct db *db, const char *phone, const struct wa_pending *w,
                             struct err *err)
{
    static const char put[] =
        "INSERT INTO wa_pending (phone, ticket_id, state, since) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (phone) DO UPDATE SET ticket_id = excluded.ticket_id,"
        " state = excluded.state, since = excluded.since";
    static const char del[] = "DELETE FROM wa_pending WHERE phone = $1";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, phone);
    if (w->ticket_id) {
        pgp_int(&p, w->ticket_id);
        pgp_text(&p, w->state);
        pgp_int(&p, w->since);
    }
    int rc = pg_exec((struct pg_db *)db, w->ticket_id ? put : del, p.n, p.v, NULL, err);
    arena_free(a);
    return rc;
}

/* ---- the driver's table ---- */

const struct store_wa_notify_ops pg_wa_notify_ops = {
    .wa_pref_get = pg_wa_pref_get,
    .wa_pref_put = pg_wa_pref_put,
    .wa_pending_get = pg_wa_pending_get,
    .wa_pending_put = pg_wa_pending_put,
};
