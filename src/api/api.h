/* Every handler the route table (http/routes.c) points to. One file per
** resource under api/; handlers parse and validate input, call core and the
** store, and shape the JSON answer. No SQL here. */
#ifndef LOKET_API_H
#define LOKET_API_H

#include "http/http.h"

int api_health(struct req *rq);

int api_auth_login(struct req *rq);
int api_auth_logout(struct req *rq);
int api_me(struct req *rq);
int api_tokens_create(struct req *rq);

int api_master_list(struct req *rq);
int api_master_get(struct req *rq);
int api_master_create(struct req *rq);
int api_master_update(struct req *rq);
int api_master_delete(struct req *rq);

int api_users_create(struct req *rq);
int api_users_update(struct req *rq);

int api_audit_list(struct req *rq);

#endif
