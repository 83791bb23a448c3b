/* HTML to text and quoted-history removal for mail bodies (mail_text.h). */
#include "channels/mail_text.h"
#include "core/arena.h"
#include "core/buf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- growing buffer in the arena ---------------------------------------- */

/* Text made from one mail body: the body is at most a mail (64 MiB), and
** text from HTML is shorter than the HTML; past this the text is cut. */
static const size_t MAIL_TEXT_MAX = 64u << 20;

static void put(struct buf *b, const char *s, size_t n)
{
    buf_append(b, s, n); /* at the cap the text just ends there */
}

static void putc_(struct buf *b, char c)
{
    buf_putc(b, c);
}

static void put_utf8(struct buf *b, unsigned long cp)
{
    char u[4];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        put(b, u, 1);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        put(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        put(b, u, 4);
    }
}

/* ---- HTML -------------------------------------------------------------- */

static const struct {
    const char *name;
    unsigned long cp;
} entities[] = {
    {"amp", '&'},     {"lt", '<'},      {"gt", '>'},      {"quot", '"'},    {"apos", '\''},
    {"nbsp", ' '},    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"copy", 0xA9},   {"reg", 0xAE},    {"euro", 0x20AC}, {"bull", 0x2022},
    {"times", 0xD7},  {"divide", 0xF7}, {"laquo", 0xAB},  {"raquo", 0xBB},  {"middot", 0xB7},
    {"deg", 0xB0},    {"plusmn", 0xB1}, {"trade", 0x2122}, {"shy", 0xAD},
};

/* Ends the text so far with at least `want` line breaks (1 = new line,
** 2 = blank line between paragraphs); spaces before them are dropped. */
static void breaks(struct buf *b, int want)
{
    while (b->len && b->p[b->len - 1] == ' ')
        b->p[--b->len] = '\0';
    int have = 0;
    while (have < (int)b->len && b->p[b->len - 1 - (size_t)have] == '\n')
        have++;
    if (!b->len)
        return; /* nothing written yet: no leading breaks */
    for (; have < want; have++)
        putc_(b, '\n');
}

/* Decodes the entity at p (just after '&'); returns bytes consumed or 0. */
static size_t entity(struct buf *b, const char *p)
{
    size_t i = 0;
    if (p[0] == '#') {
        bool hex = p[1] == 'x' || p[1] == 'X';
        char *end;
        unsigned long cp = strtoul(p + 1 + hex, &end, hex ? 16 : 10);
        if (end == p + 1 + hex || end - p > 10)
            return 0;
        put_utf8(b, cp);
        return (size_t)(end - p) + (*end == ';');
    }
    while (isalnum((unsigned char)p[i]) && i < 10)
        i++;
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++)
        if (strlen(entities[k].name) == i && !strncmp(p, entities[k].name, i)) {
            put_utf8(b, entities[k].cp);
            return i + (p[i] == ';');
        }
    return 0;
}

static bool tag_is(const char *name, size_t n, const char *const *set)
{
    for (; *set; set++)
        if (strlen(*set) == n && !strncasecmp(name, *set, n))
            return true;
    return false;
}

char *mail_html_to_text(struct arena *a, const char *html)
{
    static const char *const paras[] = {"p",  "h1", "h2",    "h3", "h4", "h5", "h6",
                                        "ul", "ol", "table", "hr", "pre", NULL};
    static const char *const lines[] = {"div", "li", "tr", "dt", "dd", NULL};
    static const char *const hidden[] = {"head", "style", "script", "blockquote", "title", NULL};
    struct buf b;
    buf_init_arena(&b, a, MAIL_TEXT_MAX);
    put(&b, "", 0);
    const char *p = html;
    int skip = 0;          /* depth inside hidden elements */
    bool space = true;     /* last output was white space */
    while (*p) {
        if (*p == '<') {
            if (!strncmp(p, "<!--", 4)) {
                const char *e = strstr(p + 4, "-->");
                p = e ? e + 3 : p + strlen(p);
                continue;
            }
            const char *q = p + 1;
            bool closing = *q == '/';
            q += closing;
            const char *name = q;
            while (isalnum((unsigned char)*q))
                q++;
            size_t n = (size_t)(q - name);
            const char *end = strchr(q, '>');
            if (!end)
                break;
            bool self = end > p && end[-1] == '/';
            if (n && tag_is(name, n, hidden) && !self)
                skip += closing ? (skip > 0 ? -1 : 0) : 1;
            else if (!skip && n == 2 && !strncasecmp(name, "br", 2)) {
                while (b.len && b.p[b.len - 1] == ' ')
                    b.p[--b.len] = '\0';
                putc_(&b, '\n');
                space = true;
            } else if (!skip && n && (tag_is(name, n, paras) || tag_is(name, n, lines))) {
                breaks(&b, tag_is(name, n, paras) ? 2 : 1);
                space = true;
                if (n == 2 && !strncasecmp(name, "li", 2) && !closing)
                    put(&b, "- ", 2);
            } else if (!skip && n == 2 && !strncasecmp(name, "td", 2) && closing) {
                putc_(&b, ' ');
            }
            p = end + 1;
            continue;
        }
        if (skip) {
            p++;
            continue;
        }
        if (*p == '&') {
            size_t used = entity(&b, p + 1);
            if (used) {
                p += 1 + used;
                space = false;
                continue;
            }
        }
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            if (!space)
                putc_(&b, ' ');
            space = true;
            p++;
            continue;
        }
        putc_(&b, *p++);
        space = false;
    }
    /* Collapse: no spaces at line starts, at most one blank line in a row. */
    struct buf o;
    buf_init_arena(&o, a, MAIL_TEXT_MAX);
    put(&o, "", 0);
    int newlines = 2;
    for (size_t i = 0; i < b.len; i++) {
        char c = b.p[i];
        if (c == '\n') {
            while (o.len && o.p[o.len - 1] == ' ')
                o.p[--o.len] = '\0';
            if (newlines < 2)
                putc_(&o, '\n');
            newlines++;
            continue;
        }
        if (c == ' ' && newlines)
            continue;
        newlines = 0;
        putc_(&o, c);
    }
    while (o.len && (o.p[o.len - 1] == '\n' || o.p[o.len - 1] == ' '))
        o.p[--o.len] = '\0';
    return o.p;
}

/* ---- quoted history ------------------------------------------------------ */

static bool starts(const char *line, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !strncasecmp(line, prefix, k);
}

static bool ends(const char *line, size_t n, const char *suffix)
{
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
        n--;
    size_t k = strlen(suffix);
    return n >= k && !strncasecmp(line + n - k, suffix, k);
}

struct line {
    const char *s;
    size_t n;
};

static bool header_line(struct line l)
{
    static const char *const hs[] = {"Sent:", "Date:", "To:", "Subject:", "Cc:", "Dikirim:",
                                     "Tanggal:", "Kepada:", "Subjek:", "Perihal:", "Terkirim:",
                                     NULL};
    for (size_t i = 0; hs[i]; i++)
        if (starts(l.s, l.n, hs[i]))
            return true;
    return false;
}

static bool from_line(struct line l)
{
    return starts(l.s, l.n, "From:") || starts(l.s, l.n, "Dari:");
}

char *mail_strip_quotes(struct arena *a, const char *text)
{
    size_t cap = 64, n = 0;
    struct line *ls = arena_alloc(a, cap * sizeof *ls);
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (n == cap) {
            struct line *nl = vec_grow_arena(a, ls, n, &cap, n + 1, sizeof *ls, SIZE_MAX);
            if (!nl)
                break; /* only a size_t overflow: the rest is not read */
            ls = nl;
        }
        ls[n++] = (struct line){p, len};
        p += len + (e != NULL);
    }
    size_t cut = n;
    for (size_t i = 0; i < n && cut == n; i++) {
        struct line l = ls[i];
        const char *s = l.s;
        size_t len = l.n;
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        struct line t = {s, len};
        bool next_wrote = i + 1 < n && (ends(ls[i + 1].s, ls[i + 1].n, "wrote:") ||
                                        ends(ls[i + 1].s, ls[i + 1].n, "menulis:"));
        if ((starts(s, len, "On ") && (ends(s, len, "wrote:") || next_wrote)) ||
            (starts(s, len, "Pada ") && (ends(s, len, "menulis:") || next_wrote)))
            cut = i;
        else if (starts(s, len, "-----Original Message-----") ||
                 starts(s, len, "-----Pesan Asli-----") ||
                 starts(s, len, "-----Pesan Awal-----"))
            cut = i;
        else if (from_line(t)) {
            /* An Outlook header block: two more header lines follow soon. */
            int seen = 0;
            for (size_t k = i + 1; k < n && k <= i + 5; k++)
                seen += header_line(ls[k]);
            if (seen >= 2) {
                cut = i;
                /* Outlook's rule of underscores just above belongs to it. */
                size_t j = i;
                while (j > 0 && ls[j - 1].n == 0)
                    j--;
                if (j > 0 && ls[j - 1].n >= 10 && ls[j - 1].s[0] == '_')
                    cut = j - 1;
            }
        } else if (l.n == 3 && !strncmp(l.s, "-- ", 3))
            cut = i;
    }
    struct buf o;
    buf_init_arena(&o, a, MAIL_TEXT_MAX);
    put(&o, "", 0);
    for (size_t i = 0; i < cut; i++) {
        if (ls[i].n && ls[i].s[0] == '>')
            continue;
        size_t len = ls[i].n;
        while (len && (ls[i].s[len - 1] == ' ' || ls[i].s[len - 1] == '\t'))
            len--;
        if (!len && (!o.len || o.p[o.len - 1] == '\n') && o.len >= 2 && o.p[o.len - 2] == '\n')
            continue; /* at most one blank line */
        if (!len && !o.len)
            continue; /* no leading blank lines */
        put(&o, ls[i].s, len);
        putc_(&o, '\n');
    }
    while (o.len && (o.p[o.len - 1] == '\n' || o.p[o.len - 1] == ' '))
        o.p[--o.len] = '\0';
    return o.p;
}
