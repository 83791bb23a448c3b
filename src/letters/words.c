/* Indonesian number and date words (see words.h). The rules: 1 in front of
** "belas", "puluh"-less ten, "ratus" and a whole "ribu" group is "se"
** (sebelas, sepuluh, seratus, seribu), but never in front of "juta" or
** "miliar" ("satu juta"), and "seribu" only when the thousands group is
** exactly one (101,000 is "seratus satu ribu"). */
#include "letters/words.h"

#include <stdio.h>
#include <string.h>

static const char *const ones[] = {"",     "satu",  "dua",     "tiga",     "empat",
                                   "lima", "enam",  "tujuh",   "delapan",  "sembilan"};

struct wbuf {
    char *p;
    size_t len, n;
    bool over;
};

static void add(struct wbuf *b, const char *w)
{
    if (!*w)
        return;
    size_t k = strlen(w), sep = b->n ? 1 : 0;
    if (b->n + sep + k + 1 > b->len) {
        b->over = true;
        return;
    }
    if (sep)
        b->p[b->n++] = ' ';
    memcpy(b->p + b->n, w, k + 1);
    b->n += k;
}

/* 1..999 */
static void hundreds(struct wbuf *b, int n)
{
    int h = n / 100, r = n % 100;
    if (h == 1)
        add(b, "seratus");
    else if (h > 1) {
        add(b, ones[h]);
        add(b, "ratus");
    }
    if (r == 10)
        add(b, "sepuluh");
    else if (r == 11)
        add(b, "sebelas");
    else if (r > 11 && r < 20) {
        add(b, ones[r % 10]);
        add(b, "belas");
    } else if (r >= 20) {
        add(b, ones[r / 10]);
        add(b, "puluh");
        add(b, ones[r % 10]);
    } else {
        add(b, ones[r]);
    }
}

int words_number(int64_t n, char *buf, size_t len)
{
    if (len)
        buf[0] = '\0';
    if (n < 0 || n > WORDS_MAX || len == 0)
        return -1;
    struct wbuf b = {buf, len, 0, false};
    if (n == 0) {
        add(&b, "nol");
        return b.over ? (buf[0] = '\0', -1) : 0;
    }
    static const char *const scale[] = {"miliar", "juta", "ribu", ""};
    static const int64_t div[] = {1000000000LL, 1000000LL, 1000LL, 1LL};
    for (int i = 0; i < 4; i++) {
        int g = (int)(n / div[i] % 1000);
        if (!g)
            continue;
        if (g == 1 && i == 2) {
            add(&b, "seribu");
            continue;
        }
        if (g == 1 && i < 2)
            add(&b, "satu"); /* "satu juta", "satu miliar": no "se" here */
        else
            hundreds(&b, g);
        add(&b, scale[i]);
    }
    if (b.over) {
        buf[0] = '\0';
        return -1;
    }
    return 0;
}

void words_rupiah_figures(int64_t n, char *buf, size_t len)
{
    char digits[32], grouped[48];
    bool neg = n < 0;
    uint64_t u = neg ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    int k = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
    size_t o = 0;
    for (int i = 0; i < k; i++) {
        if (i && (k - i) % 3 == 0)
            grouped[o++] = '.';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    snprintf(buf, len, "Rp %s%s,-", neg ? "-" : "", grouped);
}

static const char *const month_names[] = {"Januari", "Februari", "Maret",     "April",
                                          "Mei",     "Juni",     "Juli",      "Agustus",
                                          "September", "Oktober", "November", "Desember"};
static const char *const romans[] = {"I",   "II", "III", "IV", "V",  "VI",
                                     "VII", "VIII", "IX", "X", "XI", "XII"};

const char *words_month_name(int month)
{
    return month >= 1 && month <= 12 ? month_names[month - 1] : "";
}

const char *words_month_roman(int month)
{
    return month >= 1 && month <= 12 ? romans[month - 1] : "";
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int words_month_days(int year, int month)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return d[month - 1] + (month == 2 && leap(year));
}

bool words_date_valid(int year, int month, int day)
{
    return year >= 1900 && year <= 9999 && day >= 1 && day <= words_month_days(year, month);
}

const char *words_weekday(int year, int month, int day)
{
    /* Sakamoto's method: 0 = Sunday */
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    static const char *const names[] = {"Minggu", "Senin", "Selasa", "Rabu",
                                        "Kamis",  "Jumat", "Sabtu"};
    if (month < 1 || month > 12)
        return "";
    int y = month < 3 ? year - 1 : year;
    int w = (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7;
    return names[w < 0 ? w + 7 : w];
}

int words_date(int year, int month, int day, char *buf, size_t len)
{
    char d[64], y[128];
    if (len)
        buf[0] = '\0';
    if (!words_date_valid(year, month, day) || words_number(day, d, sizeof d) != 0 ||
        words_number(year, y, sizeof y) != 0)
        return -1;
    int n = snprintf(buf, len, "%s tanggal %s bulan %s tahun %s", words_weekday(year, month, day),
                     d, words_month_name(month), y);
    if (n < 0 || (size_t)n >= len) {
        if (len)
            buf[0] = '\0';
        return -1;
    }
    return 0;
}

int words_date_short(int year, int month, int day, char *buf, size_t len)
{
    if (len)
        buf[0] = '\0';
    if (!words_date_valid(year, month, day))
        return -1;
    int n = snprintf(buf, len, "%d %s %d", day, words_month_name(month), year);
    if (n < 0 || (size_t)n >= len) {
        if (len)
            buf[0] = '\0';
        return -1;
    }
    return 0;
}
