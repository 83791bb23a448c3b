/* Generic master-data handlers driven by core/resource.h tables; the route's
** arg is the struct resource. Resources with extra rules (users) wrap the
** create/update steps with a hook. */
#ifndef LOKET_API_MASTER_H
#define LOKET_API_MASTER_H

#include "http/http.h"
#include "store/store.h"

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
struct rec_query;
/* Who sees a row: 0, or a negative kind with err filled (404 for a row the
** user may not see). */
typedef int master_see(struct req *rq, const struct record *r, struct err *err);
/* Narrows a list to what the user may see (adds filters to q). */
typedef int master_scope(struct req *rq, struct rec_query *q, struct err *err);
/* Adds members to a row's JSON (db may be used to read more). */
typedef int master_item(struct req *rq, struct db *db, const struct record *r, json_t *j);

/* Every step a resource with its own rules may add to the generic handlers
** (all optional). body: an already parsed request body (NULL = parse it). */
struct master_ops {
    master_hook *hook;
    master_after *after; /* on create too, then with old NULL */
    master_see *see;     /* get, update, delete */
    master_scope *scope; /* list */
    master_item *item;   /* every row answered (list, get, create, update) */
    json_t *body;
};
int master_list_x(struct req *rq, const struct resource *res, const struct master_ops *o);
int master_get_x(struct req *rq, const struct resource *res, const struct master_ops *o);
int master_create_x(struct req *rq, const struct resource *res, const struct master_ops *o);
int master_update_x(struct req *rq, const struct resource *res, const struct master_ops *o);
int master_delete_x(struct req *rq, const struct resource *res, const struct master_ops *o);

/* Records an audit row in the current transaction. detail: new reference
** or NULL; consumed. */
int master_audit(struct req *rq, struct db *db, const char *action, const char *resource,
                 int64_t id, json_t *detail);

#endif
