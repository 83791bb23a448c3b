/* Signing in against the office directory over LDAP (issue #22 item 5,
** Debian's libldap): a simple bind as the user, found either by a DN
** template or by a search under a service account, then the user's name,
** e-mail, NIP and groups. Every network step is bounded by the timeout, so
** a dead directory holds one request worker at most a few seconds. No
** password is ever written into why. */
#ifndef LOKET_LDAP_DIR_H
#define LOKET_LDAP_DIR_H

#include <stdbool.h>
#include <stddef.h>

struct ldap_dir_opts {
    const char *url;            /* ldap://host[:port] or ldaps://host[:port] */
    bool starttls;              /* ldap:// upgraded with StartTLS before any bind */
    const char *ca_file;        /* PEM CA bundle; "" = the system's */
    const char *bind_dn;        /* service account for the search; "" = anonymous */
    const char *bind_password;
    const char *user_dn;        /* "uid=%s,ou=people,..." = bind directly, no search */
    const char *base_dn;        /* where users are searched */
    const char *user_filter;    /* "(uid=%s)"; %s = the login, escaped (RFC 4515) */
    const char *attr_name, *attr_email, *attr_nip;
    const char *group_attr;     /* "memberOf": the user's groups as DNs; "" = search */
    const char *group_base;     /* group search base; "" = base_dn */
    const char *group_filter;   /* "(member=%s)"; %s = the user's DN, escaped */
    long timeout_seconds;
};

/* What the directory says about a user who signed in (malloc'd strings). */
struct ldap_dir_user {
    char *dn, *name, *email, *nip;
    char **groups;              /* group DNs */
    size_t n_groups;
};

enum ldap_dir_result {
    LDAP_DIR_OK = 0,
    LDAP_DIR_DENIED = 1,        /* unknown login, ambiguous login or wrong password */
    LDAP_DIR_ERROR = 2,         /* unreachable, TLS, service bind, configuration */
};

/* Signs login in with password (never empty: an empty simple bind is an
** anonymous one). On LDAP_DIR_OK fills *out (free with
** ldap_dir_user_free); otherwise why says what failed, for the log. */
int ldap_dir_login(const struct ldap_dir_opts *o, const char *login, const char *password,
                   struct ldap_dir_user *out, char *why, size_t cap);
/* The admins' "test connection": connects (StartTLS if asked), binds as the
** service account (or anonymously) and reads the base DN. LDAP_DIR_OK or
** LDAP_DIR_ERROR with why. */
int ldap_dir_check(const struct ldap_dir_opts *o, char *why, size_t cap);
void ldap_dir_user_free(struct ldap_dir_user *u);

#endif
