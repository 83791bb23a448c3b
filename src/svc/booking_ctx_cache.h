/* A process-wide copy of each appointment service's context (service,
** schedule, calendar, parsed form) for booking_ctx_load, kept until the
** store's conf_generation moves (a commit to services, schedules,
** service_staff, calendars or holidays: store/sqlite/driver.c) or two
** seconds pass (writes by other processes), like svc_calendar's cache. */
#ifndef LOKET_SVC_BOOKING_CTX_CACHE_H
#define LOKET_SVC_BOOKING_CTX_CACHE_H

#include "svc/booking.h"

/* On a hit fills ctx (strings in a, the form shared: booking_ctx_free). */
bool booking_ctx_cached(int64_t service_id, uint64_t gen, struct arena *a,
                        struct booking_ctx *ctx);
/* The kept copy of service_id whatever its generation and age (NULL-free
** ctx filled as by booking_ctx_cached; false when none): for work that
** booking_create checks against the context it loads (ctx->serial). */
bool booking_ctx_peek(int64_t service_id, struct arena *a, struct booking_ctx *ctx);
/* Keeps a copy of ctx, read entirely under generation gen. */
void booking_ctx_keep(uint64_t gen, const struct booking_ctx *ctx);

#endif
