/* Per-request bump allocator with deferred cleanups.
** Everything a request allocates comes from its arena and dies with it;
** foreign objects (json_t, statements) are tied to it with arena_defer(). */
#ifndef LOKET_ARENA_H
#define LOKET_ARENA_H

#include <stddef.h>
#include <stdarg.h>

struct arena;

typedef void arena_fn(void *p);

/* Returns a new arena; aborts on OOM. Free with arena_free(). */
struct arena *arena_new(void);
/* Runs the deferred functions in LIFO order, then frees all memory. NULL ok. */
void arena_free(struct arena *a);
/* Zeroed memory that lives until arena_free(); never NULL (aborts on OOM). */
void *arena_alloc(struct arena *a, size_t n);
/* Like arena_alloc, but not zeroed: for memory the caller writes before
** reading it (http/server.c: a request's 8 KB of error text). */
void *arena_alloc_raw(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Calls fn(p) when the arena is freed (LIFO). */
void arena_defer(struct arena *a, arena_fn *fn, void *p);
/* Bytes handed out so far (for tests and limits). */
size_t arena_used(const struct arena *a);

#endif
