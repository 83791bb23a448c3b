/* libFuzzer target for the MIME entry point: any bytes through mail_parse()
** (GMime walk, charset conversion, HTML to text) and the quote stripper.
** Built with clang -fsanitize=fuzzer,address,undefined by tests/fuzz/meson.build
** and run for a bounded time by run_fuzz.py, seeded from tests/data/mail/. */
#include "channels/mail_parse.h"
#include "channels/mail_text.h"
#include "core/arena.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct mail_msg m;
    if (mail_parse((const char *)data, size, a, &m) == 0) {
        const char *s = mail_strip_quotes(a, m.text);
        /* Everything handed on must be NUL-free, terminated UTF-8 text. */
        if (strlen(s) > strlen(m.text) + 1)
            __builtin_trap();
        for (size_t i = 0; i < m.n_att; i++)
            if (!m.att[i].data || !m.att[i].content_type)
                __builtin_trap();
    }
    /* The HTML converter also sees the raw bytes as HTML. */
    char *html = arena_strndup(a, (const char *)data, size);
    mail_html_to_text(a, html);
    arena_free(a);
    return 0;
}
