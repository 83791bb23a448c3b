/* The "waiting on requester" report's walk (issue #21 item 9, seed 001:
** how fast each requesting unit answers clarification questions): the
** status events of the tickets of a ticket query, ticket by ticket in event
** order, with the ticket's unit. The tickets are chosen by scope.c's one
** SQL, so the report counts exactly what the list would show; only status
** moves are read (never comments, internal notes or descriptions). */
#include "core/arena.h"
#include "store/report_store.h"
#include "store/sqlite/scope.h"
#include "store/sqlite/sqlite.h"

int sq_report_waiting_each(struct db *db, const struct ticket_query *q, report_wait_fn *fn,
                           void *cls, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    struct arena *a = arena_new();
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &where, &fts, err) != 0) {
        arena_free(a);
        return err->kind;
    }
    /* a ticket without status moves still comes once (e.* NULL): it is
    ** counted among its unit's tickets */
    char *sql = arena_printf(
        a,
        "SELECT t.id, coalesce(t.unit_id, 0), un.name, t.status, coalesce(e.at, 0), "
        "e.old_value, e.new_value FROM tickets t LEFT JOIN units un ON un.id = t.unit_id "
        "LEFT JOIN ticket_events e ON e.ticket_id = t.id AND e.kind = 'status' "
        "AND e.field = 'status' WHERE 1%s ORDER BY t.id, e.id",
        where);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    int rc = SQLITE_DONE, stop = 0;
    if (st) {
        sq_query_bind(st, q, fts);
        while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct report_wait_event ev = {
                .ticket_id = sqlite3_column_int64(st, 0),
                .unit_id = sqlite3_column_int64(st, 1),
                .unit_name = (const char *)sqlite3_column_text(st, 2),
                .ticket_status = (const char *)sqlite3_column_text(st, 3),
                .at = sqlite3_column_int64(st, 4),
                .from = (const char *)sqlite3_column_text(st, 5),
                .to = (const char *)sqlite3_column_text(st, 6),
            };
            stop = fn(cls, &ev);
        }
        sqlite3_reset(st);
    }
    arena_free(a);
    if (!st)
        return err->kind;
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}
