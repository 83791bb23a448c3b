/* cache-*: http/cache.c — hits copy the value into the arena; a different
** generation or an expired entry misses; a pinned value outlives its entry; values over the size limit and
** past the byte budget are not kept, and the budget evicts old entries
** rather than refusing new ones for ever; concurrent misses on one key
** coalesce behind one leader; threads hammering one cache keep
** keys and values paired. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/arena.h"
#include "http/cache.h"

static bool get(struct cache *c, const char *k, uint64_t gen, struct arena *a, const char **v)
{
    char *val;
    size_t len;
    if (!cache_get_copy(c, k, strlen(k), gen, a, &val, &len))
        return false;
    assert_int_equal(strlen(val), len);
    *v = val;
    return true;
}

static void put(struct cache *c, const char *k, uint64_t gen, const char *v)
{
    cache_put(c, k, strlen(k), gen, v, strlen(v));
}

static void cache_1_hit_and_generation(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct cache *c = cache_new(64, 1 << 20, 1024, 60000);
    const char *v;
    assert_false(get(c, "1|/api/v1/tickets?", 7, a, &v));
    put(c, "1|/api/v1/tickets?", 7, "{\"items\":[]}");
    assert_true(get(c, "1|/api/v1/tickets?", 7, a, &v));
    assert_string_equal(v, "{\"items\":[]}");
    /* a pinned value outlives its replacement (ASan would see a use after free) */
    const char *pinned;
    size_t plen;
    void *pin;
    assert_int_equal(cache_get(c, "1|/api/v1/tickets?", 18, 7, &pinned, &plen, &pin), CACHE_FRESH);
    put(c, "1|/api/v1/tickets?", 7, "{\"items\":[1]}");
    assert_int_equal(plen, 12);
    assert_memory_equal(pinned, "{\"items\":[]}", 12);
    cache_unpin(pin);
    assert_true(get(c, "1|/api/v1/tickets?", 7, a, &v));
    assert_string_equal(v, "{\"items\":[1]}");
    assert_false(get(c, "2|/api/v1/tickets?", 7, a, &v)); /* another user */
    assert_false(get(c, "1|/api/v1/tickets?", 8, a, &v)); /* a commit since */
    assert_false(get(c, "1|/api/v1/tickets?", 7, a, &v)); /* and it was dropped */
    put(c, "big", 1, "x");
    char huge[2048];
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = 0;
    put(c, "big", 1, huge); /* over max_value: not kept, and the old value is gone too */
    assert_false(get(c, "big", 1, a, &v));
    uint64_t hits, misses;
    cache_stats(c, &hits, &misses);
    assert_int_equal(hits, 3);
    assert_int_equal(misses, 5);
    cache_free(c);
    arena_free(a);
}

static void cache_2_expiry(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct cache *c = cache_new(8, 1 << 20, 1024, 50);
    const char *v;
    put(c, "k", 1, "v");
    assert_true(get(c, "k", 1, a, &v));
    usleep(80 * 1000);
    assert_false(get(c, "k", 1, a, &v)); /* another process may have written */
    const char *sv;
    size_t slen;
    void *pin;
    assert_int_equal(cache_get(c, "k", 1, 1, &sv, &slen, &pin), CACHE_STALE);
    assert_memory_equal(sv, "v", 1); /* still there to serve while it is rebuilt */
    cache_unpin(pin);
    assert_int_equal(cache_get(c, "k", 1, 2, &sv, &slen, &pin), CACHE_MISS);
    cache_free(c);
    arena_free(a);
}

static void cache_3_budget_evicts(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    /* room for about four 100-byte entries */
    struct cache *c = cache_new(256, 450, 200, 60000);
    char val[101];
    memset(val, 'v', 100);
    val[100] = 0;
    char key[16];
    for (int i = 0; i < 50; i++) {
        snprintf(key, sizeof key, "k%d", i);
        put(c, key, 1, val);
    }
    const char *v;
    int kept = 0;
    for (int i = 0; i < 50; i++) {
        snprintf(key, sizeof key, "k%d", i);
        kept += get(c, key, 1, a, &v);
    }
    assert_true(kept >= 1 && kept <= 4);
    assert_true(get(c, "k49", 1, a, &v)); /* the newest always found room */
    cache_free(c);
    arena_free(a);
}

static int parked, woken;
static void on_park(void *w)
{
    (void)w;
    parked++;
}
static void on_wake(void *w)
{
    *(int *)w += 1;
    woken++;
}

static void cache_5_coalescing(void **state)
{
    (void)state;
    struct cache *c = cache_new(16, 1 << 16, 1024, 60000);
    int a = 0, b = 0, other = 0;
    assert_false(cache_join(c, "k", 1, 1, &a, on_park)); /* leader */
    assert_true(cache_join(c, "k", 1, 1, &b, on_park));  /* waits */
    assert_true(cache_join(c, "k", 1, 1, &b, on_park));
    assert_false(cache_join(c, "k", 1, 2, &other, on_park)); /* another generation leads */
    assert_int_equal(parked, 2);
    assert_true(cache_join(c, "k", 1, 1, &b, NULL)); /* someone leads; no waiting */
    assert_int_equal(parked, 2);
    cache_land(c, "k", 1, 1, on_wake);
    assert_int_equal(b, 2);
    assert_int_equal(woken, 2);
    cache_land(c, "k", 1, 1, on_wake); /* twice is harmless */
    assert_int_equal(woken, 2);
    assert_false(cache_join(c, "k", 1, 1, &a, on_park)); /* a new flight */
    cache_land(c, "k", 1, 1, on_wake);
    cache_land(c, "k", 1, 2, on_wake);
    assert_int_equal(woken, 2);
    cache_free(c);
}

static struct cache *shared;

static void *hammer(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct arena *a = arena_new();
    char key[32], val[64];
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        int k = (i * 7 + id) % 300;
        snprintf(key, sizeof key, "key-%d", k);
        snprintf(val, sizeof val, "value-of-key-%d", k);
        const char *v;
        if (get(shared, key, 1, a, &v))
            bad += strcmp(v, val) != 0;
        else
            put(shared, key, 1, val);
        if (i % 1000 == 0) {
            arena_free(a);
            a = arena_new();
        }
    }
    arena_free(a);
    return (void *)(intptr_t)bad;
}

static void cache_4_threads(void **state)
{
    (void)state;
    shared = cache_new(128, 4096, 256, 60000);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, hammer, (void *)(intptr_t)i);
    for (int i = 0; i < 4; i++) {
        void *bad;
        pthread_join(t[i], &bad);
        assert_int_equal((intptr_t)bad, 0);
    }
    cache_free(shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cache_1_hit_and_generation),
        cmocka_unit_test(cache_2_expiry),
        cmocka_unit_test(cache_3_budget_evicts),
        cmocka_unit_test(cache_4_threads),
        cmocka_unit_test(cache_5_coalescing),
    };
    return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
