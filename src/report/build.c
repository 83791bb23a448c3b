/* Building reports: store figures turned into titled tables with charts.
** Durations are business minutes on each ticket's SLA calendar (always open
** when it has no policy); percentiles use the nearest-rank method. */
#include "core/arena.h"
#include "core/buf.h"
#include "core/bizcal.h"
#include "core/ticket.h"
#include "report/report.h"
#include "store/report_store.h"
#include "svc/svc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- labels ----------------------------------------------------------- */

void report_time_text(char *buf, size_t len, int64_t t)
{
    if (!t) {
        if (len)
            buf[0] = 0;
        return;
    }
    time_t lt = (time_t)(t + REPORT_TZ_OFFSET);
    struct tm tm;
    gmtime_r(&lt, &tm);
    strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

static const char *const month_names[] = {"Januari", "Februari", "Maret",     "April",
                                          "Mei",     "Juni",     "Juli",      "Agustus",
                                          "September", "Oktober", "November", "Desember"};

const char *report_label(struct arena *a, const char *dim, const char *key)
{
    if (!key)
        key = "";
    if (!strcmp(dim, "status")) {
        enum ticket_status st;
        return ticket_status_parse(key, &st) == 0 ? ticket_status_label(st, LOC_ID) : key;
    }
    if (!strcmp(dim, "channel")) {
        static const char *const ch[][2] = {{"web", "Web"}, {"email", "Email"},
                                            {"whatsapp", "WhatsApp"}, {"phone", "Telepon"},
                                            {"walk_in", "Datang langsung"}};
        for (size_t i = 0; i < sizeof ch / sizeof ch[0]; i++)
            if (!strcmp(key, ch[i][0]))
                return ch[i][1];
        return key;
    }
    if (!strcmp(dim, "tier"))
        return arena_printf(a, "Tingkat %s", key);
    if (!strcmp(dim, "tagged"))
        return !strcmp(key, "yes") ? "Bertag" : "Belum bertag";
    if (!strcmp(dim, "categorised"))
        return !strcmp(key, "yes") ? "Berkategori" : "Belum berkategori";
    if (!strcmp(dim, "month")) {
        int y, m;
        if (sscanf(key, "%d-%d", &y, &m) == 2 && m >= 1 && m <= 12)
            return arena_printf(a, "%s %d", month_names[m - 1], y);
        return key;
    }
    if (!*key) {
        if (!strcmp(dim, "agent"))
            return "(belum ditugaskan)";
        if (!strcmp(dim, "policy"))
            return "(tanpa kebijakan SLA)";
        return "(tidak ada)";
    }
    return key;
}

/* ---- sections --------------------------------------------------------- */

struct rsection *report_add_section(struct rdoc *doc, const char *key, const char *title,
                                    const struct rcol *cols, size_t n_cols, size_t n_rows,
                                    struct arena *a)
{
    struct rsection *s = &doc->sections[doc->n_sections++];
    s->key = key;
    s->title = title;
    s->cols = cols;
    s->n_cols = n_cols;
    s->n_rows = n_rows;
    s->cells = arena_alloc(a, (n_rows ? n_rows : 1) * n_cols * sizeof *s->cells);
    return s;
}

struct rcell *report_cell(struct rsection *s, size_t row, size_t col)
{
    return &s->cells[row * s->n_cols + col];
}

void report_fig(struct rdoc *doc, const char *key, double v)
{
    if (doc->n_figs < sizeof doc->fig_keys / sizeof doc->fig_keys[0]) {
        doc->fig_keys[doc->n_figs] = key;
        doc->fig_values[doc->n_figs++] = v;
    }
}

/* A bar chart of one integer column against the label column. */
void report_bars(struct rsection *s, struct arena *a, const char *title, size_t label_col,
                 size_t value_col)
{
    const char **labels = arena_alloc(a, (s->n_rows ? s->n_rows : 1) * sizeof *labels);
    double *v = arena_alloc(a, (s->n_rows ? s->n_rows : 1) * sizeof *v);
    for (size_t r = 0; r < s->n_rows; r++) {
        labels[r] = report_cell(s, r, label_col)->s;
        v[r] = (double)report_cell(s, r, value_col)->i;
    }
    s->chart = (struct chart){CHART_BARS, title, s->n_rows, labels, v, NULL, s->cols[value_col].label,
                              NULL};
}

/* Codes and ids are for machines (JSON, CSV, XLSX): the printed table
** shows the label (issue #20 item 9). */
static const struct rcol count_cols[] = {
    {"key", "Kode", RT_TEXT, 12, true},
    {"label", "Nama", RT_TEXT, 36},
    {"count", "Jumlah", RT_INT, 10},
};

static const char *const dim_titles[][2] = {
    {"status", "Tiket per status"},     {"unit", "Tiket per unit"},
    {"service", "Tiket per layanan"},   {"category", "Tiket per kategori"},
    {"channel", "Tiket per kanal"},     {"priority", "Tiket per prioritas"},
    {"tier", "Tiket per tingkat"},      {"agent", "Tiket per petugas"},
    {"month", "Tiket per bulan"},
    {"tagged", "Tiket bertag"},         {"categorised", "Tiket berkategori"},
};

static const char *dim_title(const char *dim)
{
    for (size_t i = 0; i < sizeof dim_titles / sizeof dim_titles[0]; i++)
        if (!strcmp(dim, dim_titles[i][0]))
            return dim_titles[i][1];
    return "Tiket";
}

/* The filing dimensions (tagged, categorised) also give each row's share,
** and the share filed as the figure <dim>_share (issue #21 item 5). */
static const struct rcol share_cols[] = {
    {"key", "Kode", RT_TEXT, 12, true},
    {"label", "Nama", RT_TEXT, 36},
    {"count", "Jumlah", RT_INT, 10},
    {"share", "Persen", RT_NUM, 10},
};

static void filing_share(struct rsection *s, struct rdoc *doc, const char *dim, int64_t total,
                         struct arena *a)
{
    double yes = 0;
    for (size_t i = 0; i < s->n_rows; i++) {
        double pct = total ? round(1000.0 * (double)report_cell(s, i, 2)->i / (double)total) / 10
                           : 0;
        report_cell(s, i, 3)->d = pct;
        if (!strcmp(report_cell(s, i, 0)->s, "yes"))
            yes = pct;
    }
    report_fig(doc, arena_printf(a, "%s_share", dim), yes);
}

static int build_summary(struct db *db, struct arena *a, const struct report_args *args,
                         const char *dim, const char *key, struct rdoc *doc, int64_t *total,
                         struct err *err)
{
    bool filing = !strcmp(dim, "tagged") || !strcmp(dim, "categorised");
    struct report_count *rows;
    size_t n;
    bool rollup;
    if (store_report_summary(db, &args->q, dim, a, &rows, &n, &rollup, err) != 0)
        return err->kind;
    doc->source = rollup ? "rollup" : "tickets";
    struct rsection *s = report_add_section(doc, key, dim_title(dim),
                                            filing ? share_cols : count_cols, filing ? 4 : 3,
                                            n, a);
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        report_cell(s, i, 0)->s = rows[i].key;
        report_cell(s, i, 1)->s = rows[i].label ? rows[i].label : report_label(a, dim, rows[i].key);
        report_cell(s, i, 2)->i = rows[i].n;
        *total += rows[i].n;
    }
    if (filing)
        filing_share(s, doc, dim, *total, a);
    report_bars(s, a, dim_title(dim), 1, 2);
    return 0;
}

static const struct rcol series_cols[] = {
    {"period", "Periode", RT_TEXT, 14},
    {"created", "Dibuat", RT_INT, 10},
    {"resolved", "Diselesaikan", RT_INT, 12},
};

static int build_series(struct db *db, struct arena *a, const struct report_args *args,
                        const char *interval, struct rdoc *doc, struct err *err)
{
    struct report_series *rows;
    size_t n;
    bool rollup;
    if (store_report_series(db, &args->q, interval, a, &rows, &n, &rollup, err) != 0)
        return err->kind;
    report_series_fill(&args->q, interval, a, &rows, &n); /* a day without tickets is a 0 */
    doc->source = rollup ? "rollup" : "tickets";
    struct rsection *s = report_add_section(doc, "rows", "Tiket dibuat dan diselesaikan", series_cols,
                                     3, n, a);
    const char **labels = arena_alloc(a, (n ? n : 1) * sizeof *labels);
    double *c = arena_alloc(a, (n ? n : 1) * sizeof *c), *r = arena_alloc(a, (n ? n : 1) * sizeof *r);
    int64_t tc = 0, tr = 0;
    for (size_t i = 0; i < n; i++) {
        report_cell(s, i, 0)->s = labels[i] = rows[i].key;
        report_cell(s, i, 1)->i = rows[i].created;
        report_cell(s, i, 2)->i = rows[i].resolved;
        c[i] = (double)rows[i].created;
        r[i] = (double)rows[i].resolved;
        tc += rows[i].created;
        tr += rows[i].resolved;
    }
    s->chart = (struct chart){CHART_LINES, "Dibuat vs diselesaikan", n, labels, c, r, "Dibuat",
                              "Diselesaikan"};
    report_fig(doc, "created", (double)tc);
    report_fig(doc, "resolved", (double)tr);
    return 0;
}

/* ---- durations -------------------------------------------------------- */

struct cal_slot {
    int64_t policy_id;
    struct bizcal cal;
};

struct times_acc {
    struct db *db;
    struct arena *a;
    struct err *err;
    struct cal_slot cals[32];
    size_t n_cals;
    int64_t *fr, *res;
    size_t n_fr, n_res, cap_fr, cap_res;
};

static const struct bizcal *calendar(struct times_acc *t, int64_t policy_id)
{
    for (size_t i = 0; i < t->n_cals; i++)
        if (t->cals[i].policy_id == policy_id)
            return &t->cals[i].cal;
    struct cal_slot *s = &t->cals[t->n_cals < 32 ? t->n_cals++ : 31];
    s->policy_id = policy_id;
    if (svc_sla_calendar(t->db, t->a, policy_id, &s->cal, t->err) != 0)
        return NULL;
    return &s->cal;
}

void report_push(int64_t **v, size_t *n, size_t *cap, int64_t x)
{
    if (*n == *cap) {
        int64_t *bigger = vec_grow(*v, cap, *n + 1, sizeof **v, SIZE_MAX);
        if (!bigger)
            abort(); /* out of memory: nothing sensible left to do */
        *v = bigger;
    }
    (*v)[(*n)++] = x;
}

static int times_row(void *cls, const struct report_times_row *r)
{
    struct times_acc *t = cls;
    const struct bizcal *cal = calendar(t, r->sla_policy_id);
    if (!cal)
        return t->err->kind ? t->err->kind : ERR_STORE;
    if (r->first_response_at)
        report_push(&t->fr, &t->n_fr, &t->cap_fr,
             bizcal_minutes_between(cal, r->created_at, r->first_response_at));
    if (r->resolved_at) {
        int64_t m = bizcal_minutes_between(cal, r->created_at, r->resolved_at) - r->paused_minutes;
        report_push(&t->res, &t->n_res, &t->cap_res, m > 0 ? m : 0);
    }
    return 0;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

void report_sort(int64_t *v, size_t n)
{
    if (n > 1) /* v is NULL when nothing was pushed */
        qsort(v, n, sizeof *v, cmp_i64);
}

/* Nearest rank: the smallest value with at least p of the values at or below it. */
int64_t report_percentile(const int64_t *v, size_t n, double p)
{
    size_t rank = (size_t)ceil(p * (double)n);
    return v[rank ? rank - 1 : 0];
}

static const struct rcol times_cols[] = {
    {"metric", "Ukuran", RT_TEXT, 16, true},
    {"label", "Keterangan", RT_TEXT, 28},
    {"count", "Jumlah tiket", RT_INT, 12},
    {"median_minutes", "Median (menit kerja)", RT_INT, 14},
    {"p90_minutes", "P90 (menit kerja)", RT_INT, 14},
    {"mean_minutes", "Rata-rata (menit kerja)", RT_NUM, 14},
};

static void times_line(struct rsection *s, size_t row, const char *metric, const char *label,
                       int64_t *v, size_t n)
{
    report_sort(v, n);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)v[i];
    report_cell(s, row, 0)->s = metric;
    report_cell(s, row, 1)->s = label;
    report_cell(s, row, 2)->i = (int64_t)n;
    report_cell(s, row, 3)->null = report_cell(s, row, 4)->null = report_cell(s, row, 5)->null = n == 0;
    if (n) {
        report_cell(s, row, 3)->i = report_percentile(v, n, 0.5);
        report_cell(s, row, 4)->i = report_percentile(v, n, 0.9);
        report_cell(s, row, 5)->d = round(sum / (double)n * 100) / 100;
    }
}

static int build_times(struct db *db, struct arena *a, const struct report_args *args,
                       struct rdoc *doc, struct err *err)
{
    struct times_acc t = {.db = db, .a = a, .err = err};
    int rc = store_report_times_each(db, &args->q, times_row, &t, err);
    if (rc == 0) {
        struct rsection *s = report_add_section(doc, "rows", "Waktu tanggapan dan penyelesaian",
                                         times_cols, 6, 2, a);
        times_line(s, 0, "first_response", "Tanggapan pertama", t.fr, t.n_fr);
        times_line(s, 1, "resolution", "Penyelesaian", t.res, t.n_res);
    }
    free(t.fr);
    free(t.res);
    return rc;
}

/* ---- SLA, workload, ratings, redirects -------------------------------- */

static const struct rcol sla_cols[] = {
    {"key", "Kode", RT_TEXT, 10, true},
    {"label", "Nama", RT_TEXT, 32},
    {"met", "Tepat waktu", RT_INT, 12},
    {"breached", "Terlambat", RT_INT, 12},
    {"running", "Berjalan", RT_INT, 12},
    {"compliance_pct", "Kepatuhan (%)", RT_NUM, 12},
};

static int build_sla(struct db *db, struct arena *a, const struct report_args *args,
                     const char *by, const char *key, struct rdoc *doc, struct err *err)
{
    struct report_sla *rows;
    size_t n;
    if (store_report_sla(db, &args->q, by, a, &rows, &n, err) != 0)
        return err->kind;
    struct rsection *s = report_add_section(doc, key, arena_printf(a, "Kepatuhan SLA per %s",
                                                            !strcmp(by, "policy") ? "kebijakan"
                                                            : !strcmp(by, "unit") ? "unit"
                                                                                  : "petugas"),
                                     sla_cols, 6, n, a);
    int64_t met = 0, br = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        report_cell(s, i, 0)->s = rows[i].key;
        report_cell(s, i, 1)->s = rows[i].label ? rows[i].label : report_label(a, by, rows[i].key);
        report_cell(s, i, 2)->i = rows[i].met;
        report_cell(s, i, 3)->i = rows[i].breached;
        report_cell(s, i, 4)->i = rows[i].running;
        int64_t done = rows[i].met + rows[i].breached;
        report_cell(s, i, 5)->null = done == 0;
        report_cell(s, i, 5)->d = done ? round((double)rows[i].met * 10000 / (double)done) / 100 : 0;
        met += rows[i].met;
        br += rows[i].breached;
        run += rows[i].running;
    }
    report_bars(s, a, "Tiket terlambat (SLA terlewati)", 1, 3);
    report_fig(doc, "met", (double)met);
    report_fig(doc, "breached", (double)br);
    report_fig(doc, "running", (double)run);
    return 0;
}

static const struct rcol workload_cols[] = {
    {"agent_id", "ID", RT_INT, 6, true},
    {"name", "Petugas", RT_TEXT, 30},
    {"open", "Terbuka", RT_INT, 10},
    {"resolved", "Diselesaikan", RT_INT, 12},
    {"avg_resolution_minutes", "Rata-rata penyelesaian (menit)", RT_NUM, 16},
};

static int build_workload(struct db *db, struct arena *a, const struct report_args *args,
                          struct rdoc *doc, struct err *err)
{
    struct report_workload *rows;
    size_t n;
    if (store_report_workload(db, &args->q, a, &rows, &n, err) != 0)
        return err->kind;
    struct rsection *s = report_add_section(doc, "rows", "Beban kerja petugas", workload_cols, 5, n, a);
    for (size_t i = 0; i < n; i++) {
        report_cell(s, i, 0)->i = rows[i].agent_id;
        report_cell(s, i, 1)->s = rows[i].name;
        report_cell(s, i, 2)->i = rows[i].open;
        report_cell(s, i, 3)->i = rows[i].resolved;
        report_cell(s, i, 4)->null = rows[i].avg_minutes < 0;
        report_cell(s, i, 4)->d = rows[i].avg_minutes < 0 ? 0 : round(rows[i].avg_minutes * 100) / 100;
    }
    report_bars(s, a, "Tiket diselesaikan per petugas", 1, 3);
    return 0;
}

static const struct rcol dist_cols[] = {
    {"stars", "Bintang", RT_INT, 10},
    {"label", "Nilai", RT_TEXT, 14},
    {"count", "Jumlah", RT_INT, 10},
};
static const struct rcol comment_cols[] = {
    {"number", "Nomor tiket", RT_TEXT, 18},
    {"rating", "Nilai", RT_INT, 8},
    {"feedback", "Komentar", RT_TEXT, 60},
    {"at", "Waktu", RT_TIME, 18},
};

static int build_ratings(struct db *db, struct arena *a, const struct report_args *args,
                         bool comments, struct rdoc *doc, struct err *err)
{
    struct report_ratings r;
    if (store_report_ratings(db, &args->q, comments ? 50 : 0, a, &r, err) != 0)
        return err->kind;
    struct rsection *s = report_add_section(doc, comments ? "distribution" : "ratings",
                                     "Sebaran penilaian", dist_cols, 3, 5, a);
    for (size_t i = 0; i < 5; i++) {
        report_cell(s, i, 0)->i = (int64_t)i + 1;
        report_cell(s, i, 1)->s = arena_printf(a, "%zu bintang", i + 1);
        report_cell(s, i, 2)->i = r.dist[i + 1];
    }
    report_bars(s, a, "Sebaran penilaian", 1, 2);
    report_fig(doc, "rating_count", (double)r.count);
    report_fig(doc, "rating_mean", round(r.mean * 100) / 100);
    if (!comments)
        return 0;
    s = report_add_section(doc, "comments", "Komentar penilaian terbaru", comment_cols, 4,
                    r.n_comments, a);
    for (size_t i = 0; i < r.n_comments; i++) {
        report_cell(s, i, 0)->s = r.comments[i].number;
        report_cell(s, i, 1)->i = r.comments[i].rating;
        report_cell(s, i, 2)->s = r.comments[i].feedback;
        report_cell(s, i, 3)->i = r.comments[i].at;
    }
    return 0;
}

static int build_redirects(struct db *db, struct arena *a, const struct report_args *args,
                           struct rdoc *doc, struct err *err)
{
    struct report_count *rows;
    size_t n;
    if (store_report_redirects(db, args->q.created_from, args->q.created_to, a, &rows, &n,
                               err) != 0)
        return err->kind;
    struct rsection *s = report_add_section(doc, "redirects", "Pengalihan ke aplikasi lain per layanan",
                                     count_cols, 3, n, a);
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        report_cell(s, i, 0)->s = rows[i].key;
        report_cell(s, i, 1)->s = rows[i].label;
        report_cell(s, i, 2)->i = rows[i].n;
        total += rows[i].n;
    }
    report_bars(s, a, "Pengalihan per layanan", 1, 2);
    report_fig(doc, "redirects", (double)total);
    return 0;
}

/* ---- the catalogue ---------------------------------------------------- */

static const char *const names[][2] = {
    {"summary", "Ringkasan tiket"},
    {"series", "Tiket dibuat dan diselesaikan"},
    {"times", "Waktu tanggapan dan penyelesaian"},
    {"sla", "Kepatuhan SLA"},
    {"workload", "Beban kerja petugas"},
    {"ratings", "Penilaian layanan"},
    {"redirects", "Pengalihan layanan"},
    {"recap", "Rekap bulanan"},
    {"appointments", "Janji temu dan antrean"},
    {"tickets", "Daftar tiket"},
    {"waiting", "Waktu menunggu pemohon per unit"},
    {"rejections", "Penolakan dan pembatalan tiket"},
    {"survey", "Survei kepuasan pengguna"},
};

bool report_known(const char *name)
{
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i][0]))
            return true;
    return false;
}

const char *report_period_text(struct arena *a, const struct report_args *args)
{
    if (!args->q.created_from && !args->q.created_to)
        return "Semua waktu";
    /* dates only, as Indonesians write them: the period is made of whole local days */
    return arena_printf(a, "Periode: %s s.d. %s",
                        args->q.created_from ? report_day_text_id(a, args->q.created_from) : "awal",
                        args->q.created_to ? report_day_text_id(a, args->q.created_to - 60)
                                           : "sekarang");
}

int report_build(struct db *db, struct arena *a, const char *name, const struct report_args *args,
                 struct rdoc *doc, struct err *err)
{
    memset(doc, 0, sizeof *doc);
    doc->name = name;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (name && !strcmp(name, names[i][0]))
            doc->title = names[i][1];
    if (!doc->title || !strcmp(name, "tickets"))
        return err_set(err, ERR_NOT_FOUND, "report.not_found", "laporan tidak dikenal",
                       "unknown report");
    doc->period = report_period_text(a, args);
    const char *gb = args->group_by && *args->group_by ? args->group_by : NULL;
    int64_t total;
    if (!strcmp(name, "summary")) {
        if (build_summary(db, a, args, gb ? gb : "status", "rows", doc, &total, err) != 0)
            return err->kind;
        report_fig(doc, "total", (double)total);
        return 0;
    }
    if (!strcmp(name, "series"))
        return build_series(db, a, args, args->interval ? args->interval : "day", doc, err);
    if (!strcmp(name, "times"))
        return build_times(db, a, args, doc, err);
    if (!strcmp(name, "sla"))
        return build_sla(db, a, args, gb ? gb : "policy", "rows", doc, err);
    if (!strcmp(name, "workload"))
        return build_workload(db, a, args, doc, err);
    if (!strcmp(name, "ratings"))
        return build_ratings(db, a, args, true, doc, err);
    if (!strcmp(name, "redirects"))
        return build_redirects(db, a, args, doc, err);
    if (!strcmp(name, "appointments"))
        return report_build_appointments(db, a, args, doc, err);
    if (!strcmp(name, "waiting"))
        return report_build_waiting(db, a, args, doc, err);
    if (!strcmp(name, "rejections"))
        return report_build_rejections(db, a, args, doc, err);
    if (!strcmp(name, "survey"))
        return report_build_survey(db, a, args, doc, err);
    /* recap: one month (or the given period) in one document */
    if (build_summary(db, a, args, "status", "by_status", doc, &total, err) != 0 ||
        build_summary(db, a, args, "unit", "by_unit", doc, &total, err) != 0 ||
        build_summary(db, a, args, "service", "by_service", doc, &total, err) != 0)
        return err->kind;
    report_fig(doc, "total", (double)total);
    size_t before = doc->n_sections;
    /* a month or a few weeks by day; longer periods by month, or the page
    ** of days is longer than the rest of the recap */
    bool by_day = args->q.created_from && args->q.created_to &&
                  args->q.created_to - args->q.created_from <= 62 * 86400;
    if (build_series(db, a, args, by_day ? "day" : "month", doc, err) != 0)
        return err->kind;
    doc->sections[before].key = "series";
    before = doc->n_sections;
    if (build_times(db, a, args, doc, err) != 0)
        return err->kind;
    doc->sections[before].key = "times";
    if (build_sla(db, a, args, "unit", "sla_by_unit", doc, err) != 0 ||
        build_ratings(db, a, args, false, doc, err) != 0 ||
        build_redirects(db, a, args, doc, err) != 0)
        return err->kind;
    report_recap_keys(doc, a);
    return 0;
}
