/* A quick reader for plain JSON request bodies (json_fast.h). jansson's
** lexer reads a character at a time through a stream with look-ahead and
** a growing buffer, about 150 instructions a byte: 33k of the 41k that
** parsing a booking's 330-byte body cost an HTTP thread (callgrind,
** bench/README.md, appointments, seventh pass). Most bodies are plain:
** ASCII strings without escapes, small integers, objects and arrays. This
** reads exactly those and builds the values with jansson's own
** constructors, in the same order, so the result is the json_t that
** json_loadb gives; anything else, valid or not, is declined and left to
** jansson, which also words every error. fuzz-json compares the two on
** every input it generates. */
#include "core/json_fast.h"

#include <stdbool.h>
#include <stdint.h>

enum { MAX_DEPTH = 32, MAX_DIGITS = 18 };

struct rd {
    const char *p, *end;
};

static void ws(struct rd *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

/* A string's bytes after its opening quote, up to its closing one: only
** printable ASCII without a backslash (jansson takes those as they are). */
static bool str(struct rd *r, const char **s, size_t *n)
{
    const char *q = r->p;
    while (q < r->end && *q != '"') {
        unsigned char c = (unsigned char)*q;
        if (c < 0x20 || c > 0x7e || c == '\\')
            return false;
        q++;
    }
    if (q == r->end)
        return false;
    *s = r->p;
    *n = (size_t)(q - r->p);
    r->p = q + 1;
    return true;
}

static bool word(struct rd *r, const char *w, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (r->p[i] != w[i])
            return false;
    r->p += n;
    return true;
}

static json_t *value(struct rd *r, int depth);

static json_t *object(struct rd *r, int depth)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    ws(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        return o;
    }
    for (;;) {
        const char *k;
        size_t kn;
        if (r->p == r->end || *r->p != '"')
            break;
        r->p++;
        if (!str(r, &k, &kn) || json_object_getn(o, k, kn)) /* duplicates: jansson refuses */
            break;
        ws(r);
        if (r->p == r->end || *r->p != ':')
            break;
        r->p++;
        json_t *v = value(r, depth);
        if (!v || json_object_setn_new_nocheck(o, k, kn, v) != 0)
            break;
        ws(r);
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return o;
        }
        if (r->p == r->end || *r->p != ',')
            break;
        r->p++;
        ws(r);
    }
    json_decref(o);
    return NULL;
}

static json_t *array(struct rd *r, int depth)
{
    json_t *a = json_array();
    if (!a)
        return NULL;
    ws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return a;
    }
    for (;;) {
        json_t *v = value(r, depth);
        if (!v || json_array_append_new(a, v) != 0)
            break;
        ws(r);
        if (r->p < r->end && *r->p == ']') {
            r->p++;
            return a;
        }
        if (r->p == r->end || *r->p != ',')
            break;
        r->p++;
    }
    json_decref(a);
    return NULL;
}

/* An integer without fraction or exponent, without a leading zero before
** another digit, of at most MAX_DIGITS digits (no overflow). */
static json_t *integer(struct rd *r)
{
    bool neg = *r->p == '-';
    const char *q = r->p + neg, *digits = q;
    int64_t v = 0;
    while (q < r->end && *q >= '0' && *q <= '9' && q - digits < MAX_DIGITS)
        v = v * 10 + (*q++ - '0');
    size_t n = (size_t)(q - digits);
    if (!n || (n > 1 && *digits == '0'))
        return NULL;
    /* a fraction, an exponent or a 19th digit: jansson's to read */
    if (q < r->end && (*q == '.' || *q == 'e' || *q == 'E' || (*q >= '0' && *q <= '9')))
        return NULL;
    r->p = q;
    return json_integer(neg ? -v : v);
}

static json_t *value(struct rd *r, int depth)
{
    ws(r);
    if (r->p == r->end)
        return NULL;
    switch (*r->p) {
    case '{':
        if (depth >= MAX_DEPTH)
            return NULL;
        r->p++;
        return object(r, depth + 1);
    case '[':
        if (depth >= MAX_DEPTH)
            return NULL;
        r->p++;
        return array(r, depth + 1);
    case '"': {
        const char *s;
        size_t n;
        r->p++;
        return str(r, &s, &n) ? json_stringn_nocheck(s, n) : NULL;
    }
    case 't':
        return word(r, "true", 4) ? json_true() : NULL;
    case 'f':
        return word(r, "false", 5) ? json_false() : NULL;
    case 'n':
        return word(r, "null", 4) ? json_null() : NULL;
    default:
        return *r->p == '-' || (*r->p >= '0' && *r->p <= '9') ? integer(r) : NULL;
    }
}

json_t *json_fast_loadb(const char *buf, size_t len)
{
    struct rd r = {buf, buf + len};
    ws(&r);
    /* json_loadb without JSON_DECODE_ANY takes only an object or array */
    if (r.p == r.end || (*r.p != '{' && *r.p != '['))
        return NULL;
    json_t *v = value(&r, 0);
    if (!v)
        return NULL;
    ws(&r);
    if (r.p != r.end) { /* anything after the value: jansson's error */
        json_decref(v);
        return NULL;
    }
    return v;
}
