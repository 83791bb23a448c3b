/* Direct-mapped: a key has one slot (FNV-1a of the key), and a new entry
** replaces the old one there. Keys are compared in full, so collisions only
** cost a miss. Locks are striped so the worker threads rarely meet. */
#include "http/cache.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/die.h"
#include "core/timefmt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { N_LOCKS = 64 };

/* One malloc: the reference count, then key bytes, then value bytes. The
** cache holds one reference; each answer being sent holds another, so a
** hit hands the bytes to libmicrohttpd without copying them. */
struct blob {
    atomic_int refs;
    char bytes[];
};

struct slot {
    uint64_t hash, gen, born_ns;
    struct blob *b;
    size_t klen, vlen;
};

/* A value being built, with the requests waiting for it. */
struct flight {
    struct flight *next;
    uint64_t hash, gen;
    size_t klen, n, cap;
    void **waiters;
    char key[];
};

struct cache {
    struct slot *slots;
    size_t mask;
    size_t max_bytes, max_value;
    uint64_t ttl_ns;
    atomic_size_t bytes;
    atomic_size_t hand; /* eviction clock when the budget is full */
    atomic_uint_fast64_t hits, misses;
    pthread_mutex_t locks[N_LOCKS];
    pthread_mutex_t flights_mu;
    struct flight *flights;
};

static uint64_t fnv1a(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211u;
    }
    return h;
}

struct cache *cache_new(size_t slots, size_t max_bytes, size_t max_value, unsigned ttl_ms)
{
    size_t n = 1;
    while (n < slots)
        n <<= 1;
    struct cache *c = calloc(1, sizeof *c);
    if (!c || !(c->slots = calloc(n, sizeof *c->slots)))
        die("out of memory");
    c->mask = n - 1;
    c->max_bytes = max_bytes;
    c->max_value = max_value;
    c->ttl_ns = (uint64_t)ttl_ms * 1000000u;
    for (size_t i = 0; i < N_LOCKS; i++)
        pthread_mutex_init(&c->locks[i], NULL);
    pthread_mutex_init(&c->flights_mu, NULL);
    return c;
}

void cache_free(struct cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i <= c->mask; i++)
        if (c->slots[i].b)
            cache_unpin(c->slots[i].b);
    for (size_t i = 0; i < N_LOCKS; i++)
        pthread_mutex_destroy(&c->locks[i]);
    while (c->flights) { /* leaders always land; nothing should be left */
        struct flight *f = c->flights;
        c->flights = f->next;
        free(f->waiters);
        free(f);
    }
    pthread_mutex_destroy(&c->flights_mu);
    free(c->slots);
    free(c);
}

void cache_unpin(void *pin)
{
    struct blob *b = pin;
    if (atomic_fetch_sub(&b->refs, 1) == 1)
        free(b);
}

static void drop(struct cache *c, struct slot *s)
{
    if (!s->b)
        return;
    atomic_fetch_sub(&c->bytes, s->klen + s->vlen);
    cache_unpin(s->b);
    s->b = NULL;
}

static bool same_key(const struct slot *s, uint64_t h, const void *key, size_t klen)
{
    return s->b && s->hash == h && s->klen == klen && memcmp(s->b->bytes, key, klen) == 0;
}

enum cache_hit cache_get(struct cache *c, const void *key, size_t klen, uint64_t gen,
                         const char **val, size_t *vlen, void **pin)
{
    uint64_t h = fnv1a(key, klen);
    size_t i = h & c->mask;
    struct slot *s = &c->slots[i];
    pthread_mutex_t *mu = &c->locks[i % N_LOCKS];
    enum cache_hit hit = CACHE_MISS;
    pthread_mutex_lock(mu);
    if (same_key(s, h, key, klen)) {
        if (s->gen == gen) {
            atomic_fetch_add(&s->b->refs, 1);
            *pin = s->b;
            *val = s->b->bytes + s->klen;
            *vlen = s->vlen;
            hit = time_mono_ns() - s->born_ns < c->ttl_ns ? CACHE_FRESH : CACHE_STALE;
        } else {
            drop(c, s); /* a commit since: free the memory now */
        }
    }
    pthread_mutex_unlock(mu);
    atomic_fetch_add(hit == CACHE_FRESH ? &c->hits : &c->misses, 1);
    return hit;
}

bool cache_get_copy(struct cache *c, const void *key, size_t klen, uint64_t gen,
                    struct arena *a, char **val, size_t *vlen)
{
    const char *v;
    void *pin;
    enum cache_hit hit = cache_get(c, key, klen, gen, &v, vlen, &pin);
    if (hit != CACHE_FRESH) {
        if (hit == CACHE_STALE)
            cache_unpin(pin);
        return false;
    }
    *val = arena_alloc(a, *vlen + 1);
    memcpy(*val, v, *vlen);
    (*val)[*vlen] = 0;
    cache_unpin(pin);
    return true;
}

/* Frees entries round the clock until need more bytes fit (or a lap is done). */
static void make_room(struct cache *c, size_t need)
{
    for (size_t n = 0; n <= c->mask && atomic_load(&c->bytes) + need > c->max_bytes; n++) {
        size_t i = atomic_fetch_add(&c->hand, 1) & c->mask;
        pthread_mutex_lock(&c->locks[i % N_LOCKS]);
        drop(c, &c->slots[i]);
        pthread_mutex_unlock(&c->locks[i % N_LOCKS]);
    }
}

void cache_put(struct cache *c, const void *key, size_t klen, uint64_t gen, const void *val,
               size_t vlen)
{
    uint64_t h = fnv1a(key, klen);
    size_t i = h & c->mask;
    struct slot *s = &c->slots[i];
    pthread_mutex_t *mu = &c->locks[i % N_LOCKS];
    if (vlen > c->max_value) { /* not kept; nor is an older answer to the same key */
        pthread_mutex_lock(mu);
        if (same_key(s, h, key, klen))
            drop(c, s);
        pthread_mutex_unlock(mu);
        return;
    }
    struct blob *b = malloc(sizeof *b + klen + vlen);
    if (!b)
        return;
    atomic_init(&b->refs, 1);
    memcpy(b->bytes, key, klen);
    memcpy(b->bytes + klen, val, vlen);
    make_room(c, klen + vlen);
    pthread_mutex_lock(mu);
    drop(c, s);
    if (atomic_load(&c->bytes) + klen + vlen > c->max_bytes) {
        pthread_mutex_unlock(mu);
        free(b); /* others filled the room first: stay within the budget */
        return;
    }
    *s = (struct slot){.hash = h, .gen = gen, .born_ns = time_mono_ns(), .b = b,
                       .klen = klen, .vlen = vlen};
    atomic_fetch_add(&c->bytes, klen + vlen);
    pthread_mutex_unlock(mu);
}

static struct flight **find_flight(struct cache *c, uint64_t h, const void *key, size_t klen,
                                   uint64_t gen)
{
    struct flight **pf = &c->flights;
    for (; *pf; pf = &(*pf)->next)
        if ((*pf)->hash == h && (*pf)->gen == gen && (*pf)->klen == klen &&
            memcmp((*pf)->key, key, klen) == 0)
            break;
    return pf;
}

bool cache_join(struct cache *c, const void *key, size_t klen, uint64_t gen, void *waiter,
                void (*park)(void *waiter))
{
    uint64_t h = fnv1a(key, klen);
    bool joined = false;
    pthread_mutex_lock(&c->flights_mu);
    struct flight **pf = find_flight(c, h, key, klen, gen), *f = *pf;
    if (f && !park) {
        joined = true; /* someone leads; the caller does not wait */
    } else if (f) {
        if (f->n == f->cap) {
            /* one per parked connection, which the connection limit bounds */
            void **w = vec_grow(f->waiters, &f->cap, f->n + 1, sizeof *w, SIZE_MAX);
            if (!w)
                die("out of memory");
            f->waiters = w;
        }
        f->waiters[f->n++] = waiter;
        park(waiter);
        joined = true;
    } else if ((f = calloc(1, sizeof *f + klen))) {
        f->hash = h;
        f->gen = gen;
        f->klen = klen;
        memcpy(f->key, key, klen);
        f->next = c->flights;
        c->flights = f;
    } /* no memory for a flight: simply build the value without one */
    pthread_mutex_unlock(&c->flights_mu);
    return joined;
}

void cache_land(struct cache *c, const void *key, size_t klen, uint64_t gen,
                void (*wake)(void *waiter))
{
    uint64_t h = fnv1a(key, klen);
    pthread_mutex_lock(&c->flights_mu);
    struct flight **pf = find_flight(c, h, key, klen, gen), *f = *pf;
    if (f)
        *pf = f->next;
    pthread_mutex_unlock(&c->flights_mu);
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        wake(f->waiters[i]);
    free(f->waiters);
    free(f);
}

void cache_stats(struct cache *c, uint64_t *hits, uint64_t *misses)
{
    *hits = atomic_load(&c->hits);
    *misses = atomic_load(&c->misses);
}
