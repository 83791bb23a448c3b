/* ticket-*: the lifecycle. Every from-status × to-status × role, with the
** expected outcome written out below as a table (not derived from ticket.c
** or perm.c); then the summary/reason rules, the order of the checks, the
** actions, names and labels, system transitions and the SLA clock.
** ticket-1 .. ticket-6 are the table, one case per from-status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/ticket.h"

/* ------------------------------------------------------------------ */
/* Who asks, and about which ticket                                    */
/* ------------------------------------------------------------------ */

/* One ticket, requested by user 10 of unit 1, escalated to unit 5 (tier 2)
** and to vendor 7 (tier 3), assigned to no one. */
static const struct perm_obj ticket = {.owner_id = 10, .unit_id = 1, .esc_unit_id = 5,
                                       .esc_vendor_id = 7};

/* The columns of the expected strings below, in this order. */
enum { R_OWN, R_MATE, R_OTHER, R_AG1, R_AG2E, R_AG2N, R_AG3E, R_AG3N, R_ADM, R_LEAD,
       R_OFF_OWN, R_OFF_ADM, R_COUNT };
static const char *const rname[R_COUNT] = {
    "requester (owner)",       "requester (same unit, not owner)", "requester (other unit)",
    "agent tier 1",            "agent tier 2 (escalated to unit)", "agent tier 2 (other unit)",
    "agent tier 3 (escalated to vendor)", "agent tier 3 (other vendor)", "admin",
    "leader",                  "inactive requester (owner)",       "inactive admin"};
static const struct principal who[R_COUNT] = {
    [R_OWN] = {.id = 10, .role = ROLE_REQUESTER, .unit_id = 1, .active = true},
    [R_MATE] = {.id = 11, .role = ROLE_REQUESTER, .unit_id = 1, .active = true},
    [R_OTHER] = {.id = 12, .role = ROLE_REQUESTER, .unit_id = 2, .active = true},
    [R_AG1] = {.id = 20, .role = ROLE_AGENT, .tier = 1, .active = true},
    [R_AG2E] = {.id = 21, .role = ROLE_AGENT, .tier = 2, .unit_id = 5, .active = true},
    [R_AG2N] = {.id = 22, .role = ROLE_AGENT, .tier = 2, .unit_id = 6, .active = true},
    [R_AG3E] = {.id = 23, .role = ROLE_AGENT, .tier = 3, .vendor_id = 7, .active = true},
    [R_AG3N] = {.id = 24, .role = ROLE_AGENT, .tier = 3, .vendor_id = 8, .active = true},
    [R_ADM] = {.id = 30, .role = ROLE_ADMIN, .active = true},
    [R_LEAD] = {.id = 40, .role = ROLE_LEADER, .active = true},
    [R_OFF_OWN] = {.id = 10, .role = ROLE_REQUESTER, .unit_id = 1, .active = false},
    [R_OFF_ADM] = {.id = 31, .role = ROLE_ADMIN, .active = false},
};

/* ------------------------------------------------------------------ */
/* The expected table                                                  */
/* ------------------------------------------------------------------ */

/* '0' allowed, 'C' 409 ticket.invalid_transition, 'F' 403
** ticket.forbidden_transition. Column letters:
**   o owner, m unit-mate, x other unit, 1 tier 1, 2 tier 2 escalated,
**   2n tier 2 not, 3 tier 3 escalated, 3n tier 3 not, a admin, l leader,
**   io inactive owner, ia inactive admin. */
static const struct row {
    enum ticket_status from, to;
    const char *want;
} table[] = {
    /*                                o m x 1 2 2n 3 3n a l io ia */
    {TS_NEW, TS_NEW,                 "CCCCCCCCCCCC"},
    {TS_NEW, TS_IN_PROGRESS,         "FFF00F0F0FFF"},
    {TS_NEW, TS_WAITING,             "CCCCCCCCCCCC"},
    {TS_NEW, TS_RESOLVED,            "FFF00F0F0FFF"},
    {TS_NEW, TS_CLOSED,              "CCCCCCCCCCCC"},
    {TS_NEW, TS_CANCELLED,           "0FF00F0F0FFF"},

    {TS_IN_PROGRESS, TS_NEW,         "CCCCCCCCCCCC"},
    {TS_IN_PROGRESS, TS_IN_PROGRESS, "CCCCCCCCCCCC"},
    {TS_IN_PROGRESS, TS_WAITING,     "FFF00F0F0FFF"},
    {TS_IN_PROGRESS, TS_RESOLVED,    "FFF00F0F0FFF"},
    {TS_IN_PROGRESS, TS_CLOSED,      "CCCCCCCCCCCC"},
    {TS_IN_PROGRESS, TS_CANCELLED,   "0FF00F0F0FFF"},

    {TS_WAITING, TS_NEW,             "CCCCCCCCCCCC"},
    {TS_WAITING, TS_IN_PROGRESS,     "FFF00F0F0FFF"}, /* staff; the requester by replying */
    {TS_WAITING, TS_WAITING,         "CCCCCCCCCCCC"},
    {TS_WAITING, TS_RESOLVED,        "FFF00F0F0FFF"},
    {TS_WAITING, TS_CLOSED,          "CCCCCCCCCCCC"},
    {TS_WAITING, TS_CANCELLED,       "0FF00F0F0FFF"},

    {TS_RESOLVED, TS_NEW,            "CCCCCCCCCCCC"},
    {TS_RESOLVED, TS_IN_PROGRESS,    "0FFFFFFF0FFF"}, /* reopen: owner or admin */
    {TS_RESOLVED, TS_WAITING,        "CCCCCCCCCCCC"},
    {TS_RESOLVED, TS_RESOLVED,       "CCCCCCCCCCCC"},
    {TS_RESOLVED, TS_CLOSED,         "0FFFFFFF0FFF"}, /* confirm: owner or admin */
    {TS_RESOLVED, TS_CANCELLED,      "CCCCCCCCCCCC"},

    {TS_CLOSED, TS_NEW,              "CCCCCCCCCCCC"},
    {TS_CLOSED, TS_IN_PROGRESS,      "CCCCCCCCCCCC"},
    {TS_CLOSED, TS_WAITING,          "CCCCCCCCCCCC"},
    {TS_CLOSED, TS_RESOLVED,         "CCCCCCCCCCCC"},
    {TS_CLOSED, TS_CLOSED,           "CCCCCCCCCCCC"},
    {TS_CLOSED, TS_CANCELLED,        "CCCCCCCCCCCC"},

    {TS_CANCELLED, TS_NEW,           "CCCCCCCCCCCC"},
    {TS_CANCELLED, TS_IN_PROGRESS,   "CCCCCCCCCCCC"},
    {TS_CANCELLED, TS_WAITING,       "CCCCCCCCCCCC"},
    {TS_CANCELLED, TS_RESOLVED,      "CCCCCCCCCCCC"},
    {TS_CANCELLED, TS_CLOSED,        "CCCCCCCCCCCC"},
    {TS_CANCELLED, TS_CANCELLED,     "CCCCCCCCCCCC"},
};
static const size_t n_table = sizeof table / sizeof table[0];

/* Written out here again so a wrong label in ticket.c cannot hide. */
static const char *const name_of[TS_COUNT] = {"new",      "in_progress", "waiting",
                                              "resolved", "closed",      "cancelled"};
static const char *const label_id[TS_COUNT] = {"Baru",    "Diproses", "Menunggu Pemohon",
                                               "Selesai", "Ditutup",  "Dibatalkan"};
static const char *const label_en[TS_COUNT] = {"New",      "In progress", "Waiting on requester",
                                               "Resolved", "Closed",      "Cancelled"};

static const struct row *row_for(enum ticket_status from, enum ticket_status to)
{
    for (size_t i = 0; i < n_table; i++)
        if (table[i].from == from && table[i].to == to)
            return &table[i];
    return NULL;
}

static bool row_valid(const struct row *r)
{
    return strchr(r->want, 'C') == NULL;
}

static char outcome(int rc)
{
    return rc == 0 ? '0' : rc == ERR_CONFLICT ? 'C' : rc == ERR_FORBIDDEN ? 'F' : '?';
}

static bool has(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* Checks one from-status against every target and role; prints every
** mismatch before failing so one run shows the whole difference. */
static void check_from(enum ticket_status from)
{
    int wrong = 0;
    for (int t = 0; t < TS_COUNT; t++) {
        enum ticket_status to = (enum ticket_status)t;
        const struct row *r = row_for(from, to);
        assert_non_null(r);
        if (ticket_transition_valid(from, to) != row_valid(r)) {
            fprintf(stderr, "ticket_transition_valid(%s, %s) = %d, the table says %d\n",
                    name_of[from], name_of[to], !row_valid(r), row_valid(r));
            wrong++;
        }
        for (int p = 0; p < R_COUNT; p++) {
            struct err e = {0};
            int rc = ticket_transition_check(&who[p], &ticket, from, to,
                                             "Printer diganti tonernya", "Permintaan ganda", &e);
            char got = outcome(rc), want = r->want[p];
            const char *why = "";
            if (got != want)
                why = "wrong outcome";
            else if (got == '0' && (e.kind != ERR_OK || e.code[0] || e.msg[LOC_EN][0]))
                why = "allowed, but err was written";
            else if (got != '0' && (int)e.kind != rc)
                why = "err.kind differs from the return value";
            else if (got == 'C' && strcmp(e.code, "ticket.invalid_transition") != 0)
                why = "code should be ticket.invalid_transition";
            else if (got == 'F' && strcmp(e.code, "ticket.forbidden_transition") != 0)
                why = "code should be ticket.forbidden_transition";
            else if (got != '0' &&
                     (!has(e.msg[LOC_ID], label_id[from]) || !has(e.msg[LOC_ID], label_id[to]) ||
                      !has(e.msg[LOC_EN], label_en[from]) || !has(e.msg[LOC_EN], label_en[to])))
                why = "message should name both statuses in its own language";
            else if (got != '0' && (has(e.msg[LOC_ID], label_en[to]) ||
                                    has(e.msg[LOC_EN], label_id[to])))
                why = "message mixes the languages";
            if (*why) {
                fprintf(stderr,
                        "%s -> %s by %s: got %c, want %c: %s\n  code %s\n  id: %s\n  en: %s\n",
                        name_of[from], name_of[to], rname[p], got, want, why, e.code,
                        e.msg[LOC_ID], e.msg[LOC_EN]);
                wrong++;
            }
        }
    }
    assert_int_equal(wrong, 0);
}

static void ticket_1_from_new(void **state)
{
    (void)state;
    check_from(TS_NEW);
}

static void ticket_2_from_in_progress(void **state)
{
    (void)state;
    check_from(TS_IN_PROGRESS);
}

static void ticket_3_from_waiting(void **state)
{
    (void)state;
    check_from(TS_WAITING);
}

static void ticket_4_from_resolved(void **state)
{
    (void)state;
    check_from(TS_RESOLVED);
}

static void ticket_5_from_closed(void **state)
{
    (void)state;
    check_from(TS_CLOSED);
}

static void ticket_6_from_cancelled(void **state)
{
    (void)state;
    check_from(TS_CANCELLED);
}

/* The table itself: every pair exactly once, one column per role, only the
** three outcomes, and a pair is either invalid for all or for none. */
static void ticket_7_table_is_complete(void **state)
{
    (void)state;
    assert_int_equal(n_table, TS_COUNT * TS_COUNT);
    int seen[TS_COUNT][TS_COUNT] = {{0}};
    for (size_t i = 0; i < n_table; i++) {
        const struct row *r = &table[i];
        seen[r->from][r->to]++;
        assert_int_equal(strlen(r->want), R_COUNT);
        assert_int_equal(strspn(r->want, "0CF"), R_COUNT);
        size_t n_c = 0;
        for (const char *c = r->want; *c; c++)
            n_c += *c == 'C';
        if (n_c != 0 && n_c != R_COUNT)
            fail_msg("%s -> %s: invalid for some roles only", name_of[r->from], name_of[r->to]);
        if (r->from == r->to && row_valid(r))
            fail_msg("%s -> itself is marked valid", name_of[r->from]);
    }
    for (int f = 0; f < TS_COUNT; f++)
        for (int t = 0; t < TS_COUNT; t++)
            if (seen[f][t] != 1)
                fail_msg("%s -> %s appears %d times", name_of[f], name_of[t], seen[f][t]);
}

/* The action each valid transition asks perm_can() for. */
static void ticket_8_actions(void **state)
{
    (void)state;
    static const struct {
        enum ticket_status from, to;
        enum action act;
    } acts[] = {
        {TS_NEW, TS_IN_PROGRESS, ACT_TICKET_WORK},
        {TS_NEW, TS_RESOLVED, ACT_TICKET_WORK},
        {TS_NEW, TS_CANCELLED, ACT_TICKET_CANCEL},
        {TS_IN_PROGRESS, TS_WAITING, ACT_TICKET_WORK},
        {TS_IN_PROGRESS, TS_RESOLVED, ACT_TICKET_WORK},
        {TS_IN_PROGRESS, TS_CANCELLED, ACT_TICKET_CANCEL},
        {TS_WAITING, TS_IN_PROGRESS, ACT_TICKET_WORK},
        {TS_WAITING, TS_RESOLVED, ACT_TICKET_WORK},
        {TS_WAITING, TS_CANCELLED, ACT_TICKET_CANCEL},
        {TS_RESOLVED, TS_IN_PROGRESS, ACT_TICKET_REOPEN},
        {TS_RESOLVED, TS_CLOSED, ACT_TICKET_CLOSE},
    };
    size_t n_acts = sizeof acts / sizeof acts[0], n_valid = 0;
    for (size_t i = 0; i < n_acts; i++) {
        enum action got = ticket_transition_action(acts[i].from, acts[i].to);
        if (got != acts[i].act)
            fail_msg("%s -> %s needs %s, got %s", name_of[acts[i].from], name_of[acts[i].to],
                     action_name(acts[i].act), action_name(got));
        assert_true(ticket_transition_valid(acts[i].from, acts[i].to));
    }
    /* ... and those are all the valid transitions there are */
    for (int f = 0; f < TS_COUNT; f++)
        for (int t = 0; t < TS_COUNT; t++)
            n_valid += ticket_transition_valid((enum ticket_status)f, (enum ticket_status)t);
    assert_int_equal(n_valid, n_acts);
}

/* ------------------------------------------------------------------ */
/* What a transition requires                                          */
/* ------------------------------------------------------------------ */

static const char *const blanks[] = {NULL, "", " ", "   ", "\t\n", " \r\n\v\f "};
static const size_t n_blanks = sizeof blanks / sizeof blanks[0];
static const enum ticket_status open_states[] = {TS_NEW, TS_IN_PROGRESS, TS_WAITING};

static void expect_field(int rc, const struct err *e, const char *field, const char *what)
{
    if (rc != ERR_INVALID || e->kind != ERR_INVALID)
        fail_msg("%s: want ERR_INVALID (%d), got %d (%s)", what, ERR_INVALID, rc, e->code);
    assert_string_equal(e->code, "validation");
    assert_int_equal(e->n_fields, 1);
    assert_string_equal(e->fields[0].name, field);
    assert_true(e->fields[0].msg[LOC_ID][0] && e->fields[0].msg[LOC_EN][0]);
    assert_string_not_equal(e->fields[0].msg[LOC_ID], e->fields[0].msg[LOC_EN]);
}

static void ticket_9_resolve_needs_summary(void **state)
{
    (void)state;
    const int staff[] = {R_AG1, R_AG2E, R_AG3E, R_ADM};
    for (size_t s = 0; s < 3; s++)
        for (size_t p = 0; p < 4; p++) {
            const struct principal *u = &who[staff[p]];
            char what[160];
            for (size_t b = 0; b < n_blanks; b++) {
                struct err e = {0};
                snprintf(what, sizeof what, "%s -> resolved by %s, summary #%zu",
                         name_of[open_states[s]], rname[staff[p]], b);
                /* a reason does not stand in for the summary */
                int rc = ticket_transition_check(u, &ticket, open_states[s], TS_RESOLVED,
                                                 blanks[b], "alasan", &e);
                expect_field(rc, &e, "summary", what);
            }
            struct err e = {0};
            assert_int_equal(ticket_transition_check(u, &ticket, open_states[s], TS_RESOLVED,
                                                     "  sudah diperbaiki  ", NULL, &e),
                             0);
            assert_int_equal(ticket_transition_check(u, &ticket, open_states[s], TS_RESOLVED,
                                                     "x", "", &e),
                             0);
            assert_int_equal(e.kind, ERR_OK);
        }
}

static void ticket_10_cancel_needs_reason(void **state)
{
    (void)state;
    const int can_cancel[] = {R_OWN, R_AG1, R_AG2E, R_AG3E, R_ADM};
    for (size_t s = 0; s < 3; s++)
        for (size_t p = 0; p < 5; p++) {
            const struct principal *u = &who[can_cancel[p]];
            char what[160];
            for (size_t b = 0; b < n_blanks; b++) {
                struct err e = {0};
                snprintf(what, sizeof what, "%s -> cancelled by %s, reason #%zu",
                         name_of[open_states[s]], rname[can_cancel[p]], b);
                /* a summary does not stand in for the reason */
                int rc = ticket_transition_check(u, &ticket, open_states[s], TS_CANCELLED,
                                                 "ringkasan", blanks[b], &e);
                expect_field(rc, &e, "reason", what);
            }
            struct err e = {0};
            assert_int_equal(ticket_transition_check(u, &ticket, open_states[s], TS_CANCELLED,
                                                     NULL, " salah layanan ", &e),
                             0);
            assert_int_equal(e.kind, ERR_OK);
        }
}

/* Only resolving and cancelling need text. */
static void ticket_11_other_transitions_need_no_text(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t i = 0; i < n_table; i++) {
        const struct row *r = &table[i];
        if (!row_valid(r) || r->to == TS_RESOLVED || r->to == TS_CANCELLED)
            continue;
        for (int p = 0; p < R_COUNT; p++) {
            if (r->want[p] != '0')
                continue;
            for (size_t b = 0; b < n_blanks; b++) {
                struct err e = {0};
                int rc = ticket_transition_check(&who[p], &ticket, r->from, r->to, blanks[b],
                                                 blanks[b], &e);
                if (rc != 0)
                    fail_msg("%s -> %s by %s without text: %d %s", name_of[r->from],
                             name_of[r->to], rname[p], rc, e.code);
                checked++;
            }
        }
    }
    assert_true(checked > 0);
}

/* Invalid before forbidden before missing text. */
static void ticket_12_order_of_checks(void **state)
{
    (void)state;
    struct err e = {0};
    /* invalid and forbidden and no summary: invalid wins */
    assert_int_equal(ticket_transition_check(&who[R_LEAD], &ticket, TS_CLOSED, TS_RESOLVED, NULL,
                                             NULL, &e),
                     ERR_CONFLICT);
    assert_string_equal(e.code, "ticket.invalid_transition");
    assert_int_equal(e.n_fields, 0);
    /* invalid and no reason: invalid wins */
    memset(&e, 0, sizeof e);
    assert_int_equal(ticket_transition_check(&who[R_ADM], &ticket, TS_CANCELLED, TS_CANCELLED,
                                             NULL, "   ", &e),
                     ERR_CONFLICT);
    assert_int_equal(e.n_fields, 0);
    /* forbidden and no summary / no reason: forbidden wins */
    const struct {
        int who;
        enum ticket_status from, to;
    } forbid[] = {
        {R_OWN, TS_NEW, TS_RESOLVED},      {R_MATE, TS_NEW, TS_CANCELLED},
        {R_AG2N, TS_WAITING, TS_RESOLVED}, {R_AG3N, TS_IN_PROGRESS, TS_CANCELLED},
        {R_LEAD, TS_NEW, TS_CANCELLED},    {R_OFF_ADM, TS_IN_PROGRESS, TS_RESOLVED},
    };
    for (size_t i = 0; i < sizeof forbid / sizeof forbid[0]; i++) {
        memset(&e, 0, sizeof e);
        int rc = ticket_transition_check(&who[forbid[i].who], &ticket, forbid[i].from,
                                         forbid[i].to, "   ", NULL, &e);
        if (rc != ERR_FORBIDDEN || e.n_fields != 0)
            fail_msg("%s -> %s by %s without text: got %d (%s), want forbidden",
                     name_of[forbid[i].from], name_of[forbid[i].to], rname[forbid[i].who], rc,
                     e.code);
        assert_string_equal(e.code, "ticket.forbidden_transition");
    }
}

/* No user, no object, statuses out of range. */
static void ticket_13_anonymous_and_out_of_range(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_table; i++) {
        struct err e = {0};
        int rc = ticket_transition_check(NULL, &ticket, table[i].from, table[i].to, "s", "r", &e);
        assert_int_equal(rc, row_valid(&table[i]) ? ERR_FORBIDDEN : ERR_CONFLICT);
    }
    /* no object: perm_can() treats it as an empty one; admins still may */
    struct err e = {0};
    assert_int_equal(ticket_transition_check(&who[R_ADM], NULL, TS_NEW, TS_IN_PROGRESS, NULL,
                                             NULL, &e),
                     0);
    assert_int_equal(ticket_transition_check(&who[R_OWN], NULL, TS_RESOLVED, TS_CLOSED, NULL,
                                             NULL, &e),
                     ERR_FORBIDDEN);
    const enum ticket_status bad[] = {TS_COUNT, (enum ticket_status)(TS_COUNT + 5),
                                      (enum ticket_status)-1};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(ticket_status_name(bad[i]), "unknown");
        assert_string_equal(ticket_status_label(bad[i], LOC_ID), "?");
        assert_string_equal(ticket_status_label(bad[i], LOC_EN), "?");
        assert_false(ticket_status_final(bad[i]));
        assert_false(ticket_sla_running(bad[i]));
        for (int s = 0; s < TS_COUNT; s++) {
            enum ticket_status ok = (enum ticket_status)s;
            assert_false(ticket_transition_valid(bad[i], ok));
            assert_false(ticket_transition_valid(ok, bad[i]));
            assert_false(ticket_auto_transition_valid(bad[i], ok));
            assert_false(ticket_auto_transition_valid(ok, bad[i]));
            memset(&e, 0, sizeof e);
            assert_int_equal(ticket_transition_check(&who[R_ADM], &ticket, ok, bad[i], "s", "r",
                                                     &e),
                             ERR_CONFLICT);
            assert_string_equal(e.code, "ticket.invalid_transition");
            memset(&e, 0, sizeof e);
            assert_int_equal(ticket_transition_check(&who[R_ADM], &ticket, bad[i], ok, "s", "r",
                                                     &e),
                             ERR_CONFLICT);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Names, labels, system transitions, the clock                        */
/* ------------------------------------------------------------------ */

static void ticket_14_names_and_labels(void **state)
{
    (void)state;
    for (int s = 0; s < TS_COUNT; s++) {
        enum ticket_status st = (enum ticket_status)s, back = TS_COUNT;
        assert_string_equal(ticket_status_name(st), name_of[s]);
        assert_int_equal(ticket_status_parse(name_of[s], &back), 0);
        assert_int_equal(back, st);
        assert_string_equal(ticket_status_label(st, LOC_ID), label_id[s]);
        assert_string_equal(ticket_status_label(st, LOC_EN), label_en[s]);
        /* a locale that is neither falls back to Indonesian, the default */
        assert_string_equal(ticket_status_label(st, (enum locale)7), label_id[s]);
    }
    const char *const unknown[] = {NULL,  "",       "New",     "NEW",        "in progress",
                                   "open", "new ",  " new",    "in_progress\n", "unknown",
                                   "Baru", "closed?", "cancelled!"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        enum ticket_status x = TS_WAITING;
        if (ticket_status_parse(unknown[i], &x) != -1)
            fail_msg("\"%s\" parsed as a status", unknown[i] ? unknown[i] : "(null)");
        assert_int_equal(x, TS_WAITING); /* left as it was */
    }
}

static void ticket_15_system_transitions(void **state)
{
    (void)state;
    /* rows: from; columns: to (new, in_progress, waiting, resolved, closed, cancelled) */
    static const char *const autos[TS_COUNT] = {
        [TS_NEW] = "000000",      [TS_IN_PROGRESS] = "000000", [TS_WAITING] = "010000",
        [TS_RESOLVED] = "000010", [TS_CLOSED] = "000000",      [TS_CANCELLED] = "000000",
    };
    for (int f = 0; f < TS_COUNT; f++)
        for (int t = 0; t < TS_COUNT; t++) {
            enum ticket_status from = (enum ticket_status)f, to = (enum ticket_status)t;
            bool want = autos[f][t] == '1';
            if (ticket_auto_transition_valid(from, to) != want)
                fail_msg("system transition %s -> %s: want %d", name_of[f], name_of[t], want);
            /* every system transition is also in the lifecycle */
            if (want)
                assert_true(ticket_transition_valid(from, to));
        }
}

static void ticket_16_sla_clock_and_final(void **state)
{
    (void)state;
    /* new, in_progress, waiting, resolved, closed, cancelled */
    static const bool running[TS_COUNT] = {true, true, false, false, false, false};
    static const bool final[TS_COUNT] = {false, false, false, false, true, true};
    for (int s = 0; s < TS_COUNT; s++) {
        enum ticket_status st = (enum ticket_status)s;
        if (ticket_sla_running(st) != running[s])
            fail_msg("SLA clock in %s: want %s", name_of[s],
                     running[s] ? "running" : "not running");
        if (ticket_status_final(st) != final[s])
            fail_msg("%s final: want %d", name_of[s], final[s]);
        /* final means no way out, for users and for the system */
        bool any_out = false;
        for (int t = 0; t < TS_COUNT; t++)
            any_out = any_out || ticket_transition_valid(st, (enum ticket_status)t) ||
                      ticket_auto_transition_valid(st, (enum ticket_status)t);
        assert_int_equal(any_out, !final[s]);
        /* the clock never runs in a final status */
        if (final[s])
            assert_false(ticket_sla_running(st));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ticket_1_from_new),
        cmocka_unit_test(ticket_2_from_in_progress),
        cmocka_unit_test(ticket_3_from_waiting),
        cmocka_unit_test(ticket_4_from_resolved),
        cmocka_unit_test(ticket_5_from_closed),
        cmocka_unit_test(ticket_6_from_cancelled),
        cmocka_unit_test(ticket_7_table_is_complete),
        cmocka_unit_test(ticket_8_actions),
        cmocka_unit_test(ticket_9_resolve_needs_summary),
        cmocka_unit_test(ticket_10_cancel_needs_reason),
        cmocka_unit_test(ticket_11_other_transitions_need_no_text),
        cmocka_unit_test(ticket_12_order_of_checks),
        cmocka_unit_test(ticket_13_anonymous_and_out_of_range),
        cmocka_unit_test(ticket_14_names_and_labels),
        cmocka_unit_test(ticket_15_system_transitions),
        cmocka_unit_test(ticket_16_sla_clock_and_final),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
