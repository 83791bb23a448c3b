/* The caller's in-app notifications (see api/inapp.h; the rows are written
** by svc/inapp_notify.c). */
#include "api/inapp.h"
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/qarg.h"
#include "http/reply.h"
#include "store/inapp.h"

#include <string.h>
#include <time.h>

enum { INAPP_LIMIT_DEFAULT = 30 };

/* Whether the caller still sees the ticket: a row was written when they
** could, but an escalation may since have moved it out of their sight. */
static bool still_visible(struct req *rq, struct db *db, int64_t ticket_id, bool internal)
{
    struct ticket *t;
    struct err ignore = {0};
    if (db_ticket_get_id(db, ticket_id, rq->arena, &t, &ignore) != 0)
        return false;
    struct perm_obj o = ticket_perm_obj(t);
    return perm_can(&rq->user->p, ACT_TICKET_VIEW, &o) &&
           (!internal || perm_can(&rq->user->p, ACT_TICKET_VIEW_INTERNAL, &o));
}

static int reply_counts(struct req *rq, struct db *db, int64_t marked, bool with_marked)
{
    int64_t unread;
    if (db_inapp_unread(db, rq->user->p.id, &unread, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *o = json_pack("{s:I}", "unread", (json_int_t)unread);
    if (with_marked)
        json_object_set_new(o, "marked", json_integer(marked));
    return reply_json(rq, 200, o);
}

int api_inapp_count(struct req *rq)
{
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    return reply_counts(rq, db, 0, false);
}

int api_inapp_list(struct req *rq)
{
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    const char *u = req_query(rq, "unread"), *l = req_query(rq, "limit");
    int64_t limit = INAPP_LIMIT_DEFAULT;
    if (u && strcmp(u, "true") && strcmp(u, "false"))
        err_field(&rq->err, "unread", "harus true atau false", "must be true or false");
    if (l && !qarg_int(l, 1, 100, &limit))
        err_field(&rq->err, "limit", "harus 1 sampai 100", "must be 1 to 100");
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    struct inapp_note *items;
    size_t n;
    if (db_inapp_list(db, rq->user->p.id, u && !strcmp(u, "true"), limit, rq->arena, &items, &n,
                      &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct inapp_note *x = &items[i];
        if (!still_visible(rq, db, x->ticket_id, !strcmp(x->kind, "note")))
            continue;
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s?, s:s?, s:o, s:b, s:{s:s, s:s, s:s}}", "id",
                           (json_int_t)x->id, "kind", x->kind, "detail", x->detail,
                           "actor_name", x->actor_name, "created_at", json_time(x->created_at),
                           "read", x->read_at != 0, "ticket", "number", x->ticket_number,
                           "title", x->ticket_title, "status", x->ticket_status));
    }
    int64_t unread;
    if (db_inapp_unread(db, rq->user->p.id, &unread, &rq->err) != 0) {
        json_decref(arr);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:o, s:I}", "items", arr, "unread", (json_int_t)unread));
}

static int mark(struct req *rq, int64_t id)
{
    struct db *db = req_db(rq);
    int64_t changed;
    if (!db || db_inapp_mark_read(db, rq->user->p.id, id, (int64_t)time(NULL), &changed,
                                  &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_counts(rq, db, changed, true);
}

int api_inapp_read(struct req *rq)
{
    int64_t id = req_param_id(rq, "id");
    if (id <= 0)
        return reply_error(rq, ERR_NOT_FOUND, "inapp.not_found", "notifikasi tidak ditemukan",
                           "notification not found");
    return mark(rq, id);
}

int api_inapp_read_all(struct req *rq)
{
    return mark(rq, 0);
}
