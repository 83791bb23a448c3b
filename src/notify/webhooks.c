/* The webhook worker thread (see webhooks.h): claim the due head of each
** endpoint's queue → sign → POST → record the answer, then sleep until the
** next poll or a stop. */
#include "notify/webhooks.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/timefmt.h"
#include "core/url_mask.h"
#include "notify/mailer.h"
#include "notify/webhook_sign.h"
#include "store/webhook.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct webhooks {
    struct store *st;
    const struct config *cfg;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
};

/* The receiver's answer, kept up to WEBHOOK_RESPONSE_MAX bytes. */
struct answer {
    char buf[WEBHOOK_RESPONSE_MAX + 1];
    size_t len;
};

static size_t on_data(char *p, size_t size, size_t n, void *cls)
{
    struct answer *a = cls;
    size_t total = size * n, room = WEBHOOK_RESPONSE_MAX - a->len;
    size_t take = total < room ? total : room;
    memcpy(a->buf + a->len, p, take);
    a->len += take;
    return total; /* read the rest and drop it: the exchange stays clean */
}

/* Only printable ASCII is kept, so the text is valid in JSON and on a page
** whatever the receiver sent. */
static void clean(struct answer *a)
{
    for (size_t i = 0; i < a->len; i++) {
        unsigned char c = (unsigned char)a->buf[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f)
            a->buf[i] = '?';
    }
    a->buf[a->len] = '\0';
}

/* One POST; returns the HTTP status (0: none) and fills why on a transport
** failure. */
static long post(const struct config *cfg, const struct webhook_row *w,
                 const struct webhook_delivery *d, int64_t ts, struct answer *ans, char *why,
                 size_t why_len)
{
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(why, why_len, "cannot start libcurl");
        return 0;
    }
    size_t len = strlen(d->payload);
    char sig[WEBHOOK_SIG_LEN], h_event[160], h_id[64], h_ts[64], h_sig[WEBHOOK_SIG_LEN + 32];
    webhook_sign(w->secret, ts, d->payload, len, sig);
    snprintf(h_event, sizeof h_event, "X-Loket-Event: %s", d->event);
    snprintf(h_id, sizeof h_id, "X-Loket-Delivery: %lld", (long long)d->id);
    snprintf(h_ts, sizeof h_ts, "X-Loket-Timestamp: %lld", (long long)ts);
    snprintf(h_sig, sizeof h_sig, "X-Loket-Signature: %s", sig);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, h_event);
    h = curl_slist_append(h, h_id);
    h = curl_slist_append(h, h_ts);
    h = curl_slist_append(h, h_sig);
    h = curl_slist_append(h, "Expect:"); /* no 100-continue round trip */
    char errbuf[CURL_ERROR_SIZE] = "";
    long connect_ms = cfg->webhook_timeout_ms < 3000 ? cfg->webhook_timeout_ms : 3000;
    curl_easy_setopt(c, CURLOPT_URL, w->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, d->payload);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, ans);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->webhook_timeout_ms);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); /* a redirect is an answer, not 2xx */
    curl_easy_setopt(c, CURLOPT_USERAGENT, "loket-webhook");
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    else
        snprintf(why, why_len, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

/* Sends one claimed delivery and records the outcome. */
static void deliver(struct db *db, struct arena *a, const struct config *cfg,
                    const struct webhook_delivery *d)
{
    struct err err = {0};
    struct webhook_row w;
    int64_t now = (int64_t)time(NULL);
    if (db_webhook_get(db, d->webhook_id, a, &w, &err) != 0) {
        db_webhook_finish(db, d->id, "failed", 0, 0, NULL, "the webhook is gone", now, &err);
        return;
    }
    struct answer ans = {.len = 0};
    char why[CURL_ERROR_SIZE + 64] = "";
    long status = post(cfg, &w, d, now, &ans, why, sizeof why);
    clean(&ans);
    const char *result;
    int64_t next = 0;
    if (status >= 200 && status < 300)
        result = "delivered";
    else if (d->attempts < cfg->webhook_max_attempts) {
        result = "pending";
        next = now + mailer_backoff(cfg->webhook_backoff_ms, d->attempts);
    } else
        result = "failed";
    if (status && !why[0])
        snprintf(why, sizeof why, "HTTP %ld", status);
    int64_t done = (int64_t)time(NULL);
    if (db_webhook_finish(db, d->id, result, next, (int)status, status ? ans.buf : NULL,
                          result[0] == 'd' ? NULL : why, done, &err) != 0)
        log_msg(LOG_ERROR, "webhook delivery %lld: cannot record %s: %s", (long long)d->id,
                result, err.msg[LOC_EN]);
    else if (result[0] != 'd') {
        char url[2048];
        url_mask(w.url, url, sizeof url);
        log_msg(LOG_WARN, "webhook delivery %lld to %s: %s (%s, attempt %d)", (long long)d->id,
                url, result, why, d->attempts);
    }
}

static bool stopping(struct webhooks *w)
{
    pthread_mutex_lock(&w->mu);
    bool s = w->stop;
    pthread_mutex_unlock(&w->mu);
    return s;
}

/* One pass: every endpoint's due head once. Returns how many were claimed,
** -1 on a store error. */
static int pass(struct webhooks *w, struct err *err)
{
    struct db *db = store_acquire(w->st, err);
    if (!db)
        return -1;
    struct arena *a = arena_new();
    struct webhook_delivery *rows;
    size_t n = 0;
    int rc = db_webhook_claim(db, (int64_t)time(NULL), WEBHOOK_MAX, a, &rows, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (stopping(w)) { /* back to pending, for the next start */
            int k;
            struct err e2 = {0};
            db_webhook_abandon(db, &k, &e2);
            break;
        }
        deliver(db, a, w->cfg, &rows[i]);
    }
    arena_free(a);
    store_release(db);
    return rc == 0 ? (int)n : -1;
}

/* Finished deliveries older than WEBHOOK_KEEP_DAYS go, so the table does
** not grow for ever. */
static void prune(struct store *st, int64_t before)
{
    struct err err = {0};
    struct db *db = store_acquire(st, &err);
    int n = 0;
    if (db && db_webhook_prune(db, before, &n, &err) == 0 && n)
        log_msg(LOG_INFO, "webhooks: %d finished delivery(ies) older than %d days removed", n,
                WEBHOOK_KEEP_DAYS);
    else if (err.kind)
        log_msg(LOG_ERROR, "webhooks: prune: %s", err.msg[LOC_EN]);
    if (db)
        store_release(db);
}

static void *run(void *arg)
{
    struct webhooks *w = arg;
    struct err err = {0};
    struct db *db = store_acquire(w->st, &err);
    int n = 0;
    if (db && db_webhook_abandon(db, &n, &err) == 0 && n)
        log_msg(LOG_WARN, "webhooks: %d delivery(ies) cut off by a stop will be sent again", n);
    if (db)
        store_release(db);
    time_t last_prune = 0;
    for (;;) {
        err = (struct err){0};
        if (pass(w, &err) < 0)
            log_msg(LOG_ERROR, "webhooks: %s", err.msg[LOC_EN]);
        if (time(NULL) - last_prune >= 3600) {
            last_prune = time(NULL);
            prune(w->st, (int64_t)last_prune - WEBHOOK_KEEP_DAYS * 86400LL);
        }
        pthread_mutex_lock(&w->mu);
        if (!w->stop) {
            struct timespec until = time_deadline(w->cfg->webhook_poll_ms);
            while (!w->stop && pthread_cond_timedwait(&w->cv, &w->mu, &until) != ETIMEDOUT)
                ;
        }
        bool stop = w->stop;
        pthread_mutex_unlock(&w->mu);
        if (stop)
            break;
    }
    return NULL;
}

int webhooks_start(struct store *st, const struct config *cfg, struct webhooks **out,
                   struct err *err)
{
    *out = NULL;
    struct webhooks *w = calloc(1, sizeof *w);
    if (!w)
        return err_text(err, ERR_INTERNAL, "internal", "kehabisan memori", "out of memory");
    w->st = st;
    w->cfg = cfg;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        curl_global_cleanup();
        free(w);
        return err_text(err, ERR_INTERNAL, "internal", "tidak dapat memulai pengirim webhook",
                        "cannot start the webhook worker");
    }
    log_msg(LOG_INFO, "webhook worker started (poll %ld ms)", cfg->webhook_poll_ms);
    *out = w;
    return 0;
}

void webhooks_stop(struct webhooks *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    curl_global_cleanup();
    free(w);
}
