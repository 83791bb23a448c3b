/* perm-*: the full role × action × ownership matrix of perm_can(), with
** the expected answers written out as a table (not derived from perm.c),
** and perm_ticket_scope() checked against ACT_TICKET_VIEW for every cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/perm.h"

enum { P_REQ, P_REQ_OWN, P_AG1, P_AG2, P_AG3, P_ADM, P_LEAD, P_OFF, P_COUNT };
static const char *const pname[P_COUNT] = {"requester", "requester(own only)", "agent t1",
                                           "agent t2", "agent t3", "admin", "leader",
                                           "inactive admin"};
static const struct principal people[P_COUNT] = {
    [P_REQ] = {.id = 10, .role = ROLE_REQUESTER, .unit_id = 1, .active = true},
    [P_REQ_OWN] = {.id = 10, .role = ROLE_REQUESTER, .unit_id = 1, .active = true, .own_only = true},
    [P_AG1] = {.id = 20, .role = ROLE_AGENT, .tier = 1, .unit_id = 5, .active = true},
    [P_AG2] = {.id = 21, .role = ROLE_AGENT, .tier = 2, .unit_id = 5, .active = true},
    [P_AG3] = {.id = 22, .role = ROLE_AGENT, .tier = 3, .vendor_id = 7, .active = true},
    [P_ADM] = {.id = 30, .role = ROLE_ADMIN, .active = true},
    [P_LEAD] = {.id = 40, .role = ROLE_LEADER, .active = true},
    [P_OFF] = {.id = 31, .role = ROLE_ADMIN, .active = false},
};

/* Tickets: own, a unit-mate's, another unit's, escalated to unit 5,
** escalated to vendor 7, assigned to the tier-2 agent, assigned to tier 3. */
enum { O_OWN, O_MATE, O_OTHER, O_ESCU, O_ESCV, O_ASG2, O_ASG3, O_COUNT };
static const struct perm_obj tickets[O_COUNT] = {
    [O_OWN] = {.owner_id = 10, .unit_id = 1},
    [O_MATE] = {.owner_id = 11, .unit_id = 1},
    [O_OTHER] = {.owner_id = 12, .unit_id = 2},
    [O_ESCU] = {.owner_id = 12, .unit_id = 2, .esc_unit_id = 5},
    [O_ESCV] = {.owner_id = 12, .unit_id = 2, .esc_vendor_id = 7},
    [O_ASG2] = {.owner_id = 12, .unit_id = 2, .assignee_id = 21},
    [O_ASG3] = {.owner_id = 12, .unit_id = 2, .assignee_id = 22},
};

/* Expected answers for ticket actions: one string per principal, one
** character per ticket in the order above ('1' = allowed). */
struct ticket_rule {
    enum action a;
    const char *row[P_COUNT];
};
static const struct ticket_rule ticket_rules[] = {
    /*                       req        req-own    ag1        ag2        ag3        admin      leader     off */
    {ACT_TICKET_VIEW,          {"1100000", "1000000", "1111111", "0001010", "0000101", "1111111", "1111111", "0000000"}},
    {ACT_TICKET_VIEW_INTERNAL, {"0000000", "0000000", "1111111", "0001010", "0000101", "1111111", "1111111", "0000000"}},
    {ACT_TICKET_COMMENT,       {"1100000", "1000000", "1111111", "0001010", "0000101", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_NOTE_INTERNAL, {"0000000", "0000000", "1111111", "0001010", "0000101", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_EDIT,          {"0000000", "0000000", "1111111", "0001010", "0000101", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_TAKE,          {"0000000", "0000000", "1111111", "0001010", "0000101", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_WORK,          {"0000000", "0000000", "1111111", "0001010", "0000101", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_ASSIGN,        {"0000000", "0000000", "1111111", "0000000", "0000000", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_ESCALATE,      {"0000000", "0000000", "1111111", "0001010", "0000000", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_CANCEL,        {"1000000", "1000000", "1111111", "0001010", "0000101", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_RATE,          {"1000000", "1000000", "0000000", "0000000", "0000000", "0000000", "0000000", "0000000"}},
    {ACT_TICKET_REOPEN,        {"1000000", "1000000", "0000000", "0000000", "0000000", "1111111", "0000000", "0000000"}},
    {ACT_TICKET_CLOSE,         {"1000000", "1000000", "0000000", "0000000", "0000000", "1111111", "0000000", "0000000"}},
};

/* Actions without an object: one character per principal. */
struct plain_rule {
    enum action a;
    const char *row;
};
static const struct plain_rule plain_rules[] = {
    /*                              req,req-own,ag1,ag2,ag3,admin,leader,off */
    {ACT_MASTER_READ,             "11111110"},
    {ACT_MASTER_WRITE,            "00000100"},
    {ACT_USER_READ,               "00111110"},
    {ACT_USER_WRITE,              "00000100"},
    {ACT_AUDIT_READ,              "00000100"},
    {ACT_SETTINGS_WRITE,          "00000100"},
    {ACT_TOKEN_CREATE,            "11111110"},
    {ACT_REPORT_READ,             "00100110"},
    {ACT_TICKET_CREATE,           "11111100"},
    {ACT_TICKET_CREATE_FOR_OTHER, "00100100"},
    {ACT_FAQ_WRITE,               "00100100"},
    {ACT_FAQ_PROPOSE,             "11111100"},
};

static void perm_1_every_action_has_a_rule(void **state)
{
    (void)state;
    bool seen[ACT_COUNT] = {0};
    for (size_t i = 0; i < sizeof ticket_rules / sizeof ticket_rules[0]; i++)
        seen[ticket_rules[i].a] = true;
    for (size_t i = 0; i < sizeof plain_rules / sizeof plain_rules[0]; i++)
        seen[plain_rules[i].a] = true;
    for (int a = 0; a < ACT_COUNT; a++) {
        if (!seen[a])
            fprintf(stderr, "no expectation for action %s\n", action_name((enum action)a));
        assert_true(seen[a]);
        assert_string_not_equal(action_name((enum action)a), "unknown");
    }
}

static void perm_2_ticket_matrix(void **state)
{
    (void)state;
    int wrong = 0;
    for (size_t r = 0; r < sizeof ticket_rules / sizeof ticket_rules[0]; r++)
        for (int p = 0; p < P_COUNT; p++)
            for (int o = 0; o < O_COUNT; o++) {
                bool want = ticket_rules[r].row[p][o] == '1';
                bool got = perm_can(&people[p], ticket_rules[r].a, &tickets[o]);
                if (got != want) {
                    fprintf(stderr, "%s / %s / ticket %d: got %d want %d\n", pname[p],
                            action_name(ticket_rules[r].a), o, got, want);
                    wrong++;
                }
            }
    assert_int_equal(wrong, 0);
}

static void perm_3_plain_matrix(void **state)
{
    (void)state;
    int wrong = 0;
    for (size_t r = 0; r < sizeof plain_rules / sizeof plain_rules[0]; r++)
        for (int p = 0; p < P_COUNT; p++) {
            bool want = plain_rules[r].row[p] == '1';
            /* with and without an object: the answer must not depend on it */
            for (int o = -1; o < O_COUNT; o++) {
                bool got = perm_can(&people[p], plain_rules[r].a, o < 0 ? NULL : &tickets[o]);
                if (got != want) {
                    fprintf(stderr, "%s / %s: got %d want %d\n", pname[p],
                            action_name(plain_rules[r].a), got, want);
                    wrong++;
                }
            }
        }
    assert_int_equal(wrong, 0);
}

/* The list filter must select exactly the tickets ACT_TICKET_VIEW allows. */
static bool scope_selects(const struct ticket_scope *s, const struct perm_obj *o)
{
    switch (s->kind) {
    case SCOPE_ALL:
        return true;
    case SCOPE_OWN:
        return o->owner_id == s->user_id;
    case SCOPE_UNIT:
        return o->owner_id == s->user_id || o->unit_id == s->unit_id;
    case SCOPE_ESC_UNIT:
        return o->esc_unit_id == s->unit_id || o->assignee_id == s->user_id;
    case SCOPE_ESC_VENDOR:
        return o->esc_vendor_id == s->vendor_id || o->assignee_id == s->user_id;
    default:
        return false;
    }
}

static void perm_4_scope_matches_view(void **state)
{
    (void)state;
    for (int p = 0; p < P_COUNT; p++) {
        struct ticket_scope s = perm_ticket_scope(&people[p]);
        for (int o = 0; o < O_COUNT; o++)
            assert_int_equal(scope_selects(&s, &tickets[o]),
                             perm_can(&people[p], ACT_TICKET_VIEW, &tickets[o]));
    }
    assert_int_equal(perm_ticket_scope(NULL).kind, SCOPE_NONE);
}

static void perm_5_anonymous_and_bad_roles(void **state)
{
    (void)state;
    struct principal odd = {.id = 1, .role = (enum role)99, .active = true};
    for (int a = 0; a < ACT_COUNT; a++) {
        assert_false(perm_can(NULL, (enum action)a, NULL));
        assert_false(perm_can(&odd, (enum action)a, &tickets[O_OWN]));
    }
}

static void perm_6_role_names(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        enum role back;
        assert_int_equal(role_parse(role_name((enum role)r), &back), 0);
        assert_int_equal(back, r);
    }
    enum role x;
    assert_int_equal(role_parse("superuser", &x), -1);
    assert_int_equal(role_parse(NULL, &x), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(perm_1_every_action_has_a_rule),
        cmocka_unit_test(perm_2_ticket_matrix),
        cmocka_unit_test(perm_3_plain_matrix),
        cmocka_unit_test(perm_4_scope_matches_view),
        cmocka_unit_test(perm_5_anonymous_and_bad_roles),
        cmocka_unit_test(perm_6_role_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
