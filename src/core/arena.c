/* Bump allocator in chunks; large requests get a chunk of their own. */
#include "core/arena.h"
#include "core/die.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK_SIZE = 16384, ALIGN = 16 };

struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

struct deferred {
    struct deferred *next;
    arena_fn *fn;
    void *p;
};

struct arena {
    struct chunk *head;
    struct deferred *defers;
    size_t total;
};

struct arena *arena_new(void)
{
    struct arena *a = calloc(1, sizeof *a);
    if (!a)
        die("out of memory");
    return a;
}

void arena_free(struct arena *a)
{
    if (!a)
        return;
    for (struct deferred *d = a->defers; d; d = d->next)
        d->fn(d->p);
    struct chunk *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

/* n bytes (rounded up to ALIGN), not zeroed. */
static void *bump(struct arena *a, size_t n)
{
    if (n > SIZE_MAX / 2)
        die("allocation of %zu bytes", n);
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (n == 0)
        n = ALIGN;
    struct chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
        /* A big first allocation (a request's struct) gets the usual room
        ** behind it: one malloc a request less (bench/README.md,
        ** appointments, sixth pass). */
        if (!a->head && size == n)
            size = n + CHUNK_SIZE;
        c = malloc(sizeof *c + size);
        if (!c)
            die("out of memory");
        c->size = size;
        c->used = 0;
        /* A dedicated big chunk goes behind the head so the head keeps its room. */
        if (size == n && a->head) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += n;
    a->total += n;
    return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
    void *p = bump(a, n);
    memset(p, 0, n);
    return p;
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
    return bump(a, n);
}

/* Strings are written whole: they need no zeroing first. */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *d = bump(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    if (!fmt)
        die("null format");
    /* Printed straight into the head chunk's room when it fits (the usual
    ** case): one vsnprintf instead of a measuring one and a writing one,
    ** which were a tenth of a booking's instructions (bench/README.md,
    ** appointments, fifth pass). The room is a multiple of ALIGN, so the
    ** rounded-up length still fits. */
    struct chunk *c = a->head;
    size_t room = c ? c->size - c->used : 0;
    char probe[1], *at = room ? (char *)c->data + c->used : probe;
    va_copy(ap2, ap);
    int n = vsnprintf(at, room ? room : sizeof probe, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        die("bad format");
    if ((size_t)n < room)
        return bump(a, (size_t)n + 1); /* == at: the room it was written in */
    char *d = bump(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}

void arena_defer(struct arena *a, arena_fn *fn, void *p)
{
    struct deferred *d = arena_alloc(a, sizeof *d);
    d->fn = fn;
    d->p = p;
    d->next = a->defers;
    a->defers = d;
}

size_t arena_used(const struct arena *a)
{
    return a->total;
}
