/* The one SQL form of a ticket query (struct ticket_query): the visibility
** scope core/perm.c gives a principal (perm_ticket_scope) and the list
** filters, shared by the ticket list, its text search, every report and
** every export (tickets.c, reports.c). Nothing else writes this SQL. */
#ifndef LOKET_STORE_SQLITE_SCOPE_H
#define LOKET_STORE_SQLITE_SCOPE_H

#include "store/sqlite/sqlite.h"

/* Which time the query's created_from/created_to bound. */
enum sq_period {
    SQ_PERIOD_CREATED,  /* t.created_at (the ticket list) */
    SQ_PERIOD_RESOLVED, /* t.resolved_at, and only resolved tickets */
    SQ_PERIOD_NONE,     /* neither: the caller uses ?17/?18 itself */
};

/* The WHERE tail (" AND ..." over tickets t, "" for none) of q in arena a,
** with parameters ?1 user, ?2 unit, ?3 vendor (the scope), ?4 the text
** search, ?5.. filters, ?13/?14 created range, ?17/?18 resolved range,
** ?30.. statuses; bind them with sq_query_bind. *fts is the FTS5
** expression of q->q (NULL: no text search); with fts_in_where the tail
** holds the text search too, else the caller places MATCH ?4 itself.
** A text search first waits for the index (sq_search_ready) and fails
** when it cannot be brought up to date, for every caller alike. */
int sq_query_where(struct sq_db *d, const struct ticket_query *q, enum sq_period on,
                   bool fts_in_where, struct arena *a, char **where, char **fts,
                   struct err *err);

/* Binds by parameter name whichever of the numbers above the statement
** uses, plus the list's ?20 limit, ?21 offset and ?22 count cap. */
void sq_query_bind(sqlite3_stmt *st, const struct ticket_query *q, const char *fts);

/* The booking rule of core/perm.c over a table with requester_id and
** service_id columns under `alias` ("t", "b"), the viewer as ?1: their own
** and those of the services they serve. A static string. */
#define SQ_BOOKING_SEEN(alias)                                                      \
    "(" alias ".requester_id = ?1 OR " alias ".service_id IN (SELECT ss.service_id " \
    "FROM service_staff ss WHERE ss.user_id = ?1))"

#endif
