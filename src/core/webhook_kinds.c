/* Webhook event kinds and endpoint URLs (see webhook_kinds.h). */
#include "core/webhook_kinds.h"

#include <string.h>
#include <strings.h>

static const char *const kinds[WEBHOOK_KIND_COUNT] = {
    "ticket.created",  "ticket.status_changed", "ticket.commented",
    "ticket.assigned", "ticket.escalated",      "ticket.rated",
    "ticket.updated",  "ticket.merged",         "ticket.attachment_added",
    "ticket.internal_note",
};

const char *webhook_kind_name(int i)
{
    return i >= 0 && i < WEBHOOK_KIND_COUNT ? kinds[i] : NULL;
}

int webhook_kind_find(const char *name, size_t len)
{
    for (int i = 0; i < WEBHOOK_KIND_COUNT; i++)
        if (strlen(kinds[i]) == len && memcmp(kinds[i], name, len) == 0)
            return i;
    return -1;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int webhook_kinds_parse(const char *text, unsigned *mask)
{
    unsigned m = 0;
    const char *p = text;
    for (;;) {
        const char *end = strchr(p, ',');
        const char *stop = end ? end : p + strlen(p);
        while (p < stop && blank(*p))
            p++;
        const char *q = stop;
        while (q > p && blank(q[-1]))
            q--;
        int k = webhook_kind_find(p, (size_t)(q - p));
        if (k < 0)
            return -1;
        m |= 1u << k;
        if (!end)
            break;
        p = end + 1;
    }
    *mask = m;
    return 0;
}

size_t webhook_kinds_format(unsigned mask, char *out, size_t cap)
{
    size_t len = 0;
    for (int i = 0; i < WEBHOOK_KIND_COUNT; i++) {
        if (!(mask & (1u << i)))
            continue;
        const char *s = kinds[i];
        size_t n = strlen(s) + (len ? 1 : 0);
        if (cap && len + n < cap) {
            if (len)
                out[len] = ',';
            memcpy(out + len + (len ? 1 : 0), s, strlen(s));
            out[len + n] = '\0';
        }
        len += n;
    }
    if (cap && len < cap)
        out[len] = '\0';
    else if (cap)
        out[0] = '\0'; /* too small: nothing rather than a cut list */
    return len;
}

const char *webhook_kind_for_event(const char *k, bool internal)
{
    if (!k)
        return NULL;
    if (internal)
        return !strcmp(k, "note") || !strcmp(k, "escalation_reason") ? kinds[9] : NULL;
    static const struct { const char *timeline; int kind; } map[] = {
        {"created", 0}, {"status", 1},      {"comment", 2},     {"assigned", 3},
        {"escalated", 4}, {"rating", 5},    {"field", 6},       {"tags", 6},
        {"merged", 7},  {"merged_from", 7}, {"attachment", 8},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].timeline, k))
            return kinds[map[i].kind];
    return NULL;
}

enum webhook_url_problem webhook_url_check(const char *url)
{
    size_t len = strlen(url);
    if (len > WEBHOOK_URL_MAX)
        return WHURL_LONG;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
            return WHURL_CHARS;
    size_t skip;
    if (!strncasecmp(url, "http://", 7))
        skip = 7;
    else if (!strncasecmp(url, "https://", 8))
        skip = 8;
    else
        return WHURL_SCHEME;
    const char *host = url + skip;
    size_t auth_len = strcspn(host, "/?#");
    if (memchr(host, '@', auth_len))
        return WHURL_CREDENTIALS;
    /* a host: something before the port */
    size_t host_len = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/?#");
    if (host_len == 0 || host_len > auth_len || (host[0] == '[' && host_len < 3))
        return WHURL_HOST;
    return WHURL_OK;
}
