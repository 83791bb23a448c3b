/* The SQL of a ticket query on PostgreSQL (scope.h): who sees which ticket,
** as core/perm.c's perm_ticket_scope gives it, and the list's filters; the
** same conditions, in the same order, as store/sqlite/scope.c. */
#include "store/pg/scope.h"
#include "core/arena.h"
#include "core/perm.h"

#include <stdlib.h>
#include <string.h>

/* The ticket side of the rule, for tickets that are not bookings; NULL when
** the scope sees every one. Mirrors sees_ticket() in core/perm.c. */
static const char *seen_by(struct pg_where *w, const struct ticket_scope *s)
{
    struct arena *a = w->p.a;
    switch (s->kind) {
    case SCOPE_ALL:
        return NULL;
    case SCOPE_OWN:
        return arena_printf(a, "t.requester_id = %s", pg_where_ref(w, PGQ_USER));
    case SCOPE_UNIT:
        return arena_printf(a, "t.requester_id = %s OR t.unit_id = %s",
                            pg_where_ref(w, PGQ_USER), pg_where_ref(w, PGQ_UNIT));
    case SCOPE_ESC_UNIT:
        return arena_printf(a, "t.esc_unit_id = %s OR t.assignee_id = %s OR t.requester_id = %s",
                            pg_where_ref(w, PGQ_UNIT), pg_where_ref(w, PGQ_USER),
                            pg_where_ref(w, PGQ_USER));
    case SCOPE_ESC_VENDOR:
        return arena_printf(a,
                            "t.esc_vendor_id = %s OR t.assignee_id = %s OR t.requester_id = %s",
                            pg_where_ref(w, PGQ_VENDOR), pg_where_ref(w, PGQ_USER),
                            pg_where_ref(w, PGQ_USER));
    case SCOPE_NONE:
        break;
    }
    return "false";
}

/* A byte of a search word: what store/sqlite/vocab.c's WORD takes (letters,
** digits, anything beyond ASCII), so both drivers split a query alike. */
static bool word_byte(char c)
{
    return (unsigned char)c >= 0x80 || (c >= '0' && c <= '9') ||
           ((c | 32) >= 'a' && (c | 32) <= 'z');
}

char *pg_ticket_tsquery(struct arena *a, const char *q)
{
    char *out = NULL;
    for (const char *s = q ? q : ""; *s;) {
        while (*s && !word_byte(*s))
            s++;
        if (!*s)
            break;
        /* One word: its parts between '-' in a row (the index split them
        ** there too: migration 0002), the last one a prefix, as FTS5 reads
        ** the phrase "lkt-2026-00"*. Quoted, a part is one operand whatever
        ** it holds; no quote or backslash can be among its bytes. */
        out = arena_printf(a, "%s%s(", out ? out : "", out ? " & " : "");
        const char *sep = "";
        while (*s && (word_byte(*s) || *s == '-')) {
            while (*s == '-')
                s++;
            const char *w = s;
            while (word_byte(*s))
                s++;
            if (s == w)
                continue;
            const char *next = s;
            while (*next == '-')
                next++;
            bool last = !word_byte(*next);
            out = arena_printf(a, "%s%s'%.*s'%s", out, sep, (int)(s - w), w, last ? ":*" : "");
            sep = " <-> ";
        }
        out = arena_printf(a, "%s)", out);
    }
    return out;
}

void pg_where_init(struct pg_where *w, struct arena *a, const struct ticket_query *q)
{
    memset(w, 0, sizeof *w);
    pgp_init(&w->p, a);
    w->q = q;
    w->text = q->q && *q->q ? pg_ticket_tsquery(a, q->q) : NULL;
}

const char *pg_where_ref(struct pg_where *w, int k)
{
    if (k <= 0 || k >= PGQ_MAX)
        return "NULL";
    if (!w->num[k]) {
        const struct ticket_query *q = w->q;
        struct pg_params *p = &w->p;
        switch (k) {
        case PGQ_USER: pgp_int(p, q->scope.user_id); break;
        case PGQ_UNIT: pgp_int(p, q->scope.unit_id); break;
        case PGQ_VENDOR: pgp_int(p, q->scope.vendor_id); break;
        case PGQ_TEXT: pgp_text(p, w->text); break;
        case PGQ_F_UNIT: pgp_int(p, q->unit_id); break;
        case PGQ_F_SERVICE: pgp_int(p, q->service_id); break;
        case PGQ_F_CATEGORY: pgp_int(p, q->category_id); break;
        case PGQ_F_PRIORITY: pgp_int(p, q->priority_id); break;
        case PGQ_F_ASSIGNEE: pgp_int(p, q->assignee_id); break;
        case PGQ_F_TIER: pgp_int(p, q->tier); break;
        case PGQ_F_CHANNEL: pgp_text(p, q->channel); break;
        case PGQ_F_TAG: pgp_text(p, q->tag); break;
        case PGQ_FROM: pgp_int(p, q->created_from); break;
        case PGQ_TO: pgp_int(p, q->created_to); break;
        case PGQ_F_REQUESTER: pgp_int(p, q->requester_id); break;
        case PGQ_DUE_BEFORE: pgp_int(p, q->due_before); break;
        default:
            if (k < PGQ_STATUS || (size_t)(k - PGQ_STATUS) >= q->n_statuses)
                return "NULL";
            pgp_text(p, q->statuses[k - PGQ_STATUS]);
        }
        w->num[k] = p->n;
    }
    return arena_printf(w->p.a, "$%d", w->num[k]);
}

char *pg_booking_seen(struct arena *a, const char *alias, const char *viewer)
{
    return arena_printf(a,
                        "(%s.requester_id = %s OR %s.service_id IN (SELECT ss.service_id FROM "
                        "service_staff ss WHERE ss.user_id = %s))",
                        alias, viewer, alias, viewer);
}

int pg_where_sql(struct pg_where *w, enum pg_period on, char **where, struct err *err)
{
    const struct ticket_query *q = w->q;
    struct arena *a = w->p.a;
    char *s = "";
#define ADD(...) (s = arena_printf(a, "%s" __VA_ARGS__))
#define REF(k) pg_where_ref(w, (k))
    (void)err;
    /* Bookings follow their own rule (core/perm.c); reports leave them out
    ** unless asked (appointments < 0; a service filter asks for that
    ** service's tickets, whatever they are); the list always has them. */
    bool no_bookings = q->appointments < 0 && !q->service_id;
    if (no_bookings)
        ADD(" AND t.booking = 0", s);
    else if (q->appointments > 0)
        ADD(" AND t.booking = 1", s);
    const char *seen = seen_by(w, &q->scope);
    if (q->scope.kind == SCOPE_NONE)
        ADD(" AND false", s);
    else if (q->scope.bookings_all || no_bookings)
        ADD("%s%s%s", s, seen ? " AND (" : "", seen ? seen : "", seen ? ")" : "");
    else
        ADD(" AND (CASE WHEN t.booking <> 0 THEN %s ELSE %s END)", s,
            pg_booking_seen(a, "t", REF(PGQ_USER)), seen ? seen : "true");
    /* Words in number, title, description and public comments (never
    ** internal notes), from the index migration 0002 keeps in the writers'
    ** transactions (store/pg/search.c). A query without a word searches
    ** nothing, as in SQLite: every ticket the rest allows. */
    if (w->text)
        ADD(" AND t.id IN (SELECT x.ticket_id FROM ticket_search x WHERE x.doc @@ "
            "to_tsquery('loket', %s))", s, REF(PGQ_TEXT));
    if (q->n_statuses) {
        ADD(" AND t.status IN (", s);
        for (size_t i = 0; i < q->n_statuses && i < PGQ_MAX - PGQ_STATUS; i++)
            ADD("%s%s", s, i ? "," : "", REF(PGQ_STATUS + (int)i));
        ADD(")", s);
    }
    if (q->unit_id)
        ADD(" AND t.unit_id = %s", s, REF(PGQ_F_UNIT));
    if (q->service_id)
        ADD(" AND t.service_id = %s", s, REF(PGQ_F_SERVICE));
    if (q->category_id)
        ADD(" AND t.category_id = %s", s, REF(PGQ_F_CATEGORY));
    if (q->priority_id)
        ADD(" AND t.priority_id = %s", s, REF(PGQ_F_PRIORITY));
    if (q->assignee_id)
        ADD(" AND t.assignee_id = %s", s, REF(PGQ_F_ASSIGNEE));
    if (q->unassigned)
        ADD(" AND t.assignee_id IS NULL", s);
    if (q->tier)
        ADD(" AND t.tier = %s", s, REF(PGQ_F_TIER));
    if (q->channel)
        ADD(" AND t.channel = %s", s, REF(PGQ_F_CHANNEL));
    if (q->tag) /* tags.name is COLLATE NOCASE in SQLite */
        ADD(" AND t.id IN (SELECT tt.ticket_id FROM ticket_tags tt JOIN tags g ON "
            "g.id = tt.tag_id WHERE lower(g.name) = lower(%s))", s, REF(PGQ_F_TAG));
    if (on == PG_PERIOD_CREATED && q->created_from)
        ADD(" AND t.created_at >= %s", s, REF(PGQ_FROM));
    if (on == PG_PERIOD_CREATED && q->created_to)
        ADD(" AND t.created_at < %s", s, REF(PGQ_TO));
    if (on == PG_PERIOD_RESOLVED)
        ADD(" AND t.resolved_at IS NOT NULL", s);
    if (on == PG_PERIOD_RESOLVED && q->created_from)
        ADD(" AND t.resolved_at >= %s", s, REF(PGQ_FROM));
    if (on == PG_PERIOD_RESOLVED && q->created_to)
        ADD(" AND t.resolved_at < %s", s, REF(PGQ_TO));
    if (q->sla_breached == 1)
        ADD(" AND (t.first_response_breached <> 0 OR t.resolution_breached <> 0)", s);
    else if (q->sla_breached == 0)
        ADD(" AND NOT (t.first_response_breached <> 0 OR t.resolution_breached <> 0)", s);
    if (q->requester_id)
        ADD(" AND t.requester_id = %s", s, REF(PGQ_F_REQUESTER));
    if (q->due_before)
        ADD(" AND t.status IN ('new','in_progress') AND t.resolution_due < %s", s,
            REF(PGQ_DUE_BEFORE));
    if (q->untagged)
        ADD(" AND NOT EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id)", s);
    if (q->uncategorised)
        ADD(" AND t.category_id IS NULL", s);
#undef REF
#undef ADD
    *where = s;
    return 0;
}
