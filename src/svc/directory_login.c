/* Sign-in with the office directory over LDAP: the order of local and
** directory accounts, and the Loket user made from the directory's entry
** and groups (svc/directory_login.h). */
#include "svc/directory_login.h"
#include "auth/directory_map.h"
#include "auth/ldap_dir.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "core/resource.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void directory_ldap_opts(const struct config *cfg, struct ldap_dir_opts *o)
{
    *o = (struct ldap_dir_opts){
        .url = cfg->ldap_url,
        .starttls = cfg->ldap_starttls,
        .ca_file = cfg->ldap_ca_file,
        .bind_dn = cfg->ldap_bind_dn,
        .bind_password = cfg->ldap_bind_password,
        .user_dn = cfg->ldap_user_dn,
        .base_dn = cfg->ldap_base_dn,
        .user_filter = cfg->ldap_user_filter,
        .attr_name = cfg->ldap_attr_name,
        .attr_email = cfg->ldap_attr_email,
        .attr_nip = cfg->ldap_attr_nip,
        .group_attr = cfg->ldap_group_attr,
        .group_base = cfg->ldap_group_base,
        .group_filter = cfg->ldap_group_filter,
        .timeout_seconds = cfg->ldap_timeout_seconds,
    };
}

int directory_config_check(const struct config *cfg, struct err *err)
{
    if (!cfg->ldap_url || !*cfg->ldap_url)
        return 0;
    const char *what = NULL;
    char why[256];
    struct dir_map *m = malloc(sizeof *m);
    if (strncmp(cfg->ldap_url, "ldap://", 7) != 0 && strncmp(cfg->ldap_url, "ldaps://", 8) != 0)
        what = "ldap_url must start with ldap:// or ldaps://";
    else if (cfg->ldap_starttls && strncmp(cfg->ldap_url, "ldaps://", 8) == 0)
        what = "ldap_starttls is for ldap:// URLs (ldaps:// is TLS already)";
    else if (strcmp(cfg->ldap_unmapped, "refuse") != 0 &&
             strcmp(cfg->ldap_unmapped, "requester") != 0)
        what = "ldap_unmapped must be refuse or requester";
    else if (!cfg->ldap_user_dn[0] &&
             (!cfg->ldap_base_dn[0] || !strstr(cfg->ldap_user_filter, "%s")))
        what = "set ldap_user_dn, or ldap_base_dn and an ldap_user_filter holding %s";
    else if (cfg->ldap_user_dn[0] && !strstr(cfg->ldap_user_dn, "%s"))
        what = "ldap_user_dn must hold %s where the login goes";
    else if (!m || dir_map_parse("ldap_group_map", cfg->ldap_group_map, m, why, sizeof why) != 0)
        what = m ? why : "out of memory";
    else if (!m->n && strcmp(cfg->ldap_unmapped, "requester") != 0)
        what = "ldap_group_map is empty and ldap_unmapped is refuse: nobody could sign in";
    int rc = what ? err_set(err, ERR_INVALID, "config.invalid", "%s", "%s", what) : 0;
    free(m);
    return rc;
}

static struct value *field(struct record *r, const char *name)
{
    return &r->v[resource_field(&res_users, name)];
}

static struct value text(struct arena *a, const char *s)
{
    return s ? (struct value){.set = true, .s = arena_strdup(a, s)}
             : (struct value){.set = true, .null = true};
}

static bool is_nip(const char *s)
{
    if (!s || strlen(s) != 18)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* The Loket user of directory entry dn (auth_source 'ldap'): its id, 0 if none. */
static int by_dn(struct db *db, struct arena *a, const char *dn, int64_t *id, struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 2, .n_filters = 2};
    q.filters[0].field = resource_field(&res_users, "auth_source");
    q.filters[0].val = (struct value){.set = true, .s = "ldap"};
    q.filters[1].field = resource_field(&res_users, "external_id");
    q.filters[1].val = (struct value){.set = true, .s = dn};
    struct record **items;
    size_t n;
    int64_t total;
    *id = 0;
    if (db_rec_list(db, &res_users, &q, a, &items, &n, &total, err) != 0)
        return err->kind;
    if (n)
        *id = items[0]->id;
    return 0;
}

/* The user's account source ("local" when the column is empty). */
static const char *source_of(struct db *db, struct arena *a, int64_t id)
{
    struct record *r;
    struct err e = {0};
    if (db_rec_get(db, &res_users, id, a, &r, &e) != 0)
        return "";
    const struct value *v = field(r, "auth_source");
    return v->null || !v->s ? "local" : v->s;
}

/* Writes the directory's view of the user (id 0 = a new one) in its own
** transaction; *id gets the user's id. map NULL = refused: an existing
** user's sessions and tokens end instead. */
static int save_user(struct db *db, struct arena *a, const char *ip, const struct ldap_dir_user *du,
                     const struct dir_map_entry *map, const char *login, int64_t *id,
                     struct err *err)
{
    struct record *old = NULL, *r = record_new(a, &res_users);
    if (*id && db_rec_get(db, &res_users, *id, a, &old, err) != 0)
        return err->kind;
    *field(r, "name") = text(a, du->name && *du->name ? du->name : login);
    *field(r, "email") = text(a, du->email);
    if (is_nip(du->nip))
        *field(r, "nip") = text(a, du->nip);
    *field(r, "role") = text(a, map->role);
    *field(r, "tier") = map->tier ? (struct value){.set = true, .i = map->tier}
                                  : (struct value){.set = true, .null = true};
    *field(r, "unit_id") = map->unit_id ? (struct value){.set = true, .i = map->unit_id}
                                        : (struct value){.set = true, .null = true};
    if (strcmp(map->role, "agent") != 0)
        *field(r, "partner_admin") = (struct value){.set = true, .i = 0};
    *field(r, "auth_source") = text(a, "ldap");
    *field(r, "external_id") = text(a, du->dn);
    if (!old)
        record_apply_defaults(&res_users, r);
    if (record_validate(&res_users, r, !old, err) != 0 || record_user_rules(r, old, err) != 0)
        return err->kind;
    if (db_begin(db, err) != 0)
        return err->kind;
    int rc = old ? db_rec_update(db, &res_users, *id, r, err)
                 : db_rec_create(db, &res_users, r, err);
    if (rc == 0 && !old)
        *id = r->id;
    if (rc != 0 ||
        db_audit_add(db, *id, old ? "update" : "create", "users", *id,
                     "{\"source\":\"ldap\"}", ip, err) != 0 ||
        db_commit(db, err) != 0) {
        db_rollback(db);
        return err->kind ? err->kind : ERR_INTERNAL;
    }
    return 0;
}

/* A directory user in no mapped group (ldap_unmapped = refuse): whatever
** sessions and API tokens the Loket account still holds end now. */
static void cut_off(struct db *db, int64_t id)
{
    struct err e = {0};
    if (!id || db_begin(db, &e) != 0)
        return;
    if (db_user_revoke_access(db, id, NULL, &e) != 0 || db_commit(db, &e) != 0)
        db_rollback(db);
}

static enum dir_login after_bind(struct db *db, const struct config *cfg, struct arena *a,
                                 const char *ip, const char *login, const struct user_auth *known,
                                 const struct ldap_dir_user *du, const struct dir_map *m,
                                 struct user_auth *out)
{
    struct err err = {0};
    int64_t id = 0;
    if (by_dn(db, a, du->dn, &id, &err) != 0) {
        log_msg(LOG_ERROR, "directory sign-in: %s", err.msg[LOC_EN]);
        return DIR_LOGIN_FAIL;
    }
    /* the entry moved (a new DN): the directory account the login named by
    ** e-mail, when the directory gives the same address */
    if (!id && known && du->email && known->email && !strcasecmp(du->email, known->email) &&
        !strcmp(source_of(db, a, known->p.id), "ldap")) /* never a local account */
        id = known->p.id;
    const struct dir_map_entry *hit = dir_map_match(m, (const char *const *)du->groups,
                                                    du->n_groups);
    static const struct dir_map_entry requester = {.role = "requester"};
    if (!hit && !strcmp(cfg->ldap_unmapped, "requester"))
        hit = &requester;
    if (!hit) {
        log_msg(LOG_INFO, "directory sign-in refused: %s is in no mapped group", du->dn);
        cut_off(db, id);
        return DIR_LOGIN_FAIL;
    }
    if (!du->email || !*du->email) {
        log_msg(LOG_WARN, "directory sign-in refused: %s has no %s", du->dn, cfg->ldap_attr_email);
        return DIR_LOGIN_FAIL;
    }
    int rc = save_user(db, a, ip, du, hit, login, &id, &err);
    int64_t again = 0;
    /* two first sign-ins of one person at once: the loser updates what
    ** the winner created */
    if (rc == ERR_CONFLICT && !id && by_dn(db, a, du->dn, &again, &err) == 0 && again) {
        err = (struct err){0};
        id = again;
        rc = save_user(db, a, ip, du, hit, login, &id, &err);
    }
    if (rc != 0) {
        /* a local account with the same e-mail or NIP is never taken over */
        log_msg(LOG_WARN, "directory sign-in of %s not saved: %s%s%s", du->dn, err.msg[LOC_EN],
                err.n_fields ? " " : "", err.n_fields ? err.fields[0].name : "");
        return DIR_LOGIN_FAIL;
    }
    if (db_user_by_id(db, id, a, out, &err) != 0)
        return DIR_LOGIN_FAIL;
    return DIR_LOGIN_OK;
}

bool directory_login_applies(struct db *db, const struct config *cfg, struct arena *a,
                             const struct user_auth *known)
{
    if (!cfg->ldap_url || !*cfg->ldap_url)
        return false;
    /* local (and OIDC) accounts never ask the directory */
    return !known || strcmp(source_of(db, a, known->p.id), "ldap") == 0;
}

enum dir_login directory_login_finish(struct db *db, const struct config *cfg, struct arena *a,
                                      const char *ip, const char *login,
                                      const struct user_auth *known, int ldap_rc,
                                      const struct ldap_dir_user *du, const char *why,
                                      struct user_auth *out)
{
    if (ldap_rc != LDAP_DIR_OK) {
        log_msg(ldap_rc == LDAP_DIR_DENIED ? LOG_INFO : LOG_WARN, "directory sign-in refused: %s",
                why);
        return DIR_LOGIN_FAIL;
    }
    struct user_auth k;
    if (known) {
        k = *known; /* out may be known */
        known = &k;
    }
    struct dir_map *m = malloc(sizeof *m);
    char bad[256];
    enum dir_login res = DIR_LOGIN_FAIL;
    if (!m)
        return res;
    /* checked at start */
    if (dir_map_parse("ldap_group_map", cfg->ldap_group_map, m, bad, sizeof bad) != 0)
        log_msg(LOG_ERROR, "directory sign-in: %s", bad);
    else
        res = after_bind(db, cfg, a, ip, login, known, du, m, out);
    free(m);
    return res;
}
