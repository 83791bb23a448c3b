/* Helpers of the unit tests that drive the ticket service on the demo store
** (test_ticket_svc.c, test_ticket_flow.c): demo users acting, counting
** events and outbox rows, filing a ticket. Include after demo_db.h. */
#ifndef LOKET_TESTS_TICKET_FIXTURE_H
#define LOKET_TESTS_TICKET_FIXTURE_H

/* demo users (cli/demo.c, in order) */
enum { AGENT = 3, PIC = 4, REQUESTER = 6, REQUESTER2 = 7 };
enum { NETWORK_SERVICE = 1, DISKOMINFO = 2 };

/* Demo user uid acting on `channel`. */
static struct actor as(int64_t uid, const char *channel)
{
    struct err e = {0};
    struct user_auth *u = arena_alloc(a, sizeof *u);
    assert_int_equal(db_user_by_id(db, uid, a, u, &e), 0);
    return (struct actor){.user = u, .channel = channel, .cfg = &cfg,
                          .now = (int64_t)time(NULL)};
}

static size_t count_outbox(const char *tpl, int64_t ticket_id, int64_t recipient_id)
{
    struct err e = {0};
    struct outbox_row *rows;
    size_t n, k = 0;
    assert_int_equal(db_outbox_list(db, NULL, ticket_id, a, &rows, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        k += !strcmp(rows[i].template_key, tpl) &&
             (!recipient_id || rows[i].recipient_id == recipient_id);
    return k;
}

/* Events of kind on the ticket; *internal the last one's flag. */
static size_t count_events(const char *kind, int64_t ticket_id, bool *internal)
{
    struct err e = {0};
    struct ticket_event *ev;
    size_t n, k = 0;
    assert_int_equal(db_events_list(db, ticket_id, true, a, &ev, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev[i].kind, kind)) {
            k++;
            if (internal)
                *internal = ev[i].internal;
        }
    return k;
}

static struct ticket *reload(const char *number)
{
    struct err e = {0};
    struct ticket *t;
    assert_int_equal(db_ticket_get(db, number, a, &t, &e), 0);
    return t;
}

/* A ticket filed by the demo requester on the network service. */
static struct ticket *file(const char *title)
{
    struct err e = {0};
    struct actor who = as(REQUESTER, "web");
    struct ticket_new in = {.title = title, .description = "uji layanan",
                            .service_id = NETWORK_SERVICE};
    struct ticket *t;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_create(db, &who, a, &in, &t, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    return t;
}

#endif
