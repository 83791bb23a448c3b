/* PostgreSQL: in-app notifications, the bell's rows (the inapp table of
** store/inapp.h), a port of store/sqlite/inapp.c. */
#include "store/inapp.h"
#include "core/arena.h"
#include "store/pg/ops.h"
#include "store/pg/write.h"

#include <stdio.h>

static int pg_inapp_add(struct db *db, const struct inapp_note *n, struct err *err)
{
    /* an unread row about the same thing moves to the newest event */
    static const char move[] =
        "UPDATE inapp_notifications SET created_at = $1, actor_id = $2, detail = $3 "
        "WHERE user_id = $4 AND ticket_id = $5 AND kind = $6 AND read_at IS NULL";
    static const char ins[] =
        "INSERT INTO inapp_notifications (created_at, actor_id, detail, user_id, ticket_id, "
        "kind) VALUES ($1, $2, $3, $4, $5, $6)";
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, arena_new());
    pgp_int(&p, n->created_at);
    pgp_id(&p, n->actor_id);
    pgp_text(&p, n->detail);
    pgp_int(&p, n->user_id);
    pgp_int(&p, n->ticket_id);
    pgp_text(&p, n->kind);
    int64_t changed = 0;
    if (pg_exec(d, move, p.n, p.v, &changed, err) != 0 || changed > 0) {
        arena_free(p.a);
        return changed > 0 ? 0 : err->kind;
    }
    return pg_run(d, ins, &p, NULL, err);
}

static int pg_inapp_list(struct db *db, int64_t user_id, bool unread_only, int64_t limit,
                         struct arena *a, struct inapp_note **items, size_t *n, struct err *err)
{
    static const char sql[] =
        "SELECT n.id, n.ticket_id, n.kind, n.actor_id, n.detail, n.created_at, n.read_at, "
        "u.name, t.number, t.title, t.status FROM inapp_notifications n "
        "JOIN tickets t ON t.id = n.ticket_id LEFT JOIN users u ON u.id = n.actor_id "
        "WHERE n.user_id = $1 AND ($2::int = 0 OR n.read_at IS NULL) "
        "ORDER BY n.created_at DESC, n.id DESC LIMIT $3";
    *items = NULL;
    *n = 0;
    if (limit < 1 || limit > 100)
        limit = 100;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, user_id);
    pgp_int(&p, unread_only);
    pgp_int(&p, limit);
    PGresult *r = NULL;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    int rows = PQntuples(r);
    struct inapp_note *out = arena_alloc(a, sizeof *out * (size_t)limit);
    for (int i = 0; i < rows; i++) {
        struct inapp_note *x = &out[i];
        x->id = pg_int(r, i, 0);
        x->user_id = user_id;
        x->ticket_id = pg_int(r, i, 1);
        x->kind = pg_text(a, r, i, 2);
        x->actor_id = pg_int(r, i, 3);
        x->detail = pg_text(a, r, i, 4);
        x->created_at = pg_int(r, i, 5);
        x->read_at = pg_int(r, i, 6);
        x->actor_name = pg_text(a, r, i, 7);
        x->ticket_number = pg_text(a, r, i, 8);
        x->ticket_title = pg_text(a, r, i, 9);
        x->ticket_status = pg_text(a, r, i, 10);
    }
    PQclear(r);
    *items = out;
    *n = (size_t)rows;
    return 0;
}

static int pg_inapp_unread(struct db *db, int64_t user_id, int64_t *count, struct err *err)
{
    static const char sql[] =
        "SELECT count(*) FROM inapp_notifications WHERE user_id = $1 AND read_at IS NULL";
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)user_id);
    const char *params[] = {idt};
    PGresult *r = NULL;
    *count = 0;
    if (pg_q((struct pg_db *)db, sql, 1, params, &r, err) != 0)
        return err->kind;
    *count = pg_first_int(r);
    PQclear(r);
    return 0;
}

static int pg_inapp_mark_read(struct db *db, int64_t user_id, int64_t id, int64_t at,
                              int64_t *changed, struct err *err)
{
    static const char mine[] = "SELECT 1 FROM inapp_notifications WHERE id = $1 AND user_id = $2";
    static const char mark[] =
        "UPDATE inapp_notifications SET read_at = $3 WHERE user_id = $2 AND read_at IS NULL "
        "AND ($1::bigint = 0 OR id = $1)";
    struct pg_db *d = (struct pg_db *)db;
    char idt[24], uidt[24], att[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    snprintf(uidt, sizeof uidt, "%lld", (long long)user_id);
    snprintf(att, sizeof att, "%lld", (long long)at);
    const char *params[] = {idt, uidt, att};
    *changed = 0;
    if (id) { /* the id must be the user's, read or not */
        PGresult *r = NULL;
        if (pg_q(d, mine, 2, params, &r, err) != 0)
            return err->kind;
        bool found = PQntuples(r) > 0;
        PQclear(r);
        if (!found)
            return err_set(err, ERR_NOT_FOUND, "inapp.not_found", "notifikasi tidak ditemukan",
                           "notification not found");
    }
    return pg_exec(d, mark, 3, params, changed, err);
}

/* ---- the driver's table ---- */

const struct store_inapp_ops pg_inapp_ops = {
    .inapp_add = pg_inapp_add,
    .inapp_list = pg_inapp_list,
    .inapp_unread = pg_inapp_unread,
    .inapp_mark_read = pg_inapp_mark_read,
};
