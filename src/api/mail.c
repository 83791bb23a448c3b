/* Mail templates and the outbox, for admins: list, read, replace, patch and
** reset templates, preview one against a real ticket, and resend a failed
** notification. Templates are checked before they are stored, so the mail
** worker never meets a template it cannot render. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/reply.h"
#include "notify/templates.h"
#include "svc/svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SUBJECT_MAX = 500, BODY_MAX = 65536 };

static const char *const part_names[3] = {"subject", "text", "html"};

/* 422 template.syntax naming the part, line and column of the first error,
** in the API's error shape plus "part", "line" and "column". */
static int reply_template_error(struct req *rq, const char *part, const struct tmpl_error *e)
{
    err_clear(&rq->err);
    err_set(&rq->err, ERR_INVALID, "template.syntax",
            "templat %s tidak valid: baris %d kolom %d: %s",
            "template %s is invalid: line %d column %d: %s", part, e->line, e->column, e->msg);
    err_field(&rq->err, part, rq->err.msg[LOC_ID], rq->err.msg[LOC_EN]);
    json_t *fields = json_pack("{s:s}", part, rq->err.msg[rq->loc]);
    json_t *body = json_pack("{s:{s:s, s:s, s:o, s:s, s:i, s:i}}", "error", "code",
                             "template.syntax", "message", rq->err.msg[rq->loc], "fields", fields,
                             "part", part, "line", e->line, "column", e->column);
    return reply_json(rq, 422, body);
}

/* The key and locale in the path, checked against the built-in list.
** Replies 404 itself and returns non-zero for an unknown pair. */
static int path_template(struct req *rq, const char **key, const char **locale)
{
    *key = req_param(rq, "key");
    *locale = req_param(rq, "locale");
    if (!*key || !*locale || !mail_template_default(*key, *locale)) {
        reply_error(rq, ERR_NOT_FOUND, "template.not_found",
                    "templat tidak ditemukan (kunci atau bahasa tidak dikenal)",
                    "template not found (unknown key or language)");
        return ERR_NOT_FOUND; /* replied; the caller just returns */
    }
    return 0;
}

static json_t *template_json(const struct mail_template *t, bool custom, int64_t updated_at)
{
    return json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:o}", "key", t->key, "locale", t->locale,
                     "customized", custom, "subject", t->subject, "text", t->text, "html",
                     t->html, "updated_at", custom ? json_time(updated_at) : json_null());
}

/* The template as stored now (override or default) as JSON. */
static int reply_template(struct req *rq, struct db *db, const char *key, const char *locale)
{
    struct mail_template t;
    bool custom;
    if (mail_template_resolve(db, key, locale, rq->arena, &t, &custom, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct mail_template_row row = {0};
    struct err ignore = {0};
    if (custom)
        db_mail_template_get(db, key, locale, rq->arena, &row, &ignore);
    json_t *o = template_json(&t, custom, row.updated_at);
    const struct mail_template *def = mail_template_default(key, locale);
    json_object_set_new(o, "default", json_pack("{s:s, s:s, s:s}", "subject", def->subject,
                                                "text", def->text, "html", def->html));
    return reply_json(rq, 200, o);
}

/* GET /api/v1/mail-templates: every template key and language, with
** whether an admin changed it. */
int api_mail_templates_list(struct req *rq)
{
    struct db *db = req_db(rq);
    struct mail_template_row *rows;
    size_t n;
    if (!db || db_mail_template_list(db, rq->arena, &rows, &n, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *items = json_array();
    int64_t total = 0;
    for (const struct mail_template *d = mail_template_defaults; d->key; d++, total++) {
        const struct mail_template_row *over = NULL;
        for (size_t i = 0; i < n && !over; i++)
            if (!strcmp(rows[i].key, d->key) && !strcmp(rows[i].locale, d->locale))
                over = &rows[i];
        json_array_append_new(items, json_pack("{s:s, s:s, s:b, s:s, s:o}", "key", d->key,
                                               "locale", d->locale, "customized", over != NULL,
                                               "subject", over ? over->subject : d->subject,
                                               "updated_at", over ? json_time(over->updated_at)
                                                                  : json_null()));
    }
    return reply_json(rq, 200, api_list(items, total, 1, total));
}

/* GET /api/v1/mail-templates/{key}/{locale} */
int api_mail_templates_get(struct req *rq)
{
    const char *key, *locale;
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    if (path_template(rq, &key, &locale) != 0)
        return 0;
    return reply_template(rq, db, key, locale);
}

/* Reads subject/text/html from body over *t; all three required when full.
** Replies and returns non-zero on a bad body. */
static int read_parts(struct req *rq, json_t *body, bool full, struct mail_template *t)
{
    const char **dst[3] = {&t->subject, &t->text, &t->html};
    static const size_t max[3] = {SUBJECT_MAX, BODY_MAX, BODY_MAX};
    bool any = false;
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(body, part_names[i]);
        if (!v) {
            if (full)
                err_field(&rq->err, part_names[i], "wajib diisi", "required");
            continue;
        }
        if (!json_is_string(v) || json_string_length(v) > max[i] ||
            strlen(json_string_value(v)) != json_string_length(v)) {
            err_field(&rq->err, part_names[i],
                      "harus teks; subjek paling panjang 500 byte, isi 64 KiB",
                      "must be a string; subject at most 500 bytes, bodies 64 KiB");
            continue;
        }
        *dst[i] = arena_strdup(rq->arena, json_string_value(v));
        any = true;
    }
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v) {
        if (strcmp(k, "subject") && strcmp(k, "text") && strcmp(k, "html"))
            err_field(&rq->err, k, "kolom tidak dikenal", "unknown field");
    }
    if (!any && !rq->err.n_fields)
        err_field(&rq->err, "subject", "tidak ada yang diubah", "nothing to change");
    if (rq->err.n_fields) {
        rq->err.kind = ERR_INVALID;
        snprintf(rq->err.code, sizeof rq->err.code, "validation");
        snprintf(rq->err.msg[LOC_ID], sizeof rq->err.msg[LOC_ID], "data tidak valid");
        snprintf(rq->err.msg[LOC_EN], sizeof rq->err.msg[LOC_EN], "invalid data");
        reply_err(rq, &rq->err);
        return ERR_INVALID;
    }
    return 0;
}

/* PUT (all three parts) and PATCH (any of them). */
static int save(struct req *rq, bool full)
{
    const char *key, *locale;
    struct db *db = req_db(rq);
    json_t *body;
    if (!db)
        return reply_err(rq, &rq->err);
    if (path_template(rq, &key, &locale) != 0)
        return 0;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct mail_template t;
    bool custom;
    if (mail_template_resolve(db, key, locale, rq->arena, &t, &custom, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    err_clear(&rq->err);
    if (read_parts(rq, body, full, &t) != 0)
        return 0;
    const char *part;
    struct tmpl_error e;
    if (mail_template_check(&t, &part, &e) != 0)
        return reply_template_error(rq, part, &e);
    struct mail_template_row row = {.key = key, .locale = locale, .subject = t.subject,
                                    .text = t.text, .html = t.html, .updated_at = ticket_now(),
                                    .updated_by = rq->user->p.id};
    const char *detail = arena_printf(rq->arena, "%s/%s", key, locale);
    if (db_begin(db, &rq->err) != 0 || db_mail_template_put(db, &row, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "update", "mail_templates", 0, detail, rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_template(rq, db, key, locale);
}

/* PUT /api/v1/mail-templates/{key}/{locale} {"subject","text","html"} */
int api_mail_templates_put(struct req *rq) { return save(rq, true); }

/* PATCH /api/v1/mail-templates/{key}/{locale} with any of the three */
int api_mail_templates_patch(struct req *rq) { return save(rq, false); }

/* POST /api/v1/mail-templates/{key}/{locale}/reset: back to the default. */
int api_mail_templates_reset(struct req *rq)
{
    const char *key, *locale;
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    if (path_template(rq, &key, &locale) != 0)
        return 0;
    const char *detail = arena_printf(rq->arena, "%s/%s", key, locale);
    if (db_begin(db, &rq->err) != 0 ||
        db_mail_template_delete(db, key, locale, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "reset", "mail_templates", 0, detail, rq->ip,
                     &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_template(rq, db, key, locale);
}

/* POST /api/v1/mail-templates/{key}/{locale}/preview
** {"ticket": "LKT-...", "vars": {...}, "subject"?, "text"?, "html"?}
** Renders the stored template (or the draft parts given) with the
** variables a mail about that ticket to its requester would carry, plus
** `vars` (for keys without a ticket, e.g. FAQ mails). Nothing is sent. */
int api_mail_templates_preview(struct req *rq)
{
    const char *key, *locale;
    struct db *db = req_db(rq);
    json_t *body;
    if (!db)
        return reply_err(rq, &rq->err);
    if (path_template(rq, &key, &locale) != 0)
        return 0;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct mail_template t;
    bool custom;
    if (mail_template_resolve(db, key, locale, rq->arena, &t, &custom, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    for (int i = 0; i < 3; i++) {
        const char *s = json_str(body, part_names[i]);
        if (s)
            *(i == 0 ? &t.subject : i == 1 ? &t.text : &t.html) = arena_strdup(rq->arena, s);
    }
    const char *part;
    struct tmpl_error e;
    if (mail_template_check(&t, &part, &e) != 0)
        return reply_template_error(rq, part, &e);

    json_t *vars;
    const char *number = json_str(body, "ticket");
    if (number) {
        struct ticket *tk;
        struct user_auth requester;
        if (db_ticket_get(db, number, rq->arena, &tk, &rq->err) != 0 ||
            db_user_by_id(db, tk->requester_id, rq->arena, &requester, &rq->err) != 0)
            return reply_err(rq, &rq->err);
        requester.locale = locale; /* the language being previewed */
        vars = svc_notify_vars(db, rq->arena, rq->app->cfg, tk, &requester);
    } else {
        vars = json_pack("{s:s?}", "recipient_name", rq->user->name);
    }
    json_t *extra = json_object_get(body, "vars");
    if (json_is_object(extra))
        json_object_update(vars, extra);
    mail_vars_complete(vars, rq->app->cfg);
    struct mail_rendered r;
    int rc = mail_template_render(&t, vars, &r, &part, &e);
    if (rc != 0) {
        json_decref(vars);
        return reply_template_error(rq, part, &e);
    }
    json_t *out = json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:o}", "key", key, "locale", locale,
                            "customized", custom, "subject", r.subject, "text", r.text, "html",
                            r.html, "vars", vars);
    mail_rendered_free(&r);
    return reply_json(rq, 200, out);
}

/* POST /api/v1/outbox/{id}/resend: a failed notification goes back to the
** queue with its attempts reset. Only 'failed' rows: a sent one would be a
** second delivery (409 outbox.not_failed). */
int api_outbox_resend(struct req *rq)
{
    struct db *db = req_db(rq);
    int64_t id = req_param_id(rq, "id");
    struct outbox_row o;
    if (!db)
        return reply_err(rq, &rq->err);
    if (db_begin(db, &rq->err) != 0 ||
        db_outbox_resend(db, id, ticket_now(), &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "resend", "outbox", id, NULL, rq->ip,
                     &rq->err) != 0 ||
        /* read inside the transaction: once committed, the mail worker may
        ** claim the row before a later read, and the answer would say
        ** 'sending' instead of what this request did */
        db_outbox_get(db, id, rq->arena, &o, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:I, s:s, s:i}", "id", (json_int_t)o.id, "status",
                                         o.status, "attempts", o.attempts));
}
