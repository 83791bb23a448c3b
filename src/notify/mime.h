/* Building one outgoing mail as RFC 5322 + MIME bytes: multipart/alternative
** (text, then HTML) in UTF-8, base64 bodies, RFC 2047 encoded subject and
** sender name when they are not ASCII, and the threading headers that let
** mail clients and our own email-in recognise a ticket's mails. */
#ifndef LOKET_NOTIFY_MIME_H
#define LOKET_NOTIFY_MIME_H

#include <stddef.h>
#include <stdint.h>

struct mail_msg {
    const char *from_name;   /* display name (org_name); may be NULL */
    const char *from_addr;   /* mail_from */
    const char *to_addr;
    const char *subject, *text, *html;
    const char *message_id;  /* "<...>" */
    const char *thread_id;   /* "<...>" for In-Reply-To/References; NULL = none */
    int64_t date;            /* unix seconds */
    /* An iCalendar invitation (RFC 5545 text) or NULL: sent as a
    ** text/calendar alternative and attached as invite.ics. */
    const char *calendar;
    const char *calendar_method; /* "REQUEST" (default) or "CANCEL" */
    /* A file attached as it is (a scheduled report, issue #22) or NULL:
    ** bytes, length, a file name of printable ASCII without quotes, and
    ** its MIME type. */
    const unsigned char *file;
    size_t file_len;
    const char *file_name, *file_type;
};

enum { MIME_MAX_BYTES = 8 << 20 };

/* Message-ID and thread root for an outbox row, written into the buffers:
** "<loket.{outbox_id}.{ticket_number}@{domain}>" and
** "<loket.{ticket_number}@{domain}>" (empty thread when ticket_number is
** NULL or empty; then the Message-ID is "<loket.{outbox_id}@{domain}>").
** domain is the part of mail_from after '@' ("localhost" without one). */
void mime_ids(const char *mail_from, int64_t outbox_id, const char *ticket_number, char *msg_id,
              size_t msg_id_len, char *thread_id, size_t thread_id_len);

/* The address in "Name <addr>" (or s itself), written into buf. */
const char *mime_bare_addr(const char *s, char *buf, size_t len);

/* Encodes s as RFC 2047 encoded-words (UTF-8, base64) folded to fit header
** lines, or copies it when it is printable ASCII. malloc'd. */
char *mime_header_word(const char *s);

/* The whole message with CRLF line ends. Returns a malloc'd string (length
** in *len) or NULL when an address holds CR/LF or the message would pass
** MIME_MAX_BYTES. */
char *mime_build(const struct mail_msg *m, size_t *len);

#endif
