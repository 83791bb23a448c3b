/* libFuzzer target for the identity reply (src/core/idparse.c, issue #21
** item 4): any bytes as the text a stranger sends by WhatsApp or e-mail.
** Whatever is accepted must hold the parser's promises: the name at most
** IDP_NAME_MAX bytes and not empty, the number
** 5..IDP_NUMBER_MAX digits only, the e-mail lower case with one '@' and no
** blanks; a bad_* flag only without its field. Built and run by
** tests/fuzz/meson.build from tests/fuzz/corpus/identity. */
#include "core/arena.h"
#include "core/idparse.h"

#include <ctype.h>
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
    struct identity_reply r;
    bool is = identity_parse(a, text, &r);
    if (!is && r.keyword)
        abort();
    if (r.name) {
        size_t n = strlen(r.name);
        if (!n || n > IDP_NAME_MAX)
            abort();
    }
    if (r.number) {
        size_t n = strlen(r.number);
        if (n < 5 || n > IDP_NUMBER_MAX || r.bad_number)
            abort();
        for (size_t i = 0; i < n; i++)
            if (!isdigit((unsigned char)r.number[i]))
                abort();
    }
    if (r.email) {
        const char *at = strchr(r.email, '@');
        if (!at || strchr(at + 1, '@') || r.bad_email || strlen(r.email) > IDP_EMAIL_MAX)
            abort();
        for (const char *p = r.email; *p; p++)
            if ((unsigned char)*p <= ' ' || isupper((unsigned char)*p))
                abort();
    }
    identity_parse(a, NULL, &r); /* NULL is "nothing sent" */
    arena_free(a);
    return 0;
}
