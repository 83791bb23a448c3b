/* The appointments report (issue #16 item 8): per service and day the
** bookings, how many were served, did not come or were cancelled, and the
** waiting times: from the time a booking was given (its estimated time) to
** being called, and from being called to being served, as median and p90
** minutes (nearest rank). Figures only: it reads no names and no form
** answers, so leaders may see it whole while the bookings themselves stay
** with the service's staff.
**
** Arguments: the period (from/to or month: the booking's day, not when it
** was made) and service_id, which must name an appointment service. */
#include "core/arena.h"
#include "core/buf.h"
#include "report/report.h"
#include "store/report_store.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct acc {
    int64_t bookings, served, no_show, cancelled, open;
    int64_t *wait, *svc;
    size_t n_wait, n_svc, cap_wait, cap_svc;
};

struct group {
    int64_t service_id;
    const char *service_name, *day;
    struct acc acc;
};

/* A growing array of groups (malloc'd; freed with their durations). */
struct groups {
    struct group *v;
    size_t n, cap;
};

struct walk {
    struct arena *a;
    struct groups rows, services, days;
    struct acc total;
};

static struct group *group_add(struct groups *g)
{
    if (g->n == g->cap) {
        struct group *bigger = vec_grow(g->v, &g->cap, g->n + 1, sizeof *bigger, SIZE_MAX);
        if (!bigger)
            abort(); /* out of memory: nothing sensible left to do */
        g->v = bigger;
    }
    struct group *x = &g->v[g->n++];
    memset(x, 0, sizeof *x);
    return x;
}

static void groups_free(struct groups *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].acc.wait);
        free(g->v[i].acc.svc);
    }
    free(g->v);
}

/* Rounded minutes between two times, 0 when the second came first (called
** before the given time: no wait). */
static int64_t minutes(int64_t from, int64_t to)
{
    return to > from ? (to - from + 30) / 60 : 0;
}

static void count(struct acc *c, const struct report_booking *b)
{
    c->bookings++;
    if (!strcmp(b->status, "served"))
        c->served++;
    else if (!strcmp(b->status, "no_show"))
        c->no_show++;
    else if (!strcmp(b->status, "cancelled"))
        c->cancelled++;
    else
        c->open++;
    if (b->called_at && b->estimated_at)
        report_push(&c->wait, &c->n_wait, &c->cap_wait, minutes(b->estimated_at, b->called_at));
    if (b->served_at && b->called_at)
        report_push(&c->svc, &c->n_svc, &c->cap_svc, minutes(b->called_at, b->served_at));
}

static int on_booking(void *cls, const struct report_booking *b)
{
    struct walk *w = cls;
    /* rows come in service, day order: a new group when either changes */
    struct group *g = w->rows.n ? &w->rows.v[w->rows.n - 1] : NULL;
    if (!g || g->service_id != b->service_id || strcmp(g->day, b->day) != 0) {
        g = group_add(&w->rows);
        g->service_id = b->service_id;
        g->service_name = arena_strdup(w->a, b->service_name ? b->service_name : "");
        g->day = arena_strdup(w->a, b->day);
    }
    count(&g->acc, b);
    struct group *s = w->services.n ? &w->services.v[w->services.n - 1] : NULL;
    if (!s || s->service_id != b->service_id) {
        s = group_add(&w->services);
        s->service_id = b->service_id;
        s->service_name = g->service_name;
    }
    count(&s->acc, b);
    struct group *d = NULL;
    for (size_t i = 0; i < w->days.n && !d; i++)
        if (!strcmp(w->days.v[i].day, b->day))
            d = &w->days.v[i];
    if (!d) {
        d = group_add(&w->days);
        d->day = g->day;
    }
    count(&d->acc, b);
    count(&w->total, b);
    return 0;
}

static int by_day(const void *x, const void *y)
{
    return strcmp(((const struct group *)x)->day, ((const struct group *)y)->day);
}

/* Columns after the group's own (day and/or service). */
enum { M_BOOKINGS, M_SERVED, M_NO_SHOW, M_CANCELLED, M_OPEN, M_ATTEND, M_WAIT_MED, M_WAIT_P90,
       M_SVC_MED, M_SVC_P90, N_METRICS };

#define METRIC_COLS                                                                       \
    {"bookings", "Pemesanan", RT_INT, 10},                                                \
    {"served", "Dilayani", RT_INT, 9},                                                    \
    {"no_show", "Tidak hadir", RT_INT, 9},                                                \
    {"cancelled", "Dibatalkan", RT_INT, 10},                                              \
    {"open", "Belum selesai", RT_INT, 10, true},                                          \
    {"attendance_pct", "Kehadiran (%)", RT_NUM, 10},                                      \
    {"wait_median_minutes", "Tunggu median (menit)", RT_INT, 11},                         \
    {"wait_p90_minutes", "Tunggu P90 (menit)", RT_INT, 11},                               \
    {"service_median_minutes", "Layanan median (menit)", RT_INT, 11, true},               \
    {"service_p90_minutes", "Layanan P90 (menit)", RT_INT, 11, true}

static const struct rcol row_cols[] = {
    {"day", "Tanggal", RT_TEXT, 11},
    {"service_id", "ID layanan", RT_INT, 8, true},
    {"service", "Layanan", RT_TEXT, 26},
    METRIC_COLS,
};
static const struct rcol service_cols[] = {
    {"service_id", "ID layanan", RT_INT, 8, true},
    {"service", "Layanan", RT_TEXT, 30},
    METRIC_COLS,
};
static const struct rcol day_cols[] = {
    {"day", "Tanggal", RT_TEXT, 11},
    METRIC_COLS,
};

static void median_p90(struct rcell *med, struct rcell *p90, int64_t *v, size_t n)
{
    med->null = p90->null = n == 0;
    if (!n)
        return;
    report_sort(v, n);
    med->i = report_percentile(v, n, 0.5);
    p90->i = report_percentile(v, n, 0.9);
}

/* The metric cells of one row, from column `first` on. */
static void metrics(struct rsection *s, size_t row, size_t first, struct acc *c)
{
    report_cell(s, row, first + M_BOOKINGS)->i = c->bookings;
    report_cell(s, row, first + M_SERVED)->i = c->served;
    report_cell(s, row, first + M_NO_SHOW)->i = c->no_show;
    report_cell(s, row, first + M_CANCELLED)->i = c->cancelled;
    report_cell(s, row, first + M_OPEN)->i = c->open;
    /* attendance: of those whose turn came (served or not there) */
    int64_t due = c->served + c->no_show;
    struct rcell *att = report_cell(s, row, first + M_ATTEND);
    att->null = due == 0;
    att->d = due ? round((double)c->served * 10000 / (double)due) / 100 : 0;
    median_p90(report_cell(s, row, first + M_WAIT_MED), report_cell(s, row, first + M_WAIT_P90),
               c->wait, c->n_wait);
    median_p90(report_cell(s, row, first + M_SVC_MED), report_cell(s, row, first + M_SVC_P90),
               c->svc, c->n_svc);
}

/* Two series (bookings, served) against the label column. */
static void two_series(struct rsection *s, struct arena *a, enum chart_kind kind,
                       const char *title, size_t label_col, size_t first)
{
    size_t n = s->n_rows ? s->n_rows : 1;
    const char **labels = arena_alloc(a, n * sizeof *labels);
    double *booked = arena_alloc(a, n * sizeof *booked), *served = arena_alloc(a, n * sizeof *served);
    for (size_t r = 0; r < s->n_rows; r++) {
        labels[r] = report_cell(s, r, label_col)->s;
        booked[r] = (double)report_cell(s, r, first + M_BOOKINGS)->i;
        served[r] = (double)report_cell(s, r, first + M_SERVED)->i;
    }
    s->chart = (struct chart){kind, title, s->n_rows, labels, booked, served, "Pemesanan",
                              "Dilayani"};
}

/* The period's local days as YYYY-MM-DD (NULL = open). */
static const char *day_text(struct arena *a, int64_t t)
{
    if (!t)
        return NULL;
    time_t lt = (time_t)(t + REPORT_TZ_OFFSET);
    struct tm tm;
    gmtime_r(&lt, &tm);
    char buf[16];
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return arena_strdup(a, buf);
}

int report_build_appointments(struct db *db, struct arena *a, const struct report_args *args,
                              struct rdoc *doc, struct err *err)
{
    int64_t service_id = args->q.service_id;
    if (service_id) {
        struct record *svc = NULL;
        if (db_rec_get(db, &res_services, service_id, a, &svc, err) != 0 &&
            err->kind != ERR_NOT_FOUND)
            return err->kind;
        const char *kind = svc ? svc->v[resource_field(&res_services, "kind")].s : NULL;
        if (!kind || strcmp(kind, "appointment") != 0) {
            err_clear(err);
            return err_invalid(err, "service_id", "bukan layanan janji temu",
                               "not an appointment service");
        }
    }
    const char *from = day_text(a, args->q.created_from);
    const char *to = day_text(a, args->q.created_to ? args->q.created_to - 1 : 0);
    struct walk w = {.a = a};
    int rc = store_report_bookings_each(db, from, to, service_id, on_booking, &w, err);
    if (rc == 0) {
        struct rsection *s = report_add_section(doc, "rows", "Janji temu per layanan dan hari",
                                                row_cols, 3 + N_METRICS, w.rows.n, a);
        for (size_t i = 0; i < w.rows.n; i++) {
            report_cell(s, i, 0)->s = w.rows.v[i].day;
            report_cell(s, i, 1)->i = w.rows.v[i].service_id;
            report_cell(s, i, 2)->s = w.rows.v[i].service_name;
            metrics(s, i, 3, &w.rows.v[i].acc);
        }
        s = report_add_section(doc, "by_service", "Janji temu per layanan", service_cols,
                               2 + N_METRICS, w.services.n, a);
        for (size_t i = 0; i < w.services.n; i++) {
            report_cell(s, i, 0)->i = w.services.v[i].service_id;
            report_cell(s, i, 1)->s = w.services.v[i].service_name;
            metrics(s, i, 2, &w.services.v[i].acc);
        }
        two_series(s, a, CHART_BARS, "Janji temu per layanan", 1, 2);
        if (w.days.n > 1)
            qsort(w.days.v, w.days.n, sizeof *w.days.v, by_day);
        s = report_add_section(doc, "by_day", "Janji temu per hari", day_cols, 1 + N_METRICS,
                               w.days.n, a);
        for (size_t i = 0; i < w.days.n; i++) {
            report_cell(s, i, 0)->s = w.days.v[i].day;
            metrics(s, i, 1, &w.days.v[i].acc);
        }
        two_series(s, a, CHART_LINES, "Janji temu per hari", 0, 1);
        /* the whole period's figures, from the same cells */
        struct rsection tot = {.cols = day_cols, .n_cols = 1 + N_METRICS, .n_rows = 1};
        tot.cells = arena_alloc(a, tot.n_cols * sizeof *tot.cells);
        metrics(&tot, 0, 1, &w.total);
        for (size_t m = 0; m < N_METRICS; m++) {
            const struct rcell *c = &tot.cells[1 + m];
            if (!c->null)
                report_fig(doc, day_cols[1 + m].key,
                           day_cols[1 + m].type == RT_NUM ? c->d : (double)c->i);
        }
    }
    groups_free(&w.rows);
    groups_free(&w.services);
    groups_free(&w.days);
    free(w.total.wait);
    free(w.total.svc);
    return rc;
}
