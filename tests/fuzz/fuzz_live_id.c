/* libFuzzer target for the live stream's event ids (src/core/live_id.c,
** issue #20): any bytes as the Last-Event-ID a client sends back. Whatever
** is accepted must be "E.S" exactly as live_id_format writes it (so a
** parsed id formats back to the same text, leading zeros aside), and
** anything else leaves the outputs alone. Built and run by
** tests/fuzz/meson.build from tests/fuzz/corpus/live_id. */
#include "core/live_id.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, 0, size))
        return 0; /* a header value holds no NUL */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    uint64_t epoch = 7, seq = 9;
    int rc = live_id_parse(text, &epoch, &seq);
    if (rc != 0 && rc != -1)
        abort();
    if (rc == -1 && (epoch != 7 || seq != 9))
        abort();
    if (rc == 0) {
        char out[LIVE_ID_MAX];
        size_t n = live_id_format(out, epoch, seq);
        uint64_t e2, s2;
        if (!n || n >= LIVE_ID_MAX || live_id_parse(out, &e2, &s2) != 0 || e2 != epoch ||
            s2 != seq)
            abort();
        /* only digits and one dot were accepted */
        size_t dots = 0;
        for (const char *p = text; *p; p++) {
            if (*p == '.')
                dots++;
            else if (*p < '0' || *p > '9')
                abort();
        }
        if (dots != 1)
            abort();
    }
    free(text);
    return 0;
}
