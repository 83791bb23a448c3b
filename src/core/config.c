/* Declarative config table in the manner of Redis's static_configs[]. */
#include "core/config.h"
#include "core/die.h"
#include "core/err.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ctype { C_STR, C_LONG, C_BOOL };

struct key {
    const char *name;
    enum ctype type;
    size_t off;
    const char *def;
    long min, max;
    bool secret;
};

#define S(n, d) {#n, C_STR, offsetof(struct config, n), d, 0, 0, false}
#define SECRET(n) {#n, C_STR, offsetof(struct config, n), "", 0, 0, true}
#define L(n, d, lo, hi) {#n, C_LONG, offsetof(struct config, n), d, lo, hi, false}
#define B(n, d) {#n, C_BOOL, offsetof(struct config, n), d, 0, 1, false}

static const struct key keys[] = {
    S(listen, "127.0.0.1:8080"),
    S(data_dir, "./data"),
    S(web_dir, "./web"),
    S(base_url, "http://localhost:8080"),
    S(ticket_prefix, "LKT"),
    SECRET(db_url),
    S(smtp_url, ""),
    S(smtp_user, ""),
    SECRET(smtp_password),
    S(mail_from, "helpdesk@localhost"),
    S(smtp_ca_file, ""),
    S(imap_url, ""),
    S(whatsapp_base_url, "https://graph.facebook.com/v20.0"),
    SECRET(whatsapp_token),
    S(whatsapp_phone_number_id, ""),
    SECRET(whatsapp_app_secret),
    SECRET(whatsapp_verify_token),
    S(tls_cert, ""),
    S(tls_key, ""),
    S(org_name, "Loket"),
    S(attachment_types, "jpg,png,pdf,docx,xlsx,zip"),
    L(attachment_max_mb, "10", 1, 1024),
    L(body_max_kb, "1024", 1, 65536),
    L(workers, "0", 0, 256),
    L(max_connections, "1000", 16, 1000000),
    L(max_connections_per_addr, "128", 0, 1000000),
    L(header_timeout_seconds, "15", 1, 3600),
    L(live_max_streams, "500", 0, 1000000),
    L(live_heartbeat_seconds, "20", 1, 3600),
    L(backup_hour, "2", -1, 23),
    L(backup_keep_days, "30", 1, 3650),
    L(session_hours, "12", 1, 24 * 90),
    L(login_max_failures, "5", 1, 1000),
    L(login_window_minutes, "15", 1, 1440),
    L(login_delay_seconds, "5", 1, 3600),
    L(login_delay_max_seconds, "900", 1, 86400),
    S(trusted_proxies, ""),
    L(shutdown_grace_seconds, "30", 0, 3600),
    L(auto_close_days, "3", 0, 365),
    L(sweep_seconds, "60", 1, 86400),
    L(outbox_poll_ms, "2000", 10, 600000),
    L(outbox_backoff_ms, "30000", 10, 3600000),
    L(outbox_max_attempts, "8", 1, 50),
    B(access_log, "true"),
    S(log_level, "info"),
    B(requester_own_only, "false"),
    S(mail_unknown_senders, "create"),
    L(channel_service_id, "0", 0, 2147483647),
    L(app_problem_service_id, "0", 0, 2147483647),
    S(whatsapp_template, "loket_ticket_update"),
    S(whatsapp_template_lang, "id"),
    L(imap_poll_seconds, "60", 1, 86400),
    L(channel_retry_seconds, "30", 1, 86400),
    S(signup, "demo"),
    L(signup_token_hours, "24", 1, 720),
    L(appointment_reminder_minutes, "1440", 0, 43200),
    L(wa_dialog_minutes, "30", 1, 1440),
    /* issue #21 item 5: the desk's rules; a row of the same name in the
    ** settings table overrides them live (svc/desk_rules.h) */
    B(agent_close, "false"),
    B(tag_before_resolve, "false"),
    /* issue #22 item 3: the webhook worker (notify/webhooks.c) */
    L(webhook_poll_ms, "1000", 10, 600000),
    L(webhook_backoff_ms, "10000", 10, 3600000),
    L(webhook_max_attempts, "8", 1, 50),
    L(webhook_timeout_ms, "5000", 100, 60000),
    /* issue #22 item 4: WhatsApp notifications (docs/whatsapp-notifications.md) */
    B(whatsapp_notify, "true"),
    S(whatsapp_template_status, "loket_status_update"),
    S(whatsapp_template_resolved, "loket_ticket_resolved"),
    S(whatsapp_template_rating, "loket_rating_request"),
    /* issue #22 item 5: sign-in with the office directory over LDAP
    ** (svc/directory_login.h, docs/directory-login.md); off while ldap_url
    ** is empty */
    S(ldap_url, ""),
    B(ldap_starttls, "false"),
    S(ldap_ca_file, ""),
    S(ldap_bind_dn, ""),
    SECRET(ldap_bind_password),
    S(ldap_user_dn, ""),
    S(ldap_base_dn, ""),
    S(ldap_user_filter, "(uid=%s)"),
    S(ldap_attr_name, "cn"),
    S(ldap_attr_email, "mail"),
    S(ldap_attr_nip, "employeeNumber"),
    S(ldap_group_attr, "memberOf"),
    S(ldap_group_base, ""),
    S(ldap_group_filter, "(member=%s)"),
    S(ldap_group_map, ""),
    S(ldap_unmapped, "refuse"),
    L(ldap_timeout_seconds, "5", 1, 60),
    /* issue #22 item 5: OpenID Connect sign-in (docs/directory-login-oidc.md) */
    S(oidc_issuer, ""),
    S(oidc_client_id, ""),
    SECRET(oidc_client_secret),
    S(oidc_scopes, "openid profile email"),
    S(oidc_role_claim, "groups"),
    S(oidc_role_map, "* => requester"),
    S(oidc_button_label, "Direktori Kantor"),
    B(oidc_link_email, "true"),
    /* issue #22 item 2: a fixed "now" for the report scheduler (tests) */
    L(scheduler_now, "0", 0, 253402300799L),
    /* issue #20 item 7: how long an invitation link works (svc/user_invite.h) */
    L(invite_token_hours, "72", 1, 720),
    /* issue #19: the files every node must see (config_files_dir) */
    S(files_dir, ""),
};

static const struct key *find(const char *name)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        die("out of memory");
    return d;
}

static int set(struct config *cfg, const struct key *k, const char *v, struct err *err)
{
    char *base = (char *)cfg + k->off;
    switch (k->type) {
    case C_STR: {
        char **p = (char **)(void *)base;
        free(*p);
        *p = xstrdup(v);
        return 0;
    }
    case C_LONG: {
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (errno || end == v || *end || n < k->min || n > k->max)
            return err_set(err, ERR_INVALID, "config.invalid",
                           "%s harus bilangan bulat antara %ld dan %ld",
                           "%s must be an integer between %ld and %ld", k->name, k->min,
                           k->max);
        *(long *)(void *)base = n;
        return 0;
    }
    case C_BOOL:
        if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "on"))
            *(bool *)(void *)base = true;
        else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no") ||
                 !strcmp(v, "off"))
            *(bool *)(void *)base = false;
        else
            return err_set(err, ERR_INVALID, "config.invalid", "%s harus true atau false",
                           "%s must be true or false", k->name);
        return 0;
    }
    return 0;
}

void config_each(const struct config *cfg, void (*fn)(void *arg, const struct config_item *it),
                 void *arg)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const struct key *k = &keys[i];
        const char *base = (const char *)cfg + k->off;
        struct config_item it = {.key = k->name, .secret = k->secret};
        switch (k->type) {
        case C_STR: {
            const char *v = *(char *const *)(const void *)base;
            it.type = 's';
            it.is_set = v && *v;
            it.str = k->secret ? NULL : (v ? v : "");
            break;
        }
        case C_LONG:
            it.type = 'l';
            it.num = *(const long *)(const void *)base;
            it.is_set = true;
            break;
        case C_BOOL:
            it.type = 'b';
            it.num = *(const bool *)(const void *)base;
            it.is_set = true;
            break;
        }
        fn(arg, &it);
    }
}

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    struct err err;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (set(cfg, &keys[i], keys[i].def, &err) != 0)
            die("bad default for %s", keys[i].name);
}

int config_set(struct config *cfg, const char *key, const char *value, struct err *err)
{
    const struct key *k = find(key);
    if (!k)
        return err_set(err, ERR_INVALID, "config.unknown_key", "kunci konfigurasi tidak dikenal: %s",
                       "unknown configuration key: %s", key);
    return set(cfg, k, value, err);
}

bool config_is_default(const struct config *cfg, const char *key)
{
    const struct key *k = find(key);
    if (!k || k->type != C_STR)
        return false;
    const char *v = *(char *const *)(const void *)((const char *)cfg + k->off);
    return strcmp(v, k->def) == 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

int config_load_file(struct config *cfg, const char *path, struct err *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return err_set(err, ERR_INVALID, "config.unreadable", "tidak dapat membaca %s: %s",
                       "cannot read %s: %s", path, strerror(errno));
    int rc = config_load_stream(cfg, f, path, err);
    fclose(f);
    return rc;
}

int config_load_stream(struct config *cfg, FILE *f, const char *path, struct err *err)
{
    char line[4096];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        /* fgets would hand the rest of a longer line over as a line of its
        ** own, whose "key = value" would then be applied. */
        if (!strchr(line, '\n') && !feof(f)) {
            rc = err_set(err, ERR_INVALID, "config.line_too_long",
                         "%s:%d: baris lebih dari %d karakter",
                         "%s:%d: line longer than %d characters", path, lineno,
                         (int)sizeof line - 2);
            break;
        }
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            rc = err_set(err, ERR_INVALID, "config.syntax", "%s:%d: diharapkan kunci = nilai",
                         "%s:%d: expected key = value", path, lineno);
            break;
        }
        *eq = 0;
        char *key = trim(s), *val = trim(eq + 1);
        size_t n = strlen(val);
        if (n >= 2 && val[0] == '"' && val[n - 1] == '"') {
            val[n - 1] = 0;
            val++;
        }
        if ((rc = config_set(cfg, key, val, err)) != 0) {
            /* Prefix both messages with file:line; copies first, since err is
            ** both the source and the destination. */
            char code[sizeof err->code], id[sizeof err->msg[0]], en[sizeof err->msg[0]];
            snprintf(code, sizeof code, "%s", err->code);
            snprintf(id, sizeof id, "%s", err->msg[LOC_ID]);
            snprintf(en, sizeof en, "%s", err->msg[LOC_EN]);
            err_text(err, ERR_INVALID, code, "", "");
            snprintf(err->msg[LOC_ID], sizeof err->msg[LOC_ID], "%s:%d: %.200s", path, lineno, id);
            snprintf(err->msg[LOC_EN], sizeof err->msg[LOC_EN], "%s:%d: %.200s", path, lineno, en);
            break;
        }
    }
    return rc;
}

int config_load_env(struct config *cfg, struct err *err)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char name[64] = "LOKET_";
        size_t j = 6;
        for (const char *p = keys[i].name; *p && j < sizeof name - 1; p++)
            name[j++] = (char)toupper((unsigned char)*p);
        name[j] = 0;
        const char *v = getenv(name);
        if (v && set(cfg, &keys[i], v, err) != 0)
            return err->kind;
    }
    return 0;
}

const char *config_db_path(const struct config *cfg)
{
    static _Thread_local char buf[4096];
    if (cfg->db_url[0] && strncmp(cfg->db_url, "sqlite:", 7) == 0)
        snprintf(buf, sizeof buf, "%s", cfg->db_url + 7);
    else
        snprintf(buf, sizeof buf, "%s/loket.db", cfg->data_dir);
    return buf;
}

const char *config_files_dir(const struct config *cfg)
{
    return cfg->files_dir && cfg->files_dir[0] ? cfg->files_dir : cfg->data_dir;
}

void config_free(struct config *cfg)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].type == C_STR) {
            char **p = (char **)(void *)((char *)cfg + keys[i].off);
            free(*p);
            *p = NULL;
        }
}

void config_print_keys(void)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        printf("  %-26s default %s\n", keys[i].name,
               keys[i].secret ? "(unset)" : (keys[i].def[0] ? keys[i].def : "(unset)"));
}
