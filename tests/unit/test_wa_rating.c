/* wa_rating-*: a WhatsApp reply read as a rating (issue #22 item 4;
** src/channels/wa_rating_parse.c).
**   1.x  one digit 1-5, with spaces, stars, a keycap or "/5"
**   2.x  everything else is an ordinary message (0) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "channels/wa_rating_parse.h"

static int parse(const char *s)
{
    return wa_rating_parse(s, strlen(s));
}

static void ratings(void **state)
{
    (void)state;
    assert_int_equal(parse("4"), 4);                              /* 1.1 */
    assert_int_equal(parse(" 4 "), 4);                            /* 1.2 */
    assert_int_equal(parse("1"), 1);
    assert_int_equal(parse("5 \xE2\xAD\x90"), 5);                 /* 1.3 "5 ⭐" */
    assert_int_equal(parse("\xE2\xAD\x90\xE2\xAD\x90\xE2\xAD\x90 3"), 3);
    assert_int_equal(parse("4\xEF\xB8\x8F\xE2\x83\xA3"), 4);      /* 1.4 keycap 4️⃣ */
    assert_int_equal(parse("2\xE2\x98\x85"), 2);                  /* ★ */
    assert_int_equal(parse("3/5"), 3);                            /* 1.5 */
    assert_int_equal(parse("\t5.\r\n"), 5);
    assert_int_equal(parse("\xC2\xA0" "4!"), 4);                  /* no-break space */
    assert_int_equal(wa_rating_parse("4 and more", 1), 4);        /* 1.6 only len bytes */
}

static void not_ratings(void **state)
{
    (void)state;
    const char *no[] = {"", "   ", "0", "6", "9", "45", "4 5", "5 menit lagi", "2 printer",
                        "lima", "4/50", "3/4", "-4", "+5", "4,5", "\xE2\xAD\x90",
                        "\xEF\xBC\x94" /* fullwidth 4 */, "4\xE2\xAD", "12345"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_int_equal(parse(no[i]), 0);                        /* 2.1 */
    assert_int_equal(wa_rating_parse(NULL, 3), 0);                /* 2.2 */
    assert_int_equal(wa_rating_parse("4\0" "5", 3), 0);           /* 2.3 a NUL is not blank */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ratings),
        cmocka_unit_test(not_ratings),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
