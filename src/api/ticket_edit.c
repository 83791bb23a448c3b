/* PATCH /api/v1/tickets/{number}: staff edit title, description, priority,
** service, category, contact and tags. A "version" in the body guards
** against overwriting another agent's change (409 ticket.stale). */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "http/reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int changed_text(struct req *rq, struct db *db, struct ticket *t, json_t *body,
                        const char *key, size_t min, size_t max, const char **slot)
{
    json_t *v = json_object_get(body, key);
    if (!v)
        return 0;
    if (json_is_null(v) && min == 0) {
        if (*slot && ticket_event(rq, db, t, rq->user->p.id, "field", key, *slot, NULL, NULL,
                                  false) != 0)
            return rq->err.kind;
        *slot = NULL;
        return 0;
    }
    if (!json_is_string(v) || json_string_length(v) < min || json_string_length(v) > max)
        return err_invalid(&rq->err, key, "panjang atau jenis tidak valid",
                           "wrong type or length");
    const char *nv = arena_strdup(rq->arena, json_string_value(v));
    if (*slot && !strcmp(*slot, nv))
        return 0;
    if (ticket_event(rq, db, t, rq->user->p.id, "field", key, *slot, nv, NULL, false) != 0)
        return rq->err.kind;
    *slot = nv;
    return 0;
}

static int changed_ref(struct req *rq, struct db *db, struct ticket *t, json_t *body,
                       const char *key, const struct resource *res, int64_t *slot)
{
    json_t *v = json_object_get(body, key);
    if (!v)
        return 0;
    int64_t id = 0;
    if (!json_is_null(v)) {
        struct record *r;
        if (!json_is_integer(v) ||
            db_rec_get(db, res, json_integer_value(v), rq->arena, &r, &rq->err) != 0) {
            err_clear(&rq->err);
            return err_invalid(&rq->err, key, "tidak ditemukan", "does not exist");
        }
        id = r->id;
    } else if (res == &res_services) {
        return err_invalid(&rq->err, key, "wajib diisi", "is required");
    }
    if (id == *slot)
        return 0;
    char o[24] = "", n[24] = "";
    if (*slot)
        snprintf(o, sizeof o, "%lld", (long long)*slot);
    if (id)
        snprintf(n, sizeof n, "%lld", (long long)id);
    if (ticket_event(rq, db, t, rq->user->p.id, "field", key, o[0] ? o : NULL, n[0] ? n : NULL,
                     NULL, false) != 0)
        return rq->err.kind;
    *slot = id;
    return 0;
}

/* tags: ["jaringan", ...] names of existing tags; replaces the set. */
static int set_tags(struct req *rq, struct db *db, struct ticket *t, json_t *tags)
{
    if (!json_is_array(tags) || json_array_size(tags) > 20)
        return err_invalid(&rq->err, "tags", "harus daftar nama label (maks. 20)",
                           "must be a list of tag names (at most 20)");
    size_t n = json_array_size(tags);
    int64_t *ids = arena_alloc(rq->arena, (n ? n : 1) * sizeof *ids);
    char *names = arena_alloc(rq->arena, n * 66 + 1);
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(tags, i);
        struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 0,
                              .q = NULL};
        struct record **items;
        size_t found = 0;
        int64_t total;
        if (json_is_string(v)) {
            q.n_filters = 1;
            q.filters[0].field = resource_field(&res_tags, "name");
            q.filters[0].val = (struct value){.set = true, .s = json_string_value(v)};
            if (db_rec_list(db, &res_tags, &q, rq->arena, &items, &found, &total,
                            &rq->err) != 0)
                return rq->err.kind;
        }
        if (!found)
            return err_invalid(&rq->err, "tags", "label tidak dikenal", "unknown tag");
        ids[i] = items[0]->id;
        strcat(names, i ? "," : "");
        strncat(names, json_string_value(v), 64);
    }
    if (db_ticket_set_tags(db, t->id, ids, n, &rq->err) != 0 ||
        ticket_event(rq, db, t, rq->user->p.id, "tags", "tags", NULL, names, NULL, false) != 0)
        return rq->err.kind;
    return 0;
}

int api_tickets_update(struct req *rq)
{
    json_t *body;
    struct db *db;
    struct ticket *t;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    if (!(db = req_db(rq)) || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (ticket_load(rq, db, &t) != 0)
        goto fail;
    struct perm_obj o = ticket_perm_obj(t);
    if (!perm_can(&rq->user->p, ACT_TICKET_EDIT, &o)) {
        err_set(&rq->err, ERR_FORBIDDEN, "ticket.forbidden", "Anda tidak berhak mengubah tiket ini",
                "you may not edit this ticket");
        goto fail;
    }
    json_t *ver = json_object_get(body, "version");
    if (ver && (!json_is_integer(ver) || json_integer_value(ver) != t->version)) {
        err_set(&rq->err, ERR_CONFLICT, "ticket.stale",
                "tiket telah diubah orang lain sejak Anda membukanya; muat ulang",
                "the ticket was changed by someone else since you opened it; reload");
        goto fail;
    }
    static const char *const allowed[] = {"title", "description", "priority", "priority_id",
                                          "service_id", "category_id", "contact_name",
                                          "contact_phone", "tags", "version"};
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        bool ok = false;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            ok = ok || !strcmp(key, allowed[i]);
        if (!ok)
            err_field(&rq->err, key, "tidak dapat diubah di sini", "cannot be changed here");
    }
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        goto fail;
    }
    json_t *prio = json_object_get(body, "priority");
    if (json_is_string(prio)) {
        /* accept the code as API.md shows it */
        struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 1};
        q.filters[0].field = resource_field(&res_priorities, "code");
        q.filters[0].val = (struct value){.set = true, .s = json_string_value(prio)};
        struct record **items;
        size_t n;
        int64_t total;
        if (db_rec_list(db, &res_priorities, &q, rq->arena, &items, &n, &total, &rq->err) != 0)
            goto fail;
        if (!n) {
            err_invalid(&rq->err, "priority", "prioritas tidak dikenal", "unknown priority");
            goto fail;
        }
        json_object_set_new(body, "priority_id", json_integer(items[0]->id));
    }
    int64_t old_priority = t->priority_id, old_service = t->service_id;
    if (changed_text(rq, db, t, body, "title", 1, 200, &t->title) != 0 ||
        changed_text(rq, db, t, body, "description", 1, 20000, &t->description) != 0 ||
        changed_text(rq, db, t, body, "contact_name", 0, 200, &t->contact_name) != 0 ||
        changed_text(rq, db, t, body, "contact_phone", 0, 32, &t->contact_phone) != 0 ||
        changed_ref(rq, db, t, body, "priority_id", &res_priorities, &t->priority_id) != 0 ||
        changed_ref(rq, db, t, body, "service_id", &res_services, &t->service_id) != 0 ||
        changed_ref(rq, db, t, body, "category_id", &res_categories, &t->category_id) != 0 ||
        (json_object_get(body, "tags") && set_tags(rq, db, t, json_object_get(body, "tags")) != 0))
        goto fail;
    /* A new priority or service may bring another SLA policy. */
    if (t->priority_id != old_priority || t->service_id != old_service) {
        if (ticket_sla_init(rq, db, t) != 0)
            goto fail;
    }
    t->updated_at = ticket_now();
    struct ticket *fresh;
    if (db_ticket_save(db, t, &rq->err) != 0 ||
        ticket_notify(rq, db, t, "ticket_changed", t->requester_id, NULL) != 0 ||
        db_ticket_get(db, t->number, rq->arena, &fresh, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0)
        goto fail;
    return reply_ticket(rq, 200, fresh);
fail:
    db_rollback(db);
    return reply_err(rq, &rq->err);
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
