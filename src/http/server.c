/* libmicrohttpd glue: per-request arena, body collection with a cap,
** authentication, dispatch through the route table, the access log and a
** graceful shutdown. */
#include "http/server.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "core/netaddr.h"
#include "core/timefmt.h"
#include "http/auth.h"
#include "http/cache.h"
#include "http/conns.h"
#include "http/mhd.h"
#include "http/reply.h"
#include "http/route.h"
#include "http/static.h"
#include "http/upload.h"
#include "store/store.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct server {
    struct MHD_Daemon *d;
    struct app *app;
    char *tls_cert, *tls_key;
    unsigned port;
    int listen_fd, stop_pipe[2];
    pthread_t acceptor;
};

static enum http_method parse_method(const char *m)
{
    static const struct {
        const char *name;
        enum http_method m;
    } t[] = {{"GET", M_GET},       {"HEAD", M_HEAD},     {"POST", M_POST},
             {"PUT", M_PUT},       {"PATCH", M_PATCH},   {"DELETE", M_DELETE},
             {"OPTIONS", M_OPTIONS}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].name, m) == 0)
            return t[i].m;
    return M_OTHER;
}

/* Every X-Forwarded-For header of the request, joined by ',' (NULL if none). */
static MHD_RESULT xff_cb(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct req *rq = cls;
    if (strcasecmp(key, "X-Forwarded-For") == 0 && value)
        rq->ip = rq->ip ? arena_printf(rq->arena, "%s,%s", rq->ip, value)
                        : arena_strdup(rq->arena, value);
    return MHD_YES;
}

/* rq->ip: the one client-address rule (core/netaddr.h) over the socket's
** peer and, from a trusted proxy only, X-Forwarded-For. */
/* An IPv4 address as inet_ntop writes it ("a.b.c.d"), into the arena. */
static const char *ipv4_text(struct arena *a, const unsigned char b[4])
{
    char out[16], *o = out;
    for (int i = 0; i < 4; i++) {
        unsigned v = b[i];
        if (i)
            *o++ = '.';
        if (v >= 100)
            *o++ = (char)('0' + v / 100);
        if (v >= 10)
            *o++ = (char)('0' + v / 10 % 10);
        *o++ = (char)('0' + v % 10);
    }
    return arena_strndup(a, out, (size_t)(o - out));
}

static void client_ip(struct req *rq)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    /* The usual case, without proxies: the peer's IPv4 address as
    ** net_client_addr would normalise it (inet_ntop, inet_pton and
    ** inet_ntop again: ~2k instructions a request, bench/README.md,
    ** appointments, sixth pass). */
    if (!rq->app->trusted_proxies.n && ci && ci->client_addr &&
        ci->client_addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)ci->client_addr;
        rq->ip = ipv4_text(rq->arena, (const unsigned char *)&in->sin_addr);
        return;
    }
    char buf[INET6_ADDRSTRLEN] = "?", out[NET_ADDR_MAX];
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                      sizeof buf);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      buf, sizeof buf);
    }
    const char *xff = NULL;
    if (rq->app->trusted_proxies.n) {
        rq->ip = NULL;
        MHD_get_connection_values(rq->conn, MHD_HEADER_KIND, xff_cb, rq);
        xff = rq->ip;
    }
    net_client_addr(&rq->app->trusted_proxies, buf, xff, out);
    rq->ip = arena_strdup(rq->arena, out);
}

static enum locale pick_locale(struct req *rq)
{
    const char *al = req_header(rq, "Accept-Language");
    if (al && strncmp(al, "en", 2) == 0)
        return LOC_EN;
    if (al && strncmp(al, "id", 2) == 0)
        return LOC_ID;
    if (rq->user && rq->user->locale && strcmp(rq->user->locale, "en") == 0)
        return LOC_EN;
    return LOC_ID;
}

static uint32_t id_prefix;

static void seed_prefix(void)
{
    random_bytes(&id_prefix, sizeof id_prefix);
}

/* Request ids: a random per-process prefix and a counter. Unique, and
** cheaper than a getrandom() call per request. */
static void request_id(char out[17])
{
    static _Atomic uint32_t counter;
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, seed_prefix);
    unsigned char b[8];
    uint32_t n = atomic_fetch_add(&counter, 1);
    memcpy(b, &id_prefix, 4);
    for (int i = 0; i < 4; i++)
        b[4 + i] = (unsigned char)(n >> (24 - 8 * i));
    hex_encode(b, sizeof b, out);
}

static struct req *req_new(struct app *app, struct MHD_Connection *c, const char *url,
                           const char *method)
{
    struct arena *a = arena_new();
    /* Zeroed but for the error's text (8 KB of the struct's 8.6: its fields
    ** and messages), which err_set and err_field write before anything
    ** reads them; an empty error is kind 0, no code, no message, no field.
    ** Clearing it was ~8k of a queue read's ~28k instructions in the HTTP
    ** handler (callgrind counts rep stosb per byte; bench/README.md,
    ** appointments, sixth pass). */
    struct req *rq = arena_alloc_raw(a, sizeof *rq);
    size_t e = offsetof(struct req, err), after = e + sizeof rq->err;
    memset(rq, 0, e);
    memset((char *)rq + after, 0, sizeof *rq - after);
    rq->err.kind = 0;
    rq->err.code[0] = 0;
    rq->err.msg[0][0] = rq->err.msg[1][0] = 0;
    rq->err.n_fields = 0;
    rq->arena = a;
    rq->app = app;
    rq->conn = c;
    rq->method_name = arena_strdup(a, method);
    rq->method = parse_method(method);
    rq->path = arena_strdup(a, url);
    rq->start_ns = time_mono_ns();
    rq->body_max = (size_t)app->cfg->body_max_kb * 1024;
    rq->route_match = ROUTE_NO_PATH; /* until route_find says otherwise */
    request_id(rq->id);
    client_ip(rq);
    atomic_fetch_add(&app->inflight, 1);
    return rq;
}

/* Finds the route and runs the checks every API request goes through:
** authentication, CSRF, the route's permission. Returns 0 when the handler
** may run; otherwise the error reply is already queued. */
static int prepare_api(struct req *rq)
{
    const struct route *r = rq->route;
    switch ((enum route_match)rq->route_match) {
    case ROUTE_NO_PATH:
        rq->loc = pick_locale(rq);
        reply_error(rq, ERR_NOT_FOUND, "not_found", "alamat tidak ditemukan",
                    "no such endpoint");
        return -1;
    case ROUTE_NO_METHOD:
        rq->loc = pick_locale(rq);
        reply_error(rq, ERR_METHOD, "method_not_allowed",
                    "metode tidak diizinkan untuk alamat ini",
                    "method not allowed for this endpoint");
        return -1;
    case ROUTE_FOUND:
        break;
    }
    /* Before any generation is read (sign-ins, answers, snapshots): a
    ** commit another process made before this request shows in it. */
    store_refresh(rq->app->store);
    int rc = http_authenticate(rq);
    rq->loc = pick_locale(rq);
    if (rc != 0 && r->auth == AUTH_NONE) {
        /* open routes (health, login) do not care about a stale credential */
        err_clear(&rq->err);
        rq->user = NULL;
        rc = 0;
    }
    if (rc != 0) {
        reply_err(rq, &rq->err);
        return -1;
    }
    if (r->auth == AUTH_USER && !rq->user) {
        reply_error(rq, ERR_UNAUTHENTICATED, "auth.required", "silakan masuk terlebih dahulu",
                    "please log in first");
        return -1;
    }
    if (r->auth == AUTH_USER && http_check_csrf(rq) != 0) {
        reply_err(rq, &rq->err);
        return -1;
    }
    if (r->perm >= 0 && !perm_can(&rq->user->p, (enum action)r->perm, NULL)) {
        reply_error(rq, ERR_FORBIDDEN, "forbidden", "Anda tidak berhak melakukan ini",
                    "you are not allowed to do this");
        return -1;
    }
    rq->authenticated = true;
    return 0;
}

static MHD_RESULT add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                          const char *value)
{
    (void)kind;
    struct req *rq = cls;
    rq->cache_key = arena_printf(rq->arena, "%s&%s=%s", rq->cache_key, key, value ? value : "");
    return MHD_YES;
}

/* A cacheable GET: answers from the cache, or arms reply_json to fill it.
** The key holds everything the answer depends on besides the data: the
** user (visibility), the language of messages, the path and the query. */
static int cache_retry(struct req *rq);

static void park(void *waiter)
{
    struct req *rq = waiter;
    rq->finish = cache_retry;
    rq->suspended = true;
    MHD_suspend_connection(rq->conn);
}

static bool answer_from_cache(struct req *rq)
{
    struct cache *c = rq->app->resp_cache;
    if (!c || !rq->user || rq->method != M_GET || !(rq->route->flags & ROUTE_CACHE))
        return false;
    if (!rq->cache_key) {
        rq->cache_key = arena_printf(rq->arena, "%lld|%d|%s?", (long long)rq->user->p.id,
                                     (int)rq->loc, rq->path);
        MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, add_arg, rq);
        rq->cache_klen = strlen(rq->cache_key);
    }
    rq->cache_gen = store_generation(rq->app->store);
    const char *body;
    size_t len;
    void *pin;
    enum cache_hit hit =
        cache_get(c, rq->cache_key, rq->cache_klen, rq->cache_gen, &body, &len, &pin);
    /* Stale by age only: served while one request (the first) rebuilds it. */
    if (hit == CACHE_FRESH ||
        (hit == CACHE_STALE &&
         cache_join(c, rq->cache_key, rq->cache_klen, rq->cache_gen, rq, NULL))) {
        rq->cache_key = NULL;
        reply_pinned(rq, body, len, pin);
        return true;
    }
    if (hit == CACHE_STALE) {
        cache_unpin(pin);
        rq->cache_leader = true; /* cache_join made this request the leader */
        return false;
    }
    if (!rq->cache_retry &&
        cache_join(c, rq->cache_key, rq->cache_klen, rq->cache_gen, rq, park))
        return true; /* another request is building this answer: wait for it */
    rq->cache_leader = true;
    return false;
}

/* The handler's answer, or the route's error when it gave none. */
static int run_handler(struct req *rq)
{
    int rc = rq->route->handler(rq);
    if (rq->suspended)
        return 0; /* answered once resumed (req_suspend) */
    if (!rq->replied) {
        if (!rq->err.kind)
            err_set(&rq->err, ERR_INTERNAL, "internal", "kesalahan internal",
                    "internal error");
        return reply_err(rq, &rq->err);
    }
    return rc;
}

/* Woken after waiting for another request's answer: the cache has it,
** unless the data changed meanwhile, and then this request builds it. */
static int cache_retry(struct req *rq)
{
    rq->cache_retry = true;
    if (answer_from_cache(rq))
        return 0;
    return run_handler(rq);
}

static int dispatch_api(struct req *rq)
{
    if (!rq->authenticated && prepare_api(rq) != 0)
        return 0;
    if (answer_from_cache(rq))
        return 0;
    return run_handler(rq);
}

/* Uploads are checked before their body is read: a stranger's 10 MB, or
** a file for a ticket its sender may not attach to, never reaches the
** disk. Returns true when this request is an upload. */
static bool begin_upload(struct req *rq)
{
    const struct route *r = rq->route;
    if (!r || !(r->flags & ROUTE_UPLOAD))
        return false;
    if (prepare_api(rq) != 0)
        return true;
    if (r->before_body && r->before_body(rq) != 0) {
        reply_err(rq, &rq->err);
        rq->body_too_large = true; /* whatever body comes is dropped, not kept */
        return true;
    }
    /* before_body may have set the ticket's own limit (svc/attachment_rule.h) */
    size_t max = rq->upload_max ? rq->upload_max
                                : (size_t)rq->app->cfg->attachment_max_mb * 1024 * 1024;
    rq->body_max = max + 64 * 1024; /* multipart framing */
    const char *cl = req_header(rq, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > rq->body_max) {
        char id[128], en[128];
        snprintf(id, sizeof id, "berkas melebihi batas %zu MB", max / (1024 * 1024));
        snprintf(en, sizeof en, "the file exceeds the %zu MB limit", max / (1024 * 1024));
        err_text(&rq->err, ERR_TOO_LARGE, "upload.too_large", id, en);
        reply_err(rq, &rq->err);
        return true;
    }
    if (upload_begin(rq, max) != 0)
        reply_err(rq, &rq->err);
    return true;
}

static bool is_api(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/healthz") == 0;
}

/* Body limit: the route's own, else the configured default. Known at the
** first callback, so an oversized Content-Length is refused before reading. */
static size_t body_limit(struct req *rq)
{
    const struct route *r = rq->route;
    if (r && r->body_max)
        return r->body_max;
    return rq->body_max;
}

static int reply_too_large(struct req *rq)
{
    char id[128], en[128];
    snprintf(id, sizeof id, "isi permintaan melebihi batas %zu KB", rq->body_max / 1024);
    snprintf(en, sizeof en, "request body exceeds the %zu KB limit", rq->body_max / 1024);
    return reply_error(rq, ERR_TOO_LARGE, "request.too_large", id, en);
}

static struct conn_slot *conn_slot_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static uint64_t now_ms(void)
{
    return time_mono_ns() / 1000000u;
}

static MHD_RESULT on_request(void *cls, struct MHD_Connection *c, const char *url,
                             const char *method, const char *version,
                             const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    struct app *app = cls;
    struct req *rq = *con_cls;
    if (!rq) {
        conns_headers_done(app->conns, conn_slot_of(c));
        rq = req_new(app, c, url, method);
        *con_cls = rq;
        if (is_api(rq->path)) {
            const struct route *r = NULL;
            rq->route_match = (int)route_find_app(rq->method, rq->path, rq, &r);
            rq->route = rq->route_match == ROUTE_FOUND ? r : NULL;
            if (begin_upload(rq))
                return MHD_YES;
            rq->body_max = body_limit(rq);
        }
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > rq->body_max) {
            rq->loc = pick_locale(rq);
            return reply_too_large(rq) == 0 ? MHD_YES : MHD_NO;
        }
        return MHD_YES;
    }
    if (*upload_size && rq->upload) {
        if (!rq->replied)
            upload_feed(rq, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rq->body_too_large) {
            size_t need = rq->body_len + *upload_size;
            if (*upload_size > rq->body_max - rq->body_len) { /* need > body_max, unwrapped */
                rq->body_too_large = true;
            } else {
                if (need + 1 > rq->body_cap) /* cannot fail: need <= body_max */
                    rq->body = vec_grow_arena(rq->arena, rq->body, rq->body_len, &rq->body_cap,
                                              need + 1, 1, rq->body_max + 1);
                memcpy(rq->body + rq->body_len, upload_data, *upload_size);
                rq->body_len = need;
                rq->body[need] = 0;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->suspended) { /* resumed after the batch committed */
        rq->suspended = false;
        rq->finish(rq);
        if (!rq->replied)
            reply_err(rq, &rq->err);
        return MHD_YES;
    }
    if (rq->replied)
        return MHD_YES;
    if (rq->body_too_large) {
        rq->loc = pick_locale(rq);
        return reply_too_large(rq) == 0 ? MHD_YES : MHD_NO;
    }
    int rc;
    if (is_api(rq->path))
        rc = dispatch_api(rq);
    else
        rc = static_serve(rq);
    return rc == 0 || rq->replied ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct app *app = cls;
    struct req *rq = *con_cls;
    if (!rq)
        return;
    conns_idle(app->conns, conn_slot_of(c), now_ms()); /* the next request's headers */
    reply_cache_land(rq); /* a leader that ended without caching still wakes its waiters */
    if (app->cfg->access_log) {
        char path[512], code[128], ts[32];
        log_json_escape(path, sizeof path, rq->path);
        log_json_escape(code, sizeof code, rq->err.code);
        time_fmt_iso(ts, sizeof ts, time(NULL));
        double ms = (double)(time_mono_ns() - rq->start_ns) / 1e6;
        char line[1024];
        int n = snprintf(line, sizeof line,
                         "{\"ts\":\"%s\",\"level\":\"info\",\"msg\":\"request\",\"id\":\"%s\","
                         "\"ip\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%u,"
                         "\"bytes\":%zu,\"ms\":%.2f,\"user\":%lld%s%s%s%s}\n",
                         ts, rq->id, rq->ip, rq->method_name, path, rq->status, rq->resp_bytes, ms,
                         rq->user ? (long long)rq->user->p.id : 0LL,
                         code[0] ? ",\"error\":\"" : "", code, code[0] ? "\"" : "",
                         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : ",\"aborted\":true");
        if (n > 0)
            (void)!write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    }
    arena_free(rq->arena);
    *con_cls = NULL;
    atomic_fetch_sub(&app->inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(msg, sizeof msg, fmt, ap);
#pragma GCC diagnostic pop
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = 0;
    log_msg(LOG_WARN, "libmicrohttpd: %s", msg);
}

static char *read_file(const char *path, struct err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_set(err, ERR_INVALID, "tls.unreadable", "tidak dapat membaca %s: %s",
                "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        err_set(err, ERR_INVALID, "tls.unreadable", "tidak dapat membaca %s", "cannot read %s",
                path);
        return NULL;
    }
    buf[n] = 0;
    fclose(f);
    return buf;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct err *err)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return err_set(err, ERR_INVALID, "config.listen", "listen harus HOST:PORT",
                       "listen must be HOST:PORT");
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    if (*end || port < 0 || port > 65535 ||
        inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host,
                  &sa->sin_addr) != 1)
        return err_set(err, ERR_INVALID, "config.listen",
                       "listen tidak valid: %s (contoh 127.0.0.1:8080)",
                       "invalid listen address: %s (e.g. 127.0.0.1:8080)", listen);
    sa->sin_port = htons((uint16_t)port);
    return 0;
}

/* ---- the listening socket ----------------------------------------------
** Ours, not libmicrohttpd's. Stopping must refuse new connections while
** running requests finish; MHD_quiesce_daemon does that by taking the
** socket out of every pool thread's epoll set, but a pool thread that
** wakes at that moment does the same, and libmicrohttpd 0.9.75 aborts when
** it loses that race ("Failed to remove listen FD from epoll set", exit
** 134, seen in CI). So one thread accepts and hands each connection to the
** pool (MHD_add_connection), and stopping is that thread ending and the
** socket closing: connections are refused from then on. */

static int listen_on(const struct sockaddr_in *sa, unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
    struct sockaddr_in got;
    socklen_t len = sizeof got;
    if (fd < 0)
        return -1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (const struct sockaddr *)sa, sizeof *sa) != 0 || listen(fd, 1024) != 0 ||
        getsockname(fd, (struct sockaddr *)&got, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(got.sin_port);
    return fd;
}

/* Past a limit the accept thread answers by itself: one small write that
** fits any fresh socket's buffer (it never blocks), then close. What the
** client already sent is read first, so closing sends FIN, not RST (an RST
** could destroy the answer before the client reads it). */
static void refuse(int fd, enum conns_verdict v, uint32_t addr, const struct config *cfg)
{
#define BUSY_BODY(code, id, en)                                                          \
    "{\"error\":{\"code\":\"" code "\",\"message\":\"" id " (" en ")\"}}"
#define BUSY(body)                                                                        \
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n" \
    "Retry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" body
    static const char full[] = BUSY(BUSY_BODY("server.busy", "server sedang sibuk, coba lagi",
                                              "the server is busy, try again"));
    static const char addr_full[] =
        BUSY(BUSY_BODY("server.too_many_connections", "terlalu banyak koneksi dari alamat Anda",
                       "too many connections from your address"));
    static struct log_limit lim;
    char junk[4096], ip[INET_ADDRSTRLEN] = "?";
    (void)!recv(fd, junk, sizeof junk, MSG_DONTWAIT);
    if (v == CONNS_FULL)
        (void)!send(fd, full, sizeof full - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    else
        (void)!send(fd, addr_full, sizeof addr_full - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    shutdown(fd, SHUT_WR);
    close(fd);
    inet_ntop(AF_INET, &addr, ip, sizeof ip);
    if (v == CONNS_FULL)
        log_limited(&lim, 10, LOG_WARN, "connection from %s refused: %ld open (max_connections)",
                    ip, cfg->max_connections);
    else
        log_limited(&lim, 10, LOG_WARN,
                    "connection from %s refused: %ld open from there (max_connections_per_addr)",
                    ip, cfg->max_connections_per_addr);
#undef BUSY
#undef BUSY_BODY
}

/* A connection from a trusted proxy (trusted_proxies) is not capped per
** address: the balancer carries many clients (conns.h). */
static bool from_proxy(const struct app *app, const struct sockaddr_storage *ss)
{
    char ip[INET6_ADDRSTRLEN];
    if (!app->trusted_proxies.n)
        return false;
    const void *a = ss->ss_family == AF_INET6
                        ? (const void *)&((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr
                        : (const void *)&((const struct sockaddr_in *)(const void *)ss)->sin_addr;
    return inet_ntop(ss->ss_family, a, ip, sizeof ip) && net_list_has(&app->trusted_proxies, ip);
}

static void *acceptor(void *arg)
{
    struct server *s = arg;
    struct conns *cs = s->app->conns;
    struct pollfd p[2] = {{.fd = s->listen_fd, .events = POLLIN},
                          {.fd = s->stop_pipe[0], .events = POLLIN}};
    for (;;) {
        /* the poll wakes for the first header deadline due */
        if (poll(p, 2, conns_sweep(cs, now_ms())) < 0 && errno != EINTR)
            break;
        if (p[1].revents)
            break;
        if (!(p[0].revents & POLLIN))
            continue;
        for (;;) {
            struct sockaddr_storage ss;
            socklen_t len = sizeof ss;
            int fd = accept4(s->listen_fd, (struct sockaddr *)&ss, &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd >= 0) {
                uint32_t addr = ((const struct sockaddr_in *)(const void *)&ss)->sin_addr.s_addr;
                enum conns_verdict v = from_proxy(s->app, &ss)
                                           ? conns_admit_proxy(cs, fd, addr, now_ms())
                                           : conns_admit(cs, fd, addr, now_ms());
                if (v != CONNS_OK)
                    refuse(fd, v, addr, s->app->cfg);
                else if (MHD_add_connection(s->d, fd, (struct sockaddr *)&ss, len) != MHD_YES)
                    conns_forget(cs, fd); /* libmicrohttpd closed the socket */
                continue;
            }
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE) {
                log_msg(LOG_WARN, "accept: %s", strerror(errno));
                usleep(100000); /* out of descriptors: let requests finish */
            }
            break;
        }
    }
    return NULL;
}

/* libmicrohttpd's view of a connection's life: counted from NOTIFY_STARTED
** (it has the socket) to NOTIFY_CLOSED (called before it closes it). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct app *app = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? conns_started(app->conns, ci->connect_fd) : NULL;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        conns_closed(app->conns, *socket_context);
        *socket_context = NULL;
    }
}

/* Every connection is a descriptor: the soft limit goes up to the hard one,
** and max_connections is held below what remains after a reserve for the
** database, logs, mail and the like. Returns the descriptor limit. */
static int fd_budget(const struct config *cfg, unsigned *max_total)
{
    struct rlimit rl;
    rlim_t cap = 1u << 20;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > cap ? cap : rl.rlim_max;
        if (rl.rlim_cur < want) {
            rl.rlim_cur = want;
            if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
                getrlimit(RLIMIT_NOFILE, &rl);
        }
    } else {
        rl.rlim_cur = 1024;
    }
    int fds = rl.rlim_cur > cap ? (int)cap : (int)rl.rlim_cur;
    long room = fds - 128;
    *max_total = (unsigned)cfg->max_connections;
    if (room < cfg->max_connections) {
        *max_total = room < 16 ? 16 : (unsigned)room;
        log_msg(LOG_WARN, "max_connections %ld lowered to %u: only %d file descriptors "
                          "(raise the hard limit, e.g. LimitNOFILE=)",
                cfg->max_connections, *max_total, fds);
    }
    return fds;
}

int server_start(struct app *app, struct server **out, struct err *err)
{
    const struct config *cfg = app->cfg;
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen, &sa, err) != 0)
        return err->kind;
    struct server *s = calloc(1, sizeof *s);
    if (!s)
        return ERR_INTERNAL;
    s->app = app;
    s->listen_fd = s->stop_pipe[0] = s->stop_pipe[1] = -1;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_NO_LISTEN_SOCKET;
    if (cfg->tls_cert[0] || cfg->tls_key[0]) {
        if (!cfg->tls_cert[0] || !cfg->tls_key[0]) {
            free(s);
            return err_set(err, ERR_INVALID, "config.tls", "tls_cert dan tls_key harus diisi bersama",
                           "tls_cert and tls_key must be set together");
        }
        if (!(s->tls_cert = read_file(cfg->tls_cert, err)) ||
            !(s->tls_key = read_file(cfg->tls_key, err))) {
            free(s->tls_cert);
            free(s);
            return err->kind;
        }
        flags |= MHD_USE_TLS;
        app->tls = true;
    }
    long workers = cfg->workers ? cfg->workers : sysconf(_SC_NPROCESSORS_ONLN);
    if (workers < 1)
        workers = 1;
    unsigned max_total;
    int max_fd = fd_budget(cfg, &max_total);
    /* libmicrohttpd 0.9.75-0.9.77 must never meet its own limit (see
    ** docs/design-notes.md, "Connection limits"): each pool thread gets
    ** limit / workers and a new connection goes to thread fd % workers, so
    ** every thread's share must hold all of ours, plus the few it closes
    ** after our count dropped. */
    unsigned mhd_limit = (max_total + 64) * (unsigned)workers;
    app->conns = conns_new(max_total, (unsigned)cfg->max_connections_per_addr,
                           (unsigned)cfg->header_timeout_seconds * 1000u, max_fd);
    if (!app->conns) {
        free(s->tls_cert);
        free(s->tls_key);
        free(s);
        return ERR_INTERNAL;
    }
    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key},
        {MHD_OPTION_END, 0, NULL},
    };
    if ((s->listen_fd = listen_on(&sa, &s->port)) < 0) {
        conns_free(app->conns);
        app->conns = NULL;
        free(s->tls_cert);
        free(s->tls_key);
        free(s);
        return err_set(err, ERR_UNAVAILABLE, "server.listen", "tidak dapat mendengarkan di %s: %s",
                       "cannot listen on %s: %s", cfg->listen, strerror(errno));
    }
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, app, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)workers, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, app, MHD_OPTION_NOTIFY_CONNECTION, on_connection, app,
        MHD_OPTION_CONNECTION_LIMIT, mhd_limit, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), MHD_OPTION_ARRAY,
        app->tls ? tls_opts : &tls_opts[2], MHD_OPTION_END);
    if (!s->d || pipe2(s->stop_pipe, O_CLOEXEC) != 0 ||
        pthread_create(&s->acceptor, NULL, acceptor, s) != 0) {
        if (s->d)
            MHD_stop_daemon(s->d);
        if (s->stop_pipe[0] >= 0) {
            close(s->stop_pipe[0]);
            close(s->stop_pipe[1]);
        }
        close(s->listen_fd);
        conns_free(app->conns);
        app->conns = NULL;
        free(s->tls_cert);
        free(s->tls_key);
        free(s);
        return err_set(err, ERR_UNAVAILABLE, "server.listen", "tidak dapat melayani di %s",
                       "cannot serve on %s", cfg->listen);
    }
    pthread_setname_np(s->acceptor, "loket-accept");
    /* Budgets keep the server well under 64 MB with a million tickets
    ** (responses: 8 MB let three rounds of bench/tickets.sh reach 63-69 MB,
    ** random tickets by number filling it with answers read only once). */
    /* LOKET_CACHE_TTL_MS, for bench/appointments_instr.sh only: under
    ** callgrind the server runs some 50 times slower, and 2 s would expire
    ** entries that a real run keeps. */
    const char *ttl_env = getenv("LOKET_CACHE_TTL_MS");
    unsigned ttl = ttl_env && atoi(ttl_env) > 0 ? (unsigned)atoi(ttl_env) : 2000;
    /* 16384 slots: the cache is direct-mapped, and with 1024 a thousand
    ** phones polling a queue pushed each other's sign-ins out, a token
    ** lookup for most reads (bench/README.md, appointments, fifth pass) */
    app->auth_cache = cache_new(16384, 2u << 20, 4096, ttl);
    app->resp_cache = cache_new(4096, 2u << 20, 256u << 10, ttl);
    *out = s;
    return 0;
}

unsigned server_port(const struct server *s)
{
    return s->port;
}

void server_stop(struct server *s, long grace_seconds)
{
    /* Stop accepting first (new connections are refused once the socket is
    ** closed); requests already running keep their connection. */
    if (write(s->stop_pipe[1], "x", 1) != 1)
        log_msg(LOG_WARN, "shutdown: cannot wake the acceptor: %s", strerror(errno));
    pthread_join(s->acceptor, NULL);
    close(s->listen_fd);
    close(s->stop_pipe[0]);
    close(s->stop_pipe[1]);
    uint64_t deadline = time_mono_ns() + (uint64_t)grace_seconds * 1000000000u;
    while (atomic_load(&s->app->inflight) > 0 && time_mono_ns() < deadline)
        usleep(10000);
    if (atomic_load(&s->app->inflight) > 0)
        log_msg(LOG_WARN, "shutdown: %d request(s) still running after %lds, closing",
                atomic_load(&s->app->inflight), grace_seconds);
    MHD_stop_daemon(s->d);
    conns_free(s->app->conns); /* after the last close callback */
    s->app->conns = NULL;
    cache_free(s->app->auth_cache);
    cache_free(s->app->resp_cache);
    s->app->auth_cache = s->app->resp_cache = NULL;
    free(s->tls_cert);
    free(s->tls_key);
    free(s);
}
