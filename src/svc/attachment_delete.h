/* Soft delete of a ticket's attachment under the role policy (issue #21
** item 8); see svc/attachment_delete.c. */
#ifndef LOKET_SVC_ATTACHMENT_DELETE_H
#define LOKET_SVC_ATTACHMENT_DELETE_H

#include "svc/actor.h"

enum { ATTACHMENT_REASON_MAX = 500 };

/* Inside the caller's transaction. ERR_NOT_FOUND attachment.not_found when
** it does not exist, is deleted already or is not visible to who;
** ERR_FORBIDDEN attachment.forbidden without the policy right; ERR_INVALID
** (field reason) without a reason. */
int svc_attachment_delete(struct db *db, const struct actor *who, struct arena *a, int64_t id,
                          const char *reason, struct err *err);

#endif
