/* Internals shared by svc/automation*.c: a rule compiled once from its
** stored JSON (syntax in automation_parse.c, references in
** automation_rule.c) so matching an event reads no JSON. */
#ifndef LOKET_SVC_AUTOMATION_INT_H
#define LOKET_SVC_AUTOMATION_INT_H

#include "core/bizcal.h"
#include "core/ticket.h"
#include "svc/automation.h"

enum {
    AUTO_MAX_REFS = 16,
    AUTO_MAX_WORDS = 16,
    AUTO_MAX_ACTIONS = 8,
};

/* Event classes, bits of auto_rule.events. */
enum auto_event {
    AE_CREATED = 1 << 0,
    AE_UPDATED = 1 << 1,
    AE_COMMENTED = 1 << 2,
    AE_STATUS = 1 << 3,
    AE_RATED = 1 << 4,
};

enum auto_timing { AT_NONE, AT_WAITING_DAYS, AT_UNASSIGNED_MINUTES, AT_BEFORE_BREACH };

struct auto_ids {
    int64_t v[AUTO_MAX_REFS];
    size_t n; /* 0 = any */
};

struct auto_cond {
    struct auto_ids services, categories, units, priorities, requesters;
    const char *channels[8];
    size_t n_channels;
    const char *statuses[TS_COUNT];
    size_t n_statuses;
    const char *tags[AUTO_MAX_REFS]; /* any of */
    size_t n_tags;
    const char *words[AUTO_MAX_WORDS]; /* lower case; any of, in title or body */
    size_t n_words;
    int rating_max, rating_min; /* 0 = off */
    int outside_hours;          /* 0 off, 1 outside, -1 inside */
    int64_t calendar_id;        /* when outside_hours (default 1) */
    bool has_cal;
    struct bizcal cal;          /* when outside_hours, filled by svc_automation_resolve */
};

enum auto_action_kind {
    AA_ASSIGN,       /* user_id, or unit_id with mode */
    AA_PRIORITY,     /* id */
    AA_STATUS,       /* status, text (summary or reason) */
    AA_TAGS,         /* ids to add */
    AA_ESCALATE,     /* tier, unit_id */
    AA_REPLY,        /* text: a canned response's body */
    AA_NOTIFY,       /* to, user_id, text */
    AA_FOLLOW_UP,    /* tier: opens a linked ticket */
};

enum auto_assign_mode { AM_USER, AM_ROUND_ROBIN, AM_LEAST_LOADED };
enum auto_notify_to { AN_REQUESTER, AN_ASSIGNEE, AN_ADMINS, AN_USER };

struct auto_action {
    enum auto_action_kind kind;
    int64_t id;      /* user, priority, escalation unit */
    int64_t unit_id; /* assign among the unit's agents */
    enum auto_assign_mode mode;
    enum auto_notify_to to;
    enum ticket_status status;
    int tier;
    const char *text;
    struct auto_ids tags;                /* ids filled by svc_automation_resolve */
    const char *tag_list[AUTO_MAX_REFS]; /* the names, as given */
    const char *tag_names;
};

struct auto_rule {
    int64_t id;
    const char *name;
    bool trigger;
    unsigned events;
    enum auto_timing timing;
    int64_t timing_n; /* days or minutes */
    struct auto_cond cond;
    struct auto_action actions[AUTO_MAX_ACTIONS];
    size_t n_actions;
};

/* The 422 of a bad rule: code, field ("conditions.<key>",
** "actions[i].<key>") and message (automation_parse.c). */
int auto_bad(struct err *err, const char *code, const char *field, const char *msg_id,
             const char *msg_en);
int auto_bad_cond(struct err *err, const char *key, const char *msg_id, const char *msg_en);
int auto_bad_act(struct err *err, size_t i, const char *key, const char *msg_id,
                 const char *msg_en);
/* A stored row's syntax, without a database (references unresolved). */
int auto_read_row(struct arena *a, const struct auto_rule_row *row, struct auto_rule *out,
                  struct err *err);
/* Compiles a stored row (its JSON already checked when saved): syntax, then
** svc_automation_resolve; arena a holds the strings and the calendar's
** holidays. */
int auto_compile(struct db *db, struct arena *a, const struct auto_rule_row *row,
                 struct auto_rule *out, struct err *err);
/* Whether the conditions hold for t at instant `at`. */
bool auto_match(const struct auto_cond *c, const struct ticket *t, int64_t at);
/* What planning a new ticket (svc_automation_plan_created) did with one
** action: folded into the row before it was written (a priority), and
** whether that changed anything, so the timeline event is written after the
** "created" one as if the action had run then. */
struct auto_folded {
    bool folded, changed;
    int64_t old; /* the priority before */
};
/* Runs r's actions on t (saved), each an "automation" event; f (NULL when
** nothing was folded) has one entry per action. */
int auto_act(struct db *db, struct ticket *t, const struct auto_rule *r, int64_t at,
             const struct auto_folded *f, struct err *err);
/* The configuration set by svc_automation_use_config (NULL when none). */
const struct config *auto_config(void);

#endif
