/* The provider's documents over HTTP (libcurl), cached; the token exchange;
** PKCE and random values (see auth/oidc.h). One provider is configured, so
** the cache is one slot, shared by the request threads under a mutex. */
#include "auth/oidc.h"
#include "auth/crypto.h"
#include "auth/jwt.h"

#include <curl/curl.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { DOC_MAX = 1 << 20, CACHE_SECONDS = 3600, REFETCH_MIN_SECONDS = 60, HTTP_TIMEOUT = 10 };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char issuer[1024];
    struct oidc_endpoints ep;
    time_t ep_at;
    json_t *jwks;
    time_t jwks_at;
} cache;

struct body {
    char *data;
    size_t len;
};

static size_t on_data(char *p, size_t size, size_t n, void *userdata)
{
    struct body *b = userdata;
    size_t add = size * n;
    if (b->len + add > DOC_MAX)
        return 0; /* aborts the transfer */
    char *d = realloc(b->data, b->len + add + 1);
    if (!d)
        return 0;
    memcpy(d + b->len, p, add);
    b->data = d;
    b->len += add;
    d[b->len] = 0;
    return add;
}

/* GET url (form != NULL: POST it) and parse the JSON object answered with 200. */
static json_t *fetch_json(const char *url, const char *form, char *why, size_t why_len)
{
    struct body b = {0};
    long status = 0;
    json_t *j = NULL;
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(why, why_len, "curl unavailable");
        return NULL;
    }
    struct curl_slist *hd = curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)HTTP_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    if (form)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK)
        snprintf(why, why_len, "%s", curl_easy_strerror(rc));
    else if (status != 200)
        snprintf(why, why_len, "HTTP %ld", status);
    else if (!(j = json_loadb(b.data ? b.data : "", b.len, 0, NULL)) || !json_is_object(j)) {
        json_decref(j);
        j = NULL;
        snprintf(why, why_len, "not a JSON object");
    }
    curl_slist_free_all(hd);
    curl_easy_cleanup(c);
    free(b.data);
    return j;
}

static bool copy_url(char *dst, size_t n, const json_t *doc, const char *name)
{
    const char *s = json_string_value(json_object_get(doc, name));
    if (!s || strlen(s) >= n || (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0))
        return false;
    strcpy(dst, s);
    return true;
}

/* Keeps the cache on the configured issuer (caller holds mu). */
static void cache_for(const char *issuer)
{
    if (strcmp(cache.issuer, issuer) == 0)
        return;
    json_decref(cache.jwks);
    memset(&cache, 0, sizeof cache);
    snprintf(cache.issuer, sizeof cache.issuer, "%s", issuer);
}

int oidc_discover(const char *issuer, struct oidc_endpoints *out, char *why, size_t why_len)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&mu);
    cache_for(issuer);
    if (cache.ep_at && now - cache.ep_at < CACHE_SECONDS) {
        *out = cache.ep;
        pthread_mutex_unlock(&mu);
        return 0;
    }
    pthread_mutex_unlock(&mu);
    char url[1200];
    size_t n = strlen(issuer);
    snprintf(url, sizeof url, "%s%s.well-known/openid-configuration", issuer,
             n && issuer[n - 1] == '/' ? "" : "/");
    json_t *doc = fetch_json(url, NULL, why, why_len);
    if (!doc)
        return -1;
    struct oidc_endpoints ep;
    const char *iss = json_string_value(json_object_get(doc, "issuer"));
    int rc = 0;
    if (!iss || strcmp(iss, issuer) != 0) {
        snprintf(why, why_len, "discovery names another issuer");
        rc = -1;
    } else if (!copy_url(ep.authorization, sizeof ep.authorization, doc, "authorization_endpoint") ||
               !copy_url(ep.token, sizeof ep.token, doc, "token_endpoint") ||
               !copy_url(ep.jwks, sizeof ep.jwks, doc, "jwks_uri")) {
        snprintf(why, why_len, "discovery lacks an endpoint");
        rc = -1;
    }
    json_decref(doc);
    if (rc)
        return rc;
    pthread_mutex_lock(&mu);
    cache_for(issuer);
    cache.ep = ep;
    cache.ep_at = now;
    pthread_mutex_unlock(&mu);
    *out = ep;
    return 0;
}

json_t *oidc_jwks(const char *issuer, bool refresh, char *why, size_t why_len)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&mu);
    cache_for(issuer);
    /* A token naming an unknown kid refetches, but not more than once a
    ** minute: forged kids must not turn into a flood towards the provider. */
    bool fresh = cache.jwks && (refresh ? now - cache.jwks_at < REFETCH_MIN_SECONDS
                                        : now - cache.jwks_at < CACHE_SECONDS);
    if (fresh) {
        json_t *j = json_incref(cache.jwks);
        pthread_mutex_unlock(&mu);
        return j;
    }
    pthread_mutex_unlock(&mu);
    struct oidc_endpoints ep;
    if (oidc_discover(issuer, &ep, why, why_len) != 0)
        return NULL;
    json_t *j = fetch_json(ep.jwks, NULL, why, why_len);
    if (!j)
        return NULL;
    if (!json_is_array(json_object_get(j, "keys"))) {
        json_decref(j);
        snprintf(why, why_len, "JWKS without keys");
        return NULL;
    }
    pthread_mutex_lock(&mu);
    cache_for(issuer);
    json_decref(cache.jwks);
    cache.jwks = json_incref(j);
    cache.jwks_at = now;
    pthread_mutex_unlock(&mu);
    return j;
}

void oidc_cache_clear(void)
{
    pthread_mutex_lock(&mu);
    json_decref(cache.jwks);
    memset(&cache, 0, sizeof cache);
    pthread_mutex_unlock(&mu);
}

/* Appends name=urlencoded(value) to a form. */
static char *form_add(CURL *c, char *form, const char *name, const char *value)
{
    char *esc = curl_easy_escape(c, value, 0);
    if (!esc || !form) {
        curl_free(esc);
        free(form);
        return NULL;
    }
    size_t n = strlen(form), add = strlen(name) + strlen(esc) + 2;
    char *d = realloc(form, n + add + 1);
    if (d)
        snprintf(d + n, add + 1, "%s%s=%s", n ? "&" : "", name, esc);
    else
        free(form);
    curl_free(esc);
    return d;
}

json_t *oidc_token_exchange(const char *token_endpoint, const char *client_id,
                            const char *client_secret, const char *code, const char *verifier,
                            const char *redirect_uri, char *why, size_t why_len)
{
    CURL *c = curl_easy_init();
    char *form = calloc(1, 1);
    if (!c) {
        free(form);
        snprintf(why, why_len, "curl unavailable");
        return NULL;
    }
    form = form_add(c, form, "grant_type", "authorization_code");
    form = form_add(c, form, "code", code);
    form = form_add(c, form, "redirect_uri", redirect_uri);
    form = form_add(c, form, "code_verifier", verifier);
    form = form_add(c, form, "client_id", client_id);
    if (client_secret && *client_secret)
        form = form_add(c, form, "client_secret", client_secret);
    curl_easy_cleanup(c);
    if (!form) {
        snprintf(why, why_len, "out of memory");
        return NULL;
    }
    json_t *j = fetch_json(token_endpoint, form, why, why_len);
    /* the form holds the client secret */
    memset(form, 0, strlen(form));
    free(form);
    return j;
}

void oidc_random(char out[OIDC_RANDOM_LEN + 1])
{
    unsigned char raw[32];
    random_bytes(raw, sizeof raw);
    b64url_encode(raw, sizeof raw, out);
}

void oidc_pkce_challenge(const char *verifier, char out[OIDC_RANDOM_LEN + 1])
{
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)verifier, strlen(verifier), d);
    b64url_encode(d, sizeof d, out);
}
