/* Automation rules (issue #22 item 1): what admins set up to act on tickets
** by themselves. Trigger rules react to ticket events inside the
** transaction of the change (svc_automation_on_event, called from
** svc_ticket_event); time rules are looked at by the SLA sweep
** (svc_automation_sweep). Rules run in position order, then id; each action
** is a timeline event of kind "automation" naming the rule (actor 0, the
** system); a rule acts at most once per ticket per change, so two rules
** that undo each other stop after one round (docs/automation.md). */
#ifndef LOKET_SVC_AUTOMATION_H
#define LOKET_SVC_AUTOMATION_H

#include "store/automation.h"

#include <jansson.h>

struct config;

/* The settings the notify and reply actions read (base URL, organisation
** name); the server sets them once at start. Without them those actions
** queue nothing (a CLI command that opens tickets). */
void svc_automation_use_config(const struct config *cfg);

/* The hook in svc_ticket_event: runs the enabled trigger rules whose events
** include this event's class (created, updated, commented, status, rated)
** and whose conditions match t, acting on t itself (saved; t->version
** follows) so the caller's later save keeps their changes. */
int svc_automation_on_event(struct db *db, struct ticket *t, int64_t at, const char *kind,
                            const char *field, const char *new_value, struct err *err);

/* Before a new ticket's row is written (svc_ticket_open_ack): chooses the
** enabled "created" rules that match t and folds their priority actions
** into t (the SLA and the row are then written once, with it); its
** "created" event then runs each chosen rule, writing the folded actions'
** timeline events and running the others, in rule order, as if every
** action had run then. Does nothing inside a rule's
** own chain (a follow-up ticket takes the plain path). */
void svc_automation_plan_created(struct db *db, struct ticket *t, int64_t at);
/* Forgets a plan whose ticket was not written (the creation failed). */
void svc_automation_plan_drop(void);

/* Time rules over open tickets, each in its own transaction; called by the
** sweep. *fired counts the rule runs. */
int svc_automation_sweep(struct db *db, const struct config *cfg, int64_t now, int64_t *fired,
                         struct err *err);

/* A rule compiled from its JSON (svc/automation_int.h). */
struct auto_rule;

/* Step 1, syntax only and without a database: reads a rule body from the
** API ({"name", "kind", "enabled", "events", "timing", "conditions",
** "actions"}), fills r (strings in a; the JSON columns re-serialised
** compactly) and *rule (in a; references not yet checked). ERR_INVALID with
** a stable code (automation.bad_condition, automation.bad_action,
** automation.bad_event, automation.bad_timing, validation) and the field
** named. Fuzzed by tests/fuzz/fuzz_automation.c. */
int svc_automation_read(struct arena *a, json_t *body, struct auto_rule_row *r,
                        struct auto_rule **rule, struct err *err);

/* Step 2: the references of a rule read by step 1 (a service, a unit, a
** user, a tag, a canned response, a calendar) must exist; fills in tag ids,
** the reply's text and the calendar. The same 422 codes and fields. */
int svc_automation_resolve(struct db *db, struct arena *a, struct auto_rule *rule,
                           struct err *err);

/* Both steps, for callers that do not need them apart (the demo, tests). */
int svc_automation_parse(struct db *db, struct arena *a, json_t *body,
                         struct auto_rule_row *r, struct err *err);

/* The tickets opened in the 7 days before now that rule r's conditions
** match (at most 200, newest first), without writing anything; *scanned
** counts the tickets looked at. */
int svc_automation_dry_run(struct db *db, struct arena *a, const struct auto_rule_row *r,
                           int64_t now, struct ticket ***out, size_t *n, size_t *scanned,
                           struct err *err);

/* Tests: forgets the compiled rules of this thread. */
void svc_automation_reset(void);

#endif
