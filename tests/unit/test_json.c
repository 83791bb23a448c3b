/* json-*: the mapping between core records and JSON (api/json.h, jansson) —
** field types in and out (bool, int, ref, text, null), hidden
** (password_hash) and virtual (password) fields never written out, unknown
** keys and wrong JSON types as field errors, an empty optional string read
** as null, id/created_at/updated_at ignored on input; plus json_str,
** api_list and api_body (body parsing, duplicates, non-objects); the
** quick reader of plain bodies (core/json_fast.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "api/json.h"
#include "core/json_fast.h"
#include "core/jw.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/resource.h"

static struct arena *A;

static int setup(void **state)
{
    (void)state;
    A = arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(A);
    A = NULL;
    return 0;
}

static struct value *val(const struct resource *res, struct record *r, const char *name)
{
    int f = resource_field(res, name);
    if (f < 0)
        fail_msg("%s has no field %s", res->name, name);
    return &r->v[f];
}

static bool named(const struct err *e, const char *field)
{
    for (size_t i = 0; i < e->n_fields; i++)
        if (strcmp(e->fields[i].name, field) == 0)
            return true;
    return false;
}

static bool visible(const struct field *f)
{
    return !(f->flags & (FF_HIDDEN | FF_VIRTUAL));
}

/* Read back from JSON: FF_READONLY fields are shown but ignored coming in. */
static bool readable(const struct field *f)
{
    return visible(f) && !(f->flags & FF_READONLY);
}

/* ---- record → JSON ---------------------------------------------------- */

static void json_1_types_out(void **state)
{
    (void)state;
    struct record *r = record_new(A, &res_services);
    r->id = 12;
    r->created_at = "2026-01-02T03:04:05Z";
    r->updated_at = "2026-01-03T00:00:00Z";
    *val(&res_services, r, "name") = (struct value){.set = true, .s = "Layanan Uji"};
    *val(&res_services, r, "kind") = (struct value){.set = true, .s = "ticket"};
    *val(&res_services, r, "unit_id") = (struct value){.set = true, .i = 3};
    *val(&res_services, r, "category_id") = (struct value){.set = true, .null = true};
    *val(&res_services, r, "active") = (struct value){.set = true, .i = 1};
    *val(&res_services, r, "description") = (struct value){.set = true, .s = ""};
    json_t *o = record_to_json(&res_services, r);
    assert_non_null(o);
    assert_int_equal(json_integer_value(json_object_get(o, "id")), 12);
    assert_string_equal(json_string_value(json_object_get(o, "name")), "Layanan Uji");
    assert_string_equal(json_string_value(json_object_get(o, "kind")), "ticket");
    assert_true(json_is_integer(json_object_get(o, "unit_id")));
    assert_int_equal(json_integer_value(json_object_get(o, "unit_id")), 3);
    assert_true(json_is_true(json_object_get(o, "active")));
    assert_true(json_is_null(json_object_get(o, "category_id")));  /* explicit null */
    assert_true(json_is_null(json_object_get(o, "external_url"))); /* never set */
    assert_true(json_is_string(json_object_get(o, "description")));
    assert_string_equal(json_string_value(json_object_get(o, "description")), "");
    assert_string_equal(json_string_value(json_object_get(o, "created_at")),
                        "2026-01-02T03:04:05Z");
    assert_string_equal(json_string_value(json_object_get(o, "updated_at")),
                        "2026-01-03T00:00:00Z");
    json_decref(o);

    /* bool false is false (not 0), an int field stays an integer */
    r = record_new(A, &res_sla_policies);
    *val(&res_sla_policies, r, "active") = (struct value){.set = true, .i = 0};
    *val(&res_sla_policies, r, "warn_before_minutes") = (struct value){.set = true, .i = 0};
    o = record_to_json(&res_sla_policies, r);
    assert_true(json_is_false(json_object_get(o, "active")));
    assert_true(json_is_integer(json_object_get(o, "warn_before_minutes")));
    assert_int_equal(json_integer_value(json_object_get(o, "warn_before_minutes")), 0);
    /* no timestamps when the record has none */
    assert_null(json_object_get(o, "created_at"));
    assert_null(json_object_get(o, "updated_at"));
    json_decref(o);

    /* the full 64-bit range survives */
    r = record_new(A, &res_units);
    r->id = INT64_MAX;
    *val(&res_units, r, "parent_id") = (struct value){.set = true, .i = INT64_MAX - 1};
    o = record_to_json(&res_units, r);
    assert_true(json_integer_value(json_object_get(o, "id")) == INT64_MAX);
    assert_true(json_integer_value(json_object_get(o, "parent_id")) == INT64_MAX - 1);
    json_decref(o);
}

static void json_2_exact_keys_for_every_resource(void **state)
{
    (void)state;
    for (size_t i = 0; resources[i]; i++) {
        const struct resource *res = resources[i];
        struct record *r = record_new(A, res);
        json_t *o = record_to_json(res, r);
        size_t want = 1; /* id */
        for (size_t f = 0; f < res->n_fields; f++) {
            const struct field *fd = &res->fields[f];
            json_t *j = json_object_get(o, fd->name);
            if (visible(fd)) {
                want++;
                if (!json_is_null(j))
                    fail_msg("%s.%s: an unset field is not null", res->name, fd->name);
            } else if (j) {
                fail_msg("%s.%s is hidden or virtual but appears", res->name, fd->name);
            }
        }
        assert_int_equal(json_object_size(o), want);
        json_decref(o);
    }
}

static void json_3_secrets_never_leave(void **state)
{
    (void)state;
    /* every field set, including the hash and the password */
    struct record *r = record_new(A, &res_users);
    for (size_t i = 0; i < res_users.n_fields; i++)
        r->v[i] = (struct value){.set = true, .s = "x", .i = 1};
    *val(&res_users, r, "password_hash") = (struct value){.set = true, .s = "$argon2id$v=19$h"};
    *val(&res_users, r, "password") = (struct value){.set = true, .s = "sandi-rahasia"};
    json_t *o = record_to_json(&res_users, r);
    assert_null(json_object_get(o, "password_hash"));
    assert_null(json_object_get(o, "password"));
    assert_non_null(json_object_get(o, "email"));
    char *text = json_dumps(o, JSON_COMPACT);
    assert_non_null(text);
    assert_null(strstr(text, "argon2")); /* not under any name */
    assert_null(strstr(text, "sandi-rahasia"));
    assert_null(strstr(text, "password"));
    free(text);
    json_decref(o);
}

/* ---- JSON → record ---------------------------------------------------- */

static void json_4_types_in(void **state)
{
    (void)state;
    struct err e = {0};
    json_t *in = json_pack("{s:s, s:s, s:i, s:b, s:n, s:s, s:I}", "name", "Layanan", "kind",
                           "redirect", "unit_id", 3, "active", 0, "category_id",
                           "external_url", "https://x.go.id", "priority_id",
                           (json_int_t)4611686018427387904LL);
    struct record *r = record_new(A, &res_services);
    assert_int_equal(record_from_json(&res_services, in, r, A, &e), 0);
    assert_int_equal(e.n_fields, 0);
    json_decref(in); /* strings were copied into the arena */
    struct value *v = val(&res_services, r, "name");
    assert_true(v->set && !v->null);
    assert_string_equal(v->s, "Layanan");
    assert_string_equal(val(&res_services, r, "kind")->s, "redirect");
    v = val(&res_services, r, "unit_id");
    assert_true(v->set && !v->null && v->i == 3);
    v = val(&res_services, r, "active");
    assert_true(v->set && !v->null && v->i == 0);
    v = val(&res_services, r, "category_id");
    assert_true(v->set && v->null);
    assert_true(val(&res_services, r, "priority_id")->i == 4611686018427387904LL);
    assert_string_equal(val(&res_services, r, "external_url")->s, "https://x.go.id");
    /* keys not given stay unset (a PATCH leaves them alone) */
    assert_false(val(&res_services, r, "description")->set);
    assert_false(val(&res_services, r, "helpdesk_phone")->set);
    assert_false(val(&res_services, r, "sla_policy_id")->set);

    /* true, and null for every kind of field */
    in = json_pack("{s:b, s:n, s:n, s:n}", "active", 1, "name", "tier", "unit_id");
    r = record_new(A, &res_users);
    assert_int_equal(record_from_json(&res_users, in, r, A, &e), 0);
    assert_int_equal(val(&res_users, r, "active")->i, 1);
    assert_true(val(&res_users, r, "name")->null);
    assert_true(val(&res_users, r, "tier")->null);
    assert_true(val(&res_users, r, "unit_id")->null);
    json_decref(in);

    /* the virtual password is accepted on input */
    in = json_pack("{s:s}", "password", "rahasia-sekali");
    r = record_new(A, &res_users);
    assert_int_equal(record_from_json(&res_users, in, r, A, &e), 0);
    assert_string_equal(val(&res_users, r, "password")->s, "rahasia-sekali");
    json_decref(in);

    /* an empty object changes nothing */
    in = json_object();
    r = record_new(A, &res_units);
    assert_int_equal(record_from_json(&res_units, in, r, A, &e), 0);
    for (size_t i = 0; i < res_units.n_fields; i++)
        assert_false(r->v[i].set);
    json_decref(in);
}

static void json_5_wrong_types_are_field_errors(void **state)
{
    (void)state;
    struct {
        const char *key;
        json_t *v;
    } cases[] = {
        /* bool fields take only true/false */
        {"active", json_integer(1)},
        {"active", json_string("true")},
        /* int fields take only integers */
        {"tier", json_string("2")},
        {"tier", json_real(2.0)},
        {"tier", json_true()},
        /* refs likewise */
        {"unit_id", json_string("5")},
        {"unit_id", json_real(5.5)},
        {"unit_id", json_array()},
        /* text (and every text-like type) takes only strings */
        {"name", json_integer(5)},
        {"name", json_false()},
        {"email", json_array()},
        {"role", json_object()},
        {"nip", json_integer(198001012005011001LL)},
        {"locale", json_real(1.0)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct err e = {0};
        json_t *in = json_object();
        json_object_set_new(in, cases[i].key, cases[i].v);
        struct record *r = record_new(A, &res_users);
        int rc = record_from_json(&res_users, in, r, A, &e);
        if (rc != ERR_INVALID || e.n_fields != 1 || !named(&e, cases[i].key)) {
            char *t = json_dumps(in, JSON_COMPACT);
            printf("# case %zu %s: rc %d, %zu problems\n", i, t, rc, e.n_fields);
            free(t);
            fail();
        }
        assert_int_equal(e.kind, ERR_INVALID);
        assert_string_equal(e.code, "validation");
        assert_true(e.fields[0].msg[LOC_EN][0] != 0);
        json_decref(in);
    }

    /* several bad keys: one problem each */
    struct err e = {0};
    json_t *in = json_pack("{s:i, s:s, s:s, s:s, s:s}", "name", 5, "active", "yes", "colour",
                           "red", "password_hash", "x", "color", "#fff");
    struct record *r = record_new(A, &res_tags);
    assert_int_equal(record_from_json(&res_tags, in, r, A, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 4);
    assert_true(named(&e, "name") && named(&e, "active") && named(&e, "colour") &&
                named(&e, "password_hash"));
    assert_string_equal(val(&res_tags, r, "color")->s, "#fff"); /* good keys still read */
    json_decref(in);
}

static void json_6_unknown_hidden_and_read_only_keys(void **state)
{
    (void)state;
    struct err e = {0};
    /* id and timestamps are read-only: ignored, not errors */
    json_t *in = json_pack("{s:i, s:s, s:s, s:s}", "id", 99, "created_at", "x", "updated_at",
                           "y", "name", "Unit");
    struct record *r = record_new(A, &res_units);
    assert_int_equal(record_from_json(&res_units, in, r, A, &e), 0);
    assert_int_equal(e.n_fields, 0);
    assert_int_equal(r->id, 0);
    assert_null(r->created_at);
    assert_null(r->updated_at);
    assert_string_equal(val(&res_units, r, "name")->s, "Unit");
    json_decref(in);
    /* so are FF_READONLY fields (the identity check, issue #21) */
    in = json_pack("{s:s, s:i, s:s}", "identity_verified_at", "2026-01-01T00:00:00Z",
                   "identity_verified_by", 1, "name", "U");
    r = record_new(A, &res_users);
    assert_int_equal(record_from_json(&res_users, in, r, A, &e), 0);
    assert_int_equal(e.n_fields, 0);
    assert_false(val(&res_users, r, "identity_verified_at")->set);
    assert_false(val(&res_users, r, "identity_verified_by")->set);
    json_decref(in);

    /* unknown keys and the hidden hash are named; known keys still read */
    in = json_pack("{s:s, s:s, s:s, s:s}", "password_hash", "$argon2id$x", "colour", "red",
                   "Email", "u@x.id", "email", "u@x.id");
    r = record_new(A, &res_users);
    assert_int_equal(record_from_json(&res_users, in, r, A, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 3);
    assert_true(named(&e, "password_hash") && named(&e, "colour") && named(&e, "Email"));
    assert_false(val(&res_users, r, "password_hash")->set);
    assert_string_equal(val(&res_users, r, "email")->s, "u@x.id");
    json_decref(in);

    /* field errors add to those already in err */
    struct err e2 = {0};
    err_field(&e2, "earlier", "x", "x");
    in = json_pack("{s:s}", "name", "ok");
    r = record_new(A, &res_units);
    assert_int_equal(record_from_json(&res_units, in, r, A, &e2), 0);
    assert_int_equal(e2.n_fields, 1);
    json_decref(in);
}

static void json_7_empty_optional_string_is_null(void **state)
{
    (void)state;
    struct err e = {0};
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "", "code", "", "description",
                           "", "parent_id", "", "active", "");
    struct record *r = record_new(A, &res_units);
    assert_int_equal(record_from_json(&res_units, in, r, A, &e), ERR_INVALID);
    /* required text: kept as "" for validation to reject */
    struct value *v = val(&res_units, r, "name");
    assert_true(v->set && !v->null);
    assert_string_equal(v->s, "");
    /* optional text (a UNIQUE one too): "" means none */
    assert_true(val(&res_units, r, "code")->set && val(&res_units, r, "code")->null);
    assert_true(val(&res_units, r, "description")->null);
    /* "" is not a number or a bool */
    assert_int_equal(e.n_fields, 2);
    assert_true(named(&e, "parent_id") && named(&e, "active"));
    json_decref(in);

    err_clear(&e);
    in = json_pack("{s:s, s:s, s:s}", "locale", "", "phone", "", "nip", "");
    r = record_new(A, &res_users);
    assert_int_equal(record_from_json(&res_users, in, r, A, &e), 0);
    assert_true(val(&res_users, r, "locale")->null);
    assert_true(val(&res_users, r, "phone")->null);
    assert_true(val(&res_users, r, "nip")->null);
    json_decref(in);
}

static void json_8_strings_with_nul_rejected(void **state)
{
    (void)state;
    struct err e = {0};
    json_t *in = json_object();
    json_object_set_new(in, "name", json_stringn("ab\0cd", 5));
    struct record *r = record_new(A, &res_units);
    assert_int_equal(record_from_json(&res_units, in, r, A, &e), ERR_INVALID);
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, "name");
    json_decref(in);
    /* UTF-8 passes through untouched */
    err_clear(&e);
    in = json_pack("{s:s}", "name", "Dinas Pendidikan — Bidang SMP \xc3\xa9");
    r = record_new(A, &res_units);
    assert_int_equal(record_from_json(&res_units, in, r, A, &e), 0);
    assert_string_equal(val(&res_units, r, "name")->s, "Dinas Pendidikan — Bidang SMP \xc3\xa9");
    json_decref(in);
}

static void json_9_round_trip_every_resource(void **state)
{
    (void)state;
    for (size_t i = 0; resources[i]; i++) {
        const struct resource *res = resources[i];
        struct record *r = record_new(A, res);
        r->id = 5;
        r->created_at = "2026-01-01T00:00:00Z";
        for (size_t f = 0; f < res->n_fields; f++) {
            const struct field *fd = &res->fields[f];
            struct value *v = &r->v[f];
            v->set = true;
            if (fd->type == FT_BOOL)
                v->i = (int64_t)(f % 2);
            else if (fd->type == FT_INT || fd->type == FT_REF)
                v->i = (int64_t)f + 7;
            else if (f % 3 == 2)
                v->null = true;
            else
                v->s = arena_printf(A, "v%zu", f);
        }
        json_t *o = record_to_json(res, r);
        struct record *back = record_new(A, res);
        struct err e = {0};
        if (record_from_json(res, o, back, A, &e) != 0)
            fail_msg("%s: its own JSON is refused (%s)", res->name, e.fields[0].name);
        assert_int_equal(back->id, 0);
        for (size_t f = 0; f < res->n_fields; f++) {
            const struct field *fd = &res->fields[f];
            const struct value *a = &r->v[f], *b = &back->v[f];
            if (!readable(fd)) {
                assert_false(b->set);
                continue;
            }
            assert_true(b->set);
            assert_int_equal(a->null, b->null);
            if (a->null)
                continue;
            if (fd->type == FT_BOOL || fd->type == FT_INT || fd->type == FT_REF)
                assert_int_equal(a->i, b->i);
            else
                assert_string_equal(a->s, b->s);
        }
        json_decref(o);
    }
}

/* ---- helpers ---------------------------------------------------------- */

static void json_10_json_str(void **state)
{
    (void)state;
    json_t *o = json_pack("{s:s, s:i, s:n, s:b, s:s}", "a", "teks", "b", 1, "c", "d", 1, "e", "");
    assert_string_equal(json_str(o, "a"), "teks");
    assert_string_equal(json_str(o, "e"), "");
    assert_null(json_str(o, "b"));
    assert_null(json_str(o, "c"));
    assert_null(json_str(o, "d"));
    assert_null(json_str(o, "missing"));
    assert_null(json_str(NULL, "a"));
    json_t *arr = json_pack("[s]", "a");
    assert_null(json_str(arr, "a"));
    json_decref(arr);
    json_decref(o);
}

static void json_11_api_list(void **state)
{
    (void)state;
    json_t *items = json_pack("[i, i]", 1, 2);
    json_t *l = api_list(items, 42, 3, 2);
    assert_true(json_is_object(l));
    assert_ptr_equal(json_object_get(l, "items"), items); /* stolen, not copied */
    assert_int_equal(json_integer_value(json_object_get(l, "total")), 42);
    assert_int_equal(json_integer_value(json_object_get(l, "page")), 3);
    assert_int_equal(json_integer_value(json_object_get(l, "per_page")), 2);
    assert_int_equal(json_object_size(l), 4);
    json_decref(l);
}

static int body(struct req *rq, const char *text, json_t **out)
{
    memset(rq, 0, sizeof *rq);
    rq->arena = A;
    rq->body = arena_strdup(A, text);
    rq->body_len = strlen(text);
    *out = NULL;
    return api_body(rq, out);
}

static void json_12_api_body(void **state)
{
    (void)state;
    struct req rq;
    json_t *j;
    assert_int_equal(body(&rq, "{\"name\": \"Unit\", \"n\": [1, 2]}", &j), 0);
    assert_true(json_is_object(j));
    assert_string_equal(json_str(j, "name"), "Unit");
    /* the reference belongs to the arena (teardown frees it; ASan checks) */
    static const char *const bad[] = {"",       "   ",         "[1, 2]", "\"text\"", "42",
                                      "null",   "{\"a\": 1",   "{a: 1}", "{\"a\": 1}{",
                                      "{\"a\": 1, \"a\": 2}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = body(&rq, bad[i], &j);
        if (rc != ERR_MALFORMED)
            fail_msg("body '%s' gave %d", bad[i], rc);
        assert_string_equal(rq.err.code, "request.malformed");
        assert_true(rq.err.msg[LOC_EN][0] != 0);
    }
    /* the parse error says where */
    body(&rq, "{\n\"a\": tru}", &j);
    assert_non_null(strstr(rq.err.msg[LOC_EN], "line 2"));
}

/* The text writer: escapes what JSON requires, keeps UTF-8 as is, and its
** output parses back (with jansson) to exactly what was written. */
static void json_13_text_writer(void **state)
{
    (void)state;
    struct jw w;
    jw_init(&w, A);
    jw_obj(&w, NULL);
    jw_str(&w, "judul", "Printer \"rusak\"\\ di\nlantai\t2 \x01 é <img src=x>");
    jw_str(&w, "kosong", NULL);
    jw_int(&w, "n", -9007199254740993LL);
    jw_int(&w, "nol", 0);
    jw_int(&w, "min", INT64_MIN);
    jw_int(&w, "max", INT64_MAX);
    jw_int(&w, "tujuh", 7);
    jw_id(&w, "tanpa", 0);
    jw_id(&w, "ada", 42);
    jw_bool(&w, "ya", true);
    jw_time(&w, "waktu", 1767225600);
    jw_time(&w, "belum", 0);
    jw_arr(&w, "tag");
    jw_str(&w, NULL, "a");
    jw_obj(&w, NULL);
    jw_end(&w, '}');
    jw_arr(&w, NULL);
    jw_end(&w, ']');
    jw_end(&w, ']');
    for (int i = 0; i < 200; i++) /* grows past the first buffer */
        jw_str(&w, "k", "0123456789");
    jw_end(&w, '}');
    size_t len;
    const char *text = jw_text(&w, &len);
    assert_int_equal(strlen(text), len);
    assert_non_null(strstr(text, "\\u0001"));
    json_error_t je;
    json_t *j = json_loadb(text, len, 0, &je);
    if (!j)
        fail_msg("does not parse: %s at %d: %.80s", je.text, je.position, text);
    assert_string_equal(json_string_value(json_object_get(j, "judul")),
                        "Printer \"rusak\"\\ di\nlantai\t2 \x01 é <img src=x>");
    assert_true(json_is_null(json_object_get(j, "kosong")));
    assert_true(json_integer_value(json_object_get(j, "n")) == -9007199254740993LL);
    assert_true(json_integer_value(json_object_get(j, "min")) == INT64_MIN);
    assert_true(json_integer_value(json_object_get(j, "max")) == INT64_MAX);
    assert_non_null(strstr(text, "\"nol\":0,\"min\":-9223372036854775808,"
                                 "\"max\":9223372036854775807,\"tujuh\":7,"));
    assert_true(json_is_null(json_object_get(j, "tanpa")));
    assert_int_equal(json_integer_value(json_object_get(j, "ada")), 42);
    assert_true(json_is_true(json_object_get(j, "ya")));
    assert_string_equal(json_string_value(json_object_get(j, "waktu")), "2026-01-01T00:00:00Z");
    assert_true(json_is_null(json_object_get(j, "belum")));
    json_t *tag = json_object_get(j, "tag");
    assert_int_equal(json_array_size(tag), 3);
    assert_true(json_is_object(json_array_get(tag, 1)));
    assert_true(json_is_array(json_array_get(tag, 2)));
    json_decref(j);
}

/* What json_fast_loadb reads, dumped (insertion order), or NULL if it declined. */
static char *fast_dump(const char *text)
{
    json_t *j = json_fast_loadb(text, strlen(text));
    if (!j)
        return NULL;
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

static void fast_is(const char *text, const char *want)
{
    char *got = fast_dump(text);
    assert_non_null(got);
    assert_string_equal(got, want);
    /* and jansson reads the same text to the same value */
    json_t *slow = json_loadb(text, strlen(text), JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(slow);
    char *s = json_dumps(slow, JSON_COMPACT);
    assert_string_equal(got, s);
    free(s);
    free(got);
    json_decref(slow);
}

static void json_14_fast_reader(void **state)
{
    (void)state;
    /* a booking's body: read here, in the order written */
    fast_is("{\"service_id\":36,\"date\":\"2026-12-15\",\"answers\":{\"nama\":\"Pasien 19\","
            "\"usia\":39,\"keluhan\":\"Demam\"}}",
            "{\"service_id\":36,\"date\":\"2026-12-15\",\"answers\":{\"nama\":\"Pasien 19\","
            "\"usia\":39,\"keluhan\":\"Demam\"}}");
    fast_is(" \t\r\n[ {\"b\" : [1, -0, -12, true, false, null, {}, []], \"a\":\"\"} ] \n",
            "[{\"b\":[1,0,-12,true,false,null,{},[]],\"a\":\"\"}]");
    fast_is("{\"n\":999999999999999999,\"m\":-999999999999999999}",
            "{\"n\":999999999999999999,\"m\":-999999999999999999}");
    fast_is("{\"\":0}", "{\"\":0}");
    /* declined: jansson reads these (or refuses them with its own words) */
    const char *declined[] = {
        "{\"a\":\"\\n\"}",                  /* an escape */
        "{\"a\":\"caf\xc3\xa9\"}",          /* UTF-8 */
        "{\"a\":\"\x7f\"}",                 /* DEL */
        "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":2E3}",
        "{\"a\":1234567890123456789}",      /* 19 digits */
        "{\"a\":01}", "{\"a\":-}", "{\"a\":+1}",
        "{\"a\":1,\"a\":2}",                /* duplicate key: jansson's error */
        "\"text\"", "42", "null", "",       /* not an object or array */
        "{\"a\":1} x", "{\"a\":1}}", "{\"a\":1,}", "[1,]", "{,}", "{\"a\" 1}",
        "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":\"open}", "{\"a\":[1}",
        "{\"a\":\"x\ty\"}",                 /* a control character */
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", /* 36 deep */
    };
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++) {
        json_t *j = json_fast_loadb(declined[i], strlen(declined[i]));
        if (j)
            fail_msg("read, not declined: %s", declined[i]);
    }
    /* a NUL byte inside the length */
    assert_null(json_fast_loadb("{\"a\":1}\0", 8));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(json_1_types_out),
        T(json_2_exact_keys_for_every_resource),
        T(json_3_secrets_never_leave),
        T(json_4_types_in),
        T(json_5_wrong_types_are_field_errors),
        T(json_6_unknown_hidden_and_read_only_keys),
        T(json_7_empty_optional_string_is_null),
        T(json_8_strings_with_nul_rejected),
        T(json_9_round_trip_every_resource),
        T(json_10_json_str),
        T(json_11_api_list),
        T(json_12_api_body),
        T(json_13_text_writer),
        T(json_14_fast_reader),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
