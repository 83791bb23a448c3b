/* SMTP out through libcurl (see smtp.h). The at-most-once rule lives here:
** a failure is retryable only when the server certainly did not take the
** message, i.e. it said so with a code, or we had not finished sending. */
#include "notify/smtp.h"
#include "core/url_mask.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct smtp {
    CURL *curl;
    char *url;
    bool starttls;
    char *user, *password, *ca_file;
};

struct upload {
    const char *p;
    size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *cls)
{
    struct upload *u = cls;
    size_t n = size * nmemb < u->left ? size * nmemb : u->left;
    memcpy(buf, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

struct smtp *smtp_new(const char *url, const char *user, const char *password,
                      const char *ca_file)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, global_init);
    struct smtp *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->curl = curl_easy_init();
    s->url = strdup(url);
    s->user = strdup(user ? user : "");
    s->password = strdup(password ? password : "");
    s->ca_file = strdup(ca_file ? ca_file : "");
    if (!s->curl || !s->url || !s->user || !s->password || !s->ca_file) {
        smtp_free(s);
        return NULL;
    }
    char *q = strstr(s->url, "?starttls");
    if (q) {
        *q = '\0';
        s->starttls = true;
    }
    return s;
}

void smtp_free(struct smtp *s)
{
    if (!s)
        return;
    if (s->curl)
        curl_easy_cleanup(s->curl);
    free(s->url);
    free(s->user);
    free(s->password);
    free(s->ca_file);
    free(s);
}

enum smtp_outcome smtp_send(struct smtp *s, const char *from, const char *to, const char *msg,
                            size_t len, char *err, size_t err_len)
{
    CURL *c = s->curl;
    char errbuf[CURL_ERROR_SIZE] = "";
    struct upload u = {msg, len};
    char from_arg[512];
    snprintf(from_arg, sizeof from_arg, "<%s>", from);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    if (!rcpt) {
        snprintf(err, err_len, "out of memory");
        return SMTP_RETRY;
    }
    curl_easy_reset(c); /* keeps the open connection */
    curl_easy_setopt(c, CURLOPT_URL, s->url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_arg);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    if (s->starttls)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (s->ca_file[0])
        curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
    if (s->user[0]) {
        curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
    }
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    if (rc == CURLE_OK)
        return SMTP_SENT;
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    /* The text goes to the log and to the outbox row the admins read: a
    ** URL curl may quote loses its password first. */
    char text[CURL_ERROR_SIZE + 128];
    snprintf(text, sizeof text, "%s%s%s (smtp %ld)", curl_easy_strerror(rc),
             errbuf[0] ? ": " : "", errbuf, code);
    url_mask(text, err, err_len);
    for (char *p = err; *p; p++)
        if (*p == '\r' || *p == '\n')
            *p = ' ';
    if (code >= 500)
        return SMTP_REJECTED;
    if (code >= 400)
        return SMTP_RETRY;
    /* No refusal code: once curl has taken all of the message it may have
    ** reached the server and been queued before the connection broke. */
    return u.left == 0 ? SMTP_UNKNOWN : SMTP_RETRY;
}
