/* Numbers and dates in Indonesian words, as formal letters write them:
** amounts ("satu juta empat puluh delapan ribu"), dates ("Senin tanggal tiga
** puluh satu bulan Maret tahun dua ribu dua puluh lima"), month names and
** months in Roman numerals (letter numbers). Pure functions, no I/O. */
#ifndef LOKET_LETTERS_WORDS_H
#define LOKET_LETTERS_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WORDS_MAX INT64_C(999999999999) /* the largest number words_number writes */

/* n (0..WORDS_MAX) in words into buf ("nol", "sebelas", "seribu", "satu
** juta"). Returns 0, or -1 when n is out of range or buf too small (buf is
** then ""). 256 bytes hold any n. */
int words_number(int64_t n, char *buf, size_t len);

/* "Rp 1.048.000,-" (thousands dots, the ",-" of whole rupiah). */
void words_rupiah_figures(int64_t n, char *buf, size_t len);

/* Month 1..12: "Januari".."Desember"; "" otherwise. */
const char *words_month_name(int month);
/* Month 1..12: "I".."XII"; "" otherwise. */
const char *words_month_roman(int month);
/* Weekday of a Gregorian date: "Minggu".."Sabtu". */
const char *words_weekday(int year, int month, int day);
/* Whether y-m-d is a real Gregorian date (year 1900..9999). */
bool words_date_valid(int year, int month, int day);
/* Days in the month (0 for a bad month). */
int words_month_days(int year, int month);

/* "Senin tanggal tiga puluh satu bulan Maret tahun dua ribu dua puluh lima".
** Returns 0, or -1 for an invalid date or a small buffer. */
int words_date(int year, int month, int day, char *buf, size_t len);
/* "31 Maret 2025". Returns 0 or -1 like words_date. */
int words_date_short(int year, int month, int day, char *buf, size_t len);

#endif
