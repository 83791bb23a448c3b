/* The permission function. Read it top to bottom: inactive and anonymous
** users get nothing, leaders only read (but file and follow their own
** tickets like any employee), then per-role rules. Internal notes and
** personal contacts are for the office's own staff: a tier-3 vendor (an
** outside company) reads them only when its vendor record allows it. */
#include "core/perm.h"

#include <stdatomic.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {"requester", "agent", "admin", "leader"};

const char *role_name(enum role r)
{
    return (unsigned)r < ROLE_COUNT ? role_names[r] : "unknown";
}

int role_parse(const char *s, enum role *r)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (s && strcmp(s, role_names[i]) == 0) {
            *r = (enum role)i;
            return 0;
        }
    return -1;
}

const char *action_name(enum action a)
{
    static const char *const names[ACT_COUNT] = {
        "master_read", "master_write", "user_read", "user_write", "audit_read",
        "settings_write", "token_create", "report_read", "ticket_create",
        "ticket_create_for_other", "ticket_view", "ticket_view_internal", "ticket_comment",
        "ticket_note_internal", "ticket_edit", "ticket_take", "ticket_assign",
        "ticket_escalate", "ticket_work", "ticket_cancel", "ticket_rate", "ticket_reopen",
        "ticket_close",
        "faq_write", "faq_propose", "ticket_view_contacts",
        "partner_use", "partner_manage", "partner_setup", "attachment_delete",
    };
    return (unsigned)a < ACT_COUNT ? names[a] : "unknown";
}

static bool sees_ticket(const struct principal *u, const struct perm_obj *o);

/* ---- role policy ---------------------------------------------------- */

static const char *const right_names[RIGHT_COUNT] = {"ticket.reassign", "ticket.reopen",
                                                     "attachment.delete"};
static const char *const class_names[PC_COUNT] = {"admin",  "leader", "agent1",
                                                  "agent2", "agent3", "requester"};

/* One bit per (right, class): bit r * PC_COUNT + c. A single word so that a
** reader never sees half of an admin's change. */
_Static_assert(RIGHT_COUNT * PC_COUNT <= 32, "policy bits fit one word");
#define BIT(r, c) (1u << ((unsigned)(r) * PC_COUNT + (unsigned)(c)))
/* Today's rules before the policy existed: tier 1 and admins assign, the
** requester and leader (their own) and admins reopen; only admins delete
** attachments (there was no delete before; admins hold full data rights). */
#define DEFAULT_BITS                                                                       \
    (BIT(RIGHT_TICKET_REASSIGN, PC_ADMIN) | BIT(RIGHT_TICKET_REASSIGN, PC_AGENT1) |        \
     BIT(RIGHT_TICKET_REOPEN, PC_ADMIN) | BIT(RIGHT_TICKET_REOPEN, PC_LEADER) |            \
     BIT(RIGHT_TICKET_REOPEN, PC_REQUESTER) | BIT(RIGHT_ATTACHMENT_DELETE, PC_ADMIN))
static _Atomic unsigned policy_bits = DEFAULT_BITS;

static unsigned bits_of(const struct perm_policy *p)
{
    unsigned b = 0;
    for (int r = 0; r < RIGHT_COUNT; r++)
        for (int c = 0; c < PC_COUNT; c++)
            if (p->allow[r][c])
                b |= BIT(r, c);
    return b;
}

static void policy_of(unsigned b, struct perm_policy *p)
{
    for (int r = 0; r < RIGHT_COUNT; r++)
        for (int c = 0; c < PC_COUNT; c++)
            p->allow[r][c] = (b & BIT(r, c)) != 0;
}

void perm_policy_default(struct perm_policy *p)
{
    policy_of(DEFAULT_BITS, p);
}

void perm_policy_install(const struct perm_policy *p)
{
    atomic_store(&policy_bits, bits_of(p));
}

void perm_policy_current(struct perm_policy *out)
{
    policy_of(atomic_load(&policy_bits), out);
}

int perm_class_of(const struct principal *u)
{
    if (!u || !u->active)
        return -1;
    switch (u->role) {
    case ROLE_ADMIN: return PC_ADMIN;
    case ROLE_LEADER: return PC_LEADER;
    case ROLE_REQUESTER: return PC_REQUESTER;
    case ROLE_AGENT: return u->tier <= 1 ? PC_AGENT1 : u->tier == 2 ? PC_AGENT2 : PC_AGENT3;
    default: return -1;
    }
}

static bool granted(const struct principal *u, enum perm_right r)
{
    int c = perm_class_of(u);
    return c >= 0 && (atomic_load(&policy_bits) & BIT(r, c)) != 0;
}

const char *perm_right_name(enum perm_right r)
{
    return (unsigned)r < RIGHT_COUNT ? right_names[r] : "unknown";
}

const char *perm_class_name(enum perm_class c)
{
    return (unsigned)c < PC_COUNT ? class_names[c] : "unknown";
}

int perm_right_parse(const char *s, enum perm_right *out)
{
    for (int i = 0; s && i < RIGHT_COUNT; i++)
        if (strcmp(s, right_names[i]) == 0) {
            *out = (enum perm_right)i;
            return 0;
        }
    return -1;
}

int perm_class_parse(const char *s, enum perm_class *out)
{
    for (int i = 0; s && i < PC_COUNT; i++)
        if (strcmp(s, class_names[i]) == 0) {
            *out = (enum perm_class)i;
            return 0;
        }
    return -1;
}

/* A policy right on a ticket: staff (agents, admins) act on what they see,
** requesters and leaders on their own tickets only. */
static bool granted_on(const struct principal *u, enum perm_right r, const struct perm_obj *o,
                       bool own)
{
    if (!granted(u, r))
        return false;
    if (u->role == ROLE_REQUESTER || u->role == ROLE_LEADER)
        return own && sees_ticket(u, o);
    return sees_ticket(u, o);
}

static bool serves(const struct principal *u, const struct perm_obj *o)
{
    for (size_t i = 0; i < o->n_staff; i++)
        if (o->staff_ids[i] == u->id)
            return true;
    return false;
}

/* Can this user see the ticket at all? Everything ticket-related starts here.
** A booking is health data (issue 16): its requester, the staff of its
** service and admins see it; not every tier-1 agent, leader or colleague. */
static bool sees_ticket(const struct principal *u, const struct perm_obj *o)
{
    if (o->booking)
        return u->role == ROLE_ADMIN || (o->owner_id != 0 && o->owner_id == u->id) ||
               serves(u, o);
    switch (u->role) {
    case ROLE_ADMIN:
    case ROLE_LEADER:
        return true;
    case ROLE_REQUESTER:
        if (o->owner_id == u->id)
            return true;
        return !u->own_only && u->unit_id != 0 && o->unit_id == u->unit_id;
    case ROLE_AGENT:
        /* everyone sees what they requested themselves, even tier 2 and 3 */
        if (u->tier <= 1 || o->assignee_id == u->id || o->owner_id == u->id)
            return true;
        if (u->tier == 2)
            return u->unit_id != 0 && o->esc_unit_id == u->unit_id;
        return u->vendor_id != 0 && o->esc_vendor_id == u->vendor_id;
    default:
        return false;
    }
}

/* A tier-3 agent whose vendor has not been let into the office's internal
** information (internal notes, escalation reasons, personal contacts). */
static bool outsider(const struct principal *u)
{
    return u->role == ROLE_AGENT && u->tier >= 3 && !u->vendor_sees_internal;
}

bool perm_reads_internal(const struct principal *u)
{
    return u && u->active && (u->role == ROLE_AGENT || u->role == ROLE_ADMIN ||
                              u->role == ROLE_LEADER) && !outsider(u);
}

struct ticket_scope perm_ticket_scope(const struct principal *u)
{
    struct ticket_scope s = {SCOPE_NONE, 0, 0, 0, false};
    if (!u || !u->active)
        return s;
    s.bookings_all = u->role == ROLE_ADMIN;
    s.user_id = u->id;
    s.unit_id = u->unit_id;
    s.vendor_id = u->vendor_id;
    switch (u->role) {
    case ROLE_ADMIN:
    case ROLE_LEADER:
        s.kind = SCOPE_ALL;
        break;
    case ROLE_REQUESTER:
        s.kind = u->own_only || !u->unit_id ? SCOPE_OWN : SCOPE_UNIT;
        break;
    case ROLE_AGENT:
        s.kind = u->tier <= 1 ? SCOPE_ALL : u->tier == 2 ? SCOPE_ESC_UNIT : SCOPE_ESC_VENDOR;
        break;
    default:
        break;
    }
    return s;
}

/* Partner administration (issue #17): one national standard set by
** admins, but each office administers its own partners. An admin sees every
** office; an agent given partner_admin sees their own unit's partners only;
** everyone else sees nothing of it (the API answers 404). */
int64_t perm_partner_unit(const struct principal *u)
{
    if (!u || !u->active)
        return -1;
    if (u->role == ROLE_ADMIN)
        return 0;
    if (u->role == ROLE_AGENT && u->partner_admin && u->unit_id > 0)
        return u->unit_id;
    return -1;
}

bool perm_can(const struct principal *u, enum action a, const struct perm_obj *o)
{
    static const struct perm_obj none;
    if (!u || !u->active || (unsigned)u->role >= ROLE_COUNT)
        return false;
    if (!o)
        o = &none;
    bool admin = u->role == ROLE_ADMIN, agent = u->role == ROLE_AGENT;
    bool leader = u->role == ROLE_LEADER, requester = u->role == ROLE_REQUESTER;
    bool tier1 = agent && u->tier <= 1;
    /* every employee files and follows their own tickets, leaders included */
    bool own = o->owner_id != 0 && o->owner_id == u->id;

    switch (a) {
    case ACT_MASTER_READ:
    case ACT_TOKEN_CREATE:
        return true;
    case ACT_MASTER_WRITE:
    case ACT_USER_WRITE:
    case ACT_AUDIT_READ:
    case ACT_SETTINGS_WRITE:
        return admin;
    case ACT_USER_READ: /* the directory holds everyone's e-mail and phone */
        return admin || leader || (agent && !outsider(u));
    case ACT_REPORT_READ:
        return admin || leader || tier1;
    case ACT_TICKET_CREATE:
        return true;
    case ACT_TICKET_CREATE_FOR_OTHER:
        return tier1 || admin;
    case ACT_TICKET_VIEW:
        return sees_ticket(u, o);
    case ACT_TICKET_VIEW_INTERNAL:
        return perm_reads_internal(u) && sees_ticket(u, o);
    case ACT_TICKET_VIEW_CONTACTS: /* one's own contacts are always one's own */
        return (own || !outsider(u)) && sees_ticket(u, o);
    case ACT_TICKET_COMMENT:
        return (!leader || own) && sees_ticket(u, o);
    case ACT_TICKET_CANCEL: /* requesters and leaders cancel only their own */
        if (requester || leader)
            return own;
        return (agent || admin) && sees_ticket(u, o);
    case ACT_TICKET_NOTE_INTERNAL: /* who may not read notes does not write them */
        return (agent || admin) && !outsider(u) && sees_ticket(u, o);
    case ACT_TICKET_EDIT:
    case ACT_TICKET_TAKE:
    case ACT_TICKET_WORK:
        return (agent || admin) && sees_ticket(u, o);
    case ACT_TICKET_ASSIGN: /* re-assigning included: the role policy */
        return granted_on(u, RIGHT_TICKET_REASSIGN, o, own);
    case ACT_TICKET_ESCALATE:
        return ((agent && u->tier <= 2) || admin) && sees_ticket(u, o);
    case ACT_TICKET_RATE:
        return (requester || leader) && own;
    case ACT_TICKET_REOPEN: /* the role policy */
        return granted_on(u, RIGHT_TICKET_REOPEN, o, own);
    case ACT_TICKET_CLOSE: /* accepting a resolution: the reopen default, fixed */
        /* seed 002: with agent_close the agent closes what they handled */
        if (agent && u->agent_close && o->assignee_id == u->id && sees_ticket(u, o))
            return true;
        return ((requester || leader) && own) || admin;
    case ACT_ATTACHMENT_DELETE: /* the role policy; internal files: the caller checks */
        return granted_on(u, RIGHT_ATTACHMENT_DELETE, o, own);
    case ACT_FAQ_WRITE:
        return tier1 || admin;
    case ACT_FAQ_PROPOSE:
        return !leader;
    case ACT_PARTNER_USE:
        return perm_partner_unit(u) >= 0;
    case ACT_PARTNER_MANAGE: {
        int64_t unit = perm_partner_unit(u);
        return unit == 0 || (unit > 0 && o->unit_id == unit);
    }
    case ACT_PARTNER_SETUP:
        return admin;
    case ACT_COUNT:
        break;
    }
    return false;
}
