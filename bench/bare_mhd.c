/* The baseline for bench/http.sh: a bare libmicrohttpd server with the same
** daemon flags, thread pool and connection options as src/http/server.c
** (server_start), answering every request with 200 {"status":"ok"}
** application/json. Whatever Loket costs above this is ours.
**
** With a FILE it is instead a floor for reading a ticket by number: each
** request reads one random 4 KiB page of FILE (pread: the least any store
** that keeps a million tickets in a file, not in the server's memory, must
** do) and answers with BODY bytes of JSON (a ticket's answer is ~1.7 KB, a
** list page of 50 tickets ~61 KB).
** Usage: bare_mhd PORT [FILE [BODY]]   — runs until SIGTERM or SIGINT. */
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] = "{\"status\":\"ok\"}";

/* the floor mode */
static int fd = -1;
static off_t pages;
static char *floor_body;
static size_t floor_len;

static const char *read_page(size_t *len)
{
    static _Thread_local unsigned seed;
    static _Thread_local char page[4096];
    if (!seed)
        seed = (unsigned)(uintptr_t)page;
    off_t n = (off_t)rand_r(&seed) % pages;
    if (pread(fd, page, sizeof page, n * (off_t)sizeof page) != (ssize_t)sizeof page)
        return NULL;
    *len = floor_len;
    return floor_body;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload;
    if (!*con_cls) { /* first call: headers only */
        *con_cls = c;
        return MHD_YES;
    }
    if (*upload_size) { /* discard request bodies (POST baseline) */
        *upload_size = 0;
        return MHD_YES;
    }
    size_t len = sizeof body - 1;
    const char *text = fd >= 0 ? read_page(&len) : body;
    if (!text)
        return MHD_NO;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)text, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: bare_mhd PORT [FILE [BODY]]\n");
        return 2;
    }
    if (argc >= 3) {
        fd = open(argv[2], O_RDONLY);
        pages = fd >= 0 ? lseek(fd, 0, SEEK_END) / 4096 : 0;
        if (pages <= 0) {
            fprintf(stderr, "bare_mhd: cannot read pages of %s\n", argv[2]);
            return 1;
        }
        floor_len = argc == 4 ? (size_t)atol(argv[3]) : 1700;
        if (floor_len < 2 || !(floor_body = malloc(floor_len)))
            return 1;
        memset(floor_body, ' ', floor_len);
        floor_body[0] = '{';
        floor_body[floor_len - 1] = '}';
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int port = atoi(argv[1]);
    if (port <= 0 || port > 65535) {
        fprintf(stderr, "bare_mhd: bad port %s\n", argv[1]);
        return 2;
    }
    /* Same as server_start in src/http/server.c (without TLS). */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, answer, NULL, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(cores > 0 ? cores : 1), MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "bare_mhd: cannot listen on port %d\n", port);
        return 1;
    }
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
