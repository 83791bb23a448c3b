/* libFuzzer target for the CSV reader of the partner import
** (src/core/csv_read.c): any bytes read as CSV; a table read must keep
** every limit and hold NUL-terminated cells whose lines grow row by row.
** Built and run by tests/fuzz/meson.build. */
#include "core/arena.h"
#include "core/csv_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct csv_table t;
    char why[128];
    if (csv_read((const char *)data, size, a, &t, why, sizeof why) == 0) {
        if (t.n > CSV_MAX_ROWS)
            abort();
        size_t line = 0;
        for (size_t i = 0; i < t.n; i++) {
            const struct csv_row *r = &t.rows[i];
            if (r->n == 0 || r->n > CSV_MAX_COLS || r->line <= line)
                abort();
            line = r->line;
            for (size_t c = 0; c < r->n; c++)
                if (!r->cells[c] || strlen(r->cells[c]) > CSV_MAX_FIELD)
                    abort();
        }
    } else if (!why[0]) {
        abort(); /* a refusal always says why */
    }
    arena_free(a);
    return 0;
}
