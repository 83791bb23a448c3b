/* The queue / "now serving" answer for requesters, kept per service and day
** between commits, so that a thousand phones each polling their own answer
** do not each read and render the day again.
**
** A requester's answer differs from anyone else's only in their own
** entries ("mine": true with id and ticket number). The kept copy is the
** answer as nobody in particular sees it, rendered once, with for every
** item its requester, the place of its text in the answer and its text as
** its owner sees it; a viewer's answer is that text with their own items'
** texts put in. Both texts come from booking_queue_json /
** booking_queue_item_json, the one rule of who sees what, so no name and no
** one else's id is ever in it. The copy of a given date lives in the
** response cache under the generation of that service's bookings on that
** day (bk_day_gen, store/sqlite/booking_gen.c), read before it was built:
** a commit that changed one of them makes it miss, while bookings on other
** days (a clinic books days ahead) leave it be; before, every commit
** dropped it, and reads halved while bookings poured in (bench/README.md,
** appointments). Without a date (today, resolved when it is built) it
** lives under the store generation, like any cached GET answer. Either
** way it expires after the cache's two seconds (writes by other processes,
** which move no counter here). Whether the viewer is the service's staff
** is answered from the copy's staff list, once checked again after the
** store's conf_generation (service_staff among others) moved: restamp. */
#include "api/queue_cache.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/bizcal.h"
#include "http/cache.h"
#include "http/http.h"
#include "http/reply.h"
#include "store/store.h"
#include "svc/booking.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Kept copy: struct head, n_staff staff ids, n struct item, the shared
** text, the owners' texts. The staff ids answer "is the viewer the
** service's staff" without a query (booking_is_staff_among). */
struct head {
    uint32_t len, n, n_staff, pad;
    uint64_t conf_gen; /* the store's conf_generation the staff list was read under */
};
struct item {
    int64_t requester_id;
    uint32_t off, len;         /* the item's text in the shared answer */
    uint32_t own_off, own_len; /* its text as its owner sees it, after the shared text */
};

static char *dump(json_t *j, size_t *len)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(j);
    *len = s ? strlen(s) : 0;
    return s;
}

/* Renders the kept copy of q into the arena. */
static char *build(struct arena *a, const struct booking_queue_day *q, uint64_t conf_gen,
                   size_t *size)
{
    struct booking_queue_day none = *q;
    none.n = 0;
    size_t hlen, total = 0;
    /* the answer with no items ends in "[]}": the items go between */
    char *h = dump(booking_queue_json(&none, 0, false), &hlen);
    char **shared = arena_alloc(a, (q->n + 1) * sizeof *shared);
    char **own = arena_alloc(a, (q->n + 1) * sizeof *own);
    size_t *sl = arena_alloc(a, (q->n + 1) * sizeof *sl), *ol = arena_alloc(a, (q->n + 1) * sizeof *ol);
    if (!h || hlen < 3)
        goto fail;
    for (size_t i = 0; i < q->n; i++) {
        shared[i] = dump(booking_queue_item_json(q->items[i], 0, false), &sl[i]);
        own[i] = dump(booking_queue_item_json(q->items[i], q->items[i]->requester_id, false),
                      &ol[i]);
        if (!shared[i] || !own[i])
            goto fail;
        total += sl[i] + ol[i] + 1;
    }
    size_t staff_len = q->n_staff * sizeof *q->staff_ids;
    size_t text_len = hlen + total,
           cap = sizeof(struct head) + staff_len + q->n * sizeof(struct item) + text_len;
    char *blob = arena_alloc(a, cap);
    struct head hd = {0, (uint32_t)q->n, (uint32_t)q->n_staff, 0, conf_gen};
    if (staff_len)
        memcpy(blob + sizeof hd, q->staff_ids, staff_len);
    char *items = blob + sizeof hd + staff_len, *text = items + q->n * sizeof(struct item);
    size_t t = hlen - 2; /* up to and with "[" */
    memcpy(text, h, t);
    size_t o = 0; /* owners' texts, counted from their start */
    char *owners = arena_alloc(a, total + 1);
    for (size_t i = 0; i < q->n; i++) {
        if (i)
            text[t++] = ',';
        struct item it = {q->items[i]->requester_id, (uint32_t)t, (uint32_t)sl[i], (uint32_t)o,
                          (uint32_t)ol[i]};
        memcpy(text + t, shared[i], sl[i]);
        t += sl[i];
        memcpy(owners + o, own[i], ol[i]);
        o += ol[i];
        memcpy(items + i * sizeof it, &it, sizeof it);
    }
    memcpy(text + t, h + hlen - 2, 2); /* "]}" */
    t += 2;
    hd.len = (uint32_t)t;
    memcpy(text + t, owners, o);
    memcpy(blob, &hd, sizeof hd);
    *size = sizeof hd + staff_len + q->n * sizeof(struct item) + t + o;
    free(h);
    for (size_t i = 0; i < q->n; i++)
        free(shared[i]), free(own[i]);
    return blob;
fail:
    free(h);
    return NULL; /* out of memory: the caller answers without the copy */
}

/* The viewer's answer from the kept copy: NULL when the viewer holds no
** place in it (the shared text is the answer as it stands, *len its
** length), else their answer in the arena. */
static char *view(struct arena *a, const char *blob, int64_t viewer, size_t *len)
{
    struct head hd;
    memcpy(&hd, blob, sizeof hd);
    const char *items = blob + sizeof hd + hd.n_staff * sizeof(int64_t), *text = items + hd.n * sizeof(struct item),
               *owners = text + hd.len;
    size_t extra = 0;
    for (uint32_t i = 0; i < hd.n; i++) {
        struct item it;
        memcpy(&it, items + i * sizeof it, sizeof it);
        if (it.requester_id == viewer)
            extra += it.own_len;
    }
    *len = hd.len;
    if (!extra)
        return NULL;
    char *out = arena_alloc_raw(a, hd.len + extra + 1); /* every byte written below */
    size_t from = 0, n = 0;
    for (uint32_t i = 0; i < hd.n; i++) {
        struct item it;
        memcpy(&it, items + i * sizeof it, sizeof it);
        if (it.requester_id != viewer)
            continue;
        memcpy(out + n, text + from, it.off - from);
        n += it.off - from;
        memcpy(out + n, owners + it.own_off, it.own_len);
        n += it.own_len;
        from = it.off + it.len;
    }
    memcpy(out + n, text + from, hd.len - from);
    n += hd.len - from;
    out[n] = 0;
    *len = n;
    return out;
}

/* Where the shared answer starts in the kept copy. */
static const char *shared_text(const char *blob)
{
    struct head hd;
    memcpy(&hd, blob, sizeof hd);
    return blob + sizeof hd + hd.n_staff * sizeof(int64_t) + hd.n * sizeof(struct item);
}

/* The staff ids of the kept copy, copied out (the blob may be unaligned). */
static bool staff_in(struct arena *a, const struct user_auth *actor, const char *blob)
{
    struct head hd;
    memcpy(&hd, blob, sizeof hd);
    int64_t *ids = arena_alloc(a, (hd.n_staff + 1) * sizeof *ids);
    memcpy(ids, blob + sizeof hd, hd.n_staff * sizeof *ids);
    return booking_is_staff_among(actor, ids, hd.n_staff);
}

/* A kept copy whose staff list was read under an older conf_generation
** (every commit moves it now and then: store_refresh): checked against the
** service's context, itself kept per conf_generation for every thread
** (svc/booking_ctx_cache.c); the same list stamps the copy with conf_gen
** and puts it back, so one reader pays per move, not every reader. False:
** the staff changed or cannot be read; the copy is built again. */
static bool restamp(struct req *rq, int64_t id, char *blob, size_t size, uint64_t conf_gen,
                    const char *key, size_t klen, uint64_t gen)
{
    struct head hd;
    memcpy(&hd, blob, sizeof hd);
    if (hd.conf_gen == conf_gen)
        return true;
    struct db *db = req_db(rq);
    struct booking_ctx ctx;
    struct err ignore = {0};
    if (!db || booking_ctx_load(db, rq->arena, id, &ctx, &ignore) != 0)
        return false;
    booking_ctx_free(&ctx);
    if (ctx.sch.n_staff != hd.n_staff ||
        memcmp(blob + sizeof hd, ctx.sch.staff_ids, hd.n_staff * sizeof(int64_t)) != 0)
        return false;
    hd.conf_gen = conf_gen;
    memcpy(blob, &hd, sizeof hd);
    cache_put(rq->app->resp_cache, key, klen, gen, blob, size);
    return true;
}

/* The viewer's answer from a kept copy pinned in the cache: most viewers
** (every waiting-room display, every phone of someone not booked that day)
** hold no place in it and get its shared text as it is, without a copy
** (bench/README.md, appointments, fifth pass). Returns false when the
** copy's staff list needs checking again (restamp). */
static bool answer_pinned(struct req *rq, const char *blob, void *pin, uint64_t conf_gen,
                          bool *staff, int *rc)
{
    struct head hd;
    memcpy(&hd, blob, sizeof hd);
    if (hd.conf_gen != conf_gen) {
        cache_unpin(pin);
        return false;
    }
    if ((*staff = staff_in(rq->arena, rq->user, blob))) {
        cache_unpin(pin);
        *rc = 0;
        return true;
    }
    size_t len;
    char *text = view(rq->arena, blob, rq->user->p.id, &len);
    if (text) {
        cache_unpin(pin);
        *rc = reply_json_text(rq, 200, text, len);
    } else {
        *rc = reply_pinned(rq, shared_text(blob), len, pin); /* unpins once sent */
    }
    return true;
}

/* "queue|<id>|<date>", the kept copy's cache key, written by hand: every
** read makes it, and arena_printf took ~1.1k instructions of a read's ~30k
** in the HTTP handler (bench/README.md, appointments, sixth pass). */
static char *queue_key(struct arena *a, int64_t id, const char *date, size_t *klen)
{
    char digits[24];
    size_t nd = 0, dl = strlen(date);
    uint64_t v = id < 0 ? (uint64_t)0 - (uint64_t)id : (uint64_t)id;
    do
        digits[nd++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (id < 0)
        digits[nd++] = '-';
    char *key = arena_alloc(a, 6 + nd + 1 + dl + 1), *k = key;
    memcpy(k, "queue|", 6);
    k += 6;
    while (nd)
        *k++ = digits[--nd];
    *k++ = '|';
    memcpy(k, date, dl + 1);
    *klen = (size_t)(k - key) + dl;
    return key;
}

int api_queue_requester(struct req *rq, bool *staff)
{
    int64_t id = req_param_id(rq, "id");
    const char *date = req_query(rq, "date");
    struct cache *c = rq->app->resp_cache;
    size_t klen;
    char *key = queue_key(rq->arena, id, date ? date : "", &klen);
    /* both before reading */
    bool by_day = date && bizcal_day(date) >= 0;
    uint64_t gen = by_day ? bk_day_gen(rq->app->store, id, date) : store_generation(rq->app->store),
             conf_gen = store_conf_generation(rq->app->store);
    char *blob, *text;
    size_t size, len;
    const char *kept;
    void *pin;
    int rc;
    *staff = false;
    enum cache_hit hit = cache_get(c, key, klen, gen, &kept, &size, &pin);
    if (hit == CACHE_FRESH && answer_pinned(rq, kept, pin, conf_gen, staff, &rc))
        return rc;
    if (hit == CACHE_STALE)
        cache_unpin(pin); /* too old: built again below */
    if (cache_get_copy(c, key, klen, gen, rq->arena, &blob, &size) &&
        restamp(rq, id, blob, size, conf_gen, key, klen, gen)) {
        if ((*staff = staff_in(rq->arena, rq->user, blob)))
            return 0;
    } else {
        /* A connection the request took earlier (signing in) may hold a
        ** snapshot older than gen: the copy is read from a fresh one. */
        if (by_day)
            req_db_release(rq);
        struct db *db = req_db(rq);
        struct booking_queue_day q;
        if (!db || booking_is_staff(db, rq->user, id, staff, &rq->err) != 0)
            return reply_err(rq, &rq->err);
        if (*staff)
            return 0;
        if (booking_queue_read(db, rq->arena, id, date, ticket_now(), &q, &rq->err) != 0)
            return reply_err(rq, &rq->err);
        if (!(blob = build(rq->arena, &q, conf_gen, &size)))
            return reply_json(rq, 200, booking_queue_json(&q, rq->user->p.id, false));
        cache_put(c, key, klen, gen, blob, size);
    }
    if (!(text = view(rq->arena, blob, rq->user->p.id, &len)))
        text = (char *)shared_text(blob);
    return reply_json_text(rq, 200, text, len);
}
