/* libFuzzer target for the rating reply (src/channels/wa_rating_parse.c,
** issue #22 item 4): any bytes as a WhatsApp reply. The parser's promises:
** a score 0-5; a score only for text holding that digit and no letter; the
** same answer twice. Built and run by tests/fuzz/meson.build from
** tests/fuzz/corpus/wa_rating. */
#include "channels/wa_rating_parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so ASan sees any read past the end */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    int score = wa_rating_parse(text, size);
    if (score < 0 || score > 5 || wa_rating_parse(text, size) != score)
        abort();
    if (score) {
        if (!memchr(text, '0' + score, size))
            abort();
        for (size_t i = 0; i < size; i++)
            if ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z')
                abort();
    }
    free(text);
    return 0;
}
