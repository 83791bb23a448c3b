/* The master-data names of one ticket read on PostgreSQL (scope.h,
** PG_TICKET_BARE_COLS): its service's name and kind, its unit's name and
** its priority's code, from the record cache (rcache.c, through
** db_rec_get) rather than joined in the ticket's statement. A GET by
** number then runs one statement with two joins instead of five (bench/
** README.md, thirteenth session); the cache is right while conf_generation
** stands, which this process's master-data commits and other nodes'
** NOTIFYs move. */
#include "store/pg/scope.h"
#include "core/resource.h"

/* Record (res, id), or NULL in *out when there is none (no id, or no such
** row: a LEFT JOIN's NULL). */
static int record_of(struct db *db, const struct resource *res, int64_t id, struct arena *a,
                     struct record **out, struct err *err)
{
    *out = NULL;
    if (!id)
        return 0;
    int rc = db_rec_get(db, res, id, a, out, err);
    if (rc == ERR_NOT_FOUND) {
        *out = NULL;
        return 0;
    }
    return rc;
}

/* The text of field `name` of r, NULL when r is NULL or the value is. */
static const char *text_of(const struct resource *res, const struct record *r, const char *name)
{
    int f = r ? resource_field(res, name) : -1;
    return f >= 0 && r->v[f].set && !r->v[f].null ? r->v[f].s : NULL;
}

int pg_ticket_names(struct db *db, struct ticket *t, struct arena *a, struct err *err)
{
    struct record *s, *u, *p;
    if (record_of(db, &res_services, t->service_id, a, &s, err) != 0 ||
        record_of(db, &res_units, t->unit_id, a, &u, err) != 0 ||
        record_of(db, &res_priorities, t->priority_id, a, &p, err) != 0)
        return err->kind;
    t->service_name = text_of(&res_services, s, "name");
    t->service_kind = text_of(&res_services, s, "kind");
    t->unit_name = text_of(&res_units, u, "name");
    t->priority_code = text_of(&res_priorities, p, "code");
    return 0;
}
