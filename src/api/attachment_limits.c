/* The schedule's session-documentation members: parse and show. The rule
** they feed lives in svc/attachment_rule.c. */
#include "api/attachment_limits.h"
#include "api/api.h"

#include <string.h>

void api_attachment_limits_parse(struct req *rq, json_t *body, int64_t service_id,
                                 struct service_attachment_limits *out)
{
    memset(out, 0, sizeof *out);
    out->service_id = service_id;
    json_t *mb = json_object_get(body, "attachment_max_mb");
    if (mb && !json_is_null(mb)) {
        json_int_t v = json_is_integer(mb) ? json_integer_value(mb) : 0;
        if (v < 1 || v > 4096)
            err_field(&rq->err, "attachment_max_mb", "harus 1 sampai 4096 (MB) atau null",
                      "must be 1 to 4096 (MB) or null");
        else
            out->max_mb = (int)v;
    }
    json_t *media = json_object_get(body, "allow_media");
    if (media && !json_is_null(media) && !json_is_boolean(media))
        err_field(&rq->err, "allow_media", "harus true atau false", "must be true or false");
    out->allow_media = json_is_true(media);
}

int api_attachment_limits_json(struct req *rq, struct db *db, int64_t service_id,
                               const struct service_attachment_limits *l, json_t *o)
{
    struct service_attachment_limits got;
    if (!l) {
        if (store_attachment_limits_get(db, service_id, &got, &rq->err) != 0)
            return rq->err.kind;
        l = &got;
    }
    json_object_set_new(o, "attachment_max_mb", l->max_mb ? json_integer(l->max_mb) : json_null());
    json_object_set_new(o, "allow_media", json_boolean(l->allow_media));
    return 0;
}
