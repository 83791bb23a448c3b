/* Partner fee arithmetic, activity months and the NIK check (core/fee.h).
** Amounts stay below FEE_MAX so that a product is checked before it is
** formed and a sum of two can never wrap. */
#include "core/fee.h"

#include <string.h>

bool fee_mul(int64_t volume, int64_t rate, int64_t *out)
{
    if (volume < 0 || rate < 0)
        return false;
    /* volume × rate > FEE_MAX  ⇔  volume > FEE_MAX / rate (integer division
    ** rounds down, and volume is whole): checked without multiplying. */
    if (rate != 0 && volume > FEE_MAX / rate)
        return false;
    *out = volume * rate;
    return true;
}

bool fee_add(int64_t a, int64_t b, int64_t *out)
{
    /* both ≤ FEE_MAX = 10^15, so a + b ≤ 2·10^15 cannot wrap int64 */
    if (a < 0 || b < 0 || a > FEE_MAX || b > FEE_MAX || a + b > FEE_MAX)
        return false;
    *out = a + b;
    return true;
}

bool fee_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int fee_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && fee_leap(y) ? 29 : days[m - 1];
}

/* n digits at s as a number, or -1 when any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool fee_month_parse(const char *s, int *y, int *m)
{
    if (!s || strlen(s) != 7 || s[4] != '-')
        return false;
    int yy = digits(s, 4), mm = digits(s + 5, 2);
    if (yy < 1900 || mm < 1 || mm > 12)
        return false;
    *y = yy;
    *m = mm;
    return true;
}

bool fee_date_parse(const char *s, struct ymd *out)
{
    if (!s || strlen(s) != 10 || s[7] != '-')
        return false;
    char month[8];
    memcpy(month, s, 7);
    month[7] = 0;
    int y, m, d = digits(s + 8, 2);
    if (!fee_month_parse(month, &y, &m) || d < 1 || d > fee_days_in_month(y, m))
        return false;
    *out = (struct ymd){y, m, d};
    return true;
}

static int month_index(int y, int m)
{
    return y * 12 + (m - 1);
}

int fee_period_months(struct ymd start, struct ymd end)
{
    if (end.y < start.y || (end.y == start.y && (end.m < start.m ||
                                                  (end.m == start.m && end.d < start.d))))
        return 0;
    return month_index(end.y, end.m) - month_index(start.y, start.m) + 1;
}

/* "YYYY-MM" for a year 1900..9999 and month 1..12. */
static void month_text(int y, int m, char out[8])
{
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10 % 10);
    out[6] = (char)('0' + m % 10);
    out[7] = 0;
}

enum fee_month_rc fee_assignment_month(struct ymd start, struct ymd end, const char *month,
                                       char out[8])
{
    int n = fee_period_months(start, end);
    if (!month || !*month) {
        if (n != 1)
            return FEE_MONTH_NEEDED;
        month_text(start.y, start.m, out);
        return FEE_MONTH_OK;
    }
    int y, m;
    if (!fee_month_parse(month, &y, &m))
        return FEE_MONTH_INVALID;
    int i = month_index(y, m);
    if (n == 0 || i < month_index(start.y, start.m) || i > month_index(end.y, end.m))
        return FEE_MONTH_OUTSIDE;
    month_text(y, m, out);
    return FEE_MONTH_OK;
}

/* Province codes of the Ministry of Home Affairs (Kemendagri), which
** Dukcapil puts in the first two digits; 91–96 cover the Papua provinces
** before and after the 2022 split. */
static bool province(int p)
{
    return (p >= 11 && p <= 19) || p == 21 || (p >= 31 && p <= 36) || (p >= 51 && p <= 53) ||
           (p >= 61 && p <= 65) || (p >= 71 && p <= 76) || p == 81 || p == 82 ||
           (p >= 91 && p <= 96);
}

const char *fee_nik_problem(const char *nik)
{
    if (!nik || strlen(nik) != 16 || digits(nik, 8) < 0 || digits(nik + 8, 8) < 0)
        return "must be 16 digits";
    if (!province(digits(nik, 2)))
        return "the first two digits are not a province code";
    if (digits(nik + 2, 2) == 0 || digits(nik + 4, 2) == 0)
        return "the regency and district digits cannot be 00";
    int d = digits(nik + 6, 2), m = digits(nik + 8, 2), yy = digits(nik + 10, 2);
    if (d > 40)
        d -= 40; /* women: day + 40 */
    /* the century is not in the number: a day valid in 19YY or 20YY will do */
    int most = fee_days_in_month(1900 + yy, m), most2 = fee_days_in_month(2000 + yy, m);
    if (most2 > most)
        most = most2;
    if (m < 1 || m > 12 || d < 1 || d > most)
        return "digits 7-12 are not a birth date DDMMYY";
    if (digits(nik + 12, 4) == 0)
        return "the serial number (last four digits) cannot be 0000";
    return NULL;
}
