/* Sign-in with the office directory over LDAP (issue #22 item 5): which
** logins ask the directory, and the Loket user a directory sign-in creates
** or brings up to date (docs/directory-login.md). The order: an account
** with a local password (auth_source 'local') always signs in locally; a
** directory account (auth_source 'ldap') and a login Loket does not know
** ask the directory when ldap_url is set. */
#ifndef LOKET_DIRECTORY_LOGIN_H
#define LOKET_DIRECTORY_LOGIN_H

#include "store/store.h"

struct arena;
struct config;
struct err;
struct ldap_dir_opts;

enum dir_login {
    DIR_LOGIN_SKIP,  /* not the directory's business: check the local password */
    DIR_LOGIN_OK,    /* *out is the signed-in (created or updated) user */
    DIR_LOGIN_FAIL,  /* refused: answer the generic wrong-login error */
};

/* Tries login/password against the directory when it applies. known is the
** Loket user the login names (by e-mail or NIP), NULL when none; out may
** be the same struct. Never holds a transaction while talking to the
** directory; each network step is bounded by ldap_timeout_seconds. Why a
** sign-in failed goes to the log (never the password), not the caller. */
enum dir_login directory_login(struct db *db, const struct config *cfg, struct arena *a,
                               const char *ip, const char *login, const char *password,
                               const struct user_auth *known, struct user_auth *out);

/* At start: when ldap_url is set, it must be ldap:// or ldaps://,
** ldap_group_map must parse, ldap_unmapped be refuse or requester, and a
** user must be findable (ldap_user_dn, or ldap_base_dn with a filter
** holding %s). Returns 0 or ERR_INVALID with what is wrong. */
int directory_config_check(const struct config *cfg, struct err *err);
/* The connection settings from the configuration (strings borrowed). */
void directory_ldap_opts(const struct config *cfg, struct ldap_dir_opts *o);
/* The admins' connection test (auth/ldap_dir.h ldap_dir_check): 0 when the
** directory answered, -1 otherwise; why says what happened either way. */
int directory_ldap_test(const struct config *cfg, char *why, size_t cap);

#endif
