/* Tags by name, for the callers that name them in text (automation rules,
** macros) rather than by id. */
#include "svc/svc.h"
#include "core/resource.h"

int64_t svc_tag_find(struct db *db, struct arena *a, const char *name, bool active_only,
                     struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 1, .n_filters = 1};
    q.filters[0].field = resource_field(&res_tags, "name");
    q.filters[0].val = (struct value){.set = true, .s = name};
    struct record **items;
    size_t n = 0;
    int64_t total;
    if (db_rec_list(db, &res_tags, &q, a, &items, &n, &total, err) != 0)
        return -1;
    if (!n || (active_only && !items[0]->v[resource_field(&res_tags, "active")].i))
        return 0;
    return items[0]->id;
}
