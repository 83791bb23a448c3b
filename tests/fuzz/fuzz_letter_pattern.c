/* libFuzzer target for the letter-number pattern language
** (src/letters/numbering.c): any byte string is checked and formatted with
** fixed values into a roomy and into a tight buffer. It must never crash or
** read out of bounds, check and format must agree on which patterns are
** valid, and a formatted number must be NUL-terminated within its buffer. */
#include "letters/numbering.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *pat = malloc(size + 1);
    if (!pat)
        return 0;
    memcpy(pat, data, size);
    pat[size] = '\0'; /* patterns are C strings: an inner NUL just ends it */
    struct letter_pattern_error e1, e2;
    struct letter_number_vars v = {123456789, "3171.{x}", "SPK", 12, 2025};
    int check = letter_pattern_check(pat, &e1);
    char big[LETTER_NUMBER_MAX], tight[8];
    int rc = letter_number_format(pat, &v, big, sizeof big, &e2);
    if (check != rc)
        abort(); /* a checked pattern always fits LETTER_NUMBER_MAX */
    if (rc != 0 && (big[0] != '\0' || e2.column < 1 || !memchr(e2.msg, 0, sizeof e2.msg)))
        abort();
    if (rc == 0 && strlen(big) >= sizeof big)
        abort();
    if (letter_number_format(pat, &v, tight, sizeof tight, &e2) == 0 && strlen(tight) >= 8)
        abort();
    free(pat);
    return 0;
}
