/* sweep-*: the SLA scheduler on a real demo database — due times from the
** policy and calendar, first-response and resolution breaches flagged with
** a timeline event and a notification to supervisors, a warning before the
** breach, and auto-close of resolved tickets after N business days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "svc/svc.h"
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

/* A ticket on "Gangguan Jaringan Internet" (priority normal: Standar 24 Jam,
** first response 120, resolution 1440 business minutes, warn 120 before). */
static struct ticket *make(const char *title, int64_t created)
{
    struct err e = {0};
    struct ticket *t = arena_alloc(a, sizeof *t);
    t->title = title;
    t->description = "uji";
    t->service_id = 1;
    t->priority_id = 2;
    t->requester_id = 6;
    t->unit_id = 3;
    t->channel = "web";
    t->created_at = created;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(svc_sla_init(db, a, t, &e), 0);
    assert_int_equal(db_ticket_create(db, t, "LKT", 2026, a, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    struct ticket *full;
    assert_int_equal(db_ticket_get(db, t->number, a, &full, &e), 0);
    return full;
}

static struct ticket *reload(const struct ticket *t)
{
    struct err e = {0};
    struct ticket *full;
    assert_int_equal(db_ticket_get(db, t->number, a, &full, &e), 0);
    return full;
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

static size_t count_events(const char *kind, int64_t ticket_id)
{
    struct err e = {0};
    struct ticket_event *ev;
    size_t n, k = 0;
    assert_int_equal(db_events_list(db, ticket_id, true, a, &ev, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        k += strcmp(ev[i].kind, kind) == 0;
    return k;
}

static struct sweep_stats sweep(const char *when)
{
    struct err e = {0};
    struct sweep_stats s;
    assert_int_equal(svc_sweep(db, &cfg, at(when), &s, &e), 0);
    return s;
}

static void sweep_1_due_times(void **s)
{
    (void)s;
    struct ticket *t = make("Jaringan mati", at("2026-11-23 08:00"));
    assert_int_equal(t->first_response_due, at("2026-11-23 10:00"));
    assert_int_equal(t->resolution_due, at("2026-11-25 16:00"));
    assert_true(t->sla_policy_id > 0);
}

static void sweep_2_breaches_and_warning(void **s)
{
    (void)s;
    struct ticket *t = make("Server lambat", at("2026-11-30 08:00"));
    struct sweep_stats r = sweep("2026-11-30 09:00");
    /* only the first test's older ticket is overdue by now */
    assert_int_equal(r.first_response_breached + r.resolution_breached, 2);
    assert_false(reload(t)->first_response_breached);
    r = sweep("2026-11-30 10:01");
    assert_int_equal(r.first_response_breached, 1);
    t = reload(t);
    assert_true(t->first_response_breached);
    assert_false(t->resolution_breached);
    assert_int_equal(count_events("sla_breached", t->id), 1);
    assert_int_equal(count_outbox("sla_breached", t->id), 1); /* one admin in the demo data */
    r = sweep("2026-11-30 10:02");
    assert_int_equal(r.first_response_breached, 0); /* flagged once */
    r = sweep("2026-12-02 14:30"); /* 90 minutes before the resolution target */
    assert_int_equal(r.warned, 1);
    assert_true(reload(t)->sla_warned);
    assert_int_equal(count_outbox("sla_warning", t->id), 1);
    r = sweep("2026-12-02 14:45");
    assert_int_equal(r.warned, 0);
    r = sweep("2026-12-02 16:01");
    assert_int_equal(r.resolution_breached, 1);
    assert_true(reload(t)->resolution_breached);
    assert_int_equal(count_events("sla_breached", t->id), 2);
}

static void sweep_3_auto_close(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = make("Printer", at("2026-12-07 08:00"));
    t->status = "resolved";
    t->resolved_at = at("2026-12-07 09:00");
    t->resolution_summary = "Toner diganti";
    assert_int_equal(db_ticket_save(db, t, &e), 0);
    struct sweep_stats r = sweep("2026-12-09 09:00"); /* two business days */
    assert_int_equal(r.auto_closed, 0);
    assert_string_equal(reload(t)->status, "resolved");
    r = sweep("2026-12-10 09:01"); /* three */
    assert_int_equal(r.auto_closed, 1);
    t = reload(t);
    assert_string_equal(t->status, "closed");
    assert_int_equal(t->closed_at, at("2026-12-10 09:01"));
    assert_int_equal(count_events("status", t->id), 1);
    /* seed 000's closing confirmation, not the generic "changed" mail (#15 item 13) */
    assert_int_equal(count_outbox("ticket_closed", t->id), 1);
    assert_int_equal(count_outbox("ticket_changed", t->id), 0);
}

static void sweep_4_waiting_pauses_the_clock(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket *t = make("Menunggu", at("2026-12-14 08:00"));
    t->status = "waiting";
    t->first_response_at = at("2026-12-14 08:30");
    t->waiting_since = at("2026-12-14 09:00");
    assert_int_equal(db_ticket_save(db, t, &e), 0);
    struct sweep_stats r = sweep("2026-12-17 09:00"); /* past the original due time */
    assert_int_equal(r.resolution_breached, 0);
    assert_false(reload(t)->resolution_breached);
}

static void sweep_5_numbers_restart_each_year(void **s)
{
    (void)s;
    struct err e = {0};
    struct ticket t = {.title = "Tahun baru", .description = "x", .service_id = 1,
                       .requester_id = 6, .channel = "web", .created_at = at("2027-01-04 08:00")};
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(db_ticket_create(db, &t, "LKT", 2027, a, &e), 0);
    struct ticket t2 = t;
    assert_int_equal(db_ticket_create(db, &t2, "HD", 2027, a, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    assert_string_equal(t.number, "LKT-2027-000001");
    assert_string_equal(t2.number, "HD-2027-000002"); /* the prefix is configurable */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sweep_1_due_times),
        cmocka_unit_test(sweep_2_breaches_and_warning),
        cmocka_unit_test(sweep_3_auto_close),
        cmocka_unit_test(sweep_4_waiting_pauses_the_clock),
        cmocka_unit_test(sweep_5_numbers_restart_each_year),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
