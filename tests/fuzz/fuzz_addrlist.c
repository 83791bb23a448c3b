/* libFuzzer target for address lists (src/core/addrlist.c, issue #22): any
** bytes as the extra recipients a leader types. Whatever is accepted must
** hold the parser's promises, since the addresses go into To: headers: at
** most max of them, each 1..ADDR_MAX bytes of printable ASCII without
** blanks, commas or "<>()[]\;: and with exactly one '@' inside. Built and
** run by tests/fuzz/meson.build from tests/fuzz/corpus/addrlist. */
#include "core/addrlist.h"
#include "core/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    char *text = arena_alloc(a, size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    const char *out[10];
    int n = addrlist_parse(a, text, out, 10);
    if (n < -1 || n > 10)
        abort();
    for (int i = 0; i < n; i++) {
        size_t len = strlen(out[i]);
        const char *at = strchr(out[i], '@');
        if (!len || len > ADDR_MAX || !at || at == out[i] || !at[1] || strchr(at + 1, '@'))
            abort();
        for (size_t k = 0; k < len; k++)
            if ((unsigned char)out[i][k] <= ' ' || (unsigned char)out[i][k] >= 0x7f ||
                strchr(",\"<>()[]\\;:", out[i][k]))
                abort();
    }
    arena_free(a);
    return 0;
}
