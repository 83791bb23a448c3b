/* Sign-in with the office directory over LDAP (issue #22 item 5): which
** logins ask the directory, and the Loket user a directory sign-in creates
** or brings up to date (docs/directory-login.md). The order: an account
** with a local password (auth_source 'local') always signs in locally; a
** directory account (auth_source 'ldap') and a login Loket does not know
** ask the directory when ldap_url is set. */
#ifndef LOKET_DIRECTORY_LOGIN_H
#define LOKET_DIRECTORY_LOGIN_H

#include "store/store.h"

#include <stdbool.h>

struct arena;
struct config;
struct err;
struct ldap_dir_opts;
struct ldap_dir_user;

enum dir_login {
    DIR_LOGIN_SKIP,    /* not the directory's business: check the local password */
    DIR_LOGIN_OK,      /* *out is the signed-in (created or updated) user */
    DIR_LOGIN_FAIL,    /* refused: answer the generic wrong-login error */
    DIR_LOGIN_PENDING, /* api/directory.c: the request waits for the directory */
};

/* Whether login/password go to the directory: ldap_url is set and the
** login names no account (known NULL) or a directory account. */
bool directory_login_applies(struct db *db, const struct config *cfg, struct arena *a,
                             const struct user_auth *known);
/* After ldap_dir_login (auth/ldap_dir.h) answered ldap_rc, du and why for
** login, which named known (NULL: none): logs why a sign-in failed (never
** the password), maps the groups and creates or brings up to date the Loket
** user in its own transaction. OK with *out (may be known), or FAIL. */
enum dir_login directory_login_finish(struct db *db, const struct config *cfg, struct arena *a,
                                      const char *ip, const char *login,
                                      const struct user_auth *known, int ldap_rc,
                                      const struct ldap_dir_user *du, const char *why,
                                      struct user_auth *out);

/* At start: when ldap_url is set, it must be ldap:// or ldaps://,
** ldap_group_map must parse, ldap_unmapped be refuse or requester, and a
** user must be findable (ldap_user_dn, or ldap_base_dn with a filter
** holding %s). Returns 0 or ERR_INVALID with what is wrong. */
int directory_config_check(const struct config *cfg, struct err *err);
/* The connection settings from the configuration (strings borrowed). */
void directory_ldap_opts(const struct config *cfg, struct ldap_dir_opts *o);

#endif
