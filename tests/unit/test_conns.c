/* conns-*, loglimit-*: connection accounting in front of libmicrohttpd
** (global and per-address limits, the header deadline, descriptors reused
** after a silent close) and the rate-limited log line (issue #15). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/log.h"
#include "http/conns.h"

static const uint32_t A = 0x0100007f, B = 0x0200007f; /* 127.0.0.1, 127.0.0.2 */

static void conns_1_limits(void **st)
{
    (void)st;
    struct conns *c = conns_new(4, 2, 1000, 64);
    assert_non_null(c);
    assert_int_equal(conns_admit(c, 10, A, 0), CONNS_OK);
    assert_int_equal(conns_admit(c, 11, A, 0), CONNS_OK);
    assert_int_equal(conns_admit(c, 12, A, 0), CONNS_ADDR_FULL);
    assert_int_equal(conns_admit(c, 12, B, 0), CONNS_OK);
    assert_int_equal(conns_admit(c, 13, B, 0), CONNS_OK);
    assert_int_equal(conns_admit(c, 14, 0x0300007f, 0), CONNS_FULL);
    assert_int_equal(conns_admit(c, 64, 0x0300007f, 0), CONNS_FULL); /* beyond the table */
    assert_int_equal(conns_open(c), 4);
    /* the usual life: started, served, closed */
    struct conn_slot *s = conns_started(c, 10);
    assert_non_null(s);
    conns_headers_done(c, s);
    conns_idle(c, s, 10);
    conns_closed(c, s);
    assert_int_equal(conns_from(c, A), 1);
    assert_int_equal(conns_admit(c, 10, A, 0), CONNS_OK);
    /* a hand-over that failed */
    conns_forget(c, 10);
    assert_int_equal(conns_from(c, A), 1);
    /* fd 11 closed without a callback and accepted again: counted once */
    assert_int_equal(conns_admit(c, 11, A, 0), CONNS_OK);
    assert_int_equal(conns_from(c, A), 1);
    assert_int_equal(conns_open(c), 3);
    conns_free(c);
}

/* Many addresses that differ only in the last byte, dropped in any order:
** the open-addressing table keeps finding every one. */
static void conns_2_many_addresses(void **st)
{
    (void)st;
    struct conns *c = conns_new(600, 3, 1000, 2000);
    for (int i = 0; i < 600; i++)
        assert_int_equal(conns_admit(c, 100 + i, (uint32_t)(i % 200) << 24 | 10, 0), CONNS_OK);
    for (int i = 0; i < 200; i++)
        assert_int_equal(conns_from(c, (uint32_t)i << 24 | 10), 3);
    for (int i = 0; i < 600; i += 2)
        conns_forget(c, 100 + i);
    for (int i = 0; i < 200; i++)
        assert_int_equal(conns_from(c, (uint32_t)i << 24 | 10), i % 2 ? 3 : 0);
    for (int i = 1; i < 600; i += 2)
        conns_forget(c, 100 + i);
    assert_int_equal(conns_open(c), 0);
    for (int i = 0; i < 200; i++)
        assert_int_equal(conns_from(c, (uint32_t)i << 24 | 10), 0);
    conns_free(c);
}

/* The deadline runs from accept, not from the last byte: the sweep shuts
** the socket down (the peer reads end of stream) and nothing else. */
static void conns_3_header_deadline(void **st)
{
    (void)st;
    int a[2], b[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, a), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, b), 0);
    struct conns *c = conns_new(8, 0, 1000, 1024);
    assert_int_equal(conns_admit(c, a[0], A, 0), CONNS_OK);
    assert_int_equal(conns_admit(c, b[0], A, 500), CONNS_OK);
    struct conn_slot *sa = conns_started(c, a[0]), *sb = conns_started(c, b[0]);
    assert_int_equal(conns_sweep(c, 400), 600);
    assert_int_equal(conns_sweep(c, 1000), 500); /* a[0] shut down */
    char ch;
    assert_int_equal(read(a[1], &ch, 1), 0);
    conns_headers_done(c, sb); /* b's headers came: no deadline */
    assert_int_equal(conns_sweep(c, 5000), -1);
    assert_int_equal(write(b[1], "x", 1), 1); /* b still open */
    conns_idle(c, sb, 5000); /* answered; the next request's headers get 1 s */
    assert_int_equal(conns_sweep(c, 5999), 1);
    assert_int_equal(conns_sweep(c, 6000), -1);
    assert_int_equal(read(b[1], &ch, 1), 0);
    conns_closed(c, sa);
    conns_closed(c, sb);
    assert_int_equal(conns_open(c), 0);
    /* queued but never started (dropped silently): released at the deadline */
    assert_int_equal(conns_admit(c, a[0], A, 7000), CONNS_OK);
    assert_int_equal(conns_sweep(c, 8000), -1);
    assert_int_equal(conns_open(c), 0);
    assert_null(conns_started(c, a[0]));
    conns_free(c);
    close(a[0]), close(a[1]), close(b[0]), close(b[1]);
}

/* A trusted proxy's connections pass the per-address limit (a load
** balancer holds many clients' connections) but still count, and still
** meet the global one; an ordinary client from the same address does not. */
static void conns_4_proxy(void **st)
{
    (void)st;
    struct conns *c = conns_new(5, 2, 1000, 64);
    assert_int_equal(conns_admit(c, 10, A, 0), CONNS_OK);
    assert_int_equal(conns_admit(c, 11, A, 0), CONNS_OK);
    assert_int_equal(conns_admit(c, 12, A, 0), CONNS_ADDR_FULL);
    assert_int_equal(conns_admit_proxy(c, 12, A, 0), CONNS_OK);
    assert_int_equal(conns_admit_proxy(c, 13, A, 0), CONNS_OK);
    assert_int_equal(conns_from(c, A), 4);
    assert_int_equal(conns_admit(c, 14, A, 0), CONNS_ADDR_FULL);
    assert_int_equal(conns_admit_proxy(c, 14, A, 0), CONNS_OK);
    assert_int_equal(conns_admit_proxy(c, 15, A, 0), CONNS_FULL);
    assert_int_equal(conns_open(c), 5);
    /* closing them gives the address's count back exactly */
    for (int fd = 10; fd <= 14; fd++)
        conns_forget(c, fd);
    assert_int_equal(conns_from(c, A), 0);
    assert_int_equal(conns_open(c), 0);
    conns_free(c);
}

static void loglimit_1_once_per_interval(void **st)
{
    (void)st;
    static struct log_limit l;
    unsigned held = 99;
    assert_true(log_limit_pass(&l, 1000, 100, &held));
    assert_int_equal(held, 0);
    assert_false(log_limit_pass(&l, 1001, 100, &held));
    assert_false(log_limit_pass(&l, 1099, 100, &held));
    assert_true(log_limit_pass(&l, 1100, 100, &held));
    assert_int_equal(held, 2);
    assert_true(log_limit_pass(&l, 5000, 100, &held));
    assert_int_equal(held, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conns_1_limits),
        cmocka_unit_test(conns_2_many_addresses),
        cmocka_unit_test(conns_3_header_deadline),
        cmocka_unit_test(conns_4_proxy),
        cmocka_unit_test(loglimit_1_once_per_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
