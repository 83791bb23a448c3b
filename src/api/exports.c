/* Exports as jobs: POST /api/v1/exports queues one (202), the export worker
** (report/worker.c) writes the file, GET /exports/{id} tells status and
** percent, GET /exports/{id}/file downloads it. A job runs with the
** visibility of the user who asked, and only they (or an admin) see it. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/mhd.h"
#include "http/reply.h"
#include "report/partner_report.h"
#include "report/report.h"
#include "report/worker.h"
#include "store/report_store.h"
#include "svc/letters.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static json_t *job_json(const struct export_job *j)
{
    int64_t pct = !strcmp(j->status, "done") ? 100
                  : j->total > 0             ? j->done_rows * 100 / j->total
                                             : 0;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:o}", "id", (json_int_t)j->id,
                          "report", j->report, "format", j->format, "status", j->status,
                          "percent", (json_int_t)pct, "done_rows", (json_int_t)j->done_rows,
                          "total", (json_int_t)j->total, "created_at", json_time(j->created_at),
                          "finished_at", json_time(j->finished_at));
    json_object_set_new(o, "error", j->error ? json_string(j->error) : json_null());
    json_object_set_new(o, "file_url",
                        !strcmp(j->status, "done")
                            ? json_sprintf("/api/v1/exports/%lld/file", (long long)j->id)
                            : json_null());
    return o;
}

/* Appends key=value, percent-encoded, to the query string in *qs. */
static void qs_add(struct req *rq, char **qs, const char *key, const char *val)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(key) + 3 * strlen(val) + 3;
    char *part = arena_alloc(rq->arena, n), *p = part;
    const char *src[2] = {key, val};
    for (int k = 0; k < 2; k++) {
        for (const unsigned char *s = (const unsigned char *)src[k]; *s; s++) {
            if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                strchr("-_.~,", *s)) {
                *p++ = (char)*s;
            } else {
                *p++ = '%';
                *p++ = hex[*s >> 4];
                *p++ = hex[*s & 15];
            }
        }
        if (k == 0)
            *p++ = '=';
    }
    *p = 0;
    *qs = arena_printf(rq->arena, "%s%s%s", *qs, **qs ? "&" : "", part);
}

/* Filters: the members of "filters" and any other top-level member, as
** strings, numbers or booleans (the same names as the report's query). */
static int filters_qs(struct req *rq, json_t *obj, char **qs)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        if (!strcmp(key, "report") || !strcmp(key, "format"))
            continue;
        if (!strcmp(key, "filters") && json_is_object(v)) {
            if (filters_qs(rq, v, qs) != 0)
                return -1;
            continue;
        }
        if (json_is_string(v))
            qs_add(rq, qs, key, json_string_value(v));
        else if (json_is_integer(v))
            qs_add(rq, qs, key, arena_printf(rq->arena, "%lld", (long long)json_integer_value(v)));
        else if (json_is_boolean(v))
            qs_add(rq, qs, key, json_is_true(v) ? "true" : "false");
        else if (!json_is_null(v))
            err_field(&rq->err, key, "harus teks atau angka", "must be a string or a number");
    }
    return 0;
}

/* Partner letters in bulk (issue #17 item 4, svc/letters.c): report
** "letters", one PDF or a ZIP of PDFs. */
static bool is_letters(const char *report)
{
    return report && !strcmp(report, "letters");
}

/* Who may export what: the ticket reports need ACT_REPORT_READ; the
** partner reports (report/partner_report.h) and letters the partner
** administration (ACT_PARTNER_USE), whose outsiders get 404 as everywhere
** in it. */
static int may_export(struct req *rq, const char *report)
{
    const struct principal *me = &rq->user->p;
    bool partner = partner_report_known(report) || is_letters(report);
    if (partner && !perm_can(me, ACT_PARTNER_USE, NULL))
        return err_set(&rq->err, ERR_NOT_FOUND, "not_found", "tidak ditemukan", "not found");
    /* the survey's free-text answers: admins and leaders (issue #22) */
    if (report && !strcmp(report, "survey") && me->role != ROLE_ADMIN && me->role != ROLE_LEADER)
        return err_set(&rq->err, ERR_NOT_FOUND, "not_found", "tidak ditemukan", "not found");
    if (!partner && !perm_can(me, ACT_REPORT_READ, NULL))
        return err_set(&rq->err, ERR_FORBIDDEN, "forbidden", "Anda tidak berhak melakukan ini",
                       "you are not allowed to do this");
    return 0;
}

/* Reading export jobs needs ACT_REPORT_READ or the partner administration
** (load_job then shows only one's own jobs, or every job to admins). */
static int may_use_exports(struct req *rq)
{
    const struct principal *me = &rq->user->p;
    if (perm_can(me, ACT_REPORT_READ, NULL) || perm_can(me, ACT_PARTNER_USE, NULL))
        return 0;
    return err_set(&rq->err, ERR_FORBIDDEN, "forbidden", "Anda tidak berhak melakukan ini",
                   "you are not allowed to do this");
}

/* The ticket export's own options (issue #21): chosen columns and the
** public timeline belong to report "tickets"; the timeline is a second
** table, which CSV and XLSX hold and the PDF list does not. */
static int export_options_check(struct req *rq, const char *report, const char *format,
                                const struct report_args *args)
{
    bool tickets = !strcmp(report, "tickets");
    if (!tickets && args->n_columns)
        err_field(&rq->err, "columns", "hanya untuk laporan tickets", "only for report tickets");
    if (!tickets && args->timeline)
        err_field(&rq->err, "timeline", "hanya untuk laporan tickets", "only for report tickets");
    else if (args->timeline && !strcmp(format, "pdf"))
        err_field(&rq->err, "timeline", "hanya untuk csv atau xlsx", "only for csv or xlsx");
    if (!rq->err.n_fields)
        return 0;
    return err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
}

int api_exports_create(struct req *rq)
{
    json_t *body;
    struct db *db;
    if (api_body(rq, &body) != 0 || !(db = req_db(rq)))
        return reply_err(rq, &rq->err);
    const char *report = json_str(body, "report"), *format = json_str(body, "format");
    if (may_export(rq, report) != 0)
        return reply_err(rq, &rq->err);
    bool letters = is_letters(report);
    if (!report || (!report_known(report) && !partner_report_known(report) && !letters))
        err_field(&rq->err, "report",
                  "harus tickets, summary, series, times, sla, workload, ratings, redirects, "
                  "recap, appointments, waiting, rejections, partner-fees, activity-budgets, "
                  "payments atau letters",
                  "must be tickets, summary, series, times, sla, workload, ratings, redirects, "
                  "recap, appointments, waiting, rejections, partner-fees, activity-budgets, "
                  "payments or letters");
    if (!letters &&
        (!format || (strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "pdf"))))
        err_field(&rq->err, "format", "harus csv, xlsx atau pdf", "must be csv, xlsx or pdf");
    char *qs = "";
    filters_qs(rq, body, &qs);
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    /* the worker parses the same string: refuse bad filters now, not later */
    struct report_args args;
    struct rdoc doc;
    struct letter_bulk lb;
    int64_t n_letters = 0;
    if (letters) {
        if (svc_letter_bulk_parse(qs, format, rq->arena, &lb, &rq->err) != 0 ||
            svc_letter_bulk_count(db, &rq->user->p, &lb, &n_letters, &rq->err) != 0)
            return reply_err(rq, &rq->err);
        if (n_letters == 0)
            return reply_error(rq, ERR_INVALID, "letters.none",
                               "tidak ada penugasan yang cocok dengan filter",
                               "no assignment matches the filters");
    } else if (partner_report_known(report)
            ? partner_report_build(db, rq->arena, &rq->user->p, report, report_query_get,
                                   report_query_parse(rq->arena, qs), &doc, NULL, &rq->err) != 0
            : report_args_parse_query(db, &rq->user->p, qs, rq->arena, &args, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (!letters && !partner_report_known(report) &&
        export_options_check(rq, report, format, &args) != 0)
        return reply_err(rq, &rq->err);
    struct export_job j = {.user_id = rq->user->p.id, .report = report, .format = format,
                           .params = qs, .created_at = ticket_now(), .status = "queued"};
    if (store_export_create(db, &j, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 202, job_json(&j));
}

/* The job when the caller may see it (its owner, or an admin). */
static int load_job(struct req *rq, struct db *db, struct export_job *j)
{
    if (store_export_get(db, req_param_id(rq, "id"), rq->arena, j, &rq->err) != 0)
        return rq->err.kind;
    if (j->user_id != rq->user->p.id && rq->user->p.role != ROLE_ADMIN) {
        err_clear(&rq->err);
        return err_set(&rq->err, ERR_NOT_FOUND, "export.not_found", "ekspor tidak ditemukan",
                       "export not found");
    }
    return 0;
}

int api_exports_get(struct req *rq)
{
    struct db *db;
    struct export_job j;
    if (may_use_exports(rq) != 0 || !(db = req_db(rq)) || load_job(rq, db, &j) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, job_json(&j));
}

int api_exports_file(struct req *rq)
{
    struct db *db;
    struct export_job j;
    if (may_use_exports(rq) != 0 || !(db = req_db(rq)) || load_job(rq, db, &j) != 0)
        return reply_err(rq, &rq->err);
    if (strcmp(j.status, "done") != 0 || !j.file)
        return reply_error(rq, ERR_CONFLICT, "export.not_ready", "ekspor belum selesai",
                           "the export is not finished");
    int fd = open(report_export_path(rq->app->cfg, j.file), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return reply_error(rq, ERR_NOT_FOUND, "export.missing", "berkas ekspor hilang",
                           "the export file is missing");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return reply_error(rq, ERR_INTERNAL, "internal", "kesalahan internal", "internal error");
    }
    static const char *const types[][2] = {
        {"csv", "text/csv; charset=utf-8"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pdf", "application/pdf"},
        {"zip", "application/zip"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(j.format, types[i][0]))
            MHD_add_response_header(resp, "Content-Type", types[i][1]);
    MHD_add_response_header(resp, "Content-Disposition",
                            arena_printf(rq->arena, "attachment; filename=\"%s\"", j.filename));
    rq->resp_bytes = (size_t)st.st_size;
    return reply_queue(rq, 200, resp, true);
}
