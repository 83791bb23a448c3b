/* The admins' "Direktori" status on the settings page (issue #22 item 5):
** whether sign-in with the office directory over LDAP is configured, how,
** and a connection test. The bind password is never shown, only whether it
** is set; a URL with credentials is masked (core/url_mask.h). */
#include "api/api.h"
#include "auth/directory_map.h"
#include "core/config.h"
#include "core/url_mask.h"
#include "http/reply.h"
#include "svc/directory_login.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *masked(const char *s)
{
    char *m = url_mask_dup(s ? s : "");
    json_t *v = json_string(m ? m : "");
    free(m);
    return v;
}

/* The group mapping as rows, or the parse error. */
static void add_map(json_t *o, const char *text)
{
    struct dir_map *m = malloc(sizeof *m);
    char why[256];
    if (!m)
        return;
    if (dir_map_parse(text, m, why, sizeof why) != 0) {
        json_object_set_new(o, "group_map_error", json_string(why));
    } else {
        json_t *rows = json_array();
        for (size_t i = 0; i < m->n; i++)
            json_array_append_new(
                rows, json_pack("{s:s, s:s, s:o, s:o}", "group", m->e[i].group, "role",
                                m->e[i].role, "tier",
                                m->e[i].tier ? json_integer(m->e[i].tier) : json_null(), "unit_id",
                                m->e[i].unit_id ? json_integer(m->e[i].unit_id) : json_null()));
        json_object_set_new(o, "group_map", rows);
    }
    free(m);
}

/* Only admins learn that these routes exist: the rest get the 404 of an
** unknown address. */
static bool hidden(struct req *rq, int *rc)
{
    if (perm_can(&rq->user->p, ACT_SETTINGS_WRITE, NULL))
        return false;
    *rc = reply_error(rq, ERR_NOT_FOUND, "not_found", "alamat tidak ditemukan",
                      "no such endpoint");
    return true;
}

int api_directory_ldap_get(struct req *rq)
{
    const struct config *c = rq->app->cfg;
    int rc;
    if (hidden(rq, &rc))
        return rc;
    bool on = c->ldap_url && *c->ldap_url;
    json_t *o = json_pack("{s:b, s:o, s:b, s:s, s:o, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
                          "s:s, s:s, s:I}",
                          "configured", on, "url", masked(c->ldap_url), "starttls", c->ldap_starttls,
                          "mode", c->ldap_user_dn[0] ? "bind_dn_template" : "search_then_bind",
                          "bind_dn", masked(c->ldap_bind_dn), "bind_password_set",
                          c->ldap_bind_password && *c->ldap_bind_password, "user_dn",
                          c->ldap_user_dn, "base_dn", c->ldap_base_dn, "user_filter",
                          c->ldap_user_filter, "attr_name", c->ldap_attr_name, "attr_email",
                          c->ldap_attr_email, "attr_nip", c->ldap_attr_nip, "group_attr",
                          c->ldap_group_attr, "group_base", c->ldap_group_base, "group_filter",
                          c->ldap_group_filter, "unmapped", c->ldap_unmapped, "timeout_seconds",
                          (json_int_t)c->ldap_timeout_seconds);
    add_map(o, c->ldap_group_map);
    return reply_json(rq, 200, json_pack("{s:o}", "ldap", o));
}

int api_directory_ldap_test(struct req *rq)
{
    const struct config *c = rq->app->cfg;
    int rc;
    if (hidden(rq, &rc))
        return rc;
    if (!c->ldap_url || !*c->ldap_url)
        return reply_error(rq, ERR_CONFLICT, "directory.not_configured",
                           "masuk lewat direktori (LDAP) belum dikonfigurasi",
                           "sign-in with the directory (LDAP) is not configured");
    char why[256];
    bool ok = directory_ldap_test(c, why, sizeof why) == 0;
    /* the attempt is the answer, whatever the directory said: 200 either way */
    return reply_json(rq, 200, json_pack("{s:b, s:s}", "ok", ok, "detail", why));
}
