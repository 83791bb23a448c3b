/* The ticket list and its text search in PostgreSQL (the SQLite ones:
** store/sqlite/tickets.c, search.c, vocab.c).
**
** The search index is the table ticket_search (migration 0002): one
** tsvector per ticket over its number, title, description and public
** comments (never internal notes), in the text search configuration
** `loket` (simple + unaccent: "kesehatan" finds "Kesehatan" and
** "Kesehatán"), with a GIN index. Triggers on tickets and ticket_events
** rewrite a ticket's row in the same transaction as the change, so a
** search sees every committed ticket (and a transaction its own writes)
** without SQLite's log, indexer thread and wait: ticket_search_log has
** nothing to do, nor has the batch writer's index_trim. A word matches as
** a prefix (to_tsquery's :*), as SQLite's vocabulary expansion does, and
** results come newest first. */
#include "store/pg/scope.h"
#include "core/arena.h"

#include <stdio.h>
#include <string.h>

/* The allow-listed sorts (store/sqlite/tickets.c sort_column) and whether
** the column may be NULL: SQLite puts NULLs first going up and last going
** down, PostgreSQL the other way round, so those sorts say NULLS FIRST
** (LAST) and migration 0002 indexes them so. A NOT NULL column
** says nothing, so its plain index serves the sort. Titles compare bytes,
** as SQLite's BINARY collation does, whatever the database's locale;
** numbers and statuses are ASCII of one shape, the same in any collation,
** so their indexes stay usable. */
static const char *sort_column(const char *s, bool *nullable)
{
    static const struct {
        const char *name, *sql;
        bool nullable;
    } allowed[] = {
        {"created_at", "t.created_at", false}, {"updated_at", "t.updated_at", false},
        {"number", "t.number", false},         {"status", "t.status", false},
        {"priority", "t.priority_rank", true}, {"resolution_due", "t.resolution_due", true},
        {"title", "t.title COLLATE \"C\"", false},
    };
    for (size_t i = 0; s && i < sizeof allowed / sizeof allowed[0]; i++)
        if (!strcmp(s, allowed[i].name)) {
            *nullable = allowed[i].nullable;
            return allowed[i].sql;
        }
    *nullable = false;
    return NULL;
}

/* The page and the total are two queries, as in SQLite: a window count
** over every match would read all of them even for a 50-row page; the
** count stops at TICKET_COUNT_CAP + 1. The page's ids come first (from
** the indexes), then the page's rows with their joins, so the rows an
** OFFSET skips are never joined. */
int pg_ticket_list_sql(const struct ticket_query *q, struct arena *a, struct pg_list_sql *out,
                       struct err *err)
{
    struct pg_params p;
    pgp_init(&p, a);
    char *where;
    bool searching;
    if (pg_query_where(q, PG_PERIOD_CREATED, &p, &where, &searching, err) != 0)
        return err->kind;
    bool nullable;
    const char *sort = sort_column(q->sort, &nullable);
    const char *dir = q->sort_desc ? "DESC" : "ASC";
    const char *nulls = !nullable ? "" : q->sort_desc ? " NULLS LAST" : " NULLS FIRST";
    /* a text search without a sort of its own: newest first (ids grow with
    ** creation time), as SQLite's index gives it */
    const char *by = sort ? sort : "t.created_at";
    if (searching && !sort)
        by = "t.id", dir = "DESC", nulls = "";

    out->cp = p; /* the tail's values, then the cap */
    pgp_int(&out->cp, TICKET_COUNT_CAP + 1);
    out->count = arena_printf(a, "SELECT count(*) FROM (SELECT 1 FROM tickets t WHERE true%s "
                                 "LIMIT $%d) c", where, out->cp.n);

    out->pp = p; /* the tail's values, then limit and offset */
    /* the API checks page >= 1 and per_page >= 1 (svc/ticket_query.c);
    ** PostgreSQL refuses a negative limit or offset where SQLite reads 0 */
    out->per = q->per_page > 0 ? q->per_page : 0;
    pgp_int(&out->pp, out->per);
    pgp_int(&out->pp, q->page > 1 ? (q->page - 1) * out->per : 0);
    out->page = arena_printf(a, "SELECT " PG_TICKET_COLS PG_TICKET_FROM " WHERE t.id IN "
                                "(SELECT t.id FROM tickets t WHERE true%s ORDER BY %s %s%s, "
                                "t.id %s LIMIT $%d OFFSET $%d) ORDER BY %s %s%s, t.id %s",
                             where, by, dir, nulls, dir, out->pp.n - 1, out->pp.n, by, dir, nulls,
                             dir);
    return 0;
}

int pg_ticket_list(struct db *db, const struct ticket_query *q, struct arena *a,
                   struct ticket ***items, size_t *n, int64_t *total, bool *capped,
                   struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    struct pg_list_sql l;
    if (pg_ticket_list_sql(q, a, &l, err) != 0)
        return err->kind;
    PGresult *r;
    if (pg_qt(d, l.count, l.cp.n, l.cp.v, &r, err) != 0)
        return err->kind;
    int64_t seen = pg_first_int(r);
    PQclear(r);
    if (pg_qt(d, l.page, l.pp.n, l.pp.v, &r, err) != 0)
        return err->kind;
    pg_read_tickets(r, (size_t)l.per, a, items, n);
    /* Past the cap the exact figure is not worth a scan of every match. */
    *capped = seen > TICKET_COUNT_CAP;
    *total = seen > TICKET_COUNT_CAP ? TICKET_COUNT_CAP : seen;
    return 0;
}

int pg_ticket_search_log(struct db *db, int64_t ticket_id, struct err *err)
{
    /* The triggers of migration 0002 rewrote the ticket's search row in
    ** the transaction that changed its text (a public comment here). */
    (void)db, (void)ticket_id, (void)err;
    return 0;
}

enum { REBUILD_STEP = 2048 }; /* tickets per transaction of a rebuild */

int pg_search_rebuild(struct pg_db *d, void (*progress)(int64_t done, int64_t end),
                      struct err *err)
{
    static const char last_sql[] = "SELECT coalesce(max(id), 0) FROM tickets";
    static const char step_sql[] =
        "INSERT INTO ticket_search (ticket_id, doc) SELECT t.id, loket_ticket_doc(t.id)"
        " FROM tickets t WHERE t.id BETWEEN $1 AND $2"
        " ON CONFLICT (ticket_id) DO UPDATE SET doc = excluded.doc";
    struct arena *a = arena_new();
    PGresult *r;
    int rc = pg_q(d, last_sql, 0, NULL, &r, err);
    int64_t last = 0;
    if (rc == 0) {
        last = pg_first_int(r);
        PQclear(r);
    }
    /* each slice commits on its own (autocommit): a rebuild of a million
    ** tickets holds no lock for long and can be run again after a failure */
    for (int64_t from = 1; rc == 0 && from <= last; from += REBUILD_STEP) {
        struct pg_params p;
        pgp_init(&p, a);
        pgp_int(&p, from);
        pgp_int(&p, from + REBUILD_STEP - 1);
        rc = pg_exec(d, step_sql, p.n, p.v, NULL, err);
        if (rc == 0 && progress)
            progress(from + REBUILD_STEP - 1 < last ? from + REBUILD_STEP - 1 : last, last);
    }
    arena_free(a);
    return rc;
}
