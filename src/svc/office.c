/* The office's settings edited by admins (svc/office.h): the settings
** table's office.* and mail.* keys over loket.conf. */
#include "svc/office.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/office_parse.h"
#include "notify/mime.h"
#include "notify/smtp.h"
#include "svc/desk_rules.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A stored value or NULL (absent, empty or unreadable). */
static const char *get(struct db *db, const char *key, struct arena *a)
{
    const char *v = NULL;
    struct err ignore = {0};
    if (db_setting_get(db, key, a, &v, &ignore) != 0 || !v || !*v)
        return NULL;
    return v;
}

/* loket.conf's smtp_url into the page's fields (core/office_parse.h). */
static void parse_url(const char *url, struct arena *a, struct office_settings *o)
{
    struct smtp_url_parts u;
    office_smtp_url_split(url, &u);
    o->smtp_host = arena_strdup(a, u.host);
    o->smtp_port = u.host[0] ? u.port : 0;
    o->smtp_tls = u.tls;
}

int svc_office_get(struct db *db, const struct config *cfg, struct arena *a,
                   struct office_settings *out, struct err *err)
{
    (void)err;
    memset(out, 0, sizeof *out);
    const char *name = get(db, "office.org_name", a);
    out->org_name_db = name != NULL;
    out->org_name = name ? name : cfg->org_name;
    const char *lh = get(db, "office.letterhead", a);
    out->letterhead = lh ? lh : "";
    const char *lt = get(db, "office.logo_type", a);
    out->logo_type = lt ? lt : "";
    const char *host = get(db, "mail.smtp_host", a);
    out->mail_db = host != NULL;
    if (host) {
        out->smtp_host = host;
        const char *port = get(db, "mail.smtp_port", a), *tls = get(db, "mail.smtp_tls", a);
        out->smtp_tls = tls ? tls : "none";
        out->smtp_port = port ? strtol(port, NULL, 10) : !strcmp(out->smtp_tls, "tls") ? 465 : 25;
        const char *user = get(db, "mail.smtp_user", a);
        out->smtp_user = user ? user : "";
        out->smtp_password_set = get(db, "mail.smtp_password", a) != NULL;
    } else {
        parse_url(cfg->smtp_url, a, out);
        out->smtp_user = cfg->smtp_user ? cfg->smtp_user : "";
        out->smtp_password_set = cfg->smtp_password && *cfg->smtp_password;
    }
    const char *from = get(db, "mail.from", a);
    out->mail_from = from ? from : cfg->mail_from;
    struct desk_rules r = desk_rules_get(db, cfg, a);
    out->agent_close = r.agent_close;
    out->tag_before_resolve = r.tag_before_resolve;
    return 0;
}

const char *svc_office_name(struct db *db, const struct config *cfg, struct arena *a)
{
    const char *name = db ? get(db, "office.org_name", a) : NULL;
    return name ? name : cfg->org_name;
}

const char *svc_office_letterhead(struct db *db, struct arena *a)
{
    return db ? get(db, "office.letterhead", a) : NULL;
}

static bool has_ctl(const char *s, bool newlines)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && !(newlines && (*p == '\n' || *p == '\r'))) || *p == 0x7f)
            return true;
    return false;
}

/* A host name or address: letters, digits, dots, dashes, colons (IPv6). */
static bool host_ok(const char *s)
{
    if (strlen(s) > 253)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']'))
            return false;
    return true;
}

static int put(struct db *db, const char *key, const char *v, json_t *changed, struct err *err)
{
    json_array_append_new(changed, json_string(key));
    return db_setting_set(db, key, v, err);
}

int svc_office_put(struct db *db, const struct office_change *c, int64_t by, const char *ip,
                   struct arena *a, struct err *err)
{
    if (c->org_name && (strlen(c->org_name) > 200 || has_ctl(c->org_name, false)))
        err_field(err, "org_name", "nama instansi paling panjang 200 karakter, satu baris",
                  "the organisation name is one line of at most 200 characters");
    if (c->letterhead &&
        (strlen(c->letterhead) > OFFICE_LETTERHEAD_MAX || has_ctl(c->letterhead, true)))
        err_field(err, "letterhead", "kop surat paling panjang 1000 karakter",
                  "the letterhead is at most 1000 characters");
    if (c->smtp_host && *c->smtp_host && !host_ok(c->smtp_host))
        err_field(err, "smtp_host", "nama server tidak sah", "not a valid host name");
    if (c->smtp_port > 65535 || c->smtp_port < -1)
        err_field(err, "smtp_port", "port antara 1 dan 65535", "a port between 1 and 65535");
    if (c->smtp_tls && strcmp(c->smtp_tls, "none") && strcmp(c->smtp_tls, "starttls") &&
        strcmp(c->smtp_tls, "tls"))
        err_field(err, "smtp_tls", "pilih none, starttls atau tls",
                  "one of none, starttls or tls");
    if (c->smtp_user && (strlen(c->smtp_user) > 200 || has_ctl(c->smtp_user, false)))
        err_field(err, "smtp_user", "nama pengguna tidak sah", "not a valid user name");
    if (c->smtp_password && (strlen(c->smtp_password) > 200 || has_ctl(c->smtp_password, false)))
        err_field(err, "smtp_password", "kata sandi tidak sah", "not a valid password");
    if (c->mail_from && *c->mail_from &&
        (strlen(c->mail_from) > 200 || has_ctl(c->mail_from, false) || !strchr(c->mail_from, '@')))
        err_field(err, "mail_from", "alamat pengirim tidak sah", "not a valid sender address");
    if (err->n_fields)
        return err_text(err, ERR_INVALID, "validation", "data tidak valid", "invalid data");
    json_t *changed = json_array();
    char port[24];
    snprintf(port, sizeof port, "%ld", c->smtp_port > 0 ? c->smtp_port : 0);
    int rc = 0;
    if (rc == 0 && c->org_name)
        rc = put(db, "office.org_name", c->org_name, changed, err);
    if (rc == 0 && c->letterhead)
        rc = put(db, "office.letterhead", c->letterhead, changed, err);
    if (rc == 0 && c->smtp_host)
        rc = put(db, "mail.smtp_host", c->smtp_host, changed, err);
    if (rc == 0 && c->smtp_port >= 0)
        rc = put(db, "mail.smtp_port", c->smtp_port ? port : "", changed, err);
    if (rc == 0 && c->smtp_tls)
        rc = put(db, "mail.smtp_tls", c->smtp_tls, changed, err);
    if (rc == 0 && c->smtp_user)
        rc = put(db, "mail.smtp_user", c->smtp_user, changed, err);
    if (rc == 0 && c->smtp_password) /* the audit says it changed, never to what */
        rc = put(db, "mail.smtp_password", c->smtp_password, changed, err);
    if (rc == 0 && c->mail_from)
        rc = put(db, "mail.from", c->mail_from, changed, err);
    /* the same keys desk_rules_get reads, so the change applies at once */
    if (rc == 0 && c->agent_close >= 0)
        rc = put(db, "agent_close", c->agent_close ? "true" : "false", changed, err);
    if (rc == 0 && c->tag_before_resolve >= 0)
        rc = put(db, "tag_before_resolve", c->tag_before_resolve ? "true" : "false", changed,
                 err);
    json_t *d = json_pack("{s:o}", "changed", changed);
    char *detail = json_dumps(d, JSON_COMPACT);
    json_decref(d);
    const char *det = detail ? arena_strdup(a, detail) : NULL;
    free(detail);
    if (rc == 0)
        rc = db_audit_add(db, by, "update", "settings", 0, det, ip, err);
    return rc;
}

int svc_office_logo_check(const void *b, size_t n, const char **type, struct err *err)
{
    if (n > OFFICE_LOGO_MAX)
        return err_set(err, ERR_TOO_LARGE, "settings.logo_too_large",
                       "logo paling besar %d KB", "the logo may be at most %d KB",
                       OFFICE_LOGO_MAX / 1024);
    /* the bytes decide, never a name or a header the client sent */
    if (!(*type = office_logo_type(b, n)))
        return err_text(err, ERR_UNSUPPORTED, "settings.logo_type",
                        "logo harus berkas PNG atau JPEG", "the logo must be a PNG or JPEG file");
    return 0;
}

const char *svc_office_logo_path(const struct config *cfg, struct arena *a)
{
    return arena_printf(a, "%s/branding/logo", config_files_dir(cfg));
}

int svc_office_logo_set(struct db *db, const struct config *cfg, const char *type, int64_t by,
                        const char *ip, struct arena *a, struct err *err)
{
    bool png = type && !strcmp(type, "image/png");
    /* report PDFs draw PNG only (cairo); a JPEG logo shows in the web app */
    if (db_setting_set(db, "office.logo_type", type ? type : "", err) != 0 ||
        db_setting_set(db, "report_logo_path", png ? svc_office_logo_path(cfg, a) : "", err) != 0)
        return err->kind;
    return db_audit_add(db, by, type ? "update_logo" : "delete_logo", "settings", 0, NULL, ip,
                        err);
}

int svc_office_mail(struct db *db, const struct config *cfg, struct arena *a,
                    struct office_mail *out, struct err *err)
{
    const char *host = get(db, "mail.smtp_host", a);
    const char *from = get(db, "mail.from", a);
    out->from = from ? from : cfg->mail_from;
    if (!host) {
        out->url = cfg->smtp_url ? cfg->smtp_url : "";
        out->user = cfg->smtp_user ? cfg->smtp_user : "";
        out->password = cfg->smtp_password ? cfg->smtp_password : "";
    } else {
        struct office_settings o;
        if (svc_office_get(db, cfg, a, &o, err) != 0)
            return err->kind;
        out->url = arena_printf(a, "%s://%s:%ld%s", !strcmp(o.smtp_tls, "tls") ? "smtps" : "smtp",
                                o.smtp_host, o.smtp_port,
                                !strcmp(o.smtp_tls, "starttls") ? "?starttls" : "");
        out->user = o.smtp_user;
        const char *pw = get(db, "mail.smtp_password", a);
        out->password = pw ? pw : "";
    }
    if (!*out->url)
        return err_text(err, ERR_CONFLICT, "settings.no_mail_server",
                        "server email belum diatur", "no mail server is set");
    return 0;
}

void svc_office_mail_at_start(struct db *db, struct config *cfg)
{
    struct arena *a = arena_new();
    struct err err = {0};
    struct office_mail m;
    if (get(db, "mail.smtp_host", a) && svc_office_mail(db, cfg, a, &m, &err) == 0) {
        config_set(cfg, "smtp_url", m.url, &err);
        config_set(cfg, "smtp_user", m.user, &err);
        config_set(cfg, "smtp_password", m.password, &err);
    }
    const char *from = get(db, "mail.from", a);
    if (from)
        config_set(cfg, "mail_from", from, &err);
    arena_free(a);
}

int svc_office_test_mail(struct db *db, const struct config *cfg, struct arena *a,
                         const char *to, bool *sent, char *why, size_t why_len,
                         struct err *err)
{
    struct office_mail m;
    *sent = false;
    why[0] = 0;
    if (svc_office_mail(db, cfg, a, &m, err) != 0)
        return err->kind;
    char from[320], rcpt[320];
    mime_bare_addr(m.from, from, sizeof from);
    mime_bare_addr(to, rcpt, sizeof rcpt);
    if (!strchr(rcpt, '@'))
        return err_invalid(err, "to", "alamat tujuan tidak sah", "not a valid address");
    const char *name = svc_office_name(db, cfg, a);
    char msg_id[256], thread[256];
    mime_ids(m.from, (int64_t)time(NULL), NULL, msg_id, sizeof msg_id, thread, sizeof thread);
    struct mail_msg msg = {
        .from_name = name, .from_addr = from, .to_addr = rcpt,
        .subject = arena_printf(a, "[%s] Email uji / test mail", name),
        .text = "Ini email uji dari halaman Pengaturan Loket: pengaturan email berfungsi.\n\n"
                "This is a test mail from Loket's settings page: mail settings work.\n",
        /* the message is always multipart/alternative (notify/mime.c) */
        .html = "<p>Ini email uji dari halaman Pengaturan Loket: pengaturan email berfungsi."
                "</p><p>This is a test mail from Loket's settings page: mail settings work.</p>",
        .message_id = msg_id, .date = (int64_t)time(NULL)};
    size_t len = 0;
    char *body = mime_build(&msg, &len);
    if (!body)
        return err_invalid(err, "to", "pesan tidak dapat dibuat", "cannot build the message");
    struct smtp *s = smtp_new(m.url, m.user, m.password, cfg->smtp_ca_file);
    enum smtp_outcome out = s ? smtp_send(s, from, rcpt, body, len, why, why_len) : SMTP_RETRY;
    if (!s)
        snprintf(why, why_len, "out of memory");
    smtp_free(s);
    free(body);
    *sent = out == SMTP_SENT;
    return 0;
}
