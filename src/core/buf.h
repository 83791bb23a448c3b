/* Growable buffers with a hard cap (issue 18 item 6).
**
** struct buf is a byte string that grows by doubling, never past `max`
** content bytes, and always keeps a NUL after the content. Any failure
** (the cap, size_t overflow, malloc failing) sets the sticky `failed`
** flag and every later append is a no-op, so a caller appends freely and
** checks once at the end, as SQLite's StrAccum and curl's dynbuf do.
** A buf either owns malloc'ed memory (buf_init; release with buf_free or
** buf_detach) or lives in a request arena (buf_init_arena; nothing to free,
** and OOM aborts as arena_alloc does, so only the cap can fail).
**
** vec_grow / vec_grow_arena do the same arithmetic for arrays of fixed-size
** elements (the `items` arrays the store fills row by row).
*/
#ifndef LOKET_CORE_BUF_H
#define LOKET_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct arena;

struct buf {
    char *p;         /* content + NUL once anything was reserved; else NULL */
    size_t len;      /* content bytes */
    size_t cap;      /* bytes allocated, the NUL's byte included */
    size_t max;      /* most content bytes allowed */
    struct arena *a; /* NULL: p is malloc'ed and owned by the buf */
    bool failed;     /* sticky: the cap was hit, a size overflowed or OOM */
};

/* An empty malloc-backed buffer of at most max content bytes. Allocates
** nothing until the first append. */
void buf_init(struct buf *b, size_t max);
/* An empty buffer whose memory comes from arena a (freed with it). */
void buf_init_arena(struct buf *b, struct arena *a, size_t max);

/* Room for n more content bytes (plus the NUL), growing by doubling.
** Returns 0, or -1 with b->failed set when len + n > max, the size
** overflows, or malloc fails; the content is kept either way. */
int buf_reserve(struct buf *b, size_t n);
/* Append n bytes / a C string / one byte / formatted text. 0 or -1 as
** buf_reserve; after a failure nothing more is appended (sticky). A failed
** append leaves the content as it was before that call. */
int buf_append(struct buf *b, const void *s, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* The content as a C string ("" when nothing was appended). Borrowed. */
const char *buf_str(const struct buf *b);
/* Empties the buffer and clears the failure; keeps the memory. */
void buf_reset(struct buf *b);
/* Hands the content to the caller and leaves b empty (as after init, same
** max). Returns NULL after a failure (the memory is released). Otherwise a
** NUL-terminated string the caller must free() (malloc-backed) or that lives
** in the arena; *len (may be NULL) gets its length. */
char *buf_detach(struct buf *b, size_t *len);
/* Releases malloc'ed memory (nothing for an arena buffer); b is then empty. */
void buf_free(struct buf *b);

/* Array growth: returns an array with room for at least `need` elements of
** `elem` bytes, doubling *cap (16 elements the first time), never past max
** elements; *cap is updated. Returns NULL when need > max, the byte size
** overflows size_t, or realloc fails; then p and *cap are unchanged and p is
** still the caller's to free. p may be NULL (with *cap 0). */
void *vec_grow(void *p, size_t *cap, size_t need, size_t elem, size_t max);
/* The same in an arena: copies the first len elements into the new array
** (the old one stays in the arena until it is freed). NULL only when need >
** max or the size overflows. */
void *vec_grow_arena(struct arena *a, void *p, size_t len, size_t *cap, size_t need,
                     size_t elem, size_t max);

#endif
