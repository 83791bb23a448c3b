/* Connection accounting (see conns.h). Slots are indexed by descriptor: the
** kernel never hands out an open descriptor, so a slot found busy when its
** descriptor is accepted again belongs to a connection libmicrohttpd closed
** without telling us (a failed hand-over), and is released then. Counts per
** address live in an open-addressing table twice the size of the global
** limit, so it never fills. Connections waiting for their headers form a
** list in deadline order (every deadline is now + the same delay). */
#include "http/conns.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>

enum state { FREE, QUEUED, WAITING, BUSY, SHUT };

struct conn_slot {
    uint64_t deadline_ms;
    uint32_t addr;
    int32_t prev, next; /* the pending list, by descriptor; -1 ends it */
    int32_t fd;
    uint8_t state;
};

struct addr_count {
    uint32_t addr, count; /* count 0 = empty bucket */
};

struct conns {
    pthread_mutex_t mu;
    unsigned max_total, max_per_addr, header_ms, total;
    int max_fd;
    int32_t head, tail;
    struct conn_slot *slot;
    struct addr_count *byaddr;
    uint32_t mask;
};

struct conns *conns_new(unsigned max_total, unsigned max_per_addr, unsigned header_ms,
                        int max_fd)
{
    struct conns *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    uint32_t cap = 64;
    while (cap < 2u * max_total)
        cap *= 2;
    c->max_total = max_total;
    c->max_per_addr = max_per_addr;
    c->header_ms = header_ms;
    c->max_fd = max_fd;
    c->head = c->tail = -1;
    c->mask = cap - 1;
    /* calloc'd pages are only touched as descriptors reach them */
    c->slot = calloc((size_t)max_fd, sizeof *c->slot);
    c->byaddr = calloc(cap, sizeof *c->byaddr);
    if (!c->slot || !c->byaddr) {
        conns_free(c);
        return NULL;
    }
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void conns_free(struct conns *c)
{
    if (!c)
        return;
    if (c->slot && c->byaddr)
        pthread_mutex_destroy(&c->mu);
    free(c->slot);
    free(c->byaddr);
    free(c);
}

static uint32_t home(const struct conns *c, uint32_t addr)
{
    uint32_t h = addr; /* murmur3's finalizer: every input bit moves the low bits */
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h & c->mask;
}

static struct addr_count *addr_find(struct conns *c, uint32_t addr)
{
    for (uint32_t i = home(c, addr);; i = (i + 1) & c->mask)
        if (!c->byaddr[i].count || c->byaddr[i].addr == addr)
            return &c->byaddr[i];
}

/* Backward-shift deletion keeps every probe chain unbroken. */
static void addr_drop(struct conns *c, uint32_t addr)
{
    struct addr_count *e = addr_find(c, addr);
    if (!e->count || --e->count)
        return;
    uint32_t i = (uint32_t)(e - c->byaddr), j = i;
    for (;;) {
        j = (j + 1) & c->mask;
        if (!c->byaddr[j].count)
            break;
        uint32_t k = home(c, c->byaddr[j].addr);
        bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (stays)
            continue;
        c->byaddr[i] = c->byaddr[j];
        i = j;
    }
    c->byaddr[i].count = 0;
}

static void unlink_slot(struct conns *c, struct conn_slot *s)
{
    if (s->prev < 0 && c->head != s->fd)
        return; /* not in the list */
    if (s->prev >= 0)
        c->slot[s->prev].next = s->next;
    else
        c->head = s->next;
    if (s->next >= 0)
        c->slot[s->next].prev = s->prev;
    else
        c->tail = s->prev;
    s->prev = s->next = -1;
}

static void append(struct conns *c, struct conn_slot *s, uint64_t now_ms)
{
    s->deadline_ms = now_ms + c->header_ms;
    s->prev = c->tail;
    s->next = -1;
    if (c->tail >= 0)
        c->slot[c->tail].next = s->fd;
    else
        c->head = s->fd;
    c->tail = s->fd;
}

static void release(struct conns *c, struct conn_slot *s)
{
    unlink_slot(c, s);
    addr_drop(c, s->addr);
    c->total--;
    s->state = FREE;
}

static enum conns_verdict admit(struct conns *c, int fd, uint32_t addr, uint64_t now_ms,
                                bool per_addr)
{
    if (fd < 0 || fd >= c->max_fd)
        return CONNS_FULL;
    enum conns_verdict v = CONNS_OK;
    pthread_mutex_lock(&c->mu);
    struct conn_slot *s = &c->slot[fd];
    if (s->state != FREE)
        release(c, s); /* closed without a word: see the top of this file */
    struct addr_count *e = addr_find(c, addr);
    if (c->total >= c->max_total)
        v = CONNS_FULL;
    else if (per_addr && c->max_per_addr && e->count >= c->max_per_addr)
        v = CONNS_ADDR_FULL;
    else {
        c->total++;
        e->addr = addr;
        e->count++;
        *s = (struct conn_slot){.addr = addr, .fd = fd, .state = QUEUED, .prev = -1, .next = -1};
        append(c, s, now_ms);
    }
    pthread_mutex_unlock(&c->mu);
    return v;
}

enum conns_verdict conns_admit(struct conns *c, int fd, uint32_t addr, uint64_t now_ms)
{
    return admit(c, fd, addr, now_ms, true);
}

enum conns_verdict conns_admit_proxy(struct conns *c, int fd, uint32_t addr, uint64_t now_ms)
{
    return admit(c, fd, addr, now_ms, false);
}

void conns_forget(struct conns *c, int fd)
{
    if (fd < 0 || fd >= c->max_fd)
        return;
    pthread_mutex_lock(&c->mu);
    if (c->slot[fd].state != FREE)
        release(c, &c->slot[fd]);
    pthread_mutex_unlock(&c->mu);
}

struct conn_slot *conns_started(struct conns *c, int fd)
{
    if (fd < 0 || fd >= c->max_fd)
        return NULL;
    struct conn_slot *s = &c->slot[fd];
    pthread_mutex_lock(&c->mu);
    if (s->state == QUEUED)
        s->state = WAITING; /* keeps its place in the list: the deadline runs from accept */
    else
        s = NULL; /* given up as lost by conns_sweep: not counted any more */
    pthread_mutex_unlock(&c->mu);
    return s;
}

void conns_headers_done(struct conns *c, struct conn_slot *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&c->mu);
    if (s->state == WAITING) {
        unlink_slot(c, s);
        s->state = BUSY;
    }
    pthread_mutex_unlock(&c->mu);
}

void conns_idle(struct conns *c, struct conn_slot *s, uint64_t now_ms)
{
    if (!s)
        return;
    pthread_mutex_lock(&c->mu);
    if (s->state == BUSY) {
        s->state = WAITING;
        append(c, s, now_ms);
    }
    pthread_mutex_unlock(&c->mu);
}

void conns_closed(struct conns *c, struct conn_slot *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&c->mu);
    if (s->state != FREE)
        release(c, s);
    pthread_mutex_unlock(&c->mu);
}

int conns_sweep(struct conns *c, uint64_t now_ms)
{
    int wait = -1;
    pthread_mutex_lock(&c->mu);
    while (c->head >= 0) {
        struct conn_slot *s = &c->slot[c->head];
        if (s->deadline_ms > now_ms) {
            uint64_t ms = s->deadline_ms - now_ms;
            wait = ms > 60000 ? 60000 : (int)ms;
            break;
        }
        if (s->state == QUEUED) {
            /* never started: libmicrohttpd dropped it without a callback */
            release(c, s);
            continue;
        }
        /* Still open (its close callback needs this mutex, and comes before
        ** the descriptor is closed), so fd is this connection's socket.
        ** libmicrohttpd reads the end of the stream and closes it. */
        unlink_slot(c, s);
        s->state = SHUT;
        shutdown(s->fd, SHUT_RDWR);
    }
    pthread_mutex_unlock(&c->mu);
    return wait;
}

unsigned conns_open(struct conns *c)
{
    pthread_mutex_lock(&c->mu);
    unsigned n = c->total;
    pthread_mutex_unlock(&c->mu);
    return n;
}

unsigned conns_from(struct conns *c, uint32_t addr)
{
    pthread_mutex_lock(&c->mu);
    unsigned n = addr_find(c, addr)->count;
    pthread_mutex_unlock(&c->mu);
    return n;
}
