/* md4c-html with raw HTML disabled, plus a pass over the output that
** neutralises dangerous URL schemes (md4c-html keeps hrefs as written). */
#include "core/markdown.h"
#include "core/arena.h"

#include <stdbool.h>
#include <md4c-html.h>
#include <md4c.h>
#include <string.h>

struct out {
    struct arena *a;
    char *buf;
    size_t len, cap;
};

static void append(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    struct out *o = userdata;
    if (o->len + size + 1 > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 1024;
        while (cap < o->len + size + 1)
            cap *= 2;
        char *nb = arena_alloc(o->a, cap);
        if (o->len)
            memcpy(nb, o->buf, o->len);
        o->buf = nb;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, text, size);
    o->len += size;
    o->buf[o->len] = 0;
}

/* Allowed: http:, https:, mailto:, and relative URLs (no ':' before the
** first '/', '?' or '#'). md4c has already decoded entities, so
** "javascript&#58;" arrives here as "javascript:". */
static bool safe_url(const char *u, size_t n)
{
    size_t colon = strcspn(u, ":/?#\"");
    if (colon >= n || u[colon] != ':')
        return true;
    return (colon == 4 && strncasecmp(u, "http", 4) == 0) ||
           (colon == 5 && strncasecmp(u, "https", 5) == 0) ||
           (colon == 6 && strncasecmp(u, "mailto", 6) == 0);
}

static void neutralise(char *html, const char *attr)
{
    size_t alen = strlen(attr);
    for (char *p = strstr(html, attr); p; p = strstr(p + alen, attr)) {
        char *v = p + alen, *end = strchr(v, '"');
        if (!end)
            return;
        if (!safe_url(v, (size_t)(end - v))) {
            memmove(v + 1, end, strlen(end) + 1);
            v[0] = '#';
        }
    }
}

char *markdown_to_html(struct arena *a, const char *md)
{
    struct out o = {a, NULL, 0, 0};
    append("", 0, &o);
    unsigned flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
                     MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_TASKLISTS;
    if (md_html(md, (MD_SIZE)strlen(md), append, &o, flags, 0) != 0)
        return NULL;
    neutralise(o.buf, "href=\"");
    neutralise(o.buf, "src=\"");
    return o.buf;
}
