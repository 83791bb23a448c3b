/* The one parser of the ticket-list query (issue #18 item 3): GET
** /api/v1/tickets, every report and every export job read their filters
** through it, so a value one accepts the others accept too. Report-only
** parameters (period, appointments, group_by, interval) are layered on top
** in report/args.c. */
#ifndef LOKET_SVC_TICKET_QUERY_H
#define LOKET_SVC_TICKET_QUERY_H

#include "core/perm.h"
#include "store/store.h"

/* A query parameter's value, NULL when absent. */
typedef const char *tq_get_fn(void *cls, const char *key);

/* The list's page sizes (GET /api/v1/tickets; the same as api/json.h). */
enum { TQ_PER_PAGE_DEFAULT = 50, TQ_PER_PAGE_MAX = 200 };

/* Fills *q (zeroed first) for principal me at time now: the visibility
** scope from core/perm.c, then q, status, unit_id, service_id,
** category_id, requester_id, assignee_id (an id, "me" or "none"), tier,
** channel, tag, priority (an id or a code), created_from, created_to,
** sla_breached, due_within_minutes,
** untagged and uncategorised ("true" or "false"); with `list` also page, per_page
** (above TQ_PER_PAGE_MAX: that many) and sort ("-" in front: descending).
** An absent or empty value is no filter. Every bad value adds a field error
** named after its parameter to err and leaves that filter off; the caller
** turns them into 422 "validation" (after adding its own). Returns 0, or
** the store's error when looking up a priority failed. Strings point into
** what get returns or into arena a. */
int svc_ticket_query_read(struct db *db, const struct principal *me, tq_get_fn *get, void *cls,
                          int64_t now, bool list, struct arena *a, struct ticket_query *q,
                          struct err *err);

#endif
