/* The one SQL form of a ticket query in PostgreSQL (struct ticket_query):
** the visibility scope core/perm.c gives a principal (perm_ticket_scope),
** the list filters and the text search, shared by the ticket list
** (search.c), the reports and the exports (reports.c), as
** store/sqlite/scope.c is for SQLite. Nothing else writes this SQL.
** Also the ticket row (tickets.c) that the list and the sweeps read. */
#ifndef LOKET_STORE_PG_SCOPE_H
#define LOKET_STORE_PG_SCOPE_H

#include "store/pg/pg.h"

/* Which time the query's created_from/created_to bound. */
enum pg_period {
    PG_PERIOD_CREATED,  /* t.created_at (the ticket list) */
    PG_PERIOD_RESOLVED, /* t.resolved_at, and only resolved tickets */
    PG_PERIOD_NONE,     /* neither: the caller bounds a time itself */
};

/* The WHERE tail (" AND ..." over tickets t, "" for none) of q in p's
** arena. Each value it needs is appended to p and named by its position
** ($k), so a statement may hold two tails (created and resolved) and add
** its own parameters after them. A text search (q->q) is part of the tail:
** the search index is written in the ticket's own transaction (migration
** 0002), so there is nothing to wait for. *searching (may be NULL) says
** whether q held words to search. */
int pg_query_where(const struct ticket_query *q, enum pg_period on, struct pg_params *p,
                   char **where, bool *searching, struct err *err);

/* The text of a to_tsquery('loket', ...) argument for a user's search
** words: every word must match, each as a prefix (what SQLite's vocabulary
** expansion gives: "jaringan" finds "jaringannya"); NULL for a query
** without words. */
char *pg_ticket_tsquery(struct arena *a, const char *q);

/* The booking rule of core/perm.c over a table with requester_id and
** service_id columns under `alias` ("t", "b"), the viewer as parameter
** $`user` (a string literal: "1"): their own and those of the services
** they serve. A static string. */
#define PG_BOOKING_SEEN(alias, user)                                                       \
    "(" alias ".requester_id = $" user " OR " alias ".service_id IN (SELECT ss.service_id " \
    "FROM service_staff ss WHERE ss.user_id = $" user "))"

/* A ticket row as the API shows it: PG_TICKET_COLS over PG_TICKET_FROM
** (tickets t with its joins), read by pg_read_ticket from column c. */
#define PG_TICKET_OWN_COLS                                                                   \
    "t.id, t.number, t.title, t.description, t.service_id, t.category_id, t.priority_id, "   \
    "t.requester_id, t.unit_id, t.contact_name, t.contact_phone, t.channel, t.status, "      \
    "t.assignee_id, t.tier, t.esc_unit_id, t.esc_vendor_id, t.created_by, t.created_at, "    \
    "t.updated_at, t.first_response_at, t.resolved_at, t.closed_at, t.sla_policy_id, "       \
    "t.first_response_due, t.resolution_due, t.sla_paused_minutes, t.waiting_since, "        \
    "t.first_response_breached, t.resolution_breached, t.resolution_summary, "               \
    "t.cancel_reason, t.feedback, t.rating, t.merged_into_id, t.version, t.sla_warned, "

#define PG_TICKET_TAIL_COLS                                                                  \
    "(SELECT string_agg(g.name, chr(31) ORDER BY tt.tag_id) FROM ticket_tags tt JOIN tags g " \
    "ON g.id = tt.tag_id WHERE tt.ticket_id = t.id), t.booking, CASE WHEN t.booking <> 0 "   \
    "THEN (SELECT string_agg(ss.user_id::text, ',' ORDER BY ss.user_id) FROM service_staff " \
    "ss WHERE ss.service_id = t.service_id) END"

#define PG_TICKET_COLS                                                                       \
    PG_TICKET_OWN_COLS                                                                       \
    "s.name, s.kind, r.name, r.email, r.locale, a.name, a.email, un.name, p.code, m.number, " \
    PG_TICKET_TAIL_COLS

/* One ticket read by number or id (tickets.c): the same columns, but the
** service's name and kind, the unit's name and the priority's code come
** from the record cache afterwards (pg_ticket_names) instead of three
** joins, two fifths of the statement's time on PostgreSQL (bench/README.md,
** thirteenth session); the users stay joined (too many for the cache). */
#define PG_TICKET_BARE_COLS                                                                  \
    PG_TICKET_OWN_COLS                                                                       \
    "NULL, NULL, r.name, r.email, r.locale, a.name, a.email, NULL, NULL, m.number, "          \
    PG_TICKET_TAIL_COLS

#define PG_TICKET_BARE_FROM                                                                  \
    " FROM tickets t JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON "             \
    "a.id = t.assignee_id LEFT JOIN tickets m ON m.id = t.merged_into_id"

/* Fills what PG_TICKET_BARE_COLS leaves out from the master records
** (ticket_names.c): through db_rec_get, so from this connection's record
** cache while conf_generation stands. */
int pg_ticket_names(struct db *db, struct ticket *t, struct arena *a, struct err *err);

#define PG_TICKET_JOINS                                                                      \
    " JOIN services s ON s.id = t.service_id "                                               \
    "JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id "        \
    "LEFT JOIN units un ON un.id = t.unit_id LEFT JOIN priorities p ON p.id = t.priority_id " \
    "LEFT JOIN tickets m ON m.id = t.merged_into_id"

#define PG_TICKET_FROM " FROM tickets t" PG_TICKET_JOINS

struct ticket *pg_read_ticket(const PGresult *r, int row, int c, struct arena *a);
/* Every row of a finished query of PG_TICKET_COLS, at most cap, into the
** arena; clears r. */
void pg_read_tickets(PGresult *r, size_t cap, struct arena *a, struct ticket ***items,
                     size_t *n);

/* The list's two statements (search.c): the count, capped at
** TICKET_COUNT_CAP + 1, and the page of per rows, each with its values.
** Apart from pg_ticket_list, for tests that read their plans
** (test_pg_plans.c). */
struct pg_list_sql {
    char *count, *page;
    struct pg_params cp, pp;
    int64_t per;
};
int pg_ticket_list_sql(const struct ticket_query *q, struct arena *a, struct pg_list_sql *out,
                       struct err *err);
/* The list (search.c): the store_ticket_ops.ticket_list contract. */
int pg_ticket_list(struct db *db, const struct ticket_query *q, struct arena *a,
                   struct ticket ***items, size_t *n, int64_t *total, bool *capped,
                   struct err *err);
/* ticket_search_log: the index follows in the writer's transaction. */
int pg_ticket_search_log(struct db *db, int64_t ticket_id, struct err *err);
/* Rewrites every ticket's search row from its text (migration 0002's
** function), a slice of ids per transaction: for `loket search-index`
** (maint index_all) after a bulk copy that bypassed the triggers or a
** change of the text search configuration. progress may be NULL. */
int pg_search_rebuild(struct pg_db *d, void (*progress)(int64_t done, int64_t end),
                      struct err *err);

#endif
