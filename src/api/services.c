/* POST /api/v1/services and PATCH /api/v1/services/{id}: the generic
** master-data write (api/master.c) plus the PIC rule of svc/service_pic.h,
** checked on the row as written, inside the write's transaction, so a
** change of the handling unit that leaves a tier-2 PIC outside it is
** refused too (422 naming pic_user_id; nothing is written). */
#include "api/api.h"
#include "api/master.h"
#include "core/resource.h"
#include "svc/service_pic.h"

static int pic_after(struct req *rq, struct db *db, const struct record *r,
                     const struct record *old, struct err *err)
{
    return svc_service_pic_check(db, rq->arena, old ? old->id : r->id, err);
}

int api_services_create(struct req *rq)
{
    struct master_ops o = {.after = pic_after};
    return master_create_x(rq, &res_services, &o);
}

int api_services_update(struct req *rq)
{
    struct master_ops o = {.after = pic_after};
    return master_update_x(rq, &res_services, &o);
}
