/* libFuzzer target for FAQ answers' Markdown (src/core/markdown.c): any
** text through md4c and the pass that neutralises link and image targets.
** No href/src attribute may keep a scheme other than http, https or
** mailto, and only values may change: md4c's own output has as many '<',
** '>' and '"'. Built and run by tests/fuzz/meson.build. */
#include "core/arena.h"
#include "core/markdown.h"

#include <md4c-html.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool ends_with(const char *s, size_t n, const char *tail)
{
    size_t t = strlen(tail);
    return n >= t && memcmp(s + n - t, tail, t) == 0;
}

/* Inside each tag, the text between quotes alternates: outside, a value,
** outside, a value... A value whose outside part ends in " href=" or
** " src=" must be relative or http(s)/mailto. */
static void check_tags(const char *html)
{
    for (const char *lt = strchr(html, '<'); lt; lt = strchr(lt + 1, '<')) {
        const char *gt = strchr(lt, '>');
        if (!gt)
            abort();
        const char *seg = lt;
        for (int value = 0; seg < gt; value = !value) {
            const char *q = memchr(seg, '"', (size_t)(gt - seg));
            size_t n = q ? (size_t)(q - seg) : (size_t)(gt - seg);
            if (value) {
                size_t colon = strcspn(seg, ":/?#\"");
                bool url = ends_with(lt, (size_t)(seg - 1 - lt), " href=") ||
                           ends_with(lt, (size_t)(seg - 1 - lt), " src=");
                if (url && colon < n && seg[colon] == ':' &&
                    !((colon == 4 && !strncasecmp(seg, "http", 4)) ||
                      (colon == 5 && !strncasecmp(seg, "https", 5)) ||
                      (colon == 6 && !strncasecmp(seg, "mailto", 6))))
                    abort();
            }
            if (!q)
                break;
            /* A value's closing quote is followed by a space or the tag's end. */
            if (value && q[1] != ' ' && q[1] != '>')
                abort();
            seg = q + 1;
        }
    }
}

static void raw_out(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    size_t *counts = userdata;
    for (MD_SIZE i = 0; i < size; i++)
        counts[(unsigned char)text[i]]++;
}

/* How often c occurs in md4c's own HTML for md, with the flags markdown.c
** uses. */
static void raw_counts(const char *md, size_t counts[256])
{
    memset(counts, 0, 256 * sizeof *counts);
    md_html(md, (MD_SIZE)strlen(md), raw_out, counts,
            MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
                MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_TASKLISTS, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    /* Callers hand over NUL-terminated text from JSON strings. */
    char *md = arena_strndup(a, (const char *)data, size);
    char *html = markdown_to_html(a, md);
    if (html) {
        check_tags(html);
        /* Neutralising replaces a value inside its quotes, never markup. */
        size_t raw[256], got[256] = {0};
        raw_counts(md, raw);
        for (const char *p = html; *p; p++)
            got[(unsigned char)*p]++;
        if (raw['<'] != got['<'] || raw['>'] != got['>'] || raw['"'] != got['"'])
            abort();
        /* Raw HTML in the source is escaped, so no tag can be opened by it. */
        if (strstr(html, "<script") || strstr(html, "<iframe"))
            abort();
    }
    arena_free(a);
    return 0;
}
