/* Reports: GET /api/v1/reports/{summary,series,times,sla,workload,ratings,
** redirects,recap,appointments} as JSON, the same figures as charts (chart.svg /
** chart.png, drawn by the code that draws them into PDFs), and the
** per-ticket PDF (summary or berita acara). Every figure is limited to the
** tickets the caller may see. */
#include "api/api.h"
#include "api/json.h"
#include "api/survey.h"
#include "api/sched.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/mhd.h"
#include "http/reply.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

static const char *query_get(void *cls, const char *key)
{
    return req_query(cls, key);
}

/* Parses the filters and builds the report named by the route (or ?report). */
static int build(struct req *rq, const char *name, struct rdoc *doc)
{
    struct db *db = req_db(rq);
    struct report_args args;
    if (!db)
        return rq->err.kind;
    if (report_args_parse(db, &rq->user->p, query_get, rq, rq->arena, &args, &rq->err) != 0)
        return rq->err.kind;
    return report_build(db, rq->arena, name, &args, doc, &rq->err);
}

static json_t *cell_json(const struct rcol *col, const struct rcell *c)
{
    if (c->null)
        return json_null();
    switch (col->type) {
    case RT_TEXT:
        return c->s ? json_string(c->s) : json_null();
    case RT_INT:
        return json_integer(c->i);
    case RT_NUM:
        return json_real(c->d);
    case RT_TIME:
        return json_time(c->i);
    }
    return json_null();
}

/* {"report", "title", "period", figures..., "<section key>": [rows],
**  "sections": [{key, title, columns}]} */
static json_t *doc_json(const struct rdoc *doc, const char *group_by)
{
    json_t *o = json_object(), *meta = json_array();
    json_object_set_new(o, "report", json_string(doc->name));
    json_object_set_new(o, "title", json_string(doc->title));
    json_object_set_new(o, "period", json_string(doc->period));
    if (group_by)
        json_object_set_new(o, "group_by", json_string(group_by));
    if (doc->source)
        json_object_set_new(o, "source", json_string(doc->source));
    for (size_t i = 0; i < doc->n_figs; i++) {
        double v = doc->fig_values[i];
        json_object_set_new(o, doc->fig_keys[i],
                            v == (double)(json_int_t)v ? json_integer((json_int_t)v) : json_real(v));
    }
    for (size_t s = 0; s < doc->n_sections; s++) {
        const struct rsection *sec = &doc->sections[s];
        json_t *rows = json_array(), *cols = json_array();
        for (size_t r = 0; r < sec->n_rows; r++) {
            json_t *row = json_object();
            for (size_t c = 0; c < sec->n_cols; c++)
                json_object_set_new(row, sec->cols[c].key,
                                    cell_json(&sec->cols[c], &sec->cells[r * sec->n_cols + c]));
            json_array_append_new(rows, row);
        }
        static const char *const types[] = {"text", "integer", "number", "time"};
        for (size_t c = 0; c < sec->n_cols; c++)
            json_array_append_new(cols, json_pack("{s:s, s:s, s:s}", "key", sec->cols[c].key,
                                                  "label", sec->cols[c].label, "type",
                                                  types[sec->cols[c].type]));
        json_object_set_new(o, sec->key, rows);
        json_array_append_new(meta, json_pack("{s:s, s:s, s:o}", "key", sec->key, "title",
                                              sec->title, "columns", cols));
    }
    json_object_set_new(o, "sections", meta);
    return o;
}

static int report_get(struct req *rq, const char *name)
{
    struct rdoc doc;
    if (build(rq, name, &doc) != 0)
        return reply_err(rq, &rq->err);
    const char *gb = req_query(rq, "group_by");
    if (!strcmp(name, "summary") && !(gb && *gb))
        gb = "status";
    bool grouped = !strcmp(name, "summary") || !strcmp(name, "sla");
    if (!strcmp(name, "sla") && !(gb && *gb))
        gb = "policy";
    json_t *o = doc_json(&doc, grouped ? gb : NULL);
    /* the organisation, for the printed dashboard's header (issue #21) */
    json_object_set_new(o, "org_name", json_string(rq->app->cfg->org_name));
    return reply_json(rq, 200, o);
}

/* One handler per report, so the route table names each. */
int api_reports_summary(struct req *rq)
{
    return report_get(rq, "summary");
}

int api_reports_series(struct req *rq)
{
    return report_get(rq, "series");
}

int api_reports_times(struct req *rq)
{
    return report_get(rq, "times");
}

int api_reports_sla(struct req *rq)
{
    return report_get(rq, "sla");
}

int api_reports_workload(struct req *rq)
{
    return report_get(rq, "workload");
}

int api_reports_ratings(struct req *rq)
{
    return report_get(rq, "ratings");
}

int api_reports_redirects(struct req *rq)
{
    return report_get(rq, "redirects");
}

int api_reports_recap(struct req *rq)
{
    return report_get(rq, "recap");
}

int api_reports_appointments(struct req *rq)
{
    return report_get(rq, "appointments");
}

int api_reports_waiting(struct req *rq)
{
    return report_get(rq, "waiting");
}

int api_reports_rejections(struct req *rq)
{
    return report_get(rq, "rejections");
}

/* GET /api/v1/reports/chart.svg|png?report=summary&section=0&width&height&lang
** + the report's own arguments; lang=en words the chart in English. */
static int report_chart(struct req *rq, bool png)
{
    const char *name = req_query(rq, "report");
    if (!name || !*name)
        name = "summary";
    if (!report_known(name) || !strcmp(name, "tickets"))
        return reply_error(rq, ERR_INVALID, "validation", "laporan tidak dikenal",
                           "unknown report");
    const char *ws = req_query(rq, "width"), *hs = req_query(rq, "height"),
               *ss = req_query(rq, "section");
    double w = ws ? atof(ws) : 640, h = hs ? atof(hs) : 320;
    if (w < 200 || w > 2000 || h < 120 || h > 1500)
        return reply_error(rq, ERR_INVALID, "validation",
                           "ukuran grafik 200-2000 x 120-1500", "chart size 200-2000 x 120-1500");
    struct rdoc doc;
    if (build(rq, name, &doc) != 0)
        return reply_err(rq, &rq->err);
    size_t sidx = ss ? (size_t)strtoul(ss, NULL, 10) : 0;
    while (sidx < doc.n_sections && doc.sections[sidx].chart.kind == CHART_NONE)
        sidx++;
    if (sidx >= doc.n_sections)
        return reply_error(rq, ERR_NOT_FOUND, "report.no_chart", "laporan ini tanpa grafik",
                           "this report has no chart");
    const char *lang = req_query(rq, "lang");
    if (lang && !strcmp(lang, "en")) {
        const char *gb = req_query(rq, "group_by");
        chart_english(&doc.sections[sidx], !strcmp(name, "summary") ? (gb && *gb ? gb : "status")
                                                                     : gb,
                      rq->arena);
    }
    unsigned char *bytes;
    size_t len;
    if (chart_render(&doc.sections[sidx].chart, png, w, h, &bytes, &len, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    arena_defer(rq->arena, free, bytes);
    return reply_bytes(rq, 200, png ? "image/png" : "image/svg+xml", bytes, len);
}

int api_reports_chart_svg(struct req *rq)
{
    return report_chart(rq, false);
}

int api_reports_chart_png(struct req *rq)
{
    return report_chart(rq, true);
}

/* GET /api/v1/tickets/{number}/pdf?kind=summary|completion */
int api_tickets_pdf(struct req *rq)
{
    struct db *db = req_db(rq);
    struct ticket *t;
    if (!db || ticket_load(rq, db, &t) != 0)
        return reply_err(rq, &rq->err);
    const char *kind = req_query(rq, "kind");
    if (!kind || !*kind)
        kind = "summary";
    if (strcmp(kind, "summary") != 0 && strcmp(kind, "completion") != 0)
        return reply_error(rq, ERR_INVALID, "validation", "kind harus summary atau completion",
                           "kind must be summary or completion");
    if (!strcmp(kind, "completion") && !t->resolved_at && !t->closed_at)
        return reply_error(rq, ERR_CONFLICT, "ticket.not_resolved",
                           "berita acara hanya untuk tiket yang sudah diselesaikan",
                           "a completion report needs a resolved ticket");
    /* public events only, whoever asks: a printed page leaves the system */
    struct ticket_event *ev = NULL;
    size_t n = 0;
    if (!strcmp(kind, "summary") &&
        db_events_list(db, t->id, false, rq->arena, &ev, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct report_brand brand = api_ticket_brand(rq, db);
    unsigned char *bytes;
    size_t len;
    if (report_ticket_pdf(t, ev, n, kind, &brand, &bytes, &len, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, bytes, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(bytes);
        return reply_error(rq, ERR_INTERNAL, "internal", "kesalahan internal", "internal error");
    }
    MHD_add_response_header(resp, "Content-Type", "application/pdf");
    MHD_add_response_header(resp, "Content-Disposition",
                            arena_printf(rq->arena, "inline; filename=\"%s-%s.pdf\"", t->number,
                                         !strcmp(kind, "summary") ? "ringkasan" : "berita-acara"));
    rq->resp_bytes = len;
    return reply_queue(rq, 200, resp, true);
}

/* The survey report holds free-text answers: admins and leaders only
** (issue #22 item 6), 404 for the other report readers. */
int api_reports_survey(struct req *rq)
{
    enum role r = rq->user->p.role;
    if (r != ROLE_ADMIN && r != ROLE_LEADER)
        return reply_error(rq, ERR_NOT_FOUND, "not_found", "tidak ditemukan", "not found");
    return report_get(rq, "survey");
}
