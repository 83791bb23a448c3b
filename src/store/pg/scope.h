/* The one SQL form of a ticket query on PostgreSQL (struct ticket_query):
** the visibility scope core/perm.c gives a principal and the list filters,
** for the reports and exports (reports.c) and meant for the ticket list too,
** so they count exactly the same tickets (the SQLite twin is
** store/sqlite/scope.c; issue #18 says why there is one copy only).
**
** PostgreSQL numbers parameters $1..$n and refuses one it cannot type or
** one sent but unused, so the builder hands out the numbers as it writes
** them: each of the query's values is added to the parameter list on its
** first use, and reused afterwards. */
#ifndef LOKET_STORE_PG_SCOPE_H
#define LOKET_STORE_PG_SCOPE_H

#include "store/pg/pg.h"

/* Which time the query's created_from/created_to bound. */
enum pg_period {
    PG_PERIOD_CREATED,  /* t.created_at (the ticket list) */
    PG_PERIOD_RESOLVED, /* t.resolved_at, and only resolved tickets */
    PG_PERIOD_NONE,     /* neither: the caller bounds resolved_at itself */
};

/* The logical values a query's SQL refers to (scope.c's numbers in the
** SQLite driver): the scope's user, unit, vendor; the text search; the
** filters; the created and resolved ranges; statuses from PGQ_STATUS. */
enum {
    PGQ_USER = 1, PGQ_UNIT, PGQ_VENDOR, PGQ_TEXT, PGQ_F_UNIT, PGQ_F_SERVICE, PGQ_F_CATEGORY,
    PGQ_F_PRIORITY, PGQ_F_ASSIGNEE, PGQ_F_TIER, PGQ_F_CHANNEL, PGQ_F_TAG, PGQ_FROM, PGQ_TO,
    PGQ_F_REQUESTER, PGQ_DUE_BEFORE, PGQ_STATUS = 20, PGQ_MAX = 30
};

struct pg_where {
    struct pg_params p;            /* the statement's parameters, in order */
    const struct ticket_query *q;
    const char *text;              /* the tsquery text of q->q (NULL: none) */
    int num[PGQ_MAX];              /* $n of each logical value, 0 = unused */
};

/* Starts w for q; parameters the caller adds before pg_where_sql come
** first (pgp_* on w->p). */
void pg_where_init(struct pg_where *w, struct arena *a, const struct ticket_query *q);

/* "$n" of logical value k, adding the value on first use. */
const char *pg_where_ref(struct pg_where *w, int k);

/* The WHERE tail (" AND ..." over tickets t; "" for none) of the query in
** w's arena. */
int pg_where_sql(struct pg_where *w, enum pg_period on, char **where, struct err *err);

/* The text of a to_tsquery('loket', ...) argument for a user's search
** words: every word must match, each as a prefix, as SQLite's vocabulary
** expansion gives it ("jaringan" finds "jaringannya"); NULL for a query
** without words. */
char *pg_ticket_tsquery(struct arena *a, const char *q);

/* The booking rule of core/perm.c over a table with requester_id and
** service_id columns under alias, the viewer as parameter `viewer` ("$1"):
** their own and those of the services they serve. */
char *pg_booking_seen(struct arena *a, const char *alias, const char *viewer);

#endif
