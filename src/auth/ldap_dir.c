/* LDAP sign-in with libldap's synchronous calls, each bounded by
** LDAP_OPT_NETWORK_TIMEOUT / LDAP_OPT_TIMEOUT (auth/ldap_dir.h). One
** connection per sign-in: libldap handles are not shared between threads
** here, and a sign-in is rare next to other requests. */
#define LDAP_DEPRECATED 0
#include "auth/ldap_dir.h"
#include "auth/directory_map.h"

#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

enum { DN_MAX = 2048 };

/* why = what + detail; returns rc. */
static int say(char *why, size_t cap, int rc, const char *what, const char *detail)
{
    snprintf(why, cap, "%s%s", what, detail);
    return rc;
}

/* Opens and configures a handle; StartTLS when asked. */
static int open_conn(const struct ldap_dir_opts *o, LDAP **out, char *why, size_t cap)
{
    LDAP *ld = NULL;
    *out = NULL;
    if (!o->url || !*o->url)
        return say(why, cap, LDAP_DIR_ERROR, "", "ldap_url is not set");
    if (strncmp(o->url, "ldap://", 7) != 0 && strncmp(o->url, "ldaps://", 8) != 0)
        return say(why, cap, LDAP_DIR_ERROR, "", "ldap_url must start with ldap:// or ldaps://");
    int rc = ldap_initialize(&ld, o->url);
    if (rc != LDAP_SUCCESS)
        return say(why, cap, LDAP_DIR_ERROR, "ldap_url: ", ldap_err2string(rc));
    int version = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, zero = 0;
    struct timeval tv = {.tv_sec = o->timeout_seconds > 0 ? o->timeout_seconds : 5};
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
    ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
    if (o->ca_file && *o->ca_file)
        ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, o->ca_file);
    ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero);
    if (o->starttls && strncmp(o->url, "ldap://", 7) == 0 &&
        (rc = ldap_start_tls_s(ld, NULL, NULL)) != LDAP_SUCCESS) {
        ldap_unbind_ext_s(ld, NULL, NULL);
        return say(why, cap, LDAP_DIR_ERROR, "StartTLS: ", ldap_err2string(rc));
    }
    *out = ld;
    return LDAP_DIR_OK;
}

static int bind_as(LDAP *ld, const char *dn, const char *password)
{
    struct berval cred = {.bv_val = (char *)(password ? password : ""),
                          .bv_len = password ? strlen(password) : 0};
    return ldap_sasl_bind_s(ld, dn && *dn ? dn : NULL, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
}

static int search(LDAP *ld, const struct ldap_dir_opts *o, const char *base, int scope,
                  const char *filter, char **attrs, int limit, LDAPMessage **res)
{
    struct timeval tv = {.tv_sec = o->timeout_seconds > 0 ? o->timeout_seconds : 5};
    *res = NULL;
    return ldap_search_ext_s(ld, base, scope, filter, attrs, 0, NULL, NULL, &tv, limit, res);
}

/* The first value of attr in e, malloc'd; NULL when none or attr is "". */
static char *first_value(LDAP *ld, LDAPMessage *e, const char *attr)
{
    if (!attr || !*attr)
        return NULL;
    struct berval **v = ldap_get_values_len(ld, e, attr);
    char *s = NULL;
    if (v && v[0] && (s = malloc(v[0]->bv_len + 1))) {
        memcpy(s, v[0]->bv_val, v[0]->bv_len);
        s[v[0]->bv_len] = 0;
    }
    ldap_value_free_len(v);
    return s;
}

static void add_group(struct ldap_dir_user *u, const char *dn, size_t len)
{
    char **g = realloc(u->groups, (u->n_groups + 1) * sizeof *g);
    if (!g)
        return;
    u->groups = g;
    if ((g[u->n_groups] = malloc(len + 1))) {
        memcpy(g[u->n_groups], dn, len);
        g[u->n_groups++][len] = 0;
    }
}

/* The user's entry e's attributes, then the groups (attribute or search). */
static int read_user(LDAP *ld, const struct ldap_dir_opts *o, LDAPMessage *e,
                     struct ldap_dir_user *u, char *why, size_t cap)
{
    char *dn = ldap_get_dn(ld, e);
    if (!dn)
        return say(why, cap, LDAP_DIR_ERROR, "", "entry without a DN");
    u->dn = strdup(dn);
    ldap_memfree(dn);
    u->name = first_value(ld, e, o->attr_name);
    u->email = first_value(ld, e, o->attr_email);
    u->nip = first_value(ld, e, o->attr_nip);
    if (o->group_attr && *o->group_attr) {
        struct berval **v = ldap_get_values_len(ld, e, o->group_attr);
        for (size_t i = 0; v && v[i]; i++)
            add_group(u, v[i]->bv_val, v[i]->bv_len);
        ldap_value_free_len(v);
        return LDAP_DIR_OK;
    }
    if (!o->group_filter || !*o->group_filter)
        return LDAP_DIR_OK;
    char esc[DN_MAX * 3], filter[DN_MAX * 4];
    if (!u->dn || dir_filter_escape(u->dn, esc, sizeof esc) >= sizeof esc ||
        dir_format(o->group_filter, esc, filter, sizeof filter) >= sizeof filter)
        return say(why, cap, LDAP_DIR_ERROR, "", "group filter too long");
    const char *base = o->group_base && *o->group_base ? o->group_base : o->base_dn;
    char *attrs[] = {LDAP_NO_ATTRS, NULL};
    LDAPMessage *res;
    int rc = search(ld, o, base, LDAP_SCOPE_SUBTREE, filter, attrs, 500, &res);
    if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
        ldap_msgfree(res);
        return say(why, cap, LDAP_DIR_ERROR, "group search: ", ldap_err2string(rc));
    }
    for (LDAPMessage *g = ldap_first_entry(ld, res); g; g = ldap_next_entry(ld, g)) {
        char *gdn = ldap_get_dn(ld, g);
        if (gdn)
            add_group(u, gdn, strlen(gdn));
        ldap_memfree(gdn);
    }
    ldap_msgfree(res);
    return LDAP_DIR_OK;
}

/* Finds the login's one entry: by the DN template (bound as the user
** first) or by the filter under the service account (bound as the user
** after). Leaves the connection bound as the user on success. */
static int find_and_bind(LDAP *ld, const struct ldap_dir_opts *o, const char *login,
                         const char *password, struct ldap_dir_user *u, char *why, size_t cap)
{
    char *attrs[] = {(char *)o->attr_name, (char *)o->attr_email, (char *)o->attr_nip,
                     (char *)(o->group_attr && *o->group_attr ? o->group_attr : NULL), NULL};
    for (size_t i = 0, j = 0; i < sizeof attrs / sizeof attrs[0]; i++) /* drop empty names */
        if (!attrs[i] || *attrs[i])
            attrs[j++] = attrs[i];
    char esc[1024], target[DN_MAX];
    LDAPMessage *res = NULL;
    int rc;
    bool template = o->user_dn && *o->user_dn;
    if (template) {
        if (dir_dn_escape(login, esc, sizeof esc) >= sizeof esc ||
            dir_format(o->user_dn, esc, target, sizeof target) >= sizeof target)
            return say(why, cap, LDAP_DIR_DENIED, "", "login too long");
        if ((rc = bind_as(ld, target, password)) != LDAP_SUCCESS)
            return say(why, cap, rc == LDAP_INVALID_CREDENTIALS ? LDAP_DIR_DENIED : LDAP_DIR_ERROR,
                       "user bind: ", ldap_err2string(rc));
        rc = search(ld, o, target, LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 1, &res);
    } else {
        if (dir_filter_escape(login, esc, sizeof esc) >= sizeof esc ||
            dir_format(o->user_filter, esc, target, sizeof target) >= sizeof target)
            return say(why, cap, LDAP_DIR_DENIED, "", "login too long");
        if ((rc = bind_as(ld, o->bind_dn, o->bind_password)) != LDAP_SUCCESS)
            return say(why, cap, LDAP_DIR_ERROR, "service bind: ", ldap_err2string(rc));
        rc = search(ld, o, o->base_dn, LDAP_SCOPE_SUBTREE, target, attrs, 2, &res);
    }
    if (rc == LDAP_SIZELIMIT_EXCEEDED || (rc == LDAP_SUCCESS && ldap_count_entries(ld, res) > 1)) {
        ldap_msgfree(res);
        return say(why, cap, LDAP_DIR_DENIED, "", "the login matches more than one entry");
    }
    if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT) {
        ldap_msgfree(res);
        return say(why, cap, LDAP_DIR_ERROR, "user search: ", ldap_err2string(rc));
    }
    LDAPMessage *e = rc == LDAP_SUCCESS ? ldap_first_entry(ld, res) : NULL;
    if (!e) {
        ldap_msgfree(res);
        return say(why, cap, LDAP_DIR_DENIED, "", "no such user in the directory");
    }
    rc = read_user(ld, o, e, u, why, cap);
    ldap_msgfree(res);
    if (rc != LDAP_DIR_OK || template)
        return rc;
    /* the password is tried last, against the one entry found */
    if ((rc = bind_as(ld, u->dn, password)) != LDAP_SUCCESS)
        return say(why, cap, rc == LDAP_INVALID_CREDENTIALS ? LDAP_DIR_DENIED : LDAP_DIR_ERROR,
                   "user bind: ", ldap_err2string(rc));
    return LDAP_DIR_OK;
}

int ldap_dir_login(const struct ldap_dir_opts *o, const char *login, const char *password,
                   struct ldap_dir_user *out, char *why, size_t cap)
{
    memset(out, 0, sizeof *out);
    if (cap)
        why[0] = 0;
    if (!login || !*login || !password || !*password) /* an empty bind is anonymous */
        return say(why, cap, LDAP_DIR_DENIED, "", "empty login or password");
    LDAP *ld;
    int rc = open_conn(o, &ld, why, cap);
    if (rc != LDAP_DIR_OK)
        return rc;
    rc = find_and_bind(ld, o, login, password, out, why, cap);
    ldap_unbind_ext_s(ld, NULL, NULL);
    if (rc != LDAP_DIR_OK)
        ldap_dir_user_free(out);
    return rc;
}

int ldap_dir_check(const struct ldap_dir_opts *o, char *why, size_t cap)
{
    LDAP *ld;
    if (cap)
        why[0] = 0;
    int rc = open_conn(o, &ld, why, cap);
    if (rc != LDAP_DIR_OK)
        return rc;
    if ((rc = bind_as(ld, o->bind_dn, o->bind_password)) != LDAP_SUCCESS) {
        ldap_unbind_ext_s(ld, NULL, NULL);
        return say(why, cap, LDAP_DIR_ERROR, "service bind: ", ldap_err2string(rc));
    }
    LDAPMessage *res;
    char *attrs[] = {LDAP_NO_ATTRS, NULL};
    rc = search(ld, o, o->base_dn ? o->base_dn : "", LDAP_SCOPE_BASE, "(objectClass=*)", attrs,
                1, &res);
    ldap_msgfree(res);
    ldap_unbind_ext_s(ld, NULL, NULL);
    if (rc != LDAP_SUCCESS)
        return say(why, cap, LDAP_DIR_ERROR, "reading the base DN: ", ldap_err2string(rc));
    return say(why, cap, LDAP_DIR_OK, "", "connected, bound and read the base DN");
}

void ldap_dir_user_free(struct ldap_dir_user *u)
{
    free(u->dn);
    free(u->name);
    free(u->email);
    free(u->nip);
    for (size_t i = 0; i < u->n_groups; i++)
        free(u->groups[i]);
    free(u->groups);
    memset(u, 0, sizeof *u);
}
