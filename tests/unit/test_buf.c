/* buf-*: the capped growable buffer and array helpers (core/buf.h) —
** appends across many doublings keep every byte, the cap admits exactly
** max bytes and fails at max + 1, failure is sticky and keeps the content,
** huge reserves fail on size_t overflow instead of wrapping, printf output
** longer than the buffer, detach/reset/free, the arena variant, and
** vec_grow / vec_grow_arena with their caps and overflow checks. */
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
#include "core/buf.h"

/* 1. 100,000 appends of varying sizes through ~10 doublings: content exact. */
static void buf_1_many_growths(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, SIZE_MAX);
    size_t want = 0;
    for (size_t i = 0; i < 100000; i++) {
        char c = (char)('a' + i % 26);
        if (i % 3 == 0)
            assert_int_equal(buf_putc(&b, c), 0);
        else
            assert_int_equal(buf_append(&b, &c, 1), 0);
        want++;
    }
    assert_int_equal(b.len, want);
    assert_true(b.cap > b.len);
    assert_int_equal(strlen(buf_str(&b)), want);
    for (size_t i = 0; i < want; i++)
        assert_int_equal(b.p[i], 'a' + i % 26);
    assert_false(b.failed);
    buf_free(&b);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
}

/* 2. The cap: max bytes fit exactly, one more fails; the failure is sticky
** and the content stays what it was before the failing call. */
static void buf_2_cap_exact_and_sticky(void **state)
{
    (void)state;
    for (size_t max = 0; max < 1100; max += 37) {
        struct buf b;
        buf_init(&b, max);
        for (size_t i = 0; i < max; i++)
            assert_int_equal(buf_putc(&b, 'x'), 0);
        assert_int_equal(b.len, max);
        assert_true(b.cap <= max + 1); /* never allocates beyond the cap */
        assert_false(b.failed);
        assert_int_equal(buf_putc(&b, 'y'), -1);
        assert_true(b.failed);
        assert_int_equal(b.len, max);
        /* sticky: even an empty append now fails, nothing changes */
        assert_int_equal(buf_append(&b, "", 0), -1);
        assert_int_equal(buf_puts(&b, ""), -1);
        assert_int_equal(buf_printf(&b, "%d", 1), -1);
        assert_int_equal(b.len, max);
        assert_null(buf_detach(&b, NULL)); /* a failed buffer hands out nothing */
        assert_false(b.failed);
        assert_int_equal(b.max, max);
    }
    /* a block that would cross the cap is refused whole */
    struct buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_puts(&b, "12345678"), 0);
    assert_int_equal(buf_puts(&b, "abc"), -1);
    assert_string_equal(buf_str(&b), "12345678");
    buf_reset(&b);
    assert_false(b.failed);
    assert_int_equal(buf_puts(&b, "0123456789"), 0);
    assert_string_equal(buf_str(&b), "0123456789");
    buf_free(&b);
}

/* 3. Huge reserves fail on size_t overflow instead of wrapping around. */
static void buf_3_overflow(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, SIZE_MAX);
    assert_int_equal(buf_puts(&b, "abc"), 0);
    assert_int_equal(buf_reserve(&b, SIZE_MAX), -1);
    assert_true(b.failed);
    assert_string_equal(buf_str(&b), "abc");
    buf_reset(&b);
    assert_int_equal(buf_puts(&b, "abc"), 0);
    assert_int_equal(buf_reserve(&b, SIZE_MAX - 3), -1); /* len + n = SIZE_MAX: no room for the NUL */
    buf_reset(&b);
    assert_int_equal(buf_puts(&b, "abc"), 0);
    assert_int_equal(buf_reserve(&b, SIZE_MAX - 2), -1); /* len + n wraps */
    buf_free(&b);
}

/* 4. printf: output longer than the room, many times over, and the cap. */
static void buf_4_printf(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 20);
    char big[5000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(buf_printf(&b, "[%s]", "x"), 0);
    assert_int_equal(buf_printf(&b, "<%s|%d>", big, 42), 0);
    assert_int_equal(b.len, 3 + 1 + 4999 + 4);
    assert_memory_equal(b.p, "[x]<", 4);
    assert_memory_equal(b.p + 4 + 4999, "|42>", 5);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(buf_printf(&b, "%04d,", i), 0);
    assert_int_equal(b.len, 5007 + 5000);
    assert_memory_equal(b.p + 5007, "0000,0001,", 10);
    assert_string_equal(b.p + b.len - 5, "0999,");
    buf_free(&b);

    /* printf that would cross the cap fails and leaves no partial text */
    buf_init(&b, 8);
    assert_int_equal(buf_printf(&b, "%s", "abcde"), 0);
    assert_int_equal(buf_printf(&b, "%d", 1234), -1);
    assert_true(b.failed);
    assert_string_equal(buf_str(&b), "abcde");
    buf_free(&b);
    buf_init(&b, 8);
    assert_int_equal(buf_printf(&b, "%s", "abcde"), 0);
    assert_int_equal(buf_printf(&b, "%d", 123), 0); /* exactly max */
    assert_string_equal(buf_str(&b), "abcde123");
    buf_free(&b);
}

/* 5. detach hands over a NUL-terminated malloc'ed string and empties b. */
static void buf_5_detach(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    size_t n = 99;
    char *s = buf_detach(&b, &n); /* nothing appended: "" not NULL */
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    free(s);
    assert_int_equal(buf_puts(&b, "hello "), 0);
    assert_int_equal(buf_printf(&b, "%s", "world"), 0);
    s = buf_detach(&b, &n);
    assert_string_equal(s, "hello world");
    assert_int_equal(n, 11);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 100);
    assert_int_equal(buf_puts(&b, "again"), 0); /* usable after detach */
    assert_string_equal(buf_str(&b), "again");
    free(s);
    buf_free(&b);
}

/* 6. The arena variant: same content and cap, memory freed with the arena. */
static void buf_6_arena(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct buf b;
    buf_init_arena(&b, a, 3000);
    for (int i = 0; i < 300; i++)
        assert_int_equal(buf_printf(&b, "%09d,", i), 0);
    assert_int_equal(b.len, 3000);
    assert_int_equal(buf_putc(&b, 'z'), -1);
    assert_true(b.failed);
    assert_memory_equal(b.p, "000000000,000000001,", 20);
    buf_reset(&b);
    assert_int_equal(buf_puts(&b, "kept"), 0);
    size_t n;
    char *s = buf_detach(&b, &n);
    assert_string_equal(s, "kept");
    assert_int_equal(n, 4);
    buf_free(&b); /* nothing to free; must not touch arena memory */
    assert_string_equal(s, "kept");
    arena_free(a);
}

struct item {
    int64_t id;
    char name[24];
};

/* 7. vec_grow: many growths keep elements, the cap in elements is exact, and
** element sizes whose product overflows are refused with p untouched. */
static void buf_7_vec(void **state)
{
    (void)state;
    struct item *v = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 1000; n++) {
        struct item *bigger = vec_grow(v, &cap, n + 1, sizeof *v, 1000);
        assert_non_null(bigger);
        v = bigger;
        assert_true(cap >= n + 1 && cap <= 1000);
        v[n].id = (int64_t)n;
        snprintf(v[n].name, sizeof v[n].name, "item-%zu", n);
    }
    assert_int_equal(cap, 1000); /* clamped to the cap, not 1024 */
    for (size_t i = 0; i < 1000; i++) {
        assert_int_equal(v[i].id, (int64_t)i);
        char want[24];
        snprintf(want, sizeof want, "item-%zu", i);
        assert_string_equal(v[i].name, want);
    }
    assert_ptr_equal(vec_grow(v, &cap, 1000, sizeof *v, 1000), v); /* room: same array */
    assert_null(vec_grow(v, &cap, 1001, sizeof *v, 1000));         /* over the cap */
    assert_int_equal(cap, 1000);
    assert_null(vec_grow(v, &cap, SIZE_MAX / 8, sizeof *v, SIZE_MAX)); /* bytes overflow */
    assert_int_equal(cap, 1000);
    assert_int_equal(v[999].id, 999); /* still the caller's, intact */
    free(v);

    /* first growth from nothing */
    int *w = NULL;
    cap = 0;
    w = vec_grow(w, &cap, 1, sizeof *w, 5);
    assert_non_null(w);
    assert_int_equal(cap, 5); /* 16 clamped to max */
    free(w);
}

/* 8. vec_grow_arena copies the first len elements into each new array. */
static void buf_8_vec_arena(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    int64_t *v = NULL;
    size_t cap = 0, n = 0;
    for (; n < 5000; n++) {
        if (n == cap) {
            int64_t *bigger = vec_grow_arena(a, v, n, &cap, n + 1, sizeof *v, 5000);
            assert_non_null(bigger);
            v = bigger;
        }
        v[n] = (int64_t)n * 7;
    }
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i], (int64_t)i * 7);
    assert_int_equal(cap, 5000);
    assert_null(vec_grow_arena(a, v, n, &cap, n + 1, sizeof *v, 5000));
    assert_null(vec_grow_arena(a, v, n, &cap, SIZE_MAX / 4, sizeof *v, SIZE_MAX));
    assert_int_equal(cap, 5000);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_1_many_growths),
        cmocka_unit_test(buf_2_cap_exact_and_sticky),
        cmocka_unit_test(buf_3_overflow),
        cmocka_unit_test(buf_4_printf),
        cmocka_unit_test(buf_5_detach),
        cmocka_unit_test(buf_6_arena),
        cmocka_unit_test(buf_7_vec),
        cmocka_unit_test(buf_8_vec_arena),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
