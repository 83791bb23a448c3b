/* Booking forms (see form.h). */
#include "core/form.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/qarg.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool key_ok(const char *k)
{
    size_t n = k ? strlen(k) : 0;
    if (n == 0 || n > 32 || !islower((unsigned char)k[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)k[i]) && !isdigit((unsigned char)k[i]) && k[i] != '_')
            return false;
    return true;
}

static const char *const field_types[] = {"text", "date", "number", "select", NULL};

json_t *form_parse(json_t *v, struct err *err)
{
    if (!v || json_is_null(v))
        return json_array();
    if (!json_is_array(v) || json_array_size(v) > 30) {
        err_field(err, "form_fields", "harus daftar berisi paling banyak 30 isian",
                  "must be a list of at most 30 fields");
        return NULL;
    }
    json_t *out = json_array();
    bool bad = false;
    size_t i;
    json_t *f;
    json_array_foreach(v, i, f) {
        const char *key = json_string_value(json_object_get(f, "key"));
        const char *label = json_string_value(json_object_get(f, "label"));
        const char *type = json_string_value(json_object_get(f, "type"));
        json_t *opts = json_object_get(f, "options"), *req = json_object_get(f, "required"),
               *sens = json_object_get(f, "sensitive");
        bool dup = false;
        for (size_t k = 0; k < json_array_size(out) && key; k++)
            dup |= !strcmp(key, json_string_value(json_object_get(json_array_get(out, k), "key")));
        const char *bad_id = NULL, *bad_en = NULL;
        if (!json_is_object(f))
            bad_id = "isian harus objek", bad_en = "each field must be an object";
        else if (!key_ok(key))
            bad_id = "key: huruf kecil, angka atau _, paling banyak 32",
            bad_en = "key: lowercase letters, digits or _, at most 32";
        else if (dup)
            bad_id = "key ganda", bad_en = "duplicate key";
        else if (!label || !*label || strlen(label) > 200)
            bad_id = "label wajib (paling banyak 200 karakter)",
            bad_en = "label is required (at most 200 characters)";
        else if (!qarg_one_of(type, field_types))
            bad_id = "type harus text, date, number atau select",
            bad_en = "type must be text, date, number or select";
        else if ((req && !json_is_boolean(req)) || (sens && !json_is_boolean(sens)))
            bad_id = "required dan sensitive harus true atau false",
            bad_en = "required and sensitive must be true or false";
        else if (!strcmp(type, "select") &&
                 (!json_is_array(opts) || json_array_size(opts) == 0 ||
                  json_array_size(opts) > 50))
            bad_id = "select butuh options (1 sampai 50 pilihan)",
            bad_en = "select needs options (1 to 50 choices)";
        else if (strcmp(type, "select") != 0 && opts && !json_is_null(opts))
            bad_id = "options hanya untuk select", bad_en = "options are only for select";
        size_t k;
        json_t *o;
        if (!bad_id && json_is_array(opts)) {
            json_array_foreach(opts, k, o) {
                if (!json_is_string(o) || !*json_string_value(o) ||
                    strlen(json_string_value(o)) > 200) {
                    bad_id = "setiap pilihan berupa teks", bad_en = "every option must be text";
                    break;
                }
            }
        }
        if (bad_id) {
            char name[48];
            snprintf(name, sizeof name, "form_fields[%zu]", i);
            err_field(err, name, bad_id, bad_en);
            bad = true;
            continue;
        }
        json_t *clean = json_pack("{s:s, s:s, s:s, s:b, s:b}", "key", key, "label", label, "type",
                                  type, "required", json_is_true(req), "sensitive",
                                  json_is_true(sens));
        if (json_is_array(opts))
            json_object_set(clean, "options", opts);
        json_array_append_new(out, clean);
    }
    if (bad) {
        json_decref(out);
        return NULL;
    }
    return out;
}

/* A date of birth may precede 1970: YYYY-MM-DD from 1900, a real date. */
static bool date_ok(const char *s)
{
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1900 || m < 1 || m > 12 ||
        d < 1)
        return false;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return d <= max;
}

static bool number_ok(json_t *v)
{
    if (json_is_number(v))
        return true;
    const char *s = json_string_value(v);
    if (!s || !*s || strlen(s) > 32)
        return false;
    char *end;
    strtod(s, &end);
    return *end == 0;
}

/* The description of ordinary answers ans (an object), as form_describe:
** first, then "\nLabel: value" per answered field in the form's order,
** written once into one buffer (a printf per field copied the text so far
** each time). */
static const char *describe(json_t *form, json_t *ans, const char *first, struct arena *a)
{
    size_t nf = json_array_size(form), len = strlen(first), n = 0;
    struct part {
        const char *label, *val;
        size_t nl, nv;
    } *parts = nf ? arena_alloc(a, nf * sizeof *parts) : NULL;
    size_t i;
    json_t *f;
    json_array_foreach(form, i, f) {
        json_t *v = json_object_get(ans, json_string_value(json_object_get(f, "key")));
        if (!v)
            continue;
        struct part *p = &parts[n++];
        p->val = json_string_value(v);
        if (!p->val)
            p->val = arena_printf(a, "%g", json_number_value(v));
        p->label = json_string_value(json_object_get(f, "label"));
        if (!p->label)
            p->label = "(null)"; /* what the printf of before wrote */
        p->nl = strlen(p->label);
        p->nv = strlen(p->val);
        len += 3 + p->nl + p->nv;
    }
    char *text = arena_alloc_raw(a, len + 1), *o = text;
    memcpy(o, first, strlen(first));
    o += strlen(first);
    for (size_t k = 0; k < n; k++) {
        *o++ = '\n';
        memcpy(o, parts[k].label, parts[k].nl);
        o += parts[k].nl;
        *o++ = ':';
        *o++ = ' ';
        memcpy(o, parts[k].val, parts[k].nv);
        o += parts[k].nv;
    }
    *o = 0;
    return text;
}

/* s as a JSON string the way json_dumps writes it (quote and backslash
** escaped, everything else as is), at *o; false for a control character,
** which jansson writes as an escape of its own. */
static bool put_string(char **o, const char *s, size_t len)
{
    char *p = *o;
    *p++ = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20)
            return false;
        if (c == '"' || c == '\\')
            *p++ = '\\';
        *p++ = (char)c;
    }
    *p++ = '"';
    *o = p;
    return true;
}

/* obj's text exactly as json_dumps(obj, JSON_COMPACT) writes it (keys in
** their order, no space), in a, when every value is a string without
** control characters or an integer (the usual answers; the clinic's age
** is a number); NULL otherwise (a real, say), and the caller
** asks jansson. json_dumps was half of a booking's form work (bench/README.md,
** appointments, sixth pass); fuzz-form compares the two. */
static const char *dump_strings(json_t *obj, struct arena *a)
{
    const char *k;
    json_t *v;
    size_t n = 3;
    json_object_foreach(obj, k, v) {
        if (!json_is_string(v) && !json_is_integer(v))
            return NULL;
        n += 2 * strlen(k) + (json_is_string(v) ? 2 * json_string_length(v) : 20) + 6;
    }
    char *out = arena_alloc(a, n), *o = out;
    *o++ = '{';
    json_object_foreach(obj, k, v) {
        if (o > out + 1)
            *o++ = ',';
        if (!put_string(&o, k, strlen(k)))
            return NULL;
        *o++ = ':';
        if (json_is_integer(v)) /* as jansson prints it: JSON_INTEGER_FORMAT */
            o += sprintf(o, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        else if (!put_string(&o, json_string_value(v), json_string_length(v)))
            return NULL;
    }
    *o++ = '}';
    *o = 0;
    return out;
}

/* dump_strings, else json_dumps: the text of an answers object in a. */
static const char *answers_text(json_t *obj, struct arena *a)
{
    const char *fast = dump_strings(obj, a);
    if (fast)
        return fast;
    char *t = json_dumps(obj, JSON_COMPACT);
    const char *out = arena_strdup(a, t ? t : "{}");
    free(t);
    return out;
}

void form_answers(json_t *form, json_t *answers, struct arena *a, const char **plain,
                  const char **secret, struct err *err)
{
    form_answers_described(form, answers, a, plain, secret, NULL, NULL, err);
}

void form_answers_described(json_t *form, json_t *answers, struct arena *a, const char **plain,
                            const char **secret, const char *first, const char **description,
                            struct err *err)
{
    json_t *pl = json_object(), *se = json_object();
    size_t known_keys = 0; /* answers' keys that are the form's (its keys are unique) */
    if (answers && !json_is_null(answers) && !json_is_object(answers)) {
        err_field(err, "answers", "harus objek", "must be an object");
        answers = NULL;
    }
    size_t i;
    json_t *f;
    json_array_foreach(form, i, f) {
        const char *key = json_string_value(json_object_get(f, "key"));
        const char *type = json_string_value(json_object_get(f, "type"));
        json_t *v = answers ? json_object_get(answers, key) : NULL;
        known_keys += v != NULL;
        char name[48]; /* written only for an error: most answers have none */
        bool empty = !v || json_is_null(v) ||
                     (json_is_string(v) && !*json_string_value(v));
        if (empty) {
            if (json_is_true(json_object_get(f, "required"))) {
                snprintf(name, sizeof name, "answers.%s", key);
                err_field(err, name, "wajib diisi", "required");
            }
            continue;
        }
        bool ok;
        if (!strcmp(type, "number"))
            ok = number_ok(v);
        else if (!json_is_string(v) || strlen(json_string_value(v)) > 1000)
            ok = false;
        else if (!strcmp(type, "date"))
            ok = date_ok(json_string_value(v));
        else if (!strcmp(type, "select")) {
            ok = false;
            size_t k;
            json_t *o;
            json_array_foreach(json_object_get(f, "options"), k, o)
                ok |= !strcmp(json_string_value(o), json_string_value(v));
        } else
            ok = true;
        if (!ok) {
            snprintf(name, sizeof name, "answers.%s", key);
            err_field(err, name,
                      !strcmp(type, "date")     ? "harus tanggal YYYY-MM-DD"
                      : !strcmp(type, "number") ? "harus angka"
                      : !strcmp(type, "select") ? "pilih salah satu pilihan"
                                                : "harus teks (paling banyak 1000 karakter)",
                      !strcmp(type, "date")     ? "must be a date YYYY-MM-DD"
                      : !strcmp(type, "number") ? "must be a number"
                      : !strcmp(type, "select") ? "choose one of the options"
                                                : "must be text (at most 1000 characters)");
            continue;
        }
        json_object_set(json_is_true(json_object_get(f, "sensitive")) ? se : pl, key, v);
    }
    const char *key;
    json_t *v;
    /* every key known: no key-by-key search for the unknown one */
    if (answers && json_object_size(answers) > known_keys)
        json_object_foreach(answers, key, v) {
            bool known = false;
            json_array_foreach(form, i, f)
                known |= !strcmp(key, json_string_value(json_object_get(f, "key")));
            if (!known) {
                char name[48];
                snprintf(name, sizeof name, "answers.%.38s", key);
                err_field(err, name, "tidak ada di formulir layanan ini",
                          "not in this service's form");
            }
        }
    *plain = answers_text(pl, a);
    *secret = answers_text(se, a);
    /* from the object just written, not from its text loaded back */
    if (description)
        *description = describe(form, pl, first, a);
    json_decref(pl);
    json_decref(se);
}

const char *form_describe(json_t *form, const char *plain, const char *first, struct arena *a)
{
    json_t *ans = json_loads(plain, 0, NULL);
    const char *text = describe(form, ans, first, a);
    json_decref(ans);
    return text;
}
