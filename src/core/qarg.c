/* Query-string filters shared by the ticket list and reports (qarg.h).
** Before issue #15 the ticket list read tier with atoi ("2x" was tier 2)
** and due_within_minutes with atoll(...) * 60, which overflows. */
#include "core/qarg.h"

#include <string.h>
#include <time.h>

enum { DUE_MAX_MINUTES = 525600 };

bool qarg_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s)
        return false;
    bool neg = *s == '-';
    const char *p = s + neg;
    if (!*p)
        return false;
    int64_t v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        int d = *p - '0';
        if (v > (INT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (neg)
        v = -v;
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

int64_t qarg_id(const char *key, const char *s, struct err *err)
{
    int64_t v;
    if (!s || !*s)
        return 0;
    if (!qarg_int(s, 1, INT64_MAX, &v)) {
        err_field(err, key, "harus id", "must be an id");
        return 0;
    }
    return v;
}

int qarg_tier(const char *s, struct err *err)
{
    int64_t v;
    if (!s || !*s)
        return 0;
    if (!qarg_int(s, 1, 3, &v)) {
        err_field(err, "tier", "harus 1, 2 atau 3", "must be 1, 2 or 3");
        return 0;
    }
    return (int)v;
}

int64_t qarg_due_before(const char *s, int64_t now, struct err *err)
{
    int64_t m;
    if (!s || !*s)
        return 0;
    if (!qarg_int(s, 0, DUE_MAX_MINUTES, &m)) {
        err_field(err, "due_within_minutes", "harus 0-525600", "must be 0-525600");
        return 0;
    }
    return now + m * 60;
}

int64_t qarg_utc_time(const char *key, const char *s, struct err *err)
{
    if (!s || !*s)
        return 0;
    struct tm tm = {0};
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end) {
        memset(&tm, 0, sizeof tm);
        end = strptime(s, "%Y-%m-%d", &tm);
    }
    if (!end || *end) {
        err_field(err, key, "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
        return 0;
    }
    return (int64_t)timegm(&tm);
}

bool qarg_one_of(const char *s, const char *const *set)
{
    for (; s && *set; set++)
        if (!strcmp(s, *set))
            return true;
    return false;
}
