/* The channel threads of `loket serve` (see channels.h). Each wakes every
** second, or at once when stopped, and does its work with a connection of
** its own from the pool. */
#include "channels/channels.h"
#include "channels/whatsapp.h"
#include "core/config.h"
#include "core/log.h"
#include "store/channels.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

struct worker {
    struct app *app;
    pthread_t th;
    bool running;
    int kind; /* 0 WhatsApp sender, 1 IMAP poller */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool stopping;
static struct worker workers[2];

static void *run(void *arg)
{
    struct worker *w = arg;
    const struct config *cfg = w->app->cfg;
    time_t last_poll = 0;
    if (w->kind == 0) {
        /* Only this process sends WhatsApp rows (the data directory is
        ** locked by one server): any row still 'sending' was cut off. */
        struct err err = {0};
        struct db *db = store_acquire(w->app->store, &err);
        int n = 0;
        if (db && chan_outbox_abandon(db, "whatsapp", &n, &err) == 0 && n)
            log_msg(LOG_WARN, "channels: %d WhatsApp message(s) interrupted while sending "
                              "marked failed", n);
        if (db)
            store_release(db);
    }
    pthread_mutex_lock(&mu);
    while (!stopping) {
        pthread_mutex_unlock(&mu);
        time_t now = time(NULL);
        if (w->kind == 0 || now - last_poll >= cfg->imap_poll_seconds) {
            struct err err = {0};
            struct db *db = store_acquire(w->app->store, &err);
            if (!db)
                log_msg(LOG_ERROR, "channels: %s", err.msg[LOC_EN]);
            else if (w->kind == 0)
                while (wa_send_due(db, cfg, (int64_t)time(NULL)) > 0)
                    ;
            else {
                imap_poll_once(db, cfg);
                last_poll = time(NULL);
            }
            if (db)
                store_release(db);
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_mutex_lock(&mu);
        if (!stopping)
            pthread_cond_timedwait(&cv, &mu, &until);
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

void channels_wake(void)
{
    pthread_mutex_lock(&mu);
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

int channels_start(struct app *app, struct err *err)
{
    const struct config *cfg = app->cfg;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    stopping = false;
    bool want[2] = {cfg->whatsapp_token[0] && cfg->whatsapp_phone_number_id[0],
                    cfg->imap_url[0] != '\0'};
    for (int i = 0; i < 2; i++) {
        if (!want[i])
            continue;
        workers[i] = (struct worker){.app = app, .kind = i};
        if (pthread_create(&workers[i].th, NULL, run, &workers[i]) != 0) {
            channels_stop();
            return err_text(err, ERR_INTERNAL, "channels.thread", "gagal memulai pekerja kanal",
                            "cannot start the channel workers");
        }
        workers[i].running = true;
        log_msg(LOG_INFO, "channels: %s started", i == 0 ? "WhatsApp sender" : "IMAP poller");
    }
    return 0;
}

void channels_stop(void)
{
    pthread_mutex_lock(&mu);
    stopping = true;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    for (int i = 0; i < 2; i++)
        if (workers[i].running) {
            pthread_join(workers[i].th, NULL);
            workers[i].running = false;
        }
    curl_global_cleanup();
}
