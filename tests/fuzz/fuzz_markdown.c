/* libFuzzer target for FAQ answers' Markdown (src/core/markdown.c): any
** text through md4c and the pass that neutralises link and image targets.
** The output must be terminated, and no href/src may keep a scheme other
** than http, https or mailto. Built and run by tests/fuzz/meson.build. */
#include "core/arena.h"
#include "core/markdown.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every attribute value after `attr` must be relative or http(s)/mailto. */
static void check_urls(const char *html, const char *attr)
{
    size_t alen = strlen(attr);
    for (const char *p = strstr(html, attr); p; p = strstr(p + alen, attr)) {
        const char *v = p + alen;
        size_t end = strcspn(v, "\"");
        size_t colon = strcspn(v, ":/?#\"");
        if (colon >= end || v[colon] != ':')
            continue;
        if (!((colon == 4 && !strncasecmp(v, "http", 4)) ||
              (colon == 5 && !strncasecmp(v, "https", 5)) ||
              (colon == 6 && !strncasecmp(v, "mailto", 6))))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    /* Callers hand over NUL-terminated text from JSON strings. */
    char *md = arena_strndup(a, (const char *)data, size);
    char *html = markdown_to_html(a, md);
    if (html) {
        check_urls(html, "href=\"");
        check_urls(html, "src=\"");
        /* Raw HTML in the source is escaped, so no tag can be opened by it. */
        if (strstr(html, "<script") || strstr(html, "<iframe"))
            abort();
    }
    arena_free(a);
    return 0;
}
