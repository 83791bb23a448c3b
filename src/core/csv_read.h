/* Reading CSV (RFC 4180) uploaded by people: quoted fields with doubled
** quotes and line breaks, CRLF or LF, a UTF-8 byte-order mark, and comma
** or semicolon as the separator (spreadsheets set to Indonesian write
** semicolons), guessed from the first line. Fuzzed by tests/fuzz/fuzz_csv.c. */
#ifndef LOKET_CSV_READ_H
#define LOKET_CSV_READ_H

#include <stddef.h>

struct arena;

enum { CSV_MAX_COLS = 32, CSV_MAX_ROWS = 20000, CSV_MAX_FIELD = 4096 };

struct csv_row {
    const char *cells[CSV_MAX_COLS]; /* NUL-terminated, in the arena */
    size_t n;
    size_t line; /* the line the row starts on, from 1 */
};

struct csv_table {
    struct csv_row *rows;
    size_t n;
};

/* Parses buf[0..len) into out (in arena a); blank lines are skipped. 0, or
** -1 with a reason in English (why, whylen) for input that is not CSV: a
** stray quote, an unclosed quote, a NUL byte, invalid UTF-8, too many
** columns, rows or bytes in a field. */
int csv_read(const char *buf, size_t len, struct arena *a, struct csv_table *out, char *why,
             size_t whylen);

#endif
