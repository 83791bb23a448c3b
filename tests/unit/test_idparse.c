/* idparse-*: the identity a stranger sends (src/core/idparse.c, issue #21
** item 4, seed 002).
**   1.x  the asked-for form, its variants, and what is not an identity
**   2.x  fields the parser refuses and how it cleans the ones it keeps */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/idparse.h"

static void forms(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct identity_reply r;
    /* 1.1 the form the question shows */
    assert_true(identity_parse(a, "IDENTITAS\nNama: Siti Aminah\nNIP/NIM: 13520011\n"
                                  "Email: siti@std.ac.id\n", &r));
    assert_true(r.keyword);
    assert_string_equal(r.name, "Siti Aminah");
    assert_string_equal(r.number, "13520011");
    assert_string_equal(r.email, "siti@std.ac.id");
    /* 1.2 one line, ';' between fields, labels in any case, '=' */
    assert_true(identity_parse(a, "identitas nama = Budi;  NIM: 1352 0012 ; E-Mail: B@X.ID", &r));
    assert_string_equal(r.name, "Budi");
    assert_string_equal(r.number, "13520012");
    assert_string_equal(r.email, "b@x.id");
    /* 1.3 without the keyword two fields are enough; the first of each wins
    ** (a reply written above our quoted question) */
    assert_true(identity_parse(a, "Nama: Andi\r\nNIP: 198001012005011009\r\n\r\n"
                                  "> Nama: <nama lengkap>\n", &r));
    assert_false(r.keyword);
    assert_string_equal(r.name, "Andi");
    assert_string_equal(r.number, "198001012005011009");
    assert_null(r.email);
    /* 1.4 ordinary messages are not identities */
    assert_false(identity_parse(a, "Printer lantai 2 macet.\nNama: Rudi", &r));
    assert_false(identity_parse(a, "Jam: 10.00\nRuang: 2", &r));
    assert_false(identity_parse(a, "", &r));
    assert_false(identity_parse(a, NULL, &r));
    arena_free(a);
}

static void refusals(void **s)
{
    (void)s;
    struct arena *a = arena_new();
    struct identity_reply r;
    /* 2.1 a number must be 5..30 digits (blanks, dots and dashes dropped) */
    assert_true(identity_parse(a, "IDENTITAS\nNIM: 12-ab\nEmail: a@@b.c", &r));
    assert_null(r.number);
    assert_true(r.bad_number);
    assert_null(r.email);
    assert_true(r.bad_email);
    assert_true(identity_parse(a, "IDENTITAS\nNIM: 1234", &r));
    assert_true(r.bad_number);
    assert_true(identity_parse(a, "IDENTITAS\nNIM: 1234567890123456789012345678901", &r));
    assert_true(r.bad_number);
    /* 2.2 e-mail: a dot after '@', not at the end, no blanks */
    assert_true(identity_parse(a, "IDENTITAS\nEmail: x@y.", &r));
    assert_true(r.bad_email);
    assert_true(identity_parse(a, "IDENTITAS\nEmail: x y@z.id", &r));
    assert_true(r.bad_email);
    /* 2.3 a long name is cut to 200 bytes on a character boundary */
    char text[600] = "IDENTITAS\nNama: ";
    for (int i = 0; i < 150; i++)
        strcat(text, "\xc3\xa9"); /* é: 300 bytes */
    assert_true(identity_parse(a, text, &r));
    assert_int_equal(strlen(r.name), 200);
    /* 2.4 an empty value is no field */
    assert_true(identity_parse(a, "IDENTITAS\nNama:\nEmail: q@r.id", &r));
    assert_null(r.name);
    assert_string_equal(r.email, "q@r.id");
    /* 2.5 a long value of nothing but UTF-8 continuation bytes is no name
    ** (cut on a boundary it would be empty; found by fuzz-identity) */
    char junk[600] = "IDENTITAS\nNama: ";
    for (int i = 0; i < 250; i++)
        strcat(junk, "\xa5");
    assert_true(identity_parse(a, junk, &r));
    assert_null(r.name);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forms),
        cmocka_unit_test(refusals),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
