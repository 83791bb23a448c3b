/* "Laporkan masalah aplikasi": any signed-in user reports a problem with
** Loket itself (what went wrong, on which page). The report is filed as a
** ticket of the configured service (app_problem_service_id in loket.conf,
** else the one `loket demo` set up) and acknowledged with seed 000's
** template 9 (app_problem_reported) instead of the "ticket created" mail. A
** screenshot follows as an ordinary attachment of the returned ticket. */
#include "api/api.h"
#include "api/json.h"
#include "api/ticket_common.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/ticket.h"
#include "http/reply.h"
#include "svc/svc.h"

#include <stdlib.h>
#include <string.h>

enum { WHAT_MAX = 5000, URL_MAX = 2000, AGENT_MAX = 500, TITLE_WORDS = 120 };

/* A string member of at most max bytes (no NUL inside), or NULL when absent;
** a field error when it is something else. */
static const char *text(struct req *rq, json_t *body, const char *key, size_t max)
{
    json_t *v = json_object_get(body, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v) || json_string_length(v) > max ||
        strlen(json_string_value(v)) != json_string_length(v)) {
        char id[64], en[64];
        snprintf(id, sizeof id, "teks, maksimal %zu karakter", max);
        snprintf(en, sizeof en, "text of at most %zu characters", max);
        err_field(&rq->err, key, id, en);
        return NULL;
    }
    return json_string_value(v);
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* The title: "Masalah aplikasi: " and the report's first line, cut at a
** character boundary so the title stays valid UTF-8. */
static const char *title_of(struct arena *a, const char *what)
{
    while (*what == ' ' || *what == '\t' || *what == '\n' || *what == '\r')
        what++;
    size_t n = strcspn(what, "\r\n");
    if (n > TITLE_WORDS) {
        n = TITLE_WORDS;
        while (n > 0 && ((unsigned char)what[n] & 0xC0) == 0x80)
            n--;
    }
    return arena_printf(a, "Masalah aplikasi: %.*s%s", (int)n, what,
                        what[n] && what[n] != '\r' && what[n] != '\n' ? "…" : "");
}

/* The configured service: loket.conf first, else the store's setting. */
static int64_t service_id(struct req *rq, struct db *db)
{
    if (rq->app->cfg->app_problem_service_id)
        return rq->app->cfg->app_problem_service_id;
    const char *v = NULL;
    struct err ignore = {0};
    if (db_setting_get(db, "app_problem_service_id", rq->arena, &v, &ignore) != 0 || !v)
        return 0;
    return strtoll(v, NULL, 10);
}

int api_app_problems_create(struct req *rq)
{
    json_t *body;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    const char *what = text(rq, body, "what", WHAT_MAX);
    const char *page = text(rq, body, "page_url", URL_MAX);
    if (!rq->err.n_fields && blank(what))
        err_field(&rq->err, "what", "ceritakan apa yang salah", "say what went wrong");
    if (rq->err.n_fields) {
        err_set(&rq->err, ERR_INVALID, "validation", "Data tidak valid", "Invalid data");
        return reply_err(rq, &rq->err);
    }
    const char *agent = req_header(rq, "User-Agent");
    struct ticket *t = arena_alloc(rq->arena, sizeof *t);
    const struct principal *me = &rq->user->p;
    t->title = title_of(rq->arena, what);
    t->description = arena_printf(rq->arena, "%s\n\nHalaman: %s\nPeramban: %.*s", what,
                                  page && *page ? page : "-", AGENT_MAX,
                                  agent && *agent ? agent : "-");
    t->channel = "web";
    t->requester_id = me->id;
    t->unit_id = me->unit_id;
    t->created_by = me->id;
    struct db *db = req_db(rq);
    if (!db || db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    struct record *svc = NULL;
    int64_t sid = service_id(rq, db);
    if (!sid || db_rec_get(db, &res_services, sid, rq->arena, &svc, &rq->err) != 0 ||
        !svc->v[resource_field(&res_services, "active")].i ||
        strcmp(svc->v[resource_field(&res_services, "kind")].s, "ticket") != 0) {
        db_rollback(db);
        err_clear(&rq->err);
        return reply_error(rq, ERR_UNAVAILABLE, "app_problem.no_service",
                           "layanan untuk laporan masalah aplikasi belum diatur "
                           "(app_problem_service_id)",
                           "no service is set for application problem reports "
                           "(app_problem_service_id)");
    }
    const struct value *cat = &svc->v[resource_field(&res_services, "category_id")];
    const struct value *prio = &svc->v[resource_field(&res_services, "priority_id")];
    t->service_id = svc->id;
    t->category_id = cat->null ? 0 : cat->i;
    t->priority_id = prio->null ? 0 : prio->i;
    struct ticket *saved;
    if (svc_ticket_open_ack(db, rq->arena, rq->app->cfg, t, false, ticket_now(),
                            "app_problem_reported", &saved, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_ticket(rq, 201, saved);
}
