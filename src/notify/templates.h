/* Mail templates: the defaults built into the binary (src/notify/templates/,
** embedded by tools/embed_templates.py), admins' overrides from the store,
** and rendering all three parts of a mail from an outbox row's variables. */
#ifndef LOKET_NOTIFY_TEMPLATES_H
#define LOKET_NOTIFY_TEMPLATES_H

#include "notify/tmpl.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>

struct config;

struct mail_template {
    const char *key, *locale, *subject, *text, *html;
};

/* Every default, sorted by key then locale; ends with a {0} entry. */
extern const struct mail_template mail_template_defaults[];

/* The default for key in locale; NULL when there is none. */
const struct mail_template *mail_template_default(const char *key, const char *locale);

/* Checks the three parts. Returns 0, or ERR_INVALID with *part set to
** "subject", "text" or "html" and e to the position. A subject must also be
** one line (a newline would break the mail header). */
int mail_template_check(const struct mail_template *t, const char **part, struct tmpl_error *e);

/* The template in use for key/locale: the admin's override when there is
** one, else the default; unknown locales fall back to "id". Strings live in
** a (or are static). *custom tells which. ERR_NOT_FOUND template.not_found
** for an unknown key. */
int mail_template_resolve(struct db *db, const char *key, const char *locale, struct arena *a,
                          struct mail_template *out, bool *custom, struct err *err);

struct mail_rendered {
    char *subject, *text, *html; /* malloc'd; mail_rendered_free */
};

/* Renders the three parts with vars (text and subject unescaped, html
** escaped). Returns 0 or the renderer's error with *part and e set. */
int mail_template_render(const struct mail_template *t, const json_t *vars,
                         struct mail_rendered *out, const char **part, struct tmpl_error *e);
void mail_rendered_free(struct mail_rendered *r);

/* Completes an outbox row's variables before rendering: app_name and
** base_url from the config when missing, and for every short lower-case
** string value V of a variable X a boolean X_V = true ("decision_approved",
** "status_resolved", "channel_email", "target_resolution"), since logic-less
** templates cannot compare strings. */
void mail_vars_complete(json_t *vars, const struct config *cfg);

#endif
