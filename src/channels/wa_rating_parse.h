/* Reading a WhatsApp reply as a rating (issue #22 item 4): a single digit
** 1-5, alone or with spaces, stars or a keycap ("4", " 4 ", "5 ⭐", "4️⃣",
** "3/5"). Pure: no allocation, no state (unit test and fuzz target). */
#ifndef LOKET_CHANNELS_WA_RATING_PARSE_H
#define LOKET_CHANNELS_WA_RATING_PARSE_H

#include <stddef.h>

/* The score 1-5 the text of len bytes gives, or 0 when it is not a rating
** (other words, two digits, 0 or 6-9, nothing). */
int wa_rating_parse(const char *text, size_t len);

#endif
