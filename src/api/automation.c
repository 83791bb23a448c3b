/* /api/v1/automation/...: the admins' automation rules (issue #22 item 1) —
** list, create, read, replace, switch on or off, reorder, delete, and a dry
** run over the last 7 days that writes nothing. Every change is audited
** (resource automation_rule). The rule's JSON is checked in two steps,
** its syntax (svc_automation_read, no database; fuzzed) and then its
** references (svc_automation_resolve); a bad condition or action is 422
** with a stable code and the field named (docs/automation.md). */
#include "api/api.h"
#include "api/json.h"
#include "core/arena.h"
#include "core/perm.h"
#include "core/timefmt.h"
#include "http/reply.h"
#include "svc/automation.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static json_t *loads(const char *s, const char *dflt)
{
    json_t *v = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_loads(dflt, JSON_DECODE_ANY, NULL);
}

static json_t *when(int64_t t)
{
    char buf[40];
    time_fmt_iso(buf, sizeof buf, (time_t)t);
    return json_string(buf);
}

static json_t *rule_json(const struct auto_rule_row *r)
{
    json_t *events = json_array();
    char *evs = strdup(r->events ? r->events : "");
    for (char *save = NULL, *p = strtok_r(evs, ",", &save); p; p = strtok_r(NULL, ",", &save))
        json_array_append_new(events, json_string(p));
    free(evs);
    return json_pack("{s:I, s:s, s:s, s:b, s:I, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "id",
                     (json_int_t)r->id, "name", r->name, "kind", r->kind, "enabled", r->enabled,
                     "position", (json_int_t)r->position, "events", events, "timing",
                     loads(r->timing, "{}"), "conditions", loads(r->conditions, "{}"),
                     "actions", loads(r->actions, "[]"), "created_by",
                     (json_int_t)r->created_by, "created_at", when(r->created_at),
                     "updated_at", when(r->updated_at));
}

/* The body's syntax, then whether what it names exists. */
static int read_body(struct req *rq, struct db *db, json_t *body, struct auto_rule_row *r)
{
    struct auto_rule *rule;
    if (svc_automation_read(rq->arena, body, r, &rule, &rq->err) != 0)
        return rq->err.kind;
    return svc_automation_resolve(db, rq->arena, rule, &rq->err);
}

/* Admins only, and to everyone else the rules do not exist: the answer of
** an unknown address, not 403 (the route has no permission of its own). */
static bool hidden(struct req *rq)
{
    if (perm_can(&rq->user->p, ACT_SETTINGS_WRITE, NULL))
        return false;
    reply_error(rq, ERR_NOT_FOUND, "not_found", "alamat tidak ditemukan", "no such endpoint");
    return true;
}

static int audit(struct req *rq, struct db *db, const char *action, int64_t id,
                 const char *detail)
{
    return db_audit_add(db, rq->user->p.id, action, "automation_rule", id, detail, rq->ip,
                        &rq->err);
}

int api_automation_list(struct req *rq)
{
    if (hidden(rq))
        return 0;
    struct db *db = req_db(rq);
    struct auto_rule_row *rows;
    size_t n;
    if (!db || db_auto_rule_list(db, rq->arena, &rows, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, rule_json(&rows[i]));
    return reply_json(rq, 200, api_list(items, (int64_t)n, 1, (int64_t)n));
}

int api_automation_get(struct req *rq)
{
    if (hidden(rq))
        return 0;
    struct db *db = req_db(rq);
    struct auto_rule_row r;
    if (!db || db_auto_rule_get(db, req_param_id(rq, "id"), rq->arena, &r, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, rule_json(&r));
}

/* Saves r (new when r->id is 0) with its audit row; answers it. */
static int save(struct req *rq, struct db *db, struct auto_rule_row *r, const char *action,
                unsigned status)
{
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (db_auto_rule_save(db, r, &rq->err) != 0 || audit(rq, db, action, r->id, r->name) != 0 ||
        db_auto_rule_get(db, r->id, rq->arena, r, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, status, rule_json(r));
}

int api_automation_create(struct req *rq)
{
    if (hidden(rq))
        return 0;
    json_t *body;
    struct db *db = req_db(rq);
    struct auto_rule_row r = {0};
    if (!db || api_body(rq, &body) != 0 ||
        read_body(rq, db, body, &r) != 0)
        return reply_err(rq, &rq->err);
    /* a new rule runs last until moved */
    struct auto_rule_row *rows;
    size_t n;
    if (db_auto_rule_list(db, rq->arena, &rows, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    r.position = n ? rows[n - 1].position + 1 : 1;
    r.created_by = rq->user->p.id;
    r.created_at = r.updated_at = (int64_t)time(NULL);
    return save(rq, db, &r, "create", 201);
}

int api_automation_put(struct req *rq)
{
    if (hidden(rq))
        return 0;
    json_t *body;
    struct db *db = req_db(rq);
    struct auto_rule_row old, r = {0};
    if (!db || db_auto_rule_get(db, req_param_id(rq, "id"), rq->arena, &old, &rq->err) != 0 ||
        api_body(rq, &body) != 0 || read_body(rq, db, body, &r) != 0)
        return reply_err(rq, &rq->err);
    r.id = old.id;
    r.position = old.position;
    r.updated_at = (int64_t)time(NULL);
    return save(rq, db, &r, "update", 200);
}

/* {"enabled": bool}: switches a rule on or off without resending it. */
int api_automation_patch(struct req *rq)
{
    if (hidden(rq))
        return 0;
    json_t *body;
    struct db *db = req_db(rq);
    struct auto_rule_row r;
    if (!db || db_auto_rule_get(db, req_param_id(rq, "id"), rq->arena, &r, &rq->err) != 0 ||
        api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    int on = api_flag(rq, body, "enabled");
    if (on < 0 && !rq->err.n_fields)
        err_field(&rq->err, "enabled", "wajib diisi", "is required");
    if (rq->err.n_fields)
        return reply_err(rq, (err_set(&rq->err, ERR_INVALID, "validation", "data tidak valid",
                                      "invalid data"),
                              &rq->err));
    r.enabled = on == 1;
    r.updated_at = (int64_t)time(NULL);
    return save(rq, db, &r, on ? "enable" : "disable", 200);
}

int api_automation_delete(struct req *rq)
{
    if (hidden(rq))
        return 0;
    struct db *db = req_db(rq);
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    int64_t id = req_param_id(rq, "id");
    if (db_auto_rule_delete(db, id, &rq->err) != 0 || audit(rq, db, "delete", id, NULL) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_empty(rq);
}

/* {"ids": [3, 1, 2]}: these run in this order, before the rules not named. */
int api_automation_reorder(struct req *rq)
{
    if (hidden(rq))
        return 0;
    json_t *body;
    struct db *db = req_db(rq);
    if (!db || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *ids = json_object_get(body, "ids"), *x;
    size_t n = json_array_size(ids), i;
    int64_t *v = arena_alloc(rq->arena, (n ? n : 1) * sizeof *v);
    if (!json_is_array(ids) || !n || n > 1000)
        err_field(&rq->err, "ids", "wajib daftar id aturan", "must be a list of rule ids");
    json_array_foreach(ids, i, x) {
        v[i] = json_integer_value(x);
        if (!json_is_integer(x) && !rq->err.n_fields)
            err_field(&rq->err, "ids", "wajib daftar id aturan", "must be a list of rule ids");
    }
    if (rq->err.n_fields)
        return reply_err(rq, (err_set(&rq->err, ERR_INVALID, "validation", "data tidak valid",
                                      "invalid data"),
                              &rq->err));
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    char *detail = json_dumps(ids, JSON_COMPACT);
    int rc = db_auto_rule_reorder(db, v, n, &rq->err);
    if (rc == 0)
        rc = audit(rq, db, "reorder", 0, detail);
    free(detail);
    if (rc != 0 || db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return api_automation_list(rq);
}

static int dry_run(struct req *rq, struct db *db, const struct auto_rule_row *r)
{
    struct ticket **hits;
    size_t n, scanned;
    if (svc_automation_dry_run(db, rq->arena, r, (int64_t)time(NULL), &hits, &n, &scanned,
                               &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s?, s:o}", "number",
                                               hits[i]->number, "title", hits[i]->title,
                                               "status", hits[i]->status, "service",
                                               hits[i]->service_name, "created_at",
                                               when(hits[i]->created_at)));
    return reply_json(rq, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "matched",
                                         (json_int_t)n, "scanned", (json_int_t)scanned, "days",
                                         (json_int_t)7));
}

int api_automation_dry_run_id(struct req *rq)
{
    if (hidden(rq))
        return 0;
    struct db *db = req_db(rq);
    struct auto_rule_row r;
    if (!db || db_auto_rule_get(db, req_param_id(rq, "id"), rq->arena, &r, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return dry_run(rq, db, &r);
}

/* A rule body not saved yet: the editor's "try it" before saving. */
int api_automation_dry_run(struct req *rq)
{
    if (hidden(rq))
        return 0;
    json_t *body;
    struct db *db = req_db(rq);
    struct auto_rule_row r = {0};
    if (!db || api_body(rq, &body) != 0 ||
        read_body(rq, db, body, &r) != 0)
        return reply_err(rq, &rq->err);
    return dry_run(rq, db, &r);
}
