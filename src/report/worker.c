/* The export worker thread. It polls for queued jobs (a few times a second:
** jobs are rare and a poll keeps the API free of thread plumbing), runs each
** with the permissions of the user who asked, and writes progress through a
** second connection so the long read of the export never holds the write
** lock. */
#include "report/worker.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "report/partner_report.h"
#include "report/report.h"
#include "report/schedule.h"
#include "store/report_store.h"
#include "svc/letters.h"
#include "svc/office.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct export_worker {
    struct store *st;
    const struct config *cfg;
    pthread_t thread;
    atomic_bool stop;
};

const char *report_export_path(const struct config *cfg, const char *name)
{
    static _Thread_local char path[4096];
    snprintf(path, sizeof path, "%s/exports%s%s", config_files_dir(cfg), name ? "/" : "",
             name ? name : "");
    return path;
}

struct job_ctx {
    struct export_worker *w;
    struct db *progress_db;
    int64_t id;
    int64_t last_write;
};

/* Progress through the second connection, at most every 200 ms. */
static void progress(void *cls, int64_t done, int64_t total)
{
    struct job_ctx *c = cls;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    if (done != 0 && done != total && now_ms - c->last_write < 200)
        return;
    c->last_write = now_ms;
    struct err err = {0};
    store_export_progress(c->progress_db, c->id, done, total, &err);
}

/* A sink wrapper that stops the export when the server is stopping. */
struct stop_sink {
    struct rsink base;
    struct rsink *inner;
    struct export_worker *w;
};

static int ss_begin(struct rsink *s, const struct rdoc *d, struct err *e)
{
    struct stop_sink *ss = (struct stop_sink *)s;
    return ss->inner->begin(ss->inner, d, e);
}
static int ss_section(struct rsink *s, const struct rsection *sec, struct err *e)
{
    struct stop_sink *ss = (struct stop_sink *)s;
    return ss->inner->section(ss->inner, sec, e);
}
static int ss_row(struct rsink *s, const struct rcell *c, struct err *e)
{
    struct stop_sink *ss = (struct stop_sink *)s;
    if (atomic_load(&ss->w->stop))
        return err_set(e, ERR_UNAVAILABLE, "export.stopping", "server berhenti",
                       "the server is stopping");
    return ss->inner->row(ss->inner, c, e);
}
static int ss_end(struct rsink *s, bool ok, struct err *e)
{
    struct stop_sink *ss = (struct stop_sink *)s;
    return ss->inner->end(ss->inner, ok, e);
}

static const char *brand_logo(struct db *db, struct arena *a)
{
    const char *v = NULL;
    struct err err = {0};
    if (db_setting_get(db, "report_logo_path", a, &v, &err) != 0)
        return NULL;
    return v && *v ? v : NULL;
}

struct report_brand report_brand_load(struct db *db, const struct config *cfg, struct arena *a,
                                      const char *title)
{
    return (struct report_brand){svc_office_name(db, cfg, a), brand_logo(db, a), title,
                                 svc_office_letterhead(db, a)};
}

static bool job_stopping(void *cls)
{
    struct job_ctx *c = cls;
    return atomic_load(&c->w->stop);
}

/* Partner letters in bulk (issue #17): svc/letters.c issues and renders
** them into one PDF or a ZIP at the job's file. */
static int run_letters(struct export_worker *w, struct db *db, struct db *pdb, struct arena *a,
                       const struct export_job *j, const struct user_auth *u, const char *path,
                       struct err *err)
{
    struct letter_bulk b;
    if (svc_letter_bulk_parse(j->params, j->format, a, &b, err) != 0)
        return err->kind;
    struct job_ctx ctx = {w, pdb, j->id, 0};
    int rc = svc_letter_bulk(db, w->cfg->org_name, &u->p, &b, path, progress, job_stopping, &ctx,
                             NULL, err);
    if (rc != 0)
        unlink(path);
    return rc;
}

static int run_job(struct export_worker *w, struct db *db, struct db *pdb, struct arena *a,
                   const struct export_job *j, const char **file, const char **filename,
                   struct err *err)
{
    struct user_auth u;
    if (db_user_by_id(db, j->user_id, a, &u, err) != 0)
        return err->kind;
    struct report_args args;
    bool partners = partner_report_known(j->report), letters = !strcmp(j->report, "letters");
    if (!partners && !letters && report_args_parse_query(db, &u.p, j->params, a, &args, err) != 0)
        return err->kind;
    char rnd[TOKEN_HEX];
    token_random_hex(rnd);
    *file = arena_printf(a, "%" PRId64 "-%.16s.%s", j->id, rnd, j->format);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char day[16];
    strftime(day, sizeof day, "%Y%m%d", &tm);
    *filename = arena_printf(a, "loket-%s-%s.%s", letters ? "surat" : j->report, day, j->format);
    const char *path = arena_strdup(a, report_export_path(w->cfg, *file));
    if (letters)
        return run_letters(w, db, pdb, a, j, &u, path, err);
    struct rdoc doc;
    bool tickets = !strcmp(j->report, "tickets");
    if (partners ? partner_report_build(db, a, &u.p, j->report, report_query_get,
                                        report_query_parse(a, j->params), &doc, NULL, err) != 0
                 : !tickets && report_build(db, a, j->report, &args, &doc, err) != 0)
        return err->kind;
    struct report_brand brand =
        report_brand_load(db, w->cfg, a, tickets ? "Daftar tiket" : doc.title);
    FILE *f = NULL;
    struct rsink *inner = NULL;
    if (!strcmp(j->format, "csv")) {
        f = fopen(path, "wbx");
        inner = f ? report_csv_sink(f) : NULL;
    } else if (!strcmp(j->format, "xlsx")) {
        inner = report_xlsx_sink(path);
    } else {
        inner = report_pdf_sink(path, &brand);
    }
    if (!inner) {
        if (f)
            fclose(f);
        return err_set(err, ERR_INTERNAL, "export.open", "tidak dapat membuat berkas: %s",
                       "could not create the file: %s", strerror(errno));
    }
    struct stop_sink ss = {{ss_begin, ss_section, ss_row, ss_end}, inner, w};
    struct job_ctx ctx = {w, pdb, j->id, 0};
    int rc;
    if (tickets) {
        rc = report_export_tickets(db, &args, &ss.base, progress, &ctx, err);
    } else {
        int64_t rows = 0;
        for (size_t i = 0; i < doc.n_sections; i++)
            rows += (int64_t)doc.sections[i].n_rows;
        rc = report_write(&ss.base, &doc, err);
        progress(&ctx, rows, rows);
    }
    if (f && fclose(f) != 0 && rc == 0)
        rc = err_set(err, ERR_INTERNAL, "export.write", "gagal menulis berkas",
                     "could not write the file");
    if (rc != 0)
        unlink(path);
    return rc;
}

/* Export files are kept EXPORT_KEEP_DAYS after they were written; rows and
** files of older jobs go after each finished job. */
static const int64_t EXPORT_KEEP_DAYS = 7;

static void expire(struct export_worker *w, struct db *db)
{
    struct arena *a = arena_new();
    const char **files;
    size_t n;
    struct err err = {0};
    if (store_export_expire(db, (int64_t)time(NULL) - EXPORT_KEEP_DAYS * 86400, a, &files, &n,
                            &err) == 0)
        for (size_t i = 0; i < n; i++)
            if (files[i])
                unlink(report_export_path(w->cfg, files[i]));
    arena_free(a);
}

static void one_job(struct export_worker *w, struct db *db, struct db *pdb)
{
    struct arena *a = arena_new();
    struct export_job j;
    struct err err = {0};
    if (store_export_claim(db, a, &j, &err) == 0) {
        const char *file = NULL, *filename = NULL;
        struct err jerr = {0};
        int rc = run_job(w, db, pdb, a, &j, &file, &filename, &jerr);
        if (rc == ERR_UNAVAILABLE) {
            /* stopping: left running, queued again at the next start */
        } else if (rc != 0) {
            log_msg(LOG_ERROR, "export %" PRId64 " failed: %s", j.id, jerr.msg[LOC_EN]);
            store_export_finish(pdb, j.id, "failed", NULL, NULL, jerr.msg[LOC_EN],
                                (int64_t)time(NULL), &err);
        } else {
            expire(w, pdb); /* first, so a client that sees "done" sees the clean-up too */
            store_export_finish(pdb, j.id, "done", file, filename, NULL, (int64_t)time(NULL),
                                &err);
        }
    }
    arena_free(a);
}

static void *worker_main(void *arg)
{
    struct export_worker *w = arg;
    int64_t sched_last = 0;
    while (!atomic_load(&w->stop)) {
        report_schedule_tick(w->st, w->cfg, &sched_last); /* issue #22: scheduled reports */
        struct err err = {0};
        struct db *db = store_acquire(w->st, &err);
        struct db *pdb = db ? store_acquire(w->st, &err) : NULL;
        if (db && pdb)
            one_job(w, db, pdb);
        if (pdb)
            store_release(pdb);
        if (db)
            store_release(db);
        struct timespec nap = {0, 200 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    return NULL;
}

int report_worker_start(struct store *st, const struct config *cfg, struct export_worker **out,
                        struct err *err)
{
    const char *dir = report_export_path(cfg, NULL);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return err_set(err, ERR_INTERNAL, "export.dir", "tidak dapat membuat %s",
                       "could not create %s", dir);
    struct db *db = store_acquire(st, err);
    if (!db)
        return err->kind;
    int rc = store_export_requeue(db, err);
    store_release(db);
    if (rc != 0)
        return rc;
    struct export_worker *w = calloc(1, sizeof *w);
    if (!w)
        return err_set(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    w->st = st;
    w->cfg = cfg;
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        free(w);
        return err_set(err, ERR_INTERNAL, "export.thread", "tidak dapat memulai pekerja ekspor",
                       "could not start the export worker");
    }
    pthread_setname_np(w->thread, "loket-export"); /* for top -H and bench/reports.sh */
    *out = w;
    return 0;
}

void report_worker_stop(struct export_worker *w)
{
    if (!w)
        return;
    atomic_store(&w->stop, true);
    pthread_join(w->thread, NULL);
    free(w);
}
