/* live-*: the live desk's event bus (src/svc/live.c, issue #20 point 3)
** without HTTP: a fake store whose generation the test moves by hand, and
** park/wake hooks that count.
**   1.x  released only once the generation moves; to whom (the one
**        visibility rule); internal notes; counts
**   2.x  Last-Event-ID: replay, refresh; the cap; polls
**   3.x  presence: staff only; stopping ends every stream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "svc/live.h"

static struct store fake_store; /* only its generation is read */
static struct db fake_db = {NULL, &fake_store};

struct handle {
    _Atomic int parked, woken;
};

static void park(void *h)
{
    atomic_fetch_add(&((struct handle *)h)->parked, 1);
}

static void wake(void *h)
{
    atomic_fetch_add(&((struct handle *)h)->woken, 1);
}

static const struct live_hooks hooks = {park, wake};

static const struct principal agent = {.id = 1, .role = ROLE_AGENT, .tier = 1, .unit_id = 7,
                                       .active = true};
static const struct principal req1 = {.id = 10, .role = ROLE_REQUESTER, .unit_id = 100,
                                      .active = true, .own_only = true};
static const struct principal req2 = {.id = 11, .role = ROLE_REQUESTER, .unit_id = 200,
                                      .active = true, .own_only = true};
static const struct ticket t1 = {.id = 5, .number = "LKT-2026-000005", .requester_id = 10,
                                 .unit_id = 100, .tier = 1, .status = "new"};

/* Waits up to 2 s for h to have been woken n times in all. */
static bool woken(struct handle *h, int n)
{
    for (int i = 0; i < 200 && atomic_load(&h->woken) < n; i++)
        usleep(10000);
    return atomic_load(&h->woken) >= n;
}

/* One read into buf (NUL-terminated); its return value. */
static long take(struct live_sub *s, char *buf, size_t cap)
{
    long n = live_sub_read(s, buf, cap - 1);
    buf[n > 0 ? n : 0] = '\0';
    return n;
}

static void commit(void)
{
    atomic_fetch_add(&fake_store.generation, 1);
}

static void bus(void **state)
{
    (void)state;
    struct err err = {0};
    char buf[8192];
    assert_int_equal(live_start(&fake_store, 3, 60000, &err), 0);
    struct handle ha = {0}, h1 = {0}, h2 = {0};
    struct live_sub *a, *r1, *r2;
    assert_int_equal(live_sub_open(&agent, NULL, false, &hooks, &ha, &a, &err), 0);
    assert_int_equal(live_sub_open(&req1, NULL, false, &hooks, &h1, &r1, &err), 0);
    assert_int_equal(live_sub_open(&req2, NULL, false, &hooks, &h2, &r2, &err), 0);
    assert_int_equal(live_streams(), 3);
    /* each starts with the retry delay and its position, then parks */
    assert_true(take(a, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "retry: 3000\nid: "));
    take(r1, buf, sizeof buf);
    take(r2, buf, sizeof buf);
    assert_int_equal(take(a, buf, sizeof buf), 0);
    assert_int_equal(take(r1, buf, sizeof buf), 0);
    assert_int_equal(take(r2, buf, sizeof buf), 0);
    assert_int_equal(atomic_load(&ha.parked), 1);

    /* 1.1 queued inside a transaction: nothing until the commit shows */
    live_ticket_event(&fake_db, &t1, 10, "created", false);
    live_ticket_event(&fake_db, &t1, 10, "channel", false); /* comes with created: dropped */
    usleep(100000);
    assert_int_equal(atomic_load(&ha.woken), 0);
    commit();
    /* 1.2 the agent and the ticket's requester are woken; the other requester never */
    assert_true(woken(&ha, 1));
    assert_true(woken(&h1, 1));
    assert_true(take(a, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "event: ticket\ndata: {\"ticket\":5,\"number\":\"LKT-2026-000005\","
                                "\"kind\":\"created\",\"actor\":10}\n\n"));
    assert_non_null(strstr(buf, "event: counts\n")); /* a new ticket moves the counts */
    assert_null(strstr(buf, "channel"));
    char last[64] = "";
    const char *id = strstr(buf, "id: ");
    assert_non_null(id);
    sscanf(id, "id: %63s", last);
    assert_true(take(r1, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "LKT-2026-000005"));
    assert_int_equal(take(a, buf, sizeof buf), 0);
    assert_int_equal(take(r1, buf, sizeof buf), 0);
    assert_int_equal(atomic_load(&h2.woken), 0);

    /* 1.3 an internal note reaches staff only; a comment moves no counts */
    live_ticket_event(&fake_db, &t1, 1, "note", true);
    commit();
    assert_true(woken(&ha, 2));
    assert_true(take(a, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "\"kind\":\"commented\""));
    assert_null(strstr(buf, "counts"));
    assert_int_equal(take(a, buf, sizeof buf), 0);
    usleep(100000);
    assert_int_equal(atomic_load(&h1.woken), 1);
    assert_int_equal(atomic_load(&h2.woken), 0);

    /* 2.1 the id of the created event replays the note, filtered */
    struct handle hb = {0};
    struct live_sub *b;
    assert_int_equal(live_sub_open(&agent, last, true, &hooks, &hb, &b, &err), 0);
    assert_true(take(b, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "\"kind\":\"commented\""));
    assert_null(strstr(buf, "\"kind\":\"created\""));
    assert_int_equal(take(b, buf, sizeof buf), -1); /* 2.2 a poll ends: no park */
    assert_int_equal(atomic_load(&hb.parked), 0);
    live_sub_close(b);
    /* the same for the requester leaves the internal note out */
    assert_int_equal(live_sub_open(&req1, last, true, &hooks, &hb, &b, &err), 0);
    take(b, buf, sizeof buf);
    assert_null(strstr(buf, "event: ticket"));
    live_sub_close(b);
    /* 2.3 an id of another run, or garbage: refresh */
    assert_int_equal(live_sub_open(&agent, "1.1", true, &hooks, &hb, &b, &err), 0);
    take(b, buf, sizeof buf);
    assert_non_null(strstr(buf, "event: refresh\n"));
    live_sub_close(b);
    assert_int_equal(live_sub_open(&agent, "1.x", true, &hooks, &hb, &b, &err), 0);
    take(b, buf, sizeof buf);
    assert_non_null(strstr(buf, "event: refresh\n"));
    live_sub_close(b);
    /* 2.4 the cap (3) counts streams, not polls */
    assert_int_equal(live_sub_open(&agent, NULL, false, &hooks, &hb, &b, &err), ERR_UNAVAILABLE);
    assert_string_equal(err.code, "live.full");
    assert_int_equal(live_streams(), 3);

    /* 3.1 presence is told to staff who see the ticket, never to requesters */
    struct user_auth admin = {.p = {.id = 2, .role = ROLE_ADMIN, .active = true},
                              .name = "Administrator \"Helpdesk\""};
    live_presence(&t1, &admin, LIVE_TYPING);
    assert_true(woken(&ha, 3));
    assert_true(take(a, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "event: presence\ndata: {\"ticket\":5,\"number\":\"LKT-2026-000005\","
                                "\"viewers\":[{\"id\":2,\"name\":\"Administrator \\\"Helpdesk\\\"\","
                                "\"typing\":true}]}\n\n"));
    assert_int_equal(take(a, buf, sizeof buf), 0);
    live_presence(&t1, &admin, LIVE_TYPING); /* no change: no event */
    live_presence(&t1, &admin, LIVE_LEFT);
    assert_true(woken(&ha, 4));
    take(a, buf, sizeof buf);
    assert_non_null(strstr(buf, "\"viewers\":[]"));
    usleep(100000);
    assert_int_equal(atomic_load(&h1.woken), 1);

    /* 3.2 stopping wakes every stream and ends it */
    take(a, buf, sizeof buf); /* parks again */
    live_stop();
    assert_true(woken(&ha, 5));
    assert_int_equal(take(a, buf, sizeof buf), -1);
    assert_int_equal(take(r2, buf, sizeof buf), -1);
    live_sub_close(a);
    live_sub_close(r1);
    live_sub_close(r2);
    assert_int_equal(live_streams(), 0);
    /* 3.3 stopped, publishing is a no-op and nothing opens */
    live_ticket_event(&fake_db, &t1, 10, "comment", false);
    assert_int_equal(live_sub_open(&agent, NULL, false, &hooks, &hb, &b, &err), ERR_UNAVAILABLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bus),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
