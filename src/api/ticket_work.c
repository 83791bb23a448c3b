/* Working a ticket: edit, comments and internal notes, status transitions,
** assign/take, escalation, rating. Each change, its timeline events and its
** outbox rows commit in one transaction. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "channels/intake.h"
#include "core/arena.h"
#include "core/ticket.h"
#include "http/reply.h"
#include "svc/svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int forbidden(struct req *rq)
{
    return err_set(&rq->err, ERR_FORBIDDEN, "ticket.forbidden",
                   "Anda tidak berhak melakukan ini pada tiket ini",
                   "you are not allowed to do this on this ticket");
}

/* Opens the transaction, loads the ticket and checks `action` on it. A
** ticket the caller cannot see is 404; one they see but may not touch, 403. */
static int begin_on_ticket(struct req *rq, struct db **db, struct ticket **t, int action)
{
    if (!(*db = req_db(rq)) || db_begin(*db, &rq->err) != 0)
        return rq->err.kind ? rq->err.kind : ERR_STORE;
    if (ticket_load(rq, *db, t) != 0)
        return rq->err.kind;
    struct perm_obj o = ticket_perm_obj(*t);
    if (action >= 0 && !perm_can(&rq->user->p, (enum action)action, &o))
        return forbidden(rq);
    return 0;
}

static int finish(struct req *rq, struct db *db, struct ticket *t, unsigned status)
{
    struct ticket *fresh;
    if (db_ticket_get(db, t->number, rq->arena, &fresh, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_ticket(rq, status, fresh);
}

static int fail(struct req *rq, struct db *db)
{
    if (db)
        db_rollback(db);
    return reply_err(rq, &rq->err);
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

int api_tickets_transition(struct req *rq)
{
    json_t *body;
    struct db *db = NULL;
    struct ticket *t;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *to_s = json_str(body, "to");
    enum ticket_status to;
    if (!to_s || ticket_status_parse(to_s, &to) != 0) {
        err_invalid(&rq->err, "to", "status tujuan tidak dikenal", "unknown target status");
        return reply_err(rq, &rq->err);
    }
    const char *summary = json_str(body, "summary"), *reason = json_str(body, "reason");
    if ((summary && strlen(summary) > 10000) || (reason && strlen(reason) > 2000)) {
        err_invalid(&rq->err, summary && strlen(summary) > 10000 ? "summary" : "reason",
                    "terlalu panjang", "too long");
        return reply_err(rq, &rq->err);
    }
    if (begin_on_ticket(rq, &db, &t, -1) != 0)
        return fail(rq, db);
    enum ticket_status from = TS_NEW;
    ticket_status_parse(t->status, &from);
    struct perm_obj o = ticket_perm_obj(t);
    if (ticket_transition_check(&rq->user->p, &o, from, to, summary, reason, &rq->err) != 0 ||
        svc_status_apply(db, rq->arena, rq->app->cfg, t, to, &rq->user->p,
                         summary ? arena_strdup(rq->arena, summary) : NULL,
                         reason ? arena_strdup(rq->arena, reason) : NULL, ticket_now(),
                         &rq->err) != 0)
        return fail(rq, db);
    return finish(rq, db, t, 200);
}

int api_tickets_comment(struct req *rq)
{
    json_t *body;
    struct db *db = NULL;
    struct ticket *t;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *text = json_str(body, "body");
    json_t *internal_j = json_object_get(body, "internal");
    bool internal = json_is_true(internal_j);
    if (blank(text))
        err_field(&rq->err, "body", "isi komentar", "write a comment");
    else if (strlen(text) > 20000)
        err_field(&rq->err, "body", "maksimal 20000 karakter", "at most 20000 characters");
    if (internal_j && !json_is_boolean(internal_j))
        err_field(&rq->err, "internal", "harus true atau false", "must be true or false");
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    /* ticket_load answers 404 for a ticket the caller cannot see; the
    ** comment rule itself is svc's, shared with the channels. */
    if (begin_on_ticket(rq, &db, &t, -1) != 0)
        return fail(rq, db);
    if (!svc_comment_allowed(&rq->user->p, t, internal)) {
        forbidden(rq);
        return fail(rq, db);
    }
    const char *copy = arena_strdup(rq->arena, text);
    if (svc_comment_apply(db, rq->arena, rq->app->cfg, t, rq->user, copy, internal, ticket_now(),
                          &rq->err) != 0)
        return fail(rq, db);
    /* A WhatsApp ticket's requester gets the reply on WhatsApp. */
    if (!internal &&
        channels_public_comment(db, rq->arena, rq->app->cfg, t, rq->user->p.id, copy,
                                &rq->err) != 0)
        return fail(rq, db);
    return finish(rq, db, t, 201);
}

int api_tickets_assign(struct req *rq)
{
    json_t *body;
    struct db *db = NULL;
    struct ticket *t;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *aid = json_object_get(body, "assignee_id");
    bool take = !aid || json_is_null(aid);
    if (!take && !json_is_integer(aid)) {
        err_invalid(&rq->err, "assignee_id", "harus id pengguna", "must be a user id");
        return reply_err(rq, &rq->err);
    }
    int64_t who = take ? rq->user->p.id : json_integer_value(aid);
    if (begin_on_ticket(rq, &db, &t, take || who == rq->user->p.id ? ACT_TICKET_TAKE
                                                                  : ACT_TICKET_ASSIGN) != 0)
        return fail(rq, db);
    struct user_auth u;
    if (db_user_by_id(db, who, rq->arena, &u, &rq->err) != 0 || !u.p.active ||
        (u.p.role != ROLE_AGENT && u.p.role != ROLE_ADMIN)) {
        err_clear(&rq->err);
        err_invalid(&rq->err, "assignee_id", "harus petugas yang aktif", "must be an active agent");
        return fail(rq, db);
    }
    char old[24] = "", new[24];
    if (t->assignee_id)
        snprintf(old, sizeof old, "%lld", (long long)t->assignee_id);
    snprintf(new, sizeof new, "%lld", (long long)who);
    t->assignee_id = who;
    t->assignee_name = u.name;
    t->updated_at = ticket_now();
    if (db_ticket_save(db, t, &rq->err) != 0 ||
        ticket_event(rq, db, t, rq->user->p.id, "assigned", "assignee_id", old[0] ? old : NULL,
                     new, u.name, false) != 0 ||
        (who != rq->user->p.id &&
         ticket_notify(rq, db, t, "ticket_assigned", who, NULL) != 0))
        return fail(rq, db);
    return finish(rq, db, t, 200);
}

/* Tells every active agent of the target scope that the ticket is theirs
** now (ticket_escalated_pic), with the reason when they may read it: unit
** staff always, a vendor when the reason is public or the vendor may read
** internal information. */
static int notify_scope(struct req *rq, struct db *db, const struct ticket *t, const char *field,
                        int64_t id, int tier, const char *reason)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 200, .n_filters = 3};
    q.filters[0].field = resource_field(&res_users, field);
    q.filters[0].val = (struct value){.set = true, .i = id};
    q.filters[1].field = resource_field(&res_users, "tier");
    q.filters[1].val = (struct value){.set = true, .i = tier};
    q.filters[2].field = resource_field(&res_users, "active");
    q.filters[2].val = (struct value){.set = true, .i = 1};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_users, &q, rq->arena, &items, &n, &total, &rq->err) != 0)
        return rq->err.kind;
    for (size_t i = 0; i < n; i++)
        if (ticket_notify(rq, db, t, "ticket_escalated_pic", items[i]->id,
                          reason ? json_pack("{s:s}", "reason", reason) : NULL) != 0)
            return rq->err.kind;
    return 0;
}

int api_tickets_escalate(struct req *rq)
{
    json_t *body;
    struct db *db = NULL;
    struct ticket *t;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *tier = json_object_get(body, "tier");
    const char *reason = json_str(body, "reason");
    int tv = json_is_integer(tier) ? (int)json_integer_value(tier) : 0;
    if (tv != 2 && tv != 3)
        err_field(&rq->err, "tier", "harus 2 (unit) atau 3 (vendor)", "must be 2 (unit) or 3 (vendor)");
    const char *key = tv == 3 ? "vendor_id" : "unit_id";
    json_t *target = json_object_get(body, key);
    if (tv && !json_is_integer(target))
        err_field(&rq->err, key, "wajib diisi", "is required");
    if (blank(reason))
        err_field(&rq->err, "reason", "tuliskan alasan eskalasi", "give the reason");
    /* The reason is internal unless the agent says the requester may read it. */
    json_t *public_j = json_object_get(body, "public");
    if (public_j && !json_is_boolean(public_j))
        err_field(&rq->err, "public", "harus true atau false", "must be true or false");
    bool public = json_is_true(public_j);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    if (begin_on_ticket(rq, &db, &t, ACT_TICKET_ESCALATE) != 0)
        return fail(rq, db);
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    if (ticket_status_final(st) || st == TS_RESOLVED) {
        err_set(&rq->err, ERR_CONFLICT, "ticket.invalid_transition",
                "tiket yang selesai tidak dapat dieskalasi", "a finished ticket cannot be escalated");
        return fail(rq, db);
    }
    if (rq->user->p.role == ROLE_AGENT && rq->user->p.tier == 2 && tv == 2) {
        err_set(&rq->err, ERR_FORBIDDEN, "ticket.forbidden",
                "petugas tingkat 2 hanya dapat meneruskan ke vendor",
                "tier 2 agents escalate only to a vendor");
        return fail(rq, db);
    }
    struct record *r;
    int64_t id = json_integer_value(target);
    if (db_rec_get(db, tv == 3 ? &res_vendors : &res_units, id, rq->arena, &r, &rq->err) != 0) {
        err_clear(&rq->err);
        err_invalid(&rq->err, key, "tidak ditemukan", "does not exist");
        return fail(rq, db);
    }
    char old[8], new[32];
    snprintf(old, sizeof old, "%d", t->tier);
    snprintf(new, sizeof new, "%d", tv);
    t->tier = tv;
    if (tv == 2)
        t->esc_unit_id = id;
    else
        t->esc_vendor_id = id;
    t->assignee_id = 0; /* the unit's PIC or the vendor takes it from here */
    t->updated_at = ticket_now();
    const char *copy = arena_strdup(rq->arena, reason);
    /* Who handles it is public (the requester is told: seed 000's template
    ** 7); why is an internal event of its own unless marked public. */
    const char *handler = r->v[resource_field(tv == 3 ? &res_vendors : &res_units, "name")].s;
    bool vendor_reads = tv == 3 && r->v[resource_field(&res_vendors, "sees_internal")].i;
    if (db_ticket_save(db, t, &rq->err) != 0 ||
        ticket_event(rq, db, t, rq->user->p.id, "escalated", "tier", old, new,
                     public ? copy : NULL, false) != 0 ||
        (!public && ticket_event(rq, db, t, rq->user->p.id, "escalation_reason", NULL, NULL,
                                 NULL, copy, true) != 0) ||
        notify_scope(rq, db, t, tv == 3 ? "vendor_id" : "unit_id", id, tv,
                     public || tv == 2 || vendor_reads ? copy : NULL) != 0 ||
        ticket_notify(rq, db, t, "ticket_escalated", t->requester_id,
                      json_pack("{s:s?}", "handler", handler)) != 0)
        return fail(rq, db);
    return finish(rq, db, t, 200);
}

int api_tickets_rate(struct req *rq)
{
    json_t *body;
    struct db *db = NULL;
    struct ticket *t;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *score = json_object_get(body, "score");
    const char *feedback = json_str(body, "feedback");
    if (!json_is_integer(score) || json_integer_value(score) < 1 || json_integer_value(score) > 5)
        err_field(&rq->err, "score", "pilih 1 sampai 5 bintang", "choose 1 to 5 stars");
    if (feedback && strlen(feedback) > 5000)
        err_field(&rq->err, "feedback", "maksimal 5000 karakter", "at most 5000 characters");
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    if (begin_on_ticket(rq, &db, &t, ACT_TICKET_RATE) != 0)
        return fail(rq, db);
    if (strcmp(t->status, "resolved") != 0) {
        err_set(&rq->err, ERR_CONFLICT, "ticket.invalid_transition",
                "hanya tiket berstatus Selesai yang dapat dinilai",
                "only resolved tickets can be rated");
        return fail(rq, db);
    }
    t->rating = (int)json_integer_value(score);
    t->feedback = feedback && *feedback ? arena_strdup(rq->arena, feedback) : NULL;
    char sc[4];
    snprintf(sc, sizeof sc, "%d", t->rating);
    if (ticket_event(rq, db, t, rq->user->p.id, "rating", "rating", NULL, sc, t->feedback,
                     false) != 0 ||
        svc_status_apply(db, rq->arena, rq->app->cfg, t, TS_CLOSED, &rq->user->p, NULL, NULL,
                         ticket_now(), &rq->err) != 0)
        return fail(rq, db);
    return finish(rq, db, t, 200);
}

/* POST /api/v1/tickets/{number}/merge {"into":"LKT-2026-000001"}: the
** duplicate is closed with a link to the surviving ticket; both timelines
** record it and the duplicate's history stays where it is. */
int api_tickets_merge(struct req *rq)
{
    json_t *body;
    struct db *db = NULL;
    struct ticket *dup, *into;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *into_no = json_str(body, "into");
    if (!into_no || !*into_no) {
        err_invalid(&rq->err, "into", "isi nomor tiket tujuan", "give the ticket to merge into");
        return reply_err(rq, &rq->err);
    }
    if (begin_on_ticket(rq, &db, &dup, ACT_TICKET_EDIT) != 0)
        return fail(rq, db);
    if (db_ticket_get(db, into_no, rq->arena, &into, &rq->err) != 0) {
        err_clear(&rq->err);
        err_invalid(&rq->err, "into", "tiket tujuan tidak ditemukan", "no such ticket");
        return fail(rq, db);
    }
    struct perm_obj o = ticket_perm_obj(into);
    if (!perm_can(&rq->user->p, ACT_TICKET_EDIT, &o)) {
        err_clear(&rq->err);
        err_invalid(&rq->err, "into", "tiket tujuan tidak ditemukan", "no such ticket");
        return fail(rq, db);
    }
    enum ticket_status ds = TS_NEW, is = TS_NEW;
    ticket_status_parse(dup->status, &ds);
    ticket_status_parse(into->status, &is);
    if (dup->id == into->id || ticket_status_final(ds) || ticket_status_final(is) ||
        into->merged_into_id) {
        err_set(&rq->err, ERR_CONFLICT, "ticket.merge_invalid",
                "tiket hanya dapat digabung ke tiket lain yang masih terbuka",
                "a ticket can only be merged into another open ticket");
        return fail(rq, db);
    }
    int64_t now = ticket_now();
    const char *from = dup->status;
    dup->status = "closed";
    dup->closed_at = now;
    dup->updated_at = now;
    dup->merged_into_id = into->id;
    dup->waiting_since = 0;
    into->updated_at = now;
    if (db_ticket_save(db, dup, &rq->err) != 0 ||
        db_ticket_save(db, into, &rq->err) != 0 ||
        ticket_event(rq, db, dup, rq->user->p.id, "merged", "merged_into", NULL, into->number,
                     NULL, false) != 0 ||
        ticket_event(rq, db, dup, rq->user->p.id, "status", "status", from, "closed", NULL,
                     false) != 0 ||
        ticket_event(rq, db, into, rq->user->p.id, "merged_from", "merged_from", NULL,
                     dup->number, NULL, false) != 0 ||
        ticket_notify(rq, db, dup, "ticket_changed", dup->requester_id,
                      json_pack("{s:s, s:s}", "old_status", from, "merged_into", into->number)) != 0)
        return fail(rq, db);
    return finish(rq, db, dup, 200);
}
