/* IMAP poller with libcurl: UID SEARCH UNSEEN, then each message fetched
** by UID (libcurl fetches BODY[], which flags it \Seen; it hands a custom
** "BODY.PEEK[]" fetch's literal to nobody) and filed by mail_file(). A
** temporary failure (database busy) clears \Seen again so the next poll
** retries it; the Message-ID record makes a second filing impossible. A
** crash between fetch and filing leaves a seen, unfiled message: the one
** case an operator would have to mark it unseen by hand. */
#include "channels/channels.h"
#include "channels/mail_in.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

enum { IMAP_MAX_PER_POLL = 200, IMAP_MAX_BYTES = 64 * 1024 * 1024 };

struct sink {
    char *buf;
    size_t len, cap;
    int over;
};

static size_t on_data(char *p, size_t size, size_t n, void *cls)
{
    struct sink *s = cls;
    size_t bytes = size * n;
    if (s->len + bytes > IMAP_MAX_BYTES) {
        s->over = 1;
        return 0;
    }
    if (s->len + bytes + 1 > s->cap) {
        char *nb = vec_grow(s->buf, &s->cap, s->len + bytes + 1, 1, (size_t)IMAP_MAX_BYTES + 1);
        if (!nb)
            return 0;
        s->buf = nb;
    }
    memcpy(s->buf + s->len, p, bytes);
    s->len += bytes;
    s->buf[s->len] = '\0';
    return bytes;
}

/* One request: url, optional custom command; response into s. */
static int imap_call(const char *url, const char *command, struct sink *s)
{
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    curl_easy_setopt(c, CURLOPT_URL, url);
    if (command)
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        log_msg(LOG_ERROR, "imap %s: %s", command ? command : "fetch", curl_easy_strerror(rc));
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

/* imap_url with the mailbox (INBOX when the URL names none). */
static char *mailbox_url(struct arena *a, const char *url)
{
    const char *hostpart = strstr(url, "://");
    hostpart = hostpart ? hostpart + 3 : url;
    const char *slash = strchr(hostpart, '/');
    if (!slash || !slash[1])
        return arena_printf(a, "%.*s/INBOX", (int)(slash ? slash - url : (long)strlen(url)),
                            url);
    size_t n = strlen(url);
    return arena_strndup(a, url, url[n - 1] == '/' ? n - 1 : n);
}

int imap_poll_once(struct db *db, const struct config *cfg)
{
    struct arena *a = arena_new();
    const char *box = mailbox_url(a, cfg->imap_url);
    struct sink s = {0};
    if (imap_call(box, "UID SEARCH UNSEEN", &s) != 0) {
        free(s.buf);
        arena_free(a);
        return -1;
    }
    /* "* SEARCH 4 7 9" */
    long uids[IMAP_MAX_PER_POLL];
    int n = 0;
    const char *p = s.buf ? strstr(s.buf, "SEARCH") : NULL;
    for (p = p ? p + 6 : NULL; p && *p && *p != '\r' && *p != '\n' && n < IMAP_MAX_PER_POLL;) {
        char *end;
        long uid = strtol(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        if (uid > 0)
            uids[n++] = uid;
        p = end;
    }
    free(s.buf);
    int handled = 0;
    for (int i = 0; i < n; i++) {
        struct sink m = {0};
        const char *url = arena_printf(a, "%s/;UID=%ld", box, uids[i]);
        if (imap_call(url, NULL, &m) != 0 || !m.len) {
            free(m.buf);
            continue;
        }
        struct mail_result res;
        mail_file(db, cfg, m.buf, m.len, "imap", &res);
        free(m.buf);
        log_msg(res.exit == MAIL_EX_OK ? LOG_INFO : LOG_WARN, "imap uid %ld: %s", uids[i],
                res.message);
        if (res.exit == MAIL_EX_TEMPFAIL) { /* unseen again: the next poll retries */
            struct sink ignore = {0};
            imap_call(box, arena_printf(a, "UID STORE %ld -FLAGS (\\Seen)", uids[i]), &ignore);
            free(ignore.buf);
        }
        handled++;
    }
    arena_free(a);
    return handled;
}
