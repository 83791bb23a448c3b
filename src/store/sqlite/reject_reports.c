/* The rejections report's query (issue #21 item 9): cancelled tickets of a
** ticket query (scope.c's one SQL) grouped by who cancelled them — the
** requester themselves, or staff — and, for staff, the rejection reason
** code of the ticket's "reject_code" event (migration 0020) with its name. */
#include "core/arena.h"
#include "store/report_store.h"
#include "store/sqlite/scope.h"
#include "store/sqlite/sqlite.h"

#include <string.h>

int sq_report_cancellations(struct db *db, const struct ticket_query *q, struct arena *a,
                            struct report_cancel **rows, size_t *n, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    char *where, *fts;
    if (sq_query_where(d, q, SQ_PERIOD_CREATED, true, a, &where, &fts, err) != 0)
        return err->kind;
    /* the last move into cancelled tells who; the last code event, why */
    char *sql = arena_printf(
        a,
        "SELECT c.who, c.code, rr.name, count(*) FROM (SELECT CASE WHEN ce.actor_id = "
        "t.requester_id THEN 'requester' ELSE 'staff' END AS who, coalesce((SELECT "
        "e2.new_value FROM ticket_events e2 WHERE e2.ticket_id = t.id AND e2.kind = "
        "'reject_code' ORDER BY e2.id DESC LIMIT 1), '') AS code FROM tickets t "
        "LEFT JOIN ticket_events ce ON ce.id = (SELECT max(e.id) FROM ticket_events e WHERE "
        "e.ticket_id = t.id AND e.kind = 'status' AND e.new_value = 'cancelled') "
        "WHERE t.status = 'cancelled'%s) c LEFT JOIN reject_reasons rr ON rr.code = c.code "
        "GROUP BY 1, 2 ORDER BY c.who = 'requester', coalesce(rr.rank, 1000000), c.code",
        where);
    sqlite3_stmt *st = sq_prepare_text(d, sql, err);
    if (!st)
        return err->kind;
    sq_query_bind(st, q, fts);
    size_t cap = 8, count = 0;
    struct report_cancel *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            struct report_cancel *bigger = arena_alloc(a, 2 * cap * sizeof *out);
            memcpy(bigger, out, cap * sizeof *out);
            out = bigger;
            cap *= 2;
        }
        out[count].who = sq_text(a, st, 0);
        out[count].code = sq_text(a, st, 1);
        out[count].label = sq_text(a, st, 2);
        out[count].n = sqlite3_column_int64(st, 3);
        count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_error(d, rc, err);
    *rows = out;
    *n = count;
    return 0;
}
