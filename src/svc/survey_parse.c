/* The survey's parsers (see svc/survey.h): the definition an admin sends
** and the answers a requester sends. Pure: no store, no clock, so the fuzz
** target (tests/fuzz/fuzz_survey.c) drives them alone. */
#include "svc/survey.h"
#include "core/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Valid UTF-8 without NUL or control characters other than newline/tab. */
static bool text_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p;
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!len || (c < 0x20 && c != '\n' && c != '\t' && c != '\r'))
            return false;
        for (size_t i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += len;
    }
    return true;
}

/* A string member trimmed of neither side (shown as given); NULL when
** absent; a field error when not a non-blank string of at most max bytes. */
static const char *text_member(json_t *o, const char *key, const char *field, size_t max,
                               bool required, struct arena *a, struct err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            err_field(err, field, "wajib diisi", "required");
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t blank = s ? strspn(s, " \t\r\n") : 0;
    if (!s || strlen(s) != json_string_length(v) || !text_ok(s, max) || (required && !s[blank])) {
        err_field(err, field, "wajib berupa teks yang tidak kosong dan tidak terlalu panjang",
                  "must be a non-empty text that is not too long");
        return NULL;
    }
    return arena_strdup(a, s);
}

/* An integer member in [lo, hi]; -1 when absent. */
static int64_t int_member(json_t *o, const char *key, int64_t lo, int64_t hi, struct err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return -1;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        err_field(err, key, "wajib bilangan bulat dalam rentang yang diizinkan",
                  "must be an integer in the allowed range");
        return -1;
    }
    return (int64_t)json_integer_value(v);
}

static bool key_ok(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > 32)
        return false;
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return true;
}

/* The questions array into canonical JSON text (keys made q1, q2, ...
** where not given). */
static const char *questions_parse(json_t *arr, struct arena *a, struct err *err)
{
    size_t n = json_array_size(arr);
    if (!json_is_array(arr) || n == 0 || n > SURVEY_MAX_QUESTIONS) {
        err_field(err, "questions", "wajib berisi 1 sampai 20 pertanyaan",
                  "must hold 1 to 20 questions");
        return NULL;
    }
    json_t *out = json_array();
    const char *keys[SURVEY_MAX_QUESTIONS] = {0}; /* NULL: no key (not an object) */
    for (size_t i = 0; i < n; i++) {
        json_t *q = json_array_get(arr, i);
        char field[48];
        snprintf(field, sizeof field, "questions[%zu]", i);
        if (!json_is_object(q)) {
            err_field(err, arena_strdup(a, field), "wajib berupa objek", "must be an object");
            continue;
        }
        const char *key = json_string_value(json_object_get(q, "key"));
        if (!json_object_get(q, "key"))
            key = arena_printf(a, "q%zu", i + 1);
        keys[i] = key;
        if (!key || !key_ok(key))
            err_field(err, arena_printf(a, "%s.key", field), "huruf kecil, angka atau _ (≤ 32)",
                      "lowercase letters, digits or _ (at most 32)");
        for (size_t j = 0; key && j < i; j++)
            if (keys[j] && !strcmp(keys[j], key))
                err_field(err, arena_printf(a, "%s.key", field), "kunci ganda", "duplicate key");
        const char *kind = json_string_value(json_object_get(q, "kind"));
        if (!kind || (strcmp(kind, "scale") && strcmp(kind, "text")))
            err_field(err, arena_printf(a, "%s.kind", field), "harus scale atau text",
                      "must be scale or text");
        const char *tid = text_member(q, "text_id", arena_printf(a, "%s.text_id", field), 500,
                                      true, a, err);
        const char *ten = text_member(q, "text_en", arena_printf(a, "%s.text_en", field), 500,
                                      false, a, err);
        json_t *req = json_object_get(q, "required");
        if (req && !json_is_boolean(req))
            err_field(err, arena_printf(a, "%s.required", field), "harus boolean",
                      "must be a boolean");
        /* a scale is required unless said otherwise; a text is optional */
        bool required = req ? json_is_true(req) : (kind && !strcmp(kind, "scale"));
        if (key && kind && tid)
            json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:b}", "key", key, "kind",
                                                 kind, "text_id", tid, "text_en", ten ? ten : tid,
                                                 "required", required));
    }
    char *text = err->n_fields ? NULL : json_dumps(out, JSON_COMPACT);
    json_decref(out);
    const char *r = text ? arena_strdup(a, text) : NULL;
    free(text);
    return r;
}

int survey_def_parse(json_t *body, bool partial, struct arena *a, struct survey_def *out,
                     struct err *err)
{
    static const char *const known[] = {"title", "period", "questions", "sample_size",
                                        "sample_percent"};
    memset(out, 0, sizeof *out);
    if (!json_is_object(body))
        return err_set(err, ERR_MALFORMED, "request.malformed", "badan permintaan bukan objek",
                       "the body is not an object");
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v) {
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok = ok || !strcmp(k, known[i]);
        if (!ok)
            err_field(err, arena_strdup(a, k), "kolom tidak dikenal", "unknown field");
    }
    out->title = text_member(body, "title", "title", 200, !partial, a, err);
    json_t *p = json_object_get(body, "period");
    if (p || !partial) {
        out->period = json_string_value(p);
        if (!out->period || (strcmp(out->period, "monthly") && strcmp(out->period, "quarterly"))) {
            err_field(err, "period", "harus monthly atau quarterly", "must be monthly or quarterly");
            out->period = NULL;
        }
    }
    out->sample_size = int_member(body, "sample_size", 0, 100000, err);
    out->sample_percent = int_member(body, "sample_percent", 0, 100, err);
    json_t *qs = json_object_get(body, "questions");
    if (qs || !partial)
        out->questions = questions_parse(qs, a, err);
    if (err->n_fields)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

int survey_questions_load(const char *text, struct arena *a, struct survey_question **q,
                          size_t *n)
{
    json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
    size_t m = json_array_size(arr);
    *n = 0;
    *q = arena_alloc(a, (m ? m : 1) * sizeof **q);
    for (size_t i = 0; i < m; i++) {
        json_t *o = json_array_get(arr, i);
        const char *key = json_string_value(json_object_get(o, "key")),
                   *kind = json_string_value(json_object_get(o, "kind")),
                   *tid = json_string_value(json_object_get(o, "text_id")),
                   *ten = json_string_value(json_object_get(o, "text_en"));
        if (!key || !kind || !tid)
            continue;
        (*q)[(*n)++] = (struct survey_question){
            .key = arena_strdup(a, key), .kind = arena_strdup(a, kind),
            .text_id = arena_strdup(a, tid), .text_en = arena_strdup(a, ten ? ten : tid),
            .required = json_is_true(json_object_get(o, "required"))};
    }
    json_decref(arr);
    return m && *n == m ? 0 : -1;
}

int survey_answers_parse(const struct survey_question *q, size_t nq, json_t *answers,
                         struct arena *a, struct survey_answer **out, size_t *n,
                         struct err *err)
{
    *n = 0;
    *out = arena_alloc(a, (nq ? nq : 1) * sizeof **out);
    if (!json_is_object(answers))
        return err_invalid(err, "answers", "wajib berupa objek", "must be an object");
    const char *k;
    json_t *v;
    json_object_foreach(answers, k, v) {
        bool known = false;
        for (size_t i = 0; i < nq; i++)
            known = known || !strcmp(q[i].key, k);
        if (!known)
            err_field(err, arena_printf(a, "answers.%s", k), "pertanyaan tidak dikenal",
                      "unknown question");
    }
    for (size_t i = 0; i < nq; i++) {
        json_t *x = json_object_get(answers, q[i].key);
        const char *field = arena_printf(a, "answers.%s", q[i].key);
        bool empty = !x || json_is_null(x) ||
                     (json_is_string(x) && !json_string_value(x)[strspn(json_string_value(x), " \t\r\n")]);
        if (empty) {
            if (q[i].required)
                err_field(err, field, "wajib diisi", "required");
            continue;
        }
        struct survey_answer *r = &(*out)[*n];
        memset(r, 0, sizeof *r);
        r->question = q[i].key;
        if (!strcmp(q[i].kind, "scale")) {
            if (!json_is_integer(x) || json_integer_value(x) < 1 || json_integer_value(x) > 5) {
                err_field(err, field, "wajib bilangan bulat 1 sampai 5",
                          "must be an integer from 1 to 5");
                continue;
            }
            r->value = (int)json_integer_value(x);
        } else {
            const char *s = json_string_value(x);
            if (!s || strlen(s) != json_string_length(x) || !text_ok(s, SURVEY_TEXT_MAX)) {
                err_field(err, field, "wajib berupa teks (paling banyak 2000 byte)",
                          "must be a text of at most 2000 bytes");
                continue;
            }
            r->text = arena_strdup(a, s);
        }
        (*n)++;
    }
    if (err->n_fields)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

/* Days from 1970-01-01 to y-m-01 (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int64_t m)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void survey_period(const char *kind, int64_t t, char key[16], int64_t *from, int64_t *to)
{
    enum { WIB = 7 * 3600 };
    int64_t days = (t + WIB) / 86400 - ((t + WIB) % 86400 < 0);
    /* civil year and month of days (Howard Hinnant's algorithm) */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
    bool quarterly = kind && !strcmp(kind, "quarterly");
    int64_t first = quarterly ? (m - 1) / 3 * 3 + 1 : m, span = quarterly ? 3 : 1;
    int64_t next_m = first + span, next_y = y;
    if (next_m > 12) {
        next_m -= 12;
        next_y++;
    }
    if (quarterly)
        snprintf(key, 16, "%04d-Q%d", (int)y, (int)((m - 1) / 3 + 1));
    else
        snprintf(key, 16, "%04d-%02d", (int)y, (int)m);
    *from = days_from_civil(y, first) * 86400 - WIB;
    *to = days_from_civil(next_y, next_m) * 86400 - WIB;
}
