/* Role policy (issue #21 item 8): the admins read and change which policy
** class holds each right of core/perm.h; a change is stored, audited and
** installed at once (no restart). And DELETE /attachments/{id}: the soft
** delete those rights govern (svc/attachment_delete.h). */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/perm.h"
#include "http/reply.h"
#include "store/policy.h"
#include "svc/attachment_delete.h"
#include "svc/policy.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static json_t *policy_json(const struct perm_policy *p)
{
    struct perm_policy def;
    perm_policy_default(&def);
    json_t *rights = json_array(), *classes = json_array(), *m = json_object(),
           *d = json_object();
    for (int c = 0; c < PC_COUNT; c++)
        json_array_append_new(classes, json_string(perm_class_name((enum perm_class)c)));
    for (int r = 0; r < RIGHT_COUNT; r++) {
        const char *rn = perm_right_name((enum perm_right)r);
        json_array_append_new(rights, json_string(rn));
        json_t *row = json_object(), *drow = json_object();
        for (int c = 0; c < PC_COUNT; c++) {
            json_object_set_new(row, perm_class_name((enum perm_class)c),
                                json_boolean(p->allow[r][c]));
            json_object_set_new(drow, perm_class_name((enum perm_class)c),
                                json_boolean(def.allow[r][c]));
        }
        json_object_set_new(m, rn, row);
        json_object_set_new(d, rn, drow);
    }
    return json_pack("{s:o, s:o, s:o, s:o}", "rights", rights, "classes", classes, "policy", m,
                     "defaults", d);
}

int api_policy_get(struct req *rq)
{
    struct db *db = req_db(rq);
    /* read from the store: another node may have changed it */
    if (!db || svc_policy_load(db, rq->arena, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct perm_policy p;
    perm_policy_current(&p);
    return reply_json(rq, 200, policy_json(&p));
}

/* {"policy": {"ticket.reopen": {"agent1": true, ...}, ...}}: the cells
** named are set, the others kept. */
int api_policy_put(struct req *rq)
{
    json_t *body;
    struct db *db = req_db(rq);
    if (!db || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *pol = json_object_get(body, "policy");
    if (!json_is_object(pol))
        return reply_err(rq, (err_invalid(&rq->err, "policy", "wajib berupa objek",
                                          "must be an object"),
                              &rq->err));
    struct policy_row rows[RIGHT_COUNT * PC_COUNT];
    size_t n = 0;
    const char *rk, *ck;
    json_t *row, *v;
    json_object_foreach(pol, rk, row) {
        enum perm_right r;
        if (perm_right_parse(rk, &r) != 0 || !json_is_object(row)) {
            err_field(&rq->err, "policy", "hak tidak dikenal", "unknown right");
            continue;
        }
        json_object_foreach(row, ck, v) {
            enum perm_class c;
            if (perm_class_parse(ck, &c) != 0 || !json_is_boolean(v) ||
                n >= sizeof rows / sizeof rows[0]) {
                err_field(&rq->err, "policy", "peran tidak dikenal atau nilai bukan boolean",
                          "unknown role or a value that is not a boolean");
                continue;
            }
            rows[n++] = (struct policy_row){perm_right_name(r), perm_class_name(c),
                                            json_is_true(v), (int64_t)time(NULL),
                                            rq->user->p.id};
        }
    }
    if (rq->err.n_fields)
        return reply_err(rq, (err_set(&rq->err, ERR_INVALID, "validation", "data tidak valid",
                                      "invalid data"),
                              &rq->err));
    char *detail = json_dumps(pol, JSON_COMPACT);
    const char *det = detail ? arena_strdup(rq->arena, detail) : NULL;
    free(detail);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store_policy_put(db, &rows[i], &rq->err);
    if (rc != 0 ||
        db_audit_add(db, rq->user->p.id, "update", "role_policy", 0, det, rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    if (svc_policy_load(db, rq->arena, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct perm_policy p;
    perm_policy_current(&p);
    return reply_json(rq, 200, policy_json(&p));
}

int api_attachments_delete(struct req *rq)
{
    json_t *body = NULL;
    struct db *db = req_db(rq);
    /* no body at all is a missing reason, judged like one: by the service,
    ** after visibility and the right, so who may not see the file learns
    ** nothing from it */
    if (!db || (rq->body_len && api_body(rq, &body) != 0))
        return reply_err(rq, &rq->err);
    const char *reason = body ? json_str(body, "reason") : NULL;
    struct actor who = api_actor(rq);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_attachment_delete(db, &who, rq->arena, req_param_id(rq, "id"), reason,
                              &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_empty(rq);
}
