/* libFuzzer target for booking forms (src/core/form.c): any bytes read as
** JSON {"form":[...], "answers":{...}}; the form parsed as a schedule's
** form_fields, then the answers checked against it as a booking does.
** Checks: a refused form names a field; accepted answers split into two
** JSON objects, sensitive keys only in the second and ordinary ones only in
** the first (the ticket text is built from the first alone), both texts
** byte for byte what json_dumps writes, and the text is built without
** fault, the same as a printf per field wrote it.
** Built and run by tests/fuzz/meson.build. */
#include "core/arena.h"
#include "core/err.h"
#include "core/form.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The description as form.c wrote it before it built the text in one
** buffer: a printf per answered field. */
static const char *ref_describe(json_t *form, json_t *ans, const char *first, struct arena *a)
{
    const char *text = first;
    size_t i;
    json_t *f;
    json_array_foreach(form, i, f) {
        json_t *v = json_object_get(ans, json_string_value(json_object_get(f, "key")));
        if (!v)
            continue;
        char num[64];
        const char *val = json_string_value(v);
        if (!val) {
            snprintf(num, sizeof num, "%g", json_number_value(v));
            val = num;
        }
        text = arena_printf(a, "%s\n%s: %s", text, json_string_value(json_object_get(f, "label")),
                            val);
    }
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!in)
        return 0;
    struct arena *a = arena_new();
    struct err err = {0};
    json_t *form = form_parse(json_object_get(in, "form"), &err);
    if (!form) {
        if (err.n_fields == 0)
            abort();
        goto out;
    }
    if (err.n_fields || !json_is_array(form) || json_array_size(form) > 30)
        abort(); /* accepted without a word, and within bounds */
    const char *plain = NULL, *secret = NULL, *described = NULL;
    form_answers_described(form, json_object_get(in, "answers"), a, &plain, &secret,
                           "Janji temu.", &described, &err);
    json_t *p = json_loads(plain, 0, NULL), *s = json_loads(secret, 0, NULL);
    if (!json_is_object(p) || !json_is_object(s))
        abort();
    /* the texts are jansson's own (form.c writes string-only ones itself) */
    char *pj = json_dumps(p, JSON_COMPACT), *sj = json_dumps(s, JSON_COMPACT);
    if (!pj || !sj || strcmp(pj, plain) != 0 || strcmp(sj, secret) != 0)
        abort();
    free(pj);
    free(sj);
    const char *text = form_describe(form, plain, "Janji temu.", a);
    if (!text || strncmp(text, "Janji temu.", 11) != 0)
        abort();
    /* the description made with the answers is the one made from their text */
    if (!described || strcmp(described, text) != 0)
        abort();
    /* and the one the printf per field wrote */
    if (strcmp(text, ref_describe(form, p, "Janji temu.", a)) != 0)
        abort();
    size_t i;
    json_t *f;
    json_array_foreach(form, i, f) {
        const char *key = json_string_value(json_object_get(f, "key"));
        bool sensitive = json_is_true(json_object_get(f, "sensitive"));
        if ((sensitive && json_object_get(p, key)) || (!sensitive && json_object_get(s, key)))
            abort();
    }
    json_decref(p);
    json_decref(s);
    json_decref(form);
out:
    json_decref(in);
    arena_free(a);
    return 0;
}
