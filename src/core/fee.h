/* Partner fee arithmetic (issue #17): whole rupiah in int64, every product
** and sum overflow-checked, never floating point; calendar months of an
** activity's period; the NIK (Indonesian identity number) check. Pure
** functions, no I/O: tested in tests/unit/test_fee.c. */
#ifndef LOKET_FEE_H
#define LOKET_FEE_H

#include <stdbool.h>
#include <stdint.h>

/* Largest amount Loket keeps (Rp 10^15, a thousand trillion): far beyond
** any budget, and sums of many such amounts still fit in int64. */
#define FEE_MAX INT64_C(1000000000000000)

/* *out = volume × rate; false when either is negative or the product
** passes FEE_MAX (no overflow can happen on the way). */
bool fee_mul(int64_t volume, int64_t rate, int64_t *out);
/* *out = a + b; false when either is negative or the sum passes FEE_MAX. */
bool fee_add(int64_t a, int64_t b, int64_t *out);

struct ymd {
    int y, m, d;
};

bool fee_leap(int y);
int fee_days_in_month(int y, int m);
/* "YYYY-MM-DD", a real calendar day (29 February only in leap years). */
bool fee_date_parse(const char *s, struct ymd *out);
/* "YYYY-MM", month 01..12, year 1900..9999. */
bool fee_month_parse(const char *s, int *y, int *m);
/* Months from start to end inclusive (1 for a one-day activity); 0 when
** end is before start. */
int fee_period_months(struct ymd start, struct ymd end);

enum fee_month_rc {
    FEE_MONTH_OK,
    FEE_MONTH_NEEDED,  /* the period spans months and none was given */
    FEE_MONTH_INVALID, /* not YYYY-MM */
    FEE_MONTH_OUTSIDE, /* not a month of the period */
};
/* The month an assignment counts in: `month` when given (it must be one of
** the period's months), else the period's only month. out gets "YYYY-MM". */
enum fee_month_rc fee_assignment_month(struct ymd start, struct ymd end, const char *month,
                                       char out[8]);

/* A plausible NIK: 16 digits; digits 1-2 a province code, 3-4 and 5-6 a
** regency and district (not 00); 7-12 the birth date DDMMYY with 40 added
** to the day for women (the year's century is unknown, so 29 February is
** accepted for any YY that is a leap year in 19YY or 20YY); 13-16 a serial
** number from 0001. NULL when valid, else the reason (English). */
const char *fee_nik_problem(const char *nik);

#endif
