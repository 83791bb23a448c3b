/* ticket-*: the lifecycle — every status × every target × every role, with
** the expected outcome written out; summary/reason rules; labels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/ticket.h"

/* Roles, each facing the same ticket (requester 10 of unit 1, escalated to
** unit 5 and vendor 7 for the "escalated" columns). */
enum { R_OWN, R_MATE, R_OTHER, R_AG1, R_AG2E, R_AG2N, R_AG3E, R_AG3N, R_ADM, R_LEAD, R_OFF,
       R_COUNT };
static const char *const rname[R_COUNT] = {
    "owner", "unit-mate", "other unit", "agent t1", "t2 escalated", "t2 not escalated",
    "t3 escalated", "t3 not escalated", "admin", "leader", "inactive agent"};
static const struct principal who[R_COUNT] = {
    [R_OWN] = {.id = 10, .role = ROLE_REQUESTER, .unit_id = 1, .active = true},
    [R_MATE] = {.id = 11, .role = ROLE_REQUESTER, .unit_id = 1, .active = true},
    [R_OTHER] = {.id = 12, .role = ROLE_REQUESTER, .unit_id = 2, .active = true},
    [R_AG1] = {.id = 20, .role = ROLE_AGENT, .tier = 1, .active = true},
    [R_AG2E] = {.id = 21, .role = ROLE_AGENT, .tier = 2, .unit_id = 5, .active = true},
    [R_AG2N] = {.id = 23, .role = ROLE_AGENT, .tier = 2, .unit_id = 6, .active = true},
    [R_AG3E] = {.id = 22, .role = ROLE_AGENT, .tier = 3, .vendor_id = 7, .active = true},
    [R_AG3N] = {.id = 24, .role = ROLE_AGENT, .tier = 3, .vendor_id = 8, .active = true},
    [R_ADM] = {.id = 30, .role = ROLE_ADMIN, .active = true},
    [R_LEAD] = {.id = 40, .role = ROLE_LEADER, .active = true},
    [R_OFF] = {.id = 25, .role = ROLE_AGENT, .tier = 1, .active = false},
};
static const struct perm_obj ticket = {.owner_id = 10, .unit_id = 1, .esc_unit_id = 5,
                                       .esc_vendor_id = 7};

/* '0' allowed, 'C' 409 invalid transition, 'F' 403 not permitted. */
#define WORK "FFF00F0F0FF"
#define CANCEL "0FF00F0F0FF"
#define OWNER_ADMIN "0FFFFFFF0FF"
#define NEVER "CCCCCCCCCCC"
static const char *const expect[TS_COUNT][TS_COUNT] = {
    /*               new    in_progress  waiting  resolved     closed       cancelled */
    [TS_NEW] =      {NEVER, WORK,        NEVER,   WORK,        NEVER,       CANCEL},
    [TS_IN_PROGRESS] = {NEVER, NEVER,    WORK,    WORK,        NEVER,       CANCEL},
    [TS_WAITING] =  {NEVER, WORK,        NEVER,   WORK,        NEVER,       CANCEL},
    [TS_RESOLVED] = {NEVER, OWNER_ADMIN, NEVER,   NEVER,       OWNER_ADMIN, NEVER},
    [TS_CLOSED] =   {NEVER, NEVER,       NEVER,   NEVER,       NEVER,       NEVER},
    [TS_CANCELLED] = {NEVER, NEVER,      NEVER,   NEVER,       NEVER,       NEVER},
};

static void ticket_1_full_table(void **state)
{
    (void)state;
    int wrong = 0, cells = 0;
    for (int f = 0; f < TS_COUNT; f++)
        for (int t = 0; t < TS_COUNT; t++)
            for (int r = 0; r < R_COUNT; r++) {
                struct err e = {0};
                int rc = ticket_transition_check(&who[r], &ticket, (enum ticket_status)f,
                                                 (enum ticket_status)t, "selesai", "batal", &e);
                char got = rc == 0 ? '0' : rc == ERR_CONFLICT ? 'C' : rc == ERR_FORBIDDEN ? 'F' : '?';
                cells++;
                if (got != expect[f][t][r]) {
                    fprintf(stderr, "%s -> %s by %s: got %c want %c (%s)\n",
                            ticket_status_name((enum ticket_status)f),
                            ticket_status_name((enum ticket_status)t), rname[r], got,
                            expect[f][t][r], e.code);
                    wrong++;
                }
                if (got == 'C')
                    assert_string_equal(e.code, "ticket.invalid_transition");
                if (got == 'F')
                    assert_string_equal(e.code, "ticket.forbidden_transition");
            }
    assert_int_equal(cells, 6 * 6 * R_COUNT);
    assert_int_equal(wrong, 0);
}

static void ticket_2_summary_and_reason(void **state)
{
    (void)state;
    const char *blanks[] = {NULL, "", "   ", "\t\n"};
    for (size_t i = 0; i < 4; i++) {
        struct err e = {0};
        assert_int_equal(ticket_transition_check(&who[R_AG1], &ticket, TS_IN_PROGRESS,
                                                 TS_RESOLVED, blanks[i], NULL, &e),
                         ERR_INVALID);
        assert_int_equal(e.n_fields, 1);
        assert_string_equal(e.fields[0].name, "summary");
        struct err e2 = {0};
        assert_int_equal(ticket_transition_check(&who[R_OWN], &ticket, TS_NEW, TS_CANCELLED,
                                                 NULL, blanks[i], &e2),
                         ERR_INVALID);
        assert_string_equal(e2.fields[0].name, "reason");
    }
    /* an invalid transition is reported before a missing summary */
    struct err e = {0};
    assert_int_equal(ticket_transition_check(&who[R_AG1], &ticket, TS_CLOSED, TS_RESOLVED, NULL,
                                             NULL, &e),
                     ERR_CONFLICT);
    assert_non_null(strstr(e.msg[LOC_EN], "closed"));
}

static void ticket_3_names_and_labels(void **state)
{
    (void)state;
    static const char *const id[] = {"Baru", "Diproses", "Menunggu Pemohon", "Selesai",
                                     "Ditutup", "Dibatalkan"};
    static const char *const en[] = {"New", "In progress", "Waiting on requester", "Resolved",
                                     "Closed", "Cancelled"};
    for (int s = 0; s < TS_COUNT; s++) {
        enum ticket_status back;
        assert_int_equal(ticket_status_parse(ticket_status_name((enum ticket_status)s), &back), 0);
        assert_int_equal(back, s);
        assert_string_equal(ticket_status_label((enum ticket_status)s, LOC_ID), id[s]);
        assert_string_equal(ticket_status_label((enum ticket_status)s, LOC_EN), en[s]);
    }
    enum ticket_status x;
    assert_int_equal(ticket_status_parse("open", &x), -1);
    assert_int_equal(ticket_status_parse(NULL, &x), -1);
}

static void ticket_4_system_transitions_and_clock(void **state)
{
    (void)state;
    for (int f = 0; f < TS_COUNT; f++)
        for (int t = 0; t < TS_COUNT; t++) {
            bool want = (f == TS_WAITING && t == TS_IN_PROGRESS) ||
                        (f == TS_RESOLVED && t == TS_CLOSED);
            assert_int_equal(ticket_auto_transition_valid((enum ticket_status)f,
                                                          (enum ticket_status)t), want);
            /* every system transition is also a lifecycle transition */
            if (want)
                assert_true(ticket_transition_valid((enum ticket_status)f, (enum ticket_status)t));
        }
    const bool running[] = {true, true, false, false, false, false};
    const bool final[] = {false, false, false, false, true, true};
    for (int s = 0; s < TS_COUNT; s++) {
        assert_int_equal(ticket_sla_running((enum ticket_status)s), running[s]);
        assert_int_equal(ticket_status_final((enum ticket_status)s), final[s]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ticket_1_full_table),
        cmocka_unit_test(ticket_2_summary_and_reason),
        cmocka_unit_test(ticket_3_names_and_labels),
        cmocka_unit_test(ticket_4_system_transitions_and_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
