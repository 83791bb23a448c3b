/* The report scheduler (see schedule.h). A send is three steps with a
** commit between each: claim the (subscription, period) row, build the file
** under DATA_DIR/mail-files, then queue the outbox rows and mark the claim
** 'queued' in one transaction. A crash after the claim leaves a 'claimed'
** row with no mail; once it is older than SCHED_LEASE the next pass (on
** any node) claims it again, so the period is neither lost nor sent twice. */
#include "report/schedule.h"
#include "auth/crypto.h"
#include "core/addrlist.h"
#include "core/arena.h"
#include "core/bizcal.h"
#include "core/config.h"
#include "core/jw.h"
#include "core/log.h"
#include "core/resource.h"
#include "report/worker.h"
#include "store/report_store.h"
#include "store/subscription.h"
#include "svc/svc.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Longer than building the largest report takes; a claim older than this
** is from a process that died. */
static const int64_t SCHED_LEASE = 30 * 60;
/* Attached files are kept this long, so an admin can resend a mail. */
static const int64_t SCHED_KEEP_SECONDS = 30 * 86400;
/* Where attached files live: notify/attach.h's MAIL_FILES_DIR (report/
** may not include notify/). */
static const char FILES_DIR[] = "mail-files";

static const char *const months[] = {"Januari", "Februari", "Maret",     "April",
                                     "Mei",     "Juni",     "Juli",      "Agustus",
                                     "September", "Oktober", "November", "Desember"};

/* ---- periods ---------------------------------------------------------- */

static int64_t local_day(int64_t t)
{
    int64_t x = t + REPORT_TZ_OFFSET;
    return x >= 0 ? x / 86400 : -((-x + 86399) / 86400);
}

static struct tm day_tm(int64_t day)
{
    time_t t = (time_t)(day * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm;
}

static int64_t day_at(int64_t day, int at_minute)
{
    return day * 86400 + at_minute * 60 - REPORT_TZ_OFFSET;
}

/* Month M's send: its first working day at at_minute, for month M-1. */
static void monthly(const struct report_subscription *s, const struct bizcal *cal, int64_t t,
                    struct sched_period *out)
{
    int64_t today = local_day(t);
    struct tm tm = day_tm(today);
    int64_t first = today - (tm.tm_mday - 1), d = first;
    while (d < first + 31 && !bizcal_workday(cal, (int32_t)d))
        d++;
    if (d == first + 31) /* a calendar without working days: the 1st */
        d = first;
    out->send_at = day_at(d, s->at_minute);
    struct tm prev = day_tm(first - 1);
    snprintf(out->key, sizeof out->key, "%04d-%02d", prev.tm_year + 1900, prev.tm_mon + 1);
    snprintf(out->query, sizeof out->query, "month=%s", out->key);
    snprintf(out->label, sizeof out->label, "%s %d", months[prev.tm_mon], prev.tm_year + 1900);
}

/* The week's send on ISO weekday s->weekday, for the week before. */
static void weekly(const struct report_subscription *s, int64_t t, struct sched_period *out)
{
    int64_t today = local_day(t);
    int wd = (int)(((today + 3) % 7 + 7) % 7) + 1; /* 1970-01-01 was a Thursday */
    int64_t monday = today - (wd - 1);
    int64_t from = monday - 7, to = monday - 1;
    out->send_at = day_at(monday + s->weekday - 1, s->at_minute);
    struct tm f = day_tm(from), e = day_tm(to);
    char buf[16];
    strftime(buf, sizeof buf, "%G-W%V", &f);
    snprintf(out->key, sizeof out->key, "%s", buf);
    snprintf(out->query, sizeof out->query, "from=%04d-%02d-%02d&to=%04d-%02d-%02d",
             f.tm_year + 1900, f.tm_mon + 1, f.tm_mday, e.tm_year + 1900, e.tm_mon + 1,
             e.tm_mday);
    snprintf(out->label, sizeof out->label, "%d %s %d s.d. %d %s %d", f.tm_mday,
             months[f.tm_mon], f.tm_year + 1900, e.tm_mday, months[e.tm_mon], e.tm_year + 1900);
}

void report_schedule_latest(const struct report_subscription *s, const struct bizcal *cal,
                            int64_t now, struct sched_period *out)
{
    memset(out, 0, sizeof *out);
    bool month = !strcmp(s->cadence, "monthly");
    if (month)
        monthly(s, cal, now, out);
    else
        weekly(s, now, out);
    if (out->send_at <= now)
        return;
    /* not yet this month (week): the one before */
    if (month) {
        struct tm tm = day_tm(local_day(now));
        monthly(s, cal, day_at(local_day(now) - tm.tm_mday, 0), out);
    } else {
        weekly(s, now - 7 * 86400, out);
    }
}

bool report_schedule_due(const struct report_subscription *s, const struct bizcal *cal,
                         int64_t now, struct sched_period *out)
{
    if (!s->active)
        return false;
    report_schedule_latest(s, cal, now, out);
    return out->send_at <= now && out->send_at >= s->created_at;
}

int report_schedule_calendar(struct db *db, struct arena *a, struct bizcal *out,
                             struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 50};
    struct record **cals;
    size_t n;
    int64_t total, id = 0;
    if (db_rec_list(db, &res_calendars, &q, a, &cals, &n, &total, err) != 0)
        return err->kind;
    for (size_t i = 0; i < n; i++)
        if (!id || cals[i]->id < id)
            id = cals[i]->id;
    if (id)
        return svc_calendar(db, a, id, out, err);
    /* no calendar in the master data: Monday to Friday */
    return bizcal_init(out, (int)(REPORT_TZ_OFFSET / 60), "1,2,3,4,5", "08:00", "16:00", err);
}

/* ---- one send --------------------------------------------------------- */

static const char *report_title(const struct report_subscription *s)
{
    return !strcmp(s->report, "sla")          ? "Kepatuhan SLA"
           : !strcmp(s->report, "unit_recap") ? "Rekap per unit"
                                              : "Rekap bulanan";
}

static const char *files_dir(const struct config *cfg, struct arena *a)
{
    return arena_printf(a, "%s/%s", config_files_dir(cfg), FILES_DIR);
}

/* Writes s's report for p at path, with the owner's visibility. */
static int build_file(struct db *db, const struct config *cfg, struct arena *a,
                      const struct report_subscription *s, const struct sched_period *p,
                      const char *path, struct err *err)
{
    struct user_auth u;
    if (db_user_by_id(db, s->owner_id, a, &u, err) != 0)
        return err->kind;
    if (!u.p.active || (u.p.role != ROLE_LEADER && u.p.role != ROLE_ADMIN))
        return err_set(err, ERR_FORBIDDEN, "subscription.owner",
                       "pemilik langganan tidak lagi pimpinan atau admin aktif",
                       "the owner is no longer an active leader or admin");
    bool units = !strcmp(s->report, "unit_recap");
    const char *query = arena_printf(a, "%s%s", p->query, units ? "&group_by=unit" : "");
    if (s->unit_id)
        query = arena_printf(a, "%s&unit_id=%" PRId64, query, s->unit_id);
    struct report_args args;
    struct rdoc doc;
    if (report_args_parse_query(db, &u.p, query, a, &args, err) != 0 ||
        report_build(db, a, units ? "summary" : s->report, &args, &doc, err) != 0)
        return err->kind;
    doc.title = report_title(s);
    struct report_brand brand = report_brand_load(db, cfg, a, doc.title);
    struct rsink *sink = !strcmp(s->format, "xlsx") ? report_xlsx_sink(path)
                                                     : report_pdf_sink(path, &brand);
    if (!sink)
        return err_set(err, ERR_INTERNAL, "export.open", "tidak dapat membuat berkas: %s",
                       "could not create the file: %s", strerror(errno));
    int rc = report_write(sink, &doc, err);
    if (rc != 0)
        unlink(path);
    return rc;
}

/* The mail's variables for one recipient (notify templates
** report_scheduled). */
static const char *mail_vars(struct arena *a, const struct config *cfg,
                             const struct report_subscription *s, const struct sched_period *p,
                             const char *recipient_name, const char *file)
{
    bool xlsx = !strcmp(s->format, "xlsx");
    struct jw w;
    jw_init(&w, a);
    jw_obj(&w, NULL);
    jw_str(&w, "app_name", cfg->org_name);
    jw_str(&w, "attachment_file", file);
    jw_str(&w, "attachment_name",
           arena_printf(a, "laporan-%s-%s.%s", s->report, p->key, s->format));
    jw_str(&w, "attachment_type",
           xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : "application/pdf");
    jw_str(&w, "format_label", xlsx ? "XLSX (Excel)" : "PDF");
    jw_str(&w, "link", arena_printf(a, "%s/#/report-subscriptions", cfg->base_url));
    jw_str(&w, "period", p->key);
    jw_str(&w, "period_label", p->label);
    jw_str(&w, "recipient_name", recipient_name);
    jw_str(&w, "report_title", report_title(s));
    jw_str(&w, "unit_name", s->unit_name);
    jw_end(&w, '}');
    return jw_text(&w, NULL);
}

/* One outbox row per recipient, in the caller's transaction. */
static int queue_mails(struct db *db, struct arena *a, const struct config *cfg,
                       const struct report_subscription *s, const struct sched_period *p,
                       const char *file, int64_t now, int *queued, struct err *err)
{
    struct outbox_row o = {.recipient_id = s->owner_id, .recipient = s->owner_email,
                           .channel = "email", .template_key = "report_scheduled",
                           .locale = s->owner_locale, .created_at = now,
                           .vars = mail_vars(a, cfg, s, p, s->owner_name, file)};
    if (db_outbox_add(db, &o, err) != 0)
        return err->kind;
    (*queued)++;
    /* the extra addresses, checked by the same parser when saved */
    const char *extra[REPORT_SCHEDULE_MAX_EXTRA];
    int n = addrlist_parse(a, s->extra_recipients ? s->extra_recipients : "", extra,
                           REPORT_SCHEDULE_MAX_EXTRA);
    for (int i = 0; i < n; i++) {
        struct outbox_row x = o;
        x.recipient_id = 0;
        x.recipient = extra[i];
        x.vars = mail_vars(a, cfg, s, p, extra[i], file);
        if (db_outbox_add(db, &x, err) != 0)
            return err->kind;
        (*queued)++;
    }
    return 0;
}

int report_schedule_send(struct db *db, const struct config *cfg,
                         const struct report_subscription *s, const struct sched_period *p,
                         bool claim, int *queued, struct err *err)
{
    /* the real clock: cfg->scheduler_now only picks the period, while
    ** leases and the outbox's retry times run on time itself */
    int64_t now = (int64_t)time(NULL);
    *queued = 0;
    if (claim && db_subscription_claim(db, s->id, p->key, now, now - SCHED_LEASE, err) != 0)
        return err->kind;
    struct arena *a = arena_new();
    const char *dir = files_dir(cfg, a);
    char rnd[TOKEN_HEX];
    token_random_hex(rnd);
    const char *file = arena_printf(a, "sub%" PRId64 "-%s-%.12s.%s", s->id, p->key, rnd,
                                    s->format);
    const char *path = arena_printf(a, "%s/%s", dir, file);
    int rc = 0;
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        rc = err_set(err, ERR_INTERNAL, "export.dir", "tidak dapat membuat %s",
                     "could not create %s", dir);
    if (rc == 0)
        rc = build_file(db, cfg, a, s, p, path, err);
    if (rc == 0 && (rc = db_begin(db, err)) == 0) {
        if ((rc = queue_mails(db, a, cfg, s, p, file, now, queued, err)) != 0 ||
            (claim &&
             (rc = db_subscription_finish(db, s->id, p->key, "queued", NULL, now, err)) != 0) ||
            (rc = db_commit(db, err)) != 0) {
            db_rollback(db);
            *queued = 0;
        }
    }
    if (rc != 0 && claim) {
        /* recorded so it shows in the list; not retried by itself (an owner
        ** who lost the role would fail every pass) */
        struct err e2 = {0};
        db_subscription_finish(db, s->id, p->key, "failed", err->msg[LOC_EN], now, &e2);
        unlink(path);
    } else if (rc != 0) {
        unlink(path);
    }
    arena_free(a);
    return rc;
}

/* ---- the pass --------------------------------------------------------- */

int report_schedule_run(struct db *db, const struct config *cfg, int *sent, struct err *err)
{
    *sent = 0;
    int64_t now = cfg->scheduler_now ? (int64_t)cfg->scheduler_now : (int64_t)time(NULL);
    struct arena *a = arena_new();
    struct report_subscription *subs;
    size_t n;
    struct bizcal cal;
    int rc = db_subscription_list(db, 0, a, &subs, &n, err);
    if (rc == 0 && n)
        rc = report_schedule_calendar(db, a, &cal, err);
    /* oldest first (the list is newest first): a subscription made later
    ** is never looked at before an older one in the same pass */
    for (size_t k = n; rc == 0 && k-- > 0;) {
        size_t i = k;
        struct sched_period p;
        if (!report_schedule_due(&subs[i], &cal, now, &p))
            continue;
        if (subs[i].last_period && !strcmp(subs[i].last_period, p.key) &&
            subs[i].last_status && strcmp(subs[i].last_status, "claimed") != 0)
            continue; /* done: spare the claim's write */
        int queued = 0;
        struct err e = {0};
        int r = report_schedule_send(db, cfg, &subs[i], &p, true, &queued, &e);
        if (r == 0) {
            (*sent)++;
            log_msg(LOG_INFO, "report subscription %" PRId64 ": %s queued to %d recipient(s)",
                    subs[i].id, p.key, queued);
        } else if (r != ERR_CONFLICT) {
            log_msg(LOG_ERROR, "report subscription %" PRId64 ": %s failed: %s", subs[i].id,
                    p.key, e.msg[LOC_EN]);
        }
    }
    arena_free(a);
    return rc;
}

/* Deletes attached files past SCHED_KEEP_SECONDS. */
static void expire_files(const struct config *cfg, int64_t now)
{
    struct arena *a = arena_new();
    const char *dir = files_dir(cfg, a);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        struct stat sb;
        const char *path = arena_printf(a, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.' && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
            (int64_t)sb.st_mtime < now - SCHED_KEEP_SECONDS)
            unlink(path);
    }
    if (d)
        closedir(d);
    arena_free(a);
}

void report_schedule_tick(struct store *st, const struct config *cfg, int64_t *last)
{
    int64_t now = (int64_t)time(NULL);
    if (*last && now - *last < cfg->sweep_seconds)
        return;
    *last = now;
    struct err err = {0};
    struct db *db = store_acquire(st, &err);
    int sent = 0;
    /* issue #19: one node at a time (each period is also claimed in its row) */
    int mine = db ? db_singleton(db, "report_schedule", true, &err) : -1;
    if (mine < 0 || (mine > 0 && report_schedule_run(db, cfg, &sent, &err) != 0))
        log_msg(LOG_ERROR, "report scheduler: %s", err.msg[LOC_EN]);
    if (mine > 0)
        db_singleton(db, "report_schedule", false, &err);
    if (db)
        store_release(db);
    expire_files(cfg, now);
}
