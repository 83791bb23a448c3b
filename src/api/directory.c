/* The admins' "Direktori" status on the settings page (issue #22 item 5):
** whether sign-in with the office directory over LDAP is configured, how,
** and a connection test. The bind password is never shown, only whether it
** is set; a URL with credentials is masked (core/url_mask.h). */
#include "api/directory.h"
#include "api/api.h"
#include "auth/directory_map.h"
#include "auth/ldap_dir.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/url_mask.h"
#include "http/reply.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the directory on a thread of its own --------------------------------
** The request is suspended (http/http.h req_suspend) while a detached
** thread talks to the directory; it resumes the request, whose handler
** then runs again and finds the answer in rq->job. At most DIR_RUNNING
** such threads at once: beyond that a sign-in fails (logged) rather than
** pile threads up against a directory that does not answer. */

enum { DIR_RUNNING = 32 };
static atomic_int running;

struct dir_job {
    struct req *rq;
    bool login;                 /* a sign-in (else the admins' test) */
    struct ldap_dir_opts o;
    char *name, *password;      /* the sign-in's login and password (arena) */
    struct ldap_dir_user du;
    int rc;
    char why[256];
    atomic_bool done;           /* set by the thread before it resumes the request */
};

/* Whatever run of the handler ends the request, the directory's answer is
** freed with its arena. */
static void job_free(void *p)
{
    ldap_dir_user_free(&((struct dir_job *)p)->du);
}

static void *dir_thread(void *arg)
{
    struct dir_job *j = arg;
    j->rc = j->login ? ldap_dir_login(&j->o, j->name, j->password, &j->du, j->why, sizeof j->why)
                     : ldap_dir_check(&j->o, j->why, sizeof j->why);
    j->done = true;
    atomic_fetch_sub(&running, 1);
    req_resume(j->rq); /* the request (and j, in its arena) may end now */
    return NULL;
}

/* Suspends rq and starts j on its thread; false (nothing started) when too
** many wait already. */
static bool start(struct req *rq, struct dir_job *j, int (*again)(struct req *rq))
{
    if (atomic_fetch_add(&running, 1) >= DIR_RUNNING) {
        atomic_fetch_sub(&running, 1);
        log_msg(LOG_WARN, "directory: %d requests already wait on the directory", DIR_RUNNING);
        return false;
    }
    j->rq = rq;
    directory_ldap_opts(rq->app->cfg, &j->o);
    rq->job = j;
    req_db_release(rq); /* no pooled connection held while waiting */
    req_suspend(rq, again); /* before the thread can resume it */
    pthread_t th;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &at, dir_thread, j) != 0) {
        atomic_fetch_sub(&running, 1);
        j->rc = LDAP_DIR_ERROR;
        snprintf(j->why, sizeof j->why, "no thread for the directory");
        j->done = true;
        req_resume(rq);
    }
    pthread_attr_destroy(&at);
    return true;
}

enum dir_login api_directory_login(struct req *rq, struct db *db, const char *login,
                                   const char *password, const struct user_auth *known,
                                   struct user_auth *out, int (*again)(struct req *rq))
{
    const struct config *cfg = rq->app->cfg;
    struct dir_job *j = rq->job;
    if (j && j->done && j->login) { /* the second run: the directory answered */
        rq->job = NULL;
        enum dir_login r = directory_login_finish(db, cfg, rq->arena, rq->ip, login, known,
                                                  j->rc, &j->du, j->why, out);
        memset(j->password, 0, strlen(j->password));
        return r;
    }
    if (!directory_login_applies(db, cfg, rq->arena, known))
        return DIR_LOGIN_SKIP;
    j = arena_alloc(rq->arena, sizeof *j);
    arena_defer(rq->arena, job_free, j);
    j->login = true;
    j->name = arena_strdup(rq->arena, login);
    j->password = arena_strdup(rq->arena, password);
    return start(rq, j, again) ? DIR_LOGIN_PENDING : DIR_LOGIN_FAIL;
}

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
    if (dir_map_parse("ldap_group_map", text, m, why, sizeof why) != 0) {
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
                          "configured", on, "url", masked(c->ldap_url), "starttls",
                          c->ldap_starttls,
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
    struct dir_job *j = rq->job;
    if (!j || !j->done) { /* first run: ask the directory on its own thread */
        j = arena_alloc(rq->arena, sizeof *j);
        if (start(rq, j, api_directory_ldap_test))
            return 0;
        return reply_error(rq, ERR_UNAVAILABLE, "server.busy", "server sedang sibuk",
                           "the server is busy");
    }
    rq->job = NULL;
    /* the attempt is the answer, whatever the directory said: 200 either way */
    return reply_json(rq, 200,
                      json_pack("{s:b, s:s}", "ok", j->rc == LDAP_DIR_OK, "detail", j->why));
}
