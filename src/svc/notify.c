/* Outbox rows for ticket notifications. Nothing is sent here: the rows are
** written in the caller's transaction and a worker sends them later. */
#include "svc/svc.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/jw.h"
#include "core/ticket.h"
#include "svc/wa_notify.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The template variables as JSON text, keys sorted. Written with jw rather
** than built as jansson objects and dumped: that was a tenth of the batch
** writer's CPU while tickets were created. */
static const char *vars_text(struct db *db, struct arena *a, const struct config *cfg,
                             const struct ticket *t, const struct user_auth *u)
{
    struct user_auth req_user = {0};
    struct err ignore = {0};
    if (u->p.id == t->requester_id) /* the usual case: tell the requester */
        req_user = *u;
    else if (db_user_by_id(db, t->requester_id, a, &req_user, &ignore) != 0)
        memset(&req_user, 0, sizeof req_user);
    enum ticket_status st = TS_NEW;
    ticket_status_parse(t->status, &st);
    enum locale loc = u->locale && !strcmp(u->locale, "en") ? LOC_EN : LOC_ID;
    /* mail to an outside vendor leaves out what its agents may not read */
    struct perm_obj o = svc_ticket_perm_obj(t);
    if (!perm_can(&u->p, ACT_TICKET_VIEW_CONTACTS, &o))
        req_user.email = req_user.nip = NULL;
    struct jw w;
    jw_init(&w, a);
    jw_obj(&w, NULL);
    jw_str(&w, "agent", t->assignee_name);
    jw_str(&w, "app_name", cfg->org_name);
    /* Where the ticket came in (web, email, whatsapp ...): templates may
    ** word a mail differently for requests made by phone or WhatsApp. */
    jw_str(&w, "channel", t->channel ? t->channel : "web");
    jw_str(&w, "link", arena_printf(a, "%s/#/tickets/%s", cfg->base_url, t->number));
    jw_str(&w, "recipient_name", u->name);
    jw_str(&w, "requester_email", req_user.email);
    jw_str(&w, "requester_name", req_user.name);
    jw_str(&w, "requester_nip", req_user.nip);
    jw_str(&w, "service", t->service_name);
    jw_str(&w, "status", t->status);
    jw_str(&w, "status_label", ticket_status_label(st, loc));
    jw_str(&w, "ticket_number", t->number);
    jw_str(&w, "title", t->title);
    jw_end(&w, '}');
    return jw_text(&w, NULL);
}

/* text (an object's JSON) with more's members put after its own; more is
** an object's JSON too. malloc'd, NULL when out of memory. */
static char *splice(const char *text, const char *more)
{
    size_t n = strlen(text), m = more ? strlen(more) : 0;
    if (m <= 2) /* none: {} */
        return strdup(text);
    char *out = malloc(n + m);
    if (out) {
        memcpy(out, text, n - 1); /* without its } */
        out[n - 1] = ',';
        memcpy(out + n, more + 1, m); /* without its {, with its NUL */
    }
    return out;
}

/* text with extra's variables added (extra's value wins, as
** json_object_update). Only extra is dumped, after the ticket's own
** variables: loading those back into jansson to merge and dumping it all
** again was a tenth of a booking's time in the writer (bench/README.md,
** appointments). A key of both (never in today's callers) takes the
** jansson way. Consumes extra; the result is malloc'd (NULL: no memory). */
static char *with_extra(struct arena *a, const char *text, json_t *extra)
{
    const char *key;
    json_t *v;
    bool clash = false;
    json_object_foreach(extra, key, v) {
        /* jw escapes every quote inside a value: "key": is only ever a key */
        if (strstr(text, arena_printf(a, "\"%s\":", key))) {
            clash = true;
            break;
        }
    }
    char *out;
    if (clash) {
        json_t *vars = json_loads(text, 0, NULL);
        json_object_update(vars, extra);
        out = json_dumps(vars, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(vars);
    } else {
        char *more = json_dumps(extra, JSON_COMPACT | JSON_SORT_KEYS);
        out = more ? splice(text, more) : NULL;
        free(more);
    }
    json_decref(extra);
    return out;
}

json_t *svc_notify_vars(struct db *db, struct arena *a, const struct config *cfg,
                        const struct ticket *t, const struct user_auth *u)
{
    return json_loads(vars_text(db, a, cfg, t, u), 0, NULL);
}

/* Whether u is someone to tell. */
static bool reachable(const struct user_auth *u)
{
    return u->p.active && u->email && !strstr(u->email, ".invalid");
}

/* The recipient, or false when there is nobody to tell. */
static bool recipient(struct db *db, struct arena *a, int64_t user_id, struct user_auth *u)
{
    struct err ignore = {0};
    return user_id && db_user_by_id(db, user_id, a, u, &ignore) == 0 && reachable(u);
}

static int queue(struct db *db, const struct ticket *t, const char *template_key,
                 const struct user_auth *u, const char *vars, struct err *err)
{
    enum locale loc = u->locale && !strcmp(u->locale, "en") ? LOC_EN : LOC_ID;
    struct outbox_row o = {.ticket_id = t->id, .recipient_id = u->p.id, .recipient = u->email,
                           .channel = "email", .template_key = template_key,
                           .locale = loc == LOC_EN ? "en" : "id", .vars = vars,
                           .created_at = (int64_t)time(NULL)};
    return db_outbox_add(db, &o, err);
}

int svc_notify(struct db *db, struct arena *a, const struct config *cfg, const struct ticket *t,
               const char *template_key, int64_t user_id, json_t *extra, struct err *err)
{
    bool mail = true; /* issue #22 item 4: the WhatsApp copy, and whether mail still goes */
    int wrc = svc_wa_notify(db, a, cfg, t, template_key, user_id, extra, &mail, err);
    if (wrc != 0 || !mail) {
        json_decref(extra);
        return wrc;
    }
    struct user_auth u;
    if (!recipient(db, a, user_id, &u)) {
        json_decref(extra);
        return 0; /* nobody to tell */
    }
    const char *text = vars_text(db, a, cfg, t, &u);
    char *merged = NULL;
    if (extra) /* a reason, a summary ... */
        if (!(text = merged = with_extra(a, text, extra)))
            return err_set(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    int rc = queue(db, t, template_key, &u, text, err);
    free(merged);
    return rc;
}

int svc_notify_text(struct db *db, struct arena *a, const struct config *cfg,
                    const struct ticket *t, const char *template_key, int64_t user_id,
                    const char *more, struct err *err)
{
    struct user_auth u;
    if (!recipient(db, a, user_id, &u))
        return 0;
    return svc_notify_text_to(db, a, cfg, t, template_key, &u, more, err);
}

int svc_notify_text_to(struct db *db, struct arena *a, const struct config *cfg,
                       const struct ticket *t, const char *template_key,
                       const struct user_auth *u, const char *more, struct err *err)
{
    if (!u || !reachable(u))
        return 0;
    char *text = splice(vars_text(db, a, cfg, t, u), more);
    if (!text)
        return err_set(err, ERR_INTERNAL, "internal", "memori habis", "out of memory");
    int rc = queue(db, t, template_key, u, text, err);
    free(text);
    return rc;
}

int svc_notify_admins(struct db *db, struct arena *a, const struct config *cfg,
                      const struct ticket *t, const char *template_key, json_t *extra,
                      struct err *err)
{
    struct rec_query q = {.sort_field = -1, .page = 1, .per_page = 200, .n_filters = 2};
    q.filters[0].field = resource_field(&res_users, "role");
    q.filters[0].val = (struct value){.set = true, .s = "admin"};
    q.filters[1].field = resource_field(&res_users, "active");
    q.filters[1].val = (struct value){.set = true, .i = 1};
    struct record **items;
    size_t n;
    int64_t total;
    int rc = db_rec_list(db, &res_users, &q, a, &items, &n, &total, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = svc_notify(db, a, cfg, t, template_key, items[i]->id, json_incref(extra), err);
    json_decref(extra);
    return rc;
}
