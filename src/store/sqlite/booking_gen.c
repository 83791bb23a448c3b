/* Generations of the bookings of one service and day (store/bookings.h,
** bk_day_gen, sq_bk_day_gen here): the kept queue / "now serving" copy (api/queue_cache.c)
** keys on the generation of its own day instead of the store's, which
** every commit moves, so bookings pouring in on other days leave it alone
** (bench/README.md, appointments).
**
** bk_insert and bk_update mark the (service, day) pairs they write, old
** place and new, on their connection before the write; the marks move the
** pairs' counters in the WAL hook (driver.c on_wal), after the commit is
** visible and after the store generation moved, and a rollback drops them.
** A reader takes the counter before it starts its read snapshot, so a copy
** built under a counter value never misses a commit that moved it. Rows
** of bookings written by anything else (the update hook counts every
** bookings row; a cascade, a later function) move every pair at once, as
** do more pairs than a transaction keeps. Counters are hashed: a collision
** only makes another day's copy miss once more. */
#include "store/sqlite/sqlite.h"
#include "store/bookings.h"

#include <stdatomic.h>

enum { DAY_GENS = 1024 };
static _Atomic uint64_t day_gens[DAY_GENS], all_gen;

static unsigned slot_of(int64_t service_id, const char *day)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)service_id;
    for (const char *p = day ? day : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return (unsigned)(h % DAY_GENS);
}

uint64_t sq_bk_day_gen(struct store *st, int64_t service_id, const char *day)
{
    (void)st; /* one SQLite store per process */
    /* two counters that only grow: their sum moves when either does */
    return atomic_load_explicit(&all_gen, memory_order_acquire) +
           atomic_load_explicit(&day_gens[slot_of(service_id, day)], memory_order_acquire);
}

void sq_bk_gen_mark(struct sq_db *d, int64_t service_id, const char *day)
{
    d->bk_marked++;
    if (d->bk_n_marks < SQ_BK_MARKS)
        d->bk_marks[d->bk_n_marks] = (uint16_t)slot_of(service_id, day);
    d->bk_n_marks++; /* past SQ_BK_MARKS: every pair moves */
}

void sq_bk_gen_row(struct sq_db *d)
{
    d->bk_rows++;
}

void sq_bk_gen_commit(struct sq_db *d)
{
    if (d->bk_rows > d->bk_marked || d->bk_n_marks > SQ_BK_MARKS)
        atomic_fetch_add_explicit(&all_gen, 1, memory_order_release);
    else
        for (unsigned i = 0; i < d->bk_n_marks; i++)
            atomic_fetch_add_explicit(&day_gens[d->bk_marks[i]], 1, memory_order_release);
    sq_bk_gen_clear(d);
}

void sq_bk_gen_clear(struct sq_db *d)
{
    d->bk_n_marks = 0;
    d->bk_rows = d->bk_marked = 0;
}
