/* letters-*: Indonesian amounts and dates in words, Roman months, rupiah in
** figures and the letter-number pattern language (src/letters/words.c,
** src/letters/numbering.c). Table-driven, with the boundaries of every rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "letters/numbering.h"
#include "letters/words.h"

static void letters_1_numbers(void **state)
{
    (void)state;
    static const struct {
        int64_t n;
        const char *w;
    } t[] = {
        {0, "nol"},
        {1, "satu"},
        {9, "sembilan"},
        {10, "sepuluh"},
        {11, "sebelas"},
        {12, "dua belas"},
        {19, "sembilan belas"},
        {20, "dua puluh"},
        {21, "dua puluh satu"},
        {99, "sembilan puluh sembilan"},
        {100, "seratus"},
        {101, "seratus satu"},
        {110, "seratus sepuluh"},
        {111, "seratus sebelas"},
        {200, "dua ratus"},
        {999, "sembilan ratus sembilan puluh sembilan"},
        {1000, "seribu"},
        {1001, "seribu satu"},
        {1100, "seribu seratus"},
        {1999, "seribu sembilan ratus sembilan puluh sembilan"},
        {2000, "dua ribu"},
        {2025, "dua ribu dua puluh lima"},
        {10000, "sepuluh ribu"},
        {11000, "sebelas ribu"},
        {100000, "seratus ribu"},
        {101000, "seratus satu ribu"},
        {999999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh "
                 "sembilan"},
        {1000000, "satu juta"},
        {1000001, "satu juta satu"},
        {1001000, "satu juta seribu"},
        {1048000, "satu juta empat puluh delapan ribu"},
        {3200000, "tiga juta dua ratus ribu"},
        {11000000, "sebelas juta"},
        {100000000, "seratus juta"},
        {1000000000, "satu miliar"},
        {1000000001, "satu miliar satu"},
        {1001001001, "satu miliar satu juta seribu satu"},
        {21000000000LL, "dua puluh satu miliar"},
        {999999999999LL, "sembilan ratus sembilan puluh sembilan miliar sembilan ratus "
                         "sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan "
                         "ribu sembilan ratus sembilan puluh sembilan"},
    };
    char buf[256];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(words_number(t[i].n, buf, sizeof buf), 0);
        assert_string_equal(buf, t[i].w);
    }
    /* out of range and no room */
    assert_int_equal(words_number(-1, buf, sizeof buf), -1);
    assert_string_equal(buf, "");
    assert_int_equal(words_number(1000000000000LL, buf, sizeof buf), -1);
    assert_int_equal(words_number(1048000, buf, 10), -1);
    assert_string_equal(buf, "");
    /* every value of a sweep fits 256 bytes and has no double space */
    for (int64_t n = 0; n <= WORDS_MAX; n = n * 7 + 13) {
        assert_int_equal(words_number(n, buf, sizeof buf), 0);
        assert_null(strstr(buf, "  "));
        assert_true(buf[0] != ' ' && buf[strlen(buf) - 1] != ' ');
        assert_null(strstr(buf, "satu ribu")); /* always "seribu" ... */
        assert_null(strstr(buf, "satu ratus"));
        assert_null(strstr(buf, "satu puluh"));
        assert_null(strstr(buf, "satu belas"));
    }
}

static void letters_2_figures(void **state)
{
    (void)state;
    static const struct {
        int64_t n;
        const char *s;
    } t[] = {{0, "Rp 0,-"},          {999, "Rp 999,-"},
             {1000, "Rp 1.000,-"},   {1048000, "Rp 1.048.000,-"},
             {100000, "Rp 100.000,-"}, {999999999999LL, "Rp 999.999.999.999,-"}};
    char buf[64];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        words_rupiah_figures(t[i].n, buf, sizeof buf);
        assert_string_equal(buf, t[i].s);
    }
}

static void letters_3_dates(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(words_date(2025, 3, 31, buf, sizeof buf), 0);
    assert_string_equal(buf, "Senin tanggal tiga puluh satu bulan Maret tahun dua ribu dua "
                             "puluh lima");
    assert_int_equal(words_date(2024, 2, 29, buf, sizeof buf), 0); /* leap day */
    assert_string_equal(buf, "Kamis tanggal dua puluh sembilan bulan Februari tahun dua ribu "
                             "dua puluh empat");
    assert_int_equal(words_date(2000, 1, 1, buf, sizeof buf), 0);
    assert_string_equal(buf, "Sabtu tanggal satu bulan Januari tahun dua ribu");
    assert_int_equal(words_date(2026, 12, 7, buf, sizeof buf), 0);
    assert_string_equal(buf, "Senin tanggal tujuh bulan Desember tahun dua ribu dua puluh enam");
    assert_int_equal(words_date(2025, 2, 29, buf, sizeof buf), -1); /* not a leap year */
    assert_int_equal(words_date(2100, 2, 29, buf, sizeof buf), -1);
    assert_int_equal(words_date(2000, 2, 29, buf, sizeof buf), 0);
    assert_int_equal(words_date(2025, 4, 31, buf, sizeof buf), -1);
    assert_int_equal(words_date(2025, 13, 1, buf, sizeof buf), -1);
    assert_int_equal(words_date(2025, 0, 1, buf, sizeof buf), -1);
    assert_int_equal(words_date(2025, 3, 31, buf, 20), -1);
    assert_string_equal(buf, "");
    assert_int_equal(words_date_short(2025, 4, 1, buf, sizeof buf), 0);
    assert_string_equal(buf, "1 April 2025");
    assert_int_equal(words_month_days(2024, 2), 29);
    assert_int_equal(words_month_days(2025, 2), 28);
    assert_int_equal(words_month_days(2025, 12), 31);
    static const char *const week[] = {"Minggu", "Senin", "Selasa", "Rabu",
                                       "Kamis", "Jumat", "Sabtu"};
    for (int d = 0; d < 7; d++) /* 2026-12-06 is a Sunday */
        assert_string_equal(words_weekday(2026, 12, 6 + d), week[d]);
    static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI",
                                        "VII", "VIII", "IX", "X", "XI", "XII"};
    for (int m = 1; m <= 12; m++)
        assert_string_equal(words_month_roman(m), roman[m - 1]);
    assert_string_equal(words_month_roman(0), "");
    assert_string_equal(words_month_roman(13), "");
    assert_string_equal(words_month_name(3), "Maret");
}

static void letters_4_numbers_from_patterns(void **state)
{
    (void)state;
    struct letter_number_vars v = {7, "3171", "SPK", 3, 2025};
    static const struct {
        const char *pat, *out;
    } t[] = {
        {"{seq:3}/{unit}/SPK/{month_roman}/{year}", "007/3171/SPK/III/2025"},
        {"{seq}", "7"},
        {"{seq:1}", "7"},
        {"{seq:9}", "000000007"},
        {"B-{seq:4}/{unit}/{kind}/{month:2}/{year:2}", "B-0007/3171/SPK/03/25"},
        {"{kind}.{month}.{seq}", "SPK.3.7"},
        {"Nomor {seq} tahun {year}", "Nomor 7 tahun 2025"},
    };
    char buf[LETTER_NUMBER_MAX];
    struct letter_pattern_error e;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(letter_pattern_check(t[i].pat, &e), 0);
        assert_int_equal(letter_number_format(t[i].pat, &v, buf, sizeof buf, &e), 0);
        assert_string_equal(buf, t[i].out);
    }
    v.seq = 12345;
    v.month = 12;
    assert_int_equal(letter_number_format("{seq:3}/{month_roman}", &v, buf, sizeof buf, &e), 0);
    assert_string_equal(buf, "12345/XII"); /* a width is a minimum */
}

static void letters_5_bad_patterns(void **state)
{
    (void)state;
    static const struct {
        const char *pat;
        int column;
        const char *msg;
    } t[] = {
        {"", 1, "empty"},
        {"ABC/{unit}", 1, "needs {seq}"},
        {"{seq", 1, "not closed"},
        {"x{seq}{", 7, "not closed"},
        {"{se{q}", 1, "not closed"},
        {"{seq}}", 6, "without '{'"},
        {"{nomor}", 1, "unknown token"},
        {"{}", 1, "unknown token"},
        {"{seq:0}", 1, "one digit"},
        {"{seq:10}", 1, "one digit"},
        {"{seq:}", 1, "one digit"},
        {"{seq}/{month:3}", 7, "{month}"},
        {"{seq}/{year:4}", 7, "{year}"},
        {"{seq}/{unit:2}", 7, "no width"},
        {"{seq}\n", 6, "control"},
        {"{seq}\t", 6, "control"},
    };
    struct letter_pattern_error e;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(letter_pattern_check(t[i].pat, &e), -1);
        assert_int_equal(e.column, t[i].column);
        assert_non_null(strstr(e.msg, t[i].msg));
    }
    char longp[LETTER_PATTERN_MAX + 2];
    memset(longp, 'A', sizeof longp - 1);
    memcpy(longp, "{seq}", 5);
    longp[sizeof longp - 1] = '\0';
    assert_int_equal(letter_pattern_check(longp, &e), -1);
    longp[LETTER_PATTERN_MAX] = '\0';
    assert_int_equal(letter_pattern_check(longp, &e), 0);
    /* too small a buffer fails cleanly */
    struct letter_number_vars v = {7, "3171", "SPK", 3, 2025};
    char small[4];
    assert_int_equal(letter_number_format("{seq:3}/{unit}", &v, small, sizeof small, &e), -1);
    assert_string_equal(small, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(letters_1_numbers),
        cmocka_unit_test(letters_2_figures),
        cmocka_unit_test(letters_3_dates),
        cmocka_unit_test(letters_4_numbers_from_patterns),
        cmocka_unit_test(letters_5_bad_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
