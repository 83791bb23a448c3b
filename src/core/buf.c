/* Growable buffers with a hard cap (see buf.h). */
#include "core/buf.h"
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Smallest allocation of a buffer: most answers and lines fit, and growing
** from here costs a handful of doublings at most. */
static const size_t BUF_FIRST = 256;
static const size_t VEC_FIRST = 16;

/* Capacity >= need, doubling from cap (first when cap is 0), clamped to max
** so that exactly max is reachable. Requires need <= max. */
static size_t next_cap(size_t cap, size_t need, size_t first, size_t max)
{
    size_t c = cap ? cap : first;
    if (c > max)
        c = max;
    while (c < need)
        c = c > max / 2 ? max : c * 2;
    return c;
}

/* ---- bytes --------------------------------------------------------------- */

void buf_init(struct buf *b, size_t max)
{
    *b = (struct buf){.max = max};
}

void buf_init_arena(struct buf *b, struct arena *a, size_t max)
{
    *b = (struct buf){.max = max, .a = a};
}

int buf_reserve(struct buf *b, size_t n)
{
    if (b->failed)
        return -1;
    /* len <= max always holds, so max - len cannot wrap; the extra test
    ** keeps len + n + 1 (the NUL) from wrapping when max is SIZE_MAX */
    if (n > b->max - b->len || b->len + n == SIZE_MAX) {
        b->failed = true;
        return -1;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    size_t limit = b->max == SIZE_MAX ? SIZE_MAX : b->max + 1;
    size_t cap = next_cap(b->cap, need, BUF_FIRST, limit);
    char *p;
    if (b->a) {
        p = arena_alloc(b->a, cap);
        if (b->len)
            memcpy(p, b->p, b->len);
    } else {
        p = realloc(b->p, cap);
        if (!p) {
            b->failed = true;
            return -1;
        }
    }
    p[b->len] = '\0';
    b->p = p;
    b->cap = cap;
    return 0;
}

int buf_append(struct buf *b, const void *s, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int buf_puts(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_putc(struct buf *b, char c)
{
    return buf_append(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return -1;
    va_list ap2;
    va_copy(ap2, ap);
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->p + b->len : NULL, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) { /* an encoding error: treat like any other failure */
        if (b->p)
            b->p[b->len] = '\0';
        b->failed = true;
        return -1;
    }
    if ((size_t)n >= room) { /* did not fit (or nothing allocated yet) */
        if (buf_reserve(b, (size_t)n) != 0) {
            if (b->p)
                b->p[b->len] = '\0'; /* undo the partial write */
            return -1;
        }
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    } /* else it fitted, and cap <= max + 1 keeps it under the cap */
    b->len += (size_t)n;
    return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *buf_str(const struct buf *b)
{
    return b->p ? b->p : "";
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->p)
        b->p[0] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
    if (!b->failed && !b->p)
        buf_reserve(b, 0); /* an empty string, not NULL */
    char *p = b->failed ? NULL : b->p;
    if (len)
        *len = p ? b->len : 0;
    if (!p && !b->a)
        free(b->p);
    *b = (struct buf){.max = b->max, .a = b->a};
    return p;
}

void buf_free(struct buf *b)
{
    if (!b->a)
        free(b->p);
    *b = (struct buf){.max = b->max, .a = b->a};
}

/* ---- arrays -------------------------------------------------------------- */

/* New capacity in elements for need, or 0 when need > max or the byte size
** would overflow. */
static size_t vec_cap(size_t cap, size_t need, size_t elem, size_t max)
{
    if (elem == 0 || need > max)
        return 0;
    if (max > SIZE_MAX / elem)
        max = SIZE_MAX / elem;
    if (need > max)
        return 0;
    return next_cap(cap, need, VEC_FIRST, max);
}

void *vec_grow(void *p, size_t *cap, size_t need, size_t elem, size_t max)
{
    if (p && need <= *cap)
        return p;
    size_t c = vec_cap(*cap, need, elem, max);
    if (!c)
        return NULL;
    void *np = realloc(p, c * elem);
    if (!np)
        return NULL;
    *cap = c;
    return np;
}

void *vec_grow_arena(struct arena *a, void *p, size_t len, size_t *cap, size_t need, size_t elem,
                     size_t max)
{
    if (p && need <= *cap)
        return p;
    size_t c = vec_cap(*cap, need, elem, max);
    if (!c)
        return NULL;
    void *np = arena_alloc(a, c * elem);
    if (len)
        memcpy(np, p, len * elem);
    *cap = c;
    return np;
}
