/* PostgreSQL driver: opening the store, its pool of connections, the
** background refresh and the LISTEN connection through which other
** processes' commits move this store's generations. Beside it: query.c
** (statements, errors), params.c, tx.c (transactions), migrate.c (upkeep),
** ops.c (the table); each area in its own file. The URL's password never
** reaches a message or a log (pg_url_safe). */
#include "store/pg/pg.h"
#include "store/pg/rollup.h"
#include "store/pg/ops.h"
#include "core/die.h"
#include "core/log.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the URL ----------------------------------------------------------- */

/* The parts of a URL that can hold a password: the user info's ":secret"
** (*colon up to *at; NULLs without) and the query (*query, NULL without).
** False when url is no URL. */
static bool url_parts(const char *url, const char **colon, const char **at, const char **query)
{
    const char *scheme = strstr(url, "://");
    *colon = *at = *query = NULL;
    if (!scheme)
        return false;
    const char *auth = scheme + 3;
    size_t alen = strcspn(auth, "/?#");
    for (const char *p = auth; p < auth + alen; p++)
        if (*p == '@')
            *at = p;
    *colon = *at ? memchr(auth, ':', (size_t)(*at - auth)) : NULL;
    if (!*colon)
        *at = NULL;
    *query = strchr(auth + alen, '?');
    return true;
}

/* The URL's passwords: the user info's ":secret" and "password=" query
** parameters, each copied (as written) into out[]; returns how many. */
static int passwords(const char *url, char out[][128], int cap)
{
    int n = 0;
    const char *colon, *at, *q;
    if (!url_parts(url, &colon, &at, &q))
        return 0;
    if (colon && at - colon > 1 && n < cap)
        snprintf(out[n++], 128, "%.*s", (int)(at - colon - 1), colon + 1);
    for (const char *p = q; p && *p && *p != '#'; p += strcspn(p + 1, "&#") + 1) {
        const char *kv = p + 1;
        size_t len = strcspn(kv, "&#");
        if (len > 9 && strncmp(kv, "password=", 9) == 0 && n < cap)
            snprintf(out[n++], 128, "%.*s", (int)(len - 9), kv + 9);
    }
    return n;
}

char *pg_url_safe(const char *url)
{
    if (!url)
        url = "";
    size_t len = strlen(url);
    char *out = malloc(len + 1);
    if (!out)
        die("out of memory");
    const char *colon, *at, *q;
    if (!url_parts(url, &colon, &at, &q)) { /* no URL: show nothing that could hold a secret */
        out[0] = '\0';
        return out;
    }
    size_t o = 0;
    /* scheme, user (without ":secret"), host and path */
    const char *p = url;
    const char *path_end = q ? q : url + len;
    while (p < path_end) {
        if (colon && p == colon) {
            p = at;
            continue;
        }
        out[o++] = *p++;
    }
    /* the query without password= parameters */
    if (q) {
        bool first = true;
        const char *kv = q + 1;
        while (*kv && *kv != '#') {
            size_t n = strcspn(kv, "&#");
            if (!(n >= 9 && strncmp(kv, "password=", 9) == 0) && n > 0) {
                out[o++] = first ? '?' : '&';
                memcpy(out + o, kv, n);
                o += n;
                first = false;
            }
            kv += n;
            if (*kv == '&')
                kv++;
        }
    }
    out[o] = '\0';
    return out;
}

/* Every occurrence of the URL's passwords in a libpq message starred out:
** libpq quotes a malformed part of the URL back (a bad %-escape). */
static void scrub(char *msg, const char *url)
{
    char secret[4][128];
    int n = passwords(url, secret, 4);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(secret[i]);
        for (char *hit; len && (hit = strstr(msg, secret[i])) != NULL;)
            memset(hit, '*', len);
    }
}

/* ---- connections ------------------------------------------------------- */

static void pids_add(struct pg_store *s, int pid)
{
    pthread_mutex_lock(&s->mu);
    if (s->n_pids == s->cap_pids) {
        s->cap_pids = s->cap_pids ? 2 * s->cap_pids : 16;
        s->pids = realloc(s->pids, (size_t)s->cap_pids * sizeof *s->pids);
        if (!s->pids)
            die("out of memory");
    }
    s->pids[s->n_pids++] = pid;
    pthread_mutex_unlock(&s->mu);
}

static void pids_remove(struct pg_store *s, int pid)
{
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->n_pids; i++)
        if (s->pids[i] == pid) {
            s->pids[i] = s->pids[--s->n_pids];
            break;
        }
    pthread_mutex_unlock(&s->mu);
}

static bool pids_own(struct pg_store *s, int pid)
{
    bool own = false;
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->n_pids && !own; i++)
        own = s->pids[i] == pid;
    pthread_mutex_unlock(&s->mu);
    return own;
}

/* PostgreSQL's notices ("relation ... already exists, skipping") are not
** for the console: debug lines at most. */
static void on_notice(void *arg, const char *msg)
{
    (void)arg;
    log_msg(LOG_DEBUG, "postgresql: %.*s", (int)strcspn(msg, "\n"), msg);
}

static PGconn *connect_url(const char *url, struct err *err)
{
    static const char *const keys[] = {"dbname", "application_name", "client_encoding", NULL};
    const char *vals[] = {url, "loket", "UTF8", NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (c && PQstatus(c) == CONNECTION_OK) {
        PQsetNoticeProcessor(c, on_notice, NULL);
        return c;
    }
    char msg[200];
    const char *m = c ? PQerrorMessage(c) : "out of memory";
    size_t n = strcspn(m, "\n");
    snprintf(msg, sizeof msg, "%.*s", (int)(n < sizeof msg ? n : sizeof msg - 1), m);
    scrub(msg, url);
    char *safe = pg_url_safe(url);
    err_set(err, ERR_UNAVAILABLE, "store.open", "tidak dapat terhubung ke %s: %s",
            "cannot connect to %s: %s", safe, msg);
    free(safe);
    PQfinish(c);
    return NULL;
}

/* A statement waiting for a row lock gives up after this, like SQLite's
** busy timeout, and answers store.busy; a URL may set its own
** (options=-c%20lock_timeout%3D...). */
static const char lock_timeout_sql[] = "SET lock_timeout = '5s'";

static struct pg_db *conn_open(struct pg_store *s, struct err *err)
{
    PGconn *c = connect_url(s->url, err);
    if (!c)
        return NULL;
    if (!strstr(s->url, "lock_timeout")) {
        PGresult *r = PQexec(c, lock_timeout_sql);
        PQclear(r);
    }
    struct pg_db *d = calloc(1, sizeof *d);
    if (!d)
        die("out of memory");
    d->base.ops = &pg_ops;
    d->base.st = &s->base;
    d->c = c;
    pids_add(s, PQbackendPID(c));
    pthread_mutex_lock(&s->mu);
    s->open_count++;
    pthread_mutex_unlock(&s->mu);
    return d;
}

static void conn_close(struct pg_store *s, struct pg_db *d)
{
    pids_remove(s, PQbackendPID(d->c));
    pthread_mutex_lock(&s->mu);
    s->open_count--;
    pthread_mutex_unlock(&s->mu);
    PQfinish(d->c);
    pg_rc_free(d);
    pg_rollup_free(d);
    pg_subs_free(d);
    pg_users_free(d);
    free(d);
}

/* Idle connections kept for reuse: each is a backend process on the
** server, so a burst's extra ones are closed on release. */
enum { POOL_IDLE_MAX = 8 };

/* Whether an idle connection is known to be gone: the server closed it
** (a restart, pg_terminate_backend) and its socket says so. One poll with
** no wait; without it every pooled connection would fail one request with
** store.busy after a server restart. An idle connection has nothing to
** read unless the server is saying goodbye (a FATAL message, then EOF); the
** rare harmless message (a notice) costs a reconnect, nothing more. */
static bool conn_gone(struct pg_db *d)
{
    struct pollfd p = {.fd = PQsocket(d->c), .events = POLLIN};
    return p.fd < 0 || PQstatus(d->c) != CONNECTION_OK || poll(&p, 1, 0) != 0;
}

struct db *pg_acquire(struct store *st, struct err *err)
{
    struct pg_store *s = (struct pg_store *)st;
    struct pg_db *d;
    for (;;) {
        pthread_mutex_lock(&s->mu);
        d = s->free_list;
        if (d) {
            s->free_list = d->next_free;
            s->n_idle--;
        }
        pthread_mutex_unlock(&s->mu);
        if (!d || !conn_gone(d))
            break;
        conn_close(s, d);
    }
    if (!d)
        d = conn_open(s, err);
    return d ? &d->base : NULL;
}

void pg_release(struct db *db)
{
    struct pg_db *d = (struct pg_db *)db;
    struct pg_store *s = (struct pg_store *)db->st;
    if (d->tx_depth) /* a request that failed mid-transaction */
        db_rollback(db);
    /* A lost connection, or one still inside a transaction somebody began
    ** by hand, is never handed out again. */
    bool healthy = PQstatus(d->c) == CONNECTION_OK &&
                   PQtransactionStatus(d->c) == PQTRANS_IDLE;
    pthread_mutex_lock(&s->mu);
    bool keep = healthy && s->n_idle < POOL_IDLE_MAX;
    if (keep) {
        d->next_free = s->free_list;
        s->free_list = d;
        s->n_idle++;
    }
    pthread_mutex_unlock(&s->mu);
    if (!keep)
        conn_close(s, d);
}

/* ---- other processes' commits ------------------------------------------ */

static void bump(struct pg_store *s, bool data, bool conf)
{
    if (data)
        atomic_fetch_add_explicit(&s->base.generation, 1, memory_order_release);
    if (conf)
        atomic_fetch_add_explicit(&s->base.conf_generation, 1, memory_order_release);
}

/* The LISTEN connection, opened on first use: commits before it existed
** are unknown, so opening it moves both generations. Called with listen_mu. */
static bool listen_open(struct pg_store *s)
{
    struct err err;
    PGconn *c = connect_url(s->url, &err);
    if (!c)
        return false;
    PGresult *r = PQexec(c, "LISTEN loket_gen");
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
        PQfinish(c);
        return false;
    }
    s->listen = c;
    return true;
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A server down must not make every request wait for a connection attempt:
** one a second at most, meanwhile every refresh moves the generations. */
enum { LISTEN_RETRY_MS = 1000 };

/* Reads the LISTEN connection; with sync, after one round trip on it
** (an empty query): PostgreSQL signals every listening backend before a
** NOTIFYing COMMIT returns, and a backend sends the notifications it was
** signalled for before it answers a query (before ReadyForQuery at the
** latest), so once the answer is here every commit that returned before
** the query was sent has been heard. Without sync it never blocks: libpq's
** socket is non-blocking, and PQconsumeInput reads only what has arrived.
** Notifications sent by this store's own connections are skipped (their
** commits moved the generations already). Called with listen_mu. */
static void listen_read(struct pg_store *s, bool sync, bool *data, bool *conf)
{
    if (!s->listen) {
        /* nothing known about what happened before: every cache goes */
        *data = *conf = true;
        int64_t now = now_ms();
        if (now >= s->listen_retry_ms && !listen_open(s))
            s->listen_retry_ms = now + LISTEN_RETRY_MS;
        return; /* a fresh LISTEN needs no round: both generations moved */
    }
    bool ok;
    if (sync) {
        atomic_fetch_add(&s->sync_started, 1); /* before the query leaves */
        PGresult *r = PQexec(s->listen, "");
        ok = r && PQresultStatus(r) == PGRES_EMPTY_QUERY;
        PQclear(r);
        atomic_store(&s->sync_done, atomic_load(&s->sync_started));
    } else {
        ok = PQconsumeInput(s->listen) != 0;
    }
    if (!ok) {
        log_msg(LOG_WARN, "store: the PostgreSQL LISTEN connection was lost; reopening it");
        PQfinish(s->listen);
        s->listen = NULL;
        *data = *conf = true;
        return;
    }
    PGnotify *n;
    while ((n = PQnotifies(s->listen)) != NULL) {
        if (!pids_own(s, n->be_pid)) {
            *data = true;
            if (strcmp(n->extra, "conf") == 0)
                *conf = true;
        }
        PQfreemem(n);
    }
}

/* At the start of every request (docs/storage-driver.md: a request sees
** every commit that returned before it began, on any node): one round trip
** on the LISTEN connection, shared by every request that arrived before it
** was sent. A request waits for a round that started after it arrived
** (sync_started read on arrival), so under load one round serves a whole
** batch, like a group commit. LOKET_PG_SYNC_REFRESH=0 (one node only)
** skips the round: notifications are then read as they happen to arrive. */
void pg_refresh(struct store *st)
{
    struct pg_store *s = (struct pg_store *)st;
    bool data = false, conf = false;
    uint64_t want = atomic_load(&s->sync_started) + 1;
    pthread_mutex_lock(&s->listen_mu);
    if (!s->sync_refresh || atomic_load(&s->sync_done) < want)
        listen_read(s, s->sync_refresh, &data, &conf);
    pthread_mutex_unlock(&s->listen_mu);
    bump(s, data, conf);
}

/* The background thread's refresh: whatever has arrived, never a wait. */
static void refresh_nowait(struct pg_store *s)
{
    bool data = false, conf = false;
    pthread_mutex_lock(&s->listen_mu);
    listen_read(s, false, &data, &conf);
    pthread_mutex_unlock(&s->listen_mu);
    bump(s, data, conf);
}

/* The background workers rely on the generations moving within a few tens
** of milliseconds of another process's commit (docs/storage-driver.md). */
enum { REFRESH_MS = 50 };

static void *bg_main(void *arg)
{
    struct pg_store *s = arg;
    pthread_mutex_lock(&s->bg_mu);
    while (!s->bg_stop) {
        pthread_mutex_unlock(&s->bg_mu);
        refresh_nowait(s);
        pthread_mutex_lock(&s->bg_mu);
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += REFRESH_MS * 1000000L;
        if (t.tv_nsec >= 1000000000L)
            t.tv_sec++, t.tv_nsec -= 1000000000L;
        if (!s->bg_stop)
            pthread_cond_timedwait(&s->bg_cv, &s->bg_mu, &t);
    }
    pthread_mutex_unlock(&s->bg_mu);
    return NULL;
}

int pg_bg_start(struct store *st, struct err *err)
{
    struct pg_store *s = (struct pg_store *)st;
    pthread_mutex_lock(&s->bg_mu);
    if (s->bg_running) {
        pthread_mutex_unlock(&s->bg_mu);
        return 0;
    }
    s->bg_stop = false;
    pg_refresh(st); /* LISTEN now, not at the first request */
    int rc = pthread_create(&s->bg, NULL, bg_main, s);
    s->bg_running = rc == 0;
    pthread_mutex_unlock(&s->bg_mu);
    if (rc != 0)
        return err_text(err, ERR_INTERNAL, "store.thread", "tidak dapat memulai thread",
                        "cannot start a thread");
    return 0;
}

void pg_bg_stop(struct store *st)
{
    struct pg_store *s = (struct pg_store *)st;
    pthread_mutex_lock(&s->bg_mu);
    bool running = s->bg_running;
    s->bg_stop = true;
    s->bg_running = false;
    pthread_cond_broadcast(&s->bg_cv);
    pthread_mutex_unlock(&s->bg_mu);
    if (running)
        pthread_join(s->bg, NULL);
}

/* ---- the store ---------------------------------------------------------- */

void pg_close(struct store *st)
{
    struct pg_store *s = (struct pg_store *)st;
    pg_bg_stop(st);
    struct pg_db *d = s->free_list;
    while (d) {
        struct pg_db *next = d->next_free;
        conn_close(s, d);
        d = next;
    }
    if (s->listen)
        PQfinish(s->listen);
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->listen_mu);
    pthread_mutex_destroy(&s->bg_mu);
    pthread_cond_destroy(&s->bg_cv);
    free(s->pids);
    free(s->url);
    free(s);
}

int pg_store_open(const char *url, struct store **out, struct err *err)
{
    struct pg_store *s = calloc(1, sizeof *s);
    if (!s)
        die("out of memory");
    s->base.ops = &pg_ops;
    /* Generations of different stores never meet (the SQLite driver counts
    ** its epochs from 1 << 40; these start at 1 << 62), so a cache entry
    ** from a store closed earlier in this process cannot pass for current. */
    static _Atomic uint64_t epoch;
    uint64_t start = (UINT64_C(1) << 62) + ((atomic_fetch_add(&epoch, 1) + 1) << 40);
    atomic_store(&s->base.generation, start);
    atomic_store(&s->base.conf_generation, start);
    s->url = strdup(url);
    if (!s->url)
        die("out of memory");
    const char *serial = getenv("LOKET_PG_SERIAL_WRITES");
    s->serial_writes = !serial || strcmp(serial, "0") != 0;
    const char *sync = getenv("LOKET_PG_SYNC_REFRESH");
    s->sync_refresh = !sync || strcmp(sync, "0") != 0;
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->listen_mu, NULL);
    pthread_mutex_init(&s->bg_mu, NULL);
    pthread_cond_init(&s->bg_cv, NULL);
    /* One connection now, so a bad URL or a server down fails at start-up. */
    struct db *d = pg_acquire(&s->base, err);
    if (!d) {
        pg_close(&s->base);
        return err->kind;
    }
    pg_release(d);
    *out = &s->base;
    return 0;
}
