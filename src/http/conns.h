/* Connection accounting in front of libmicrohttpd: how many connections are
** open in all, how many per client address, and a deadline for each one's
** request headers that trickling bytes cannot extend. No libmicrohttpd in
** here: http/server.c calls these from the accept thread and from
** libmicrohttpd's callbacks. Every call is O(1) under one mutex. */
#ifndef LOKET_CONNS_H
#define LOKET_CONNS_H

#include <stdint.h>

struct conns;
struct conn_slot;

enum conns_verdict {
    CONNS_OK = 0,
    CONNS_FULL = 1,      /* max_total open: nobody else gets in */
    CONNS_ADDR_FULL = 2, /* this address holds max_per_addr */
};

/* max_fd bounds the descriptors tracked (a bigger one is refused as FULL);
** max_per_addr 0 = no per-address limit. NULL when out of memory. */
struct conns *conns_new(unsigned max_total, unsigned max_per_addr, unsigned header_ms,
                        int max_fd);
void conns_free(struct conns *c);

/* Accept thread, before the socket is handed over: counts it, or says why
** not. addr is the IPv4 address in network order. */
enum conns_verdict conns_admit(struct conns *c, int fd, uint32_t addr, uint64_t now_ms);
/* The same for a connection from a trusted proxy (trusted_proxies: a load
** balancer carries many clients over its connections, and its own limits
** guard them): counted in max_total and in its address's count, but never
** refused for max_per_addr. Without this every node behind HAProxy
** answered 503 server.too_many_connections once the balancer held more
** than max_per_addr connections to it (bench/README.md, thirteenth
** session). */
enum conns_verdict conns_admit_proxy(struct conns *c, int fd, uint32_t addr, uint64_t now_ms);
/* The hand-over failed and the socket is closed: forget it. */
void conns_forget(struct conns *c, int fd);

/* libmicrohttpd took the connection on fd (NOTIFY_STARTED): the slot to keep
** as its socket context, or NULL when it is not counted here. */
struct conn_slot *conns_started(struct conns *c, int fd);
/* The request headers are complete: no deadline while it is served. */
void conns_headers_done(struct conns *c, struct conn_slot *s);
/* A response is done and the connection stays open for the next request:
** its headers get a fresh deadline. */
void conns_idle(struct conns *c, struct conn_slot *s, uint64_t now_ms);
/* libmicrohttpd closes it (NOTIFY_CLOSED, before the descriptor is closed). */
void conns_closed(struct conns *c, struct conn_slot *s);

/* Shuts down (shutdown(2), libmicrohttpd then closes them) the connections
** whose headers are overdue. Returns milliseconds until the next deadline,
** or -1 when none is pending. */
int conns_sweep(struct conns *c, uint64_t now_ms);

/* Counters for logs and tests. */
unsigned conns_open(struct conns *c);
unsigned conns_from(struct conns *c, uint32_t addr);

#endif
