/* What makes a report readable by a leader (issue #20 item 9): numbers in
** the Indonesian format ("1.234", "100,00"), durations in words ("< 1
** menit", "2 jam 5 menit"), the recap's key figures (the first page of its
** PDF) and a created-vs-resolved series without gaps (a day or month with
** no tickets is a 0, so a chart of the period is a line, not two dots). */
#include "core/arena.h"
#include "report/report.h"
#include "store/report_store.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void report_num_text(char *buf, size_t len, double v, int decimals)
{
    char raw[64];
    if (len == 0)
        return;
    if (!isfinite(v)) {
        snprintf(buf, len, "—");
        return;
    }
    snprintf(raw, sizeof raw, "%.*f", decimals < 0 ? 0 : decimals > 6 ? 6 : decimals, fabs(v));
    /* "-0,00" reads as a bug: the sign only when something is left of it */
    bool neg = v < 0 && strspn(raw, "0.") != strlen(raw);
    char *dot = strchr(raw, '.');
    size_t whole = dot ? (size_t)(dot - raw) : strlen(raw);
    char out[96];
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    for (size_t i = 0; i < whole; i++) {
        if (i && (whole - i) % 3 == 0)
            out[o++] = '.'; /* thousands */
        out[o++] = raw[i];
    }
    if (dot) {
        out[o++] = ','; /* decimals */
        for (const char *d = dot + 1; *d; d++)
            out[o++] = *d;
    }
    out[o] = 0;
    snprintf(buf, len, "%s", out);
}

void report_int_text(char *buf, size_t len, int64_t v)
{
    report_num_text(buf, len, (double)v, 0);
}

void report_minutes_text(char *buf, size_t len, int64_t minutes)
{
    if (minutes < 1) {
        snprintf(buf, len, "< 1 menit");
        return;
    }
    int64_t d = minutes / 1440, h = minutes % 1440 / 60, m = minutes % 60;
    if (d)
        snprintf(buf, len, "%" PRId64 " hari %" PRId64 " jam", d, h);
    else if (h)
        snprintf(buf, len, m ? "%" PRId64 " jam %" PRId64 " menit" : "%" PRId64 " jam", h, m);
    else
        snprintf(buf, len, "%" PRId64 " menit", m);
}

static const char *const month_short[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                           "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
static const char *const month_long[] = {"Januari", "Februari", "Maret", "April",
                                          "Mei", "Juni", "Juli", "Agustus",
                                          "September", "Oktober", "November", "Desember"};

void report_time_text_id(char *buf, size_t len, int64_t t)
{
    char iso[24];
    int y, mo, d, h, mi;
    report_time_text(iso, sizeof iso, t); /* the WIB time, "" for 0 */
    if (sscanf(iso, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) != 5 || mo < 1 || mo > 12) {
        snprintf(buf, len, "%s", iso);
        return;
    }
    snprintf(buf, len, "%d %s %d %02d.%02d", d, month_short[mo - 1], y, h, mi);
}

const char *report_day_text_id(struct arena *a, int64_t t)
{
    time_t lt = (time_t)(t + REPORT_TZ_OFFSET);
    struct tm tm;
    gmtime_r(&lt, &tm);
    return arena_printf(a, "%d %s %d", tm.tm_mday, month_long[tm.tm_mon], tm.tm_year + 1900);
}

/* ---- key figures ------------------------------------------------------ */

static double fig(const struct rdoc *doc, const char *key, bool *found)
{
    for (size_t i = 0; i < doc->n_figs; i++)
        if (!strcmp(doc->fig_keys[i], key)) {
            if (found)
                *found = true;
            return doc->fig_values[i];
        }
    if (found)
        *found = false;
    return 0;
}

static void key_add(struct rdoc *doc, const char *label, const char *value, const char *note)
{
    if (doc->n_keys < sizeof doc->keys / sizeof doc->keys[0])
        doc->keys[doc->n_keys++] = (struct rkey){label, value, note};
}

/* The median of the times section's row for metric, as words ("—" when
** no ticket got that far in the period). */
static const char *median_text(struct arena *a, const struct rdoc *doc, const char *metric,
                               const char **note)
{
    char buf[48];
    *note = "belum ada data";
    for (size_t s = 0; s < doc->n_sections; s++) {
        const struct rsection *sec = &doc->sections[s];
        if (strcmp(sec->key, "times") != 0)
            continue;
        for (size_t r = 0; r < sec->n_rows; r++) {
            const struct rcell *row = &sec->cells[r * sec->n_cols];
            if (strcmp(row[0].s, metric) != 0 || row[3].null)
                continue;
            report_int_text(buf, sizeof buf, row[2].i);
            *note = arena_printf(a, "median dari %s tiket, menit kerja", buf);
            report_minutes_text(buf, sizeof buf, row[3].i);
            return arena_printf(a, "%s", buf);
        }
    }
    return "—";
}

void report_recap_keys(struct rdoc *doc, struct arena *a)
{
    char buf[48];
    report_int_text(buf, sizeof buf, (int64_t)fig(doc, "created", NULL));
    key_add(doc, "Tiket masuk", arena_printf(a, "%s", buf), "dibuat dalam periode");
    report_int_text(buf, sizeof buf, (int64_t)fig(doc, "resolved", NULL));
    key_add(doc, "Tiket selesai", arena_printf(a, "%s", buf), "diselesaikan dalam periode");
    double met = fig(doc, "met", NULL), breached = fig(doc, "breached", NULL);
    if (met + breached > 0) {
        report_num_text(buf, sizeof buf, 100.0 * met / (met + breached), 1);
        char n[32];
        report_int_text(n, sizeof n, (int64_t)(met + breached));
        key_add(doc, "Selesai tepat waktu (SLA)", arena_printf(a, "%s%%", buf),
                arena_printf(a, "dari %s tiket dengan SLA", n));
    } else {
        key_add(doc, "Selesai tepat waktu (SLA)", "—", "belum ada data");
    }
    const char *note;
    const char *v = median_text(a, doc, "first_response", &note);
    key_add(doc, "Median tanggapan pertama", v, note); /* the times table's own word */
    v = median_text(a, doc, "resolution", &note);
    key_add(doc, "Median penyelesaian", v, note);
    double count = fig(doc, "rating_count", NULL);
    if (count > 0) {
        report_num_text(buf, sizeof buf, fig(doc, "rating_mean", NULL), 2);
        char n[32];
        report_int_text(n, sizeof n, (int64_t)count);
        key_add(doc, "Kepuasan pemohon", arena_printf(a, "%s / 5", buf),
                arena_printf(a, "dari %s penilaian", n));
    } else {
        key_add(doc, "Kepuasan pemohon", "—", "belum ada penilaian");
    }
}

/* ---- series without gaps ---------------------------------------------- */

/* Local day number (days since 1970-01-01 WIB) of "YYYY-MM-DD" or of the
** first day of "YYYY-MM"; -1 when it is neither. */
static int64_t day_of_key(const char *key)
{
    int y, m, d = 1;
    if (!key || sscanf(key, "%d-%d-%d", &y, &m, &d) < 2 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
    return (int64_t)timegm(&tm) / 86400;
}

static const char *key_of_day(struct arena *a, int64_t day, const char *interval)
{
    time_t t = (time_t)(day * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (!strcmp(interval, "month"))
        return arena_printf(a, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
    return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The next bucket's first day after day. */
static int64_t next_bucket(int64_t day, const char *interval)
{
    if (!strcmp(interval, "week"))
        return day + 7;
    if (!strcmp(interval, "month")) {
        time_t t = (time_t)(day * 86400);
        struct tm tm;
        gmtime_r(&t, &tm);
        struct tm n = {.tm_year = tm.tm_year + (tm.tm_mon == 11), .tm_mon = (tm.tm_mon + 1) % 12,
                       .tm_mday = 1, .tm_hour = 12};
        return (int64_t)timegm(&n) / 86400;
    }
    return day + 1;
}

/* The first day of the bucket holding day (weeks start on Monday). */
static int64_t bucket_start(int64_t day, const char *interval)
{
    if (!strcmp(interval, "week"))
        return day - (day + 3) % 7; /* 1970-01-01 was a Thursday */
    if (!strcmp(interval, "month")) {
        time_t t = (time_t)(day * 86400);
        struct tm tm;
        gmtime_r(&t, &tm);
        return day - (tm.tm_mday - 1);
    }
    return day;
}

/* Most buckets filled in: ten years of days, past it the rows stay as they are. */
static const size_t FILL_MAX = 3700;

void report_series_fill(const struct ticket_query *q, const char *interval, struct arena *a,
                        struct report_series **rows, size_t *n)
{
    int64_t first = -1, last = -1;
    if (q->created_from)
        first = (q->created_from + REPORT_TZ_OFFSET) / 86400;
    if (q->created_to) /* exclusive end: the day of its last second */
        last = (q->created_to - 1 + REPORT_TZ_OFFSET) / 86400;
    int64_t today = ((int64_t)time(NULL) + REPORT_TZ_OFFSET) / 86400;
    if (last > today && first <= today)
        last = today; /* "this month" ends today, not with 20 days of future zeros */
    if (first < 0 && *n)
        first = day_of_key((*rows)[0].key);
    if (last < 0 && *n)
        last = day_of_key((*rows)[*n - 1].key);
    if (first < 0 || last < first)
        return;
    first = bucket_start(first, interval);
    size_t count = 0;
    for (int64_t d = first; d <= last && count <= FILL_MAX; d = next_bucket(d, interval))
        count++;
    if (count > FILL_MAX || count <= *n)
        return;
    struct report_series *out = arena_alloc(a, count * sizeof *out);
    size_t k = 0, i = 0;
    for (int64_t d = first; d <= last && k < count; d = next_bucket(d, interval), k++) {
        out[k] = (struct report_series){key_of_day(a, d, interval), 0, 0};
        /* the store's rows are in key order; keys of the same shape compare as text */
        while (i < *n && strcmp((*rows)[i].key, out[k].key) < 0)
            i++;
        if (i < *n && !strcmp((*rows)[i].key, out[k].key)) {
            out[k].created = (*rows)[i].created;
            out[k].resolved = (*rows)[i].resolved;
            i++;
        }
    }
    *rows = out;
    *n = k;
}
