/* Scheduled reports (issue #22 item 2): finds the subscriptions whose send
** time has come, claims the period in the store, builds the report file for
** the period that just ended and queues the mail with the file attached
** through the outbox, so the mail worker sends it like any other mail.
**
** Periods, all in WIB (REPORT_TZ_OFFSET): "monthly" sends month M-1 on the
** first working day of month M (business calendar: the first calendar of
** the master data, else Monday to Friday) at at_minute; "weekly" sends the
** previous ISO week (Monday to Sunday) on ISO weekday `weekday` at
** at_minute. Only the latest period is sent (a server down for months does
** not send a backlog), and never one whose send time came before the
** subscription was made. */
#ifndef LOKET_REPORT_SCHEDULE_H
#define LOKET_REPORT_SCHEDULE_H

#include "core/err.h"
#include "report/report.h"

#include <stdbool.h>
#include <stdint.h>

struct bizcal;
struct config;
struct db;
struct report_subscription;
struct store;

/* Extra recipients a subscription may have besides its owner. */
enum { REPORT_SCHEDULE_MAX_EXTRA = 10 };

struct sched_period {
    char key[32];    /* "2026-11" or "2026-W48": the send's unique key */
    char query[96];  /* the report period: "month=2026-11" or "from=...&to=..." */
    char label[128]; /* for people: "November 2026", "23-29 November 2026" */
    int64_t send_at; /* when it became due */
};

/* The period s sends at now, or false when none is due (inactive, before
** the send time, or a send time before s was made). cal decides working
** days for monthly schedules. Pure. */
bool report_schedule_due(const struct report_subscription *s, const struct bizcal *cal,
                         int64_t now, struct sched_period *out);
/* The latest period whose send time is at or before now, due or not (for
** "send now", which sends it without claiming). */
void report_schedule_latest(const struct report_subscription *s, const struct bizcal *cal,
                            int64_t now, struct sched_period *out);

/* The business calendar the schedules use, holidays in arena a. */
int report_schedule_calendar(struct db *db, struct arena *a, struct bizcal *out,
                             struct err *err);

/* Builds s's report for p and queues one mail per recipient (the owner,
** then the extra addresses) with the file attached; with claim, first
** claims (s, p) in the store so each period goes once (ERR_CONFLICT
** subscription.period_taken when it is taken) and records the outcome.
** *queued counts the mails. */
int report_schedule_send(struct db *db, const struct config *cfg,
                         const struct report_subscription *s, const struct sched_period *p,
                         bool claim, int *queued, struct err *err);

/* One pass over every subscription at now (cfg->scheduler_now when set,
** else the clock); *sent counts the subscriptions sent. Errors of one
** subscription are logged and recorded, not returned. */
int report_schedule_run(struct db *db, const struct config *cfg, int *sent, struct err *err);

/* For the export worker's loop: runs report_schedule_run at most every
** cfg->sweep_seconds (*last keeps the time of the last pass) and deletes
** attachment files older than 30 days. */
void report_schedule_tick(struct store *st, const struct config *cfg, int64_t *last);

#endif
