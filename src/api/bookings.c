/* Bookings: create, list, read, cancel, reschedule, served, no-show, and
** the queue's "call next". Writes run on the group-commit writer
** (svc/writer.c), which runs one job at a time: the capacity check and the
** insert of a booking are never interleaved with another's (svc/booking.c
** explains the whole guarantee). Handlers parse → call svc → reply. */
#include "api/bookings.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/jw.h"
#include "core/qarg.h"
#include "api/batch.h"
#include "http/reply.h"
#include "svc/booking.h"

#include <string.h>

enum booking_op { OP_CREATE, OP_CANCEL, OP_RESCHEDULE, OP_SERVED, OP_NO_SHOW, OP_NEXT };

struct booking_job {
    enum booking_op op;
    int64_t id, service_id, slot_start;
    const char *date, *reason;
    struct booking_req req;
    struct booking_result res;
};

static int job_run(struct db *db, struct req *rq)
{
    struct booking_job *j = rq->job;
    const struct config *cfg = rq->app->cfg;
    int64_t now = ticket_now();
    switch (j->op) {
    case OP_CREATE:
        return booking_create(db, rq->arena, cfg, rq->user, &j->req, now, &j->res, &rq->err);
    case OP_CANCEL:
        return booking_cancel(db, rq->arena, cfg, rq->user, j->id, j->reason, now, &j->res,
                              &rq->err);
    case OP_RESCHEDULE:
        return booking_reschedule(db, rq->arena, cfg, rq->user, j->id, j->date, j->slot_start,
                                  now, &j->res, &rq->err);
    case OP_SERVED:
    case OP_NO_SHOW:
        return booking_finish(db, rq->arena, cfg, rq->user, j->id,
                              j->op == OP_SERVED ? "served" : "no_show", now, &j->res, &rq->err);
    case OP_NEXT:
        return booking_call_next(db, rq->arena, cfg, rq->user, j->service_id, j->date, now,
                                 &j->res, &rq->err);
    }
    return ERR_INTERNAL;
}

/* Who sees the booking sees its sensitive answers: its requester, the
** service's staff and admins (core/perm.c); lists never carry them. */
static int reply_booking(struct req *rq, unsigned status, const struct booking *b)
{
    struct jw w;
    jw_init(&w, rq->arena);
    jw_obj(&w, NULL);
    booking_jw(&w, "booking", b, true);
    jw_end(&w, '}');
    size_t len;
    const char *text = jw_text(&w, &len);
    return reply_json_text(rq, status, text, len);
}

static int job_finish(struct req *rq)
{
    struct booking_job *j = rq->job;
    if (rq->job_rc == 0)
        return reply_booking(rq, j->op == OP_CREATE ? 201 : 200, j->res.b);
    if (!strcmp(rq->err.code, "appointment.full") || !strcmp(rq->err.code, "appointment.closed")) {
        /* API.md: next_available inside the error object */
        const char *msg = rq->err.msg[rq->loc][0] ? rq->err.msg[rq->loc] : rq->err.msg[LOC_EN];
        json_t *e = json_pack("{s:s, s:s}", "code", rq->err.code, "message", msg);
        json_object_set_new(e, "next_available", j->res.next_available[0]
                                                     ? json_string(j->res.next_available)
                                                     : json_null());
        return reply_json(rq, 409, json_pack("{s:o}", "error", e));
    }
    return reply_err(rq, &rq->err);
}

int api_booking_submit(struct req *rq, struct booking_job *j)
{
    rq->job = j;
    if (batch_submit(rq, job_run, job_finish) != 0)
        return reply_err(rq, &rq->err);
    return 0;
}

static struct booking_job *new_job(struct req *rq, enum booking_op op)
{
    struct booking_job *j = arena_alloc(rq->arena, sizeof *j);
    memset(j, 0, sizeof *j);
    j->op = op;
    j->id = req_param_id(rq, "id");
    return j;
}

/* slot_start: an ISO-8601 UTC instant or absent. */
static int64_t slot_arg(struct req *rq, json_t *body)
{
    json_t *v = json_object_get(body, "slot_start");
    if (!v || json_is_null(v))
        return 0;
    int64_t t = json_is_string(v) ? qarg_utc_time("slot_start", json_string_value(v), &rq->err)
                                  : 0;
    if (!t && !rq->err.n_fields)
        err_field(&rq->err, "slot_start", "harus waktu ISO-8601 UTC", "must be an ISO-8601 UTC time");
    return t;
}

static int invalid(struct req *rq)
{
    err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return reply_err(rq, &rq->err);
}

int api_bookings_create(struct req *rq)
{
    json_t *body;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct booking_job *j = new_job(rq, OP_CREATE);
    json_t *sid = json_object_get(body, "service_id"), *rid = json_object_get(body, "requester_id");
    if (!json_is_integer(sid))
        err_field(&rq->err, "service_id", "pilih layanan", "choose a service");
    if (rid && !json_is_null(rid) && !json_is_integer(rid))
        err_field(&rq->err, "requester_id", "harus id pengguna", "must be a user id");
    json_t *ch = json_object_get(body, "channel");
    if (ch && !json_is_null(ch) && !json_is_string(ch))
        err_field(&rq->err, "channel", "harus teks", "must be text");
    const char *date = json_str(body, "date");
    if (!date)
        err_field(&rq->err, "date", "wajib diisi (YYYY-MM-DD)", "required (YYYY-MM-DD)");
    j->req = (struct booking_req){.service_id = json_integer_value(sid),
                                  .date = date ? arena_strdup(rq->arena, date) : NULL,
                                  .slot_start = slot_arg(rq, body),
                                  .answers = json_object_get(body, "answers"),
                                  .requester_id = json_integer_value(rid),
                                  .channel = json_string_value(ch)
                                                 ? arena_strdup(rq->arena, json_string_value(ch))
                                                 : NULL};
    if (rq->err.n_fields)
        return invalid(rq);
    /* API.md: agents may add requester_id and channel (svc/booking.c checks
    ** who may book for someone else) */
    enum role role = rq->user->p.role;
    if (j->req.channel && role != ROLE_AGENT && role != ROLE_ADMIN)
        return reply_error(rq, ERR_FORBIDDEN, "booking.forbidden",
                           "hanya petugas yang mencatat kanal pendaftaran",
                           "only staff record the channel of a booking");
    /* the form's part before the single writer: less of it in its serial section */
    booking_prepare(rq->arena, &j->req);
    return api_booking_submit(rq, j);
}

int api_bookings_cancel(struct req *rq)
{
    json_t *body = NULL;
    if (rq->body_len && api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct booking_job *j = new_job(rq, OP_CANCEL);
    api_text_field(rq, body, "reason", 2000, false, &j->reason);
    if (rq->err.n_fields)
        return invalid(rq);
    return api_booking_submit(rq, j);
}

int api_bookings_reschedule(struct req *rq)
{
    json_t *body;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct booking_job *j = new_job(rq, OP_RESCHEDULE);
    const char *date = json_str(body, "date");
    if (!date)
        err_field(&rq->err, "date", "wajib diisi (YYYY-MM-DD)", "required (YYYY-MM-DD)");
    j->date = date ? arena_strdup(rq->arena, date) : NULL;
    j->slot_start = slot_arg(rq, body);
    if (rq->err.n_fields)
        return invalid(rq);
    return api_booking_submit(rq, j);
}

int api_bookings_served(struct req *rq)
{
    return api_booking_submit(rq, new_job(rq, OP_SERVED));
}

int api_bookings_no_show(struct req *rq)
{
    return api_booking_submit(rq, new_job(rq, OP_NO_SHOW));
}

int api_queue_next(struct req *rq)
{
    json_t *body = NULL;
    if (rq->body_len && api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct booking_job *j = new_job(rq, OP_NEXT);
    j->service_id = j->id;
    const char *date = json_str(body, "date");
    j->date = date ? arena_strdup(rq->arena, date) : NULL;
    return api_booking_submit(rq, j);
}

int api_bookings_get(struct req *rq)
{
    struct db *db = req_db(rq);
    struct booking_result res;
    if (!db || booking_get(db, rq->arena, rq->user, req_param_id(rq, "id"), &res, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_booking(rq, 200, res.b);
}

static const char *const statuses[] = {"requested", "booked", "called", "served",
                                       "no_show",   "cancelled", NULL};

/* Requesters see their own, staff the bookings of the services they serve,
** admins all (the booking rule of core/perm.c, as perm_ticket_scope). */
int api_bookings_list(struct req *rq)
{
    struct booking_query *q = arena_alloc(rq->arena, sizeof *q);
    memset(q, 0, sizeof *q);
    if (api_page(rq, &q->page, &q->per_page) != 0)
        return reply_err(rq, &rq->err);
    q->viewer_id = rq->user->p.id;
    q->all = perm_ticket_scope(&rq->user->p).bookings_all;
    q->service_id = qarg_id("service_id", req_query(rq, "service_id"), &rq->err);
    const char *date = req_query(rq, "date");
    if (date && *date) {
        if (bizcal_day(date) < 0)
            err_field(&rq->err, "date", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
        q->day = date;
    }
    const char *status = req_query(rq, "status");
    if (status && *status) {
        char *copy = arena_strdup(rq->arena, status), *save = NULL;
        for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
            if (!qarg_one_of(s, statuses) || q->n_statuses == 6) {
                err_field(&rq->err, "status", "status tidak dikenal", "unknown status");
                break;
            }
            q->statuses[q->n_statuses++] = s;
        }
    }
    const char *text = req_query(rq, "q");
    if (text && strlen(text) > 200)
        err_field(&rq->err, "q", "paling banyak 200 karakter", "at most 200 characters");
    q->q = text && *text ? text : NULL;
    q->queue_order = q->day != NULL;
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Parameter tidak valid",
                "Invalid parameters");
        return reply_err(rq, &rq->err);
    }
    struct db *db = req_db(rq);
    struct booking **items;
    size_t n;
    int64_t total;
    if (!db || bk_list(db, q, rq->arena, &items, &n, &total, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, booking_json(rq->arena, items[i], false));
    return reply_json(rq, 200, api_list(arr, total, q->page, q->per_page));
}
