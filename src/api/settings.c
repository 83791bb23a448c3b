/* GET /api/v1/settings: the server's effective configuration for admins.
** Settings come from loket.conf, LOKET_* variables and flags (core/config.h)
** and need a restart to change, so the API only shows them; secrets show
** whether they are set, never their value. */
#include "api/api.h"
#include "core/config.h"
#include "core/url_mask.h"
#include "http/reply.h"

#include <jansson.h>
#include <stdlib.h>

static void add(void *arg, const struct config_item *it)
{
    json_t *o = arg;
    json_t *v;
    if (it->secret)
        v = json_pack("{s:b}", "set", it->is_set);
    else if (it->type == 'l')
        v = json_integer(it->num);
    else if (it->type == 'b')
        v = json_boolean(it->num);
    else {
        char *shown = url_mask_dup(it->str);
        v = json_string(shown ? shown : "");
        free(shown);
    }
    json_object_set_new(o, it->key, v);
}

int api_settings_get(struct req *rq)
{
    json_t *settings = json_object();
    config_each(rq->app->cfg, add, settings);
    return reply_json(rq, 200, json_pack("{s:o, s:s}", "settings", settings, "source",
                                         "loket.conf, LOKET_* variables and flags; a change "
                                         "needs a restart"));
}
