/* Masking of passwords in URLs (see url_mask.h). */
#include "core/url_mask.h"

#include <stdlib.h>
#include <string.h>

static size_t put(char *out, size_t cap, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++, n++)
        if (n + 1 < cap)
            out[n] = s[i];
    return n;
}

static int ends_userinfo(char c)
{
    return c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '?' ||
           c == '#' || c == '"' || c == '\'' || c == '<' || c == '>';
}

size_t url_mask(const char *text, char *out, size_t cap)
{
    size_t n = 0;
    const char *p = text ? text : "";
    for (;;) {
        const char *sep = strstr(p, "://");
        if (!sep)
            break;
        const char *auth = sep + 3, *end = auth, *at = NULL, *colon = NULL;
        for (; !ends_userinfo(*end); end++)
            if (*end == '@')
                at = end;
        for (const char *q = auth; at && q < at; q++)
            if (*q == ':') {
                colon = q;
                break;
            }
        if (!colon) { /* no password here: copy up to the authority, look further */
            n = put(out, cap, n, p, (size_t)(auth - p));
            p = auth;
            continue;
        }
        n = put(out, cap, n, p, (size_t)(colon + 1 - p));
        n = put(out, cap, n, URL_MASK, sizeof URL_MASK - 1);
        p = at;
    }
    n = put(out, cap, n, p, strlen(p));
    if (cap)
        out[n < cap ? n : cap - 1] = '\0';
    return n;
}

char *url_mask_dup(const char *text)
{
    size_t len = url_mask(text, NULL, 0);
    char *s = malloc(len + 1);
    if (s)
        url_mask(text, s, len + 1);
    return s;
}
