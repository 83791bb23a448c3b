/* A bounded in-memory cache of byte strings keyed by byte strings, used for
** sign-ins (token hash → user) and for GET answers (user + URL → JSON).
** Every entry carries the store generation read before its value was built
** (struct store); a lookup with any other generation misses, so a commit by
** this process invalidates everything at once (so does one by another
** process, noticed when the next request starts: store_refresh). Entries
** also expire after a few seconds, as a safety net. Thread-safe. */
#ifndef LOKET_HTTP_CACHE_H
#define LOKET_HTTP_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct cache;

/* slots: number of entries (rounded up to a power of two); max_bytes: total
** size of the values kept; max_value: larger values are not cached;
** ttl_ms: age after which an entry misses whatever its generation. */
struct cache *cache_new(size_t slots, size_t max_bytes, size_t max_value, unsigned ttl_ms);
void cache_free(struct cache *c);
enum cache_hit { CACHE_MISS, CACHE_FRESH, CACHE_STALE };
/* On a hit points *val at the value, pinned until cache_unpin(*pin) even if
** the entry is replaced meanwhile. Not NUL-terminated. CACHE_STALE: the
** generation matches but the entry outlived its ttl (another process may
** have written); the caller may serve it while one request rebuilds it. */
enum cache_hit cache_get(struct cache *c, const void *key, size_t klen, uint64_t gen,
                         const char **val, size_t *vlen, void **pin);
void cache_unpin(void *pin);
/* Like cache_get, but copies the value into the arena (NUL-terminated). */
bool cache_get_copy(struct cache *c, const void *key, size_t klen, uint64_t gen,
                    struct arena *a, char **val, size_t *vlen);
void cache_put(struct cache *c, const void *key, size_t klen, uint64_t gen, const void *val,
               size_t vlen);
/* Request coalescing: the first miss on a key becomes its leader and
** builds the value; later misses on the same key and generation join as
** waiters instead of building it again (a popular list right after a
** write would otherwise be computed by every connection at once).
** cache_join returns true when the caller joined as a waiter, false when it
** is the leader. A waiter's park(waiter) runs before any wake can reach it
** (under the same lock), so a wake never comes before the park. With park
** NULL nobody waits: true only says that another request is leading. cache_land,
** called by the leader once (more calls are harmless), wakes every waiter. */
bool cache_join(struct cache *c, const void *key, size_t klen, uint64_t gen, void *waiter,
                void (*park)(void *waiter));
void cache_land(struct cache *c, const void *key, size_t klen, uint64_t gen,
                void (*wake)(void *waiter));
/* Counters for tests and the bench. */
void cache_stats(struct cache *c, uint64_t *hits, uint64_t *misses);

#endif
