/* ticket-flow-*: status follows the work (svc/ticket_flow.h, issue #20
** item 1) and the reply sent with a status, without HTTP on a real demo
** store: which operations move a new ticket to in_progress, by whom, with
** which mails, and what is left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "svc/svc.h"
#include "svc/ticket_flow.h"
#include "svc/ticket_svc.h"
/* last: the fixture's globals (db, a) would shadow header parameters */
#include "demo_db.h"
#include "ticket_fixture.h"

enum { ADMIN = 1 };

/* The status events of the ticket as "old>new", comma-separated. */
static const char *path(int64_t ticket_id)
{
    struct err e = {0};
    struct ticket_event *ev;
    size_t n;
    assert_int_equal(db_events_list(db, ticket_id, true, a, &ev, &n, &e), 0);
    char *out = arena_printf(a, "%s", "");
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev[i].kind, "status"))
            out = arena_printf(a, "%s%s%s>%s", out, *out ? "," : "", ev[i].old_value,
                               ev[i].new_value);
    return out;
}

static void flow_1_take(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("ambil"), *out;
    struct actor who = as(AGENT, "web");
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_assign(db, &who, a, t->number, true, 0, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->status, "in_progress");
    assert_string_equal(path(t->id), "new>in_progress");
    assert_true(out->first_response_at > 0);
    /* taking tells the requester: nothing else does */
    assert_int_equal(count_outbox("ticket_changed", t->id, REQUESTER), 1);
}

/* A note, the requester's reply and an assignment by someone else leave it new. */
static void flow_2_not_work(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("bukan kerja"), *out;
    struct actor agent = as(AGENT, "web"), req = as(REQUESTER, "web"), admin = as(ADMIN, "web");
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_comment(db, &agent, a, t, "catatan", true, NULL, &e), 0);
    assert_int_equal(svc_ticket_comment(db, &req, a, reload(t->number), "info", false, NULL, &e), 0);
    assert_int_equal(svc_ticket_assign(db, &admin, a, t->number, false, AGENT, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(reload(t->number)->status, "new");
    assert_string_equal(path(t->id), "");
}

/* A public reply by staff, as from the mail channel: in progress, no extra mail. */
static void flow_3_reply(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("balas");
    struct actor agent = as(AGENT, "email");
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_comment(db, &agent, a, t, "sedang dicek", false, NULL, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(reload(t->number)->status, "in_progress");
    assert_string_equal(path(t->id), "new>in_progress");
    assert_int_equal(count_outbox("new_comment", t->id, REQUESTER), 1);
    assert_int_equal(count_outbox("ticket_changed", t->id, REQUESTER), 0);
}

/* Escalating starts the work; the event names the unit. */
static void flow_4_escalate(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("eskalasi"), *out;
    struct actor agent = as(AGENT, "web");
    struct escalation in = {.tier = 2, .target = DISKOMINFO, .reason = "cek"};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_escalate(db, &agent, a, t->number, &in, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->status, "in_progress");
    assert_int_equal(count_outbox("ticket_changed", t->id, REQUESTER), 0);
    struct ticket_event *ev;
    size_t n;
    assert_int_equal(db_events_list(db, t->id, false, a, &ev, &n, &e), 0);
    const char *target = NULL;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev[i].kind, "escalated"))
            target = ev[i].target;
    assert_non_null(target);
    assert_string_equal(target, "Diskominfo");
    bool internal = false;
    assert_int_equal(count_events("escalation_reason", t->id, &internal), 1);
    assert_true(internal);
}

/* Send as: reply and status together; a refused status keeps no reply. */
static void flow_5_reply_as(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("kirim sebagai"), *out;
    struct actor agent = as(AGENT, "web");
    struct status_change to = {.to = TS_RESOLVED};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_reply_as(db, &agent, a, reload(t->number), "selesai", false, &to,
                                         &out, &e),
                     ERR_INVALID);
    db_rollback(db);
    assert_string_equal(e.fields[0].name, "summary");
    assert_int_equal(count_events("comment", t->id, NULL), 0);
    err_clear(&e);
    to.summary = "Kabel diganti.";
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_reply_as(db, &agent, a, reload(t->number), "selesai", false, &to,
                                         &out, &e),
                     0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->status, "resolved");
    assert_string_equal(path(t->id), "new>in_progress,in_progress>resolved");
    assert_int_equal(count_events("comment", t->id, NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flow_1_take),     cmocka_unit_test(flow_2_not_work),
        cmocka_unit_test(flow_3_reply),    cmocka_unit_test(flow_4_escalate),
        cmocka_unit_test(flow_5_reply_as),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
