/* Report filters: the ticket list filters plus the period, parsed the same
** way for a report request and for an export job (whose filters are kept as
** the query string they came with). */
#include "report/report.h"
#include "core/arena.h"
#include "core/qarg.h"
#include "core/ticket.h"
#include "svc/ticket_query.h"
#include "store/report_store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Local midnight (WIB) of "YYYY-MM-DD" as unix seconds; *ok false if bad. */
static int64_t local_day(const char *s, const char *fmt, bool *ok)
{
    struct tm tm = {0};
    const char *end = strptime(s, fmt, &tm);
    *ok = end && !*end && tm.tm_year >= 70 && tm.tm_year < 8000;
    if (!strcmp(fmt, "%Y-%m"))
        tm.tm_mday = 1;
    return *ok ? (int64_t)timegm(&tm) - REPORT_TZ_OFFSET : 0;
}

static void parse_period(report_get_fn *get, void *cls, struct report_args *out, struct err *err)
{
    struct ticket_query *q = &out->q;
    const char *from = get(cls, "from"), *to = get(cls, "to"), *month = get(cls, "month");
    bool ok;
    if (month && *month) {
        q->created_from = local_day(month, "%Y-%m", &ok);
        if (!ok) {
            err_field(err, "month", "harus bulan YYYY-MM", "must be a month YYYY-MM");
            return;
        }
        struct tm tm;
        time_t t = (time_t)(q->created_from + REPORT_TZ_OFFSET);
        gmtime_r(&t, &tm);
        tm.tm_mon++;
        q->created_to = (int64_t)timegm(&tm) - REPORT_TZ_OFFSET;
        out->from_text = month;
        return;
    }
    if (from && *from) {
        q->created_from = local_day(from, "%Y-%m-%d", &ok);
        if (!ok)
            err_field(err, "from", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
        out->from_text = from;
    }
    if (to && *to) {
        q->created_to = local_day(to, "%Y-%m-%d", &ok) + 86400; /* `to` is inclusive */
        if (!ok)
            err_field(err, "to", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
        out->to_text = to;
    }
    if (q->created_from && q->created_to && q->created_to <= q->created_from)
        err_field(err, "to", "harus setelah from", "must be after from");
}

int report_args_parse(struct db *db, const struct principal *me, report_get_fn *get, void *cls,
                      struct arena *a, struct report_args *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    struct ticket_query *q = &out->q;
    /* the list's filters, by the list's rules; no paging or sort */
    if (svc_ticket_query_read(db, me, get, cls, (int64_t)time(NULL), false, a, q, err) != 0)
        return err->kind;
    /* bookings stay out of helpdesk figures unless asked for (issue #16) */
    const char *appt = get(cls, "appointments");
    q->appointments = -1;
    if (appt && *appt) {
        static const char *const modes[] = {"exclude", "include", "only", NULL};
        if (!qarg_one_of(appt, modes))
            err_field(err, "appointments", "harus exclude, include atau only",
                      "must be exclude, include or only");
        q->appointments = !strcmp(appt, "include") ? 0 : !strcmp(appt, "only") ? 1 : -1;
    }
    parse_period(get, cls, out, err);
    out->group_by = get(cls, "group_by");
    out->interval = get(cls, "interval");
    report_ticket_columns_parse(get(cls, "columns"), get(cls, "timeline"), out, err);
    if (err->n_fields)
        return err_set(err, ERR_INVALID, "validation", "Parameter tidak valid",
                       "Invalid parameters");
    return 0;
}

/* ---- query strings ---------------------------------------------------- */

struct kv {
    const char **keys, **vals;
    size_t n;
};

const char *report_query_get(void *cls, const char *key)
{
    const struct kv *kv = cls;
    for (size_t i = 0; i < kv->n; i++)
        if (!strcmp(kv->keys[i], key))
            return kv->vals[i];
    return NULL;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static char *decode(struct arena *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            *o++ = ' ';
        } else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
                   hexval(s[i + 2]) >= 0) {
            *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = 0;
    return out;
}

void *report_query_parse(struct arena *a, const char *query)
{
    enum { MAX_ARGS = 32 };
    struct kv kv = {arena_alloc(a, MAX_ARGS * sizeof(char *)),
                    arena_alloc(a, MAX_ARGS * sizeof(char *)), 0};
    const char *p = query ? query : "";
    while (*p && kv.n < MAX_ARGS) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (eq) {
            kv.keys[kv.n] = decode(a, p, (size_t)(eq - p));
            kv.vals[kv.n] = decode(a, eq + 1, len - (size_t)(eq - p) - 1);
            kv.n++;
        }
        p += len + (amp ? 1 : 0);
    }
    struct kv *out = arena_alloc(a, sizeof *out);
    *out = kv;
    return out;
}

int report_args_parse_query(struct db *db, const struct principal *me, const char *query,
                            struct arena *a, struct report_args *out, struct err *err)
{
    return report_args_parse(db, me, report_query_get, report_query_parse(a, query), a, out,
                             err);
}
