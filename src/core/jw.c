/* JSON text writer (see jw.h). */
#include "core/jw.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/die.h"
#include "core/timefmt.h"

#include <stdint.h>
#include <string.h>

void jw_init(struct jw *w, struct arena *a)
{
    *w = (struct jw){.a = a, .cap = 2048}; /* a ticket's answer: ~1.7 KB */
    w->buf = arena_alloc(a, w->cap);
}

static void need(struct jw *w, size_t n)
{
    if (w->len + n + 1 <= w->cap)
        return;
    /* answers are bounded by page sizes, so no cap of its own; a size that
    ** would wrap size_t is out of memory, as arena_alloc treats it */
    char *b = n < SIZE_MAX - 1 - w->len
                  ? vec_grow_arena(w->a, w->buf, w->len, &w->cap, w->len + n + 1, 1, SIZE_MAX)
                  : NULL;
    if (!b)
        die("out of memory");
    w->buf = b;
}

static void put(struct jw *w, const char *s, size_t n)
{
    need(w, n);
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void quoted(struct jw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(s);
    need(w, n + 2);
    w->buf[w->len++] = '"';
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        put(w, run, (size_t)((const char *)p - run));
        char esc[6] = {'\\', 0};
        size_t k = 2;
        switch (*p) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            k = 6;
        }
        put(w, esc, k);
        run = (const char *)p + 1;
    }
    put(w, run, strlen(run));
    put(w, "\"", 1);
}

static void key(struct jw *w, const char *k)
{
    if (w->comma)
        put(w, ",", 1);
    w->comma = true;
    if (k) { /* keys are this program's literals: nothing to escape */
        size_t n = strlen(k);
        need(w, n + 3);
        w->buf[w->len++] = '"';
        memcpy(w->buf + w->len, k, n);
        w->len += n;
        w->buf[w->len++] = '"';
        w->buf[w->len++] = ':';
    }
}

void jw_obj(struct jw *w, const char *k)
{
    key(w, k);
    put(w, "{", 1);
    w->comma = false;
}

void jw_arr(struct jw *w, const char *k)
{
    key(w, k);
    put(w, "[", 1);
    w->comma = false;
}

void jw_end(struct jw *w, char close)
{
    put(w, &close, 1);
    w->comma = true;
}

void jw_str(struct jw *w, const char *k, const char *s)
{
    key(w, k);
    if (s)
        quoted(w, s);
    else
        put(w, "null", 4);
}

/* Digits by hand: snprintf was a third of writing a ticket's ~15 numbers. */
void jw_int(struct jw *w, const char *k, int64_t v)
{
    char b[24], *p = b + sizeof b;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    key(w, k);
    put(w, p, (size_t)(b + sizeof b - p));
}

void jw_id(struct jw *w, const char *k, int64_t v)
{
    if (v)
        jw_int(w, k, v);
    else
        jw_null(w, k);
}

void jw_bool(struct jw *w, const char *k, bool v)
{
    key(w, k);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct jw *w, const char *k)
{
    key(w, k);
    put(w, "null", 4);
}

void jw_time(struct jw *w, const char *k, int64_t t)
{
    if (!t) {
        jw_null(w, k);
        return;
    }
    char b[32];
    time_fmt_iso(b, sizeof b, (time_t)t);
    jw_str(w, k, b);
}

void jw_raw(struct jw *w, const char *k, const char *json, size_t n)
{
    key(w, k);
    put(w, json, n);
}

const char *jw_text(struct jw *w, size_t *len)
{
    need(w, 0);
    w->buf[w->len] = 0;
    if (len)
        *len = w->len;
    return w->buf;
}
