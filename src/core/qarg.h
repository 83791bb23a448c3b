/* Values of the ticket list's query-string filters, read by one rule for
** GET /api/v1/tickets and for reports and their export jobs
** (report/args.c). An absent or empty value means "no filter"; anything
** else that is not valid adds a field error (422 "validation" once the
** caller sets it) and gives 0. */
#ifndef LOKET_QARG_H
#define LOKET_QARG_H

#include "core/err.h"

#include <stdbool.h>
#include <stdint.h>

/* A whole number in [min, max] written as decimal digits with an optional
** leading '-': true with *out set; false for anything else (empty, spaces,
** '+', trailing text, out of range, past int64). Never overflows. */
bool qarg_int(const char *s, int64_t min, int64_t max, int64_t *out);
/* Whether s is one of the NULL-terminated set (NULL s: no). */
bool qarg_one_of(const char *s, const char *const *set);
/* A positive id (unit_id, service_id ...): field key, "must be an id". */
int64_t qarg_id(const char *key, const char *s, struct err *err);
/* tier: 1, 2 or 3. */
int qarg_tier(const char *s, struct err *err);
/* due_within_minutes, 0 to 525600 (a year): now plus that many minutes. */
int64_t qarg_due_before(const char *s, int64_t now, struct err *err);
/* created_from/created_to: "YYYY-MM-DD" (UTC midnight) or an ISO-8601 UTC
** instant "YYYY-MM-DDTHH:MM:SSZ", as unix seconds. */
int64_t qarg_utc_time(const char *key, const char *s, struct err *err);

#endif
