/* The mail worker thread (see mailer.h): claim → render → MIME → SMTP →
** finish, one row at a time, with a condition variable so stopping does not
** wait for the poll interval. */
#include "notify/mailer.h"
#include "notify/ics_json.h"
#include "notify/attach.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "notify/mime.h"
#include "notify/smtp.h"
#include "notify/templates.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Outcomes of one pass, for the log. */
struct mailer_stats {
    int sent, retried, failed, expired;
};

struct mailer {
    struct store *st;
    const struct config *cfg;
    struct smtp *smtp;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
};

int64_t mailer_backoff(long base_ms, int attempts)
{
    int64_t ms = base_ms > 0 ? base_ms : 1;
    for (int i = 1; i < attempts && ms < 6 * 3600 * 1000LL; i++)
        ms *= 2;
    if (ms > 6 * 3600 * 1000LL)
        ms = 6 * 3600 * 1000LL;
    return (ms + 999) / 1000;
}

/* Renders the row into a complete message. Returns NULL with why filled
** when the row can never be sent (bad vars, unknown template). */
static char *build(struct db *db, struct arena *a, const struct config *cfg,
                   const struct outbox_row *o, size_t *len, char *why, size_t why_len)
{
    json_error_t jerr;
    json_t *vars = json_loads(o->vars ? o->vars : "{}", 0, &jerr);
    if (!json_is_object(vars)) {
        snprintf(why, why_len, "vars are not a JSON object");
        json_decref(vars);
        return NULL;
    }
    mail_vars_complete(vars, cfg);
    struct mail_template t;
    bool custom;
    struct err err = {0};
    if (mail_template_resolve(db, o->template_key, o->locale, a, &t, &custom, &err) != 0) {
        snprintf(why, why_len, "%s", err.msg[LOC_EN]);
        json_decref(vars);
        return NULL;
    }
    struct mail_rendered r;
    struct tmpl_error te;
    const char *part;
    if (mail_template_render(&t, vars, &r, &part, &te) != 0) {
        snprintf(why, why_len, "template %s/%s %s: line %d column %d: %s", t.key, t.locale,
                 part, te.line, te.column, te.msg);
        json_decref(vars);
        return NULL;
    }
    char msg_id[256], thread_id[256];
    const char *number = json_string_value(json_object_get(vars, "ticket_number"));
    mime_ids(cfg->mail_from, o->id, number, msg_id, sizeof msg_id, thread_id, sizeof thread_id);
    char from[320];
    mime_bare_addr(cfg->mail_from, from, sizeof from);
    struct mail_msg m = {.from_name = cfg->org_name, .from_addr = from,
                         .to_addr = o->recipient, .subject = r.subject, .text = r.text,
                         .html = r.html, .message_id = msg_id,
                         .thread_id = thread_id[0] ? thread_id : NULL,
                         .date = (int64_t)time(NULL),
                         /* a booking's invitation (svc/booking_notify.c), rendered
                         ** now from its fields (rows queued before carry the text) */
                         .calendar = json_string_value(json_object_get(vars, "ics")),
                         .calendar_method = json_string_value(json_object_get(vars, "ics_method"))};
    if (m.calendar_method && strcmp(m.calendar_method, "CANCEL") != 0)
        m.calendar_method = "REQUEST";
    char *ics = NULL;
    json_t *ev = json_object_get(vars, "ics_event");
    if (!m.calendar && json_is_object(ev) && !(m.calendar = ics = ics_build_json(ev))) {
        snprintf(why, why_len, "cannot build the calendar invite");
        mail_rendered_free(&r);
        json_decref(vars);
        return NULL;
    }
    unsigned char *file = NULL; /* a scheduled report (issue #22) */
    if (mail_attach_load(cfg, vars, &m, &file, why, why_len) != 0) {
        free(ics);
        mail_rendered_free(&r);
        json_decref(vars);
        return NULL;
    }
    char *msg = mime_build(&m, len);
    free(file);
    free(ics);
    if (!msg)
        snprintf(why, why_len, "cannot build the message (bad address or too large)");
    mail_rendered_free(&r);
    json_decref(vars);
    return msg;
}

/* Sends one claimed row and records the outcome. */
static void deliver(struct db *db, const struct config *cfg, struct smtp *smtp,
                    const struct outbox_row *o, struct mailer_stats *stats)
{
    struct arena *a = arena_new();
    char why[512] = "", from[320];
    size_t len = 0;
    int64_t now = (int64_t)time(NULL);
    char *msg = build(db, a, cfg, o, &len, why, sizeof why);
    enum smtp_outcome out = SMTP_REJECTED;
    if (msg)
        out = smtp_send(smtp, mime_bare_addr(cfg->mail_from, from, sizeof from), o->recipient,
                        msg, len, why, sizeof why);
    free(msg);
    const char *status = "sent";
    int64_t next = 0;
    if (out == SMTP_RETRY && o->attempts < cfg->outbox_max_attempts) {
        status = "pending";
        next = now + mailer_backoff(cfg->outbox_backoff_ms, o->attempts);
        stats->retried++;
    } else if (out == SMTP_UNKNOWN) {
        status = "failed";
        snprintf(why + strlen(why), sizeof why - strlen(why),
                 "; delivery unknown, not retried (resend by hand if it did not arrive)");
        stats->failed++;
    } else if (out != SMTP_SENT) {
        status = "failed";
        stats->failed++;
    } else {
        stats->sent++;
    }
    struct err err = {0};
    if (db_outbox_finish(db, o->id, status, next, out == SMTP_SENT ? NULL : why, now,
                         &err) != 0)
        log_msg(LOG_ERROR, "outbox %lld: cannot record %s: %s", (long long)o->id, status,
                err.msg[LOC_EN]);
    else if (out != SMTP_SENT)
        log_msg(LOG_WARN, "outbox %lld to %s: %s (%s, attempt %d)", (long long)o->id,
                o->recipient, status, why, o->attempts);
    arena_free(a);
}

static bool stopping(struct mailer *m)
{
    if (!m)
        return false;
    pthread_mutex_lock(&m->mu);
    bool s = m->stop;
    pthread_mutex_unlock(&m->mu);
    return s;
}

/* One pass; returns the number of rows claimed (-1 on a store error). */
static int pass(struct mailer *m, struct store *st, const struct config *cfg, struct smtp *smtp,
                int64_t now, struct mailer_stats *stats, struct err *err)
{
    struct db *db = store_acquire(st, err);
    if (!db)
        return -1;
    struct arena *a = arena_new();
    int expired = 0;
    struct outbox_row *rows;
    size_t n = 0;
    int rc = db_outbox_expire_claims(
        db, "email", now - MAILER_LEASE_SECONDS,
        "interrupted while sending (server stopped mid-send); delivery unknown, not retried",
        &expired, err);
    if (rc == 0)
        rc = db_outbox_claim(db, "email", now, MAILER_BATCH, a, &rows, &n, err);
    stats->expired += expired;
    if (expired)
        log_msg(LOG_WARN, "outbox: %d mail(s) left 'sending' by a stopped worker marked failed",
                expired);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        /* Rows not handed to SMTP yet go back untouched when stopping, and
        ** when this batch has held its claims for half the lease (a slow
        ** server): another node expiring them while we still meant to send
        ** them could end in a mail sent and an admin resending it. */
        if (stopping(m) || (int64_t)time(NULL) - now > MAILER_LEASE_SECONDS / 2) {
            struct err e2 = {0};
            db_outbox_unclaim(db, rows[i].id, &e2);
            continue;
        }
        deliver(db, cfg, smtp, &rows[i], stats);
    }
    arena_free(a);
    store_release(db);
    return rc == 0 ? (int)n : -1;
}

static void *run(void *arg)
{
    struct mailer *m = arg;
    const struct config *cfg = m->cfg;
    for (;;) {
        struct mailer_stats s = {0};
        struct err err = {0};
        int n = pass(m, m->st, cfg, m->smtp, (int64_t)time(NULL), &s, &err);
        if (n < 0)
            log_msg(LOG_ERROR, "outbox: %s", err.msg[LOC_EN]);
        else if (s.sent || s.retried || s.failed)
            log_msg(LOG_INFO, "outbox: %d mail(s) sent, %d to retry, %d failed", s.sent,
                    s.retried, s.failed);
        pthread_mutex_lock(&m->mu);
        if (!m->stop && n < MAILER_BATCH) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += cfg->outbox_poll_ms / 1000;
            until.tv_nsec += (cfg->outbox_poll_ms % 1000) * 1000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            while (!m->stop && pthread_cond_timedwait(&m->cv, &m->mu, &until) != ETIMEDOUT)
                ;
        }
        bool stop = m->stop;
        pthread_mutex_unlock(&m->mu);
        if (stop)
            break;
    }
    return NULL;
}

int mailer_start(struct store *st, const struct config *cfg, struct mailer **out,
                 struct err *err)
{
    *out = NULL;
    if (!cfg->smtp_url || !cfg->smtp_url[0]) {
        log_msg(LOG_INFO, "smtp_url is not set: notification mail stays queued in the outbox");
        return 0;
    }
    struct mailer *m = calloc(1, sizeof *m);
    if (!m)
        return err_text(err, ERR_INTERNAL, "internal", "kehabisan memori", "out of memory");
    m->st = st;
    m->cfg = cfg;
    m->smtp = smtp_new(cfg->smtp_url, cfg->smtp_user, cfg->smtp_password, cfg->smtp_ca_file);
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->cv, NULL);
    if (!m->smtp || pthread_create(&m->thread, NULL, run, m) != 0) {
        smtp_free(m->smtp);
        pthread_mutex_destroy(&m->mu);
        pthread_cond_destroy(&m->cv);
        free(m);
        return err_text(err, ERR_INTERNAL, "internal", "tidak dapat memulai pengirim email",
                        "cannot start the mail worker");
    }
    log_msg(LOG_INFO, "mail worker started (poll %ld ms)", cfg->outbox_poll_ms);
    *out = m;
    return 0;
}

void mailer_stop(struct mailer *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    m->stop = true;
    pthread_cond_signal(&m->cv);
    pthread_mutex_unlock(&m->mu);
    pthread_join(m->thread, NULL);
    smtp_free(m->smtp);
    pthread_mutex_destroy(&m->mu);
    pthread_cond_destroy(&m->cv);
    free(m);
}
