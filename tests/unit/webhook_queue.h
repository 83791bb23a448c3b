/* The webhook queue scenario of the store (issue #22 item 3), shared by the
** SQLite test (test_webhook.c, 5.x) and the PostgreSQL one
** (test_pg_outbox.c): subscribers, one endpoint's deliveries claimed in
** order, retries holding the later ones, failures letting them go, prune.
** The including file defines the globals db and a. */
#ifndef LOKET_TEST_WEBHOOK_QUEUE_H
#define LOKET_TEST_WEBHOOK_QUEUE_H

#include "store/webhook.h"

static int64_t add_hook(const char *events, bool enabled)
{
    struct err e = {0};
    struct webhook_row w = {.url = "http://127.0.0.1:9/", .events = events, .secret = "s",
                            .enabled = enabled, .created_at = 100};
    assert_int_equal(db_webhook_save(db, &w, &e), 0);
    return w.id;
}

static int64_t add_delivery(int64_t hook, int64_t at)
{
    struct err e = {0};
    struct webhook_delivery d = {.webhook_id = hook, .event = "ticket.created",
                                 .payload = "{}", .created_at = at};
    assert_int_equal(db_webhook_delivery_add(db, &d, &e), 0);
    return d.id;
}

/* The ids one claim at `now` returns, in order, into ids; their count. */
static size_t claim(int64_t now, int64_t *ids)
{
    struct err e = {0};
    struct webhook_delivery *rows;
    size_t n = 0;
    assert_int_equal(db_webhook_claim(db, now, 50, a, &rows, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        ids[i] = rows[i].id;
    return n;
}

/* Runs it on an empty webhook table. */
static void webhook_queue_check(void)
{
    struct err e = {0};
    int64_t h1 = add_hook("ticket.created,ticket.rated", true);
    int64_t h2 = add_hook("ticket.created", true);
    int64_t off = add_hook("ticket.created", false);
    /* 5.1 subscribers: enabled endpoints of that kind only, by exact name */
    int64_t ids[50];
    size_t n = 0;
    assert_int_equal(db_webhook_subscribers(db, "ticket.created", ids, 50, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], h1);
    assert_int_equal(ids[1], h2);
    assert_int_equal(db_webhook_subscribers(db, "ticket.rate", ids, 50, &n, &e), 0);
    assert_int_equal(n, 0);
    /* 5.2 one head per endpoint, oldest first; a disabled endpoint's none */
    int64_t a1 = add_delivery(h1, 1000), a2 = add_delivery(h1, 1000), a3 = add_delivery(h1, 1000);
    int64_t b1 = add_delivery(h2, 1000);
    add_delivery(off, 1000);
    int64_t got[50];
    assert_int_equal(claim(1000, got), 2);
    assert_int_equal(got[0], a1);
    assert_int_equal(got[1], b1);
    /* 5.3 while a1 is sending, nothing more of h1 */
    assert_int_equal(claim(1000, got), 0);
    /* 5.4 a1 fails for now and waits until 1010: a2 still waits behind it */
    assert_int_equal(db_webhook_finish(db, a1, "pending", 1010, 500, "boom", "HTTP 500", 1001,
                                       &e), 0);
    assert_int_equal(db_webhook_finish(db, b1, "delivered", 0, 204, "", NULL, 1001, &e), 0);
    assert_int_equal(claim(1005, got), 0);
    assert_int_equal(claim(1010, got), 1);
    assert_int_equal(got[0], a1);
    struct webhook_delivery d;
    assert_int_equal(db_webhook_delivery_get(db, a1, a, &d, &e), 0);
    assert_int_equal(d.attempts, 2);
    assert_string_equal(d.status, "sending");
    /* 5.5 it fails for good: the next one goes */
    assert_int_equal(db_webhook_finish(db, a1, "failed", 0, 500, "boom", "HTTP 500", 1011, &e), 0);
    assert_int_equal(claim(1011, got), 1);
    assert_int_equal(got[0], a2);
    /* 5.6 a stop cuts it off: abandon puts it back, claimed again first */
    int k = 0;
    assert_int_equal(db_webhook_abandon(db, &k, &e), 0);
    assert_int_equal(k, 1);
    assert_int_equal(claim(1012, got), 1);
    assert_int_equal(got[0], a2);
    assert_int_equal(db_webhook_finish(db, a2, "delivered", 0, 200, "ok", NULL, 1013, &e), 0);
    /* 5.7 the endpoint shows its latest answer */
    struct webhook_row w;
    assert_int_equal(db_webhook_get(db, h1, a, &w, &e), 0);
    assert_int_equal(w.last_status, 200);
    assert_string_equal(w.last_response, "ok");
    assert_int_equal(w.last_at, 1013);
    /* 5.8 prune: finished rows before the time go, unfinished ones stay */
    assert_int_equal(db_webhook_prune(db, 1012, &k, &e), 0);
    assert_int_equal(k, 2); /* a1 (failed at 1011), b1 (delivered at 1001) */
    assert_int_equal(db_webhook_delivery_get(db, a1, a, &d, &e), ERR_NOT_FOUND);
    assert_int_equal(db_webhook_delivery_get(db, a2, a, &d, &e), 0);
    assert_int_equal(db_webhook_delivery_get(db, a3, a, &d, &e), 0);
    assert_string_equal(d.status, "pending");
    /* 5.9 delete takes the deliveries with it */
    assert_int_equal(db_webhook_delete(db, h1, &e), 0);
    assert_int_equal(db_webhook_delivery_get(db, a3, a, &d, &e), ERR_NOT_FOUND);
    assert_int_equal(db_webhook_delete(db, h1, &e), ERR_NOT_FOUND);
}

#endif
