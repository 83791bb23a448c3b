/* Sign-in with the office directory from the request's side (issue #22
** item 5): the directory is asked on a thread of its own while the
** request's connection is suspended, so a slow or dead directory holds no
** server worker (and no connection sharing that worker) for its timeouts. */
#ifndef LOKET_API_DIRECTORY_H
#define LOKET_API_DIRECTORY_H

#include "svc/directory_login.h"

struct req;

/* For api_auth_login, after the throttle check: SKIP (check the local
** password), FAIL, OK with *out, or PENDING: the request is suspended,
** the handler returns 0 at once and `again` (api_auth_login itself) runs
** anew once the directory answered, this time getting OK or FAIL. known is
** the user the login names (NULL: none); out may be the same struct. */
enum dir_login api_directory_login(struct req *rq, struct db *db, const char *login,
                                   const char *password, const struct user_auth *known,
                                   struct user_auth *out, int (*again)(struct req *rq));

#endif
