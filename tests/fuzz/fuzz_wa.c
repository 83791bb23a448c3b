/* libFuzzer target for the WhatsApp webhook body (src/channels/wa_payload.c):
** any bytes read as a Cloud API delivery, then each message's sender number
** normalised and its ticket title cut, as the handler does before filing.
** Built and run by tests/fuzz/meson.build. */
#include "channels/wa_payload.h"
#include "channels/whatsapp.h"
#include "core/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct wa_payload pl;
    if (wa_payload_read(a, (const char *)data, size, &pl) == 0) {
        if (pl.n > WA_MAX_MESSAGES || !json_is_array(pl.statuses))
            abort();
        for (size_t i = 0; i < pl.n; i++) {
            const struct wa_msg *m = &pl.msgs[i];
            if (!m->wamid || !m->phone || !m->kind || !m->text || !*m->text)
                abort();
            /* Nothing may be left over from a message that was skipped. */
            bool media = !strcmp(m->kind, "image") || !strcmp(m->kind, "document") ||
                         !strcmp(m->kind, "video") || !strcmp(m->kind, "audio") ||
                         !strcmp(m->kind, "sticker");
            if (!media && (m->media_id || m->filename))
                abort();
            char digits[32];
            wa_digits(m->phone, digits, sizeof digits);
            if (strlen(digits) >= sizeof digits || strspn(digits, "0123456789") != strlen(digits))
                abort();
            const char *title = wa_title(a, m->text);
            if (!*title || strlen(title) > 80 || strchr(title, '\n'))
                abort();
        }
    }
    /* Sender numbers come as any text; small buffers too. */
    char *s = arena_strndup(a, (const char *)data, size < 64 ? size : 64);
    for (size_t n = 1; n < 8; n++) {
        char out[8];
        wa_digits(s, out, n);
        if (strlen(out) >= n)
            abort();
    }
    arena_free(a);
    return 0;
}
