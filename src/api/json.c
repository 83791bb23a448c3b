/* JSON helpers shared by the handlers. */
#include "api/json.h"
#include "core/arena.h"
#include "core/json_fast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void decref(void *p)
{
    json_decref(p);
}

int api_body(struct req *rq, json_t **out)
{
    json_error_t je;
    if (!rq->body_len)
        return err_set(&rq->err, ERR_MALFORMED, "request.malformed",
                       "isi permintaan kosong; diharapkan objek JSON",
                       "empty request body; expected a JSON object");
    /* plain bodies without jansson's slow lexer; the rest, and every
    ** error, through jansson (core/json_fast.h) */
    json_t *j = json_fast_loadb(rq->body, rq->body_len);
    if (!j)
        j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        return err_set(&rq->err, ERR_MALFORMED, "request.malformed",
                       "JSON tidak valid (baris %d kolom %d): %s",
                       "invalid JSON (line %d column %d): %s", je.line, je.column, je.text);
    arena_defer(rq->arena, decref, j);
    if (!json_is_object(j))
        return err_set(&rq->err, ERR_MALFORMED, "request.malformed",
                       "isi permintaan harus objek JSON", "request body must be a JSON object");
    *out = j;
    return 0;
}

static int parse_positive(const char *s, int64_t *out)
{
    if (!s)
        return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 1 || strlen(s) > 12)
        return -1;
    *out = v;
    return 0;
}

int api_page(struct req *rq, int64_t *page, int64_t *per_page)
{
    *page = 1;
    *per_page = PER_PAGE_DEFAULT;
    if (parse_positive(req_query(rq, "page"), page) != 0)
        err_field(&rq->err, "page", "harus bilangan bulat ≥ 1", "must be an integer ≥ 1");
    if (parse_positive(req_query(rq, "per_page"), per_page) != 0)
        err_field(&rq->err, "per_page", "harus bilangan bulat 1–200",
                  "must be an integer 1–200");
    if (rq->err.n_fields)
        return err_set(&rq->err, ERR_INVALID, "validation", "Parameter tidak valid",
                       "Invalid parameters");
    if (*per_page > PER_PAGE_MAX)
        *per_page = PER_PAGE_MAX;
    return 0;
}

json_t *api_list(json_t *items, int64_t total, int64_t page, int64_t per_page)
{
    return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
                     "page", (json_int_t)page, "per_page", (json_int_t)per_page);
}

json_t *record_to_json(const struct resource *res, const struct record *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    for (size_t i = 0; i < res->n_fields; i++) {
        const struct field *f = &res->fields[i];
        const struct value *v = &r->v[i];
        json_t *j;
        if (f->flags & (FF_HIDDEN | FF_VIRTUAL))
            continue;
        if (!v->set || v->null)
            j = json_null();
        else if (f->type == FT_BOOL)
            j = json_boolean(v->i);
        else if (f->type == FT_INT || f->type == FT_REF)
            j = json_integer(v->i);
        else
            j = json_string(v->s);
        json_object_set_new(o, f->name, j);
    }
    if (r->created_at)
        json_object_set_new(o, "created_at", json_string(r->created_at));
    if (r->updated_at)
        json_object_set_new(o, "updated_at", json_string(r->updated_at));
    return o;
}

int record_from_json(const struct resource *res, json_t *obj, struct record *r,
                     struct arena *a, struct err *err)
{
    const char *key;
    json_t *val;
    size_t before = err->n_fields;
    json_object_foreach(obj, key, val) {
        if (!strcmp(key, "id") || !strcmp(key, "created_at") || !strcmp(key, "updated_at"))
            continue;
        int idx = resource_field(res, key);
        if (idx < 0 || (res->fields[idx].flags & FF_HIDDEN)) {
            err_field(err, key, "kolom tidak dikenal", "unknown field");
            continue;
        }
        if (res->fields[idx].flags & FF_READONLY) /* like id: ignored, never written */
            continue;
        const struct field *f = &res->fields[idx];
        struct value *v = &r->v[idx];
        v->set = true;
        if (json_is_null(val)) {
            v->null = true;
            continue;
        }
        switch (f->type) {
        case FT_BOOL:
            if (!json_is_boolean(val))
                err_field(err, key, "harus true atau false", "must be true or false");
            v->i = json_is_true(val);
            break;
        case FT_INT:
        case FT_REF:
            if (!json_is_integer(val))
                err_field(err, key, "harus bilangan bulat", "must be an integer");
            v->i = json_integer_value(val);
            break;
        default:
            if (!json_is_string(val)) {
                err_field(err, key, "harus teks", "must be a string");
                break;
            }
            /* An empty optional field means "none", so UNIQUE columns stay usable. */
            if (json_string_length(val) == 0 && !(f->flags & FF_REQUIRED)) {
                v->null = true;
                break;
            }
            v->s = arena_strndup(a, json_string_value(val), json_string_length(val));
            if (strlen(v->s) != json_string_length(val))
                err_field(err, key, "tidak boleh berisi karakter NUL",
                          "must not contain NUL characters");
        }
    }
    if (err->n_fields > before)
        return err_set(err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
    return 0;
}

int api_flag(struct req *rq, json_t *body, const char *key)
{
    json_t *v = json_object_get(body, key);
    if (!v)
        return -1;
    if (!json_is_boolean(v)) {
        err_field(&rq->err, key, "harus true atau false", "must be true or false");
        return -1;
    }
    return json_is_true(v);
}

int api_text_field(struct req *rq, json_t *body, const char *key, size_t max, bool required,
                   const char **out)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            err_field(&rq->err, key, "wajib diisi", "is required");
        return 0;
    }
    if (!json_is_string(v)) {
        err_field(&rq->err, key, "harus teks", "must be a string");
        return 0;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v), i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (required && i == n) {
        err_field(&rq->err, key, "wajib diisi", "is required");
        return 0;
    }
    if (n > max) {
        char id[96], en[96];
        snprintf(id, sizeof id, "maksimal %zu karakter", max);
        snprintf(en, sizeof en, "at most %zu characters", max);
        err_field(&rq->err, key, id, en);
        return 0;
    }
    if (strlen(s) != n) {
        err_field(&rq->err, key, "tidak boleh berisi karakter NUL", "must not contain NUL");
        return 0;
    }
    *out = n ? arena_strdup(rq->arena, s) : NULL;
    return 0;
}

const char *json_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}
