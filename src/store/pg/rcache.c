/* The PostgreSQL driver's record cache, like the SQLite driver's in
** src/store/sqlite/records.c: creating a ticket reads its service,
** priority, SLA policy and calendar, which rarely change, so each pooled
** connection keeps the master records it read last. An entry is valid
** while the store's conf_generation stands (moved by this process's own
** master-data commits, and by other nodes' through NOTIFY loket_gen) and
** for at most two seconds, which bounds a NOTIFY that never arrives (the
** LISTEN connection lost and not yet back). */
#include "store/pg/pg.h"
#include "core/arena.h"
#include "core/resource.h"
#include "core/timefmt.h"

#include <stdlib.h>
#include <string.h>

enum { RC_SLOTS = 64, RC_MAX_FILLS = 512 };
#define RC_TTL_NS 2000000000ULL

struct pg_rc {
    struct arena *arena;
    uint64_t gen, born_ns;
    unsigned used;
    struct {
        const struct resource *res;
        int64_t id;
        struct record *r;
    } slot[RC_SLOTS];
};

static unsigned slot_of(const struct resource *res, int64_t id)
{
    return (unsigned)(((uintptr_t)res / 64 + (uint64_t)id) % RC_SLOTS);
}

/* The cache of d, emptied when the generation moved, it is too old or full. */
static struct pg_rc *current(struct pg_db *d, uint64_t gen)
{
    uint64_t now = time_mono_ns();
    struct pg_rc *c = d->rc;
    if (c && c->gen == gen && now - c->born_ns <= RC_TTL_NS && c->used < RC_MAX_FILLS)
        return c;
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            return NULL;
        d->rc = c;
    }
    if (c->arena)
        arena_free(c->arena);
    memset(c, 0, sizeof *c);
    c->arena = arena_new();
    c->gen = gen;
    c->born_ns = now;
    return c;
}

struct record *pg_rc_find(struct pg_db *d, uint64_t gen, const struct resource *res, int64_t id,
                          struct arena *a)
{
    struct pg_rc *c = current(d, gen);
    if (!c)
        return NULL;
    unsigned k = slot_of(res, id);
    if (c->slot[k].r && c->slot[k].res == res && c->slot[k].id == id)
        return record_copy(res, c->slot[k].r, a);
    return NULL;
}

void pg_rc_put(struct pg_db *d, uint64_t gen, const struct resource *res, int64_t id,
               const struct record *r)
{
    struct pg_rc *c = d->rc;
    if (!c || c->gen != gen)
        return; /* the generation moved while the row was read */
    unsigned k = slot_of(res, id);
    c->slot[k].res = res;
    c->slot[k].id = id;
    c->slot[k].r = record_copy(res, r, c->arena);
    c->used++;
}

void pg_rc_free(struct pg_db *d)
{
    if (!d->rc)
        return;
    if (d->rc->arena)
        arena_free(d->rc->arena);
    free(d->rc);
    d->rc = NULL;
}
