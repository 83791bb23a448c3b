/* arena-*: the per-request bump allocator (core/arena.h) — 16-byte
** alignment and zeroed memory for every size, big allocations beside small
** ones without corrupting either, strdup/strndup/printf copies, the byte
** count, and deferred cleanups run in LIFO order before the memory goes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static void arena_1_alignment_every_size(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    unsigned char *blocks[600];
    size_t sizes[600];
    for (size_t i = 0; i < 600; i++) {
        sizes[i] = i % 300; /* 0..299, twice: crosses several chunks */
        blocks[i] = arena_alloc(a, sizes[i]);
        assert_non_null(blocks[i]);
        assert_int_equal((uintptr_t)blocks[i] % 16, 0);
        assert_int_equal((uintptr_t)blocks[i] % _Alignof(max_align_t), 0);
        assert_true(all_zero(blocks[i], sizes[i]));
        memset(blocks[i], (int)(i % 251) + 1, sizes[i]);
    }
    /* no block overlapped another */
    for (size_t i = 0; i < 600; i++)
        for (size_t j = 0; j < sizes[i]; j++)
            if (blocks[i][j] != (unsigned char)((i % 251) + 1))
                fail_msg("block %zu byte %zu was overwritten", i, j);
    /* a zero-byte request still gets a distinct, usable pointer */
    void *z1 = arena_alloc(a, 0), *z2 = arena_alloc(a, 0);
    assert_non_null(z1);
    assert_ptr_not_equal(z1, z2);
    arena_free(a);
}

static void arena_2_big_allocations(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *small1 = arena_strdup(a, "before");
    /* sizes around the chunk size and well above it */
    const size_t big[] = {4095, 4096, 4097, 16383, 16384, 16385, 1u << 20, 10u << 20};
    unsigned char *p[sizeof big / sizeof big[0]];
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        p[i] = arena_alloc(a, big[i]);
        assert_int_equal((uintptr_t)p[i] % 16, 0);
        assert_true(all_zero(p[i], big[i]));
        memset(p[i], (int)i + 1, big[i]);
        /* small allocations keep working between big ones */
        char *s = arena_printf(a, "small-%zu", i);
        assert_string_equal(s, arena_printf(a, "small-%zu", i));
    }
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        assert_int_equal(p[i][0], i + 1);
        assert_int_equal(p[i][big[i] - 1], i + 1);
    }
    assert_string_equal(small1, "before");
    assert_true(arena_used(a) >= (11u << 20));
    arena_free(a);
}

static void arena_3_many_small_allocations(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    enum { N = 20000 };
    int **ptrs = arena_alloc(a, N * sizeof *ptrs);
    for (int i = 0; i < N; i++) {
        ptrs[i] = arena_alloc(a, sizeof(int) * 3);
        ptrs[i][0] = i;
        ptrs[i][2] = -i;
    }
    for (int i = 0; i < N; i++) {
        assert_int_equal(ptrs[i][0], i);
        assert_int_equal(ptrs[i][1], 0);
        assert_int_equal(ptrs[i][2], -i);
    }
    arena_free(a);
}

static char *via_vprintf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *via_vprintf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}

static void arena_4_strings(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *src = "Dinas Komunikasi";
    char *d = arena_strdup(a, src);
    assert_string_equal(d, src);
    assert_ptr_not_equal(d, src);
    assert_null(arena_strdup(a, NULL));
    assert_string_equal(arena_strdup(a, ""), "");
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_string_equal(arena_strndup(a, "abcdef", 0), "");
    /* strndup copies exactly n bytes and terminates; the source needs no NUL */
    const char raw[4] = {'w', 'x', 'y', 'z'};
    assert_string_equal(arena_strndup(a, raw, sizeof raw), "wxyz");
    assert_string_equal(arena_printf(a, "%s-%04d", "LKT", 7), "LKT-0007");
    assert_string_equal(arena_printf(a, "%s", ""), "");
    assert_string_equal(arena_printf(a, "%lld|%.2f|%c", -5LL, 1.5, 'x'), "-5|1.50|x");
    assert_string_equal(via_vprintf(a, "%s=%d", "tier", 2), "tier=2");
    /* formatted output longer than a chunk */
    char *long_s = arena_printf(a, "%40000d", 1);
    assert_int_equal(strlen(long_s), 40000);
    assert_int_equal(long_s[39999], '1');
    assert_int_equal(long_s[0], ' ');
    /* a copy is independent of its source */
    char buf[] = "mutable";
    char *copy = arena_strdup(a, buf);
    buf[0] = 'X';
    assert_string_equal(copy, "mutable");
    arena_free(a);
}

static void arena_5_used_counts_bytes(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_int_equal(arena_used(a), 0);
    arena_alloc(a, 1);
    size_t one = arena_used(a);
    assert_true(one >= 1 && one <= 16);
    arena_alloc(a, 100);
    assert_true(arena_used(a) >= one + 100);
    size_t before = arena_used(a);
    arena_alloc(a, 1u << 20);
    assert_true(arena_used(a) >= before + (1u << 20));
    arena_free(a);
}

static int order[16], n_order;
static const char *seen_text;

static void note(void *p)
{
    order[n_order++] = (int)(intptr_t)p;
}

static void read_arena_string(void *p)
{
    /* runs before the arena's memory is released */
    seen_text = strcmp(p, "still here") == 0 ? "ok" : "corrupt";
}

static void free_heap(void *p)
{
    free(p);
}

static void arena_6_defer_lifo(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    n_order = 0;
    seen_text = NULL;
    arena_defer(a, note, (void *)1);
    arena_alloc(a, 50000); /* allocations in between do not disturb the list */
    arena_defer(a, note, (void *)2);
    arena_defer(a, read_arena_string, arena_strdup(a, "still here"));
    arena_defer(a, note, (void *)3);
    arena_defer(a, free_heap, malloc(64)); /* foreign memory tied to the arena */
    arena_defer(a, note, (void *)4);
    assert_int_equal(n_order, 0); /* nothing runs before arena_free */
    arena_free(a);
    assert_int_equal(n_order, 4);
    assert_int_equal(order[0], 4);
    assert_int_equal(order[1], 3);
    assert_int_equal(order[2], 2);
    assert_int_equal(order[3], 1);
    assert_non_null(seen_text);
    assert_string_equal(seen_text, "ok");
}

static void arena_7_free_null_and_empty(void **state)
{
    (void)state;
    arena_free(NULL);
    struct arena *a = arena_new();
    arena_free(a); /* never used */
    n_order = 0;
    a = arena_new();
    arena_defer(a, note, (void *)9); /* only a defer, no other allocation */
    arena_free(a);
    assert_int_equal(n_order, 1);
    assert_int_equal(order[0], 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_1_alignment_every_size),
        cmocka_unit_test(arena_2_big_allocations),
        cmocka_unit_test(arena_3_many_small_allocations),
        cmocka_unit_test(arena_4_strings),
        cmocka_unit_test(arena_5_used_counts_bytes),
        cmocka_unit_test(arena_6_defer_lifo),
        cmocka_unit_test(arena_7_free_null_and_empty),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
