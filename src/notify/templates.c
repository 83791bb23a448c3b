/* Default and overridden mail templates (see templates.h). */
#include "notify/templates.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct mail_template *mail_template_default(const char *key, const char *locale)
{
    for (const struct mail_template *t = mail_template_defaults; t->key; t++)
        if (strcmp(t->key, key) == 0 && strcmp(t->locale, locale) == 0)
            return t;
    return NULL;
}

int mail_template_check(const struct mail_template *t, const char **part, struct tmpl_error *e)
{
    const char *parts[3] = {t->subject, t->text, t->html};
    static const char *const names[3] = {"subject", "text", "html"};
    for (int i = 0; i < 3; i++) {
        *part = names[i];
        int rc = tmpl_check(parts[i], strlen(parts[i]), e);
        if (rc != 0)
            return rc;
    }
    const char *nl = strpbrk(t->subject, "\r\n");
    if (nl) {
        *part = "subject";
        e->line = 1;
        e->column = 1;
        for (const char *p = t->subject; p < nl; p++)
            if (((unsigned char)*p & 0xC0) != 0x80)
                e->column++;
        snprintf(e->msg, sizeof e->msg, "the subject must be a single line");
        return ERR_INVALID;
    }
    return 0;
}

int mail_template_resolve(struct db *db, const char *key, const char *locale, struct arena *a,
                          struct mail_template *out, bool *custom, struct err *err)
{
    if (!locale || !mail_template_default(key, locale))
        locale = "id";
    const struct mail_template *def = mail_template_default(key, locale);
    if (!def)
        return err_set(err, ERR_NOT_FOUND, "template.not_found", "templat %s tidak dikenal",
                       "unknown template %s", key);
    struct mail_template_row row;
    struct err e2 = {0};
    int rc = db ? db_mail_template_get(db, key, locale, a, &row, &e2) : ERR_NOT_FOUND;
    if (rc == 0) {
        *out = (struct mail_template){row.key, row.locale, row.subject, row.text, row.html};
        *custom = true;
        return 0;
    }
    if (rc != ERR_NOT_FOUND) {
        *err = e2;
        return rc;
    }
    *out = *def;
    *custom = false;
    return 0;
}

int mail_template_render(const struct mail_template *t, const json_t *vars,
                         struct mail_rendered *out, const char **part, struct tmpl_error *e)
{
    memset(out, 0, sizeof *out);
    int rc;
    *part = "subject";
    if ((rc = tmpl_render(t->subject, strlen(t->subject), vars, false, &out->subject, NULL, e)))
        return rc;
    *part = "text";
    if ((rc = tmpl_render(t->text, strlen(t->text), vars, false, &out->text, NULL, e)) == 0) {
        *part = "html";
        rc = tmpl_render(t->html, strlen(t->html), vars, true, &out->html, NULL, e);
    }
    if (rc != 0)
        mail_rendered_free(out);
    /* A variable may hold a newline; a subject is one header line. */
    for (char *p = out->subject; rc == 0 && *p; p++)
        if (*p == '\r' || *p == '\n')
            *p = ' ';
    return rc;
}

void mail_rendered_free(struct mail_rendered *r)
{
    free(r->subject);
    free(r->text);
    free(r->html);
    memset(r, 0, sizeof *r);
}

static bool flag_value(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

void mail_vars_complete(json_t *vars, const struct config *cfg)
{
    if (!json_is_object(vars))
        return;
    if (!json_object_get(vars, "app_name"))
        json_object_set_new(vars, "app_name", json_string(cfg->org_name));
    if (!json_object_get(vars, "base_url"))
        json_object_set_new(vars, "base_url", json_string(cfg->base_url));
    json_t *flags = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(vars, k, v) {
        if (json_is_string(v) && flag_value(json_string_value(v)) && strlen(k) < 64) {
            char name[100];
            snprintf(name, sizeof name, "%s_%s", k, json_string_value(v));
            json_object_set_new(flags, name, json_true());
        }
    }
    json_object_update_missing(vars, flags);
    json_decref(flags);
}
