/* Row arrays of the SQLite driver (issue 18 item 6): a store call that
** collects rows into an arena array grows it with sq_rows_grow, so every
** such array has the same hard cap and overflow check instead of a
** hand-written doubling loop each. */
#ifndef LOKET_STORE_SQLITE_ROWS_H
#define LOKET_STORE_SQLITE_ROWS_H

#include "core/buf.h"
#include "core/err.h"

#include <sqlite3.h>

/* Most rows one call collects. Lists are paged and reports grouped, so only
** a runaway query comes near it; it then fails instead of eating memory. */
enum { SQ_MAX_ROWS = 1 << 20 };

/* items (n of them used, *cap allocated, elem bytes each) with room for one
** more row, in arena a. NULL when the array already holds SQ_MAX_ROWS; then
** return sq_rows_too_many(). */
static inline void *sq_rows_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t elem)
{
    return vec_grow_arena(a, items, n, cap, n + 1, elem, SQ_MAX_ROWS);
}

/* Resets st and fills err (ERR_STORE) for a result over SQ_MAX_ROWS. */
static inline int sq_rows_too_many(sqlite3_stmt *st, struct err *err)
{
    sqlite3_reset(st);
    return err_set(err, ERR_STORE, "store.too_many_rows", "hasil lebih dari %d baris",
                   "more than %d rows in one result", (int)SQ_MAX_ROWS);
}

#endif
