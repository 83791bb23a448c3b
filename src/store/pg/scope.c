/* The SQL of a ticket query in PostgreSQL (scope.h): who sees which ticket,
** as core/perm.c's perm_ticket_scope gives it, the list's filters and the
** text search. A port of store/sqlite/scope.c: the same rule, the same
** filters; flags are 0/1 integers here, so every truth test compares. */
#include "store/pg/scope.h"
#include "core/arena.h"

#include <string.h>

/* Appends a value and returns its $ number. */
static int arg_text(struct pg_params *p, const char *s)
{
    pgp_text(p, s);
    return p->n;
}

static int arg_int(struct pg_params *p, int64_t v)
{
    pgp_int(p, v);
    return p->n;
}

/* The ticket side of the rule, for tickets that are not bookings, beyond
** the viewer's own tickets (t.requester_id = $u: every scope but NONE sees
** them, bookings too); NULL when nothing more. Mirrors sees_ticket() in
** core/perm.c; the contract test (tests/unit/test_visibility_contract.c)
** holds them equal. $u user (appended by the caller), $n unit, $v vendor. */
static const char *seen_beyond_own(const struct ticket_scope *s, int u, struct pg_params *p)
{
    struct arena *a = p->a;
    switch (s->kind) {
    case SCOPE_UNIT:
        return arena_printf(a, "t.unit_id = $%d", arg_int(p, s->unit_id));
    case SCOPE_ESC_UNIT:
        return arena_printf(a, "t.esc_unit_id = $%d OR t.assignee_id = $%d",
                            arg_int(p, s->unit_id), u);
    case SCOPE_ESC_VENDOR:
        return arena_printf(a, "t.esc_vendor_id = $%d OR t.assignee_id = $%d",
                            arg_int(p, s->vendor_id), u);
    default:
        return NULL;
    }
}

/* The visibility tail of a scope that is neither NONE nor ALL-with-every-
** booking. Written as an OR of conditions an index serves (no CASE: a CASE
** made PostgreSQL read every ticket, ~100 ms at 100,000 tickets, bench/
** README.md, thirteenth session): the viewer's own tickets
** (tickets_requester), the others the scope sees that are not bookings,
** and when the booking rule applies, the bookings of the services they
** serve (tickets_booking_service, migration 0010; ANY(ARRAY(...)) is
** evaluated once, so the index takes it, where IN (SELECT ...) under an OR
** would be a filter on every row). */
static const char *seen_by(const struct ticket_scope *s, bool bookings_rule, struct pg_params *p)
{
    struct arena *a = p->a;
    int u = arg_int(p, s->user_id);
    const char *beyond = s->kind == SCOPE_ALL ? "true" : seen_beyond_own(s, u, p);
    const char *others = "";
    if (beyond && bookings_rule)
        others = arena_printf(a, " OR (t.booking = 0 AND (%s))", beyond);
    else if (beyond)
        others = arena_printf(a, " OR %s", beyond);
    return arena_printf(a, "t.requester_id = $%d%s%s", u, others,
                        bookings_rule ? arena_printf(a, " OR (t.booking <> 0 AND t.service_id = "
                                                        "ANY (ARRAY(SELECT ss.service_id FROM "
                                                        "service_staff ss WHERE ss.user_id = "
                                                        "$%d)))", u)
                                      : "");
}

/* The length of the well-formed UTF-8 character at s (1 for ASCII), 0 for
** a malformed byte or the end. PostgreSQL refuses a parameter that is not
** UTF-8 (store.error), where SQLite just finds nothing. */
static size_t utf8_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80)
        return u[0] != 0;
    size_t n = u[0] >= 0xf0 && u[0] <= 0xf4 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc2 ? 2 : 0;
    for (size_t i = 1; i < n; i++)
        if ((u[i] & 0xc0) != 0x80)
            return 0;
    /* no overlong forms, surrogates or values past U+10FFFF */
    if ((u[0] == 0xe0 && u[1] < 0xa0) || (u[0] == 0xed && u[1] >= 0xa0) ||
        (u[0] == 0xf0 && u[1] < 0x90) || (u[0] == 0xf4 && u[1] >= 0x90))
        return 0;
    return n;
}

static bool utf8_valid(const char *s)
{
    for (size_t k; *s; s += k)
        if (!(k = utf8_len(s)))
            return false;
    return true;
}

/* The length of the search-word character at s, 0 when it is none: an
** ASCII letter or digit, or any character beyond ASCII, as
** store/sqlite/vocab.c's WORD takes them, so both drivers split a query
** alike. A malformed byte separates words. */
static size_t word_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    return utf8_len(s);
}

char *pg_ticket_tsquery(struct arena *a, const char *q)
{
    char *out = NULL;
    for (const char *s = q ? q : ""; *s;) {
        while (*s && !word_len(s))
            s++;
        if (!*s)
            break;
        /* One word: its parts between '-' in a row (the index split them
        ** there too: migration 0002), the last one a prefix, as FTS5 reads
        ** the phrase "lkt-2026-00"*. Quoted, a part is one operand whatever
        ** it holds; no quote or backslash can be among its bytes. */
        out = arena_printf(a, "%s%s(", out ? out : "", out ? " & " : "");
        const char *sep = "";
        while (*s && (word_len(s) || *s == '-')) {
            while (*s == '-')
                s++;
            const char *w = s;
            for (size_t k; (k = word_len(s)) > 0;)
                s += k;
            if (s == w)
                continue;
            const char *next = s;
            while (*next == '-')
                next++;
            bool last = !word_len(next);
            out = arena_printf(a, "%s%s'%.*s'%s", out, sep, (int)(s - w), w, last ? ":*" : "");
            sep = " <-> ";
        }
        out = arena_printf(a, "%s)", out);
    }
    return out;
}

int pg_query_where(const struct ticket_query *q, enum pg_period on, struct pg_params *p,
                   char **where, bool *searching, struct err *err)
{
    (void)err; /* nothing here can fail today: the signature matches SQLite's */
    struct arena *a = p->a;
    char *w = "";
#define ADD(...) (w = arena_printf(a, "%s" __VA_ARGS__))
    /* Bookings (appointments) follow their own rule (core/perm.c): the
    ** requester, the service's staff and admins. Reports leave them out
    ** unless asked (appointments < 0; a service filter asks for that
    ** service's tickets, whatever they are); the list always has them. */
    bool no_bookings = q->appointments < 0 && !q->service_id;
    if (no_bookings)
        ADD(" AND t.booking = 0", w);
    else if (q->appointments > 0)
        ADD(" AND t.booking = 1", w);
    bool bookings_rule = !q->scope.bookings_all && !no_bookings;
    if (q->scope.kind == SCOPE_NONE)
        ADD(" AND false", w);
    else if (q->scope.kind != SCOPE_ALL || bookings_rule)
        ADD(" AND (%s)", w, seen_by(&q->scope, bookings_rule, p));
    char *tsq = q->q && *q->q ? pg_ticket_tsquery(a, q->q) : NULL;
    if (searching)
        *searching = tsq != NULL;
    if (tsq)
        ADD(" AND t.id IN (SELECT x.ticket_id FROM ticket_search x WHERE x.doc @@ "
            "to_tsquery('loket', $%d))", w, arg_text(p, tsq));
    if (q->n_statuses) {
        ADD(" AND t.status IN (", w);
        for (size_t i = 0; i < q->n_statuses; i++)
            ADD("%s$%d", w, i ? "," : "", arg_text(p, q->statuses[i]));
        ADD(")", w);
    }
    if (q->unit_id)
        ADD(" AND t.unit_id = $%d", w, arg_int(p, q->unit_id));
    if (q->service_id)
        ADD(" AND t.service_id = $%d", w, arg_int(p, q->service_id));
    if (q->category_id)
        ADD(" AND t.category_id = $%d", w, arg_int(p, q->category_id));
    if (q->priority_id)
        ADD(" AND t.priority_id = $%d", w, arg_int(p, q->priority_id));
    if (q->assignee_id)
        ADD(" AND t.assignee_id = $%d", w, arg_int(p, q->assignee_id));
    if (q->unassigned)
        ADD(" AND t.assignee_id IS NULL", w);
    if (q->tier)
        ADD(" AND t.tier = $%d", w, arg_int(p, q->tier));
    if (q->channel)
        ADD(" AND t.channel = $%d", w, arg_text(p, q->channel));
    if (q->tag && !utf8_valid(q->tag)) /* no tag is named so */
        ADD(" AND false", w);
    else if (q->tag) /* tags.name is COLLATE NOCASE in SQLite */
        ADD(" AND t.id IN (SELECT tt.ticket_id FROM ticket_tags tt JOIN tags g ON "
            "g.id = tt.tag_id WHERE lower(g.name) = lower($%d))", w, arg_text(p, q->tag));
    if (on == PG_PERIOD_CREATED && q->created_from)
        ADD(" AND t.created_at >= $%d", w, arg_int(p, q->created_from));
    if (on == PG_PERIOD_CREATED && q->created_to)
        ADD(" AND t.created_at < $%d", w, arg_int(p, q->created_to));
    if (on == PG_PERIOD_RESOLVED)
        ADD(" AND t.resolved_at IS NOT NULL", w);
    if (on == PG_PERIOD_RESOLVED && q->created_from)
        ADD(" AND t.resolved_at >= $%d", w, arg_int(p, q->created_from));
    if (on == PG_PERIOD_RESOLVED && q->created_to)
        ADD(" AND t.resolved_at < $%d", w, arg_int(p, q->created_to));
    if (q->sla_breached == 1)
        ADD(" AND (t.first_response_breached <> 0 OR t.resolution_breached <> 0)", w);
    else if (q->sla_breached == 0)
        ADD(" AND t.first_response_breached = 0 AND t.resolution_breached = 0", w);
    if (q->requester_id)
        ADD(" AND t.requester_id = $%d", w, arg_int(p, q->requester_id));
    if (q->due_before)
        ADD(" AND t.status IN ('new','in_progress') AND t.resolution_due < $%d", w,
            arg_int(p, q->due_before));
    if (q->untagged)
        ADD(" AND NOT EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id)", w);
    if (q->uncategorised)
        ADD(" AND t.category_id IS NULL", w);
#undef ADD
    *where = w;
    return 0;
}
