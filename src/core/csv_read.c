/* The CSV reader (core/csv_read.h): one pass, a small state machine over
** the bytes; every limit is checked before writing. */
#include "core/csv_read.h"
#include "core/arena.h"
#include "core/buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static bool utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            k = 1, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3, min = 0x10000, c &= 0x07;
        } else {
            return false;
        }
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (s[i + j] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

struct reader {
    struct arena *a;
    struct csv_table *t;
    size_t cap;
    struct csv_row row;
    char field[CSV_MAX_FIELD + 1];
    size_t flen;
    char *why;
    size_t whylen;
};

static int fail(struct reader *r, size_t line, const char *what)
{
    snprintf(r->why, r->whylen, "line %zu: %s", line, what);
    return -1;
}

static int end_field(struct reader *r, size_t line)
{
    if (r->row.n >= CSV_MAX_COLS)
        return fail(r, line, "too many columns");
    r->row.cells[r->row.n++] = arena_strndup(r->a, r->field, r->flen);
    r->flen = 0;
    return 0;
}

static int end_row(struct reader *r, size_t line)
{
    if (end_field(r, line) != 0)
        return -1;
    /* a blank line is one empty cell: skip it */
    if (!(r->row.n == 1 && !r->row.cells[0][0])) {
        if (r->t->n >= CSV_MAX_ROWS)
            return fail(r, line, "too many rows");
        if (r->t->n == r->cap) /* cannot fail: n < CSV_MAX_ROWS */
            r->t->rows = vec_grow_arena(r->a, r->t->rows, r->t->n, &r->cap, r->t->n + 1,
                                        sizeof *r->t->rows, CSV_MAX_ROWS);
        r->t->rows[r->t->n++] = r->row;
    }
    memset(&r->row, 0, sizeof r->row);
    return 0;
}

static int put(struct reader *r, size_t line, char c)
{
    if (r->flen >= CSV_MAX_FIELD)
        return fail(r, line, "a field is too long");
    r->field[r->flen++] = c;
    return 0;
}

/* Comma unless the first line has semicolons and no comma (outside quotes). */
static char separator(const char *s, size_t n)
{
    bool q = false;
    size_t commas = 0, semis = 0;
    for (size_t i = 0; i < n && (q || (s[i] != '\n' && s[i] != '\r')); i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && s[i] == ',')
            commas++;
        else if (!q && s[i] == ';')
            semis++;
    }
    return semis && !commas ? ';' : ',';
}

int csv_read(const char *buf, size_t len, struct arena *a, struct csv_table *out, char *why,
             size_t whylen)
{
    static struct reader zero;
    struct reader *r = arena_alloc(a, sizeof *r);
    *r = zero;
    r->a = a;
    r->t = out;
    r->why = why;
    r->whylen = whylen;
    out->rows = NULL;
    out->n = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        buf += 3, len -= 3;
    if (memchr(buf, 0, len))
        return fail(r, 1, "a NUL byte");
    if (!utf8_ok((const unsigned char *)buf, len))
        return fail(r, 1, "not UTF-8 text");
    char sep = separator(buf, len);
    enum { START, PLAIN, QUOTED, AFTER_QUOTE } st = START;
    size_t line = 1;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (st == START && r->row.n == 0 && r->flen == 0)
            r->row.line = line;
        bool crlf = c == '\r' && i + 1 < len && buf[i + 1] == '\n';
        bool eol = c == '\n' || (c == '\r' && !crlf);
        if (crlf && st != QUOTED)
            continue; /* the \n that follows ends the row */
        int rc = 0;
        switch (st) {
        case START:
        case PLAIN:
            if (c == '"' && st == START)
                st = QUOTED;
            else if (c == '"')
                rc = fail(r, line, "a quote inside an unquoted field");
            else if (c == sep)
                rc = end_field(r, line), st = START;
            else if (eol)
                rc = end_row(r, line), st = START;
            else
                rc = put(r, line, c), st = PLAIN;
            break;
        case QUOTED:
            if (c == '"')
                st = AFTER_QUOTE;
            else
                rc = put(r, line, c);
            break;
        case AFTER_QUOTE:
            if (c == '"')
                rc = put(r, line, '"'), st = QUOTED;
            else if (c == sep)
                rc = end_field(r, line), st = START;
            else if (eol)
                rc = end_row(r, line), st = START;
            else
                rc = fail(r, line, "text after a closing quote");
            break;
        }
        if (rc != 0)
            return -1;
        if (eol)
            line++;
    }
    if (st == QUOTED)
        return fail(r, line, "a quote is not closed");
    if (st != START || r->row.n > 0)
        return end_row(r, line);
    return 0;
}
