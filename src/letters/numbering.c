/* The letter-number pattern language (see numbering.h): one pass that
** checks and, given a buffer, formats. */
#include "letters/numbering.h"
#include "letters/words.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int fail(struct letter_pattern_error *e, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct letter_pattern_error *e, size_t at, const char *fmt, ...)
{
    if (e) {
        e->column = (int)at + 1;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

struct out {
    char *p;
    size_t len, n;
    bool over;
};

static void put(struct out *o, const char *s, size_t k)
{
    if (!o->p)
        return;
    if (o->n + k + 1 > o->len) {
        o->over = true;
        return;
    }
    memcpy(o->p + o->n, s, k);
    o->n += k;
    o->p[o->n] = '\0';
}

static void putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct out *o, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(o, tmp, k > 0 ? (size_t)k : 0);
}

static bool is(const char *name, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(name, word, n) == 0;
}

/* One token body name[0..n) (between the braces) at offset at. */
static int token(const char *name, size_t n, size_t at, const struct letter_number_vars *v,
                 struct out *o, bool *has_seq, struct letter_pattern_error *e)
{
    const char *colon = memchr(name, ':', n);
    size_t base = colon ? (size_t)(colon - name) : n;
    int width = 0;
    if (colon) {
        size_t wl = n - base - 1;
        if (wl != 1 || colon[1] < '1' || colon[1] > '9')
            return fail(e, at, "the width after ':' must be one digit 1-9");
        width = colon[1] - '0';
    }
    if (is(name, base, "seq")) {
        *has_seq = true;
        if (v)
            putf(o, "%0*lld", width, (long long)v->seq);
    } else if (is(name, base, "month")) {
        if (width && width != 2)
            return fail(e, at, "{month} takes no width or :2");
        if (v)
            putf(o, width ? "%02d" : "%d", v->month);
    } else if (is(name, base, "year")) {
        if (width && width != 2)
            return fail(e, at, "{year} takes no width or :2");
        if (v)
            putf(o, "%0*d", width ? 2 : 4, width ? v->year % 100 : v->year);
    } else if (is(name, base, "month_roman") || is(name, base, "unit") ||
               is(name, base, "kind")) {
        if (colon)
            return fail(e, at, "{%.*s} takes no width", (int)base, name);
        const char *s = !v                         ? ""
                        : is(name, base, "unit")   ? (v->unit ? v->unit : "")
                        : is(name, base, "kind")   ? (v->kind ? v->kind : "")
                                                   : words_month_roman(v->month);
        put(o, s, strlen(s));
    } else {
        return fail(e, at,
                    "unknown token {%.*s} (seq, unit, kind, month, month_roman, year)",
                    (int)(n > 32 ? 32 : n), name);
    }
    return 0;
}

static int walk(const char *pat, const struct letter_number_vars *v, struct out *o,
                struct letter_pattern_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
    if (!pat || !*pat)
        return fail(e, 0, "the pattern is empty");
    size_t len = strlen(pat);
    if (len > LETTER_PATTERN_MAX)
        return fail(e, LETTER_PATTERN_MAX, "the pattern is longer than %d bytes",
                    LETTER_PATTERN_MAX);
    bool has_seq = false;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)pat[i];
        if (c < 0x20 || c == 0x7f)
            return fail(e, i, "control characters are not allowed");
        if (c == '}')
            return fail(e, i, "'}' without '{'");
        if (c != '{') {
            size_t j = i;
            while (j < len && pat[j] != '{' && pat[j] != '}' && (unsigned char)pat[j] >= 0x20 &&
                   pat[j] != 0x7f)
                j++;
            put(o, pat + i, j - i);
            i = j;
            continue;
        }
        const char *close = memchr(pat + i + 1, '}', len - i - 1);
        const char *open = memchr(pat + i + 1, '{', len - i - 1);
        if (!close || (open && open < close))
            return fail(e, i, "'{' is not closed by '}'");
        if (token(pat + i + 1, (size_t)(close - pat - i - 1), i, v, o, &has_seq, e) != 0)
            return -1;
        i = (size_t)(close - pat) + 1;
    }
    if (!has_seq)
        return fail(e, 0, "the pattern needs {seq}, or two letters would share a number");
    if (o->over)
        return fail(e, 0, "the number is too long");
    return 0;
}

int letter_pattern_check(const char *pat, struct letter_pattern_error *e)
{
    struct out o = {0};
    return walk(pat, NULL, &o, e);
}

int letter_number_format(const char *pat, const struct letter_number_vars *v, char *buf,
                         size_t len, struct letter_pattern_error *e)
{
    if (!len)
        return fail(e, 0, "no room");
    buf[0] = '\0';
    struct out o = {buf, len, 0, false};
    int rc = walk(pat, v, &o, e);
    if (rc != 0)
        buf[0] = '\0';
    return rc;
}
