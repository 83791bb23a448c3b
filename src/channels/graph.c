/* libcurl calls for the Graph API (see graph.h). */
#include "channels/graph.h"
#include "core/arena.h"
#include "core/buf.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

struct sink {
    struct arena *a;
    char *buf;
    size_t len, cap, max;
    int over;
};

static size_t on_data(char *p, size_t size, size_t n, void *cls)
{
    struct sink *s = cls;
    size_t bytes = size * n;
    if (s->len + bytes > s->max) {
        s->over = 1;
        return 0; /* aborts the transfer */
    }
    if (s->len + bytes + 1 > s->cap) {
        char *nb = vec_grow_arena(s->a, s->buf, s->len, &s->cap, s->len + bytes + 1, 1,
                                  s->max + 1);
        if (!nb) { /* only when max + 1 wraps */
            s->over = 1;
            return 0;
        }
        s->buf = nb;
    }
    memcpy(s->buf + s->len, p, bytes);
    s->len += bytes;
    s->buf[s->len] = '\0';
    return bytes;
}

int graph_call(const char *url, const char *token, const char *json, size_t max_bytes,
               struct arena *a, struct graph_resp *out)
{
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(out->error, sizeof out->error, "curl_easy_init failed");
        return -1;
    }
    struct sink s = {.a = a, .max = max_bytes};
    struct curl_slist *h = NULL;
    char *auth = arena_printf(a, "Authorization: Bearer %s", token);
    h = curl_slist_append(h, auth);
    if (json)
        h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "loket");
    if (json) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(json));
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    else
        snprintf(out->error, sizeof out->error, "%s", s.over ? "response too large"
                                                             : curl_easy_strerror(rc));
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    out->body = s.buf ? s.buf : arena_strdup(a, "");
    out->len = s.len;
    return rc == CURLE_OK ? 0 : -1;
}
