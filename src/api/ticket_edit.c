/* PATCH /api/v1/tickets/{number}: staff edit title, description, priority,
** service, category, contact and tags (the rules: svc/ticket_edit.c). A
** "version" in the body guards against overwriting another agent's change
** (409 ticket.stale). */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "http/reply.h"
#include "svc/ticket_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A member of the body as the service reads it (text or id). */
static struct edit_value member(json_t *body, const char *key)
{
    json_t *v = json_object_get(body, key);
    return (struct edit_value){.given = v != NULL, .null = json_is_null(v),
                               .bad = v && !json_is_null(v) && !json_is_integer(v),
                               .s = json_string_value(v), .len = json_string_length(v),
                               .i = json_integer_value(v)};
}

int api_tickets_update(struct req *rq)
{
    json_t *body;
    struct db *db;
    struct ticket *t;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct ticket_edit in = {0};
    json_t *ver = json_object_get(body, "version");
    in.version_given = ver != NULL;
    in.version_bad = !json_is_integer(ver);
    in.version = json_integer_value(ver);
    static const char *const allowed[] = {"title", "description", "priority", "priority_id",
                                          "service_id", "category_id", "contact_name",
                                          "contact_phone", "tags", "version"};
    const char **unknown = arena_alloc(rq->arena, (json_object_size(body) + 1) * sizeof *unknown);
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        bool ok = false;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            ok = ok || !strcmp(key, allowed[i]);
        if (!ok)
            unknown[in.n_unknown++] = key;
    }
    in.unknown = unknown;
    in.title = member(body, "title");
    in.description = member(body, "description");
    in.contact_name = member(body, "contact_name");
    in.contact_phone = member(body, "contact_phone");
    in.priority_id = member(body, "priority_id");
    in.service_id = member(body, "service_id");
    in.category_id = member(body, "category_id");
    in.priority_code = json_string_value(json_object_get(body, "priority"));
    json_t *tags = json_object_get(body, "tags");
    in.tags_given = tags != NULL;
    in.tags_bad = !json_is_array(tags);
    in.n_tags = json_array_size(tags);
    const char **names = arena_alloc(rq->arena, (in.n_tags + 1) * sizeof *names);
    for (size_t i = 0; i < in.n_tags; i++)
        names[i] = json_string_value(json_array_get(tags, i));
    in.tags = names;
    struct actor who = api_actor(rq);
    if (!(db = req_db(rq)) || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_ticket_edit(db, &who, rq->arena, req_param(rq, "number"), &in, &t, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_ticket(rq, 200, t);
}

/* POST /api/v1/services/{id}/redirect: log it, tell the user, return the URL. */
int api_services_redirect(struct req *rq)
{
    struct db *db = req_db(rq);
    struct record *svc;
    if (!db || db_rec_get(db, &res_services, req_param_id(rq, "id"), rq->arena, &svc,
                          &rq->err) != 0)
        return reply_err(rq, &rq->err);
    const struct value *kind = &svc->v[resource_field(&res_services, "kind")];
    const struct value *url = &svc->v[resource_field(&res_services, "external_url")];
    const struct value *active = &svc->v[resource_field(&res_services, "active")];
    if (!active->i)
        return reply_error(rq, ERR_NOT_FOUND, "service.not_found", "layanan tidak ditemukan",
                           "service not found");
    if (strcmp(kind->s, "redirect") != 0 || url->null)
        return reply_error(rq, ERR_CONFLICT, "service.not_redirect",
                           "layanan ini tidak dialihkan ke aplikasi lain",
                           "this service is not handled by another application");
    const char *name = svc->v[resource_field(&res_services, "name")].s;
    json_t *v = json_pack("{s:s, s:s, s:s?}", "service", name, "url", url->s, "recipient_name",
                          rq->user->name);
    char *vars = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(v);
    struct outbox_row o = {.recipient_id = rq->user->p.id, .recipient = rq->user->email,
                           .channel = "email", .template_key = "service_redirected",
                           .locale = rq->user->locale, .vars = vars, .created_at = ticket_now()};
    int rc = db_begin(db, &rq->err);
    if (rc == 0 &&
        (db_redirect_add(db, svc->id, rq->user->p.id, ticket_now(), &rq->err) != 0 ||
         db_outbox_add(db, &o, &rq->err) != 0 || db_commit(db, &rq->err) != 0)) {
        db_rollback(db);
        rc = rq->err.kind;
    }
    free(vars);
    if (rc != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, json_pack("{s:s, s:I, s:s}", "url", url->s, "service_id",
                                         (json_int_t)svc->id, "service", name));
}

/* GET /api/v1/outbox?status=&ticket=: queued notifications (admins). */
int api_outbox_list(struct req *rq)
{
    struct db *db = req_db(rq);
    const char *status = req_query(rq, "status"), *number = req_query(rq, "ticket");
    int64_t ticket_id = 0;
    if (!db)
        return reply_err(rq, &rq->err);
    if (number) {
        struct ticket *t;
        if (db_ticket_get(db, number, rq->arena, &t, &rq->err) != 0)
            return reply_err(rq, &rq->err);
        ticket_id = t->id;
    }
    struct outbox_row *rows;
    size_t n;
    if (db_outbox_list(db, status, ticket_id, rq->arena, &rows, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:i}", "id",
                             (json_int_t)rows[i].id, "created_at", json_time(rows[i].created_at),
                             "ticket_id", rows[i].ticket_id ? json_integer(rows[i].ticket_id) : json_null(),
                             "recipient", rows[i].recipient, "channel", rows[i].channel,
                             "template", rows[i].template_key, "locale", rows[i].locale, "vars",
                             json_loads(rows[i].vars, 0, NULL), "status", rows[i].status,
                             "attempts", rows[i].attempts);
        /* the mail worker's progress (notify/mailer.c) */
        json_object_set_new(o, "next_attempt_at", json_time(rows[i].next_attempt_at));
        json_object_set_new(o, "sent_at", rows[i].sent_at ? json_time(rows[i].sent_at) : json_null());
        json_object_set_new(o, "last_error", rows[i].last_error ? json_string(rows[i].last_error)
                                                                 : json_null());
        json_array_append_new(items, o);
    }
    return reply_json(rq, 200, api_list(items, (int64_t)n, 1, (int64_t)n));
}
