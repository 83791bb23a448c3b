/* Queuing webhook deliveries (see svc/webhook.h). */
#include "svc/webhook.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/webhook_kinds.h"
#include "store/webhook.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* What a receiver learns of the ticket: its identity and state, never the
** requester's contacts or the description. */
static json_t *ticket_json(const struct ticket *t)
{
    json_t *o = json_pack("{s:I, s:s?, s:s?, s:I, s:I, s:I, s:I, s:i, s:b}", "id",
                          (json_int_t)t->id, "number", t->number, "status", t->status,
                          "service_id", (json_int_t)t->service_id, "unit_id",
                          (json_int_t)t->unit_id, "requester_id", (json_int_t)t->requester_id,
                          "assignee_id", (json_int_t)t->assignee_id, "tier", t->tier,
                          "booking", t->booking);
    if (!o)
        return json_object();
    /* a booking's title names the clinic or service someone booked */
    if (!t->booking && t->title)
        json_object_set_new(o, "title", json_string(t->title));
    if (t->channel)
        json_object_set_new(o, "channel", json_string(t->channel));
    if (t->priority_code)
        json_object_set_new(o, "priority", json_string(t->priority_code));
    return o;
}

static int queue(struct db *db, int64_t webhook_id, const char *event, int64_t ticket_id,
                 const char *payload, int64_t now, int64_t redelivery_of, int64_t *id,
                 struct err *err)
{
    struct webhook_delivery d = {.webhook_id = webhook_id, .event = event,
                                 .ticket_id = ticket_id, .payload = payload,
                                 .created_at = now, .redelivery_of = redelivery_of};
    int rc = db_webhook_delivery_add(db, &d, err);
    if (rc == 0 && id)
        *id = d.id;
    return rc;
}

static char *dump(json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}

static int out_of_memory(struct err *err)
{
    return err_text(err, ERR_INTERNAL, "internal", "kehabisan memori", "out of memory");
}

int svc_webhook_event(struct db *db, const struct ticket *t, int64_t at, int64_t actor,
                      const char *kind, const char *field, const char *old_value,
                      const char *new_value, const char *body, bool internal, struct err *err)
{
    const char *event = webhook_kind_for_event(kind, internal);
    if (!event)
        return 0;
    int64_t ids[WEBHOOK_MAX];
    size_t n = 0;
    if (db_webhook_subscribers(db, event, ids, WEBHOOK_MAX, &n, err) != 0)
        return err->kind;
    if (n == 0) /* the common case: nothing subscribed, nothing built */
        return 0;
    char when[32];
    time_fmt_iso(when, sizeof when, (time_t)at);
    json_t *change = json_pack("{s:s, s:s?, s:s?, s:s?}", "kind", kind, "field", field, "old",
                               old_value, "new", new_value);
    json_t *o = json_pack("{s:s, s:s, s:I, s:o, s:o*}", "event", event, "occurred_at", when,
                          "actor_id", (json_int_t)actor, "ticket", ticket_json(t), "change",
                          change);
    if (o && body && !t->booking)
        json_object_set_new(o, "text", json_string(body));
    char *payload = dump(o);
    if (!payload)
        return out_of_memory(err);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = queue(db, ids[i], event, t->id, payload, at, 0, NULL, err);
    free(payload);
    return rc;
}

int svc_webhook_test(struct db *db, int64_t webhook_id, int64_t actor, int64_t now,
                     int64_t *delivery_id, struct err *err)
{
    struct arena *a = arena_new();
    struct webhook_row w;
    int rc = db_webhook_get(db, webhook_id, a, &w, err);
    arena_free(a);
    if (rc != 0)
        return rc;
    char when[32];
    time_fmt_iso(when, sizeof when, (time_t)now);
    char *payload = dump(json_pack("{s:s, s:s, s:I, s:I}", "event", "ping", "occurred_at", when,
                                   "actor_id", (json_int_t)actor, "webhook_id",
                                   (json_int_t)webhook_id));
    if (!payload)
        return out_of_memory(err);
    rc = queue(db, webhook_id, "ping", 0, payload, now, 0, delivery_id, err);
    free(payload);
    return rc;
}

int svc_webhook_redeliver(struct db *db, int64_t webhook_id, int64_t delivery_id, int64_t now,
                          int64_t *new_id, struct err *err)
{
    struct arena *a = arena_new();
    struct webhook_delivery d;
    int rc = db_webhook_delivery_get(db, delivery_id, a, &d, err);
    if (rc == 0 && d.webhook_id != webhook_id) {
        err_clear(err);
        rc = err_text(err, ERR_NOT_FOUND, "webhook.delivery_not_found",
                      "pengiriman webhook tidak ditemukan", "webhook delivery not found");
    }
    if (rc == 0)
        rc = queue(db, webhook_id, d.event, d.ticket_id, d.payload, now, d.id, new_id, err);
    arena_free(a);
    return rc;
}
