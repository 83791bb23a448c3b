/* Outgoing MIME messages (see mime.h). Bodies go out base64-encoded: 7-bit
** safe whatever the text holds, no line-length limits to police, and no
** SMTP dot-stuffing questions. */
#include "notify/mime.h"
#include "core/buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sb {
    char *p;
    size_t n, cap;
    bool bad;
};

static void sb_put(struct sb *b, const char *s, size_t n)
{
    if (b->bad)
        return;
    if (b->n + n + 1 > MIME_MAX_BYTES) {
        b->bad = true;
        return;
    }
    if (b->n + n + 1 > b->cap) {
        char *p = vec_grow(b->p, &b->cap, b->n + n + 1, 1, MIME_MAX_BYTES);
        if (!p) {
            b->bad = true;
            return;
        }
        b->p = p;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_str(struct sb *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        b->bad = true;
    else
        sb_put(b, tmp, (size_t)n);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void sb_base64(struct sb *b, const unsigned char *s, size_t n)
{
    char q[4];
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        q[0] = b64[(v >> 18) & 63];
        q[1] = b64[(v >> 12) & 63];
        q[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
        q[3] = i + 2 < n ? b64[v & 63] : '=';
        sb_put(b, q, 4);
    }
}

void mime_ids(const char *mail_from, int64_t outbox_id, const char *ticket_number, char *msg_id,
              size_t msg_id_len, char *thread_id, size_t thread_id_len)
{
    const char *at = mail_from ? strrchr(mail_from, '@') : NULL;
    const char *domain = at && at[1] ? at + 1 : "localhost";
    int dlen = (int)strcspn(domain, "> \t");
    if (dlen == 0) {
        domain = "localhost";
        dlen = 9;
    }
    if (ticket_number && *ticket_number) {
        snprintf(msg_id, msg_id_len, "<loket.%lld.%s@%.*s>", (long long)outbox_id,
                 ticket_number, dlen, domain);
        snprintf(thread_id, thread_id_len, "<loket.%s@%.*s>", ticket_number, dlen, domain);
    } else {
        snprintf(msg_id, msg_id_len, "<loket.%lld@%.*s>", (long long)outbox_id, dlen, domain);
        if (thread_id_len)
            thread_id[0] = '\0';
    }
}

const char *mime_bare_addr(const char *s, char *buf, size_t len)
{
    const char *lt = s ? strrchr(s, '<') : NULL;
    const char *gt = lt ? strchr(lt, '>') : NULL;
    if (!lt || !gt) {
        snprintf(buf, len, "%s", s ? s : "");
        return buf;
    }
    snprintf(buf, len, "%.*s", (int)(gt - lt - 1), lt + 1);
    return buf;
}

static bool plain_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

/* RFC 2047: encoded-words of at most 36 bytes of text (60 characters, so a
** header line stays under 78 with its name), cut only between UTF-8
** characters; words joined by folding whitespace, which decoders drop
** between adjacent encoded-words. */
static void sb_header_word(struct sb *b, const char *s)
{
    if (plain_ascii(s)) {
        sb_str(b, s);
        return;
    }
    size_t n = strlen(s), i = 0;
    bool first = true;
    while (i < n) {
        size_t take = n - i < 36 ? n - i : 36;
        while (take < n - i && take > 0 && ((unsigned char)s[i + take] & 0xC0) == 0x80)
            take--;
        if (take == 0)
            take = n - i < 36 ? n - i : 36;
        if (!first)
            sb_str(b, "\r\n ");
        sb_str(b, "=?UTF-8?B?");
        sb_base64(b, (const unsigned char *)s + i, take);
        sb_str(b, "?=");
        i += take;
        first = false;
    }
}

char *mime_header_word(const char *s)
{
    struct sb b = {0};
    sb_header_word(&b, s);
    sb_put(&b, "", 0);
    if (b.bad) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* One body part: LF line ends made CRLF, then base64 in 76-column lines. */
static void sb_part(struct sb *b, const char *boundary, const char *type, const char *extra,
                    const char *body)
{
    sb_printf(b, "--%s\r\nContent-Type: %s; charset=UTF-8\r\n%s"
                 "Content-Transfer-Encoding: base64\r\n\r\n", boundary, type, extra);
    struct sb crlf = {0};
    for (const char *p = body; *p; p++) {
        if (*p == '\n' && (p == body || p[-1] != '\r'))
            sb_put(&crlf, "\r", 1);
        sb_put(&crlf, p, 1);
    }
    struct sb enc = {0};
    if (crlf.n)
        sb_base64(&enc, (const unsigned char *)crlf.p, crlf.n);
    if (crlf.bad || enc.bad)
        b->bad = true;
    for (size_t i = 0; i < enc.n; i += 76) {
        sb_put(b, enc.p + i, enc.n - i < 76 ? enc.n - i : 76);
        sb_str(b, "\r\n");
    }
    free(crlf.p);
    free(enc.p);
}

static bool header_safe(const char *s) { return s && !strpbrk(s, "\r\n"); }

/* An attachment of binary bytes: base64 as they are, no charset. */
static void sb_file_part(struct sb *b, const char *boundary, const struct mail_msg *m)
{
    sb_printf(b, "--%s\r\nContent-Type: %s; name=\"%s\"\r\n"
                 "Content-Disposition: attachment; filename=\"%s\"\r\n"
                 "Content-Transfer-Encoding: base64\r\n\r\n",
              boundary, m->file_type, m->file_name, m->file_name);
    struct sb enc = {0};
    if (m->file_len)
        sb_base64(&enc, m->file, m->file_len);
    if (enc.bad)
        b->bad = true;
    for (size_t i = 0; i < enc.n; i += 76) {
        sb_put(b, enc.p + i, enc.n - i < 76 ? enc.n - i : 76);
        sb_str(b, "\r\n");
    }
    free(enc.p);
}

char *mime_build(const struct mail_msg *m, size_t *len)
{
    if (!header_safe(m->from_addr) || !header_safe(m->to_addr) ||
        !header_safe(m->message_id) || (m->thread_id && !header_safe(m->thread_id)) ||
        (m->from_name && !header_safe(m->from_name)) ||
        (m->file && (!header_safe(m->file_type) || !header_safe(m->file_name) ||
                     !plain_ascii(m->file_name) || strpbrk(m->file_name, "\"\\"))))
        return NULL;
    struct sb b = {0};
    char date[64];
    struct tm tm;
    time_t t = (time_t)m->date;
    gmtime_r(&t, &tm);
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(date, sizeof date, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
             tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    char boundary[96];
    snprintf(boundary, sizeof boundary, "=_loket_%s", m->message_id + (m->message_id[0] == '<'));
    char *at = strchr(boundary, '@');
    if (at)
        *at = '\0';

    sb_str(&b, "From: ");
    if (m->from_name && *m->from_name) {
        if (plain_ascii(m->from_name) && !strpbrk(m->from_name, "\"\\")) {
            sb_printf(&b, "\"%s\"", m->from_name);
            sb_printf(&b, " <%s>\r\n", m->from_addr);
        } else {
            sb_header_word(&b, m->from_name);
            sb_printf(&b, "\r\n <%s>\r\n", m->from_addr); /* folded: keeps lines short */
        }
    } else {
        sb_printf(&b, "%s\r\n", m->from_addr);
    }
    sb_printf(&b, "To: %s\r\n", m->to_addr);
    sb_str(&b, "Subject: ");
    sb_header_word(&b, m->subject);
    sb_printf(&b, "\r\nDate: %s\r\nMessage-ID: %s\r\n", date, m->message_id);
    if (m->thread_id && *m->thread_id)
        sb_printf(&b, "In-Reply-To: %s\r\nReferences: %s\r\n", m->thread_id, m->thread_id);
    sb_str(&b, "Auto-Submitted: auto-generated\r\nX-Auto-Response-Suppress: All\r\n");
    sb_str(&b, "MIME-Version: 1.0\r\n");
    /* An invitation: the calendar as a third alternative (what calendar
    ** clients act on) inside multipart/mixed with the same bytes attached
    ** as invite.ics (for those that only offer attachments). */
    const char *method = m->calendar_method ? m->calendar_method : "REQUEST";
    bool mixed_part = m->calendar || m->file;
    if (mixed_part)
        sb_printf(&b, "Content-Type: multipart/mixed;\r\n boundary=\"%s-mixed\"\r\n"
                      "\r\nThis is a multi-part message in MIME format.\r\n\r\n"
                      "--%s-mixed\r\n", boundary, boundary);
    sb_printf(&b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n"
                  "\r\nThis is a multi-part message in MIME format.\r\n\r\n", boundary);
    sb_part(&b, boundary, "text/plain", "", m->text);
    sb_part(&b, boundary, "text/html", "", m->html);
    char ctype[64];
    snprintf(ctype, sizeof ctype, "text/calendar; method=%s", method);
    if (m->calendar)
        sb_part(&b, boundary, ctype, "", m->calendar);
    sb_printf(&b, "--%s--\r\n", boundary);
    if (mixed_part) {
        char mixed[128];
        snprintf(mixed, sizeof mixed, "%s-mixed", boundary);
        if (m->calendar)
            sb_part(&b, mixed, "application/ics; name=\"invite.ics\"",
                    "Content-Disposition: attachment; filename=\"invite.ics\"\r\n",
                    m->calendar);
        if (m->file)
            sb_file_part(&b, mixed, m);
        sb_printf(&b, "--%s--\r\n", mixed);
    }
    if (b.bad) {
        free(b.p);
        return NULL;
    }
    *len = b.n;
    return b.p;
}
