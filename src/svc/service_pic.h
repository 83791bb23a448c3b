/* The service's named PIC (issue #21 item 6, seed 000: "eskalasi kepada
** PIC layanan"): services.pic_user_id (migration 0022). A PIC must be an
** active agent who sees the tickets escalated to the service's handling
** unit: tier 1 (sees every ticket) or tier 2 of that very unit. An
** escalation to the service's unit then tells the PIC alone; without a
** (still valid) PIC, every tier-2 agent of the unit as before. */
#ifndef LOKET_SVC_SERVICE_PIC_H
#define LOKET_SVC_SERVICE_PIC_H

#include "store/store.h"

/* Checks the PIC the service `service_id` now has (after a write, inside
** its transaction). 0 when there is none or it is a valid one, else
** ERR_INVALID naming pic_user_id. */
int svc_service_pic_check(struct db *db, struct arena *a, int64_t service_id, struct err *err);

/* The user to tell of an escalation of a ticket of service_id to unit
** unit_id: the service's PIC when unit_id is the service's handling unit
** and the PIC is still valid; 0 otherwise (tell the unit). Never fails: a
** store error reads as "no PIC". */
int64_t svc_service_pic_for(struct db *db, struct arena *a, int64_t service_id, int64_t unit_id);

#endif
