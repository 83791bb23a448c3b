/* Report filters: the ticket list filters plus the period, parsed the same
** way for a report request and for an export job (whose filters are kept as
** the query string they came with). */
#include "report/report.h"
#include "core/arena.h"
#include "core/qarg.h"
#include "core/ticket.h"
#include "store/report_store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const channels[] = {"web", "email", "whatsapp", "phone", "walk_in", NULL};

static bool one_of(const char *s, const char *const *set)
{
    for (; s && *set; set++)
        if (!strcmp(s, *set))
            return true;
    return false;
}

static int64_t arg_id(report_get_fn *get, void *cls, const char *key, struct err *err)
{
    return qarg_id(key, get(cls, key), err);
}

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
    } else {
        q->created_from = qarg_utc_time("created_from", get(cls, "created_from"), err);
    }
    if (to && *to) {
        q->created_to = local_day(to, "%Y-%m-%d", &ok) + 86400; /* `to` is inclusive */
        if (!ok)
            err_field(err, "to", "harus tanggal YYYY-MM-DD", "must be a date YYYY-MM-DD");
        out->to_text = to;
    } else {
        q->created_to = qarg_utc_time("created_to", get(cls, "created_to"), err);
    }
    if (q->created_from && q->created_to && q->created_to <= q->created_from)
        err_field(err, "to", "harus setelah from", "must be after from");
}

static int64_t find_priority(struct db *db, struct arena *a, const char *s, struct err *err)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*end && v > 0)
        return v;
    struct rec_query rq = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 1};
    rq.filters[0].field = resource_field(&res_priorities, "code");
    rq.filters[0].val = (struct value){.set = true, .s = s};
    struct record **items;
    size_t n;
    int64_t total;
    if (db_rec_list(db, &res_priorities, &rq, a, &items, &n, &total, err) != 0)
        return -1;
    return n ? items[0]->id : -1;
}

int report_args_parse(struct db *db, const struct principal *me, report_get_fn *get, void *cls,
                      struct arena *a, struct report_args *out, struct err *err)
{
    memset(out, 0, sizeof *out);
    struct ticket_query *q = &out->q;
    q->scope = perm_ticket_scope(me);
    q->sla_breached = -1;
    q->q = get(cls, "q");
    const char *status = get(cls, "status");
    if (status && *status) {
        char *copy = arena_strdup(a, status), *save = NULL;
        for (char *s = strtok_r(copy, ",", &save); s && q->n_statuses < 8;
             s = strtok_r(NULL, ",", &save)) {
            enum ticket_status st;
            if (ticket_status_parse(s, &st) != 0)
                err_field(err, "status", "status tidak dikenal", "unknown status");
            q->statuses[q->n_statuses++] = s;
        }
    }
    q->unit_id = arg_id(get, cls, "unit_id", err);
    q->service_id = arg_id(get, cls, "service_id", err);
    q->category_id = arg_id(get, cls, "category_id", err);
    q->requester_id = arg_id(get, cls, "requester_id", err);
    const char *assignee = get(cls, "assignee_id");
    if (assignee && !strcmp(assignee, "me"))
        q->assignee_id = me->id;
    else if (assignee && !strcmp(assignee, "none"))
        q->unassigned = true;
    else
        q->assignee_id = arg_id(get, cls, "assignee_id", err);
    q->tier = qarg_tier(get(cls, "tier"), err);
    q->channel = get(cls, "channel");
    if (q->channel && !*q->channel)
        q->channel = NULL;
    if (q->channel && !one_of(q->channel, channels))
        err_field(err, "channel", "kanal tidak dikenal", "unknown channel");
    q->tag = get(cls, "tag");
    if (q->tag && !*q->tag)
        q->tag = NULL;
    const char *breached = get(cls, "sla_breached");
    if (breached) {
        q->sla_breached = !strcmp(breached, "true") ? 1 : !strcmp(breached, "false") ? 0 : -1;
        if (q->sla_breached < 0)
            err_field(err, "sla_breached", "harus true atau false", "must be true or false");
    }
    /* bookings stay out of helpdesk figures unless asked for (issue #16) */
    const char *appt = get(cls, "appointments");
    q->appointments = -1;
    if (appt && *appt) {
        static const char *const modes[] = {"exclude", "include", "only", NULL};
        if (!one_of(appt, modes))
            err_field(err, "appointments", "harus exclude, include atau only",
                      "must be exclude, include or only");
        q->appointments = !strcmp(appt, "include") ? 0 : !strcmp(appt, "only") ? 1 : -1;
    }
    q->due_before = qarg_due_before(get(cls, "due_within_minutes"), (int64_t)time(NULL), err);
    const char *prio = get(cls, "priority");
    if (prio && *prio) {
        q->priority_id = find_priority(db, a, prio, err);
        if (q->priority_id < 0) {
            q->priority_id = 0;
            if (err->kind == ERR_STORE)
                return err->kind;
            err_field(err, "priority", "prioritas tidak dikenal", "unknown priority");
        }
    }
    parse_period(get, cls, out, err);
    out->group_by = get(cls, "group_by");
    out->interval = get(cls, "interval");
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
