/* libFuzzer target for the template renderer (src/notify/tmpl.c): any byte
** string is checked and rendered as text and as HTML against a fixed
** context with nested objects and arrays. The renderer must never crash,
** leak, read out of bounds or loop without bound, and tmpl_check must agree
** with tmpl_render about which templates are valid. Built and run by
** tests/fuzz/run_fuzz.sh (clang -fsanitize=fuzzer,address,undefined). */
#include "core/err.h"
#include "notify/tmpl.h"

#include <stdint.h>
#include <stdlib.h>

static json_t *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx)
        ctx = json_pack("{s:s, s:i, s:b, s:[{s:s, s:[i,i]}, {s:s, s:[]}], s:{s:{s:s}}, s:n}",
                        "name", "<A&B>", "n", 7, "t", 1, "items", "x", "satu", "ys", 1, 2,
                        "x", "dua", "ys", "obj", "in", "deep", "\"q\"", "nil");
    const char *src = (const char *)data;
    struct tmpl_error e1, e2;
    int check = tmpl_check(src, size, &e1);
    for (int html = 0; html < 2; html++) {
        char *out = NULL;
        size_t n = 0;
        int rc = tmpl_render(src, size, ctx, html, &out, &n, &e2);
        if (rc == 0) {
            if (!out || out[n] != '\0')
                abort();
            free(out);
        } else if (out) {
            abort();
        }
        /* A syntax error is a property of the text, not of the data. */
        if ((check == ERR_INVALID) != (rc == ERR_INVALID) && rc != ERR_TOO_LARGE)
            abort();
        if (rc == ERR_INVALID && (e2.line < 1 || e2.column < 1))
            abort();
    }
    return 0;
}
