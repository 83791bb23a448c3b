/* The running server's context: what `loket serve` (cli/serve.c) builds once
** and hands to the HTTP server, the handlers and the background workers.
** It lives in a folder of its own because it belongs to none of them: in
** http/ it made channels/ (workers that never see a request) depend on the
** HTTP layer, and in svc/ the rules would carry the HTTP server's caches and
** connection table. So every layer above the store may include it, and it
** includes only core/ and auth/ (for the token key's size); the parts owned
** by other layers are opaque pointers, set by whoever starts them. */
#ifndef LOKET_APP_APP_H
#define LOKET_APP_APP_H

#include "auth/crypto.h"
#include "core/netaddr.h"

#include <stdatomic.h>
#include <stdbool.h>

struct cache;
struct config;
struct conns;
struct store;
struct writer;

/* Shared by all threads; immutable after start-up except the counters. */
struct app {
    const struct config *cfg;
    struct store *store;
    struct writer *writer; /* the group-commit writer (svc/writer.c) */
    unsigned char token_key[TOKEN_KEY_BYTES];
    bool tls;
    /* trusted_proxies, parsed once: whose X-Forwarded-For counts */
    struct net_list trusted_proxies;
    /* http/cache.c: sign-ins by token hash, GET answers by user + URL;
    ** created by server_start (NULL = no caching) */
    struct cache *auth_cache, *resp_cache;
    struct conns *conns; /* http/conns.c, created by server_start */
    atomic_int inflight; /* requests between first callback and completion */
};

#endif
