/* Outbound webhooks on PostgreSQL (port of store/sqlite/webhook.c; the
** contract is store/webhook.h): endpoints, and deliveries claimed one per
** endpoint so each endpoint receives its events in order. The claim locks
** its rows with FOR UPDATE SKIP LOCKED: two nodes never send one delivery. */
#include "store/webhook.h"
#include "core/arena.h"
#include "store/pg/claims.h"
#include "store/pg/pg.h"
#include "core/timefmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WH_COLS                                                                            \
    "id, name, url, events, secret, enabled, coalesce(created_by, 0), created_at, "          \
    "updated_at, coalesce(last_status, 0), last_response, coalesce(last_at, 0)"
#define WD_COLS                                                                            \
    "id, webhook_id, coalesce(ticket_id, 0), event, payload, status, attempts, created_at, " \
    "next_attempt_at, coalesce(finished_at, 0), coalesce(last_status, 0), last_response, "   \
    "last_error, coalesce(redelivery_of, 0)"
#define WD_COLS_U                                                                            \
    "u.id, u.webhook_id, coalesce(u.ticket_id, 0), u.event, u.payload, u.status, u.attempts, " \
    "u.created_at, u.next_attempt_at, coalesce(u.finished_at, 0), coalesce(u.last_status, 0), " \
    "u.last_response, u.last_error, coalesce(u.redelivery_of, 0)"

static void read_hook(const PGresult *r, int i, struct arena *a, void *p)
{
    struct webhook_row *w = p;
    w->id = pg_int(r, i, 0);
    w->name = pg_text(a, r, i, 1);
    w->url = pg_text(a, r, i, 2);
    w->events = pg_text(a, r, i, 3);
    w->secret = pg_text(a, r, i, 4);
    w->enabled = pg_int(r, i, 5) != 0;
    w->created_by = pg_int(r, i, 6);
    w->created_at = pg_int(r, i, 7);
    w->updated_at = pg_int(r, i, 8);
    w->last_status = (int)pg_int(r, i, 9);
    w->last_response = pg_text(a, r, i, 10);
    w->last_at = pg_int(r, i, 11);
}

static void read_delivery(const PGresult *r, int i, struct arena *a, void *p)
{
    struct webhook_delivery *d = p;
    d->id = pg_int(r, i, 0);
    d->webhook_id = pg_int(r, i, 1);
    d->ticket_id = pg_int(r, i, 2);
    d->event = pg_text(a, r, i, 3);
    d->payload = pg_text(a, r, i, 4);
    d->status = pg_text(a, r, i, 5);
    d->attempts = (int)pg_int(r, i, 6);
    d->created_at = pg_int(r, i, 7);
    d->next_attempt_at = pg_int(r, i, 8);
    d->finished_at = pg_int(r, i, 9);
    d->last_status = (int)pg_int(r, i, 10);
    d->last_response = pg_text(a, r, i, 11);
    d->last_error = pg_text(a, r, i, 12);
    d->redelivery_of = pg_int(r, i, 13);
}

static int hook_not_found(struct err *err)
{
    return err_text(err, ERR_NOT_FOUND, "webhook.not_found", "webhook tidak ditemukan",
                    "webhook not found");
}

/* Runs sql and reads up to max rows of `size` bytes each with `read` into
** an array in a. */
static int read_all(struct db *db, const char *sql, const struct pg_params *p, struct arena *a,
                    size_t max, size_t size,
                    void (*read)(const PGresult *, int, struct arena *, void *), void **rows,
                    size_t *n, struct err *err)
{
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p->n, p->v, &r, err) != 0)
        return err->kind;
    size_t count = (size_t)PQntuples(r);
    if (count > max)
        count = max;
    char *out = arena_alloc(a, (count ? count : 1) * size);
    for (size_t i = 0; i < count; i++)
        read(r, (int)i, a, out + size * i);
    PQclear(r);
    *rows = out;
    *n = count;
    return 0;
}

static int pg_webhook_list(struct db *db, struct arena *a, struct webhook_row **rows, size_t *n,
                           struct err *err)
{
    static const char sql[] = "SELECT " WH_COLS " FROM webhooks ORDER BY id LIMIT 200";
    struct pg_params p = {.a = a, .n = 0};
    return read_all(db, sql, &p, a, 200, sizeof **rows, read_hook, (void **)rows, n, err);
}

/* One row of sql by id into out; ERR_NOT_FOUND (via not_found) without one. */
static int get_one(struct db *db, const char *sql, int64_t id, struct arena *a, size_t size,
                   void (*read)(const PGresult *, int, struct arena *, void *), void *out,
                   int (*not_found)(struct err *), struct err *err)
{
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    void *row = NULL;
    size_t n = 0;
    if (read_all(db, sql, &p, a, 1, size, read, &row, &n, err) != 0)
        return err->kind;
    if (n == 0)
        return not_found(err);
    memcpy(out, row, size);
    return 0;
}

static int pg_webhook_get(struct db *db, int64_t id, struct arena *a, struct webhook_row *out,
                          struct err *err)
{
    static const char sql[] = "SELECT " WH_COLS " FROM webhooks WHERE id = $1::bigint";
    return get_one(db, sql, id, a, sizeof *out, read_hook, out, hook_not_found, err);
}

static int pg_webhook_save(struct db *db, struct webhook_row *w, struct err *err)
{
    static const char ins[] =
        "INSERT INTO webhooks (name, url, events, secret, enabled, created_by, created_at,"
        " updated_at) VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint, $6::bigint,"
        " $7::bigint, $7::bigint) RETURNING id";
    static const char upd[] =
        "UPDATE webhooks SET name = $1::text, url = $2::text, events = $3::text,"
        " secret = coalesce($4::text, secret), enabled = $5::bigint, updated_at = $6::bigint"
        " WHERE id = $7::bigint";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_text(&p, w->name ? w->name : "");
    pgp_text(&p, w->url);
    pgp_text(&p, w->events);
    pgp_text(&p, w->secret);
    pgp_int(&p, w->enabled ? 1 : 0);
    struct pg_db *d = (struct pg_db *)db;
    int rc;
    if (!w->id) {
        pgp_id(&p, w->created_by);
        pgp_int(&p, w->created_at);
        PGresult *r;
        if ((rc = pg_q(d, ins, p.n, p.v, &r, err)) == 0) {
            w->id = pg_first_int(r);
            PQclear(r);
        }
    } else {
        pgp_int(&p, w->updated_at);
        pgp_int(&p, w->id);
        int64_t changed = 0;
        if ((rc = pg_exec(d, upd, p.n, p.v, &changed, err)) == 0 && changed == 0)
            rc = hook_not_found(err);
    }
    arena_free(a);
    return rc;
}

static int pg_webhook_delete(struct db *db, int64_t id, struct err *err)
{
    static const char del_rows[] = "DELETE FROM webhook_deliveries WHERE webhook_id = $1::bigint";
    static const char del[] = "DELETE FROM webhooks WHERE id = $1::bigint";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    struct pg_db *d = (struct pg_db *)db;
    int64_t changed = 0;
    int rc = pg_exec(d, del_rows, p.n, p.v, NULL, err);
    if (rc == 0 && (rc = pg_exec(d, del, p.n, p.v, &changed, err)) == 0 && changed == 0)
        rc = hook_not_found(err);
    arena_free(a);
    return rc;
}

/* Every ticket event asks which endpoints subscribe to it, nearly always
** none: one round trip per creation in the group-commit writer. Each
** connection keeps its last answers (a few ids at most) while the store's
** conf_generation stands (webhooks is one of its tables, query.c) and for
** at most two seconds, as the record cache does (rcache.c); a transaction
** that wrote master data itself neither uses nor fills them. */
enum { SUB_KINDS = 8, SUB_IDS = 8 };
#define SUB_TTL_NS 2000000000ULL

struct pg_subs {
    uint64_t gen, born_ns;
    struct {
        char kind[40];
        size_t n;
        int64_t ids[SUB_IDS];
    } e[SUB_KINDS];
    unsigned used;
};

static bool subs_find(struct pg_db *d, uint64_t gen, const char *kind, int64_t *ids, size_t cap,
                      size_t *n)
{
    struct pg_subs *c = d->subs;
    if (!c || d->conf_dirty || c->gen != gen || time_mono_ns() - c->born_ns > SUB_TTL_NS)
        return false;
    for (unsigned i = 0; i < c->used; i++)
        if (!strcmp(c->e[i].kind, kind)) {
            *n = c->e[i].n < cap ? c->e[i].n : cap;
            memcpy(ids, c->e[i].ids, *n * sizeof *ids);
            return true;
        }
    return false;
}

static void subs_keep(struct pg_db *d, uint64_t gen, const char *kind, const int64_t *ids,
                      size_t n)
{
    if (d->conf_dirty || n > SUB_IDS || strlen(kind) >= sizeof d->subs->e[0].kind)
        return;
    if (!d->subs && !(d->subs = calloc(1, sizeof *d->subs)))
        return;
    struct pg_subs *c = d->subs;
    if (c->gen != gen || time_mono_ns() - c->born_ns > SUB_TTL_NS || c->used == SUB_KINDS) {
        c->used = 0;
        c->gen = gen;
        c->born_ns = time_mono_ns();
    }
    strcpy(c->e[c->used].kind, kind);
    c->e[c->used].n = n;
    memcpy(c->e[c->used].ids, ids, n * sizeof *ids);
    c->used++;
}

void pg_subs_free(struct pg_db *d)
{
    free(d->subs);
    d->subs = NULL;
}

static int pg_webhook_subscribers(struct db *db, const char *kind, int64_t *ids, size_t cap,
                                  size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT id FROM webhooks WHERE enabled = 1"
        " AND strpos(',' || events || ',', ',' || $1::text || ',') > 0 ORDER BY id LIMIT 200";
    struct pg_db *d = (struct pg_db *)db;
    /* read before the query: a commit moving it meanwhile leaves this answer unkept */
    uint64_t gen = store_conf_generation(db->st);
    if (subs_find(d, gen, kind, ids, cap, n))
        return 0;
    const char *v[] = {kind};
    PGresult *r;
    if (pg_q(d, sql, 1, v, &r, err) != 0)
        return err->kind;
    size_t all = (size_t)PQntuples(r), count = all < cap ? all : cap;
    for (size_t i = 0; i < count; i++)
        ids[i] = pg_int(r, (int)i, 0);
    PQclear(r);
    *n = count;
    if (count == all)
        subs_keep(d, gen, kind, ids, count);
    return 0;
}

static int pg_webhook_delivery_add(struct db *db, struct webhook_delivery *w, struct err *err)
{
    static const char sql[] =
        "INSERT INTO webhook_deliveries (webhook_id, event, ticket_id, payload, created_at,"
        " next_attempt_at, redelivery_of) VALUES ($1::bigint, $2::text, $3::bigint, $4::text,"
        " $5::bigint, $5::bigint, $6::bigint) RETURNING id";
    struct arena *a = arena_new();
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, w->webhook_id);
    pgp_text(&p, w->event);
    pgp_id(&p, w->ticket_id);
    pgp_text(&p, w->payload);
    pgp_int(&p, w->created_at);
    pgp_id(&p, w->redelivery_of);
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err);
    if (rc == 0) {
        w->id = pg_first_int(r);
        PQclear(r);
    }
    arena_free(a);
    return rc;
}

static int pg_webhook_deliveries(struct db *db, int64_t webhook_id, int limit, struct arena *a,
                                 struct webhook_delivery **rows, size_t *n, struct err *err)
{
    static const char sql[] = "SELECT " WD_COLS " FROM webhook_deliveries"
                              " WHERE webhook_id = $1::bigint ORDER BY id DESC LIMIT $2::bigint";
    if (limit <= 0 || limit > 500)
        limit = 500;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, webhook_id);
    pgp_int(&p, limit);
    return read_all(db, sql, &p, a, (size_t)limit, sizeof **rows, read_delivery, (void **)rows,
                    n, err);
}

static int delivery_not_found(struct err *err)
{
    return err_text(err, ERR_NOT_FOUND, "webhook.delivery_not_found",
                    "pengiriman webhook tidak ditemukan", "webhook delivery not found");
}

static int pg_webhook_delivery_get(struct db *db, int64_t id, struct arena *a,
                                   struct webhook_delivery *out, struct err *err)
{
    static const char sql[] = "SELECT " WD_COLS " FROM webhook_deliveries WHERE id = $1::bigint";
    return get_one(db, sql, id, a, sizeof *out, read_delivery, out, delivery_not_found, err);
}

/* One statement (autocommit), so the claim is committed before the worker
** talks to the receiver. Each enabled endpoint's head is its oldest pending
** or sending row; only a head that is pending and due is claimed. Heads
** another node is claiming right now are skipped (SKIP LOCKED), and the
** UPDATE re-checks a locked row is still pending; a later row of the same
** endpoint is never taken while its head is open, because the head is
** computed from a snapshot in which it is open. The locking SELECT is a
** MATERIALIZED CTE so that it runs once (outbox.c says why). */
static int pg_webhook_claim(struct db *db, int64_t now, int limit, struct arena *a,
                            struct webhook_delivery **rows, size_t *n, struct err *err)
{
    static const char sql[] =
        "WITH picked AS MATERIALIZED (SELECT d.id FROM webhook_deliveries d WHERE d.id IN ("
        "SELECT (SELECT min(e.id) FROM webhook_deliveries e WHERE e.webhook_id = w.id"
        " AND e.status IN ('pending', 'sending')) FROM webhooks w WHERE w.enabled = 1)"
        " AND d.status = 'pending' AND d.next_attempt_at <= $1::bigint ORDER BY d.id"
        " LIMIT $2::bigint FOR UPDATE OF d SKIP LOCKED),"
        " c AS (UPDATE webhook_deliveries u SET status = 'sending', claimed_at = $1::bigint,"
        CLAIM_OWNER
        " attempts = u.attempts + 1 FROM picked WHERE u.id = picked.id AND u.status = 'pending'"
        " RETURNING " WD_COLS_U ") SELECT * FROM c ORDER BY id";
    if (limit <= 0 || limit > 200)
        limit = 200;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, now);
    pgp_int(&p, limit);
    return read_all(db, sql, &p, a, (size_t)limit, sizeof **rows, read_delivery, (void **)rows,
                    n, err);
}

static int pg_webhook_finish(struct db *db, int64_t id, const char *status,
                             int64_t next_attempt_at, int http_status, const char *response,
                             const char *error, int64_t now, struct err *err)
{
    static const char row[] =
        "UPDATE webhook_deliveries SET status = $2::text, next_attempt_at = CASE WHEN"
        " $2::text = 'pending' THEN $3::bigint ELSE next_attempt_at END,"
        " last_status = $4::bigint, last_response = $5::text, last_error = $6::text,"
        " claimed_at = NULL, finished_at = CASE WHEN $2::text = 'pending' THEN NULL"
        " ELSE $7::bigint END WHERE id = $1::bigint AND status = 'sending'";
    static const char hook[] =
        "UPDATE webhooks SET last_status = $2::bigint, last_response = coalesce($3::text,"
        " $4::text), last_at = $5::bigint"
        " WHERE id = (SELECT webhook_id FROM webhook_deliveries WHERE id = $1::bigint)";
    struct arena *a = arena_new();
    struct pg_params p, q;
    pgp_init(&p, a);
    pgp_int(&p, id);
    pgp_text(&p, status);
    pgp_int(&p, next_attempt_at);
    pgp_id(&p, http_status);
    pgp_text(&p, response);
    pgp_text(&p, error);
    pgp_int(&p, now);
    pgp_init(&q, a);
    pgp_int(&q, id);
    pgp_id(&q, http_status);
    pgp_text(&q, response);
    pgp_text(&q, error);
    pgp_int(&q, now);
    struct pg_db *d = (struct pg_db *)db;
    int rc = pg_exec(d, row, p.n, p.v, NULL, err);
    if (rc == 0)
        rc = pg_exec(d, hook, q.n, q.v, NULL, err);
    arena_free(a);
    return rc;
}

/* A write whose only parameter is n; *out gets the rows it changed. */
static int exec_count(struct db *db, const char *sql, const int64_t *n, int *out,
                      struct err *err)
{
    char buf[24];
    const char *v[1] = {buf};
    if (n)
        snprintf(buf, sizeof buf, "%" PRId64, *n);
    int64_t changed = 0;
    int rc = pg_exec((struct pg_db *)db, sql, n ? 1 : 0, v, &changed, err);
    if (rc == 0)
        *out = (int)changed;
    return rc;
}

static int pg_webhook_abandon(struct db *db, int *n, struct err *err)
{
    static const char sql[] = "UPDATE webhook_deliveries SET status = 'pending',"
                              " claimed_at = NULL WHERE status = 'sending' AND "
                              CLAIM_GONE("webhook_deliveries");
    return exec_count(db, sql, NULL, n, err);
}

static int pg_webhook_prune(struct db *db, int64_t finished_before, int *n, struct err *err)
{
    static const char sql[] = "DELETE FROM webhook_deliveries WHERE status IN ('delivered',"
                              " 'failed') AND finished_at < $1::bigint";
    return exec_count(db, sql, &finished_before, n, err);
}

/* ---- the driver's table ---- */

const struct store_webhook_ops pg_webhook_ops = {
    .webhook_list = pg_webhook_list,
    .webhook_get = pg_webhook_get,
    .webhook_save = pg_webhook_save,
    .webhook_delete = pg_webhook_delete,
    .webhook_subscribers = pg_webhook_subscribers,
    .webhook_delivery_add = pg_webhook_delivery_add,
    .webhook_deliveries = pg_webhook_deliveries,
    .webhook_delivery_get = pg_webhook_delivery_get,
    .webhook_claim = pg_webhook_claim,
    .webhook_finish = pg_webhook_finish,
    .webhook_abandon = pg_webhook_abandon,
    .webhook_prune = pg_webhook_prune,
};
