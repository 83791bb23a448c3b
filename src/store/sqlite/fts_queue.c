/* Full-text rows of a group-commit batch. FTS5 writes its pending buffer out
** as a new segment at every savepoint, and the batch writer opens one
** savepoint per job: inserting index rows inside the jobs made each ticket
** pay for a segment flush. In deferred mode the rows wait here and go in
** together after the last job, so FTS5 writes one segment per batch. */
#include "store/sqlite/sqlite.h"
#include "core/die.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
    char *r = strdup(s ? s : "");
    if (!r)
        die("out of memory");
    return r;
}

static void drop_from(struct sq_db *d, size_t from)
{
    for (size_t i = from; i < d->fts_n; i++) {
        free(d->fts_rows[i].number);
        free(d->fts_rows[i].title);
        free(d->fts_rows[i].description);
    }
    d->fts_n = from;
    if (d->fts_mark > from)
        d->fts_mark = from;
}

static int insert_row(struct sq_db *d, int64_t rowid, const char *number, const char *title,
                      const char *description, struct err *err)
{
    static const char sql[] = "INSERT INTO ticket_fts (rowid, number, title, description, "
                              "comments) VALUES (?, ?, ?, ?, '')";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, rowid);
    sq_bind_text(st, 2, number);
    sq_bind_text(st, 3, title);
    sq_bind_text(st, 4, description);
    return sq_exec_stmt(d, st, err);
}

int sq_fts_ticket_add(struct sq_db *d, int64_t rowid, const char *number, const char *title,
                      const char *description, struct err *err)
{
    if (!d->fts_defer)
        return insert_row(d, rowid, number, title, description, err);
    if (d->fts_n == d->fts_cap) {
        size_t cap = d->fts_cap ? d->fts_cap * 2 : 64;
        struct sq_fts_row *r = realloc(d->fts_rows, cap * sizeof *r);
        if (!r)
            die("out of memory");
        d->fts_rows = r;
        d->fts_cap = cap;
    }
    d->fts_rows[d->fts_n++] = (struct sq_fts_row){rowid, dup_or_empty(number),
                                                  dup_or_empty(title), dup_or_empty(description)};
    return 0;
}

/* Savepoint hooks: a job that rolls back takes its queued rows with it. */
void sq_fts_mark(struct sq_db *d)
{
    d->fts_mark = d->fts_n;
}

void sq_fts_undo_to_mark(struct sq_db *d)
{
    drop_from(d, d->fts_mark);
}

void sq_fts_discard(struct sq_db *d)
{
    drop_from(d, 0);
}

void sq_index_defer(struct db *db, bool on)
{
    struct sq_db *d = (struct sq_db *)db;
    d->fts_defer = on;
    if (!on)
        sq_fts_discard(d);
}

int sq_index_flush(struct db *db, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < d->fts_n; i++) {
        struct sq_fts_row *r = &d->fts_rows[i];
        rc = insert_row(d, r->rowid, r->number, r->title, r->description, err);
    }
    sq_fts_discard(d);
    return rc;
}

void sq_fts_free(struct sq_db *d)
{
    sq_fts_discard(d);
    free(d->fts_rows);
    d->fts_rows = NULL;
    d->fts_cap = 0;
}
