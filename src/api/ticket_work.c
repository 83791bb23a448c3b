/* Working a ticket: edit, comments and internal notes, status transitions,
** assign/take, escalation, rating. Each change, its timeline events and its
** outbox rows commit in one transaction. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/ticket.h"
#include "http/reply.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"
#include "svc/ticket_flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens the transaction the service runs in. */
static int begin(struct req *rq, struct db **db)
{
    if (!(*db = req_db(rq)) || db_begin(*db, &rq->err) != 0)
        return rq->err.kind ? rq->err.kind : ERR_STORE;
    return 0;
}

/* Commits what the service did (rc 0) and answers with the ticket it left. */
static int done(struct req *rq, struct db *db, int rc, const struct ticket *fresh,
                unsigned status)
{
    if (rc != 0 || db_commit(db, &rq->err) != 0) {
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
    struct actor who = api_actor(rq);
    struct status_change in = {.to = to, .summary = summary, .reason = reason,
                               .reason_code = json_str(body, "reason_code")};
    if (begin(rq, &db) != 0)
        return fail(rq, db);
    int rc = svc_ticket_transition(db, &who, rq->arena, req_param(rq, "number"), &in, &t,
                                   &rq->err);
    return done(rq, db, rc, t, 200);
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
    /* issue #20: "send as Diproses / Menunggu / Selesai" (svc/ticket_flow.h) */
    struct status_change as = {.to = TS_NEW, .summary = json_str(body, "summary")};
    const char *as_s = json_str(body, "status");
    if (as_s && (ticket_status_parse(as_s, &as.to) != 0 ||
                 (as.to != TS_IN_PROGRESS && as.to != TS_WAITING && as.to != TS_RESOLVED)))
        err_field(&rq->err, "status", "harus in_progress, waiting atau resolved",
                  "must be in_progress, waiting or resolved");
    if (as.summary && strlen(as.summary) > 10000)
        err_field(&rq->err, "summary", "terlalu panjang", "too long");
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    /* ticket_load answers 404 for a ticket the caller cannot see; the
    ** comment rule itself is svc's, shared with the channels. */
    struct actor who = api_actor(rq);
    struct ticket *fresh;
    if (begin(rq, &db) != 0 || ticket_load(rq, db, &t) != 0)
        return fail(rq, db);
    const char *copy = arena_strdup(rq->arena, text);
    int rc = as_s ? svc_ticket_reply_as(db, &who, rq->arena, t, copy, internal, &as, &fresh,
                                        &rq->err)
                  : svc_ticket_comment(db, &who, rq->arena, t, copy, internal, &fresh, &rq->err);
    return done(rq, db, rc, fresh, 201);
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
    struct actor who = api_actor(rq);
    if (begin(rq, &db) != 0)
        return fail(rq, db);
    int rc = svc_ticket_assign(db, &who, rq->arena, req_param(rq, "number"), take,
                               json_integer_value(aid), &t, &rq->err);
    return done(rq, db, rc, t, 200);
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
    struct actor who = api_actor(rq);
    struct escalation in = {.tier = tv, .target = json_integer_value(target), .reason = reason,
                            .public = public};
    if (begin(rq, &db) != 0)
        return fail(rq, db);
    int rc = svc_ticket_escalate(db, &who, rq->arena, req_param(rq, "number"), &in, &t,
                                 &rq->err);
    return done(rq, db, rc, t, 200);
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
    struct actor who = api_actor(rq);
    if (begin(rq, &db) != 0)
        return fail(rq, db);
    int rc = svc_ticket_rate(db, &who, rq->arena, req_param(rq, "number"),
                             (int)json_integer_value(score), feedback, &t, &rq->err);
    return done(rq, db, rc, t, 200);
}

/* POST /api/v1/tickets/{number}/merge {"into":"LKT-2026-000001"}: the
** duplicate is closed with a link to the surviving ticket; both timelines
** record it and the duplicate's history stays where it is. */
int api_tickets_merge(struct req *rq)
{
    json_t *body;
    struct db *db = NULL;
    struct ticket *t;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *into_no = json_str(body, "into");
    if (!into_no || !*into_no) {
        err_invalid(&rq->err, "into", "isi nomor tiket tujuan", "give the ticket to merge into");
        return reply_err(rq, &rq->err);
    }
    struct actor who = api_actor(rq);
    if (begin(rq, &db) != 0)
        return fail(rq, db);
    int rc = svc_ticket_merge(db, &who, rq->arena, req_param(rq, "number"), into_no, &t,
                              &rq->err);
    return done(rq, db, rc, t, 200);
}
