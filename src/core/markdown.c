/* md4c-html with raw HTML disabled, plus a pass over the output that
** neutralises dangerous URL schemes (md4c-html keeps hrefs as written). */
#include "core/markdown.h"
#include "core/arena.h"
#include "core/buf.h"

#include <stdbool.h>
#include <md4c-html.h>
#include <md4c.h>
#include <string.h>

/* HTML bytes a FAQ answer may render to: answers are a few KB; md4c's
** expansion of a request-sized body stays far below this. */
static const size_t MARKDOWN_MAX_HTML = 16u << 20;

static void append(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    buf_append(userdata, text, size); /* a failure is checked once, after md_html */
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

/* Walks the tags md4c wrote and checks the value of each href and src
** attribute. Only real attributes count: md4c escapes '<', '>' and '"' in
** text and in values, so a value or a text ending in "href=" cannot pass
** for an attribute (a plain search for `href="` once took the closing quote
** of such a value for an opening one and cut the HTML up to the next '"'). */
static void neutralise(char *html)
{
    bool in_tag = false;
    for (char *p = html; *p; p++) {
        if (*p == '<' || *p == '>') {
            in_tag = *p == '<';
            continue;
        }
        if (!in_tag || p[0] != '=' || p[1] != '"')
            continue;
        char *name = p, *v = p + 2, *end = strchr(v, '"');
        if (!end)
            return;
        while (name > html && name[-1] != ' ')
            name--;
        size_t n = (size_t)(p - name);
        bool url = (n == 4 && !strncmp(name, "href", 4)) || (n == 3 && !strncmp(name, "src", 3));
        if (url && !safe_url(v, (size_t)(end - v))) {
            memmove(v + 1, end, strlen(end) + 1);
            v[0] = '#';
            end = v + 1;
        }
        p = end; /* the closing quote */
    }
}

char *markdown_to_html(struct arena *a, const char *md)
{
    struct buf o;
    buf_init_arena(&o, a, MARKDOWN_MAX_HTML);
    buf_reserve(&o, 0);
    unsigned flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
                     MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_TASKLISTS;
    if (md_html(md, (MD_SIZE)strlen(md), append, &o, flags, 0) != 0 || o.failed)
        return NULL;
    neutralise(o.p);
    return o.p;
}
