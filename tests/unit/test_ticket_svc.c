/* ticket-svc-*: the ticket service (svc/ticket_svc.h) without HTTP, on a
** real demo database: filing for oneself, refused for others, by a channel;
** a status path to rating; escalation; merging; the version check of an
** edit; comments and their refusal. Each asserts the rows, events and
** outbox rows the store holds afterwards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "svc/svc.h"
#include "svc/ticket_svc.h"
/* last: the fixture's globals (db, a) would shadow header parameters */
#include "demo_db.h"
#include "ticket_fixture.h"

static void ticket_svc_1_create(void **s)
{
    (void)s;
    struct ticket *t = file("Internet mati di ruang rapat");
    assert_non_null(t->number);
    assert_string_equal(t->status, "new");
    assert_string_equal(t->channel, "web");
    assert_int_equal(t->requester_id, REQUESTER);
    assert_int_equal(t->service_id, NETWORK_SERVICE);
    assert_true(t->priority_id > 0);   /* the service's */
    assert_true(t->resolution_due > 0); /* its SLA policy */
    assert_int_equal(count_events("created", t->id, NULL), 1);
    assert_int_equal(count_events("channel", t->id, NULL), 0);
    assert_int_equal(count_outbox("ticket_created", t->id, REQUESTER), 1);
}

/* A requester may not record a request for someone else; nothing is written. */
static void ticket_svc_2_create_for_other_refused(void **s)
{
    (void)s;
    struct err e = {0};
    struct actor who = as(REQUESTER, "web");
    struct ticket_new in = {.title = "atas nama", .description = "x",
                            .service_id = NETWORK_SERVICE, .for_other = true,
                            .requester_id_given = true, .requester_id = REQUESTER2};
    struct ticket *t = NULL;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_create(db, &who, a, &in, &t, &e), ERR_FORBIDDEN);
    db_rollback(db);
    assert_string_equal(e.code, "ticket.forbidden");
    assert_null(t);
    /* staff may, on a channel they name; the requester is the one given */
    err_clear(&e);
    who = as(AGENT, "web");
    in.channel = "phone";
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_create(db, &who, a, &in, &t, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_int_equal(t->requester_id, REQUESTER2);
    assert_int_equal(t->created_by, AGENT);
    assert_string_equal(t->channel, "phone");
    assert_int_equal(count_events("channel", t->id, NULL), 1);
}

/* By mail: the sender's own ticket on the channel's service. */
static void ticket_svc_3_create_by_channel(void **s)
{
    (void)s;
    struct err e = {0};
    struct actor who = as(REQUESTER2, "email");
    struct ticket_new in = {.title = "Printer rusak", .description = "dari surel"};
    struct ticket *t;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_create(db, &who, a, &in, &t, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(t->channel, "email");
    assert_int_equal(t->requester_id, REQUESTER2);
    assert_true(t->service_id > 0);
    assert_int_equal(count_events("channel", t->id, NULL), 1);
    assert_int_equal(count_outbox("ticket_created", t->id, REQUESTER2), 1);
}

/* new -> in_progress (first response) -> resolved -> rated (closed). */
static void ticket_svc_4_status_path_and_rating(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("Wi-Fi lambat"), *out;
    struct actor agent = as(AGENT, "web"), req = as(REQUESTER, "web");
    struct status_change go = {.to = TS_IN_PROGRESS};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_transition(db, &agent, a, t->number, &go, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->status, "in_progress");
    assert_true(out->first_response_at > 0);
    /* resolving needs a summary: refused without one, nothing saved */
    struct status_change done = {.to = TS_RESOLVED};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_transition(db, &agent, a, t->number, &done, &out, &e),
                     ERR_INVALID);
    db_rollback(db);
    assert_string_equal(reload(t->number)->status, "in_progress");
    /* rating before it is resolved: 409 */
    err_clear(&e);
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_rate(db, &req, a, t->number, 5, NULL, &out, &e), ERR_CONFLICT);
    db_rollback(db);
    assert_string_equal(e.code, "ticket.invalid_transition");
    err_clear(&e);
    done.summary = "router dinyalakan ulang";
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_transition(db, &agent, a, t->number, &done, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->status, "resolved");
    assert_string_equal(out->resolution_summary, "router dinyalakan ulang");
    assert_int_equal(count_outbox("ticket_resolved", t->id, REQUESTER), 1);
    assert_int_equal(count_outbox("rating_request", t->id, REQUESTER), 1);
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_rate(db, &req, a, t->number, 5, "cepat", &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->status, "closed");
    assert_int_equal(out->rating, 5);
    assert_string_equal(out->feedback, "cepat");
    assert_int_equal(count_events("rating", t->id, NULL), 1);
    assert_int_equal(count_events("status", t->id, NULL), 3);
}

/* To the unit: tier 2, the reason an internal event, the unit's PIC told. */
static void ticket_svc_5_escalate(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("Server aplikasi mati"), *out;
    struct actor agent = as(AGENT, "web"), req = as(REQUESTER, "web");
    struct escalation in = {.tier = 2, .target = DISKOMINFO, .reason = "perlu akses server"};
    /* the requester may see the ticket but not escalate it */
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_escalate(db, &req, a, t->number, &in, &out, &e), ERR_FORBIDDEN);
    db_rollback(db);
    assert_string_equal(e.code, "ticket.forbidden");
    err_clear(&e);
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_escalate(db, &agent, a, t->number, &in, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_int_equal(out->tier, 2);
    assert_int_equal(out->esc_unit_id, DISKOMINFO);
    assert_int_equal(out->assignee_id, 0);
    bool internal = false;
    assert_int_equal(count_events("escalated", t->id, &internal), 1);
    assert_false(internal);
    assert_int_equal(count_events("escalation_reason", t->id, &internal), 1);
    assert_true(internal);
    assert_int_equal(count_outbox("ticket_escalated", t->id, REQUESTER), 1);
    assert_int_equal(count_outbox("ticket_escalated_pic", t->id, PIC), 1);
}

/* issue #21 item 5: the live desk rules (svc/desk_rules.h) read from the
** settings table at each transition: tag before resolve, then the assigned
** agent closes. */
static void ticket_svc_9_desk_rules(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("Wi-Fi ruang rapat"), *out;
    struct actor agent = as(AGENT, "web");
    assert_int_equal(db_setting_set(db, "tag_before_resolve", "true", &e), 0);
    struct status_change done = {.to = TS_RESOLVED, .summary = "access point diganti"};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_transition(db, &agent, a, t->number, &done, &out, &e),
                     ERR_INVALID);
    db_rollback(db);
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, "tags");
    assert_string_equal(reload(t->number)->status, "new");
    err_clear(&e);
    assert_int_equal(db_setting_set(db, "tag_before_resolve", "false", &e), 0);
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_assign(db, &agent, a, t->number, true, 0, &out, &e), 0);
    assert_int_equal(svc_ticket_transition(db, &agent, a, t->number, &done, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    struct status_change shut = {.to = TS_CLOSED};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_transition(db, &agent, a, t->number, &shut, &out, &e),
                     ERR_FORBIDDEN);
    db_rollback(db);
    err_clear(&e);
    assert_int_equal(db_setting_set(db, "agent_close", "true", &e), 0);
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_transition(db, &agent, a, t->number, &shut, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->status, "closed");
    assert_int_equal(db_setting_set(db, "agent_close", "false", &e), 0);
}

static void ticket_svc_6_merge(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *keep = file("Internet mati lantai 2"), *dup = file("Internet mati lagi"),
                  *out;
    struct actor agent = as(AGENT, "web");
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_merge(db, &agent, a, dup->number, keep->number, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->status, "closed");
    assert_string_equal(out->merged_into_number, keep->number);
    assert_int_equal(count_events("merged", dup->id, NULL), 1);
    assert_int_equal(count_events("merged_from", keep->id, NULL), 1);
    assert_string_equal(reload(keep->number)->status, "new");
    /* once closed it cannot be merged again */
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_merge(db, &agent, a, dup->number, keep->number, &out, &e),
                     ERR_CONFLICT);
    db_rollback(db);
    assert_string_equal(e.code, "ticket.merge_invalid");
}

/* An edit made against an old version is refused and changes nothing. */
static void ticket_svc_7_edit_version(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("Judul lama"), *out;
    struct actor agent = as(AGENT, "web");
    struct ticket_edit in = {.version_given = true, .version = t->version + 1,
                             .title = {.given = true, .s = "Judul baru", .len = 10}};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_edit(db, &agent, a, t->number, &in, &out, &e), ERR_CONFLICT);
    db_rollback(db);
    assert_string_equal(e.code, "ticket.stale");
    assert_string_equal(reload(t->number)->title, "Judul lama");
    assert_int_equal(count_events("field", t->id, NULL), 0);
    err_clear(&e);
    in.version = t->version;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_edit(db, &agent, a, t->number, &in, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(out->title, "Judul baru");
    assert_true(out->version > t->version);
    assert_int_equal(count_events("field", t->id, NULL), 1);
    assert_int_equal(count_outbox("ticket_changed", t->id, REQUESTER), 1);
}

/* Comments: the requester's reply tells the assignee; someone else's ticket
** is refused in the sender's words on a channel and not found on the web. */
static void ticket_svc_8_comment(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = file("Akun email terkunci"), *out;
    struct actor agent = as(AGENT, "web"), req = as(REQUESTER, "web");
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_assign(db, &agent, a, t->number, true, 0, &out, &e), 0);
    assert_int_equal(svc_ticket_comment(db, &req, a, out, "sudah dicoba", false, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_int_equal(out->assignee_id, AGENT);
    assert_int_equal(count_events("comment", t->id, NULL), 1);
    assert_int_equal(count_outbox("new_comment", t->id, AGENT), 1);
    struct actor other = as(REQUESTER2, "email");
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_comment(db, &other, a, out, "bukan milik saya", false, NULL, &e),
                     ERR_FORBIDDEN);
    db_rollback(db);
    assert_string_equal(e.msg[LOC_EN], "the sender may not comment on this ticket");
    err_clear(&e);
    other.channel = "web";
    assert_int_equal(svc_ticket_load(db, &other, a, t->number, &out, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "ticket.not_found");
    assert_int_equal(count_events("comment", t->id, NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ticket_svc_1_create),
        cmocka_unit_test(ticket_svc_2_create_for_other_refused),
        cmocka_unit_test(ticket_svc_3_create_by_channel),
        cmocka_unit_test(ticket_svc_4_status_path_and_rating),
        cmocka_unit_test(ticket_svc_5_escalate),
        cmocka_unit_test(ticket_svc_6_merge),
        cmocka_unit_test(ticket_svc_7_edit_version),
        cmocka_unit_test(ticket_svc_8_comment),
        cmocka_unit_test(ticket_svc_9_desk_rules),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
