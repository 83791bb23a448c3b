/* automation-*: the rule engine (issue #22 item 1) on a real demo store —
** trigger rules in position order acting in the change's transaction, each
** action an "automation" event naming the rule; two rules that undo each
** other stop after one round; outside-hours auto-reply (seed 002); a low
** rating opening an escalated follow-up (seed 000); time rules over
** business days with a holiday and a weekend, each firing once; the dry
** run; and the 422 codes of a bad rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/resource.h"
#include "svc/automation.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"
/* last: the fixture's globals (db, a) would shadow header parameters */
#include "demo_db.h"

static int64_t at(const char *wib) /* "2026-11-23 08:00" in Asia/Jakarta */
{
    struct tm tm = {0};
    sscanf(wib, "%4d-%2d-%2d %2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
           &tm.tm_min);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) - 7 * 3600;
}

static int64_t add_rule(const char *json, int64_t position)
{
    struct err e = {0};
    json_error_t je;
    json_t *body = json_loads(json, 0, &je);
    assert_non_null(body);
    struct auto_rule_row r = {0};
    int rc = svc_automation_parse(db, a, body, &r, &e);
    if (rc != 0)
        fprintf(stderr, "# %s %s: %s\n", e.code, e.n_fields ? e.fields[0].name : "",
                e.n_fields ? e.fields[0].msg[LOC_EN] : e.msg[LOC_EN]);
    assert_int_equal(rc, 0);
    json_decref(body);
    r.position = position;
    r.created_at = r.updated_at = 1;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_auto_rule_save(db, &r, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    return r.id;
}

static void clear_rules(void)
{
    struct err e = {0};
    struct auto_rule_row *rows;
    size_t n;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_auto_rule_list(db, a, &rows, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(db_auto_rule_delete(db, rows[i].id, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
}

static struct ticket *open_ticket(const char *title, int64_t service, int64_t when)
{
    struct err e = {0};
    struct ticket *t = arena_alloc(a, sizeof *t), *out;
    t->title = title;
    t->description = "uji otomatisasi";
    t->service_id = service;
    t->priority_id = 2;
    t->requester_id = 6;
    t->unit_id = 3;
    t->channel = "web";
    t->created_by = 6;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_ticket_open(db, a, &cfg, t, false, when, &out, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    return out;
}

static struct ticket *reload(const struct ticket *t)
{
    struct err e = {0};
    struct ticket *full;
    assert_int_equal(db_ticket_get(db, t->number, a, &full, &e), 0);
    return full;
}

static size_t count_events(const char *kind, const char *field, int64_t ticket_id)
{
    struct err e = {0};
    struct ticket_event *ev;
    size_t n, k = 0;
    assert_int_equal(db_events_list(db, ticket_id, true, a, &ev, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        k += !strcmp(ev[i].kind, kind) && (!field || (ev[i].field && !strcmp(ev[i].field, field)));
    return k;
}

static const struct ticket_event *find_event(const char *field, int64_t ticket_id)
{
    struct err e = {0};
    struct ticket_event *ev;
    size_t n;
    assert_int_equal(db_events_list(db, ticket_id, true, a, &ev, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev[i].kind, "automation") && ev[i].field && !strcmp(ev[i].field, field))
            return &ev[i];
    return NULL;
}

static size_t count_outbox(const char *tpl, int64_t ticket_id)
{
    struct err e = {0};
    struct outbox_row *rows;
    size_t n, k = 0;
    assert_int_equal(db_outbox_list(db, NULL, ticket_id, a, &rows, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        k += strcmp(rows[i].template_key, tpl) == 0;
    return k;
}

static void automation_1_order_and_match(void **s)
{
    (void)s;
    svc_automation_use_config(&cfg);
    /* position 2 runs after position 1 although its id is smaller */
    add_rule("{\"name\":\"Printer penting\",\"events\":[\"created\"],"
             "\"conditions\":{\"words\":[\"PRINTER\"]},"
             "\"actions\":[{\"type\":\"set_priority\",\"priority_id\":3},"
             "{\"type\":\"add_tags\",\"tags\":[\"perangkat\"]}]}", 2);
    add_rule("{\"name\":\"Jaringan ke Siti\",\"events\":[\"created\"],"
             "\"conditions\":{\"service_ids\":[1],\"channels\":[\"web\"]},"
             "\"actions\":[{\"type\":\"assign\",\"user_id\":3}]}", 1);
    struct ticket *t = open_ticket("Printer lantai 2 macet", 1, at("2026-11-23 09:00"));
    assert_int_equal(t->assignee_id, 3);
    assert_int_equal(t->priority_id, 3);
    assert_int_equal(t->n_tags, 1);
    assert_string_equal(t->tags[0], "perangkat");
    assert_int_equal(count_events("automation", NULL, t->id), 3);
    const struct ticket_event *ev = find_event("assign", t->id);
    assert_non_null(ev);
    assert_string_equal(ev->body, "Jaringan ke Siti");
    assert_int_equal(ev->actor_id, 0);
    assert_true(find_event("assign", t->id)->id < find_event("priority", t->id)->id);
    assert_int_equal(count_outbox("ticket_assigned", t->id), 1);
    /* neither condition holds: another service, no word */
    struct ticket *u = open_ticket("Akun email terkunci", 2, at("2026-11-23 09:05"));
    assert_int_equal(u->assignee_id, 0);
    assert_int_equal(u->priority_id, 2);
    assert_int_equal(count_events("automation", NULL, u->id), 0);
    clear_rules();
}

static void automation_2_no_loop(void **s)
{
    (void)s;
    struct err e = {0};
    /* each undoes the other: without the guard they would ping-pong forever */
    add_rule("{\"name\":\"Naik\",\"events\":[\"updated\"],\"conditions\":{\"priority_ids\":[1]},"
             "\"actions\":[{\"type\":\"set_priority\",\"priority_id\":3}]}", 1);
    add_rule("{\"name\":\"Turun\",\"events\":[\"updated\"],\"conditions\":{\"priority_ids\":[3]},"
             "\"actions\":[{\"type\":\"set_priority\",\"priority_id\":1}]}", 2);
    struct ticket *t = open_ticket("Ping pong", 2, at("2026-11-24 09:00"));
    int64_t when = at("2026-11-24 10:00");
    assert_int_equal(db_begin(db, &e), 0);
    t->priority_id = 1;
    assert_int_equal(svc_ticket_event(db, t, when, 3, "field", "priority_id", "2", "1", NULL,
                                      false, &e), 0);
    assert_int_equal(db_ticket_save(db, t, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    /* Naik acted (1 → 3), Turun answered (3 → 1), and Naik did not again */
    assert_int_equal(count_events("automation", "priority", t->id), 2);
    assert_int_equal(reload(t)->priority_id, 1);
    clear_rules();
}

static void automation_3_outside_hours_reply(void **s)
{
    (void)s;
    /* seed 002: a reply from a template when the office is closed */
    add_rule("{\"name\":\"Di luar jam kerja\",\"events\":[\"created\"],"
             "\"conditions\":{\"outside_hours\":true,\"calendar_id\":1},"
             "\"actions\":[{\"type\":\"reply\",\"canned_response_id\":1}]}", 1);
    struct ticket *sat = open_ticket("Sabtu malam", 2, at("2026-11-28 20:00"));
    struct ticket *mon = open_ticket("Senin pagi", 2, at("2026-11-30 09:00"));
    struct ticket *xmas = open_ticket("Hari Natal", 2, at("2026-12-25 10:00")); /* a holiday */
    assert_int_equal(count_events("comment", NULL, sat->id), 1);
    assert_int_equal(count_outbox("new_comment", sat->id), 1);
    assert_int_equal(count_events("automation", "reply", sat->id), 1);
    assert_int_equal(count_events("comment", NULL, mon->id), 0);
    assert_int_equal(count_events("comment", NULL, xmas->id), 1);
    clear_rules();
}

static void automation_4_rating_follow_up(void **s)
{
    (void)s;
    struct err e = {0};
    /* seed 000: a low rating opens a follow-up passed to tier 2 */
    add_rule("{\"name\":\"Nilai rendah\",\"events\":[\"rated\"],\"conditions\":{\"rating_max\":2},"
             "\"actions\":[{\"type\":\"follow_up\",\"tier\":2}]}", 1);
    struct ticket *t = open_ticket("Tidak puas", 1, at("2026-12-01 09:00"));
    int64_t when = at("2026-12-02 09:00");
    assert_int_equal(db_begin(db, &e), 0);
    t->rating = 1;
    t->feedback = "lama sekali";
    assert_int_equal(svc_ticket_event(db, t, when, 6, "rating", "rating", NULL, "1", NULL, false,
                                      &e), 0);
    assert_int_equal(db_ticket_save(db, t, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    const struct ticket_event *ev = find_event("follow_up", t->id);
    assert_non_null(ev);
    struct ticket *f;
    assert_int_equal(db_ticket_get(db, ev->new_value, a, &f, &e), 0);
    assert_int_equal(f->tier, 2);
    assert_int_equal(f->requester_id, 6);
    assert_non_null(strstr(f->description, "lama sekali"));
    assert_string_equal(find_event("follow_up_of", f->id)->new_value, t->number);
    /* a good rating opens nothing */
    struct ticket *g = open_ticket("Puas", 1, at("2026-12-01 09:30"));
    assert_int_equal(db_begin(db, &e), 0);
    g->rating = 5;
    assert_int_equal(svc_ticket_event(db, g, when, 6, "rating", "rating", NULL, "5", NULL, false,
                                      &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_null(find_event("follow_up", g->id));
    clear_rules();
}

static void set_waiting(struct ticket *t, int64_t since)
{
    struct err e = {0};
    assert_int_equal(db_begin(db, &e), 0);
    t->status = "waiting";
    t->waiting_since = since;
    t->first_response_at = since;
    assert_int_equal(db_ticket_save(db, t, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
}

static void sweep(const char *when)
{
    struct err e = {0};
    int64_t fired;
    assert_int_equal(svc_automation_sweep(db, &cfg, at(when), &fired, &e), 0);
}

static void automation_5_waiting_business_days(void **s)
{
    (void)s;
    add_rule("{\"name\":\"Pengingat\",\"kind\":\"time\",\"timing\":{\"type\":\"waiting_days\","
             "\"days\":2},\"actions\":[{\"type\":\"notify\",\"to\":\"requester\","
             "\"message\":\"Mohon lengkapi data Anda.\"}]}", 1);
    add_rule("{\"name\":\"Selesaikan\",\"kind\":\"time\",\"timing\":{\"type\":\"waiting_days\","
             "\"days\":3},\"actions\":[{\"type\":\"set_status\",\"status\":\"resolved\","
             "\"summary\":\"Tidak ada jawaban pemohon\"}]}", 2);
    struct ticket *t = open_ticket("Menunggu data", 2, at("2026-12-22 09:00"));
    set_waiting(reload(t), at("2026-12-23 10:00")); /* Wednesday */
    /* Thursday counts, Friday 25 is Christmas, then the weekend */
    sweep("2026-12-28 09:59");
    assert_int_equal(count_outbox("automation_notice", t->id), 0);
    sweep("2026-12-28 10:01");
    assert_int_equal(count_outbox("automation_notice", t->id), 1);
    assert_string_equal(reload(t)->status, "waiting");
    sweep("2026-12-28 15:00"); /* once per waiting episode */
    assert_int_equal(count_outbox("automation_notice", t->id), 1);
    sweep("2026-12-29 10:01");
    t = reload(t);
    assert_string_equal(t->status, "resolved");
    assert_string_equal(t->resolution_summary, "Tidak ada jawaban pemohon");
    assert_int_equal(count_events("automation", "status", t->id), 1);
    assert_int_equal(count_outbox("automation_notice", t->id), 1);
    clear_rules();
}

static void automation_6_unassigned_minutes(void **s)
{
    (void)s;
    add_rule("{\"name\":\"Belum ditugaskan\",\"kind\":\"time\",\"timing\":{\"type\":"
             "\"unassigned_minutes\",\"minutes\":60},\"conditions\":{\"service_ids\":[2]},"
             "\"actions\":[{\"type\":\"notify\",\"to\":\"admins\",\"message\":\"Tiket belum "
             "ditugaskan.\"}]}", 1);
    struct ticket *t = open_ticket("Friday late", 2, at("2027-01-08 15:30"));
    sweep("2027-01-11 08:29"); /* 59 business minutes over the weekend */
    assert_int_equal(count_outbox("automation_notice", t->id), 0);
    sweep("2027-01-11 08:31");
    assert_int_equal(count_outbox("automation_notice", t->id), 1); /* the one admin */
    sweep("2027-01-11 09:31");
    assert_int_equal(count_outbox("automation_notice", t->id), 1);
    clear_rules();
}

static void automation_7_dry_run(void **s)
{
    (void)s;
    struct err e = {0};
    json_t *body = json_loads("{\"name\":\"uji\",\"events\":[\"created\"],\"conditions\":"
                              "{\"words\":[\"printer\"]},\"actions\":[{\"type\":\"set_priority\","
                              "\"priority_id\":4}]}", 0, NULL);
    struct auto_rule_row r = {0};
    assert_int_equal(svc_automation_parse(db, a, body, &r, &e), 0);
    json_decref(body);
    struct ticket **hits;
    size_t n, scanned;
    assert_int_equal(svc_automation_dry_run(db, a, &r, at("2026-11-25 09:00"), &hits, &n,
                                            &scanned, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0]->title, "Printer lantai 2 macet");
    assert_true(scanned >= 3);
    assert_int_equal(hits[0]->priority_id, 3); /* nothing written */
}

static int64_t open_load(int64_t agent)
{
    struct err e = {0};
    struct ticket_query q = {.scope = {.kind = SCOPE_ALL, .bookings_all = true},
                             .statuses = {"new", "in_progress", "waiting"}, .n_statuses = 3,
                             .assignee_id = agent, .sla_breached = -1, .page = 1, .per_page = 1};
    struct ticket **items;
    size_t n;
    int64_t total;
    bool capped;
    assert_int_equal(db_ticket_list(db, &q, a, &items, &n, &total, &capped, &e), 0);
    return total;
}

static void automation_9_round_robin_and_least_loaded(void **s)
{
    (void)s;
    struct err e = {0};
    int unit_field = resource_field(&res_users, "unit_id");
    int64_t rr = add_rule("{\"name\":\"Giliran\",\"events\":[\"created\"],\"conditions\":"
                          "{\"words\":[\"giliran\"]},\"actions\":[{\"type\":\"assign\","
                          "\"unit_id\":2,\"mode\":\"round_robin\"}]}", 1);
    struct ticket *t1 = open_ticket("Giliran satu", 2, at("2027-01-12 09:00"));
    struct ticket *t2 = open_ticket("Giliran dua", 2, at("2027-01-12 09:01"));
    assert_true(t1->assignee_id && t2->assignee_id);
    assert_int_not_equal(t1->assignee_id, t2->assignee_id); /* the next agent in turn */
    struct record *u;
    assert_int_equal(db_rec_get(db, &res_users, t1->assignee_id, a, &u, &e), 0);
    assert_int_equal(u->v[unit_field].i, 2);
    assert_int_equal(db_auto_rule_delete(db, rr, &e), 0);
    clear_rules();
    /* least loaded: whoever of Diskominfo's agents has the fewest open tickets */
    add_rule("{\"name\":\"Paling sedikit\",\"events\":[\"created\"],\"actions\":[{\"type\":"
             "\"assign\",\"unit_id\":2,\"mode\":\"least_loaded\"}]}", 1);
    int64_t load1 = open_load(t1->assignee_id), load2 = open_load(t2->assignee_id);
    struct ticket *t3 = open_ticket("Beban", 2, at("2027-01-12 09:02"));
    int64_t got = open_load(t3->assignee_id) - 1;
    assert_true(got <= load1 && got <= load2);
    clear_rules();
}

static void bad(const char *json, const char *code, const char *field)
{
    struct err e = {0};
    json_t *body = json_loads(json, 0, NULL);
    struct auto_rule_row r = {0};
    assert_int_equal(svc_automation_parse(db, a, body, &r, &e), ERR_INVALID);
    json_decref(body);
    assert_string_equal(e.code, code);
    assert_int_equal(e.n_fields, 1);
    assert_string_equal(e.fields[0].name, field);
}

static void automation_8_bad_rules(void **s)
{
    (void)s;
    bad("{\"name\":\"x\",\"events\":[\"created\"],\"conditions\":{\"service_ids\":[999]},"
        "\"actions\":[{\"type\":\"set_priority\",\"priority_id\":1}]}",
        "automation.bad_condition", "conditions.service_ids");
    bad("{\"name\":\"x\",\"events\":[\"created\"],\"conditions\":{\"warna\":1},"
        "\"actions\":[{\"type\":\"set_priority\",\"priority_id\":1}]}",
        "automation.bad_condition", "conditions.");
    bad("{\"name\":\"x\",\"events\":[\"created\"],\"conditions\":{\"channels\":[\"fax\"]},"
        "\"actions\":[{\"type\":\"set_priority\",\"priority_id\":1}]}",
        "automation.bad_condition", "conditions.channels");
    bad("{\"name\":\"x\",\"events\":[\"created\"],\"actions\":[{\"type\":\"set_priority\","
        "\"priority_id\":1},{\"type\":\"terbang\"}]}", "automation.bad_action", "actions[1].type");
    bad("{\"name\":\"x\",\"events\":[\"created\"],\"actions\":[{\"type\":\"set_status\","
        "\"status\":\"cancelled\"}]}", "automation.bad_action", "actions[0].reason");
    bad("{\"name\":\"x\",\"events\":[\"kapan\"],\"actions\":[{\"type\":\"set_priority\","
        "\"priority_id\":1}]}", "automation.bad_event", "events");
    bad("{\"name\":\"x\",\"kind\":\"time\",\"timing\":{\"type\":\"waiting_days\"},"
        "\"actions\":[{\"type\":\"set_priority\",\"priority_id\":1}]}",
        "automation.bad_timing", "timing.days");
    /* the syntax step alone accepts a missing reference; the reference
    ** step the API runs after it names the field */
    struct err e = {0};
    json_t *body = json_loads("{\"name\":\"x\",\"events\":[\"created\"],\"actions\":"
                              "[{\"type\":\"add_tags\",\"tags\":[\"tidak-ada\"]}]}", 0, NULL);
    struct auto_rule_row r = {0};
    struct auto_rule *rule = NULL;
    assert_int_equal(svc_automation_read(a, body, &r, &rule, &e), 0);
    json_decref(body);
    assert_non_null(rule);
    assert_string_equal(r.actions, "[{\"type\":\"add_tags\",\"tags\":[\"tidak-ada\"]}]");
    assert_int_equal(svc_automation_resolve(db, a, rule, &e), ERR_INVALID);
    assert_string_equal(e.code, "automation.bad_action");
    assert_string_equal(e.fields[0].name, "actions[0].tags");
}

static bool run_fresh(int64_t rule, int64_t ticket, int64_t when)
{
    struct err e = {0};
    char state[32];
    bool fresh = false;
    snprintf(state, sizeof state, "event:%lld", (long long)when);
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_auto_run_add(db, rule, ticket, state, 0, when, &fresh, &e), 0);
    db_rollback(db);
    return fresh;
}

/* A new ticket's "created" rules fold their priority and tags into its first
** write: one version, the SLA of the final priority, the same timeline as
** actions run one after the other (an action that adds nothing leaves no
** event), and no run row for a rule that listens to "created" alone. */
static void automation_10_created_folded(void **s)
{
    (void)s;
    int64_t when = at("2026-11-25 09:00");
    int64_t r1 = add_rule("{\"name\":\"Lipat 1\",\"events\":[\"created\"],"
                          "\"conditions\":{\"words\":[\"lipat\"]},"
                          "\"actions\":[{\"type\":\"set_priority\",\"priority_id\":3},"
                          "{\"type\":\"add_tags\",\"tags\":[\"perangkat\"]}]}", 1);
    add_rule("{\"name\":\"Lipat 2\",\"events\":[\"created\"],\"conditions\":{\"words\":[\"LIPAT\"]},"
             "\"actions\":[{\"type\":\"add_tags\",\"tags\":[\"perangkat\",\"jaringan\"]},"
             "{\"type\":\"set_priority\",\"priority_id\":3}]}", 2);
    add_rule("{\"name\":\"Lipat 3\",\"events\":[\"created\"],\"conditions\":{\"words\":[\"lipat\"]},"
             "\"actions\":[{\"type\":\"add_tags\",\"tags\":[\"jaringan\"]}]}", 3);
    int64_t r4 = add_rule("{\"name\":\"Lipat 4\",\"events\":[\"created\",\"updated\"],"
                          "\"conditions\":{\"words\":[\"lipat\"]},"
                          "\"actions\":[{\"type\":\"notify\",\"to\":\"admins\","
                          "\"message\":\"baru\"}]}", 4);
    struct ticket *t = reload(open_ticket("Printer Lipat macet", 1, when));
    assert_int_equal(t->version, 1); /* written once: no save after the insert */
    assert_int_equal(t->priority_id, 3);
    assert_int_equal(t->n_tags, 2);
    /* the SLA is the one a ticket filed with priority 3 gets */
    struct err e = {0};
    struct ticket cmp = {.service_id = 1, .priority_id = 3, .requester_id = 6, .unit_id = 3,
                         .created_at = when};
    assert_int_equal(svc_sla_init(db, a, &cmp, &e), 0);
    assert_int_equal(t->resolution_due, cmp.resolution_due);
    assert_int_equal(t->first_response_due, cmp.first_response_due);
    /* rule 1: priority 2 → 3 and a tag; rule 2: one new tag, priority already 3;
    ** rule 3: nothing new; rule 4: its notice */
    assert_int_equal(count_events("automation", "priority", t->id), 1);
    const struct ticket_event *p = find_event("priority", t->id);
    assert_string_equal(p->old_value, "2");
    assert_string_equal(p->new_value, "3");
    assert_string_equal(p->body, "Lipat 1");
    assert_int_equal(count_events("automation", "tags", t->id), 2);
    assert_int_equal(count_events("automation", "notify", t->id), 1);
    assert_true(find_event("priority", t->id)->id < find_event("notify", t->id)->id);
    struct ticket_event *ev;
    size_t n;
    assert_int_equal(db_events_list(db, t->id, true, a, &ev, &n, &e), 0);
    assert_string_equal(ev[0].kind, "created");
    /* the run guard: a row for rule 4 (it also listens to "updated"), none for rule 1 */
    assert_false(run_fresh(r4, t->id, when));
    assert_true(run_fresh(r1, t->id, when));
    /* a ticket none of them match is untouched */
    struct ticket *u = reload(open_ticket("Akun terkunci", 1, when + 60));
    assert_int_equal(u->priority_id, 2);
    assert_int_equal(u->n_tags, 0);
    assert_int_equal(count_events("automation", NULL, u->id), 0);
    clear_rules();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(automation_1_order_and_match),
        cmocka_unit_test(automation_2_no_loop),
        cmocka_unit_test(automation_3_outside_hours_reply),
        cmocka_unit_test(automation_4_rating_follow_up),
        cmocka_unit_test(automation_5_waiting_business_days),
        cmocka_unit_test(automation_6_unassigned_minutes),
        cmocka_unit_test(automation_7_dry_run),
        cmocka_unit_test(automation_8_bad_rules),
        cmocka_unit_test(automation_9_round_robin_and_least_loaded),
        cmocka_unit_test(automation_10_created_folded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
