/* ticket-query-*: the one parser of the ticket-list query
** (svc/ticket_query.c, issue #18 item 3) that GET /api/v1/tickets, the
** reports and the export jobs share. Every bad value (overflow, junk after
** the digits, spaces, signs, unknown names) is a field error naming exactly
** its parameter; good values parse; report parameters layer on top. Query
** strings are read as export jobs keep them (report_query_parse). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "report/report.h"
#include "svc/ticket_query.h"
/* last: the fixture's globals (db, a) would shadow header parameters */
#define DEMO_STORE_FIXTURE "tq"
#include "demo_store.h"

static const struct principal me = {.id = 3, .role = ROLE_AGENT, .tier = 1, .unit_id = 1,
                                    .active = true};
enum { NOW = 1800000000 };

/* Parses query for the list; the field names, sorted and comma-joined. */
static const char *fields_of(const char *query, bool list, struct ticket_query *q)
{
    struct err e = {0};
    assert_int_equal(svc_ticket_query_read(db, &me, report_query_get,
                                           report_query_parse(a, query), NOW, list, a, q, &e),
                     0);
    const char *names[ERR_MAX_FIELDS];
    for (size_t i = 0; i < e.n_fields; i++)
        names[i] = arena_strdup(a, e.fields[i].name);
    for (size_t i = 1; i < e.n_fields; i++) /* a few: insertion sort */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    char *out = "";
    for (size_t i = 0; i < e.n_fields; i++)
        out = arena_printf(a, "%s%s%s", out, i ? "," : "", names[i]);
    return out;
}

static void ticket_query_1_bad_values_name_their_field(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"due_within_minutes=99999999999999999999", "due_within_minutes"},
        {"due_within_minutes=9223372036854775807", "due_within_minutes"},
        {"due_within_minutes=-5", "due_within_minutes"},
        {"due_within_minutes=525601", "due_within_minutes"},
        {"due_within_minutes=60m", "due_within_minutes"},
        {"due_within_minutes=%2060", "due_within_minutes"},
        {"page=9223372036854775808", "page"},
        {"page=1000000000000", "page"},
        {"page=1e3", "page"},
        {"page=", "page"},
        {"page=0", "page"},
        {"page=-1", "page"},
        {"page=+2", "page"},
        {"page=%202", "page"},
        {"per_page=abc", "per_page"},
        {"per_page=0", "per_page"},
        {"tier=2x", "tier"},
        {"tier=0", "tier"},
        {"tier=4", "tier"},
        {"tier=-1", "tier"},
        {"tier=%202", "tier"},
        {"unit_id=3abc", "unit_id"},
        {"unit_id=-3", "unit_id"},
        {"unit_id=0", "unit_id"},
        {"unit_id=%203", "unit_id"},
        {"service_id=99999999999999999999", "service_id"},
        {"category_id=1.5", "category_id"},
        {"requester_id=9223372036854775808", "requester_id"},
        {"assignee_id=you", "assignee_id"},
        {"assignee_id=ME", "assignee_id"},
        {"status=open", "status"},
        {"status=new,bogus", "status"},
        {"status=%20new", "status"},
        {"status=new,new,new,new,new,new,new,new,new", "status"},
        {"sort=colour", "sort"},
        {"sort=-", "sort"},
        {"sort=", "sort"},
        {"sort=%20title", "sort"},
        {"channel=fax", "channel"},
        {"channel=%20web", "channel"},
        {"sla_breached=yes", "sla_breached"},
        {"sla_breached=1", "sla_breached"},
        {"untagged=yes", "untagged"},
        {"untagged=1", "untagged"},
        {"untagged=TRUE", "untagged"},
        {"untagged=%20true", "untagged"},
        {"uncategorised=0", "uncategorised"},
        {"uncategorized=true&uncategorised=no", "uncategorised"},
        {"created_from=2026-13-45", "created_from"},
        {"created_to=yesterday", "created_to"},
        {"priority=urgentest", "priority"},
        {"priority=999999", "priority"},
        {"priority=2x", "priority"},
        {"tier=9&due_within_minutes=-1&unit_id=x&page=1e3",
         "due_within_minutes,page,tier,unit_id"},
    };
    int wrong = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct ticket_query q;
        const char *got = fields_of(bad[i][0], true, &q);
        if (strcmp(got, bad[i][1]) != 0) {
            print_message("# %s: fields \"%s\", want \"%s\"\n", bad[i][0], got, bad[i][1]);
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
}

static void ticket_query_2_good_values_parse(void **state)
{
    (void)state;
    struct ticket_query q;
    assert_string_equal(fields_of("", true, &q), "");
    assert_int_equal(q.page, 1);
    assert_int_equal(q.per_page, TQ_PER_PAGE_DEFAULT);
    assert_string_equal(q.sort, "created_at");
    assert_true(q.sort_desc);
    assert_int_equal(q.sla_breached, -1);
    assert_int_equal(q.scope.kind, SCOPE_ALL);
    assert_null(q.q);
    assert_int_equal(q.tier + q.unit_id + q.due_before + q.priority_id + q.n_statuses, 0);

    assert_string_equal(fields_of("tier=2&unit_id=3&page=2&per_page=500&sort=-priority&"
                                  "status=new,closed&assignee_id=me&due_within_minutes=60&"
                                  "sla_breached=false&q=printer+rusak&created_from=2026-01-02&"
                                  "created_to=2026-01-03T10:00:00Z&service_id=9223372036854775807",
                                  true, &q),
                        "");
    assert_int_equal(q.tier, 2);
    assert_int_equal(q.unit_id, 3);
    assert_int_equal(q.service_id, INT64_MAX);
    assert_int_equal(q.page, 2);
    assert_int_equal(q.per_page, TQ_PER_PAGE_MAX);
    assert_string_equal(q.sort, "priority");
    assert_true(q.sort_desc);
    assert_int_equal(q.n_statuses, 2);
    assert_string_equal(q.statuses[1], "closed");
    assert_int_equal(q.assignee_id, me.id);
    assert_int_equal(q.due_before, NOW + 3600);
    assert_int_equal(q.sla_breached, 0);
    assert_string_equal(q.q, "printer rusak");
    assert_int_equal(q.created_from, 1767312000);
    assert_int_equal(q.created_to, 1767434400);

    /* empty is no filter; "none" is unassigned; a priority by code or id */
    assert_string_equal(fields_of("tier=&unit_id=&channel=&tag=&sla_breached=&status=&"
                                  "due_within_minutes=&priority=&assignee_id=none&sort=title",
                                  true, &q),
                        "");
    assert_int_equal(q.tier + q.unit_id + q.due_before + q.priority_id + q.n_statuses, 0);
    assert_null(q.channel);
    assert_null(q.tag);
    assert_int_equal(q.sla_breached, -1);
    assert_true(q.unassigned);
    assert_false(q.sort_desc);
    assert_string_equal(fields_of("priority=high&channel=walk_in&due_within_minutes=0", true, &q),
                        "");
    int64_t high = q.priority_id;
    assert_true(high > 0);
    assert_string_equal(q.channel, "walk_in");
    assert_int_equal(q.due_before, NOW);
    assert_string_equal(fields_of(arena_printf(a, "priority=%lld", (long long)high), true, &q),
                        "");
    assert_int_equal(q.priority_id, high);
}

/* issue #21 item 5: the "not yet filed" filters, off unless "true" */
static void ticket_query_4_untagged_uncategorised(void **state)
{
    (void)state;
    struct ticket_query q;
    assert_string_equal(fields_of("", true, &q), "");
    assert_false(q.untagged);
    assert_false(q.uncategorised);
    assert_string_equal(fields_of("untagged=true&uncategorised=false", true, &q), "");
    assert_true(q.untagged);
    assert_false(q.uncategorised);
    assert_string_equal(fields_of("uncategorised=true&untagged=", false, &q), "");
    assert_false(q.untagged);
    assert_true(q.uncategorised);
}

/* Reports and exports take the whole set: no paging or sort; their own
** parameters are layered on top and named the same way. */
static void ticket_query_3_reports_layer_on_top(void **state)
{
    (void)state;
    struct ticket_query q;
    assert_string_equal(fields_of("page=1e3&sort=colour&tier=2x", false, &q), "tier");
    struct report_args args;
    struct err e = {0};
    assert_int_equal(report_args_parse_query(db, &me, "tier=2x&appointments=some&from=2026-02-30x&"
                                             "unit_id=3abc&due_within_minutes=99999999999999999999",
                                             a, &args, &e),
                     ERR_INVALID);
    assert_string_equal(e.code, "validation");
    assert_int_equal(e.n_fields, 5);
    memset(&e, 0, sizeof e);
    assert_int_equal(report_args_parse_query(db, &me, "tier=2&month=2026-02&priority=normal",
                                             a, &args, &e),
                     0);
    assert_int_equal(args.q.tier, 2);
    assert_int_equal(args.q.appointments, -1);
    assert_true(args.q.priority_id > 0);
    assert_true(args.q.created_to > args.q.created_from);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ticket_query_1_bad_values_name_their_field),
        cmocka_unit_test(ticket_query_4_untagged_uncategorised),
        cmocka_unit_test(ticket_query_2_good_values_parse),
        cmocka_unit_test(ticket_query_3_reports_layer_on_top),
    };
    return cmocka_run_group_tests(tests, demo_setup, demo_teardown);
}
