/* Outbound webhooks, the admins' API (issue #22 item 3): endpoints (CRUD
** with a write-only secret), their deliveries, a redelivery and a test
** event. Every other role gets the 404 of an unknown endpoint: the
** feature's very existence is the admins' business. The queuing rules are
** svc/webhook.c; the sending is notify/webhooks.c. */
#include "api/api.h"
#include "api/json.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/url_mask.h"
#include "core/webhook_kinds.h"
#include "http/reply.h"
#include "notify/webhook_sign.h"
#include "store/webhook.h"
#include "svc/webhook.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { SECRET_MIN = 16, SECRET_MAX = 256, NAME_MAX_BYTES = 200 };

/* Admins only; 404 like a path that does not exist for everyone else. */
static int hidden(struct req *rq)
{
    if (perm_can(&rq->user->p, ACT_SETTINGS_WRITE, NULL))
        return 0;
    reply_error(rq, ERR_NOT_FOUND, "not_found", "alamat tidak ditemukan", "no such endpoint");
    return -1;
}

static json_t *iso_or_null(int64_t t)
{
    if (!t)
        return json_null();
    char buf[32];
    time_fmt_iso(buf, sizeof buf, (time_t)t);
    return json_string(buf);
}

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *kinds_json(const char *events)
{
    json_t *arr = json_array();
    unsigned mask = 0;
    if (events && webhook_kinds_parse(events, &mask) == 0)
        for (int i = 0; i < WEBHOOK_KIND_COUNT; i++)
            if (mask & (1u << i))
                json_array_append_new(arr, json_string(webhook_kind_name(i)));
    return arr;
}

/* The endpoint as answers show it: never the secret, only that it is set. */
static json_t *hook_json(const struct webhook_row *w)
{
    char *url = url_mask_dup(w->url ? w->url : "");
    json_t *o = json_pack("{s:I, s:s, s:s?, s:o, s:b, s:b, s:I, s:o, s:o, s:o, s:o, s:o}", "id",
                          (json_int_t)w->id, "name", w->name ? w->name : "", "url", url,
                          "events", kinds_json(w->events), "enabled", w->enabled, "secret_set",
                          w->secret && w->secret[0], "created_by", (json_int_t)w->created_by,
                          "created_at", iso_or_null(w->created_at), "updated_at",
                          iso_or_null(w->updated_at), "last_status",
                          w->last_status ? json_integer(w->last_status) : json_null(),
                          "last_response", text_or_null(w->last_response), "last_at",
                          iso_or_null(w->last_at));
    free(url);
    return o;
}

static json_t *delivery_json(const struct webhook_delivery *d)
{
    json_t *payload = json_loads(d->payload ? d->payload : "null", JSON_DECODE_ANY, NULL);
    return json_pack("{s:I, s:I, s:s, s:o, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o*}",
                     "id", (json_int_t)d->id, "webhook_id", (json_int_t)d->webhook_id, "event",
                     d->event ? d->event : "", "ticket_id",
                     d->ticket_id ? json_integer(d->ticket_id) : json_null(), "status",
                     d->status ? d->status : "", "attempts", d->attempts, "created_at",
                     iso_or_null(d->created_at), "next_attempt_at",
                     strcmp(d->status ? d->status : "", "pending") == 0
                         ? iso_or_null(d->next_attempt_at)
                         : json_null(),
                     "finished_at", iso_or_null(d->finished_at), "last_status",
                     d->last_status ? json_integer(d->last_status) : json_null(),
                     "last_response", text_or_null(d->last_response), "last_error",
                     text_or_null(d->last_error), "redelivery_of",
                     d->redelivery_of ? json_integer(d->redelivery_of) : json_null(),
                     "payload", payload);
}

/* The event kinds of a body: an array of names or one comma-separated
** string; the canonical list into out. */
static void parse_events(struct req *rq, json_t *v, char *out, size_t cap)
{
    unsigned mask = 0;
    bool ok = true;
    if (json_is_string(v))
        ok = webhook_kinds_parse(json_string_value(v), &mask) == 0;
    else if (json_is_array(v) && json_array_size(v) > 0) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            int k = json_is_string(e) ? webhook_kind_find(json_string_value(e),
                                                          json_string_length(e))
                                      : -1;
            if (k < 0)
                ok = false;
            else
                mask |= 1u << k;
        }
    } else
        ok = false;
    if (!ok || !mask)
        err_field(&rq->err, "events", "pilih setidaknya satu jenis peristiwa yang dikenal",
                  "choose at least one known event kind");
    else
        webhook_kinds_format(mask, out, cap);
}

static void check_url(struct req *rq, const char *url)
{
    switch (webhook_url_check(url)) {
    case WHURL_OK:
        return;
    case WHURL_CREDENTIALS:
        err_field(&rq->err, "url",
                  "jangan taruh nama pengguna atau kata sandi di URL; rahasia webhook "
                  "menandatangani setiap kiriman",
                  "no user name or password inside the URL; the webhook secret signs every "
                  "delivery");
        return;
    case WHURL_LONG:
        err_field(&rq->err, "url", "URL terlalu panjang", "the URL is too long");
        return;
    default:
        err_field(&rq->err, "url", "harus URL http:// atau https:// dengan nama host",
                  "must be an http:// or https:// URL with a host");
    }
}

/* The members a create or update may carry, into w; *generate when a new
** secret is to be made. Field errors go into rq->err. */
static void read_body(struct req *rq, json_t *body, struct webhook_row *w, bool create,
                      char *events, size_t events_cap, bool *generate)
{
    const char *s = NULL;
    if (json_object_get(body, "name")) {
        api_text_field(rq, body, "name", NAME_MAX_BYTES, false, &s);
        w->name = s ? s : "";
    }
    json_t *url = json_object_get(body, "url");
    if (url || create) {
        s = NULL;
        api_text_field(rq, body, "url", WEBHOOK_URL_MAX, true, &s);
        if (s) {
            check_url(rq, s);
            w->url = s;
        }
    }
    json_t *ev = json_object_get(body, "events");
    if (ev || create) {
        parse_events(rq, ev, events, events_cap);
        w->events = events;
    }
    int en = api_flag(rq, body, "enabled");
    if (en >= 0)
        w->enabled = en;
    w->secret = NULL;
    if (json_object_get(body, "secret") && !json_is_null(json_object_get(body, "secret"))) {
        s = NULL;
        api_text_field(rq, body, "secret", SECRET_MAX, true, &s);
        if (s && strlen(s) < SECRET_MIN)
            err_field(&rq->err, "secret", "paling sedikit 16 karakter",
                      "at least 16 characters");
        w->secret = s;
    }
    int gen = api_flag(rq, body, "new_secret");
    *generate = (create && !w->secret) || gen == 1;
    if (*generate && w->secret)
        err_field(&rq->err, "secret", "kirim secret atau new_secret, bukan keduanya",
                  "send secret or new_secret, not both");
}

static int invalid(struct req *rq)
{
    err_set(&rq->err, ERR_INVALID, "validation", "data tidak valid", "invalid data");
    return reply_err(rq, &rq->err);
}

/* Audit detail: what changed, never the secret. */
static const char *detail(struct req *rq, const struct webhook_row *w, bool secret_changed)
{
    char *url = url_mask_dup(w->url ? w->url : "");
    const char *d = arena_printf(rq->arena, "url=%s events=%s enabled=%d%s", url ? url : "",
                                 w->events ? w->events : "", w->enabled,
                                 secret_changed ? " secret=changed" : "");
    free(url);
    return d;
}

/* Writes w (and its audit row) in one transaction. */
static int save(struct req *rq, struct db *db, struct webhook_row *w, const char *action,
                bool secret_changed)
{
    if (db_begin(db, &rq->err) != 0)
        return rq->err.kind;
    if (db_webhook_save(db, w, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, action, "webhook", w->id,
                     detail(rq, w, secret_changed), rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return rq->err.kind;
    }
    return 0;
}

int api_webhooks_list(struct req *rq)
{
    if (hidden(rq) != 0)
        return 0;
    struct db *db = req_db(rq);
    struct webhook_row *rows;
    size_t n = 0;
    if (!db || db_webhook_list(db, rq->arena, &rows, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *items = json_array(), *kinds = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, hook_json(&rows[i]));
    for (int i = 0; i < WEBHOOK_KIND_COUNT; i++)
        json_array_append_new(kinds, json_string(webhook_kind_name(i)));
    return reply_json(rq, 200, json_pack("{s:o, s:o}", "items", items, "event_kinds", kinds));
}

int api_webhooks_create(struct req *rq)
{
    if (hidden(rq) != 0)
        return 0;
    json_t *body;
    struct db *db = req_db(rq);
    if (!db || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    char events[512] = "", secret[80] = "";
    bool generate = false;
    struct webhook_row w = {.enabled = true};
    read_body(rq, body, &w, true, events, sizeof events, &generate);
    if (rq->err.n_fields)
        return invalid(rq);
    if (generate) {
        webhook_secret_new(secret, sizeof secret);
        w.secret = secret;
    }
    w.created_by = rq->user->p.id;
    w.created_at = w.updated_at = (int64_t)time(NULL);
    if (save(rq, db, &w, "create", true) != 0)
        return reply_err(rq, &rq->err);
    json_t *o = hook_json(&w);
    /* shown this once: the store keeps it, no answer ever shows it again */
    if (generate)
        json_object_set_new(o, "secret", json_string(secret));
    return reply_json(rq, 201, o);
}

static int load(struct req *rq, struct db **db, struct webhook_row *w)
{
    *db = req_db(rq);
    if (!*db)
        return rq->err.kind;
    return db_webhook_get(*db, req_param_id(rq, "id"), rq->arena, w, &rq->err);
}

int api_webhooks_get(struct req *rq)
{
    if (hidden(rq) != 0)
        return 0;
    struct db *db;
    struct webhook_row w;
    if (load(rq, &db, &w) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, hook_json(&w));
}

int api_webhooks_update(struct req *rq)
{
    if (hidden(rq) != 0)
        return 0;
    json_t *body;
    struct db *db;
    struct webhook_row w;
    if (load(rq, &db, &w) != 0 || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    char events[512] = "", secret[80] = "";
    bool generate = false;
    read_body(rq, body, &w, false, events, sizeof events, &generate);
    if (rq->err.n_fields)
        return invalid(rq);
    if (generate) {
        webhook_secret_new(secret, sizeof secret);
        w.secret = secret;
    }
    w.updated_at = (int64_t)time(NULL);
    bool changed = w.secret != NULL;
    if (save(rq, db, &w, "update", changed) != 0)
        return reply_err(rq, &rq->err);
    /* the answer reads the row again: last_* and the kept secret's flag */
    if (db_webhook_get(db, w.id, rq->arena, &w, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *o = hook_json(&w);
    if (generate)
        json_object_set_new(o, "secret", json_string(secret));
    return reply_json(rq, 200, o);
}

int api_webhooks_delete(struct req *rq)
{
    if (hidden(rq) != 0)
        return 0;
    struct db *db;
    struct webhook_row w;
    if (load(rq, &db, &w) != 0 || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_webhook_delete(db, w.id, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "delete", "webhook", w.id, detail(rq, &w, false), rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_empty(rq);
}

int api_webhooks_deliveries(struct req *rq)
{
    if (hidden(rq) != 0)
        return 0;
    struct db *db;
    struct webhook_row w;
    if (load(rq, &db, &w) != 0)
        return reply_err(rq, &rq->err);
    const char *lim = req_query(rq, "limit");
    int limit = lim ? atoi(lim) : 50;
    if (limit < 1 || limit > 500)
        return reply_err(rq, (err_invalid(&rq->err, "limit", "harus 1 sampai 500",
                                          "must be 1 to 500"),
                              &rq->err));
    struct webhook_delivery *rows;
    size_t n = 0;
    if (db_webhook_deliveries(db, w.id, limit, rq->arena, &rows, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, delivery_json(&rows[i]));
    return reply_json(rq, 200, json_pack("{s:o}", "items", items));
}

/* Answers 202 with the delivery just queued. */
static int queued(struct req *rq, struct db *db, int64_t id)
{
    struct webhook_delivery d;
    if (db_webhook_delivery_get(db, id, rq->arena, &d, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 202, delivery_json(&d));
}

int api_webhooks_redeliver(struct req *rq)
{
    if (hidden(rq) != 0)
        return 0;
    struct db *db;
    struct webhook_row w;
    int64_t id = 0;
    if (load(rq, &db, &w) != 0 ||
        svc_webhook_redeliver(db, w.id, req_param_id(rq, "delivery"), (int64_t)time(NULL), &id,
                              &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return queued(rq, db, id);
}

int api_webhooks_test(struct req *rq)
{
    if (hidden(rq) != 0)
        return 0;
    struct db *db;
    struct webhook_row w;
    int64_t id = 0;
    if (load(rq, &db, &w) != 0 ||
        svc_webhook_test(db, w.id, rq->user->p.id, (int64_t)time(NULL), &id, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return queued(rq, db, id);
}
