/* The live desk's event bus (svc/live.h, docs/live.md).
**
** One mutex guards everything here: the ring of released events, the
** events waiting for their commit, the presence table and the streams.
** A stream costs no thread: its connection is parked (suspended) while it
** has nothing to send, and this file's thread wakes it when an event it
** may see is released, or for the heartbeat.
**
** After the commit: svc_ticket_event runs inside a transaction, which may
** still roll back, and a browser that refetched before the commit is
** visible would miss the change. So an event waits, with the store
** generation read when it was queued; the bus thread releases it once the
** generation moved (the store moves it after a commit is visible). Another
** commit moving it first may release it a few milliseconds early, and a
** rolled-back change may be announced: events carry no data, only ids, and
** the page refetches what it shows (after a short pause), so at worst it
** refetches once for nothing. Waiting events whose generation never moves
** are dropped after PENDING_MAX_MS. */
#include "svc/live.h"
#include "core/live_id.h"
#include "core/timefmt.h"
#include "svc/svc.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    RING = 4096,          /* released events kept for Last-Event-ID replay */
    PENDING_CAP = 4096,   /* events waiting for their commit */
    PENDING_MAX_MS = 10000,
    PRESENCE_CAP = 2048,  /* (ticket, user) pairs on this node */
    PRESENCE_SHOWN = 8,   /* viewers named in one presence event */
    NAME_MAX_BYTES = 64,
    POLL_MS = 20,         /* while events wait for their commit */
    /* A stream ends after this long and the browser reconnects (with
    ** Last-Event-ID, so nothing is missed): the sign-in is checked again,
    ** and a signed-out or demoted user's stream does not outlive it. */
    STREAM_MAX_MS = 300000,
};

enum ev_kind { EV_CREATED, EV_UPDATED, EV_COMMENTED, EV_PRESENCE };
static const char *const ev_names[] = {"created", "updated", "commented", "presence"};

struct live_ev {
    uint64_t seq, gen;
    uint64_t at_ms;
    enum ev_kind kind;
    int64_t ticket_id, actor;
    char number[32];
    bool internal;     /* internal note: only those who read internal notes */
    bool counts;       /* may move a ticket between queues */
    bool staff_only;   /* presence: agents, admins and leaders only */
    struct perm_obj o; /* o.staff_ids owned (malloc) */
    char *payload;     /* presence: the viewers, JSON (malloc) */
};

struct live_sub {
    struct principal p;
    uint64_t cursor; /* last ring seq looked at */
    uint64_t opened_ms;
    bool started, parked, hb_due, refresh_due, counts_due, closing, once;
    const struct live_hooks *hooks;
    void *h;
    struct live_sub *prev, *next;
};

struct presence {
    int64_t ticket_id, user_id;
    char number[32], name[NAME_MAX_BYTES];
    bool typing;
    uint64_t expires_ms;
    struct perm_obj o; /* o.staff_ids owned */
};

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool running, stopping;
    pthread_t thread;
    struct store *st;
    unsigned max_streams, heartbeat_ms, n_subs;
    uint64_t epoch, head; /* head: seq of the newest released event */
    struct live_ev ring[RING];
    struct live_ev pending[PENDING_CAP];
    size_t n_pending;
    struct presence pres[PRESENCE_CAP];
    size_t n_pres;
    struct live_sub *subs;
} bus = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static uint64_t now_ms(void)
{
    return time_mono_ns() / 1000000u;
}

static bool is_staff(const struct principal *p)
{
    return p->role == ROLE_AGENT || p->role == ROLE_ADMIN || p->role == ROLE_LEADER;
}

/* The one visibility rule, applied to the snapshot taken with the event. */
static bool visible(const struct live_sub *s, const struct live_ev *e)
{
    if (e->staff_only && !is_staff(&s->p))
        return false;
    return perm_can(&s->p, e->internal ? ACT_TICKET_VIEW_INTERNAL : ACT_TICKET_VIEW, &e->o);
}

static void obj_copy(struct perm_obj *dst, const struct ticket *t)
{
    *dst = svc_ticket_perm_obj(t);
    dst->staff_ids = NULL;
    if (t->n_staff) {
        int64_t *ids = malloc(t->n_staff * sizeof *ids);
        if (ids) {
            memcpy(ids, t->staff_ids, t->n_staff * sizeof *ids);
            dst->staff_ids = ids;
        } else {
            dst->n_staff = 0; /* fewer see it, never more */
        }
    }
}

static void ev_clear(struct live_ev *e)
{
    free((void *)e->o.staff_ids);
    free(e->payload);
    memset(e, 0, sizeof *e);
}

static void wake(struct live_sub *s)
{
    if (s->parked) {
        s->parked = false;
        s->hooks->wake(s->h);
    }
}

/* ---- publishing -------------------------------------------------------- */

static bool map_kind(const char *kind, enum ev_kind *out, bool *counts)
{
    *counts = true;
    if (!strcmp(kind, "created")) {
        *out = EV_CREATED;
    } else if (!strcmp(kind, "comment") || !strcmp(kind, "note")) {
        *out = EV_COMMENTED;
        *counts = false;
    } else if (!strcmp(kind, "channel")) {
        return false; /* comes with "created" */
    } else {
        *out = EV_UPDATED;
    }
    return true;
}

void live_ticket_event(struct db *db, const struct ticket *t, int64_t actor, const char *kind,
                       bool internal)
{
    enum ev_kind k;
    bool counts;
    if (!kind || !map_kind(kind, &k, &counts))
        return;
    pthread_mutex_lock(&bus.mu);
    if (bus.running && !bus.stopping && bus.n_pending < PENDING_CAP) {
        struct live_ev *e = &bus.pending[bus.n_pending++];
        memset(e, 0, sizeof *e);
        e->gen = store_generation(db->st);
        e->at_ms = now_ms();
        e->kind = k;
        e->ticket_id = t->id;
        e->actor = actor;
        snprintf(e->number, sizeof e->number, "%s", t->number ? t->number : "");
        e->internal = internal;
        e->counts = counts;
        obj_copy(&e->o, t);
        /* The event is released after its commit, which this transaction
        ** has not made yet: waking the bus now finds nothing to release.
        ** Only the first waiting event wakes it, to poll every POLL_MS
        ** until the list is empty; one wake-up per event was a thread
        ** switch per booking (bench/README.md, appointments, seventh pass). */
        if (bus.n_pending == 1)
            pthread_cond_signal(&bus.cv);
    }
    pthread_mutex_unlock(&bus.mu);
}

/* Moves e into the ring as the next seq (the slot's old event is freed). */
static void release(struct live_ev *e)
{
    uint64_t seq = ++bus.head;
    struct live_ev *slot = &bus.ring[seq % RING];
    ev_clear(slot);
    *slot = *e;
    slot->seq = seq;
    memset(e, 0, sizeof *e);
}

/* The viewers of one ticket as the presence event's JSON (malloc). */
static char *viewers_json(int64_t ticket_id)
{
    json_t *arr = json_array();
    size_t shown = 0;
    for (size_t i = 0; i < bus.n_pres && shown < PRESENCE_SHOWN; i++) {
        const struct presence *p = &bus.pres[i];
        if (p->ticket_id != ticket_id)
            continue;
        json_array_append_new(arr, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)p->user_id,
                                             "name", p->name, "typing", p->typing));
        shown++;
    }
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return s;
}

static void obj_dup(struct perm_obj *dst, const struct perm_obj *src)
{
    *dst = *src;
    dst->staff_ids = NULL;
    if (src->n_staff) {
        int64_t *ids = malloc(src->n_staff * sizeof *ids);
        if (ids)
            memcpy(ids, src->staff_ids, src->n_staff * sizeof *ids);
        else
            dst->n_staff = 0; /* fewer see it, never more */
        dst->staff_ids = ids;
    }
}

/* Wakes each parked stream that has a released event it may see. */
static void wake_readers(void)
{
    for (struct live_sub *s = bus.subs; s; s = s->next) {
        if (!s->parked)
            continue;
        if (bus.head - s->cursor > RING) {
            wake(s); /* fell behind: it sends "refresh" */
            continue;
        }
        for (uint64_t q = s->cursor + 1; q <= bus.head; q++)
            if (visible(s, &bus.ring[q % RING])) {
                wake(s);
                break;
            }
        if (s->parked)
            s->cursor = bus.head; /* nothing for it: never looked at again */
    }
}

/* A presence event for one ticket, naming its viewers as they are now. */
static void announce(int64_t ticket_id, const char *number, const struct perm_obj *o)
{
    struct live_ev e = {.kind = EV_PRESENCE, .ticket_id = ticket_id, .staff_only = true,
                        .at_ms = now_ms()};
    snprintf(e.number, sizeof e.number, "%s", number);
    obj_dup(&e.o, o);
    e.payload = viewers_json(ticket_id);
    release(&e);
}

void live_presence(const struct ticket *t, const struct user_auth *u, enum live_presence state)
{
    pthread_mutex_lock(&bus.mu);
    if (!bus.running || bus.stopping) {
        pthread_mutex_unlock(&bus.mu);
        return;
    }
    size_t i = 0;
    while (i < bus.n_pres && !(bus.pres[i].ticket_id == t->id && bus.pres[i].user_id == u->p.id))
        i++;
    bool changed = false;
    if (state == LIVE_LEFT) {
        if (i < bus.n_pres) {
            free((void *)bus.pres[i].o.staff_ids);
            bus.pres[i] = bus.pres[--bus.n_pres];
            changed = true;
        }
    } else {
        if (i == bus.n_pres && bus.n_pres < PRESENCE_CAP) {
            struct presence *p = &bus.pres[bus.n_pres++];
            memset(p, 0, sizeof *p);
            p->ticket_id = t->id;
            p->user_id = u->p.id;
            snprintf(p->number, sizeof p->number, "%s", t->number ? t->number : "");
            snprintf(p->name, sizeof p->name, "%s", u->name ? u->name : "");
            obj_copy(&p->o, t);
            changed = true;
        }
        if (i < bus.n_pres) {
            struct presence *p = &bus.pres[i];
            bool typing = state == LIVE_TYPING;
            changed = changed || p->typing != typing;
            p->typing = typing;
            p->expires_ms = now_ms() + LIVE_PRESENCE_TTL_MS;
        }
    }
    if (changed) {
        struct perm_obj o;
        obj_copy(&o, t);
        announce(t->id, t->number ? t->number : "", &o);
        free((void *)o.staff_ids);
        wake_readers();
    }
    pthread_mutex_unlock(&bus.mu);
}

/* Heartbeats that stopped: each gone viewer is announced once. */
static void presence_expire(uint64_t now)
{
    for (size_t i = 0; i < bus.n_pres;) {
        struct presence *p = &bus.pres[i];
        if (p->expires_ms > now) {
            i++;
            continue;
        }
        struct presence gone = *p;
        bus.pres[i] = bus.pres[--bus.n_pres];
        announce(gone.ticket_id, gone.number, &gone.o);
        free((void *)gone.o.staff_ids);
    }
}

/* ---- the bus thread ------------------------------------------------------ */

static void *bus_main(void *arg)
{
    (void)arg;
    pthread_setname_np(pthread_self(), "loket-live"); /* for top -H (bench/sse.sh) */
    pthread_mutex_lock(&bus.mu);
    uint64_t next_hb = now_ms() + bus.heartbeat_ms, next_expire = now_ms() + 1000;
    while (!bus.stopping) {
        uint64_t now = now_ms();
        uint64_t until = next_hb < next_expire ? next_hb : next_expire;
        if (bus.n_pending && until > now + POLL_MS)
            until = now + POLL_MS;
        if (until > now) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            uint64_t ns = (uint64_t)ts.tv_nsec + (until - now) * 1000000u;
            ts.tv_sec += (time_t)(ns / 1000000000u);
            ts.tv_nsec = (long)(ns % 1000000000u);
            pthread_cond_timedwait(&bus.cv, &bus.mu, &ts);
            if (bus.stopping)
                break;
            now = now_ms();
        }
        /* release what committed, in the order it was queued */
        uint64_t gen = store_generation(bus.st);
        size_t kept = 0, released = 0;
        for (size_t i = 0; i < bus.n_pending; i++) {
            struct live_ev *e = &bus.pending[i];
            if (e->gen < gen) {
                release(e);
                released++;
            } else if (now - e->at_ms > PENDING_MAX_MS) {
                ev_clear(e); /* rolled back, or never committed */
            } else {
                if (kept != i)
                    bus.pending[kept] = *e;
                kept++;
            }
        }
        bus.n_pending = kept;
        if (now >= next_expire) {
            uint64_t before = bus.head;
            presence_expire(now);
            released += bus.head != before;
            next_expire = now + 1000;
        }
        if (released)
            wake_readers();
        if (now >= next_hb) {
            for (struct live_sub *s = bus.subs; s; s = s->next) {
                s->hb_due = true;
                if (now - s->opened_ms >= STREAM_MAX_MS)
                    s->closing = true;
                wake(s);
            }
            next_hb = now + bus.heartbeat_ms;
        }
    }
    pthread_mutex_unlock(&bus.mu);
    return NULL;
}

int live_start(struct store *st, unsigned max_streams, unsigned heartbeat_ms, struct err *err)
{
    pthread_mutex_lock(&bus.mu);
    bus.st = st;
    bus.max_streams = max_streams;
    bus.heartbeat_ms = heartbeat_ms ? heartbeat_ms : 20000;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* a new epoch for every start: ids of an earlier run ask for a refresh */
    bus.epoch = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    bus.stopping = false;
    bus.running = true;
    if (pthread_create(&bus.thread, NULL, bus_main, NULL) != 0) {
        bus.running = false;
        pthread_mutex_unlock(&bus.mu);
        return err_set(err, ERR_INTERNAL, "live.start", "pembaruan langsung tidak dapat dimulai",
                       "live updates could not start");
    }
    pthread_mutex_unlock(&bus.mu);
    return 0;
}

void live_stop(void)
{
    pthread_mutex_lock(&bus.mu);
    if (!bus.running) {
        pthread_mutex_unlock(&bus.mu);
        return;
    }
    bus.stopping = true;
    pthread_cond_signal(&bus.cv);
    for (struct live_sub *s = bus.subs; s; s = s->next) {
        s->closing = true;
        wake(s);
    }
    pthread_mutex_unlock(&bus.mu);
    pthread_join(bus.thread, NULL);
    pthread_mutex_lock(&bus.mu);
    bus.running = false;
    for (size_t i = 0; i < bus.n_pending; i++)
        ev_clear(&bus.pending[i]);
    bus.n_pending = 0;
    for (size_t i = 0; i < RING; i++)
        ev_clear(&bus.ring[i]);
    while (bus.n_pres)
        free((void *)bus.pres[--bus.n_pres].o.staff_ids);
    pthread_mutex_unlock(&bus.mu);
}

unsigned live_streams(void)
{
    pthread_mutex_lock(&bus.mu);
    unsigned n = bus.n_subs;
    pthread_mutex_unlock(&bus.mu);
    return n;
}

/* ---- streams --------------------------------------------------------------- */

int live_sub_open(const struct principal *p, const char *last_id, bool once,
                  const struct live_hooks *hooks, void *h, struct live_sub **out,
                  struct err *err)
{
    pthread_mutex_lock(&bus.mu);
    /* a poll ends at once: the cap is for streams that stay */
    if (!bus.running || bus.stopping || (!once && bus.n_subs >= bus.max_streams)) {
        pthread_mutex_unlock(&bus.mu);
        return err_set(err, ERR_UNAVAILABLE, "live.full",
                       "pembaruan langsung sedang penuh; halaman memperbarui sendiri berkala",
                       "live updates are full; the page refreshes itself periodically");
    }
    struct live_sub *s = calloc(1, sizeof *s);
    if (!s) {
        pthread_mutex_unlock(&bus.mu);
        return err_set(err, ERR_INTERNAL, "internal", "kesalahan internal", "internal error");
    }
    s->p = *p;
    s->hooks = hooks;
    s->h = h;
    s->once = once;
    s->cursor = bus.head;
    s->opened_ms = now_ms();
    uint64_t epoch, seq;
    if (last_id && *last_id) {
        /* replay what this process still holds; anything else: reload all */
        if (live_id_parse(last_id, &epoch, &seq) == 0 && epoch == bus.epoch &&
            seq <= bus.head && bus.head - seq < RING)
            s->cursor = seq;
        else
            s->refresh_due = true;
    }
    s->next = bus.subs;
    if (bus.subs)
        bus.subs->prev = s;
    bus.subs = s;
    bus.n_subs += !once; /* streams, not polls */
    pthread_mutex_unlock(&bus.mu);
    *out = s;
    return 0;
}

void live_sub_close(struct live_sub *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&bus.mu);
    if (s->prev)
        s->prev->next = s->next;
    else
        bus.subs = s->next;
    if (s->next)
        s->next->prev = s->prev;
    bus.n_subs -= !s->once;
    pthread_mutex_unlock(&bus.mu);
    free(s);
}

/* Appends text to buf if it fits whole. */
static bool put(char *buf, size_t max, size_t *len, const char *text, size_t n)
{
    if (n > max - *len)
        return false;
    memcpy(buf + *len, text, n);
    *len += n;
    return true;
}

/* One event in the stream's format; 0 when it does not fit in cap. */
static size_t format_event(const struct live_ev *e, char *out, size_t cap)
{
    char id[LIVE_ID_MAX];
    live_id_format(id, bus.epoch, e->seq);
    int n;
    if (e->kind == EV_PRESENCE)
        n = snprintf(out, cap,
                     "id: %s\nevent: presence\ndata: {\"ticket\":%lld,\"number\":\"%s\","
                     "\"viewers\":%s}\n\n",
                     id, (long long)e->ticket_id, e->number, e->payload ? e->payload : "[]");
    else
        n = snprintf(out, cap,
                     "id: %s\nevent: ticket\ndata: {\"ticket\":%lld,\"number\":\"%s\","
                     "\"kind\":\"%s\",\"actor\":%lld}\n\n",
                     id, (long long)e->ticket_id, e->number, ev_names[e->kind],
                     (long long)e->actor);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

long live_sub_read(struct live_sub *s, char *buf, size_t max)
{
    size_t len = 0;
    char one[2048 + 256];
    pthread_mutex_lock(&bus.mu);
    if (!s->started) {
        /* sent at once, so the stream starts without waiting for an event:
        ** the browser's reconnection delay (3 s), and the position the
        ** stream starts from, which a poll carries on from */
        char id[LIVE_ID_MAX], hello[96];
        live_id_format(id, bus.epoch, s->cursor);
        int n = snprintf(hello, sizeof hello, "retry: 3000\nid: %s\n\n", id);
        if (n > 0 && put(buf, max, &len, hello, (size_t)n))
            s->started = true;
    }
    if (bus.head - s->cursor > RING) {
        s->refresh_due = true; /* fell behind the ring */
        s->cursor = bus.head;
    }
    if (s->refresh_due) {
        char id[LIVE_ID_MAX], text[96];
        live_id_format(id, bus.epoch, bus.head);
        int n = snprintf(text, sizeof text, "id: %s\nevent: refresh\ndata: {}\n\n", id);
        if (n > 0 && put(buf, max, &len, text, (size_t)n))
            s->refresh_due = false;
    }
    while (!s->refresh_due && s->cursor < bus.head) {
        const struct live_ev *e = &bus.ring[(s->cursor + 1) % RING];
        if (visible(s, e)) {
            size_t n = format_event(e, one, sizeof one);
            if (n && !put(buf, max, &len, one, n)) {
                if (len)
                    break; /* the rest in the next call */
                n = 0;     /* cannot fit any buffer: skipped */
            }
            if (n && e->counts)
                s->counts_due = true;
        }
        s->cursor++;
    }
    if (s->counts_due && s->cursor == bus.head) {
        static const char counts[] = "event: counts\ndata: {}\n\n";
        if (put(buf, max, &len, counts, sizeof counts - 1))
            s->counts_due = false;
    }
    if (s->hb_due) {
        static const char hb[] = ": hb\n\n";
        if (put(buf, max, &len, hb, sizeof hb - 1))
            s->hb_due = false;
    }
    long rc = (long)len;
    if (!len) {
        if (s->closing || s->once || bus.stopping) {
            rc = -1;
        } else {
            s->parked = true;
            s->hooks->park(s->h);
        }
    }
    pthread_mutex_unlock(&bus.mu);
    return rc;
}
