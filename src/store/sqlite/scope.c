/* The SQL of a ticket query (scope.h): who sees which ticket, as
** core/perm.c's perm_ticket_scope gives it, and the list's filters. Before
** issue #18 the ticket list (tickets.c) and the reports (reports.c) each
** wrote their own copy, and the copies drifted: one wrote into an unguarded
** buffer, and on a search index that could not be brought up to date one
** failed and the other searched on. */
#include "store/sqlite/scope.h"
#include "core/arena.h"

#include <stdlib.h>
#include <string.h>

/* The ticket side of the rule, for tickets that are not bookings; NULL when
** the scope sees every one. Mirrors sees_ticket() in core/perm.c; the
** contract test (tests/unit/test_visibility_contract.c) holds them equal. */
static const char *seen_by(const struct ticket_scope *s)
{
    switch (s->kind) {
    case SCOPE_ALL:
        return NULL;
    case SCOPE_OWN:
        return "t.requester_id = ?1";
    case SCOPE_UNIT:
        return "t.requester_id = ?1 OR t.unit_id = ?2";
    case SCOPE_ESC_UNIT:
        return "t.esc_unit_id = ?2 OR t.assignee_id = ?1 OR t.requester_id = ?1";
    case SCOPE_ESC_VENDOR:
        return "t.esc_vendor_id = ?3 OR t.assignee_id = ?1 OR t.requester_id = ?1";
    case SCOPE_NONE:
        break;
    }
    return "0";
}

int sq_query_where(struct sq_db *d, const struct ticket_query *q, enum sq_period on,
                   bool fts_in_where, struct arena *a, char **where, char **fts,
                   struct err *err)
{
    char *w = "";
#define ADD(...) (w = arena_printf(a, "%s" __VA_ARGS__))
    *fts = NULL;
    /* Bookings (appointments) follow their own rule (core/perm.c): the
    ** requester, the service's staff and admins. Reports leave them out
    ** unless asked (appointments < 0; a service filter asks for that
    ** service's tickets, whatever they are); the list always has them. */
    bool no_bookings = q->appointments < 0 && !q->service_id;
    if (no_bookings)
        ADD(" AND t.booking = 0", w);
    else if (q->appointments > 0)
        ADD(" AND t.booking = 1", w);
    const char *seen = seen_by(&q->scope);
    if (q->scope.kind == SCOPE_NONE)
        ADD(" AND 0", w);
    else if (q->scope.bookings_all || no_bookings)
        ADD("%s%s%s", w, seen ? " AND (" : "", seen ? seen : "", seen ? ")" : "");
    else
        ADD(" AND (CASE WHEN t.booking THEN " SQ_BOOKING_SEEN("t") " ELSE %s END)", w,
            seen ? seen : "1");
    /* Every caller waits for the index alike; the vocabulary then holds
    ** every indexed word (vocab.c). */
    if (q->q && *q->q &&
        (sq_search_ready(d, err) != 0 || sq_ticket_match(d, a, q->q, fts, err) != 0))
        return err->kind;
    if (*fts && fts_in_where)
        ADD(" AND t.id IN (SELECT rowid FROM search.ticket_fts WHERE ticket_fts MATCH ?4)", w);
    if (q->n_statuses) {
        ADD(" AND t.status IN (", w);
        for (size_t i = 0; i < q->n_statuses; i++)
            ADD("%s?%zu", w, i ? "," : "", 30 + i);
        ADD(")", w);
    }
    if (q->unit_id)
        ADD(" AND t.unit_id = ?5", w);
    if (q->service_id)
        ADD(" AND t.service_id = ?6", w);
    if (q->category_id)
        ADD(" AND t.category_id = ?7", w);
    if (q->priority_id)
        ADD(" AND t.priority_id = ?8", w);
    if (q->assignee_id)
        ADD(" AND t.assignee_id = ?9", w);
    if (q->unassigned)
        ADD(" AND t.assignee_id IS NULL", w);
    if (q->tier)
        ADD(" AND t.tier = ?10", w);
    if (q->channel)
        ADD(" AND t.channel = ?11", w);
    if (q->tag)
        ADD(" AND t.id IN (SELECT tt.ticket_id FROM ticket_tags tt JOIN tags g ON "
            "g.id = tt.tag_id WHERE g.name = ?12)", w);
    if (on == SQ_PERIOD_CREATED && q->created_from)
        ADD(" AND t.created_at >= ?13", w);
    if (on == SQ_PERIOD_CREATED && q->created_to)
        ADD(" AND t.created_at < ?14", w);
    if (on == SQ_PERIOD_RESOLVED)
        ADD(" AND t.resolved_at IS NOT NULL", w);
    if (on == SQ_PERIOD_RESOLVED && q->created_from)
        ADD(" AND t.resolved_at >= ?17", w);
    if (on == SQ_PERIOD_RESOLVED && q->created_to)
        ADD(" AND t.resolved_at < ?18", w);
    if (q->sla_breached == 1)
        ADD(" AND (t.first_response_breached OR t.resolution_breached)", w);
    else if (q->sla_breached == 0)
        ADD(" AND NOT (t.first_response_breached OR t.resolution_breached)", w);
    if (q->requester_id)
        ADD(" AND t.requester_id = ?15", w);
    if (q->due_before)
        ADD(" AND t.status IN ('new','in_progress') AND t.resolution_due < ?16", w);
    if (q->untagged)
        ADD(" AND NOT EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id)", w);
    if (q->uncategorised)
        ADD(" AND t.category_id IS NULL", w);
#undef ADD
    *where = w;
    return 0;
}

/* SQLite rejects binding a number the SQL does not use, so each parameter
** the statement has is looked up by its name. */
void sq_query_bind(sqlite3_stmt *st, const struct ticket_query *q, const char *fts)
{
    int np = sqlite3_bind_parameter_count(st);
    for (int i = 1; i <= np; i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        int k = name ? atoi(name + 1) : 0;
        switch (k) {
        case 1: sqlite3_bind_int64(st, i, q->scope.user_id); break;
        case 2: sqlite3_bind_int64(st, i, q->scope.unit_id); break;
        case 3: sqlite3_bind_int64(st, i, q->scope.vendor_id); break;
        case 4: sq_bind_text(st, i, fts); break;
        case 5: sqlite3_bind_int64(st, i, q->unit_id); break;
        case 6: sqlite3_bind_int64(st, i, q->service_id); break;
        case 7: sqlite3_bind_int64(st, i, q->category_id); break;
        case 8: sqlite3_bind_int64(st, i, q->priority_id); break;
        case 9: sqlite3_bind_int64(st, i, q->assignee_id); break;
        case 10: sqlite3_bind_int(st, i, q->tier); break;
        case 11: sq_bind_text(st, i, q->channel); break;
        case 12: sq_bind_text(st, i, q->tag); break;
        case 13: case 17: sqlite3_bind_int64(st, i, q->created_from); break;
        case 14: case 18: sqlite3_bind_int64(st, i, q->created_to); break;
        case 15: sqlite3_bind_int64(st, i, q->requester_id); break;
        case 16: sqlite3_bind_int64(st, i, q->due_before); break;
        case 20: sqlite3_bind_int64(st, i, q->per_page); break;
        case 21: sqlite3_bind_int64(st, i, (q->page - 1) * q->per_page); break;
        case 22: sqlite3_bind_int64(st, i, TICKET_COUNT_CAP + 1); break;
        default:
            if (k >= 30 && (size_t)(k - 30) < q->n_statuses)
                sq_bind_text(st, i, q->statuses[k - 30]);
        }
    }
}
