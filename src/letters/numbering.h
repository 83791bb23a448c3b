/* Letter numbers from an office's pattern, the way Indonesian offices number
** their letters: "{seq:3}/{unit}/SPK/{month_roman}/{year}" gives
** "007/3171/SPK/III/2025". The pattern language:
**
**   {seq}  {seq:N}      the sequence number, zero-padded to N digits (1..9)
**   {unit}              the office's unit code
**   {kind}              the letter kind's short code (SPK, ST, BAST, PHK)
**   {month} {month:2}   the month as 3 or 03
**   {month_roman}       the month in Roman numerals (III)
**   {year} {year:2}     2025 or 25
**
** Everything else is literal text; '{' and '}' only ever open and close a
** token. A pattern must hold {seq} (else two letters would share a number),
** is at most LETTER_PATTERN_MAX bytes, and may not hold control characters.
** Pure functions; the sequence itself lives in the database. */
#ifndef LOKET_LETTERS_NUMBERING_H
#define LOKET_LETTERS_NUMBERING_H

#include <stddef.h>
#include <stdint.h>

enum { LETTER_PATTERN_MAX = 200, LETTER_NUMBER_MAX = 512 };

struct letter_pattern_error {
    int column;    /* 1-based byte column of the problem */
    char msg[128]; /* English */
};

struct letter_number_vars {
    int64_t seq;
    const char *unit, *kind;
    int month, year;
};

/* Checks a pattern. Returns 0, or -1 with e filled. */
int letter_pattern_check(const char *pat, struct letter_pattern_error *e);

/* Formats a number from a pattern into buf (LETTER_NUMBER_MAX bytes hold any
** checked pattern with unit and kind codes up to 64 bytes). Returns 0, or -1
** for a bad pattern (e filled) or a buffer too small. */
int letter_number_format(const char *pat, const struct letter_number_vars *v, char *buf,
                         size_t len, struct letter_pattern_error *e);

#endif
