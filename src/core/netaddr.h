/* Who the client is: the direct peer, or, when that peer is a trusted
** reverse proxy, the right-most untrusted address of X-Forwarded-For.
** The one rule for every use of the client address (login throttling,
** the access log, the audit log, sessions). */
#ifndef LOKET_NETADDR_H
#define LOKET_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

struct err;

/* One network: an IPv4 or IPv6 prefix. IPv4-mapped IPv6 addresses
** (::ffff:a.b.c.d) count as IPv4 everywhere. */
struct net_cidr {
    int family; /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int bits;
};

struct net_list {
    struct net_cidr *v;
    size_t n;
};

/* Parses "10.0.0.0/8, 192.168.1.7, ::1, fd00::/8" (commas or spaces; a
** bare address is a /32 or /128). "" gives an empty list. Returns 0 or
** ERR_INVALID (code config.invalid) naming the bad entry. */
int net_list_parse(const char *spec, struct net_list *out, struct err *err);
void net_list_free(struct net_list *l);
/* True when ip (text) lies in one of l's networks. */
bool net_list_has(const struct net_list *l, const char *ip);

/* INET6_ADDRSTRLEN, without pulling <arpa/inet.h> into every header. */
enum { NET_ADDR_MAX = 46 };

/* The client address into out (NET_ADDR_MAX bytes), normalised by
** inet_ntop. peer: the socket's address as text. xff: every
** X-Forwarded-For value joined by ',' (NULL if none). The header counts
** only when peer is in trusted; then the entries are read right to left,
** skipping trusted proxies, and the first untrusted one is the client. An
** entry that is not an address stops the walk: the last trusted hop is
** the client then (nothing left of garbage can be believed). */
void net_client_addr(const struct net_list *trusted, const char *peer, const char *xff,
                     char out[NET_ADDR_MAX]);

#endif
