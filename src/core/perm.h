/* Permissions: one pure function decides every (user, action, object).
** Tested as a full matrix in tests/unit/test_perm.c. */
#ifndef LOKET_PERM_H
#define LOKET_PERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role { ROLE_REQUESTER, ROLE_AGENT, ROLE_ADMIN, ROLE_LEADER, ROLE_COUNT };

struct principal {
    int64_t id;
    enum role role;
    int tier;          /* agents: 1, 2 (unit PIC) or 3 (vendor) */
    int64_t unit_id;   /* 0 = none */
    int64_t vendor_id; /* 0 = none */
    bool active;
    bool own_only;     /* requesters: see only their own tickets (setting) */
    /* tier 3: the vendor's master-data switch (vendors.sees_internal) that
    ** lets this outside company read internal notes and personal contacts */
    bool vendor_sees_internal;
    /* agents: administers the partners (mitra) of their own unit */
    bool partner_admin;
    /* agents: may close a resolved ticket assigned to them (the live
    ** setting agent_close, filled in by svc/desk_rules.h) */
    bool agent_close;
};

enum action {
    ACT_MASTER_READ,     /* catalog and reference data */
    ACT_MASTER_WRITE,
    ACT_USER_READ,
    ACT_USER_WRITE,
    ACT_AUDIT_READ,
    ACT_SETTINGS_WRITE,
    ACT_TOKEN_CREATE,
    ACT_REPORT_READ,
    ACT_TICKET_CREATE,
    ACT_TICKET_CREATE_FOR_OTHER, /* record a phone/WhatsApp/walk-in request */
    ACT_TICKET_VIEW,
    ACT_TICKET_VIEW_INTERNAL,
    ACT_TICKET_COMMENT,
    ACT_TICKET_NOTE_INTERNAL,
    ACT_TICKET_EDIT,
    ACT_TICKET_TAKE,
    ACT_TICKET_ASSIGN,
    ACT_TICKET_ESCALATE,
    ACT_TICKET_WORK,     /* staff transitions: in_progress, waiting, resolved */
    ACT_TICKET_CANCEL,
    ACT_TICKET_RATE,
    ACT_TICKET_REOPEN,
    ACT_TICKET_CLOSE,    /* accept a resolution: resolved → closed */
    ACT_FAQ_WRITE,       /* write articles, review proposals */
    ACT_FAQ_PROPOSE,
    ACT_TICKET_VIEW_CONTACTS, /* the requester's e-mail, NIP and phone, contact fields */
    ACT_PARTNER_USE,     /* the partner administration at all: activities, ceilings, reports */
    ACT_PARTNER_MANAGE,  /* one office's partners and their assignments (o->unit_id) */
    ACT_PARTNER_SETUP,   /* the national standard: activities, rates, ceilings */
    ACT_ATTACHMENT_DELETE, /* soft-delete a ticket's attachment (issue #21, role policy) */
    ACT_COUNT
};

/* What a permission may depend on; zero it for actions without an object. */
struct perm_obj {
    int64_t owner_id;      /* the ticket's requester */
    int64_t unit_id;       /* the requester's unit */
    int64_t esc_unit_id;   /* escalated to this unit (tier 2) */
    int64_t esc_vendor_id; /* escalated to this vendor (tier 3) */
    int64_t assignee_id;
    /* A booking (appointment) holds health data: only its requester, the
    ** staff who serve its service (staff_ids) and admins see it. */
    bool booking;
    const int64_t *staff_ids;
    size_t n_staff;
};

/* Which tickets a user sees, as a filter the store turns into SQL. It is the
** list form of the ACT_TICKET_VIEW rule and lives beside it in perm.c so the
** two cannot drift apart; the one SQL form of it (store/sqlite/scope.c) is
** checked against perm_can ticket by ticket for every list, search, report
** and export in tests/unit/test_visibility_contract.c. */
enum ticket_scope_kind {
    SCOPE_NONE,       /* sees nothing */
    SCOPE_ALL,        /* tier 1, admin, leader */
    SCOPE_OWN,        /* requester, own tickets only */
    SCOPE_UNIT,       /* requester: own tickets and their unit's */
    SCOPE_ESC_UNIT,   /* tier 2: escalated to their unit, assigned to or requested by them */
    SCOPE_ESC_VENDOR, /* tier 3: escalated to their vendor, assigned to or requested by them */
};

struct ticket_scope {
    enum ticket_scope_kind kind;
    int64_t user_id, unit_id, vendor_id;
    /* false: of the bookings, only the user's own and those of services
    ** they serve (service_staff), whatever kind says */
    bool bookings_all;
};

struct ticket_scope perm_ticket_scope(const struct principal *u);

/* The partners (and their assignments, contracts, fees) u administers, as
** a filter: 0 every office, > 0 that unit only, -1 none. The list form of
** ACT_PARTNER_MANAGE, beside it in perm.c. */
int64_t perm_partner_unit(const struct principal *u);

/* True when u may do a on o. NULL u (anonymous) may do nothing. */
bool perm_can(const struct principal *u, enum action a, const struct perm_obj *o);

/* True for staff who read internal notes, internal escalation reasons and
** personal contacts on the tickets they see: agents, admins and leaders,
** but a tier-3 vendor only when its vendor record allows it. */
bool perm_reads_internal(const struct principal *u);

/* Role policy (issue #21 item 8, seed 001: "who may re-assign, reopen or
** delete attachments is set by role policy"). A right is granted or not to
** a policy class; perm_can then still applies the object rules (the ticket
** must be visible, a requester's or leader's own). The admins edit it in
** the database (table role_policy); the server installs it here at start
** and after each change, so perm_can stays a pure function of its
** arguments and the installed policy. Defaults equal the rules before. */
enum perm_right { RIGHT_TICKET_REASSIGN, RIGHT_TICKET_REOPEN, RIGHT_ATTACHMENT_DELETE, RIGHT_COUNT };
enum perm_class { PC_ADMIN, PC_LEADER, PC_AGENT1, PC_AGENT2, PC_AGENT3, PC_REQUESTER, PC_COUNT };

struct perm_policy {
    bool allow[RIGHT_COUNT][PC_COUNT];
};

void perm_policy_default(struct perm_policy *p);
/* Installs p for every thread at once (one atomic word). */
void perm_policy_install(const struct perm_policy *p);
void perm_policy_current(struct perm_policy *out);
/* The class a principal falls in; -1 for none (inactive, NULL). */
int perm_class_of(const struct principal *u);
/* "ticket.reassign", "ticket.reopen", "attachment.delete" */
const char *perm_right_name(enum perm_right r);
/* "admin", "leader", "agent1", "agent2", "agent3", "requester" */
const char *perm_class_name(enum perm_class c);
/* Return 0 and set *out, or -1 for an unknown name. */
int perm_right_parse(const char *s, enum perm_right *out);
int perm_class_parse(const char *s, enum perm_class *out);

const char *role_name(enum role r);
/* Returns 0 and sets *r, or -1 for an unknown name. */
int role_parse(const char *s, enum role *r);
const char *action_name(enum action a);

#endif
