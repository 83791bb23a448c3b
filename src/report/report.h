/* Reports as documents: a report is built once into sections (a titled
** table, optionally with a chart), and the same document is shaped into
** JSON by the API or written by a sink (CSV, XLSX, PDF) for an export. Big
** ticket lists are streamed row by row into a sink instead of being built.
**
** Days and months are WIB (UTC+07:00) local, like the rollup table. */
#ifndef LOKET_REPORT_H
#define LOKET_REPORT_H

#include "core/err.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct arena;
struct config;
struct report_series;

/* ---- filters ---- */

/* The filters of a report: the ticket list filters (API.md "Tickets"),
** period from/to (local dates YYYY-MM-DD, `to` inclusive) or month=YYYY-MM,
** group_by, interval. */
struct report_args {
    struct ticket_query q; /* created_from/created_to carry the period */
    const char *group_by, *interval;
    const char *from_text, *to_text; /* as given, for titles */
    /* the ticket export (issue #21): columns=number,title,... chosen from
    ** the export's allow-list, in the order given (n_columns 0 = all), and
    ** timeline=public adding each ticket's public timeline */
    unsigned char columns[32];
    size_t n_columns;
    bool timeline;
};

typedef const char *report_get_fn(void *cls, const char *key);

/* Parses every argument through get(cls, key) (NULL = absent) for user me,
** whose visibility scope limits every figure. Errors are field errors
** (ERR_INVALID). Strings live in arena a. */
int report_args_parse(struct db *db, const struct principal *me, report_get_fn *get, void *cls,
                      struct arena *a, struct report_args *out, struct err *err);
/* Same, from a query string "a=1&b=2" (percent-decoded), as export jobs
** store their filters. */
int report_args_parse_query(struct db *db, const struct principal *me, const char *query,
                            struct arena *a, struct report_args *out, struct err *err);
/* A query string "a=1&b=2" read as report_get_fn's cls (percent-decoded,
** in arena a), for report_query_get. */
void *report_query_parse(struct arena *a, const char *query);
const char *report_query_get(void *cls, const char *key);

/* ---- documents ---- */

enum rtype { RT_TEXT, RT_INT, RT_NUM, RT_TIME };

struct rcol {
    const char *key, *label; /* JSON key, printed header (Indonesian) */
    enum rtype type;
    double width; /* characters, for XLSX and PDF column widths */
    bool no_print; /* left out of PDF tables (A4 has room for ~8 columns) */
};

/* One value; RT_TEXT uses s, RT_INT and RT_TIME (unix seconds) i, RT_NUM d. */
struct rcell {
    const char *s;
    int64_t i;
    double d;
    bool null;
};

enum chart_kind { CHART_NONE, CHART_BARS, CHART_LINES };

/* Data for one chart: n categories, one or two series. */
struct chart {
    enum chart_kind kind;
    const char *title;
    size_t n;
    const char **labels;
    const double *a, *b; /* b may be NULL (one series) */
    const char *a_name, *b_name;
};

struct rsection {
    const char *key;   /* JSON member name ("rows", "comments" ...) */
    const char *title; /* printed heading */
    const struct rcol *cols;
    size_t n_cols;
    struct rcell *cells; /* n_rows x n_cols, row-major */
    size_t n_rows;
    struct chart chart;
};

enum { REPORT_MAX_SECTIONS = 12 };

struct rdoc {
    const char *name, *title, *period;
    struct rsection sections[REPORT_MAX_SECTIONS];
    size_t n_sections;
    /* scalar figures (totals, means) for JSON: keys/values, NULL-terminated */
    const char *fig_keys[16];
    double fig_values[16];
    size_t n_figs;
    const char *source; /* "rollup" or "tickets" when the counts had a choice */
    /* key figures as printed text (the recap; its PDF's first page) */
    struct rkey {
        const char *label, *value, *note;
    } keys[8];
    size_t n_keys;
};

/* Adds a section of n_rows × n_cols cells (zeroed, in arena a) to doc. */
struct rsection *report_add_section(struct rdoc *doc, const char *key, const char *title,
                                    const struct rcol *cols, size_t n_cols, size_t n_rows,
                                    struct arena *a);

/* Report names: summary, series, times, sla, workload, ratings, redirects,
** recap, appointments, waiting, rejections (and tickets, streamed, see report_export). true when
** known. */
bool report_known(const char *name);
/* Builds a report into doc (everything in arena a). ERR_INVALID for bad
** arguments (group_by, interval), ERR_NOT_FOUND for an unknown name. */
int report_build(struct db *db, struct arena *a, const char *name, const struct report_args *args,
                 struct rdoc *doc, struct err *err);

/* ---- building blocks shared by the report builders (report/build.c) ---- */

/* A section's cell; report_add_section above makes the section. */
struct rcell *report_cell(struct rsection *s, size_t row, size_t col);
/* A scalar figure of the document (JSON only). */
void report_fig(struct rdoc *doc, const char *key, double v);
/* A bar chart of one integer column against a label column. */
void report_bars(struct rsection *s, struct arena *a, const char *title, size_t label_col,
                 size_t value_col);
/* A growing malloc'd array of durations; aborts when memory is out. */
void report_push(int64_t **v, size_t *n, size_t *cap, int64_t x);
void report_sort(int64_t *v, size_t n);
/* Nearest rank over sorted v (n > 0). */
int64_t report_percentile(const int64_t *v, size_t n, double p);

/* The appointments report (report/appt.c): bookings per service and day. */
int report_build_appointments(struct db *db, struct arena *a, const struct report_args *args,
                              struct rdoc *doc, struct err *err);

/* The waiting-on-requester report (report/waiting.c, issue #21): time in
** "Menunggu Pemohon" and clarification rounds per requesting unit. */
int report_build_waiting(struct db *db, struct arena *a, const struct report_args *args,
                         struct rdoc *doc, struct err *err);

/* The rejections report (report/rejections.c, issue #21): cancelled
** tickets, rejected by staff per reason code apart from the requester's
** own cancellations. */
int report_build_rejections(struct db *db, struct arena *a, const struct report_args *args,
                            struct rdoc *doc, struct err *err);

/* The satisfaction survey report (report/survey.c, issue #22 item 6). */
int report_build_survey(struct db *db, struct arena *a, const struct report_args *args,
                        struct rdoc *doc, struct err *err);

/* ---- sinks ---- */

struct rsink {
    int (*begin)(struct rsink *s, const struct rdoc *doc, struct err *err);
    int (*section)(struct rsink *s, const struct rsection *sec, struct err *err);
    int (*row)(struct rsink *s, const struct rcell *cells, struct err *err);
    /* Finishes the file and frees the sink (also after an error). */
    int (*end)(struct rsink *s, bool ok, struct err *err);
};

/* What a printed document carries besides the data. */
struct report_brand {
    const char *org_name;  /* config org_name */
    const char *logo_path; /* PNG from the report_logo_path setting; NULL = none */
    const char *title;     /* the document's title, in the letterhead */
    /* lines under the name (the settings page, issue #21); NULL = none */
    const char *letterhead;
};

/* CSV (RFC 4180, UTF-8 with BOM, CRLF) into f (not closed). */
struct rsink *report_csv_sink(FILE *f);
/* XLSX at path (libxlsxwriter in constant-memory mode: rows go to disk). */
struct rsink *report_xlsx_sink(const char *path);
/* PDF (A4, cairo + pango) at path. */
struct rsink *report_pdf_sink(const char *path, const struct report_brand *brand);

/* Writes a whole built document into a sink (calls end). */
int report_write(struct rsink *s, const struct rdoc *doc, struct err *err);

/* The ticket export's columns, in the file's order (report/columns.c). */
enum { REPORT_TICKET_N_COLS = 17 };
extern const struct rcol report_ticket_cols[REPORT_TICKET_N_COLS];

/* Reads columns=a,b,... (each a key of the ticket export's columns, none
** twice; NULL or "" = every column) and timeline= ("public" or empty) into
** args. Field errors name `columns` or `timeline`. */
void report_ticket_columns_parse(const char *columns, const char *timeline,
                                 struct report_args *args, struct err *err);

/* Streams the filtered tickets into s as one section (the chosen columns)
** and, with args->timeline, a second section "timeline": the public events
** of those tickets, never internal notes, nothing of bookings (health
** data, issue #16) and no personal contact values (seed 001: "lindungi
** data sensitif (kontak pribadi)"); progress(cls, done,
** total) is called every few thousand rows (may be NULL). Calls end. */
typedef void report_progress_fn(void *cls, int64_t done, int64_t total);
int report_export_tickets(struct db *db, const struct report_args *args, struct rsink *s,
                          report_progress_fn *progress, void *cls, struct err *err);

/* ---- per-ticket documents (report/ticket_pdf.c) ---- */

/* A ticket summary (kind "summary": fields, description, public timeline)
** or a completion report (kind "completion", berita acara: resolution,
** dates, officer, requester, signature blocks) as PDF bytes (malloc'd into
** *out; caller frees). events must hold public events only: nothing marked
** internal is printed even if passed. ERR_INVALID for another kind. */
int report_ticket_pdf(const struct ticket *t, const struct ticket_event *events, size_t n_events,
                      const char *kind, const struct report_brand *brand, unsigned char **out,
                      size_t *len, struct err *err);

/* ---- charts (report/chart.c) ---- */

/* Draws c into the rectangle (x, y, w, h) of a cairo context (cairo_t *). */
void chart_draw(void *cr, const struct chart *c, double x, double y, double w, double h);
/* Renders c alone as SVG or PNG bytes (malloc'd into *out, caller frees). */
int chart_render(const struct chart *c, bool png, double w, double h, unsigned char **out,
                 size_t *len, struct err *err);

/* ---- formatting shared by the sinks ---- */

/* "2026-03-01 14:05" in WIB; "" for 0. buf at least 20 bytes. */
void report_time_text(char *buf, size_t len, int64_t t);
/* "Periode: 2025-01-01 s.d. 2025-12-31" (or "Semua waktu"), in arena a. */
const char *report_period_text(struct arena *a, const struct report_args *args);
/* Label for a status key, channel key, tier key (Indonesian). */
const char *report_label(struct arena *a, const char *dim, const char *key);
/* Indonesian numbers: "1.234", "1.234,50" (decimals digits after the
** comma); "—" for NaN. buf at least 32 bytes. */
void report_num_text(char *buf, size_t len, double v, int decimals);
void report_int_text(char *buf, size_t len, int64_t v);
/* "7 Des 2026 14.35" in WIB, as the web app writes times; "" for 0. */
void report_time_text_id(char *buf, size_t len, int64_t t);
/* "7 Desember 2026", the WIB day of t, in arena a. */
const char *report_day_text_id(struct arena *a, int64_t t);
/* Business minutes in words: "< 1 menit", "45 menit", "2 jam 5 menit",
** "3 hari 2 jam". */
void report_minutes_text(char *buf, size_t len, int64_t minutes);
/* The recap's key figures (doc->keys) from its figures and sections:
** tickets in and out, resolved within SLA, median first response and
** resolution, satisfaction (report/readable.c). */
void report_recap_keys(struct rdoc *doc, struct arena *a);
/* Fills the buckets of the period (q's created_from/created_to, else the
** rows' own first and last) that have no row with zeros, in key order;
** *rows is replaced by an arena copy. Longer than ten years: unchanged. */
void report_series_fill(const struct ticket_query *q, const char *interval, struct arena *a,
                        struct report_series **rows, size_t *n);
/* A section's chart with English title, series names and word labels (the
** rows' codes read for dim: status, channel, tier, month); for lang=en. */
void chart_english(struct rsection *s, const char *dim, struct arena *a);

#endif
