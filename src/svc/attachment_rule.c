/* The attachment rule of a service: configured defaults, or the service's
** own limit and recording types (service_attachment_limits, migration 0018). */
#include "svc/attachment_rule.h"
#include "core/arena.h"
#include "core/config.h"
#include "store/attachment_limits.h"

const char ATTACHMENT_MEDIA_TYPES[] = "mp4,webm,mkv,mov,mp3,m4a,wav,ogg,txt";

int svc_attachment_rule(struct db *db, const struct config *cfg, struct arena *a,
                        int64_t service_id, struct attachment_rule *out, struct err *err)
{
    struct service_attachment_limits l;
    if (store_attachment_limits_get(db, service_id, &l, err) != 0)
        return err->kind;
    long mb = l.max_mb > 0 ? l.max_mb : cfg->attachment_max_mb;
    out->max_bytes = (size_t)mb * 1024 * 1024;
    out->types = l.allow_media ? arena_printf(a, "%s,%s", cfg->attachment_types,
                                              ATTACHMENT_MEDIA_TYPES)
                               : cfg->attachment_types;
    return 0;
}
