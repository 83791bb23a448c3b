/* macro-*: a macro's rules without a database (src/core/macro.c, issue #20
** agent tools).
**   1.x  the tag list: trimming, what is refused, the limits
**   2.x  the rules across fields of a macro row (record_macro_rules) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/macro.h"
#include "core/resource.h"

static void tags(void **s)
{
    (void)s;
    struct macro_tags tl;
    struct err e = {0};
    /* 1.1 names trimmed, in order; spans into the text */
    const char *text = " jaringan ,VPN kantor,\takun ";
    assert_int_equal(macro_tags_read(text, &tl, &e), 0);
    assert_int_equal(tl.n, 3);
    assert_int_equal(tl.v[0].len, 8);
    assert_memory_equal(tl.v[0].s, "jaringan", 8);
    assert_memory_equal(tl.v[1].s, "VPN kantor", 10);
    assert_memory_equal(tl.v[2].s, "akun", 4);
    assert_true(tl.v[0].s > text && tl.v[2].s < text + strlen(text));
    /* 1.2 nothing, empty and blank are no tags */
    assert_int_equal(macro_tags_read(NULL, &tl, &e), 0);
    assert_int_equal(tl.n, 0);
    assert_int_equal(macro_tags_read("", &tl, &e), 0);
    assert_int_equal(macro_tags_read("   ", &tl, &e), 0);
    assert_int_equal(tl.n, 0);
    /* 1.3 refused: an empty name between commas, a name twice (any case),
    ** a control character, over 64 bytes, over 8 names; macro.invalid on tags */
    const char *bad[] = {"a,,b", "a,", ",a", "akun, AKUN", "a\x01" "b",
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                         "a,b,c,d,e,f,g,h,i"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err_clear(&e);
        assert_int_equal(macro_tags_read(bad[i], &tl, &e), ERR_INVALID);
        assert_string_equal(e.code, "macro.invalid");
        assert_string_equal(e.fields[0].name, "tags");
    }
    /* 1.4 exactly 8 names and exactly 64 bytes are fine */
    assert_int_equal(macro_tags_read("a,b,c,d,e,f,g,h", &tl, &e), 0);
    assert_int_equal(tl.n, 8);
    assert_int_equal(macro_tags_read("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &tl, &e), 0);
}

static void set(struct record *r, const char *name, const char *s, int64_t i)
{
    struct value *v = &r->v[resource_field(&res_macros, name)];
    *v = (struct value){.set = true, .null = !s && i < 0, .s = s, .i = i < 0 ? 0 : i};
}

/* The field the rules named first, or "" when they passed. */
static const char *rules(struct record *r, const struct record *old)
{
    static struct err e;
    err_clear(&e);
    if (record_macro_rules(r, old, &e) == 0)
        return "";
    assert_string_equal(e.code, "macro.invalid");
    return e.fields[0].name;
}

static void fields(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    /* 2.1 no action at all: named on body */
    struct record *r = record_new(a, &res_macros);
    set(r, "name", "Kosong", 0);
    assert_string_equal(rules(r, NULL), "body");
    /* 2.2 a status alone, a tag alone, an assignment alone each suffice */
    set(r, "status", "waiting", 0);
    assert_string_equal(rules(r, NULL), "");
    r = record_new(a, &res_macros);
    set(r, "tags", "akun", 0);
    assert_string_equal(rules(r, NULL), "");
    r = record_new(a, &res_macros);
    set(r, "assign", "self", 0);
    assert_string_equal(rules(r, NULL), "");
    /* 2.3 resolving needs a public reply */
    r = record_new(a, &res_macros);
    set(r, "status", "resolved", 0);
    assert_string_equal(rules(r, NULL), "status");
    set(r, "body", "Sudah beres.", 0);
    set(r, "internal", NULL, 1);
    assert_string_equal(rules(r, NULL), "status");
    set(r, "internal", NULL, 0);
    assert_string_equal(rules(r, NULL), "");
    /* 2.4 "assign": "user" needs the assignee; "self" clears one */
    r = record_new(a, &res_macros);
    set(r, "assign", "user", 0);
    assert_string_equal(rules(r, NULL), "assignee_id");
    set(r, "assignee_id", NULL, 7);
    assert_string_equal(rules(r, NULL), "");
    struct record *edit = record_new(a, &res_macros);
    set(edit, "assign", "self", 0);
    assert_string_equal(rules(edit, r), "");
    assert_true(edit->v[resource_field(&res_macros, "assignee_id")].null);
    /* 2.5 an edit is judged with the old row's values: clearing the only
    ** action is refused */
    struct record *clear_it = record_new(a, &res_macros);
    set(clear_it, "assign", NULL, -1);
    assert_string_equal(rules(clear_it, r), "body");
    /* 2.6 a bad tag list is named on tags */
    r = record_new(a, &res_macros);
    set(r, "tags", "a,,b", 0);
    set(r, "body", "Halo", 0);
    assert_string_equal(rules(r, NULL), "tags");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags),
        cmocka_unit_test(fields),
    };
    return cmocka_run_group_tests_name("macro", tests, NULL, NULL);
}
