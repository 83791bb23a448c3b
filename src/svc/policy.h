/* Installing the admins' role policy (table role_policy, issue #21 item 8)
** into core/perm.c: at server start and after each change. */
#ifndef LOKET_SVC_POLICY_H
#define LOKET_SVC_POLICY_H

#include "store/store.h"

/* Reads every row over the defaults and installs the result. */
int svc_policy_load(struct db *db, struct arena *a, struct err *err);

#endif
