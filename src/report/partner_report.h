/* The partner administration's reports as documents (report/partners.c):
** "partner-fees" (each partner's fees in a month against the ceiling),
** "activity-budgets" (each activity's spending against its budget,
** realisation against pagu) and "payments" (contracts ready for payment,
** with bank accounts, for the finance office). The API answers them as
** JSON or a file; POST /api/v1/exports runs them as jobs like the ticket
** reports. Each is scoped to the user's office (core/perm.c). */
#ifndef LOKET_PARTNER_REPORT_H
#define LOKET_PARTNER_REPORT_H

#include "report/report.h"

#include <jansson.h>

bool partner_report_known(const char *name);
/* Builds report `name` for me into doc (in arena a) and, when json is not
** NULL, its JSON answer (new reference). Parameters through get(cls, key):
** month=YYYY-MM (partner-fees: required; payments: optional), year=YYYY
** (activity-budgets: optional). ERR_NOT_FOUND when me may not use the
** partner administration; ERR_INVALID with a field for a bad parameter. */
int partner_report_build(struct db *db, struct arena *a, const struct principal *me,
                         const char *name, report_get_fn *get, void *cls, struct rdoc *doc,
                         json_t **json, struct err *err);

#endif
