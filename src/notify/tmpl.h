/* A small logic-less template renderer for notification mails: a subset of
** mustache. Our own code instead of a library so that admins' templates can
** never run code, read files or include other templates.
**
**   {{name}}        value, HTML-escaped when rendering an HTML part
**   {{{name}}}      value, never escaped ({{&name}} is the same)
**   {{#name}}..{{/name}}  shown when name is truthy; an array repeats the
**                   block once per item with the item on top of the context
**   {{^name}}..{{/name}}  shown when name is falsy (missing, null, false,
**                   "", []); 0 counts as truthy, as in the mustache spec
**   {{! comment }}  dropped
** Names are looked up from the innermost section outwards; "a.b" walks into
** objects and "." is the current item. Partials ({{>x}}) and delimiter
** changes ({{=<% %>=}}) are refused as errors, not ignored, so a template
** written for a full mustache engine fails loudly at save time. */
#ifndef LOKET_TMPL_H
#define LOKET_TMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum {
    TMPL_MAX_NEST = 16,           /* nested sections */
    TMPL_MAX_OUT = 1 << 20,       /* bytes of output */
    TMPL_MAX_STEPS = 1000000,     /* tags visited, bounds nested array loops */
};

/* Where and why a template was refused. line and column are 1-based; the
** column counts UTF-8 characters, not bytes. */
struct tmpl_error {
    int line, column;
    char msg[160]; /* English */
};

/* Checks the syntax of src[0..len) without rendering. Returns 0, or
** ERR_INVALID with e filled (the position of the offending tag). */
int tmpl_check(const char *src, size_t len, struct tmpl_error *e);

/* Renders src[0..len) with ctx (a JSON object, may be NULL). html selects
** escaping of {{name}}. On success *out is a malloc'd NUL-terminated string
** the caller frees (and *out_len its length, when out_len is not NULL).
** Returns 0, ERR_INVALID on a syntax error, or ERR_TOO_LARGE when the output
** or the work would pass the limits above; e says where. */
int tmpl_render(const char *src, size_t len, const json_t *ctx, bool html, char **out,
                size_t *out_len, struct tmpl_error *e);

#endif
