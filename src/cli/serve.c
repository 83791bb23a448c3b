/* `loket serve`: the HTTP server plus the daily backup, until SIGTERM or
** SIGINT; then a graceful stop that lets requests in flight finish. */
#include "channels/channels.h"
#include "cli/cli.h"
#include "core/fs.h"
#include "core/log.h"
#include "http/server.h"
#include "http/upload.h"
#include "notify/mailer.h"
#include "notify/webhooks.h"
#include "report/worker.h"
#include "core/arena.h"
#include "svc/directory_login.h"
#include "svc/booking_invite.h"
#include "svc/office.h"
#include "svc/policy.h"
#include "svc/automation.h"
#include "svc/svc.h"
#include "svc/live.h"
#include "svc/writer.h"

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Runs the backup once a day at cfg->backup_hour local time. */
static void maybe_backup(struct app *app, int *last_yday)
{
    const struct config *cfg = app->cfg;
    if (cfg->backup_hour < 0)
        return;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    if (tm.tm_hour != cfg->backup_hour || tm.tm_yday == *last_yday)
        return;
    *last_yday = tm.tm_yday;
    struct err err = {0};
    char path[4096];
    struct db *db = store_acquire(app->store, &err);
    int mine = db ? db_singleton(db, "backup", true, &err) : -1;
    if (mine == 0)
        log_msg(LOG_INFO, "daily backup: another node is making it");
    else if (mine < 0 ||
             backup_run(db, cfg->data_dir, cfg->backup_keep_days, path, sizeof path, &err) != 0) {
        if (!strcmp(err.code, "store.backup_pg")) /* issue #19: pg_dump's job */
            log_msg(LOG_WARN, "daily backup skipped: the database is PostgreSQL, which "
                              "loket backup cannot copy; back it up with pg_dump "
                              "(docs/postgresql.md, \"Backups\")");
        else
            log_msg(LOG_ERROR, "daily backup failed: %s", err.msg[LOC_EN]);
    } else {
        log_msg(LOG_INFO, "daily backup written to %s", path);
    }
    if (mine > 0)
        db_singleton(db, "backup", false, &err);
    if (db)
        store_release(db);
}

/* SLA breaches, warnings and auto-close, every cfg->sweep_seconds. */
static void maybe_sweep(struct app *app, time_t *last)
{
    time_t now = time(NULL);
    if (now - *last < app->cfg->sweep_seconds)
        return;
    *last = now;
    struct err err = {0};
    struct sweep_stats s;
    struct db *db = store_acquire(app->store, &err);
    /* issue #19: with several nodes on PostgreSQL one sweeps at a time (SLA,
    ** automation time rules, reminders); the others skip this round */
    int mine = db ? db_singleton(db, "sweep", true, &err) : -1;
    if (mine == 0)
        log_msg(LOG_DEBUG, "sla sweep: another node is sweeping; skipped");
    else if (mine < 0 || svc_sweep(db, app->cfg, (int64_t)now, &s, &err) != 0)
        log_msg(LOG_ERROR, "sla sweep failed: %s", err.msg[LOC_EN]);
    else if (s.first_response_breached || s.resolution_breached || s.warned || s.auto_closed)
        log_msg(LOG_INFO, "sla sweep: %d first-response and %d resolution breaches, %d warnings, "
                          "%d auto-closed", s.first_response_breached, s.resolution_breached,
                s.warned, s.auto_closed);
    int reminded = 0; /* issue 16: booking reminders, once each */
    if (mine > 0 && booking_remind_due(db, app->cfg, (int64_t)now, &reminded, &err) != 0)
        log_msg(LOG_ERROR, "booking reminders failed: %s", err.msg[LOC_EN]);
    else if (reminded)
        log_msg(LOG_INFO, "booking reminders: %d queued", reminded);
    if (mine > 0)
        db_singleton(db, "sweep", false, &err);
    /* issue #21: a role policy changed on another node takes effect here
    ** within one sweep (this node's own changes apply at once) */
    if (db) {
        struct arena *pa = arena_new();
        if (svc_policy_load(db, pa, &err) != 0)
            log_msg(LOG_ERROR, "role policy reload failed: %s", err.msg[LOC_EN]);
        arena_free(pa);
    }
    if (db)
        store_release(db);
}

/* Upload temp files a killed process left behind, hourly (and at start). */
enum { UPLOAD_TMP_MAX_AGE = 3600 };
static void maybe_sweep_uploads(const struct config *cfg, time_t *last)
{
    time_t now = time(NULL);
    if (now - *last < 3600)
        return;
    *last = now;
    int n = upload_sweep_tmp(config_files_dir(cfg), now, UPLOAD_TMP_MAX_AGE);
    if (n)
        log_msg(LOG_INFO, "uploads: %d unfinished temp file(s) older than an hour deleted", n);
}

/* systemd's readiness protocol (Type=notify); nothing without NOTIFY_SOCKET. */
static void notify(const char *state)
{
#ifdef HAVE_LIBSYSTEMD
    sd_notify(0, state);
#else
    (void)state;
#endif
}

/* Applies what can change without a restart (log_level) from a fresh read
** of the configuration file and environment; the rest (listen address,
** paths, mail, TLS) is held by running threads and needs a restart. */
static int apply_live(const struct config *cfg)
{
    int lvl = log_level_parse(cfg->log_level);
    if (lvl < 0)
        return -1;
    log_set_level((enum log_level)lvl);
    return 0;
}

static void reload(void)
{
    struct config n;
    struct err err = {0};
    notify("RELOADING=1");
    config_defaults(&n);
    const char *file = cli_config_file();
    if ((file && config_load_file(&n, file, &err) != 0) || config_load_env(&n, &err) != 0)
        log_msg(LOG_ERROR, "reload: %s; nothing changed", err.msg[LOC_EN]);
    else if (apply_live(&n) != 0)
        log_msg(LOG_ERROR, "reload: log_level must be debug, info, warn or error");
    else
        log_msg(LOG_INFO, "reload: log_level %s", n.log_level);
    config_free(&n);
    notify("READY=1");
}

int cmd_serve(int argc, char **argv, struct config *cfg)
{
    if (argc > 1) {
        fprintf(stderr, "loket serve: unknown option %s\n", argv[1]);
        return 2;
    }
    /* A fixed mmap threshold: glibc otherwise raises it to the size of each
    ** large block freed, and the megabytes a full-text query over a common
    ** word allocates then stay in the heap for good (+14 MB of RSS in
    ** bench/tickets.sh's search phase; with this, +4 MB). */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    struct store *st;
    struct db *db;
    struct err err = {0};
    static struct app app; /* lives for the process; threads hold pointers to it */
    app.cfg = cfg;
    svc_automation_use_config(cfg); /* issue #22: rules' notices and replies */
    if (net_list_parse(cfg->trusted_proxies, &app.trusted_proxies, &err) != 0) {
        fprintf(stderr, "loket serve: %s\n", err.msg[LOC_EN]);
        return 1;
    }
    if (apply_live(cfg) != 0) {
        fputs("loket serve: log_level must be debug, info, warn or error\n", stderr);
        return 1;
    }
    if (directory_config_check(cfg, &err) != 0) { /* issue #22: a bad ldap_* line fails here */
        fprintf(stderr, "loket serve: %s\n", err.msg[LOC_EN]);
        return 1;
    }
    /* ./web in a checkout; an installed package's own web app otherwise */
    if (config_is_default(cfg, "web_dir") && access("web/index.html", R_OK) != 0)
        config_set(cfg, "web_dir", LOKET_INSTALLED_WEB_DIR, &err);
    if (cli_open(cfg, &st, &db) != 0)
        return 1;
    cli_office_name(db, cfg);
    /* issue #21: the admins' mail server and role policy from the database */
    svc_office_mail_at_start(db, cfg);
    {
        struct arena *pa = arena_new();
        if (svc_policy_load(db, pa, &err) != 0)
            log_msg(LOG_WARN, "role policy: %s; the defaults apply", err.msg[LOC_EN]);
        arena_free(pa);
    }
    if (server_lock(cfg->data_dir) != 0) {
        fprintf(stderr, "loket serve: another server already uses %s\n", cfg->data_dir);
        store_release(db);
        store_close(st);
        return 1;
    }
    /* issue #19: a shared files directory may be new (exports/ and the
    ** others are made inside it, one level at a time) */
    if (fs_mkdirs(config_files_dir(cfg)) != 0) {
        fprintf(stderr, "loket serve: cannot create %s: %s\n", config_files_dir(cfg),
                strerror(errno));
        store_release(db);
        store_close(st);
        return 1;
    }
    if (cli_token_key(db, app.token_key, &err) != 0) {
        fprintf(stderr, "loket serve: %s\n", err.msg[LOC_EN]);
        store_release(db);
        store_close(st);
        return 1;
    }
    store_release(db);
    app.store = st;

    /* Signals are taken synchronously by this thread only. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* past RLIMIT_FSIZE a write should fail with EFBIG (answered 507), not
    ** kill the server */
    signal(SIGXFSZ, SIG_IGN);

    struct server *srv;
    if (store_bg_start(st, &err) != 0 || writer_start(st, &app.writer, &err) != 0) {
        fprintf(stderr, "loket serve: %s\n", err.msg[LOC_EN]);
        store_close(st);
        return 1;
    }
    if (server_start(&app, &srv, &err) != 0) {
        fprintf(stderr, "loket serve: %s\n", err.msg[LOC_EN]);
        writer_stop(app.writer);
        store_close(st);
        return 1;
    }
    struct mailer *mailer;
    if (mailer_start(st, cfg, &mailer, &err) != 0) {
        fprintf(stderr, "loket serve: %s\n", err.msg[LOC_EN]);
        server_stop(srv, 0);
        writer_stop(app.writer);
        store_close(st);
        return 1;
    }
    if (channels_start(&app, &err) != 0) {
        fprintf(stderr, "loket serve: %s\n", err.msg[LOC_EN]);
        mailer_stop(mailer);
        server_stop(srv, 0);
        writer_stop(app.writer);
        store_close(st);
        return 1;
    }
    struct webhooks *webhooks = NULL; /* outbound webhooks (issue #22 item 3) */
    if (webhooks_start(st, cfg, &webhooks, &err) != 0)
        log_msg(LOG_ERROR, "webhook worker not started: %s", err.msg[LOC_EN]);
    struct export_worker *exports = NULL; /* report exports (issue #6) */
    if (report_worker_start(st, cfg, &exports, &err) != 0)
        log_msg(LOG_ERROR, "export worker not started: %s", err.msg[LOC_EN]);
    /* issue #20: the live desk's event bus; without it pages poll */
    if (live_start(st, (unsigned)cfg->live_max_streams,
                   (unsigned)cfg->live_heartbeat_seconds * 1000u, &err) != 0)
        log_msg(LOG_ERROR, "live updates not started: %s", err.msg[LOC_EN]);
    const char *colon = strrchr(cfg->listen, ':');
    log_msg(LOG_INFO, "listening on %s://%.*s:%u", app.tls ? "https" : "http",
            (int)(colon - cfg->listen), cfg->listen, server_port(srv));
    printf("loket: listening on %s://%.*s:%u\n", app.tls ? "https" : "http",
           (int)(colon - cfg->listen), cfg->listen, server_port(srv));
    fflush(stdout);
    notify("READY=1");

    int last_yday = -1, sig;
    time_t last_sweep = 0, last_upload_sweep = 0;
    struct timespec tick = {1, 0};
    for (;;) {
        sig = sigtimedwait(&set, NULL, &tick);
        if (sig == SIGTERM || sig == SIGINT)
            break;
        if (sig == SIGHUP)
            reload();
        maybe_backup(&app, &last_yday);
        maybe_sweep(&app, &last_sweep);
        maybe_sweep_uploads(cfg, &last_upload_sweep);
        /* Each thread's malloc arena keeps the pages it freed in the middle
        ** of its heap; only the top is given back by free(). Handing them
        ** back once a second holds RSS near what is in use (under load about
        ** a quarter of the anonymous memory was free pages kept). */
        malloc_trim(0);
    }
    notify("STOPPING=1");
    log_msg(LOG_INFO, "signal %d: stopping (grace %lds)", sig, cfg->shutdown_grace_seconds);
    live_stop(); /* ends the event streams, which the server would wait for */
    server_stop(srv, cfg->shutdown_grace_seconds);
    mailer_stop(mailer);
    channels_stop();
    report_worker_stop(exports);
    webhooks_stop(webhooks);
    writer_stop(app.writer);
    store_close(st);
    log_msg(LOG_INFO, "stopped");
    return 0;
}
