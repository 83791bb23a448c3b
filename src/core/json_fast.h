/* A quick reader for the plain JSON of most request bodies (json_fast.c).
** It builds the very jansson values json_loadb would, or declines. */
#ifndef LOKET_CORE_JSON_FAST_H
#define LOKET_CORE_JSON_FAST_H

#include <jansson.h>
#include <stddef.h>

/* The object or array in buf[0..len) as json_loadb(buf, len,
** JSON_REJECT_DUPLICATES) gives it, or NULL when the text is anything but
** plain: escapes, bytes outside printable ASCII in strings, fractions and
** exponents, integers of more than 18 digits, duplicate keys, deep nesting,
** or not valid JSON at all. NULL is never an answer: the caller then asks
** jansson, which also words the error of an invalid text. */
json_t *json_fast_loadb(const char *buf, size_t len);

#endif
