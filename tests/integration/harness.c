/* Integration-test harness; see harness.h. */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_TRACKED 32

/* Server processes started and not yet reaped, by pid (never by pointer:
** a test may keep its struct it_server on a stack that a failed assertion
** unwinds). */
static pid_t running[MAX_TRACKED];
static char dirs[MAX_TRACKED][256];
static size_t n_dirs;
static bool any_failed, inited;

static void global_init(void)
{
    if (inited)
        return;
    inited = true;
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

int64_t it_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void it_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

void it_mark_failed(void)
{
    any_failed = true;
}

static void out_of_memory(void)
{
    fprintf(stderr, "# integration harness: out of memory\n");
    _fail(__FILE__, __LINE__);
}

const char *it_loket_bin(void)
{
    const char *b = getenv("LOKET_BIN");
    return b && *b ? b : "build/loket";
}

static const char *source_dir(void)
{
    const char *s = getenv("LOKET_SOURCE_DIR");
    return s && *s ? s : ".";
}

/* ---- processes ------------------------------------------------------------ */

/* The child's environment: extra first (so it wins), then ours without
** LOKET_* so a developer's settings never leak into a test. */
static char **make_env(const char *const *extra1, const char *const *extra2)
{
    size_t n = 0, k = 0;
    for (char **e = environ; *e; e++)
        n++;
    for (const char *const *e = extra1; e && *e; e++)
        n++;
    for (const char *const *e = extra2; e && *e; e++)
        n++;
    char **env = calloc(n + 1, sizeof *env);
    if (!env)
        out_of_memory();
    for (const char *const *e = extra1; e && *e; e++)
        env[k++] = (char *)*e;
    for (const char *const *e = extra2; e && *e; e++)
        env[k++] = (char *)*e;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, "LOKET_", 6) != 0)
            env[k++] = *e;
    env[k] = NULL;
    return env;
}

/* fork + exec with the given standard streams; the child dies with us. */
static pid_t spawn(const char *const *argv, char **envp, int in_fd, int out_fd, int err_fd)
{
    pid_t parent = getpid();
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127);
    signal(SIGPIPE, SIG_DFL);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
        _exit(127);
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    execvpe(argv[0], (char *const *)argv, envp);
    dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static int wait_status(int st)
{
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return -1;
}

/* Waits up to ms for pid; returns its status or -2 on timeout. */
static int wait_for(pid_t pid, int ms)
{
    int64_t deadline = it_now_ms() + ms;
    for (;;) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            return wait_status(st);
        if (r < 0 && errno != EINTR)
            return -1;
        if (it_now_ms() >= deadline)
            return -2;
        it_sleep_ms(5);
    }
}

struct buf {
    char *p;
    size_t n, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            out_of_memory();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static char *buf_take(struct buf *b)
{
    if (!b->p)
        buf_add(b, "", 0);
    return b->p;
}

int it_run(struct it_cmd *c, const char *input, const char *const *env,
           const char *const *argv)
{
    global_init();
    memset(c, 0, sizeof *c);
    c->status = -1;
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
        return -1;
    char **envp = make_env(env, NULL);
    pid_t pid = spawn(argv, envp, in[0], out[1], err[1]);
    free(envp);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    struct buf bo = {0}, be = {0};
    size_t in_len = input ? strlen(input) : 0, in_off = 0;
    if (in_len == 0) {
        close(in[1]);
        in[1] = -1;
    }
    int64_t deadline = it_now_ms() + 60000;
    bool out_open = true, err_open = true;
    while ((out_open || err_open) && pid > 0) {
        struct pollfd p[3] = {{out_open ? out[0] : -1, POLLIN, 0},
                              {err_open ? err[0] : -1, POLLIN, 0},
                              {in[1], POLLOUT, 0}};
        int64_t left = deadline - it_now_ms();
        if (left <= 0) {
            kill(pid, SIGKILL);
            break;
        }
        if (poll(p, 3, (int)left) < 0 && errno != EINTR)
            break;
        char chunk[4096];
        for (int i = 0; i < 2; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(p[i].fd, chunk, sizeof chunk);
            if (n > 0) {
                buf_add(i == 0 ? &bo : &be, chunk, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                if (i == 0)
                    out_open = false;
                else
                    err_open = false;
            }
        }
        if (in[1] >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = write(in[1], input + in_off, in_len - in_off);
            if (n > 0)
                in_off += (size_t)n;
            if (n < 0 || in_off >= in_len) {
                close(in[1]);
                in[1] = -1;
            }
        }
    }
    if (in[1] >= 0)
        close(in[1]);
    close(out[0]);
    close(err[0]);
    c->out = buf_take(&bo);
    c->err = buf_take(&be);
    if (pid > 0) {
        int st = wait_for(pid, 60000);
        if (st == -2) {
            kill(pid, SIGKILL);
            st = wait_for(pid, 5000);
        }
        c->status = st;
    }
    return c->status;
}

int it_loket(struct it_cmd *c, const char *input, const char *const *env, ...)
{
    const char *argv[64];
    size_t n = 0;
    argv[n++] = it_loket_bin();
    va_list ap;
    va_start(ap, env);
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 63)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    return it_run(c, input, env, argv);
}

void it_cmd_free(struct it_cmd *c)
{
    free(c->out);
    free(c->err);
    c->out = c->err = NULL;
}

/* ---- servers ---------------------------------------------------------------- */

int it_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {0};
    socklen_t len = sizeof sa;
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = 0;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        port = ntohs(sa.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

int it_datadir(struct it_server *s)
{
    global_init();
    if (s->dir[0])
        return 0;
    char tmpl[] = "/tmp/loket-it-XXXXXX";
    if (!mkdtemp(tmpl)) {
        fprintf(stderr, "# mkdtemp: %s\n", strerror(errno));
        return -1;
    }
    snprintf(s->dir, sizeof s->dir, "%s", tmpl);
    snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
    if (n_dirs < MAX_TRACKED)
        snprintf(dirs[n_dirs++], sizeof dirs[0], "%s", s->dir);
    return 0;
}

static void track(pid_t pid, bool on)
{
    for (size_t i = 0; i < MAX_TRACKED; i++) {
        if (on && !running[i]) {
            running[i] = pid;
            return;
        }
        if (!on && running[i] == pid)
            running[i] = 0;
    }
}

static void print_log_tail(const struct it_server *s)
{
    FILE *f = fopen(s->log, "r");
    if (!f)
        return;
    char line[1024];
    long lines = 0;
    while (fgets(line, sizeof line, f))
        lines++;
    rewind(f);
    long i = 0;
    while (fgets(line, sizeof line, f))
        if (i++ >= lines - 20)
            fprintf(stderr, "#   | %s", line);
    fclose(f);
}

static long healthz(const struct it_server *s)
{
    char url[128];
    long status = 0;
    snprintf(url, sizeof url, "%s/healthz", s->base);
    CURL *h = curl_easy_init();
    if (!h)
        return 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 1000L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
    FILE *devnull = fopen("/dev/null", "w");
    curl_easy_setopt(h, CURLOPT_WRITEDATA, devnull);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (devnull)
        fclose(devnull);
    curl_easy_cleanup(h);
    return status;
}

/* Whether the log, from offset on, contains needle. */
static bool log_has(const char *path, long offset, const char *needle)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool found = false;
    char line[1024];
    if (fseek(f, offset, SEEK_SET) == 0)
        while (!found && fgets(line, sizeof line, f))
            found = strstr(line, needle) != NULL;
    fclose(f);
    return found;
}

static const char *const server_defaults[] = {
    "LOKET_BACKUP_HOUR=-1", /* no daily backup showing up in the middle of a test */
    NULL,
};

int it_server_start(struct it_server *s, const struct it_server_opts *o)
{
    static const struct it_server_opts none = {0};
    if (!o)
        o = &none;
    if (it_datadir(s) != 0)
        return -1;
    if (s->pid > 0 && wait_for(s->pid, 0) != -2) {
        track(s->pid, false); /* it died on its own; reaped now */
        s->pid = 0;
    }
    if (s->pid > 0) {
        fprintf(stderr, "# server already running (pid %ld)\n", (long)s->pid);
        return -1;
    }
    if (!s->inited) {
        struct it_cmd c;
        it_loket(&c, NULL, o->env, "init", "--demo-base", "--data-dir", s->dir, (char *)NULL);
        if (c.status != 0) {
            fprintf(stderr, "# loket init --demo-base failed (%d): %s%s", c.status, c.out, c.err);
            it_cmd_free(&c);
            it_mark_failed();
            return -1;
        }
        it_cmd_free(&c);
        s->inited = true;
    }
    s->tls = o->tls;
    char web[4096];
    snprintf(web, sizeof web, "%s/web", source_dir());
    for (int attempt = 0; attempt < 3; attempt++) {
        s->port = it_free_port();
        if (s->port <= 0)
            return -1;
        char listen[64];
        snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
        snprintf(s->base, sizeof s->base, "%s://127.0.0.1:%d", s->tls ? "https" : "http",
                 s->port);
        int log = open(s->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (log < 0 || null < 0)
            return -1;
        dprintf(log, "=== loket serve --listen %s\n", listen);
        long offset = (long)lseek(log, 0, SEEK_END);
        /* printed by this process once it holds the port: a server of another
        ** test that happened to get the same port cannot pass for ours */
        char ready[128];
        snprintf(ready, sizeof ready, "listening on %s", s->base);
        const char *argv[] = {it_loket_bin(), "serve", "--data-dir", s->dir, "--listen", listen,
                              "--web-dir", web, NULL};
        char **envp = make_env(o->env, server_defaults);
        s->pid = spawn(argv, envp, null, log, log);
        free(envp);
        close(log);
        close(null);
        if (s->pid < 0) {
            s->pid = 0;
            return -1;
        }
        track(s->pid, true);
        int64_t deadline = it_now_ms() + 10000;
        int exited = -2;
        while (it_now_ms() < deadline) {
            if (log_has(s->log, offset, ready) && healthz(s) == 200)
                return 0;
            if ((exited = wait_for(s->pid, 0)) != -2)
                break;
            it_sleep_ms(20);
        }
        if (exited == -2) {
            fprintf(stderr, "# server on port %d did not answer /healthz within 10 s\n", s->port);
            kill(s->pid, SIGKILL);
            wait_for(s->pid, 5000);
            track(s->pid, false);
            s->pid = 0;
            break;
        }
        track(s->pid, false);
        s->pid = 0;
        fprintf(stderr, "# server exited during start (status %d); retrying\n", exited);
    }
    fprintf(stderr, "# server did not start; data directory %s\n", s->dir);
    print_log_tail(s);
    it_mark_failed();
    return -1;
}

int it_server_stop(struct it_server *s)
{
    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    int st = wait_for(s->pid, 30000);
    if (st == -2) {
        fprintf(stderr, "# server pid %ld ignored SIGTERM for 30 s; killing\n", (long)s->pid);
        kill(s->pid, SIGKILL);
        st = wait_for(s->pid, 5000);
    }
    track(s->pid, false);
    s->pid = 0;
    return st;
}

bool it_server_log_dirty(const struct it_server *s)
{
    FILE *f = fopen(s->log, "r");
    if (!f)
        return false;
    char line[4096];
    bool dirty = false;
    while (fgets(line, sizeof line, f))
        if (strstr(line, "Sanitizer") || strstr(line, "runtime error:"))
            dirty = true;
    fclose(f);
    return dirty;
}

int it_server_stop_clean(struct it_server *s)
{
    if (s->pid <= 0)
        return it_server_log_dirty(s) ? -1 : 0;
    int st = it_server_stop(s);
    bool dirty = it_server_log_dirty(s);
    if (st == 0 && !dirty)
        return 0;
    fprintf(stderr, "# server exit status %d%s; log %s\n", st,
            dirty ? ", sanitizer report in its log" : "", s->log);
    print_log_tail(s);
    it_mark_failed();
    return -1;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

int it_finish(int failed)
{
    if (failed)
        any_failed = true;
    for (size_t i = 0; i < MAX_TRACKED; i++) {
        pid_t pid = running[i];
        running[i] = 0;
        /* only a child not yet reaped: its pid cannot belong to anyone else */
        if (pid <= 0 || waitpid(pid, NULL, WNOHANG) != 0)
            continue;
        fprintf(stderr, "# killing server pid %ld left running\n", (long)pid);
        kill(pid, SIGKILL);
        wait_for(pid, 5000);
    }
    for (size_t i = 0; i < n_dirs; i++) {
        if (any_failed)
            fprintf(stderr, "# kept data directory %s (server.log inside)\n", dirs[i]);
        else
            nftw(dirs[i], rm_one, 16, FTW_DEPTH | FTW_PHYS);
    }
    if (inited)
        curl_global_cleanup();
    /* cmocka 1.1.5 counts a failed group teardown (a server that did not
    ** exit cleanly) in its TAP but not in its return value */
    return failed ? failed : any_failed;
}

/* ---- HTTP -------------------------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t n, void *cls)
{
    struct buf *b = cls;
    buf_add(b, p, size * n);
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *cls)
{
    struct it_resp *r = cls;
    size_t len = size * n;
    if (len >= 5 && strncmp(p, "HTTP/", 5) == 0)
        r->hlen = 0; /* a new response (after 100 Continue) */
    if (r->hlen + len < sizeof r->headers) {
        memcpy(r->headers + r->hlen, p, len);
        r->hlen += len;
        r->headers[r->hlen] = 0;
    }
    return len;
}

struct upload {
    const char *p;
    size_t left;
};

/* Small pieces, so a chunked body really arrives as several chunks. */
static size_t on_read(char *dst, size_t size, size_t n, void *cls)
{
    struct upload *u = cls;
    size_t m = size * n;
    if (m > 1000)
        m = 1000;
    if (m > u->left)
        m = u->left;
    memcpy(dst, u->p, m);
    u->p += m;
    u->left -= m;
    return m;
}

/* A client is a curl share of cookies and connections; every request is
** a fresh easy handle on it. (curl_easy_reset on a handle with a cookie
** engine leaks in libcurl 7.88.) */
void it_client_init(struct it_client *c, const struct it_server *s)
{
    global_init();
    memset(c, 0, sizeof *c);
    c->srv = s;
    CURLSH *sh = curl_share_init();
    if (sh) {
        curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
        curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    }
    c->share = sh;
}

void it_client_cleanup(struct it_client *c)
{
    if (c->share)
        curl_share_cleanup(c->share);
    c->share = NULL;
    c->csrf[0] = c->bearer[0] = 0;
}

void it_resp_free(struct it_resp *r)
{
    free(r->body);
    json_decref(r->json);
    r->body = NULL;
    r->json = NULL;
    r->len = 0;
    r->status = 0;
    r->hlen = 0;
    r->headers[0] = 0;
    r->curl_error[0] = 0;
}

static bool has_header(const char *const *headers, const char *name)
{
    size_t n = strlen(name);
    for (const char *const *h = headers; h && *h; h++)
        if (strncasecmp(*h, name, n) == 0 && (*h)[n] == ':')
            return true;
    return false;
}

long it_request(struct it_client *c, const char *method, const char *path, const char *body,
                size_t len, const char *const *headers, unsigned flags, struct it_resp *r)
{
    global_init();
    it_resp_free(r);
    CURL *h = curl_easy_init();
    if (!h)
        return 0;
    char url[1024];
    snprintf(url, sizeof url, "%s%s", c->srv->base, path);
    struct buf b = {0};
    struct upload up = {body, body ? len : 0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->curl_error);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    if (c->share && !(flags & IT_NO_COOKIES)) {
        curl_easy_setopt(h, CURLOPT_SHARE, c->share);
        curl_easy_setopt(h, CURLOPT_COOKIEFILE, ""); /* the jar lives in the share */
    }

    struct curl_slist *hl = curl_slist_append(NULL, "Expect:");
    char line[200];
    bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    if (body && !has_header(headers, "Content-Type"))
        hl = curl_slist_append(hl, "Content-Type: application/json");
    if (c && c->csrf[0] && !get && !(flags & IT_NO_CSRF) && !has_header(headers, "X-CSRF-Token")) {
        snprintf(line, sizeof line, "X-CSRF-Token: %s", c->csrf);
        hl = curl_slist_append(hl, line);
    }
    if (c && c->bearer[0] && !has_header(headers, "Authorization")) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", c->bearer);
        hl = curl_slist_append(hl, line);
    }
    if (flags & IT_CHUNKED)
        hl = curl_slist_append(hl, "Transfer-Encoding: chunked");
    for (const char *const *x = headers; x && *x; x++)
        hl = curl_slist_append(hl, *x);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);

    if (!strcmp(method, "GET")) {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (!strcmp(method, "HEAD")) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
        if (flags & IT_CHUNKED) {
            curl_easy_setopt(h, CURLOPT_POST, 1L);
            curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
            curl_easy_setopt(h, CURLOPT_READDATA, &up);
        } else if (body) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        } else if (!strcmp(method, "POST") || !strcmp(method, "PATCH") ||
                   !strcmp(method, "PUT")) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
        }
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    } else {
        r->status = 0;
        if (!r->curl_error[0])
            snprintf(r->curl_error, sizeof r->curl_error, "%s", curl_easy_strerror(rc));
    }
    curl_easy_cleanup(h);
    curl_slist_free_all(hl);
    r->body = buf_take(&b);
    r->len = b.n;
    if (r->len)
        r->json = json_loadb(r->body, r->len, 0, NULL);
    return r->status;
}

static long send_json(struct it_client *c, const char *method, const char *path, json_t *body,
                      struct it_resp *r)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    long st = it_request(c, method, path, text, text ? strlen(text) : 0, NULL, 0, r);
    free(text);
    return st;
}

long it_get(struct it_client *c, const char *path, struct it_resp *r)
{
    return it_request(c, "GET", path, NULL, 0, NULL, 0, r);
}

long it_post(struct it_client *c, const char *path, json_t *body, struct it_resp *r)
{
    return send_json(c, "POST", path, body, r);
}

long it_patch(struct it_client *c, const char *path, json_t *body, struct it_resp *r)
{
    return send_json(c, "PATCH", path, body, r);
}

long it_delete(struct it_client *c, const char *path, struct it_resp *r)
{
    return it_request(c, "DELETE", path, NULL, 0, NULL, 0, r);
}

const char *it_path(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return buf;
}

const char *it_login(struct it_client *c, const char *login, const char *password)
{
    struct it_resp r = {0};
    const char *out = NULL;
    if (it_post(c, "/api/v1/auth/login",
                json_pack("{s:s, s:s}", "login", login, "password", password), &r) == 200 &&
        json_is_string(jget(r.json, "csrf_token"))) {
        snprintf(c->csrf, sizeof c->csrf, "%s", jstr(r.json, "csrf_token"));
        c->user_id = jint(r.json, "user.id");
        out = c->csrf;
    } else {
        fprintf(stderr, "# login %s: %ld %.300s%s\n", login, r.status, r.body ? r.body : "",
                r.curl_error);
    }
    it_resp_free(&r);
    return out;
}

/* The value of the first "Name: value" header line of the final response
** (whose value starts with prefix, when given). */
static const char *find_header(const struct it_resp *r, const char *name, const char *prefix,
                               char *buf, size_t n)
{
    size_t nl = strlen(name), pl = prefix ? strlen(prefix) : 0;
    const char *p = r->headers;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        size_t ll = eol ? (size_t)(eol - p) : strlen(p);
        if (ll > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t vl = ll - (size_t)(v - p);
            if (!prefix || (vl >= pl && strncmp(v, prefix, pl) == 0)) {
                if (vl >= n)
                    vl = n - 1;
                memcpy(buf, v, vl);
                buf[vl] = 0;
                while (vl && (buf[vl - 1] == ' ' || buf[vl - 1] == '\r' || buf[vl - 1] == '\n'))
                    buf[--vl] = 0;
                return buf;
            }
        }
        if (!eol)
            break;
        p = eol + 2;
    }
    return NULL;
}

const char *it_header(const struct it_resp *r, const char *name, char *buf, size_t n)
{
    return find_header(r, name, NULL, buf, n);
}

const char *it_set_cookie(const struct it_resp *r, const char *name, char *buf, size_t n)
{
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s=", name);
    return find_header(r, "Set-Cookie", prefix, buf, n);
}

/* ---- JSON ------------------------------------------------------------------- */

json_t *jget(json_t *j, const char *path)
{
    char seg[128];
    const char *p = path;
    while (j && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof seg)
            return NULL;
        memcpy(seg, p, n);
        seg[n] = 0;
        if (json_is_array(j)) {
            char *end;
            long i = strtol(seg, &end, 10);
            j = *end || i < 0 ? NULL : json_array_get(j, (size_t)i);
        } else {
            j = json_object_get(j, seg);
        }
        p = dot ? dot + 1 : p + n;
    }
    return j;
}

const char *jstr(json_t *j, const char *path)
{
    json_t *v = jget(j, path);
    return json_is_string(v) ? json_string_value(v) : "(missing)";
}

json_int_t jint(json_t *j, const char *path)
{
    json_t *v = jget(j, path);
    return json_is_integer(v) ? json_integer_value(v) : INT64_MIN;
}

bool jhas(json_t *j, const char *path)
{
    return jget(j, path) != NULL;
}

bool jtrue(json_t *j, const char *path)
{
    return json_is_true(jget(j, path));
}

/* ---- checks ------------------------------------------------------------------ */

void it_check(const struct it_resp *r, long status, const char *code, const char *file,
              int line)
{
    const char *got = jstr(r->json, "error.code");
    if (r->status == status && (!code || strcmp(got, code) == 0))
        return;
    print_error("%s:%d: expected %ld%s%s, got %ld: %.600s%s%s\n", file, line, status,
                code ? " " : "", code ? code : "", r->status, r->body ? r->body : "",
                r->curl_error[0] ? " curl: " : "", r->curl_error);
    _fail(file, line);
}

void it_check_field(const struct it_resp *r, const char *field, const char *file, int line)
{
    char path[128];
    snprintf(path, sizeof path, "error.fields.%s", field);
    if (json_is_string(jget(r->json, path)))
        return;
    print_error("%s:%d: expected error.fields.%s in %.600s\n", file, line, field,
                r->body ? r->body : "");
    _fail(file, line);
}

bool it_is_hex(const char *s, size_t n)
{
    if (!s || strlen(s) != n)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}
