/* The mustache-subset renderer (see tmpl.h). One recursive pass over the
** source both checks and renders: a section that is not shown is still
** walked with output off, so every error is found whatever the data. */
#include "notify/tmpl.h"
#include "core/buf.h"
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
    char *p;
    size_t n, cap;
};

struct rd {
    const char *src;
    size_t len;
    const json_t *stack[TMPL_MAX_NEST + 2];
    int depth;          /* entries in stack */
    bool html;
    long steps;
    struct out o;
    int rc;             /* first error kind */
    struct tmpl_error *e;
};

enum tag_kind { T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT };

struct tag {
    enum tag_kind kind;
    size_t at;          /* offset of "{{" */
    size_t end;         /* offset after the closing braces */
    const char *name;
    size_t name_len;
};

/* ---- errors ------------------------------------------------------------ */

/* Fills the error with the 1-based line and UTF-8 column of offset at. */
static int fail(struct rd *r, int kind, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(struct rd *r, int kind, size_t at, const char *fmt, ...)
{
    if (r->rc)
        return r->rc; /* keep the first error */
    r->rc = kind;
    if (!r->e)
        return kind;
    int line = 1, col = 1;
    for (size_t i = 0; i < at && i < r->len; i++) {
        unsigned char c = (unsigned char)r->src[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++;
        }
    }
    r->e->line = line;
    r->e->column = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->e->msg, sizeof r->e->msg, fmt, ap);
    va_end(ap);
    return kind;
}

/* ---- output ------------------------------------------------------------ */

static int put(struct rd *r, const char *s, size_t n)
{
    if (r->o.n + n > TMPL_MAX_OUT)
        return fail(r, ERR_TOO_LARGE, 0, "output larger than %d bytes", TMPL_MAX_OUT);
    if (r->o.n + n + 1 > r->o.cap) {
        char *p = vec_grow(r->o.p, &r->o.cap, r->o.n + n + 1, 1, (size_t)TMPL_MAX_OUT + 1);
        if (!p)
            return fail(r, ERR_INTERNAL, 0, "out of memory");
        r->o.p = p;
    }
    memcpy(r->o.p + r->o.n, s, n);
    r->o.n += n;
    r->o.p[r->o.n] = '\0';
    return 0;
}

static int put_escaped(struct rd *r, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        if (put(r, s + from, i - from) != 0 || put(r, rep, strlen(rep)) != 0)
            return r->rc;
        from = i + 1;
    }
    return put(r, s + from, n - from);
}

/* ---- values ------------------------------------------------------------ */

static const json_t *member(const json_t *obj, const char *name, size_t n)
{
    if (!json_is_object(obj))
        return NULL;
    char key[128];
    if (n >= sizeof key)
        return NULL;
    memcpy(key, name, n);
    key[n] = '\0';
    return json_object_get(obj, key);
}

/* Mustache lookup: "." is the top of the stack; the first part of a dotted
** name is searched from the innermost context outwards, the rest walk in. */
static const json_t *lookup(const struct rd *r, const char *name, size_t n)
{
    if (n == 1 && name[0] == '.')
        return r->depth ? r->stack[r->depth - 1] : NULL;
    const char *dot = memchr(name, '.', n);
    size_t first = dot ? (size_t)(dot - name) : n;
    const json_t *v = NULL;
    for (int i = r->depth - 1; i >= 0 && !v; i--)
        v = member(r->stack[i], name, first);
    while (v && dot) {
        const char *part = dot + 1;
        size_t rest = n - (size_t)(part - name);
        dot = memchr(part, '.', rest);
        v = member(v, part, dot ? (size_t)(dot - part) : rest);
    }
    return v;
}

static bool truthy(const json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return false;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    return true;
}

static int put_value(struct rd *r, const json_t *v, bool escape)
{
    char num[64];
    const char *s = NULL;
    size_t n = 0;
    if (json_is_string(v)) {
        s = json_string_value(v);
        n = json_string_length(v);
    } else if (json_is_integer(v)) {
        n = (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        s = num;
    } else if (json_is_real(v)) {
        n = (size_t)snprintf(num, sizeof num, "%g", json_real_value(v));
        s = num;
    } else if (json_is_true(v)) {
        s = "true";
        n = 4;
    }
    if (!s)
        return 0; /* missing, null, false, objects and arrays print nothing */
    return escape ? put_escaped(r, s, n) : put(r, s, n);
}

/* ---- tags -------------------------------------------------------------- */

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
}

static const char *find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* Parses the tag starting at r->src[at] ("{{"). */
static int parse_tag(struct rd *r, size_t at, struct tag *t)
{
    const char *s = r->src, *body = s + at + 2;
    size_t left = r->len - at - 2;
    t->at = at;
    const char *close;
    if (left > 0 && body[0] == '{') {
        close = find(body + 1, left - 1, "}}}");
        if (!close)
            return fail(r, ERR_INVALID, at, "unclosed tag: '{{{' without '}}}'");
        t->kind = T_RAW;
        body++;
        t->end = (size_t)(close - s) + 3;
    } else {
        close = find(body, left, "}}");
        if (!close)
            return fail(r, ERR_INVALID, at, "unclosed tag: '{{' without '}}'");
        t->end = (size_t)(close - s) + 2;
        t->kind = T_VAR;
        if (body < close) {
            switch (*body) {
            case '#': t->kind = T_SECTION; break;
            case '^': t->kind = T_INVERTED; break;
            case '/': t->kind = T_CLOSE; break;
            case '!': t->kind = T_COMMENT; break;
            case '&': t->kind = T_RAW; break;
            case '>':
                return fail(r, ERR_INVALID, at, "partials ({{>name}}) are not supported");
            case '=':
                return fail(r, ERR_INVALID, at, "delimiter changes ({{=...=}}) are not supported");
            case '{':
            case '}':
                return fail(r, ERR_INVALID, at, "unexpected '%c' in tag", *body);
            default: break;
            }
            if (t->kind != T_VAR)
                body++;
        }
    }
    if (t->kind == T_COMMENT)
        return 0;
    while (body < close && (*body == ' ' || *body == '\t'))
        body++;
    const char *end = close;
    while (end > body && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (body == end)
        return fail(r, ERR_INVALID, at, "empty tag name");
    for (const char *p = body; p < end; p++)
        if (!name_char(*p))
            return fail(r, ERR_INVALID, at,
                        "invalid character in tag name (letters, digits, '_', '-', '.')");
    t->name = body;
    t->name_len = (size_t)(end - body);
    if (t->name_len > 100)
        return fail(r, ERR_INVALID, at, "tag name longer than 100 characters");
    return 0;
}

/* ---- the walk ---------------------------------------------------------- */

static int block(struct rd *r, size_t i, bool emit, const struct tag *open, size_t *end);

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* Start of the whitespace that precedes offset at on its line (not before
** offset from, where the current run of text began). */
static size_t line_start(const struct rd *r, size_t from, size_t at)
{
    while (at > from && blank(r->src[at - 1]))
        at--;
    return at;
}

/* Mustache "standalone" tags: a section, inverted, close or comment tag
** alone on its line takes the whole line with it (indentation and newline),
** so templates can put {{#x}} on a line of its own without leaving blank
** lines behind. On success t->end is moved past the newline. */
static bool standalone(const struct rd *r, size_t from, struct tag *t)
{
    if (t->kind == T_VAR || t->kind == T_RAW)
        return false;
    size_t s = line_start(r, from, t->at);
    if (s != 0 && r->src[s - 1] != '\n')
        return false;
    size_t e = t->end;
    while (e < r->len && blank(r->src[e]))
        e++;
    if (e < r->len && r->src[e] == '\r' && e + 1 < r->len && r->src[e + 1] == '\n')
        e++;
    if (e < r->len && r->src[e] != '\n')
        return false;
    t->end = e < r->len ? e + 1 : e;
    return true;
}

/* Renders (or skips) one section whose opening tag is t; *end is set past
** its closing tag. */
static int section(struct rd *r, const struct tag *t, bool emit, size_t *end)
{
    if (r->depth > TMPL_MAX_NEST)
        return fail(r, ERR_INVALID, t->at, "sections nested deeper than %d", TMPL_MAX_NEST);
    const json_t *v = emit ? lookup(r, t->name, t->name_len) : NULL;
    bool show = emit && (t->kind == T_INVERTED ? !truthy(v) : truthy(v));
    if (!show || t->kind == T_INVERTED) {
        r->stack[r->depth++] = NULL; /* keeps the nesting count honest */
        int rc = block(r, t->end, show, t, end);
        r->depth--;
        return rc;
    }
    if (json_is_array(v)) {
        for (size_t k = 0; k < json_array_size(v); k++) {
            r->stack[r->depth++] = json_array_get(v, k);
            int rc = block(r, t->end, true, t, end);
            r->depth--;
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    r->stack[r->depth++] = v;
    int rc = block(r, t->end, true, t, end);
    r->depth--;
    return rc;
}

/* Walks from offset i to the close of `open` (or the end of the source when
** open is NULL), emitting output when emit is set. */
static int block(struct rd *r, size_t i, bool emit, const struct tag *open, size_t *end)
{
    for (;;) {
        const char *next = find(r->src + i, r->len - i, "{{");
        if (!next) {
            if (open)
                return fail(r, ERR_INVALID, open->at, "section '%.*s' is never closed",
                            (int)open->name_len, open->name);
            if (emit && r->len > i && put(r, r->src + i, r->len - i) != 0)
                return r->rc;
            *end = r->len;
            return 0;
        }
        size_t at = (size_t)(next - r->src);
        if (++r->steps > TMPL_MAX_STEPS)
            return fail(r, ERR_TOO_LARGE, at, "template does too much work");
        struct tag t;
        if (parse_tag(r, at, &t) != 0)
            return r->rc;
        size_t text_end = standalone(r, i, &t) ? line_start(r, i, at) : at;
        if (emit && text_end > i && put(r, r->src + i, text_end - i) != 0)
            return r->rc;
        i = t.end;
        switch (t.kind) {
        case T_COMMENT:
            break;
        case T_VAR:
        case T_RAW:
            if (emit && put_value(r, lookup(r, t.name, t.name_len),
                                  t.kind == T_VAR && r->html) != 0)
                return r->rc;
            break;
        case T_CLOSE:
            if (!open)
                return fail(r, ERR_INVALID, at, "'{{/%.*s}}' closes no open section",
                            (int)t.name_len, t.name);
            if (t.name_len != open->name_len || memcmp(t.name, open->name, t.name_len) != 0)
                return fail(r, ERR_INVALID, at, "'{{/%.*s}}' does not match open section '%.*s'",
                            (int)t.name_len, t.name, (int)open->name_len, open->name);
            *end = t.end;
            return 0;
        case T_SECTION:
        case T_INVERTED:
            if (section(r, &t, emit, &i) != 0)
                return r->rc;
            break;
        }
    }
}

static int run(const char *src, size_t len, const json_t *ctx, bool html, bool emit,
               struct rd *r, struct tmpl_error *e)
{
    memset(r, 0, sizeof *r);
    r->src = src ? src : "";
    r->len = src ? len : 0;
    r->html = html;
    r->e = e;
    if (e)
        memset(e, 0, sizeof *e);
    r->stack[r->depth++] = ctx;
    size_t end;
    if (block(r, 0, emit, NULL, &end) != 0)
        return r->rc;
    return emit ? put(r, "", 0) : 0; /* an empty result is still a string */
}

int tmpl_check(const char *src, size_t len, struct tmpl_error *e)
{
    struct rd r;
    int rc = run(src, len, NULL, false, false, &r, e);
    free(r.o.p);
    return rc;
}

int tmpl_render(const char *src, size_t len, const json_t *ctx, bool html, char **out,
                size_t *out_len, struct tmpl_error *e)
{
    struct rd r;
    int rc = run(src, len, ctx, html, true, &r, e);
    if (rc != 0) {
        free(r.o.p);
        *out = NULL;
        return rc;
    }
    *out = r.o.p;
    if (out_len)
        *out_len = r.o.n;
    return 0;
}
