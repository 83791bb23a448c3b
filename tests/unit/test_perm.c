/* perm-*: the full role × action × ownership matrix of perm_can()
** (core/perm.h). The expected answers are written out below as a data table
** derived from the rules in SPEC.md and the perm.c header, not from the code:
**   - inactive users and anonymous (NULL) callers may do nothing;
**   - requesters see their own tickets and their unit's (only their own when
**     own_only); they cancel, rate, reopen and close only their own;
**   - tier-1 agents, admins and leaders see every ticket; tier 2 sees tickets
**     escalated to their unit or assigned to them, tier 3 those escalated to
**     their vendor or assigned to them; leaders never write others' tickets
**     but, like every employee, file their own and comment on, cancel, rate,
**     reopen and close them (issue #15 item 11);
**   - internal notes (read and write) and personal contacts are for the
**     office's own staff: a tier-3 vendor sees them only when its vendor
**     record allows it (vendor_sees_internal), and always its own contacts;
**     the user directory (everyone's e-mail and phone) likewise;
**   - master/user/audit/settings writes are admin only; user read is
**     admin/leader/agent (not an outside vendor); report read is admin, leader and tier-1 agents;
**     create-for-other, assign and FAQ writing are tier 1 or admin; escalate
**     is agents of tier ≤ 2 or admin.
** One cmocka case per action (perm_2_matrix_<action>) walks every
** (principal, object) cell and prints each wrong cell. perm_ticket_scope() is
** checked against ACT_TICKET_VIEW cell by cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/perm.h"

/* A TAP diagnostic line ("# ..."), printed in order with cmocka's output. */
static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    fflush(stdout);
}

/* ---- principals ------------------------------------------------------- */

/* The tier-2 agent also carries vendor 20 and the tier-3 agent unit 10, so
** a rule that looked at the wrong one of the two would show up. */
enum {
    P_REQ,          /* requester, unit 1 */
    P_REQ_OWN,      /* requester, unit 1, own_only */
    P_REQ_NOUNIT,   /* requester without a unit */
    P_AG1,          /* agent tier 1, unit 5 */
    P_AG2,          /* agent tier 2, unit 10 (vendor 20 set but irrelevant) */
    P_AG3,          /* agent tier 3, vendor 20 (unit 10 set but irrelevant) */
    P_AG2_NOUNIT,   /* tier 2 without a unit: only what is assigned */
    P_AG3_NOVENDOR, /* tier 3 without a vendor: only what is assigned */
    P_AG3_SEES,     /* tier 3, vendor 20, whose vendor may read internal information */
    P_ADM,          /* admin */
    P_LEAD,         /* leader */
    P_OFF_ADM,      /* inactive admin */
    P_OFF_AG1,      /* inactive tier-1 agent */
    P_NULL,         /* anonymous */
    P_COUNT
};

static const char *const pname[P_COUNT] = {
    "requester",       "requester(own_only)", "requester(no unit)", "agent t1",
    "agent t2 u10",    "agent t3 v20",        "agent t2(no unit)",  "agent t3(no vendor)",
    "agent t3 v20(sees internal)",
    "admin",           "leader",              "inactive admin",     "inactive agent t1",
    "NULL",
};

static const struct principal people[P_COUNT] = {
    [P_REQ] = {.id = 100, .role = ROLE_REQUESTER, .unit_id = 1, .active = true},
    [P_REQ_OWN] = {.id = 100, .role = ROLE_REQUESTER, .unit_id = 1, .active = true,
                   .own_only = true},
    [P_REQ_NOUNIT] = {.id = 101, .role = ROLE_REQUESTER, .active = true},
    [P_AG1] = {.id = 200, .role = ROLE_AGENT, .tier = 1, .unit_id = 5, .active = true},
    [P_AG2] = {.id = 201, .role = ROLE_AGENT, .tier = 2, .unit_id = 10, .vendor_id = 20,
               .active = true},
    [P_AG3] = {.id = 202, .role = ROLE_AGENT, .tier = 3, .unit_id = 10, .vendor_id = 20,
               .active = true},
    [P_AG2_NOUNIT] = {.id = 203, .role = ROLE_AGENT, .tier = 2, .active = true},
    [P_AG3_NOVENDOR] = {.id = 204, .role = ROLE_AGENT, .tier = 3, .active = true},
    [P_AG3_SEES] = {.id = 206, .role = ROLE_AGENT, .tier = 3, .vendor_id = 20, .active = true,
                    .vendor_sees_internal = true},
    [P_ADM] = {.id = 300, .role = ROLE_ADMIN, .active = true},
    [P_LEAD] = {.id = 400, .role = ROLE_LEADER, .active = true},
    [P_OFF_ADM] = {.id = 301, .role = ROLE_ADMIN, .active = false},
    [P_OFF_AG1] = {.id = 205, .role = ROLE_AGENT, .tier = 1, .unit_id = 5, .active = false},
    [P_NULL] = {0},
};

static const struct principal *who(int p)
{
    return p == P_NULL ? NULL : &people[p];
}

/* ---- tickets, relative to the principal asking ------------------------ */

enum {
    O_OWN,       /* raised by the principal, in the principal's unit */
    O_MATE,      /* someone else's, same unit as the principal */
    O_OTHER,     /* someone else's, unit 2 */
    O_ESC_U10,   /* unit 2, escalated to unit 10 */
    O_ESC_V20,   /* unit 2, escalated to vendor 20 */
    O_ASG_ME,    /* unit 2, assigned to the principal */
    O_ASG_OTHER, /* unit 2, assigned to somebody else */
    O_ESC_U11,   /* unit 2, escalated to another unit */
    O_ESC_V21,   /* unit 2, escalated to another vendor */
    O_COUNT
};

static const char *const oname[O_COUNT] = {"own",       "same-unit", "other-unit",
                                           "esc-unit10", "esc-vendor20", "assigned-to-me",
                                           "assigned-to-other", "esc-unit11", "esc-vendor21"};

static struct perm_obj ticket_for(int p, int o)
{
    int64_t uid = p == P_NULL ? 0 : people[p].id;
    int64_t unit = p == P_NULL ? 0 : people[p].unit_id;
    struct perm_obj t = {.owner_id = 900, .unit_id = 2};
    switch (o) {
    case O_OWN: t = (struct perm_obj){.owner_id = uid, .unit_id = unit}; break;
    case O_MATE: t.unit_id = unit; break;
    case O_OTHER: break;
    case O_ESC_U10: t.esc_unit_id = 10; break;
    case O_ESC_V20: t.esc_vendor_id = 20; break;
    case O_ASG_ME: t.assignee_id = uid; break;
    case O_ASG_OTHER: t.assignee_id = 902; break;
    case O_ESC_U11: t.esc_unit_id = 11; break;
    case O_ESC_V21: t.esc_vendor_id = 21; break;
    }
    if (uid == 0 && o == O_OWN) /* anonymous has no own ticket: make it someone's */
        t.owner_id = 901;
    return t;
}

/* ---- the expected table ----------------------------------------------- */

/* Ticket actions: one string per principal (in P_* order), one character per
** ticket (in O_* order), '1' = allowed. */
#define ALL "111111111"
#define NON "000000000"
#define OWN "100000000" /* own only */
#define UNI "110000000" /* own + same unit */
#define T2_ "100101000" /* requested by me, escalated to unit 10, or assigned to me */
#define T3_ "100011000" /* requested by me, escalated to vendor 20, or assigned to me */
#define ASG "100001000" /* requested by me or assigned to me only */

struct rule {
    enum action a;
    const char *plain;        /* plain action: one char per principal; NULL for tickets */
    const char *row[P_COUNT]; /* ticket action: one string per principal */
};

#define TK(a, ...) {a, NULL, {__VA_ARGS__}} /* a ticket action */
#define PLAIN(a, s) {a, s, {NULL}}

static const struct rule rules[] = {
    /* columns: req req-own req-nounit | ag1 ag2 ag3 ag2-nounit ag3-novendor ag3-sees |
    **          admin | leader | inactive-admin inactive-ag1 NULL */
    TK(ACT_TICKET_VIEW,          UNI, OWN, OWN, ALL, T2_, T3_, ASG, ASG, T3_, ALL, ALL, NON, NON, NON),
    TK(ACT_TICKET_VIEW_INTERNAL, NON, NON, NON, ALL, T2_, NON, ASG, NON, T3_, ALL, ALL, NON, NON, NON),
    TK(ACT_TICKET_VIEW_CONTACTS, UNI, OWN, OWN, ALL, T2_, OWN, ASG, OWN, T3_, ALL, ALL, NON, NON, NON),
    TK(ACT_TICKET_COMMENT,       UNI, OWN, OWN, ALL, T2_, T3_, ASG, ASG, T3_, ALL, OWN, NON, NON, NON),
    TK(ACT_TICKET_NOTE_INTERNAL, NON, NON, NON, ALL, T2_, NON, ASG, NON, T3_, ALL, NON, NON, NON, NON),
    TK(ACT_TICKET_EDIT,          NON, NON, NON, ALL, T2_, T3_, ASG, ASG, T3_, ALL, NON, NON, NON, NON),
    TK(ACT_TICKET_TAKE,          NON, NON, NON, ALL, T2_, T3_, ASG, ASG, T3_, ALL, NON, NON, NON, NON),
    TK(ACT_TICKET_WORK,          NON, NON, NON, ALL, T2_, T3_, ASG, ASG, T3_, ALL, NON, NON, NON, NON),
    TK(ACT_TICKET_ASSIGN,        NON, NON, NON, ALL, NON, NON, NON, NON, NON, ALL, NON, NON, NON, NON),
    TK(ACT_TICKET_ESCALATE,      NON, NON, NON, ALL, T2_, NON, ASG, NON, NON, ALL, NON, NON, NON, NON),
    TK(ACT_TICKET_CANCEL,        OWN, OWN, OWN, ALL, T2_, T3_, ASG, ASG, T3_, ALL, OWN, NON, NON, NON),
    TK(ACT_TICKET_RATE,          OWN, OWN, OWN, NON, NON, NON, NON, NON, NON, NON, OWN, NON, NON, NON),
    TK(ACT_TICKET_REOPEN,        OWN, OWN, OWN, NON, NON, NON, NON, NON, NON, ALL, OWN, NON, NON, NON),
    TK(ACT_TICKET_CLOSE,         OWN, OWN, OWN, NON, NON, NON, NON, NON, NON, ALL, OWN, NON, NON, NON),
    /* the default role policy (issue #21 item 8): admins only */
    TK(ACT_ATTACHMENT_DELETE,    NON, NON, NON, NON, NON, NON, NON, NON, NON, ALL, NON, NON, NON, NON),
    /* columns grouped as: requesters (3) | agents (6) | admin | leader | inactive + NULL (3) */
    PLAIN(ACT_MASTER_READ,             "111" "111111" "1" "1" "000"),
    PLAIN(ACT_MASTER_WRITE,            "000" "000000" "1" "0" "000"),
    PLAIN(ACT_USER_READ,               "000" "110101" "1" "1" "000"),
    PLAIN(ACT_USER_WRITE,              "000" "000000" "1" "0" "000"),
    PLAIN(ACT_AUDIT_READ,              "000" "000000" "1" "0" "000"),
    PLAIN(ACT_SETTINGS_WRITE,          "000" "000000" "1" "0" "000"),
    PLAIN(ACT_TOKEN_CREATE,            "111" "111111" "1" "1" "000"),
    PLAIN(ACT_REPORT_READ,             "000" "100000" "1" "1" "000"),
    PLAIN(ACT_TICKET_CREATE,           "111" "111111" "1" "1" "000"),
    PLAIN(ACT_TICKET_CREATE_FOR_OTHER, "000" "100000" "1" "0" "000"),
    PLAIN(ACT_FAQ_WRITE,               "000" "100000" "1" "0" "000"),
    PLAIN(ACT_FAQ_PROPOSE,             "111" "111111" "1" "0" "000"),
    /* nobody in this table is a partner admin: only admins (see perm_8) */
    PLAIN(ACT_PARTNER_USE,             "000" "000000" "1" "0" "000"),
    PLAIN(ACT_PARTNER_MANAGE,          "000" "000000" "1" "0" "000"),
    PLAIN(ACT_PARTNER_SETUP,           "000" "000000" "1" "0" "000"),
};
enum { N_RULES = sizeof rules / sizeof rules[0] };

/* ---- cases ------------------------------------------------------------ */

static void perm_1_table_is_complete(void **state)
{
    (void)state;
    int seen[ACT_COUNT] = {0};
    for (size_t r = 0; r < N_RULES; r++) {
        assert_true((unsigned)rules[r].a < ACT_COUNT);
        seen[rules[r].a]++;
        if (rules[r].plain)
            assert_int_equal(strlen(rules[r].plain), P_COUNT);
        else
            for (int p = 0; p < P_COUNT; p++)
                assert_int_equal(strlen(rules[r].row[p]), O_COUNT);
    }
    for (int a = 0; a < ACT_COUNT; a++) {
        if (seen[a] != 1)
            diag("action %s has %d rows in the expected table", action_name((enum action)a),
                 seen[a]);
        assert_int_equal(seen[a], 1);
    }
}

/* state: the rule for one action. Every (principal, ticket) cell is checked;
** wrong cells are all printed before the case fails. */
static void perm_2_matrix(void **state)
{
    const struct rule *r = *state;
    int wrong = 0;
    for (int p = 0; p < P_COUNT; p++) {
        if (r->plain) {
            bool want = r->plain[p] == '1';
            /* the answer must not depend on the object */
            for (int o = -1; o < O_COUNT; o++) {
                struct perm_obj t = o < 0 ? (struct perm_obj){0} : ticket_for(p, o);
                bool got = perm_can(who(p), r->a, o < 0 ? NULL : &t);
                if (got != want) {
                    diag("cell %s / %s / %s: got %d, want %d", pname[p], action_name(r->a),
                         o < 0 ? "(no object)" : oname[o], got, want);
                    wrong++;
                }
            }
            continue;
        }
        for (int o = 0; o < O_COUNT; o++) {
            struct perm_obj t = ticket_for(p, o);
            bool want = r->row[p][o] == '1';
            bool got = perm_can(who(p), r->a, &t);
            if (got != want) {
                diag("cell %s / %s / %s: got %d, want %d", pname[p], action_name(r->a),
                     oname[o], got, want);
                wrong++;
            }
        }
    }
    assert_int_equal(wrong, 0);
}

/* The kind of list filter each principal gets. Whether the SQL built from
** it selects exactly the tickets ACT_TICKET_VIEW allows is checked against
** a real store, ticket by ticket, in tests/unit/test_visibility_contract.c
** (a copy of the rule here would only compare the rule with itself). */
static void perm_3_scope_kinds(void **state)
{
    (void)state;
    assert_int_equal(perm_ticket_scope(NULL).kind, SCOPE_NONE);
    assert_int_equal(perm_ticket_scope(&people[P_OFF_ADM]).kind, SCOPE_NONE);
    assert_int_equal(perm_ticket_scope(&people[P_REQ]).kind, SCOPE_UNIT);
    assert_int_equal(perm_ticket_scope(&people[P_REQ_OWN]).kind, SCOPE_OWN);
    assert_int_equal(perm_ticket_scope(&people[P_REQ_NOUNIT]).kind, SCOPE_OWN);
    assert_int_equal(perm_ticket_scope(&people[P_AG1]).kind, SCOPE_ALL);
    assert_int_equal(perm_ticket_scope(&people[P_AG2]).kind, SCOPE_ESC_UNIT);
    assert_int_equal(perm_ticket_scope(&people[P_AG3]).kind, SCOPE_ESC_VENDOR);
    assert_int_equal(perm_ticket_scope(&people[P_LEAD]).kind, SCOPE_ALL);
    assert_int_equal(perm_ticket_scope(&people[P_AG3_SEES]).kind, SCOPE_ESC_VENDOR);
}

/* perm_reads_internal is the principal-level half of ACT_TICKET_VIEW_INTERNAL
** (what /me tells the web app): for every principal and ticket the action
** is exactly "reads internal and sees the ticket". */
static void perm_7_reads_internal_matches_action(void **state)
{
    (void)state;
    int wrong = 0;
    for (int p = 0; p < P_COUNT; p++)
        for (int o = 0; o < O_COUNT; o++) {
            struct perm_obj t = ticket_for(p, o);
            bool want = perm_reads_internal(who(p)) && perm_can(who(p), ACT_TICKET_VIEW, &t);
            if (perm_can(who(p), ACT_TICKET_VIEW_INTERNAL, &t) != want) {
                diag("reads_internal of %s on %s disagrees", pname[p], oname[o]);
                wrong++;
            }
        }
    assert_int_equal(wrong, 0);
    assert_false(perm_reads_internal(&people[P_AG3]));
    assert_true(perm_reads_internal(&people[P_AG3_SEES]));
    assert_true(perm_reads_internal(&people[P_LEAD]));
    assert_false(perm_reads_internal(&people[P_REQ]));
}

static void perm_4_unknown_role_and_action(void **state)
{
    (void)state;
    struct principal odd = {.id = 1, .role = (enum role)99, .active = true};
    struct principal neg = {.id = 1, .role = (enum role)-1, .active = true};
    struct perm_obj own = {.owner_id = 1, .unit_id = 1};
    for (int a = 0; a < ACT_COUNT; a++) {
        assert_false(perm_can(NULL, (enum action)a, NULL));
        assert_false(perm_can(&odd, (enum action)a, &own));
        assert_false(perm_can(&neg, (enum action)a, &own));
    }
    for (int p = 0; p < P_COUNT; p++) {
        assert_false(perm_can(who(p), ACT_COUNT, NULL));
        assert_false(perm_can(who(p), (enum action)(ACT_COUNT + 7), NULL));
        assert_false(perm_can(who(p), (enum action)-1, NULL));
    }
    assert_int_equal(perm_ticket_scope(&odd).kind, SCOPE_NONE);
}

static void perm_5_role_names_round_trip(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        enum role back = ROLE_COUNT;
        const char *n = role_name((enum role)r);
        assert_string_not_equal(n, "unknown");
        assert_int_equal(role_parse(n, &back), 0);
        assert_int_equal(back, r);
    }
    assert_string_equal(role_name(ROLE_REQUESTER), "requester");
    assert_string_equal(role_name(ROLE_AGENT), "agent");
    assert_string_equal(role_name(ROLE_ADMIN), "admin");
    assert_string_equal(role_name(ROLE_LEADER), "leader");
    assert_string_equal(role_name(ROLE_COUNT), "unknown");
    assert_string_equal(role_name((enum role)-1), "unknown");
    enum role x = ROLE_LEADER;
    assert_int_equal(role_parse("superuser", &x), -1);
    assert_int_equal(role_parse("Admin", &x), -1); /* exact, case-sensitive */
    assert_int_equal(role_parse("admin ", &x), -1);
    assert_int_equal(role_parse("", &x), -1);
    assert_int_equal(role_parse(NULL, &x), -1);
    assert_int_equal(x, ROLE_LEADER); /* untouched on failure */
}

static void perm_6_every_action_has_a_name(void **state)
{
    (void)state;
    for (int a = 0; a < ACT_COUNT; a++) {
        const char *n = action_name((enum action)a);
        assert_non_null(n);
        assert_true(n[0] != 0);
        assert_string_not_equal(n, "unknown");
        for (int b = 0; b < a; b++)
            if (strcmp(n, action_name((enum action)b)) == 0)
                fail_msg("actions %d and %d share the name %s", a, b, n);
    }
    assert_string_equal(action_name(ACT_TICKET_VIEW), "ticket_view");
    assert_string_equal(action_name(ACT_COUNT), "unknown");
    assert_string_equal(action_name((enum action)-1), "unknown");
}

/* A booking (issue 16) is health data: whatever its unit, escalation or
** assignee, its requester, the staff of its service and admins see it, and
** nobody else — not tier 1, not leaders, not the requester's colleagues.
** Who may act on it then follows the usual rules. The lists' scope says so
** with bookings_all (admins only; the store adds the own/staff clause). */
static void perm_8_bookings(void **state)
{
    (void)state;
    int wrong = 0;
    for (int p = 0; p < P_COUNT; p++) {
        const struct principal *u = who(p);
        int64_t me = u ? u->id : 0;
        int64_t staff_of[] = {999, me};
        for (int o = 0; o < O_COUNT; o++)
            for (int role = 0; role < 3; role++) { /* 0 stranger, 1 staff, 2 requester */
                struct perm_obj t = ticket_for(p, o);
                t.booking = true;
                t.owner_id = role == 2 ? me : 777;
                t.staff_ids = staff_of;
                t.n_staff = role == 1 ? 2 : 1;
                bool want = u && u->active &&
                            (u->role == ROLE_ADMIN || role == 1 || (role == 2 && me));
                if (perm_can(u, ACT_TICKET_VIEW, &t) != want) {
                    diag("booking %s (%s) for %s: view %d, want %d", oname[o],
                         role == 0 ? "stranger" : role == 1 ? "staff" : "own", pname[p], !want,
                         want);
                    wrong++;
                }
                if (!want && (perm_can(u, ACT_TICKET_WORK, &t) ||
                              perm_can(u, ACT_TICKET_VIEW_INTERNAL, &t) ||
                              perm_can(u, ACT_TICKET_COMMENT, &t))) {
                    diag("booking %s: %s acts on what it cannot see", oname[o], pname[p]);
                    wrong++;
                }
            }
        bool all = u && u->active && u->role == ROLE_ADMIN;
        if (perm_ticket_scope(u).bookings_all != all) {
            diag("scope of %s: bookings_all %d", pname[p], !all);
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
}

/* The partner administration: an agent flagged partner_admin manages the
** partners of their own unit and no other; the flag means nothing on a
** requester, a leader, an agent without a unit or an inactive account. */
static void perm_9_partner_admin_is_scoped_to_unit(void **state)
{
    (void)state;
    struct principal pa = {.id = 500, .role = ROLE_AGENT, .tier = 2, .unit_id = 10,
                           .active = true, .partner_admin = true};
    struct perm_obj mine = {.unit_id = 10}, other = {.unit_id = 11};
    assert_true(perm_can(&pa, ACT_PARTNER_USE, NULL));
    assert_true(perm_can(&pa, ACT_PARTNER_MANAGE, &mine));
    assert_false(perm_can(&pa, ACT_PARTNER_MANAGE, &other));
    assert_false(perm_can(&pa, ACT_PARTNER_MANAGE, NULL));
    assert_false(perm_can(&pa, ACT_PARTNER_SETUP, NULL));
    assert_int_equal(perm_partner_unit(&pa), 10);
    assert_true(perm_can(who(P_ADM), ACT_PARTNER_MANAGE, &other));
    assert_int_equal(perm_partner_unit(who(P_ADM)), 0);
    struct principal no_unit = pa, req = pa, lead = pa, off = pa;
    no_unit.unit_id = 0;
    req.role = ROLE_REQUESTER;
    lead.role = ROLE_LEADER;
    off.active = false;
    const struct principal *none[] = {&no_unit, &req, &lead, &off, NULL};
    for (size_t i = 0; i < 5; i++) {
        assert_false(perm_can(none[i], ACT_PARTNER_USE, NULL));
        assert_false(perm_can(none[i], ACT_PARTNER_MANAGE, &mine));
        assert_int_equal(perm_partner_unit(none[i]), -1);
    }
}

/* issue #21 item 5 (seed 002): with the live setting agent_close an agent
** closes a resolved ticket assigned to them, and nothing else changes: not
** someone else's ticket, not one they cannot see, not reopening, not for a
** requester or leader who carries the flag by mistake. */
static void perm_13_agent_close(void **state)
{
    (void)state;
    struct principal ag = {.id = 600, .role = ROLE_AGENT, .tier = 1, .active = true};
    struct perm_obj mine = {.owner_id = 1, .assignee_id = 600};
    struct perm_obj theirs = {.owner_id = 1, .assignee_id = 601};
    assert_false(perm_can(&ag, ACT_TICKET_CLOSE, &mine)); /* the setting is off */
    ag.agent_close = true;
    assert_true(perm_can(&ag, ACT_TICKET_CLOSE, &mine));
    assert_false(perm_can(&ag, ACT_TICKET_CLOSE, &theirs));
    assert_false(perm_can(&ag, ACT_TICKET_REOPEN, &mine));
    assert_false(perm_can(&ag, ACT_TICKET_CLOSE, NULL));
    struct principal t2 = ag, off = ag, req = ag, lead = ag;
    t2.tier = 2;
    t2.unit_id = 7;
    assert_true(perm_can(&t2, ACT_TICKET_CLOSE, &mine)); /* assigned: seen */
    off.active = false;
    assert_false(perm_can(&off, ACT_TICKET_CLOSE, &mine));
    req.role = ROLE_REQUESTER;
    lead.role = ROLE_LEADER;
    assert_false(perm_can(&req, ACT_TICKET_CLOSE, &mine));
    assert_false(perm_can(&lead, ACT_TICKET_CLOSE, &mine));
    struct perm_obj booking = mine;
    booking.booking = true; /* a booking is seen only by its service's staff */
    assert_false(perm_can(&ag, ACT_TICKET_CLOSE, &booking));
}

/* ---- role policy (issue #21 item 8) ------------------------------------ */

/* Under a changed policy each right follows its cell: granted to a class,
** staff act on the tickets they see, requesters and leaders on their own;
** taken away, nobody of that class may. Every other action keeps its rule. */
static const struct {
    enum perm_right right;
    enum action act;
} rights[] = {{RIGHT_TICKET_REASSIGN, ACT_TICKET_ASSIGN},
              {RIGHT_TICKET_REOPEN, ACT_TICKET_REOPEN},
              {RIGHT_ATTACHMENT_DELETE, ACT_ATTACHMENT_DELETE}};

static bool sees(int p, int o)
{
    struct perm_obj t = ticket_for(p, o);
    return perm_can(who(p), ACT_TICKET_VIEW, &t);
}

static void policy_check(enum perm_right r, enum action act, const struct perm_policy *pol,
                         int *wrong)
{
    perm_policy_install(pol);
    for (int p = 0; p < P_COUNT; p++) {
        int c = perm_class_of(who(p));
        for (int o = 0; o < O_COUNT; o++) {
            struct perm_obj t = ticket_for(p, o);
            bool want = c >= 0 && pol->allow[r][c] && sees(p, o);
            if (want && (c == PC_REQUESTER || c == PC_LEADER))
                want = o == O_OWN;
            if (perm_can(who(p), act, &t) != want) {
                diag("policy %s: %s on %s: got %d, want %d", perm_right_name(r), pname[p],
                     oname[o], !want, want);
                (*wrong)++;
            }
        }
    }
}

static void perm_10_policy_each_right_each_class(void **state)
{
    (void)state;
    int wrong = 0;
    struct perm_policy def, pol;
    perm_policy_default(&def);
    for (size_t i = 0; i < sizeof rights / sizeof rights[0]; i++)
        for (int c = 0; c < PC_COUNT; c++) {
            /* flip one cell, then everything on, then everything off */
            pol = def;
            pol.allow[rights[i].right][c] = !pol.allow[rights[i].right][c];
            policy_check(rights[i].right, rights[i].act, &pol, &wrong);
        }
    for (size_t i = 0; i < sizeof rights / sizeof rights[0]; i++) {
        for (int v = 0; v < 2; v++) {
            pol = def;
            for (int c = 0; c < PC_COUNT; c++)
                pol.allow[rights[i].right][c] = v;
            policy_check(rights[i].right, rights[i].act, &pol, &wrong);
        }
    }
    perm_policy_install(&def);
    assert_int_equal(wrong, 0);
}

/* Concrete cases an admin would try: a tier-2 agent allowed to re-assign
** acts on the tickets escalated to its unit only; taking reopen from the
** requesters leaves closing (accepting) alone; a leader allowed to delete
** attachments does so on their own tickets only. Then the defaults again. */
static void perm_11_policy_examples(void **state)
{
    (void)state;
    struct perm_policy def, pol;
    perm_policy_default(&def);
    pol = def;
    pol.allow[RIGHT_TICKET_REASSIGN][PC_AGENT2] = true;
    pol.allow[RIGHT_TICKET_REASSIGN][PC_AGENT1] = false;
    pol.allow[RIGHT_TICKET_REOPEN][PC_REQUESTER] = false;
    pol.allow[RIGHT_TICKET_REOPEN][PC_AGENT1] = true;
    pol.allow[RIGHT_ATTACHMENT_DELETE][PC_LEADER] = true;
    pol.allow[RIGHT_ATTACHMENT_DELETE][PC_ADMIN] = false;
    perm_policy_install(&pol);
    struct perm_policy got;
    perm_policy_current(&got);
    assert_memory_equal(&got, &pol, sizeof pol);
    struct perm_obj esc10 = ticket_for(P_AG2, O_ESC_U10), other = ticket_for(P_AG2, O_OTHER);
    assert_true(perm_can(who(P_AG2), ACT_TICKET_ASSIGN, &esc10));
    assert_false(perm_can(who(P_AG2), ACT_TICKET_ASSIGN, &other));
    struct perm_obj any = ticket_for(P_AG1, O_OTHER);
    assert_false(perm_can(who(P_AG1), ACT_TICKET_ASSIGN, &any));
    assert_true(perm_can(who(P_AG1), ACT_TICKET_REOPEN, &any));
    struct perm_obj mine = ticket_for(P_REQ, O_OWN);
    assert_false(perm_can(who(P_REQ), ACT_TICKET_REOPEN, &mine));
    assert_true(perm_can(who(P_REQ), ACT_TICKET_CLOSE, &mine));
    struct perm_obj lmine = ticket_for(P_LEAD, O_OWN), lother = ticket_for(P_LEAD, O_OTHER);
    assert_true(perm_can(who(P_LEAD), ACT_ATTACHMENT_DELETE, &lmine));
    assert_false(perm_can(who(P_LEAD), ACT_ATTACHMENT_DELETE, &lother));
    assert_false(perm_can(who(P_ADM), ACT_ATTACHMENT_DELETE, &lother));
    assert_false(perm_can(who(P_OFF_ADM), ACT_ATTACHMENT_DELETE, &lother));
    perm_policy_install(&def);
    assert_true(perm_can(who(P_ADM), ACT_ATTACHMENT_DELETE, &lother));
    assert_true(perm_can(who(P_AG1), ACT_TICKET_ASSIGN, &any));
}

static void perm_12_policy_names(void **state)
{
    (void)state;
    for (int r = 0; r < RIGHT_COUNT; r++) {
        enum perm_right x;
        assert_int_equal(perm_right_parse(perm_right_name((enum perm_right)r), &x), 0);
        assert_int_equal(x, r);
    }
    for (int c = 0; c < PC_COUNT; c++) {
        enum perm_class x;
        assert_int_equal(perm_class_parse(perm_class_name((enum perm_class)c), &x), 0);
        assert_int_equal(x, c);
    }
    enum perm_right r = RIGHT_TICKET_REOPEN;
    assert_int_equal(perm_right_parse("ticket.delete", &r), -1);
    assert_int_equal(perm_right_parse(NULL, &r), -1);
    assert_int_equal(r, RIGHT_TICKET_REOPEN);
    enum perm_class c = PC_LEADER;
    assert_int_equal(perm_class_parse("agent4", &c), -1);
    assert_int_equal(c, PC_LEADER);
    assert_string_equal(perm_right_name(RIGHT_COUNT), "unknown");
    assert_string_equal(perm_class_name(PC_COUNT), "unknown");
    assert_int_equal(perm_class_of(who(P_AG3_SEES)), PC_AGENT3);
    assert_int_equal(perm_class_of(who(P_OFF_AG1)), -1);
    assert_int_equal(perm_class_of(NULL), -1);
}

int main(void)
{
    static struct CMUnitTest tests[N_RULES + 16]; /* the matrix, then the named cases below */
    static char names[N_RULES][64];
    size_t n = 0;
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_1_table_is_complete);
    for (size_t r = 0; r < N_RULES; r++) {
        snprintf(names[r], sizeof names[r], "perm_2_matrix_%s", action_name(rules[r].a));
        tests[n++] = (struct CMUnitTest){names[r], perm_2_matrix, NULL, NULL, (void *)&rules[r]};
    }
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_3_scope_kinds);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_4_unknown_role_and_action);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_5_role_names_round_trip);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_6_every_action_has_a_name);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_7_reads_internal_matches_action);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_8_bookings);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_9_partner_admin_is_scoped_to_unit);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_13_agent_close);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_10_policy_each_right_each_class);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_11_policy_examples);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(perm_12_policy_names);
    if (n > sizeof tests / sizeof tests[0]) { /* already past the end: say so loudly */
        fprintf(stderr, "test_perm: %zu cases for %zu slots\n", n, sizeof tests / sizeof tests[0]);
        return 1;
    }
    return _cmocka_run_group_tests("perm", tests, n, NULL, NULL);
}
