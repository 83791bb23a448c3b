/* libFuzzer target for the webhook endpoint's inputs (src/core/webhook_kinds.c,
** issue #22 item 3): any bytes as an event-kind list and as a URL. A list
** that parses must format back to a list that parses to the same kinds; a
** URL accepted must start http:// or https:// and hold no blank, control
** character or '@' before its path. Built and run by tests/fuzz/meson.build
** from tests/fuzz/corpus/webhook. */
#include "core/webhook_kinds.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    unsigned mask = 0, again = 0;
    if (webhook_kinds_parse(text, &mask) == 0) {
        char out[512];
        size_t n = webhook_kinds_format(mask, out, sizeof out);
        if (!mask || n != strlen(out) || webhook_kinds_parse(out, &again) != 0 || again != mask)
            abort();
    }
    if (webhook_url_check(text) == WHURL_OK) {
        size_t skip = strncasecmp(text, "https://", 8) == 0  ? 8
                      : strncasecmp(text, "http://", 7) == 0 ? 7
                                                             : 0;
        if (!skip || strlen(text) > WEBHOOK_URL_MAX)
            abort();
        size_t auth = strcspn(text + skip, "/?#");
        if (memchr(text + skip, '@', auth) || auth == 0)
            abort();
        for (size_t i = 0; text[i]; i++)
            if ((unsigned char)text[i] <= ' ' || text[i] == 0x7f)
                abort();
    }
    free(text);
    return 0;
}
