/* Generic master-data handlers driven by core/resource.h tables; the route's
** arg is the struct resource. Resources with extra rules (users) wrap the
** create/update steps with a hook. */
#ifndef LOKET_API_MASTER_H
#define LOKET_API_MASTER_H

#include "http/http.h"

#include <jansson.h>

/* Called after JSON is copied into r and before validation and the write.
** old is NULL on create. Returns 0 or a negative kind with err filled. */
typedef int master_hook(struct req *rq, json_t *body, struct record *r,
                        const struct record *old, struct err *err);

int master_create(struct req *rq, const struct resource *res, master_hook *hook);
int master_update(struct req *rq, const struct resource *res, master_hook *hook);
/* Called inside the update's transaction, after the row was written. */
typedef int master_after(struct req *rq, struct db *db, const struct record *r,
                         const struct record *old, struct err *err);
int master_update_then(struct req *rq, const struct resource *res, master_hook *hook,
                       master_after *after);
/* Records an audit row in the current transaction. detail: new reference
** or NULL; consumed. */
int master_audit(struct req *rq, struct db *db, const char *action, const char *resource,
                 int64_t id, json_t *detail);

#endif
