/* shutdown-*: SIGTERM while a request is half sent. The server stops
** accepting at once, lets the request in flight finish and answer, then
** exits with status 0. Spoken over a raw socket so the test controls when
** each byte arrives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct it_server srv;

static int setup(void **state)
{
    (void)state;
    return it_server_start(&srv, NULL);
}

static int teardown(void **state)
{
    (void)state;
    return it_server_stop_clean(&srv); /* only when a test left it running */
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            print_error("send: %s\n", strerror(errno));
            fail();
        }
        p += w;
        n -= (size_t)w;
    }
}

/* Reads until EOF or ms pass; returns the bytes (NUL-terminated). */
static char *read_until_eof(int fd, int ms, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    int64_t deadline = it_now_ms() + ms;
    for (;;) {
        int64_t left = deadline - it_now_ms();
        if (left <= 0)
            break;
        struct pollfd p = {fd, POLLIN, 0};
        int pr = poll(&p, 1, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            break;
        if (n + 1024 > cap) {
            cap *= 2;
            char *nb = realloc(b, cap);
            assert_non_null(nb);
            b = nb;
        }
        ssize_t r = recv(fd, b + n, cap - n - 1, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    b[n] = 0;
    *len = n;
    return b;
}

/* A new connection must not be served: refused, or accepted by nobody. */
static void assert_not_served(int port)
{
    int fd = connect_to(port);
    if (fd < 0) {
        assert_int_equal(errno, ECONNREFUSED);
        return;
    }
    static const char req[] =
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    ssize_t w = send(fd, req, sizeof req - 1, MSG_NOSIGNAL);
    (void)w;
    size_t n;
    char *got = read_until_eof(fd, 500, &n);
    close(fd);
    if (n >= 5 && strncmp(got, "HTTP/", 5) == 0) {
        print_error("a connection made after SIGTERM was answered: %.200s\n", got);
        free(got);
        fail();
    }
    free(got);
}

static void shutdown_1_request_in_flight_finishes(void **state)
{
    (void)state;
    static const char body[] = "{\"login\":\"admin@demo.test\",\"password\":\"loket-demo\"}";
    size_t blen = sizeof body - 1, half = blen / 2;
    char head[512];
    int hn = snprintf(head, sizeof head,
                      "POST /api/v1/auth/login HTTP/1.1\r\n"
                      "Host: 127.0.0.1:%d\r\n"
                      "Content-Type: application/json\r\n"
                      "Content-Length: %zu\r\n"
                      "Connection: close\r\n"
                      "\r\n",
                      srv.port, blen);
    int fd = connect_to(srv.port);
    assert_true(fd >= 0);
    send_all(fd, head, (size_t)hn);
    send_all(fd, body, half);
    it_sleep_ms(200); /* the server has seen the headers: the request is running */

    pid_t pid = srv.pid;
    assert_int_equal(kill(pid, SIGTERM), 0);
    it_sleep_ms(300);
    assert_not_served(srv.port);
    /* still alive: it waits for the request in flight */
    int st;
    pid_t early = waitpid(pid, &st, WNOHANG);
    if (early == pid) {
        srv.pid = 0; /* reaped: never signal that number again */
        close(fd);
        print_error("the server exited (status %d) with a request in flight\n",
                    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
        fail();
    }
    assert_int_equal(early, 0);

    send_all(fd, body + half, blen - half);
    size_t n;
    char *resp = read_until_eof(fd, 10000, &n);
    close(fd);
    if (strncmp(resp, "HTTP/1.1 200", 12) != 0) {
        print_error("response to the request in flight: %.400s\n", resp);
        free(resp);
        fail();
    }
    const char *json = strstr(resp, "\r\n\r\n");
    assert_non_null(json);
    json_t *j = json_loads(json + 4, 0, NULL);
    assert_non_null(j);
    assert_string_equal(jstr(j, "user.email"), "admin@demo.test");
    assert_true(it_is_hex(jstr(j, "csrf_token"), 64));
    json_decref(j);
    free(resp);

    /* and then it exits, cleanly, within 5 s */
    int64_t deadline = it_now_ms() + 5000;
    pid_t w;
    while ((w = waitpid(pid, &st, WNOHANG)) == 0 && it_now_ms() < deadline)
        it_sleep_ms(10);
    if (w != pid) {
        print_error("server still running 5 s after the last request\n");
        fail(); /* teardown kills it */
    }
    srv.pid = 0; /* reaped here */
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_false(it_server_log_dirty(&srv));
}

static void shutdown_2_idle_server_exits_at_once(void **state)
{
    (void)state;
    if (srv.pid > 0)
        it_server_stop(&srv); /* left over from a failed test above */
    assert_int_equal(it_server_start(&srv, NULL), 0);
    /* an idle keep-alive connection must not hold the shutdown up */
    struct it_client c;
    struct it_resp r = {0};
    it_client_init(&c, &srv);
    it_get(&c, "/healthz", &r);
    expect_status(&r, 200);
    int64_t t0 = it_now_ms();
    assert_int_equal(it_server_stop_clean(&srv), 0);
    int64_t took = it_now_ms() - t0;
    if (took > 5000) {
        print_error("idle server took %lld ms to stop\n", (long long)took);
        fail();
    }
    it_resp_free(&r);
    it_client_cleanup(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shutdown_1_request_in_flight_finishes),
        cmocka_unit_test(shutdown_2_idle_server_exits_at_once),
    };
    return it_finish(cmocka_run_group_tests(tests, setup, teardown));
}
