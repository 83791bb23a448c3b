/* Live desk rules (desk_rules.h): loket.conf gives the default, the
** settings table the admin's current choice. */
#include "svc/desk_rules.h"
#include "core/config.h"

#include <string.h>

static bool rule(struct db *db, const char *key, bool dflt, struct arena *a)
{
    const char *v = NULL;
    struct err ignore = {0};
    if (!db || db_setting_get(db, key, a, &v, &ignore) != 0 || !v)
        return dflt;
    if (!strcmp(v, "true") || !strcmp(v, "1"))
        return true;
    if (!strcmp(v, "false") || !strcmp(v, "0"))
        return false;
    return dflt;
}

struct desk_rules desk_rules_get(struct db *db, const struct config *cfg, struct arena *a)
{
    struct desk_rules r = {cfg && cfg->agent_close, cfg && cfg->tag_before_resolve};
    r.agent_close = rule(db, "agent_close", r.agent_close, a);
    r.tag_before_resolve = rule(db, "tag_before_resolve", r.tag_before_resolve, a);
    return r;
}

struct principal desk_principal(struct db *db, const struct config *cfg, struct arena *a,
                                const struct principal *p)
{
    struct principal out = *p;
    /* only an agent's answer depends on it: spare everyone else the read
    ** (the ticket GET is the API's hottest path) */
    if (p->role == ROLE_AGENT)
        out.agent_close = rule(db, "agent_close", cfg && cfg->agent_close, a);
    return out;
}
