/* Tickets: create (for oneself, or by an agent on behalf of a caller),
** list with filters and full-text search, read, edit, and the timeline. */
#include "api/api.h"
#include "api/json.h"
#include "api/master.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/qarg.h"
#include "core/ticket.h"
#include "api/batch.h"
#include "http/reply.h"
#include "svc/desk_rules.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"
#include "svc/ticket_query.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A priority as the body names it: by code ("high") or id. */
static struct prio_ref prio_ref_of(json_t *v)
{
    return (struct prio_ref){.kind = json_is_integer(v)      ? PRIO_ID
                                     : json_is_string(v)      ? PRIO_CODE
                                     : v && !json_is_null(v) ? PRIO_BAD
                                                             : PRIO_NONE,
                             .id = json_integer_value(v), .code = json_string_value(v)};
}

/* What the request thread parsed, handed to the writer thread. */
struct create_job {
    struct actor who;
    struct ticket_new in;
    struct ticket *saved;
};

/* Runs on the group-commit writer inside its transaction (a savepoint of
** its own): the rules are the ticket service's. */
static int create_run(struct db *db, struct req *rq)
{
    struct create_job *j = rq->job;
    j->who.now = ticket_now();
    if (svc_ticket_create(db, &j->who, rq->arena, &j->in, &j->saved, &rq->err) != 0)
        return rq->err.kind;
    /* master data's audit row for a caller registered on the way */
    if (j->in.requester && j->in.requester->registered)
        return master_audit(rq, db, "create", "users", j->in.requester->rec->id,
                            record_to_json(&res_users, j->in.requester->rec));
    return 0;
}

/* Back on a worker thread once the batch is durable. */
static int create_finish(struct req *rq)
{
    struct create_job *j = rq->job;
    if (rq->job_rc != 0)
        return reply_err(rq, &rq->err);
    return reply_ticket(rq, 201, j->saved);
}

int api_tickets_create(struct req *rq)
{
    json_t *body;
    struct create_job *j = arena_alloc(rq->arena, sizeof *j);
    struct ticket_new *in = &j->in;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    api_text_field(rq, body, "title", 200, true, &in->title);
    api_text_field(rq, body, "description", 20000, true, &in->description);
    api_text_field(rq, body, "contact_name", 200, false, &in->contact_name);
    api_text_field(rq, body, "contact_phone", 32, false, &in->contact_phone);
    json_t *sid = json_object_get(body, "service_id");
    if (!json_is_integer(sid))
        err_field(&rq->err, "service_id", "pilih layanan", "choose a service");
    json_t *prio = json_object_get(body, "priority"), *rid = json_object_get(body, "requester_id");
    in->priority = prio_ref_of(prio);
    in->for_other = rid || json_object_get(body, "requester") || json_object_get(body, "channel");
    in->channel = json_str(body, "channel");
    in->requester_id_given = json_is_integer(rid);
    in->requester_id = json_integer_value(rid);
    json_t *rqo = json_object_get(body, "requester");
    if (json_is_object(rqo)) {
        /* read now, judged on the writer only if the caller must be registered */
        struct requester_ref *r = arena_alloc(rq->arena, sizeof *r);
        struct err *bad = arena_alloc(rq->arena, sizeof *bad);
        r->nip = json_str(rqo, "nip");
        r->email = json_str(rqo, "email");
        r->phone = json_str(rqo, "phone");
        r->name = json_str(rqo, "name");
        r->rec = record_new(rq->arena, &res_users);
        if (record_from_json(&res_users, rqo, r->rec, rq->arena, bad) != 0)
            r->bad = bad;
        in->requester = r;
    }
    in->service_id = json_integer_value(sid);
    j->who = api_actor(rq);
    if (svc_ticket_create_check(&j->who, in, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    rq->job = j;
    /* Acknowledged only after the commit that holds the ticket, its event
    ** and its outbox row: group commit shares that commit between requests. */
    if (batch_submit(rq, create_run, create_finish) != 0)
        return reply_err(rq, &rq->err);
    return 0;
}

/* ---- list ------------------------------------------------------------- */

static const char *query_get(void *rq, const char *key)
{
    return req_query(rq, key);
}

/* Parameters as reports and exports read them (svc/ticket_query.c). */
int api_tickets_list(struct req *rq)
{
    struct ticket_query *q = arena_alloc(rq->arena, sizeof *q);
    struct db *db = req_db(rq);
    if (!db || svc_ticket_query_read(db, &rq->user->p, query_get, rq, ticket_now(), true,
                                     rq->arena, q, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Parameter tidak valid",
                "Invalid parameters");
        return reply_err(rq, &rq->err);
    }
    struct ticket **items;
    size_t n;
    int64_t total;
    bool capped;
    if (db_ticket_list(db, q, rq->arena, &items, &n, &total, &capped, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct jw w;
    jw_init(&w, rq->arena);
    jw_obj(&w, NULL);
    jw_arr(&w, "items");
    struct principal me = desk_principal(db, rq->app->cfg, rq->arena, &rq->user->p);
    for (size_t i = 0; i < n; i++)
        ticket_json_write(&w, NULL, items[i], &me);
    jw_end(&w, ']');
    /* More matches than are worth counting: say so instead of scanning them all. */
    jw_int(&w, "total", total);
    jw_int(&w, "page", q->page);
    jw_int(&w, "per_page", q->per_page);
    jw_bool(&w, "total_capped", capped);
    jw_end(&w, '}');
    size_t len;
    const char *text = jw_text(&w, &len);
    return reply_json_text(rq, 200, text, len);
}

int api_tickets_get(struct req *rq)
{
    struct db *db = req_db(rq);
    struct ticket *t;
    if (!db || ticket_load(rq, db, &t) != 0)
        return reply_err(rq, &rq->err);
    return reply_ticket(rq, 200, t);
}

int api_tickets_events(struct req *rq)
{
    struct db *db = req_db(rq);
    struct ticket *t;
    if (!db || ticket_load(rq, db, &t) != 0)
        return reply_err(rq, &rq->err);
    struct perm_obj o = ticket_perm_obj(t);
    bool internal = perm_can(&rq->user->p, ACT_TICKET_VIEW_INTERNAL, &o);
    struct ticket_event *ev;
    size_t n;
    if (db_events_list(db, t->id, internal, rq->arena, &ev, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:o, s:o, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:b, s:s*}", "id",
                           (json_int_t)ev[i].id, "at", json_time(ev[i].at), "actor_id",
                           ev[i].actor_id ? json_integer(ev[i].actor_id) : json_null(),
                           "actor_name", ev[i].actor_name, "kind", ev[i].kind, "field",
                           ev[i].field, "old_value", ev[i].old_value, "new_value",
                           ev[i].new_value, "body", ev[i].body, "internal", ev[i].internal,
                           "target", ev[i].target));
    return reply_json(rq, 200, json_pack("{s:s, s:o}", "number", t->number, "items", arr));
}
