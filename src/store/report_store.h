/* Storage queries behind reports and exports (issue #6). They take the
** ticket list filters (struct ticket_query: visibility scope, statuses,
** unit, service ... and created_from/created_to as the period) so a report
** always counts exactly the tickets the same list would show.
**
** Days and months are local to REPORT_TZ_OFFSET (WIB, UTC+07:00), the zone
** the rollup table report_daily (migration 0008) is keyed by. A driver
** implements them through struct store_report_ops at the end (the SQLite
** one: store/sqlite/reports.c and appt_reports.c).
**
** All functions return 0 or a negative enum err_kind and fill err; strings
** and arrays live in the arena passed in. */
#ifndef LOKET_REPORT_STORE_H
#define LOKET_REPORT_STORE_H

#include "store/store.h"

static const int64_t REPORT_TZ_OFFSET = 7 * 3600;

/* One group of a count: key is the dimension's value as text ("new", "12",
** "2026-03"; "" for none), label the name joined from master data (NULL when
** the caller labels it: status, channel, tier, month). */
struct report_count {
    const char *key, *label;
    int64_t n;
};

/* Tickets created and tickets resolved per bucket ("day", "week" starting
** Monday, "month"), keys "2026-03-02" / "2026-03". Created counts the
** filtered tickets created in the period; resolved those resolved in it. */
struct report_series {
    const char *key;
    int64_t created, resolved;
};

/* What durations need, per ticket created in the period (the caller turns
** it into business minutes on the policy's calendar). 0 = not yet. */
struct report_times_row {
    int64_t sla_policy_id, created_at, first_response_at, resolved_at, paused_minutes;
};
typedef int report_times_fn(void *cls, const struct report_times_row *r);

/* SLA compliance per group ("policy", "unit", "agent") of tickets created in
** the period, cancelled ones left out: breached (either flag), met (resolved
** or closed, no flag), running (still open, no flag). */
struct report_sla {
    const char *key, *label;
    int64_t met, breached, running;
};

/* Per assignee: open now (new, in_progress, waiting), resolved in the
** period, and the mean wall-clock minutes from creation to resolution of
** those. The period applies to resolved_at; other filters as given. */
struct report_workload {
    int64_t agent_id;
    const char *name;
    int64_t open, resolved;
    double avg_minutes; /* < 0 when nothing was resolved */
};

/* Ratings of tickets created in the period: count per star (dist[1..5]),
** mean, and the latest max_comments ratings that carry feedback. */
struct report_comment {
    const char *number, *feedback;
    int rating;
    int64_t at;
};
struct report_ratings {
    int64_t count, dist[6];
    double mean; /* 0 when count is 0 */
    struct report_comment *comments;
    size_t n_comments;
};

/* Streams the filtered tickets, oldest first, to fn; the row and its
** strings are valid only until fn returns (nothing accumulates, so an
** export of a million rows runs in constant memory). Descriptions, comments
** and internal notes are not read. fn returning non-zero stops the walk and
** that code is returned. store_report_tickets_count gives the total for
** progress. */
struct report_ticket {
    const struct ticket *t;
    const char *category_name, *priority_name;
};
typedef int report_ticket_fn(void *cls, const struct report_ticket *r);

/* ---- waiting on the requester (issue #21) ---- */

/* One status move of a ticket of the query (created in the period), in
** ticket then event order; a ticket without moves comes once with at 0 and
** from/to NULL. unit_id 0 = no unit. Strings valid until fn returns; fn
** returning non-zero stops the walk with that code. */
struct report_wait_event {
    int64_t ticket_id, unit_id, at;
    const char *unit_name, *ticket_status, *from, *to;
};
typedef int report_wait_fn(void *cls, const struct report_wait_event *e);

/* Cancelled tickets of the query per who cancelled ("requester": the
** ticket's own requester; "staff": anyone else) and rejection reason code
** ("" = none given), label the code's name (NULL when unknown). */
struct report_cancel {
    const char *who, *code, *label;
    int64_t n;
};

/* ---- appointments (issue #16) ---- */

/* One booking whose day lies in [from_day, to_day] (YYYY-MM-DD, inclusive;
** NULL = open), of service_id (0 = every service), ordered by service and
** day: what the appointments report counts. Only figures are read, never
** names, form answers or ticket numbers. The row and its strings are valid
** until fn returns; fn returning non-zero stops the walk with that code. */
struct report_booking {
    int64_t service_id;
    const char *service_name, *day, *status;
    int64_t estimated_at, called_at, served_at; /* 0 = not (yet) */
};
typedef int report_booking_fn(void *cls, const struct report_booking *b);

/* ---- export jobs ---- */
struct export_job {
    int64_t id, user_id, total, done_rows, created_at, finished_at;
    const char *report, *format, *params, *status, *file, *filename, *error;
};

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_report_ops {
    /* Counts of tickets created in the period by dim ("status", "unit",
    ** "service", "category", "channel", "priority", "tier", "agent", "month").
    ** Served from the rollup table when the query has no filter besides a
    ** period on whole local days and the caller sees every ticket (*rollup set
    ** true); otherwise a GROUP BY over tickets. ERR_INVALID for another dim. */
    int (*report_summary)(struct db *db, const struct ticket_query *q, const char *dim,
                          struct arena *a, struct report_count **rows, size_t *n, bool *rollup,
                          struct err *err);
    /* What it returns: the comment above struct report_series. */
    int (*report_series)(struct db *db, const struct ticket_query *q, const char *interval,
                         struct arena *a, struct report_series **rows, size_t *n, bool *rollup,
                         struct err *err);
    /* What it returns: the comment above struct report_times_row. */
    int (*report_times_each)(struct db *db, const struct ticket_query *q, report_times_fn *fn,
                             void *cls, struct err *err);
    /* What it returns: the comment above struct report_sla. */
    int (*report_sla)(struct db *db, const struct ticket_query *q, const char *by, struct arena *a,
                      struct report_sla **rows, size_t *n, struct err *err);
    /* What it returns: the comment above struct report_workload. */
    int (*report_workload)(struct db *db, const struct ticket_query *q, struct arena *a,
                           struct report_workload **rows, size_t *n, struct err *err);
    /* What it returns: the comment above struct report_ratings. */
    int (*report_ratings)(struct db *db, const struct ticket_query *q, size_t max_comments,
                          struct arena *a, struct report_ratings *out, struct err *err);
    /* Redirects to other applications per service in [from, to) (0 = open). */
    int (*report_redirects)(struct db *db, int64_t from, int64_t to, struct arena *a,
                            struct report_count **rows, size_t *n, struct err *err);
    /* report_tickets_count and report_tickets_each: the comment above
    ** struct report_ticket. */
    int (*report_tickets_count)(struct db *db, const struct ticket_query *q, int64_t *total,
                                struct err *err);
    int (*report_tickets_each)(struct db *db, const struct ticket_query *q, report_ticket_fn *fn,
                               void *cls, struct err *err);
    /* What it returns: the comment above struct report_booking. */
    int (*report_bookings_each)(struct db *db, const char *from_day, const char *to_day,
                                int64_t service_id, report_booking_fn *fn, void *cls,
                                struct err *err);
    /* What it walks: the comment above struct report_wait_event. */
    int (*report_waiting_each)(struct db *db, const struct ticket_query *q, report_wait_fn *fn,
                               void *cls, struct err *err);
    /* What it returns: the comment above struct report_cancel. */
    int (*report_cancellations)(struct db *db, const struct ticket_query *q, struct arena *a,
                                struct report_cancel **rows, size_t *n, struct err *err);
    /* Inserts a queued job; fills j->id. */
    int (*export_create)(struct db *db, struct export_job *j, struct err *err);
    int (*export_get)(struct db *db, int64_t id, struct arena *a, struct export_job *out,
                      struct err *err);
    /* Takes the oldest queued job and marks it running; ERR_NOT_FOUND when none. */
    int (*export_claim)(struct db *db, struct arena *a, struct export_job *out, struct err *err);
    int (*export_progress)(struct db *db, int64_t id, int64_t done_rows, int64_t total,
                           struct err *err);
    /* status "done" (file, filename set) or "failed" (error set). */
    int (*export_finish)(struct db *db, int64_t id, const char *status, const char *file,
                         const char *filename, const char *error, int64_t now, struct err *err);
    /* Jobs left running by a server that stopped go back to the queue. */
    int (*export_requeue)(struct db *db, struct err *err);
    /* Deletes the rows of jobs finished before `before` (up to 100 at a time)
    ** and returns their file names (NULL entries for failed jobs) in arena a,
    ** so the caller can remove the files. */
    int (*export_expire)(struct db *db, int64_t before, struct arena *a, const char ***files,
                         size_t *n, struct err *err);
};

static inline int store_report_summary(struct db *db, const struct ticket_query *q, const char *dim,
                                       struct arena *a, struct report_count **rows, size_t *n,
                                       bool *rollup, struct err *err)
{
    return db->ops->report->report_summary(db, q, dim, a, rows, n, rollup, err);
}

static inline int store_report_series(struct db *db, const struct ticket_query *q,
                                      const char *interval, struct arena *a,
                                      struct report_series **rows, size_t *n, bool *rollup,
                                      struct err *err)
{
    return db->ops->report->report_series(db, q, interval, a, rows, n, rollup, err);
}

static inline int store_report_times_each(struct db *db, const struct ticket_query *q,
                                          report_times_fn *fn, void *cls, struct err *err)
{
    return db->ops->report->report_times_each(db, q, fn, cls, err);
}

static inline int store_report_sla(struct db *db, const struct ticket_query *q, const char *by,
                                   struct arena *a, struct report_sla **rows, size_t *n,
                                   struct err *err)
{
    return db->ops->report->report_sla(db, q, by, a, rows, n, err);
}

static inline int store_report_workload(struct db *db, const struct ticket_query *q,
                                        struct arena *a, struct report_workload **rows, size_t *n,
                                        struct err *err)
{
    return db->ops->report->report_workload(db, q, a, rows, n, err);
}

static inline int store_report_ratings(struct db *db, const struct ticket_query *q,
                                       size_t max_comments, struct arena *a,
                                       struct report_ratings *out, struct err *err)
{
    return db->ops->report->report_ratings(db, q, max_comments, a, out, err);
}

static inline int store_report_redirects(struct db *db, int64_t from, int64_t to, struct arena *a,
                                         struct report_count **rows, size_t *n, struct err *err)
{
    return db->ops->report->report_redirects(db, from, to, a, rows, n, err);
}

static inline int store_report_tickets_count(struct db *db, const struct ticket_query *q,
                                             int64_t *total, struct err *err)
{
    return db->ops->report->report_tickets_count(db, q, total, err);
}

static inline int store_report_tickets_each(struct db *db, const struct ticket_query *q,
                                            report_ticket_fn *fn, void *cls, struct err *err)
{
    return db->ops->report->report_tickets_each(db, q, fn, cls, err);
}

static inline int store_report_bookings_each(struct db *db, const char *from_day,
                                             const char *to_day, int64_t service_id,
                                             report_booking_fn *fn, void *cls, struct err *err)
{
    return db->ops->report->report_bookings_each(db, from_day, to_day, service_id, fn, cls, err);
}

static inline int store_report_waiting_each(struct db *db, const struct ticket_query *q,
                                            report_wait_fn *fn, void *cls, struct err *err)
{
    return db->ops->report->report_waiting_each(db, q, fn, cls, err);
}

static inline int store_report_cancellations(struct db *db, const struct ticket_query *q,
                                             struct arena *a, struct report_cancel **rows,
                                             size_t *n, struct err *err)
{
    return db->ops->report->report_cancellations(db, q, a, rows, n, err);
}

static inline int store_export_create(struct db *db, struct export_job *j, struct err *err)
{
    return db->ops->report->export_create(db, j, err);
}

static inline int store_export_get(struct db *db, int64_t id, struct arena *a,
                                   struct export_job *out, struct err *err)
{
    return db->ops->report->export_get(db, id, a, out, err);
}

static inline int store_export_claim(struct db *db, struct arena *a, struct export_job *out,
                                     struct err *err)
{
    return db->ops->report->export_claim(db, a, out, err);
}

static inline int store_export_progress(struct db *db, int64_t id, int64_t done_rows, int64_t total,
                                        struct err *err)
{
    return db->ops->report->export_progress(db, id, done_rows, total, err);
}

static inline int store_export_finish(struct db *db, int64_t id, const char *status,
                                      const char *file, const char *filename, const char *error,
                                      int64_t now, struct err *err)
{
    return db->ops->report->export_finish(db, id, status, file, filename, error, now, err);
}

static inline int store_export_requeue(struct db *db, struct err *err)
{
    return db->ops->report->export_requeue(db, err);
}

static inline int store_export_expire(struct db *db, int64_t before, struct arena *a,
                                      const char ***files, size_t *n, struct err *err)
{
    return db->ops->report->export_expire(db, before, a, files, n, err);
}

#endif
