/* Filing one inbound mail (see mail_in.h). One transaction per mail: the
** record in inbound_mail commits with the ticket or comment it produced, so
** a redelivery of the same Message-ID finds it and files nothing twice. */
#include "channels/mail_in.h"
#include "channels/intake.h"
#include "channels/mail_parse.h"
#include "channels/mail_text.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/ticket.h"
#include "store/channels.h"
#include "svc/identity.h"
#include "svc/svc.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

enum { TEXT_MAX = 20000, TITLE_MAX = 200 };

static const char *mail_domain(const struct config *cfg)
{
    const char *at = strrchr(cfg->mail_from, '@');
    return at ? at + 1 : cfg->mail_from;
}

/* Whether p is exactly "<our domain>>" (case-insensitive): the end of one
** of our Message-IDs, not a longer look-alike domain. */
static bool our_domain_at(const struct config *cfg, const char *p)
{
    const char *d = mail_domain(cfg);
    size_t n = strlen(d);
    return n && !strncasecmp(p, d, n) && p[n] == '>';
}

/* Cuts s to at most max bytes on a UTF-8 character boundary. */
static const char *clip(struct arena *a, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return s;
    while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return arena_strndup(a, s, max);
}

/* Reads "PREFIX-YYYY-NNNNNN" at p into out; returns its length or 0. */
static size_t number_at(const char *p, const char *prefix, char *out, size_t n)
{
    size_t pl = strlen(prefix);
    if (strncasecmp(p, prefix, pl) != 0 || p[pl] != '-')
        return 0;
    const char *q = p + pl + 1;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)q[i]))
            return 0;
    if (q[4] != '-')
        return 0;
    for (int i = 5; i < 11; i++)
        if (!isdigit((unsigned char)q[i]))
            return 0;
    if (isdigit((unsigned char)q[11]))
        return 0;
    size_t len = pl + 1 + 11;
    if (len + 1 > n)
        return 0;
    memcpy(out, p, len);
    out[len] = '\0';
    memcpy(out, prefix, pl); /* canonical case */
    return len;
}

/* The ticket a reply refers to: "[LKT-2026-000123]" in the subject, or one
** of our Message-IDs (<loket.[outbox.]NUMBER@domain>) in In-Reply-To or
** References. */
static bool find_ref(const struct config *cfg, const struct mail_msg *m, char *out, size_t n)
{
    for (const char *p = m->subject; (p = strchr(p, '[')); p++)
        if (number_at(p + 1, cfg->ticket_prefix, out, n) && p[1 + strlen(out)] == ']')
            return true;
    const char *heads[] = {m->in_reply_to, m->references};
    for (size_t h = 0; h < 2; h++)
        for (const char *p = heads[h]; p && (p = strstr(p, "<loket.")); p++) {
            const char *q = p + 7;
            while (isdigit((unsigned char)*q))
                q++;
            if (*q == '.')
                q++;
            else
                q = p + 7;
            size_t len = number_at(q, cfg->ticket_prefix, out, n);
            if (len && q[len] == '@' && our_domain_at(cfg, q + len + 1))
                return true;
        }
    return false;
}

/* Why a mail must never be answered, or NULL when it may be. */
static const char *no_reply_reason(const struct config *cfg, const struct mail_msg *m)
{
    if (m->message_id && !strncmp(m->message_id, "<loket.", 7)) {
        const char *at = strrchr(m->message_id, '@');
        if (at && our_domain_at(cfg, at + 1))
            return "loop";
    }
    if (m->from_addr && !strcasecmp(m->from_addr, cfg->mail_from))
        return "loop";
    if (m->report)
        return "bounce";
    if (m->from_addr) {
        const char *at = strchr(m->from_addr, '@');
        size_t local = at ? (size_t)(at - m->from_addr) : strlen(m->from_addr);
        if ((local == 13 && !strncasecmp(m->from_addr, "mailer-daemon", 13)) ||
            (local == 9 && !strncasecmp(m->from_addr, "postmaster", 9)))
            return "bounce";
    }
    if (m->return_path && !strcmp(m->return_path, "<>"))
        return "bounce";
    if (m->auto_submitted && strncasecmp(m->auto_submitted, "no", 2) != 0)
        return "auto_reply";
    if (m->precedence && (!strncasecmp(m->precedence, "bulk", 4) ||
                          !strncasecmp(m->precedence, "junk", 4) ||
                          !strncasecmp(m->precedence, "list", 4)))
        return "bulk";
    if (m->auto_response_suppress)
        return "auto_reply";
    return NULL;
}

static int exit_for(const char *outcome, const char *reason)
{
    if (!outcome || strcmp(outcome, "refused") != 0)
        return MAIL_EX_OK;
    if (reason && (!strcmp(reason, "unknown_sender") || !strcmp(reason, "not_allowed") ||
                   !strcmp(reason, "inactive_sender")))
        return MAIL_EX_NOUSER;
    return MAIL_EX_DATAERR;
}

static bool is_temp(const struct err *e)
{
    return e->kind == ERR_UNAVAILABLE || e->kind == ERR_STORE || e->kind == ERR_INTERNAL ||
           e->kind == ERR_CONFLICT; /* busy / a concurrent delivery: try again */
}

/* Records the mail with its outcome in a transaction of its own (after a
** refusal rolled the work back). */
static int record(struct db *db, struct inbound_mail *im, struct err *err)
{
    if (db_begin(db, err) != 0)
        return err->kind;
    if (chan_mail_record(db, im, err) != 0 || db_commit(db, err) != 0) {
        db_rollback(db);
        return err->kind;
    }
    return 0;
}

/* Attaches every part; refused ones are listed in *notes. */
static int attach_all(struct intake *in, struct ticket *t, int64_t uploader,
                      const struct mail_msg *m, const char **notes)
{
    for (size_t i = 0; i < m->n_att; i++) {
        const char *why;
        int rc = intake_attach(in, t, uploader, m->att[i].filename, m->att[i].data, m->att[i].len,
                               &why);
        if (rc < 0)
            return rc;
        if (rc == 1)
            *notes = arena_printf(in->a, "%s%sattachment %s refused: %s", *notes ? *notes : "",
                                  *notes ? "; " : "",
                                  m->att[i].filename ? m->att[i].filename : "(unnamed)", why);
    }
    return 0;
}

/* Without blank lines around and trailing spaces. */
static const char *trim(struct arena *a, const char *s)
{
    while (*s == '\n' || *s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(a, s, n);
}

static const char *title_of(struct arena *a, const char *subject)
{
    while (*subject == ' ' || *subject == '\t')
        subject++;
    const char *t = *subject ? subject : "(tanpa subjek)";
    char *copy = arena_strdup(a, clip(a, t, TITLE_MAX));
    for (char *p = copy; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    return copy;
}

/* The work inside the transaction. Returns 0 (im filled) or an error kind;
** refusals set im->outcome = "refused" and return 0. */
static int file_in_tx(struct intake *in, const struct mail_msg *m, struct inbound_mail *im,
                      struct mail_result *res)
{
    struct db *db = in->db;
    const struct config *cfg = in->cfg;
    int64_t uid = 0;
    if (chan_user_by_email(db, m->from_addr, &uid, in->err) != 0)
        return in->err->kind;
    struct user_auth u = {0};
    if (uid && db_user_by_id(db, uid, in->a, &u, in->err) != 0)
        return in->err->kind;
    if (uid && !u.p.active) {
        im->outcome = "refused";
        im->reason = "inactive_sender";
        return 0;
    }
    /* seed 002: an identity reply from a requester still to be identified
    ** fills their account; the mail is filed as ever (nothing lost) */
    const char *thanks = NULL;
    if (uid && svc_identity_submit(db, in->a, uid, mail_strip_quotes(in->a, m->text),
                                   (int64_t)time(NULL), &thanks, in->err) != 0)
        return in->err->kind;
    char number[40];
    struct ticket *t = NULL;
    if (find_ref(cfg, m, number, sizeof number)) {
        if (db_ticket_get(db, number, in->a, &t, in->err) != 0) {
            if (in->err->kind != ERR_NOT_FOUND)
                return in->err->kind;
            err_clear(in->err);
            t = NULL; /* not ours (any more): a new ticket */
        }
    }
    const char *notes = NULL;
    if (t) {
        if (!uid) {
            im->outcome = "refused";
            im->reason = "not_allowed";
            return 0;
        }
        const char *text = clip(in->a, mail_strip_quotes(in->a, m->text), TEXT_MAX);
        if (!*text && !m->n_att) {
            im->outcome = "ignored";
            im->reason = "empty";
            im->ticket_id = t->id;
            return 0;
        }
        enum ticket_status st = TS_NEW;
        ticket_status_parse(t->status, &st);
        if (!ticket_status_final(st)) {
            if (intake_comment(in, t, uid, *text ? text : "(lampiran)") != 0) {
                if (in->err->kind != ERR_FORBIDDEN)
                    return in->err->kind;
                err_clear(in->err);
                im->outcome = "refused";
                im->reason = "not_allowed";
                return 0;
            }
            if (attach_all(in, t, uid, m, &notes) != 0 ||
                svc_notify(db, in->a, cfg, t, "comment_received", uid,
                           json_pack("{s:s, s:s?}", "comment", text, "author", u.name),
                           in->err) != 0)
                return in->err->kind;
            im->outcome = "comment";
            im->ticket_id = t->id;
            im->reason = notes;
            snprintf(res->number, sizeof res->number, "%s", t->number);
            return 0;
        }
        /* A reply to a closed ticket opens a new one that points back. */
        const char *prev = t->number;
        struct ticket *nt;
        if (intake_ticket(in, "email", uid, title_of(in->a, m->subject),
                          clip(in->a, arena_printf(in->a, "Lanjutan tiket %s:\n\n%s", prev,
                                                   *text ? text : "(tanpa isi)"), TEXT_MAX),
                          &nt) != 0 ||
            attach_all(in, nt, uid, m, &notes) != 0)
            return in->err->kind;
        im->outcome = "ticket";
        im->ticket_id = nt->id;
        im->reason = arena_printf(in->a, "reply to closed %s%s%s", prev, notes ? "; " : "",
                                  notes ? notes : "");
        snprintf(res->number, sizeof res->number, "%s", nt->number);
        return 0;
    }
    bool stranger = !uid;
    if (!uid) {
        if (strcmp(cfg->mail_unknown_senders, "create") != 0) {
            im->outcome = "refused";
            im->reason = "unknown_sender";
            return 0;
        }
        if (intake_requester(in, m->from_name, m->from_addr, NULL, &uid) != 0) {
            if (in->err->kind != ERR_INVALID && in->err->kind != ERR_CONFLICT)
                return in->err->kind;
            err_clear(in->err);
            im->outcome = "refused";
            im->reason = "bad_sender";
            return 0;
        }
    }
    const char *text = clip(in->a, trim(in->a, m->text), TEXT_MAX);
    struct ticket *nt;
    if (intake_ticket(in, "email", uid, title_of(in->a, m->subject),
                      *text ? text : "(tanpa isi)", &nt) != 0 ||
        attach_all(in, nt, uid, m, &notes) != 0 ||
        (stranger && svc_identity_submit(db, in->a, uid, text, (int64_t)time(NULL), &thanks,
                                         in->err) != 0) ||
        /* a first mail that already names the sender is not asked again */
        (stranger && !thanks &&
         svc_notify(db, in->a, cfg, nt, "identity_request", uid, NULL, in->err) != 0))
        return in->err->kind;
    im->outcome = "ticket";
    im->ticket_id = nt->id;
    im->reason = notes;
    snprintf(res->number, sizeof res->number, "%s", nt->number);
    return 0;
}

void mail_file(struct db *db, const struct config *cfg, const char *raw, size_t len,
               const char *source, struct mail_result *res)
{
    struct arena *a = arena_new();
    struct err err = {0};
    struct mail_msg m;
    memset(res, 0, sizeof *res);
    bool parsed = mail_parse(raw, len, a, &m) == 0;
    struct inbound_mail im = {.source = source, .received_at = (int64_t)time(NULL)};
    if (parsed && m.message_id) {
        im.message_id = clip(a, m.message_id, 998);
    } else {
        /* No Message-ID: the bytes themselves identify a redelivery. */
        unsigned char sum[crypto_hash_sha256_BYTES];
        char hex[2 * crypto_hash_sha256_BYTES + 1];
        crypto_hash_sha256(sum, (const unsigned char *)raw, len);
        sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
        im.message_id = arena_printf(a, "<sha256.%s@loket.invalid>", hex);
    }
    if (parsed) {
        im.sender = m.from_addr;
        im.subject = clip(a, m.subject, 998);
    }
    struct inbound_mail seen;
    if (db_begin(db, &err) != 0)
        goto temp;
    if (chan_mail_find(db, im.message_id, a, &seen, &err) == 0) {
        db_rollback(db);
        res->outcome = "duplicate";
        res->reason = seen.outcome;
        res->exit = exit_for(seen.outcome, seen.reason);
        snprintf(res->message, sizeof res->message, "duplicate of %s (%s)", im.message_id,
                 seen.outcome);
        goto done;
    }
    if (err.kind != ERR_NOT_FOUND)
        goto temp_rb;
    err_clear(&err);
    const char *why = !parsed          ? "unparseable"
                      : !m.from_addr   ? "no_sender"
                                       : NULL;
    const char *quiet = parsed && !why ? no_reply_reason(cfg, &m) : NULL;
    struct intake in = {.db = db, .a = a, .cfg = cfg, .err = &err, .channel = "email"};
    if (why) {
        im.outcome = "refused";
        im.reason = why;
    } else if (quiet) {
        im.outcome = "ignored";
        im.reason = quiet;
    } else if (file_in_tx(&in, &m, &im, res) != 0) {
        intake_discard(&in);
        goto temp_rb;
    }
    if (!strcmp(im.outcome, "refused")) {
        /* Nothing of the refused work stays; only the record of it. */
        db_rollback(db);
        intake_discard(&in);
        res->number[0] = '\0';
        im.ticket_id = 0;
        if (record(db, &im, &err) != 0)
            goto temp;
    } else if (chan_mail_record(db, &im, &err) != 0 || db_commit(db, &err) != 0) {
        intake_discard(&in);
        goto temp_rb;
    }
    res->outcome = im.outcome;
    res->reason = im.reason;
    res->exit = exit_for(im.outcome, im.reason);
    snprintf(res->message, sizeof res->message, "%s%s%s%s%s", im.outcome,
             res->number[0] ? " " : "", res->number, im.reason ? ": " : "",
             im.reason ? im.reason : "");
    goto done;
temp_rb:
    db_rollback(db);
temp:
    res->outcome = "error";
    res->exit = is_temp(&err) || !err.kind ? MAIL_EX_TEMPFAIL : MAIL_EX_DATAERR;
    snprintf(res->message, sizeof res->message, "%s: %.200s",
             res->exit == MAIL_EX_TEMPFAIL ? "temporary failure" : "refused", err.msg[LOC_EN]);
done:
    /* The strings handed back must outlive the arena: keep static copies. */
    if (res->reason) {
        static _Thread_local char reason[512];
        snprintf(reason, sizeof reason, "%s", res->reason);
        res->reason = reason;
    }
    arena_free(a);
}
