/* The live stream's event ids (core/live_id.h): what a client sends back
** in Last-Event-ID is untrusted input, parsed here and nowhere else
** (fuzzed by tests/fuzz/fuzz_live_id.c). */
#include "core/live_id.h"

#include <stdio.h>

/* One run of 1..20 digits into *out without overflow; returns the byte
** after it, or NULL. */
static const char *number(const char *p, uint64_t *out)
{
    uint64_t v = 0;
    const char *start = p;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (p - start >= 20 || v > (UINT64_MAX - d) / 10)
            return NULL;
        v = v * 10 + d;
    }
    if (p == start)
        return NULL;
    *out = v;
    return p;
}

int live_id_parse(const char *s, uint64_t *epoch, uint64_t *seq)
{
    uint64_t e, n;
    if (!s)
        return -1;
    const char *p = number(s, &e);
    if (!p || *p != '.')
        return -1;
    p = number(p + 1, &n);
    if (!p || *p)
        return -1;
    *epoch = e;
    *seq = n;
    return 0;
}

size_t live_id_format(char out[LIVE_ID_MAX], uint64_t epoch, uint64_t seq)
{
    int n = snprintf(out, LIVE_ID_MAX, "%llu.%llu", (unsigned long long)epoch,
                     (unsigned long long)seq);
    return n > 0 ? (size_t)n : 0;
}
