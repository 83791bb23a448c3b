/* Address lists (see addrlist.h). Deliberately strict: the addresses are
** written into mail headers, so anything a header could misread is
** refused rather than quoted. */
#include "core/addrlist.h"
#include "core/arena.h"

#include <stdbool.h>
#include <string.h>

static bool addr_ok(const char *s, size_t len)
{
    const char *at = memchr(s, '@', len);
    if (!at || at == s || at == s + len - 1 || len > ADDR_MAX ||
        memchr(at + 1, '@', (size_t)(s + len - at - 1)))
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f ||
            strchr("\"<>()[]\\;:", s[i]))
            return false;
    return true;
}

int addrlist_parse(struct arena *a, const char *s, const char **out, int max)
{
    int n = 0;
    while (*s) {
        while (*s == ' ' || *s == ',' || *s == '\t')
            s++;
        if (!*s)
            break;
        size_t len = strcspn(s, ", \t");
        if (!addr_ok(s, len) || n >= max)
            return -1;
        out[n++] = arena_strndup(a, s, len);
        s += len;
    }
    return n;
}
