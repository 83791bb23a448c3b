/* Ticket list totals kept between requests. A list counts its matches
** (capped, tickets.c) before it reads its page, and that count was three
** fifths of a list page's time at a million tickets: an agent paging
** through a queue, or many agents on the same queue, counted the same
** tickets again for every page. The count is the same for every page of
** a filter, so it is kept here, keyed by the count query with its values
** bound in (sqlite3_expanded_sql) and by the store generation its snapshot
** was read at: any commit makes every entry miss, exactly as the response
** caches do (http/cache.c), and an entry older than COUNT_TTL_NS misses
** too. Direct-mapped, one slot per hash, one lock: a lookup is a hash and a
** string compare, next to the microseconds of a page. */
#include "store/sqlite/sqlite.h"
#include "core/die.h"
#include "core/timefmt.h"

#include <stdlib.h>
#include <string.h>

enum { COUNT_SLOTS = 512 };
#define COUNT_TTL_NS (2000ull * 1000 * 1000)

struct count_slot {
    uint64_t hash, gen, born_ns;
    char *key;
    int64_t seen, total;
};

struct sq_counts {
    pthread_mutex_t mu;
    struct count_slot slots[COUNT_SLOTS];
};

struct sq_counts *sq_counts_new(void)
{
    struct sq_counts *c = calloc(1, sizeof *c);
    if (!c)
        die("out of memory");
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void sq_counts_free(struct sq_counts *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < COUNT_SLOTS; i++)
        free(c->slots[i].key);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static uint64_t hash_of(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

bool sq_counts_get(struct sq_counts *c, const char *key, uint64_t gen, int64_t *seen,
                   int64_t *total)
{
    uint64_t h = hash_of(key), now = time_mono_ns();
    struct count_slot *s = &c->slots[h % COUNT_SLOTS];
    bool hit = false;
    pthread_mutex_lock(&c->mu);
    if (s->key && s->hash == h && s->gen == gen && now - s->born_ns < COUNT_TTL_NS &&
        !strcmp(s->key, key)) {
        *seen = s->seen;
        *total = s->total;
        hit = true;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

void sq_counts_put(struct sq_counts *c, const char *key, uint64_t gen, int64_t seen,
                   int64_t total)
{
    uint64_t h = hash_of(key);
    char *k = strdup(key);
    if (!k)
        die("out of memory");
    struct count_slot *s = &c->slots[h % COUNT_SLOTS];
    pthread_mutex_lock(&c->mu);
    char *old = s->key;
    *s = (struct count_slot){h, gen, time_mono_ns(), k, seen, total};
    pthread_mutex_unlock(&c->mu);
    free(old);
}
