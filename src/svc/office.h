/* The office's own settings that admins edit in the web app (issue #21
** item 7, seed 001: "the administrator manages system settings: SMTP, the
** office's identity"): its name, logo and letterhead, and the outgoing mail
** server. They live in the settings table under office.* and mail.* and
** win over loket.conf; what is not set there falls back to the
** configuration. Read at each use, so a change applies at once, except the
** mail worker's connection, which is made at start (mail_restart). */
#ifndef LOKET_SVC_OFFICE_H
#define LOKET_SVC_OFFICE_H

#include "store/store.h"

struct config;

enum { OFFICE_LOGO_MAX = 512 * 1024, OFFICE_LETTERHEAD_MAX = 1000 };

struct office_settings {
    const char *org_name;   /* never empty */
    const char *letterhead; /* lines under the name on reports; "" = none */
    const char *logo_type;  /* "image/png", "image/jpeg" or "" */
    const char *smtp_host;  /* "" = no mail server */
    long smtp_port;
    const char *smtp_tls;   /* "none", "starttls" or "tls" */
    const char *smtp_user;
    const char *mail_from;
    bool smtp_password_set;
    /* which came from the database (edited here) rather than loket.conf */
    bool org_name_db, mail_db;
    /* the desk rules in force (svc/desk_rules.h), switched on this page too */
    bool agent_close, tag_before_resolve;
};

/* The effective settings (never the password's value). */
int svc_office_get(struct db *db, const struct config *cfg, struct arena *a,
                   struct office_settings *out, struct err *err);
/* The name alone, for documents and letters; cfg's on any error. */
const char *svc_office_name(struct db *db, const struct config *cfg, struct arena *a);

/* The letterhead lines, NULL when none is set. */
const char *svc_office_letterhead(struct db *db, struct arena *a);

/* One change from an admin: every non-NULL member is written (an empty
** string clears it back to the configuration's value); password NULL keeps
** the stored one. Validates first (ERR_INVALID with fields). Call inside a
** transaction; the audit names the changed keys, never the password. */
struct office_change {
    const char *org_name, *letterhead;
    const char *smtp_host, *smtp_tls, *smtp_user, *mail_from, *smtp_password;
    long smtp_port; /* -1 = unchanged, 0 = clear */
    int agent_close, tag_before_resolve; /* -1 = unchanged, else 0 or 1 */
};
int svc_office_put(struct db *db, const struct office_change *c, int64_t by, const char *ip,
                   struct arena *a, struct err *err);

/* Checks a logo (PNG or JPEG by its bytes, at most OFFICE_LOGO_MAX) and
** returns its type in *type. ERR_UNSUPPORTED / ERR_TOO_LARGE. */
int svc_office_logo_check(const void *b, size_t n, const char **type, struct err *err);
/* Where the logo lives: DATA_DIR/branding/logo. */
const char *svc_office_logo_path(const struct config *cfg, struct arena *a);
/* Records the logo's type (NULL = removed); a PNG also becomes the reports'
** logo (setting report_logo_path). The caller wrote or removed the file. */
int svc_office_logo_set(struct db *db, const struct config *cfg, const char *type, int64_t by,
                        const char *ip, struct arena *a, struct err *err);

/* The mail settings as the SMTP handle wants them. */
struct office_mail {
    const char *url, *user, *password, *from;
};
int svc_office_mail(struct db *db, const struct config *cfg, struct arena *a,
                    struct office_mail *out, struct err *err);
/* At server start, before the mail worker starts: the stored mail settings
** (when an admin set a mail server) replace loket.conf's in cfg. */
void svc_office_mail_at_start(struct db *db, struct config *cfg);

/* Sends one test message to `to` through those settings, now. Returns 0
** when it could try (*sent says whether the server accepted it, why says
** why not, in English from libcurl); an error only for bad settings or a
** store failure. */
int svc_office_test_mail(struct db *db, const struct config *cfg, struct arena *a,
                         const char *to, bool *sent, char *why, size_t why_len,
                         struct err *err);

#endif
