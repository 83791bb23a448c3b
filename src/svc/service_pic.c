/* The service PIC rule (service_pic.h), in one place for the master-data
** write that sets it and the escalation that uses it, so a PIC written
** once valid but since demoted or moved is not told of what they no longer
** see. */
#include "svc/service_pic.h"
#include "core/resource.h"

/* The PIC (0 none) and handling unit (0 none) of a service. */
static int service_pic(struct db *db, struct arena *a, int64_t service_id, int64_t *pic,
                       int64_t *unit, struct err *err)
{
    struct record *r;
    if (db_rec_get(db, &res_services, service_id, a, &r, err) != 0)
        return err->kind;
    const struct value *p = &r->v[resource_field(&res_services, "pic_user_id")];
    const struct value *u = &r->v[resource_field(&res_services, "unit_id")];
    *pic = p->null ? 0 : p->i;
    *unit = u->null ? 0 : u->i;
    return 0;
}

/* NULL when user may be the PIC of a service handled by unit, else why not. */
static const char *why_not(struct db *db, struct arena *a, int64_t user, int64_t unit)
{
    struct user_auth u;
    struct err ignore = {0};
    if (db_user_by_id(db, user, a, &u, &ignore) != 0 || !u.p.active || u.p.role != ROLE_AGENT)
        return "agent";
    if (u.p.tier <= 1 || (u.p.tier == 2 && unit && u.p.unit_id == unit))
        return NULL;
    return "unit";
}

int svc_service_pic_check(struct db *db, struct arena *a, int64_t service_id, struct err *err)
{
    int64_t pic, unit;
    if (service_pic(db, a, service_id, &pic, &unit, err) != 0)
        return err->kind;
    const char *no = pic ? why_not(db, a, pic, unit) : NULL;
    if (!no)
        return 0;
    if (no[0] == 'a')
        return err_invalid(err, "pic_user_id", "PIC harus agen yang aktif",
                           "the PIC must be an active agent");
    return err_invalid(err, "pic_user_id",
                       "PIC tingkat 2 harus anggota unit penanganan layanan ini",
                       "a tier 2 PIC must belong to this service's handling unit");
}

int64_t svc_service_pic_for(struct db *db, struct arena *a, int64_t service_id, int64_t unit_id)
{
    int64_t pic, unit;
    struct err ignore = {0};
    if (!service_id || service_pic(db, a, service_id, &pic, &unit, &ignore) != 0 || !pic ||
        !unit || unit != unit_id || why_not(db, a, pic, unit))
        return 0;
    return pic;
}
