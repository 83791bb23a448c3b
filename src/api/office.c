/* The admins' settings page (issue #21 item 7): the office's name, logo and
** letterhead, the outgoing mail server and the desk rules (svc/office.h,
** svc/desk_rules.h), and a test mail.
** The SMTP password is write-only: answers say only whether it is set. */
#include "api/api.h"
#include "api/json.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/reply.h"
#include "svc/office.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int reply_office(struct req *rq, struct db *db, unsigned status)
{
    struct office_settings o;
    if (svc_office_get(db, rq->app->cfg, rq->arena, &o, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    json_t *j = json_pack(
        "{s:s, s:b, s:s, s:s?, s:s, s:I, s:s, s:s, s:b, s:s, s:b, s:o}", "org_name", o.org_name,
        "org_name_from_db", o.org_name_db, "letterhead", o.letterhead, "logo_url",
        *o.logo_type ? "/api/v1/settings/logo" : NULL, "smtp_host", o.smtp_host, "smtp_port",
        (json_int_t)o.smtp_port, "smtp_tls", o.smtp_tls, "smtp_user", o.smtp_user,
        "smtp_password_set", o.smtp_password_set, "mail_from", o.mail_from, "mail_from_db",
        o.mail_db,
        /* what takes effect when: documents and the test mail read the
        ** settings at each use; the mail worker connects at start */
        "restart_needed", json_pack("[s]", "mail_worker"));
    /* the desk rules in force (svc/desk_rules.h) */
    json_object_set_new(j, "agent_close", json_boolean(o.agent_close));
    json_object_set_new(j, "tag_before_resolve", json_boolean(o.tag_before_resolve));
    return reply_json(rq, status, j);
}

int api_office_get(struct req *rq)
{
    struct db *db = req_db(rq);
    if (!db)
        return reply_err(rq, &rq->err);
    return reply_office(rq, db, 200);
}

/* A string member as given (empty allowed: it clears), or NULL when absent;
** a non-string is a field error. */
static const char *member(struct req *rq, json_t *body, const char *key)
{
    json_t *v = json_object_get(body, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
        err_field(&rq->err, key, "harus teks", "must be a string");
        return NULL;
    }
    return json_string_value(v);
}

int api_office_put(struct req *rq)
{
    json_t *body;
    struct db *db = req_db(rq);
    if (!db || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    struct office_change c = {.smtp_port = -1};
    c.agent_close = api_flag(rq, body, "agent_close");
    c.tag_before_resolve = api_flag(rq, body, "tag_before_resolve");
    c.org_name = member(rq, body, "org_name");
    c.letterhead = member(rq, body, "letterhead");
    c.smtp_host = member(rq, body, "smtp_host");
    c.smtp_tls = member(rq, body, "smtp_tls");
    c.smtp_user = member(rq, body, "smtp_user");
    c.mail_from = member(rq, body, "mail_from");
    c.smtp_password = member(rq, body, "smtp_password");
    if (c.smtp_password && !*c.smtp_password)
        c.smtp_password = NULL; /* an empty box keeps the stored password */
    json_t *port = json_object_get(body, "smtp_port");
    if (json_is_integer(port))
        c.smtp_port = (long)json_integer_value(port);
    else if (port && !json_is_null(port))
        err_field(&rq->err, "smtp_port", "harus bilangan bulat", "must be an integer");
    if (c.org_name && !*c.org_name)
        err_field(&rq->err, "org_name", "wajib diisi", "is required");
    if (rq->err.n_fields)
        return reply_err(rq, (err_set(&rq->err, ERR_INVALID, "validation", "data tidak valid",
                                      "invalid data"),
                              &rq->err));
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_office_put(db, &c, rq->user->p.id, rq->ip, rq->arena, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_office(rq, db, 200);
}

int api_office_logo_get(struct req *rq)
{
    struct db *db = req_db(rq);
    struct office_settings o;
    if (!db || svc_office_get(db, rq->app->cfg, rq->arena, &o, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    const char *path = svc_office_logo_path(rq->app->cfg, rq->arena);
    FILE *f = *o.logo_type ? fopen(path, "rb") : NULL;
    if (!f)
        return reply_error(rq, ERR_NOT_FOUND, "settings.no_logo", "belum ada logo",
                           "no logo has been uploaded");
    char *buf = arena_alloc(rq->arena, OFFICE_LOGO_MAX + 1);
    size_t n = fread(buf, 1, OFFICE_LOGO_MAX + 1, f);
    fclose(f);
    return reply_bytes(rq, 200, o.logo_type, buf, n);
}

/* The file is written (fsync, rename) before the commit: a crash in
** between leaves a logo file without its setting, never the reverse. */
static int write_logo(struct req *rq, const char *path)
{
    const char *dir = arena_printf(rq->arena, "%s/branding", config_files_dir(rq->app->cfg));
    const char *tmp = arena_printf(rq->arena, "%s.tmp", path);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        goto fail;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0)
        goto fail;
    bool ok = write(fd, rq->body, rq->body_len) == (ssize_t)rq->body_len && fsync(fd) == 0;
    close(fd);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        goto fail;
    }
    return 0;
fail:
    if (err_errno_full(errno))
        return err_storage_full(&rq->err);
    log_msg(LOG_ERROR, "settings: cannot write the logo %s: %s", path, strerror(errno));
    return err_text(&rq->err, ERR_INTERNAL, "internal", "logo tidak dapat disimpan",
                    "cannot store the logo");
}

static int logo_change(struct req *rq, bool remove)
{
    struct db *db = req_db(rq);
    const char *type = NULL;
    if (!db)
        return reply_err(rq, &rq->err);
    if (!remove && svc_office_logo_check(rq->body, rq->body ? rq->body_len : 0, &type,
                                         &rq->err) != 0)
        return reply_err(rq, &rq->err);
    const char *path = svc_office_logo_path(rq->app->cfg, rq->arena);
    if (!remove && write_logo(rq, path) != 0)
        return reply_err(rq, &rq->err);
    if (db_begin(db, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    if (svc_office_logo_set(db, rq->app->cfg, type, rq->user->p.id, rq->ip, rq->arena,
                            &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    if (remove)
        unlink(path);
    return reply_office(rq, db, 200);
}

int api_office_logo_put(struct req *rq)
{
    return logo_change(rq, false);
}

int api_office_logo_delete(struct req *rq)
{
    return logo_change(rq, true);
}

int api_office_test_mail(struct req *rq)
{
    json_t *body;
    struct db *db = req_db(rq);
    const char *to;
    if (!db || api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    api_text_field(rq, body, "to", 254, true, &to);
    if (rq->err.n_fields)
        return reply_err(rq, (err_set(&rq->err, ERR_INVALID, "validation", "data tidak valid",
                                      "invalid data"),
                              &rq->err));
    bool sent;
    char why[256];
    if (svc_office_test_mail(db, rq->app->cfg, rq->arena, to, &sent, why, sizeof why,
                             &rq->err) != 0)
        return reply_err(rq, &rq->err);
    /* the attempt is the answer, whatever the server said: 200 either way */
    return reply_json(rq, 200,
                      json_pack("{s:b, s:s, s:s}", "sent", sent, "to", to, "detail",
                                sent ? "accepted by the mail server" : why));
}
