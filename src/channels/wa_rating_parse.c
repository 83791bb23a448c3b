/* A WhatsApp reply read as a rating (see wa_rating_parse.h). Anything but
** the digit and decoration makes it an ordinary message, so "5 menit lagi"
** or "2 printer" never rate a ticket. */
#include "channels/wa_rating_parse.h"

#include <string.h>

/* Decoration allowed around the digit, as UTF-8: stars, the emoji variation
** selector, the keycap mark, a no-break space. */
static const char *const DECOR[] = {
    "\xE2\xAD\x90", /* ⭐ U+2B50 */
    "\xE2\x98\x85", /* ★ U+2605 */
    "\xE2\x98\x86", /* ☆ U+2606 */
    "\xEF\xB8\x8F", /* U+FE0F variation selector */
    "\xE2\x83\xA3", /* U+20E3 combining keycap */
    "\xC2\xA0",     /* no-break space */
};

/* Length of the decoration at p (within n bytes), 0 if none. */
static size_t decor_at(const char *p, size_t n)
{
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '.' || *p == '!' ||
        *p == '*')
        return 1;
    for (size_t i = 0; i < sizeof DECOR / sizeof DECOR[0]; i++) {
        size_t k = strlen(DECOR[i]);
        if (k <= n && memcmp(p, DECOR[i], k) == 0)
            return k;
    }
    return 0;
}

int wa_rating_parse(const char *text, size_t len)
{
    if (!text)
        return 0;
    int score = 0;
    size_t i = 0;
    while (i < len) {
        size_t k = decor_at(text + i, len - i);
        if (k) {
            i += k;
            continue;
        }
        char c = text[i];
        if (c >= '1' && c <= '5' && !score) {
            score = c - '0';
            i++;
            /* "4/5": out of five, said outright */
            if (i + 1 < len && text[i] == '/' && text[i + 1] == '5') {
                i += 2;
                if (i < len && text[i] >= '0' && text[i] <= '9')
                    return 0; /* "4/50" */
            }
            continue;
        }
        return 0; /* a second digit, a word, anything else */
    }
    return score;
}
