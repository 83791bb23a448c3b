/* Server configuration: defaults, then the config file (key = value lines),
** then LOKET_<KEY> environment variables, then command-line flags. Immutable
** once loaded; runtime-editable settings live in the database instead. */
#ifndef LOKET_CONFIG_H
#define LOKET_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct err;

struct config {
    char *listen;           /* "127.0.0.1:8080" */
    char *data_dir;         /* "./data" */
    char *web_dir;          /* "./web" */
    char *base_url;
    char *ticket_prefix;
    char *db_url;           /* "" = sqlite:<data_dir>/loket.db */
    char *smtp_url, *smtp_user, *smtp_password, *mail_from;
    char *smtp_ca_file;     /* PEM CA bundle for the SMTP server; "" = system store */
    char *imap_url;
    char *whatsapp_base_url, *whatsapp_token, *whatsapp_phone_number_id;
    char *whatsapp_app_secret, *whatsapp_verify_token;
    char *tls_cert, *tls_key; /* both set = HTTPS */
    char *org_name;
    char *attachment_types; /* "jpg,png,pdf,docx,xlsx,zip" */
    long attachment_max_mb;
    long body_max_kb;       /* JSON request bodies */
    long workers;           /* 0 = number of cores */
    long max_connections;   /* open at once; more are answered 503 */
    long max_connections_per_addr; /* from one client address; 0 = no limit */
    long header_timeout_seconds;   /* from accept (or the last answer) to complete headers */
    long live_max_streams;       /* open event streams (GET /api/v1/events); 0 = pages poll */
    long live_heartbeat_seconds; /* comment sent on an idle event stream */
    long backup_hour;       /* local hour of the daily backup; -1 = off */
    long backup_keep_days;
    long session_hours;
    /* Sign-in throttling per (account, client address): after
    ** login_max_failures failures in a row (forgotten after
    ** login_window_minutes without one) each failure blocks that pair for
    ** login_delay_seconds, doubling up to login_delay_max_seconds. */
    long login_max_failures;
    long login_window_minutes;
    long login_delay_seconds;
    long login_delay_max_seconds;
    char *trusted_proxies;  /* CIDRs whose X-Forwarded-For is believed (core/netaddr.h) */
    long shutdown_grace_seconds;
    long auto_close_days;   /* resolved → closed after this many business days; 0 = never */
    long sweep_seconds;     /* how often the SLA sweep runs */
    long outbox_poll_ms;    /* how often the mail worker looks for due rows */
    long outbox_backoff_ms; /* first retry delay; doubles per attempt */
    long outbox_max_attempts; /* then the row is 'failed' */
    bool access_log;
    char *log_level;         /* debug|info|warn|error; re-read on SIGHUP */
    bool requester_own_only; /* requesters see only their own tickets, not their unit's */
    /* channels (email in, WhatsApp) */
    char *mail_unknown_senders;   /* "create" a requester or "refuse" the mail */
    long channel_service_id;      /* service of tickets opened by mail/WhatsApp; 0 = first */
    long app_problem_service_id;  /* service of application problem reports; 0 = the store's */
    char *whatsapp_template;      /* approved template for replies outside 24 h */
    char *whatsapp_template_lang;
    long imap_poll_seconds;
    long channel_retry_seconds;   /* first WhatsApp send retry delay (doubles) */
    /* issue #16: reaching people outside the office */
    char *signup;                 /* self sign-up: "on", "off", "demo" (on in a demo database) */
    long signup_token_hours;      /* how long a verification link works */
    long appointment_reminder_minutes; /* reminder this long before a booking; 0 = none */
    long wa_dialog_minutes;       /* a quiet WhatsApp booking dialogue is forgotten after this */
    /* issue #21: defaults of the desk rules an admin changes live (svc/desk_rules.h) */
    bool agent_close;        /* agents close resolved tickets assigned to them */
    bool tag_before_resolve; /* a ticket is resolved only once it carries a tag */
    /* issue #22 item 3: outbound webhooks */
    long webhook_poll_ms;      /* how often the webhook worker looks for due deliveries */
    long webhook_backoff_ms;   /* first retry delay; doubles per attempt */
    long webhook_max_attempts; /* then the delivery is 'failed' */
    long webhook_timeout_ms;   /* one attempt's whole time, connecting included */
    /* issue #22 item 4: status, resolution and rating request by WhatsApp;
    ** the approved templates used outside the 24-hour window */
    bool whatsapp_notify;
    char *whatsapp_template_status, *whatsapp_template_resolved, *whatsapp_template_rating;
    /* issue #22 item 5: the office directory over LDAP (docs/directory-login.md) */
    char *ldap_url;            /* ldap:// or ldaps://; "" = no directory sign-in */
    bool ldap_starttls;        /* upgrade ldap:// with StartTLS */
    char *ldap_ca_file;        /* PEM CA bundle for the directory; "" = system store */
    char *ldap_bind_dn;        /* service account for the user search; "" = anonymous */
    char *ldap_bind_password;  /* secret: never shown */
    char *ldap_user_dn;        /* "uid=%s,ou=people,..." = bind directly, no search */
    char *ldap_base_dn, *ldap_user_filter;
    char *ldap_attr_name, *ldap_attr_email, *ldap_attr_nip;
    char *ldap_group_attr;     /* groups on the user's entry ("memberOf"); "" = search */
    char *ldap_group_base, *ldap_group_filter;
    char *ldap_group_map;      /* "GROUP => ROLE[:TIER][@UNIT_ID]; ..." (auth/directory_map.h) */
    char *ldap_unmapped;       /* member of no mapped group: "refuse" or "requester" */
    long ldap_timeout_seconds; /* each network step of a directory sign-in */
    /* issue #22 item 5: sign-in with the office directory by OpenID Connect
    ** (docs/directory-login-oidc.md); off while oidc_issuer is empty */
    char *oidc_issuer;        /* "https://sso.example.go.id/realms/kantor" */
    char *oidc_client_id, *oidc_client_secret;
    char *oidc_scopes;        /* "openid profile email" */
    char *oidc_role_claim;    /* claim holding groups/roles, dotted path */
    char *oidc_role_map;      /* "VALUE => ROLE[:TIER][@UNIT_ID]; ..." (auth/directory_map.h) */
    char *oidc_button_label;  /* "Masuk dengan <label>" on the login page */
    bool oidc_link_email;     /* link an existing account of the same email */
    /* issue #22: the instant (unix seconds) the report scheduler takes as
    ** now; 0 = the real clock. For tests and for re-running a missed day. */
    long scheduler_now;
    long invite_token_hours; /* issue #20: how long an admin's invitation link works */
    /* issue #19: attachments, exports, mail files and branding in one
    ** directory every node sees (docs/multinode.md); "" = data_dir */
    char *files_dir;
};

/* One effective setting, for the admins' read-only view. Secrets carry no
** value, only whether they are set. */
struct config_item {
    const char *key;
    char type;          /* 's' string, 'l' integer, 'b' boolean */
    const char *str;    /* 's'; NULL for a secret */
    long num;           /* 'l'; 'b' as 0/1 */
    bool secret, is_set;
};
/* Calls fn for every key, in the order of the key table. */
void config_each(const struct config *cfg, void (*fn)(void *arg, const struct config_item *it),
                 void *arg);

/* Fills cfg with defaults. */
void config_defaults(struct config *cfg);
/* Sets one key ("listen", "data_dir" ...) from text; validates type and
** bounds. Returns 0 or ERR_INVALID with the key named in err. */
int config_set(struct config *cfg, const char *key, const char *value, struct err *err);
/* Reads "key = value" lines ('#' comments). Returns 0 or a negative kind;
** err says file, line and key. */
/* Whether a text setting still has its default value (nothing set it). */
bool config_is_default(const struct config *cfg, const char *key);
int config_load_file(struct config *cfg, const char *path, struct err *err);
/* The same from an open stream; path only names it in messages (the fuzz
** target tests/fuzz/fuzz_config.c reads from memory). */
int config_load_stream(struct config *cfg, FILE *f, const char *path, struct err *err);
/* Applies LOKET_<KEY> environment variables (upper-cased key names). */
int config_load_env(struct config *cfg, struct err *err);
/* Path of the SQLite database when db_url is unset or sqlite:PATH, in a
** per-thread static buffer valid until the next call on the same thread. */
const char *config_db_path(const struct config *cfg);
/* Where attachments/, exports/, mail-files/ and branding/ live: files_dir,
** or data_dir while it is unset. */
const char *config_files_dir(const struct config *cfg);
/* Frees every string. */
void config_free(struct config *cfg);
/* Prints every key with its value (secrets masked) for `loket help`. */
void config_print_keys(void);

#endif
