#!/usr/bin/env python3
"""proxy_connections-*: a node behind a load balancer (trusted_proxies)
serves every connection the balancer opens, beyond max_connections_per_addr
(issue #19's benchmark: HAProxy held more than 128 connections to a node
between two wrk runs, and the node answered 503 server.too_many_connections
to the list page: 2 with one node, 114 with two). A client that is not a
trusted proxy keeps the per-address limit: the first connection past it gets
503 server.too_many_connections."""
import http.client
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loket import Server, Tap  # noqa: E402

PER_ADDR = 4
PROXY = '127.0.0.1'
CLIENT = '127.0.0.2'  # all of 127/8 is loopback on Linux


def open_conns(port, src, n):
    """n keep-alive connections from src, each with one request answered and
    kept open: (connections, statuses, error codes)."""
    conns, statuses, codes = [], [], []
    for _ in range(n):
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=20, source_address=(src, 0))
        try:
            c.request('GET', '/healthz')
            r = c.getresponse()
            body = r.read()
        except (ConnectionError, http.client.HTTPException) as e:
            statuses.append(repr(e))
            codes.append(None)
            c.close()
            continue
        statuses.append(r.status)
        try:
            codes.append(json.loads(body).get('error', {}).get('code'))
        except ValueError:
            codes.append(None)
        conns.append(c)
    return conns, statuses, codes


def run(tap):
    srv = Server(env={'LOKET_MAX_CONNECTIONS_PER_ADDR': str(PER_ADDR),
                      'LOKET_TRUSTED_PROXIES': PROXY})
    try:
        held, st, _ = open_conns(srv.port, PROXY, 3 * PER_ADDR)
        tap.eq(st, [200] * (3 * PER_ADDR),
               'the trusted proxy gets 200 on %d open connections (limit %d per address)'
               % (3 * PER_ADDR, PER_ADDR))
        # the held ones are still served (keep-alive): a second request each
        again = []
        for c in held:
            c.request('GET', '/healthz')
            r = c.getresponse()
            r.read()
            again.append(r.status)
        tap.eq(again, [200] * len(held), 'and each of them serves a second request')
        other, st2, codes = open_conns(srv.port, CLIENT, PER_ADDR + 1)
        tap.eq(st2, [200] * PER_ADDR + [503],
               'another client keeps the per-address limit: the %dth connection gets 503'
               % (PER_ADDR + 1))
        tap.eq(codes[-1], 'server.too_many_connections', 'the 503 says why')
        for c in held + other:
            c.close()
    finally:
        srv.stop()


if __name__ == '__main__':
    Tap().run(run)
