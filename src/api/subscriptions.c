/* /api/v1/report-subscriptions (issue #22 item 2): leaders and admins
** subscribe to reports mailed on a schedule (report/schedule.h). A leader
** sees and changes only their own subscriptions, an admin every one; to
** requesters and agents the whole resource does not exist (404). */
#include "api/api.h"
#include "api/json.h"
#include "api/sched.h"
#include "api/ticket_common.h"
#include "core/addrlist.h"
#include "core/arena.h"
#include "core/bizcal.h"
#include "core/config.h"
#include "core/resource.h"
#include "http/reply.h"
#include "report/schedule.h"
#include "store/subscription.h"

#include <string.h>

/* Extra addresses: at most this many (core/addrlist.h says which). */
enum { SUB_MAX_EXTRA = REPORT_SCHEDULE_MAX_EXTRA };

/* The store for a leader or an admin; for anyone else the resource does
** not exist (ERR_NOT_FOUND not_found in rq->err). */
static int open_db(struct req *rq, struct db **db)
{
    if (!rq->user || (rq->user->p.role != ROLE_LEADER && rq->user->p.role != ROLE_ADMIN))
        return err_set(&rq->err, ERR_NOT_FOUND, "not_found", "tidak ditemukan", "not found");
    *db = req_db(rq);
    return *db ? 0 : rq->err.kind;
}

static json_t *sub_json(const struct report_subscription *s)
{
    char at[24];
    snprintf(at, sizeof at, "%02d:%02d", s->at_minute / 60, s->at_minute % 60);
    return json_pack("{s:I, s:{s:I, s:s?}, s:s, s:s, s:s, s:i, s:s, s:o, s:s, s:b, s:o, s:o, "
                     "s:o}",
                     "id", (json_int_t)s->id, "owner", "id", (json_int_t)s->owner_id, "name",
                     s->owner_name, "report", s->report, "format", s->format, "cadence",
                     s->cadence, "weekday", s->weekday, "time", at, "unit",
                     s->unit_id ? json_pack("{s:I, s:s?}", "id", (json_int_t)s->unit_id,
                                            "name", s->unit_name)
                                : json_null(),
                     "extra_recipients", s->extra_recipients ? s->extra_recipients : "",
                     "active", s->active, "last_send",
                     s->last_period ? json_pack("{s:s, s:s?, s:o}", "period", s->last_period,
                                                "status", s->last_status, "at",
                                                json_time(s->last_at))
                                    : json_null(),
                     "created_at", json_time(s->created_at), "updated_at",
                     json_time(s->updated_at));
}

/* Opens the store (open_db) and loads {id} if the caller may see it: their own, or any for an admin. */
static int load(struct req *rq, struct db **db, struct report_subscription *s)
{
    if (open_db(rq, db) != 0)
        return rq->err.kind;
    int64_t id = req_param_id(rq, "id");
    if (id <= 0 || db_subscription_get(*db, id, rq->arena, s, &rq->err) != 0 ||
        (rq->user->p.role != ROLE_ADMIN && s->owner_id != rq->user->p.id))
        return err_set(&rq->err, ERR_NOT_FOUND, "subscription.not_found",
                       "langganan tidak ditemukan", "subscription not found");
    return 0;
}

static bool one_of(const char *v, const char *const *set)
{
    for (; v && *set; set++)
        if (!strcmp(v, *set))
            return true;
    return false;
}

/* A member that must be one of set (listed for people in names); absent
** leaves *out as it is. */
static void choice(struct req *rq, json_t *body, const char *key, const char *const *set,
                   const char *names, const char **out)
{
    if (!json_object_get(body, key))
        return;
    const char *v = json_str(body, key);
    if (one_of(v, set))
        *out = arena_strdup(rq->arena, v);
    else
        err_field(&rq->err, key, arena_printf(rq->arena, "harus salah satu dari: %s", names),
                  arena_printf(rq->arena, "must be one of: %s", names));
}

/* Reads the body's fields over s (a PATCH keeps what is absent). */
static int read_body(struct req *rq, struct db *db, json_t *body, struct report_subscription *s)
{
    static const char *const reports[] = {"recap", "sla", "unit_recap", NULL};
    static const char *const formats[] = {"pdf", "xlsx", NULL};
    static const char *const cadences[] = {"monthly", "weekly", NULL};
    const char *v;
    json_t *j;
    choice(rq, body, "report", reports, "recap, sla, unit_recap", &s->report);
    choice(rq, body, "format", formats, "pdf, xlsx", &s->format);
    choice(rq, body, "cadence", cadences, "monthly, weekly", &s->cadence);
    if ((j = json_object_get(body, "weekday"))) {
        if (!json_is_integer(j) || json_integer_value(j) < 1 || json_integer_value(j) > 7)
            err_field(&rq->err, "weekday", "harus 1 (Senin) sampai 7 (Minggu)",
                      "must be 1 (Monday) to 7 (Sunday)");
        else
            s->weekday = (int)json_integer_value(j);
    }
    if ((v = json_str(body, "time")) || json_object_get(body, "time")) {
        int h, m;
        char end;
        if (!v || strlen(v) != 5 || sscanf(v, "%2d:%2d%c", &h, &m, &end) != 2 || h < 0 ||
            h > 23 || m < 0 || m > 59)
            err_field(&rq->err, "time", "harus jam HH:MM (WIB)", "must be a time HH:MM (WIB)");
        else
            s->at_minute = h * 60 + m;
    }
    if ((j = json_object_get(body, "unit_id"))) {
        struct record *u;
        struct err e = {0};
        if (json_is_null(j))
            s->unit_id = 0;
        else if (!json_is_integer(j) ||
                 db_rec_get(db, &res_units, json_integer_value(j), rq->arena, &u, &e) != 0)
            err_field(&rq->err, "unit_id", "unit tidak ditemukan", "unit not found");
        else
            s->unit_id = json_integer_value(j);
    }
    if ((j = json_object_get(body, "extra_recipients"))) {
        v = json_string_value(j);
        const char *addrs[SUB_MAX_EXTRA];
        if (!v || strlen(v) > 2000 || addrlist_parse(rq->arena, v, addrs, SUB_MAX_EXTRA) < 0)
            err_field(&rq->err, "extra_recipients",
                      "alamat email dipisah koma, paling banyak 10",
                      "email addresses separated by commas, at most 10");
        else
            s->extra_recipients = arena_strdup(rq->arena, v);
    }
    int active = api_flag(rq, body, "active");
    if (active >= 0)
        s->active = active;
    if (rq->err.n_fields)
        return err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

/* Writes s (or deletes it) with its audit row in one transaction. */
static int write_audited(struct req *rq, struct db *db, struct report_subscription *s,
                         const char *action)
{
    bool gone = !strcmp(action, "delete");
    if (db_begin(db, &rq->err) != 0)
        return rq->err.kind;
    if ((gone ? db_subscription_delete(db, s->id, &rq->err)
              : db_subscription_save(db, s, &rq->err)) != 0 ||
        db_audit_add(db, rq->user->p.id, action, "report_subscriptions", s->id,
                     arena_printf(rq->arena, "%s %s %s", s->report, s->format, s->cadence),
                     rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return rq->err.kind;
    }
    return 0;
}

static int reply_one(struct req *rq, struct db *db, unsigned status, int64_t id)
{
    struct report_subscription s;
    if (db_subscription_get(db, id, rq->arena, &s, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, status, sub_json(&s));
}

int api_subscriptions_list(struct req *rq)
{
    struct db *db;
    struct report_subscription *items;
    size_t n;
    if (open_db(rq, &db) != 0)
        return reply_err(rq, &rq->err);
    int64_t owner = rq->user->p.role == ROLE_ADMIN ? 0 : rq->user->p.id;
    if (db_subscription_list(db, owner, rq->arena, &items, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, sub_json(&items[i]));
    return reply_json(rq, 200, api_list(arr, (int64_t)n, 1, (int64_t)n));
}

int api_subscriptions_get(struct req *rq)
{
    struct db *db;
    struct report_subscription s;
    if (load(rq, &db, &s) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, sub_json(&s));
}

int api_subscriptions_create(struct req *rq)
{
    struct db *db;
    json_t *body;
    if (open_db(rq, &db) != 0 || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    int64_t now = ticket_now();
    struct report_subscription s = {.owner_id = rq->user->p.id, .report = "recap",
                                    .format = "pdf", .cadence = "monthly", .weekday = 1,
                                    .at_minute = 7 * 60, .extra_recipients = "", .active = true,
                                    .created_at = now, .updated_at = now};
    if (read_body(rq, db, body, &s) != 0 || write_audited(rq, db, &s, "create") != 0)
        return reply_err(rq, &rq->err);
    return reply_one(rq, db, 201, s.id);
}

int api_subscriptions_update(struct req *rq)
{
    struct db *db;
    json_t *body;
    struct report_subscription s;
    if (load(rq, &db, &s) != 0 || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    s.updated_at = ticket_now();
    if (read_body(rq, db, body, &s) != 0 || write_audited(rq, db, &s, "update") != 0)
        return reply_err(rq, &rq->err);
    return reply_one(rq, db, 200, s.id);
}

int api_subscriptions_delete(struct req *rq)
{
    struct db *db;
    struct report_subscription s;
    if (load(rq, &db, &s) != 0 || write_audited(rq, db, &s, "delete") != 0)
        return reply_err(rq, &rq->err);
    return reply_empty(rq);
}

int api_subscriptions_send(struct req *rq)
{
    struct db *db;
    struct report_subscription s;
    if (load(rq, &db, &s) != 0)
        return reply_err(rq, &rq->err);
    /* the period the schedule sent last (or would have), without claiming
    ** it: a test mail never stops the scheduled one */
    struct bizcal cal;
    struct sched_period p;
    int queued = 0;
    int64_t now = rq->app->cfg->scheduler_now ? rq->app->cfg->scheduler_now : ticket_now();
    if (report_schedule_calendar(db, rq->arena, &cal, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    report_schedule_latest(&s, &cal, now, &p);
    if (report_schedule_send(db, rq->app->cfg, &s, &p, false, &queued, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 202, json_pack("{s:s, s:s, s:i}", "period", p.key, "period_label",
                                         p.label, "queued", queued));
}
