/* Shared by the partner administration's handlers (api/partners.c,
** activities.c, assignments.c, partner_reports.c): who may enter at all.
** Who may not use it does not see it: 404, as for an unknown path. */
#ifndef LOKET_API_PARTNER_GATE_H
#define LOKET_API_PARTNER_GATE_H

#include "core/perm.h"
#include "http/http.h"

/* 0 when rq's user may do a (ACT_PARTNER_USE or ACT_PARTNER_SETUP); else
** fills rq->err — 404 not_found for who cannot use the partner
** administration at all, 403 forbidden for a partner admin asking for an
** admin's change — and returns its kind. */
int partner_gate(struct req *rq, enum action a);
/* The office filter of rq's user (perm_partner_unit): 0 all, > 0 one unit. */
int64_t partner_unit(const struct req *rq);

/* A partner admin writes only their own office's partners: a new one
** (old NULL) lands there when r names no unit; another unit is 403
** partner.other_office. Admins are not limited. */
struct record;
int partner_office_check(struct req *rq, struct record *r, const struct record *old,
                         struct err *err);

/* Replies json (stolen), or doc as a file for ?format=csv|xlsx|pdf
** (api/partner_docs.c). */
struct rdoc;
#include <jansson.h>
int partner_reply_doc(struct req *rq, const struct rdoc *doc, json_t *json);

#endif
