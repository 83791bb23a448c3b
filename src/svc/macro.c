/* Applying a macro (svc/macro.h): one step per action, each the ticket
** service the agent would call by hand, in the caller's transaction. */
#include "svc/macro.h"
#include "core/arena.h"
#include "core/macro.h"
#include "core/resource.h"
#include "notify/templates.h"
#include "notify/tmpl.h"
#include "svc/svc.h"
#include "svc/ticket_svc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct value *mv(const struct record *m, const char *name)
{
    return &m->v[resource_field(&res_macros, name)];
}

static const char *mtext(const struct record *m, const char *name)
{
    const struct value *v = mv(m, name);
    return v->null || !v->s || !*v->s ? NULL : v->s;
}

static int invalid(struct err *err, const char *field, const char *msg_id, const char *msg_en)
{
    err_set(err, ERR_INVALID, "macro.invalid", "Makro tidak valid", "Invalid macro");
    err_field(err, field, msg_id, msg_en);
    return ERR_INVALID;
}

int svc_macro_check(struct db *db, struct arena *a, const struct record *m, struct err *err)
{
    struct macro_tags tl;
    if (macro_tags_read(mtext(m, "tags"), &tl, err) != 0)
        return err->kind;
    for (size_t i = 0; i < tl.n; i++) {
        const char *name = arena_strndup(a, tl.v[i].s, tl.v[i].len);
        int64_t id = svc_tag_find(db, a, name, true, err);
        if (id < 0)
            return err->kind;
        if (id == 0)
            return invalid(err, "tags", arena_printf(a, "label tidak dikenal: %s", name),
                           arena_printf(a, "unknown tag: %s", name));
    }
    const char *assign = mtext(m, "assign");
    if (assign && !strcmp(assign, "user")) {
        struct user_auth u;
        struct err ignore = {0};
        int64_t uid = mv(m, "assignee_id")->null ? 0 : mv(m, "assignee_id")->i;
        if (!uid || db_user_by_id(db, uid, a, &u, &ignore) != 0 || !u.p.active ||
            (u.p.role != ROLE_AGENT && u.p.role != ROLE_ADMIN))
            return invalid(err, "assignee_id", "petugas tidak ada atau tidak aktif",
                           "the assignee does not exist or is not active");
    }
    const char *body = mtext(m, "body");
    struct tmpl_error te;
    if (body && tmpl_check(body, strlen(body), &te) != 0)
        return invalid(err, "body",
                       arena_printf(a, "templat baris %d kolom %d: %s", te.line, te.column,
                                    te.msg),
                       arena_printf(a, "template line %d column %d: %s", te.line, te.column,
                                    te.msg));
    return 0;
}

/* The reply as the requester will read it: the mail templates' variables
** of t for its requester, and agent_name. */
static int render(struct db *db, const struct actor *who, struct arena *a, const struct ticket *t,
                  const char *body, const char **out, struct err *err)
{
    struct user_auth req = {0};
    struct err ignore = {0};
    if (db_user_by_id(db, t->requester_id, a, &req, &ignore) != 0)
        memset(&req, 0, sizeof req);
    json_t *vars = svc_notify_vars(db, a, who->cfg, t, &req);
    if (!vars)
        return err_set(err, ERR_INTERNAL, "internal", "kehabisan memori", "out of memory");
    json_object_set_new(vars, "agent_name", json_string(who->user->name ? who->user->name : ""));
    mail_vars_complete(vars, who->cfg);
    char *text = NULL;
    struct tmpl_error te;
    int rc = tmpl_render(body, strlen(body), vars, false, &text, NULL, &te);
    json_decref(vars);
    if (rc != 0)
        return invalid(err, "body", "balasan makro tidak dapat disusun",
                       "the macro's reply cannot be rendered");
    *out = arena_strdup(a, text);
    free(text);
    return 0;
}

static bool has_tag(const struct ticket *t, const char *name)
{
    for (size_t i = 0; i < t->n_tags; i++)
        if (!strcasecmp(t->tags[i], name))
            return true;
    return false;
}

/* The ticket's tags and the macro's new ones, as an edit of the tag set. */
static int add_tags(struct db *db, const struct actor *who, struct arena *a, struct ticket **t,
                    const struct record *m, struct err *err)
{
    struct macro_tags tl;
    if (macro_tags_read(mtext(m, "tags"), &tl, err) != 0)
        return err->kind;
    const char **names = arena_alloc(a, ((*t)->n_tags + tl.n + 1) * sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < (*t)->n_tags; i++)
        names[n++] = (*t)->tags[i];
    for (size_t i = 0; i < tl.n; i++) {
        const char *name = arena_strndup(a, tl.v[i].s, tl.v[i].len);
        if (!has_tag(*t, name))
            names[n++] = name;
    }
    if (n == (*t)->n_tags)
        return 0;
    struct ticket_edit ed = {.version_given = true, .version = (*t)->version, .tags_given = true,
                             .tags = names, .n_tags = n};
    return svc_ticket_edit(db, who, a, (*t)->number, &ed, t, err);
}

int svc_macro_apply(struct db *db, const struct actor *who, struct arena *a, const char *number,
                    int64_t macro_id, struct ticket **out, struct err *err)
{
    struct ticket *t;
    struct record *m;
    if (svc_ticket_load(db, who, a, number, &t, err) != 0)
        return err->kind;
    if (macro_id <= 0 || db_rec_get(db, &res_macros, macro_id, a, &m, err) != 0) {
        if (err->kind && err->kind != ERR_NOT_FOUND)
            return err->kind;
        err_clear(err);
        return err_set(err, ERR_NOT_FOUND, "macro.not_found", "makro tidak ditemukan",
                       "macro not found");
    }
    if (!mv(m, "active")->i)
        return invalid(err, "active", "makro ini tidak aktif", "this macro is switched off");
    if (svc_macro_check(db, a, m, err) != 0)
        return err->kind;
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(&who->user->p, ACT_TICKET_WORK, &o))
        return svc_ticket_forbidden(err);
    const char *name = mtext(m, "name");
    /* first, so the timeline reads: the macro, then what it did */
    if (svc_ticket_event(db, t, who->now, who->user->p.id, "macro", "macro", NULL, name, NULL,
                         true, err) != 0 ||
        db_ticket_get(db, t->number, a, &t, err) != 0)
        return err->kind;

    const char *assign = mtext(m, "assign");
    if (assign) {
        bool self = !strcmp(assign, "self");
        int64_t to = self ? who->user->p.id : mv(m, "assignee_id")->i;
        if (t->assignee_id != to &&
            svc_ticket_assign(db, who, a, t->number, to == who->user->p.id, to, &t, err) != 0)
            return err->kind;
    }
    if (add_tags(db, who, a, &t, m, err) != 0)
        return err->kind;
    const char *body = mtext(m, "body"), *text = NULL;
    bool internal = mv(m, "internal")->i;
    if (body && render(db, who, a, t, body, &text, err) != 0)
        return err->kind;
    if (text && *text &&
        svc_ticket_comment(db, who, a, t, text, internal, &t, err) != 0)
        return err->kind;
    const char *status = mtext(m, "status");
    if (status && strcmp(t->status, status) != 0) {
        struct status_change sc = {.summary = text};
        ticket_status_parse(status, &sc.to);
        if (svc_ticket_transition(db, who, a, t->number, &sc, &t, err) != 0)
            return err->kind;
    }
    *out = t;
    return 0;
}
