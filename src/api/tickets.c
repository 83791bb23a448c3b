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
#include "http/batch.h"
#include "http/reply.h"
#include "svc/svc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const channels[] = {"web", "email", "whatsapp", "phone", "walk_in", NULL};

static bool one_of(const char *s, const char *const *set)
{
    for (; s && *set; set++)
        if (!strcmp(s, *set))
            return true;
    return false;
}

static int64_t rec_int(const struct resource *res, const struct record *r, const char *f)
{
    const struct value *v = &r->v[resource_field(res, f)];
    return v->null ? 0 : v->i;
}

/* Priority codes seen lately, for the writer thread: every new ticket names
** one and they change a few times a year. Valid for one conf_generation
** (any master-data commit drops them). */
static struct {
    pthread_mutex_t mu;
    uint64_t gen;
    unsigned n;
    struct {
        char code[32];
        int64_t id;
    } e[16];
} prio_codes = {.mu = PTHREAD_MUTEX_INITIALIZER};

static int64_t prio_cached(uint64_t gen, const char *code)
{
    int64_t id = 0;
    pthread_mutex_lock(&prio_codes.mu);
    for (unsigned i = 0; gen == prio_codes.gen && i < prio_codes.n && !id; i++)
        if (!strcmp(prio_codes.e[i].code, code))
            id = prio_codes.e[i].id;
    pthread_mutex_unlock(&prio_codes.mu);
    return id;
}

static void prio_keep(uint64_t gen, const char *code, int64_t id)
{
    if (strlen(code) >= sizeof prio_codes.e[0].code)
        return;
    pthread_mutex_lock(&prio_codes.mu);
    if (gen != prio_codes.gen) {
        prio_codes.gen = gen;
        prio_codes.n = 0;
    }
    if (prio_codes.n < sizeof prio_codes.e / sizeof prio_codes.e[0]) {
        strcpy(prio_codes.e[prio_codes.n].code, code);
        prio_codes.e[prio_codes.n++].id = id;
    }
    pthread_mutex_unlock(&prio_codes.mu);
}

/* A priority given as code ("high") or id; 0 when absent, -1 when unknown. */
static int64_t find_priority(struct req *rq, struct db *db, json_t *v)
{
    if (json_is_integer(v)) {
        struct record *r;
        if (db_rec_get(db, &res_priorities, json_integer_value(v), rq->arena, &r,
                       &rq->err) != 0) {
            err_clear(&rq->err);
            return -1;
        }
        return r->id;
    }
    if (!json_is_string(v))
        return v && !json_is_null(v) ? -1 : 0;
    uint64_t gen = store_conf_generation(db->st);
    int64_t id = prio_cached(gen, json_string_value(v));
    if (id)
        return id;
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 1};
    q.filters[0].field = resource_field(&res_priorities, "code");
    q.filters[0].val = (struct value){.set = true, .s = json_string_value(v)};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_priorities, &q, rq->arena, &items, &n, &total, &rq->err) != 0)
        return -1;
    if (n)
        prio_keep(gen, json_string_value(v), items[0]->id);
    return n ? items[0]->id : -1;
}

/* Finds the caller an agent records a request for: requester_id, or
** requester {nip|email|phone} looked up, or created when it has a name. */
static int find_requester(struct req *rq, struct db *db, json_t *body, int64_t *id,
                          int64_t *unit_id)
{
    json_t *rid = json_object_get(body, "requester_id"), *rqo = json_object_get(body, "requester");
    struct record *r;
    if (json_is_integer(rid)) {
        if (db_rec_get(db, &res_users, json_integer_value(rid), rq->arena, &r, &rq->err) != 0) {
            err_clear(&rq->err);
            return err_invalid(&rq->err, "requester_id", "pemohon tidak ditemukan",
                               "requester not found");
        }
        *id = r->id;
        *unit_id = rec_int(&res_users, r, "unit_id");
        return 0;
    }
    if (!json_is_object(rqo))
        return err_invalid(&rq->err, "requester_id",
                           "isi requester_id atau requester {nip|email|phone, name}",
                           "give requester_id or requester {nip|email|phone, name}");
    static const char *const keys[] = {"nip", "email", "phone"};
    for (size_t k = 0; k < 3; k++) {
        const char *v = json_str(rqo, keys[k]);
        if (!v || !*v)
            continue;
        struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 2, .n_filters = 1};
        q.filters[0].field = resource_field(&res_users, keys[k]);
        q.filters[0].val = (struct value){.set = true, .s = v};
        struct record **items;
        size_t n;
        int64_t total;
        if (db_rec_list(db, &res_users, &q, rq->arena, &items, &n, &total, &rq->err) != 0)
            return rq->err.kind;
        if (n == 1) {
            *id = items[0]->id;
            *unit_id = rec_int(&res_users, items[0], "unit_id");
            return 0;
        }
    }
    /* Unknown caller: record them as a requester without a password. */
    const char *name = json_str(rqo, "name");
    if (!name || !*name)
        return err_invalid(&rq->err, "requester.name",
                           "pemohon belum terdaftar: isi nama untuk mendaftarkannya",
                           "unknown requester: give a name to register them");
    r = record_new(rq->arena, &res_users);
    if (record_from_json(&res_users, rqo, r, rq->arena, &rq->err) != 0)
        return rq->err.kind;
    struct value *role = &r->v[resource_field(&res_users, "role")];
    *role = (struct value){.set = true, .s = "requester"};
    struct value *email = &r->v[resource_field(&res_users, "email")];
    if (!email->set || email->null) {
        /* email is required and unique: a placeholder keeps phone/walk-in callers recordable */
        char rnd[TOKEN_HEX];
        token_random_hex(rnd);
        *email = (struct value){.set = true, .s = arena_printf(rq->arena, "noemail-%.12s@loket.invalid", rnd)};
    }
    record_apply_defaults(&res_users, r);
    if (record_validate(&res_users, r, true, &rq->err) != 0 ||
        db_rec_create(db, &res_users, r, &rq->err) != 0)
        return rq->err.kind;
    *id = r->id;
    *unit_id = rec_int(&res_users, r, "unit_id");
    return master_audit(rq, db, "create", "users", r->id, record_to_json(&res_users, r));
}

/* What the request thread parsed, handed to the writer thread. */
struct create_job {
    json_t *body;
    struct ticket *t;
    bool for_other;
    int64_t service_id;
    struct ticket *saved;
};

/* Runs on the group-commit writer inside its transaction (a savepoint of
** its own): everything that reads or writes the database for a new ticket. */
static int create_run(struct db *db, struct req *rq)
{
    struct create_job *j = rq->job;
    struct ticket *t = j->t;
    json_t *body = j->body;
    const struct principal *me = &rq->user->p;
    struct record *svc;
    if (db_rec_get(db, &res_services, j->service_id, rq->arena, &svc, &rq->err) != 0 ||
        !rec_int(&res_services, svc, "active")) {
        err_clear(&rq->err);
        return err_invalid(&rq->err, "service_id", "layanan tidak ditemukan", "no such service");
    }
    const char *kind = svc->v[resource_field(&res_services, "kind")].s;
    if (strcmp(kind, "ticket") != 0)
        return err_invalid(&rq->err, "service_id",
                           "layanan ini tidak melalui tiket (lihat tautan atau jadwal layanan)",
                           "this service is not handled by tickets (use its link or booking)");
    t->service_id = svc->id;
    t->category_id = rec_int(&res_services, svc, "category_id");
    int64_t prio = find_priority(rq, db, json_object_get(body, "priority"));
    if (prio < 0)
        return err_invalid(&rq->err, "priority", "prioritas tidak dikenal", "unknown priority");
    t->priority_id = prio ? prio : rec_int(&res_services, svc, "priority_id");
    if (j->for_other) {
        if (find_requester(rq, db, body, &t->requester_id, &t->unit_id) != 0)
            return rq->err.kind;
    } else {
        t->requester_id = me->id;
        t->unit_id = me->unit_id;
    }
    t->created_by = me->id;
    /* A "channel" event only when staff recorded the ticket for someone:
    ** for oneself it is always "web". */
    return svc_ticket_open(db, rq->arena, rq->app->cfg, t, j->for_other, ticket_now(),
                           &j->saved, &rq->err);
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
    struct ticket *t = arena_alloc(rq->arena, sizeof *t);
    const struct principal *me = &rq->user->p;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    api_text_field(rq, body, "title", 200, true, &t->title);
    api_text_field(rq, body, "description", 20000, true, &t->description);
    api_text_field(rq, body, "contact_name", 200, false, &t->contact_name);
    api_text_field(rq, body, "contact_phone", 32, false, &t->contact_phone);
    json_t *sid = json_object_get(body, "service_id");
    if (!json_is_integer(sid))
        err_field(&rq->err, "service_id", "pilih layanan", "choose a service");
    bool for_other = json_object_get(body, "requester_id") || json_object_get(body, "requester") ||
                     json_object_get(body, "channel");
    t->channel = "web";
    if (for_other) {
        if (!perm_can(me, ACT_TICKET_CREATE_FOR_OTHER, NULL))
            return reply_error(rq, ERR_FORBIDDEN, "ticket.forbidden",
                               "hanya petugas tingkat 1 yang mencatat permintaan atas nama orang lain",
                               "only tier 1 staff record requests on behalf of others");
        const char *ch = json_str(body, "channel");
        if (ch && !one_of(ch, channels))
            err_field(&rq->err, "channel", "harus web, email, whatsapp, phone atau walk_in",
                      "must be web, email, whatsapp, phone or walk_in");
        t->channel = ch ? ch : "phone";
    }
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    j->body = body;
    j->t = t;
    j->for_other = for_other;
    j->service_id = json_integer_value(sid);
    rq->job = j;
    /* Acknowledged only after the commit that holds the ticket, its event
    ** and its outbox row: group commit shares that commit between requests. */
    if (batch_submit(rq, create_run, create_finish) != 0)
        return reply_err(rq, &rq->err);
    return 0;
}

/* ---- list ------------------------------------------------------------- */

static int64_t q_id(struct req *rq, const char *key)
{
    return qarg_id(key, req_query(rq, key), &rq->err);
}

int api_tickets_list(struct req *rq)
{
    struct ticket_query *q = arena_alloc(rq->arena, sizeof *q);
    struct db *db;
    if (api_page(rq, &q->page, &q->per_page) != 0)
        return reply_err(rq, &rq->err);
    q->scope = perm_ticket_scope(&rq->user->p);
    q->q = req_query(rq, "q");
    const char *status = req_query(rq, "status");
    if (status && *status) {
        char *copy = arena_strdup(rq->arena, status), *save = NULL;
        for (char *s = strtok_r(copy, ",", &save); s && q->n_statuses < 8;
             s = strtok_r(NULL, ",", &save)) {
            enum ticket_status st;
            if (ticket_status_parse(s, &st) != 0)
                err_field(&rq->err, "status", "status tidak dikenal", "unknown status");
            q->statuses[q->n_statuses++] = s;
        }
    }
    q->unit_id = q_id(rq, "unit_id");
    q->service_id = q_id(rq, "service_id");
    q->category_id = q_id(rq, "category_id");
    q->requester_id = q_id(rq, "requester_id");
    const char *assignee = req_query(rq, "assignee_id");
    if (assignee && !strcmp(assignee, "me"))
        q->assignee_id = rq->user->p.id;
    else if (assignee && !strcmp(assignee, "none"))
        q->unassigned = true;
    else
        q->assignee_id = q_id(rq, "assignee_id");
    q->tier = qarg_tier(req_query(rq, "tier"), &rq->err);
    q->channel = req_query(rq, "channel");
    if (q->channel && !one_of(q->channel, channels))
        err_field(&rq->err, "channel", "kanal tidak dikenal", "unknown channel");
    q->tag = req_query(rq, "tag");
    q->created_from = qarg_utc_time("created_from", req_query(rq, "created_from"), &rq->err);
    q->created_to = qarg_utc_time("created_to", req_query(rq, "created_to"), &rq->err);
    const char *breached = req_query(rq, "sla_breached");
    q->sla_breached = !breached ? -1 : !strcmp(breached, "true") ? 1 : !strcmp(breached, "false") ? 0 : -2;
    if (q->sla_breached == -2)
        err_field(&rq->err, "sla_breached", "harus true atau false", "must be true or false");
    q->due_before =
        qarg_due_before(req_query(rq, "due_within_minutes"), ticket_now(), &rq->err);
    const char *sort = req_query(rq, "sort");
    if (sort) {
        q->sort_desc = sort[0] == '-';
        q->sort = sort + q->sort_desc;
        static const char *const sorts[] = {"created_at", "updated_at", "number", "status",
                                            "priority", "resolution_due", "title", NULL};
        if (!one_of(q->sort, sorts))
            err_field(&rq->err, "sort", "kolom urutan tidak dikenal", "unknown sort field");
    } else {
        q->sort = "created_at";
        q->sort_desc = true;
    }
    if (!(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    json_t *prio = NULL;
    const char *ps = req_query(rq, "priority");
    if (ps) {
        prio = json_string(ps);
        q->priority_id = find_priority(rq, db, prio);
        json_decref(prio);
        if (q->priority_id < 0)
            err_field(&rq->err, "priority", "prioritas tidak dikenal", "unknown priority");
    }
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
    for (size_t i = 0; i < n; i++)
        ticket_json_write(&w, NULL, items[i], &rq->user->p);
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
            arr, json_pack("{s:I, s:o, s:o, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:b}", "id",
                           (json_int_t)ev[i].id, "at", json_time(ev[i].at), "actor_id",
                           ev[i].actor_id ? json_integer(ev[i].actor_id) : json_null(),
                           "actor_name", ev[i].actor_name, "kind", ev[i].kind, "field",
                           ev[i].field, "old_value", ev[i].old_value, "new_value",
                           ev[i].new_value, "body", ev[i].body, "internal", ev[i].internal));
    return reply_json(rq, 200, json_pack("{s:s, s:o}", "number", t->number, "items", arr));
}
