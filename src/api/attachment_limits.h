/* The session-documentation settings of an appointment service's schedule
** (issue #16 item 6): "attachment_max_mb" (1-4096, or null for the
** configured limit) and "allow_media" (audio and video recordings), read
** and written with GET|PUT /api/v1/services/{id}/schedule. */
#ifndef LOKET_API_ATTACHMENT_LIMITS_H
#define LOKET_API_ATTACHMENT_LIMITS_H

#include "store/attachment_limits.h"

#include <jansson.h>

struct req;

/* Reads the two members of a schedule body into out; problems become field
** errors in rq->err (the schedule's parser turns them into the 422). */
void api_attachment_limits_parse(struct req *rq, json_t *body, int64_t service_id,
                                 struct service_attachment_limits *out);
/* Adds the two members to a schedule's JSON (o), from the store when l is
** NULL. 0 or the error kind in rq->err. */
int api_attachment_limits_json(struct req *rq, struct db *db, int64_t service_id,
                               const struct service_attachment_limits *l, json_t *o);

#endif
