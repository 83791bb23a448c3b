/* Parsing one RFC 5322 message with GMime 3 into what filing it needs:
** sender, subject, ids, the loop/auto-reply headers, one UTF-8 text body
** (the text/plain part, or the HTML one converted when it is alone) and the
** attachments as bytes. Pure: no database, no files. The fuzz target
** (tests/fuzz/fuzz_mail.c) drives mail_parse(). */
#ifndef LOKET_CHANNELS_MAIL_PARSE_H
#define LOKET_CHANNELS_MAIL_PARSE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct mail_attachment {
    const char *filename;     /* as the sender named it (decoded), or NULL */
    const char *content_type; /* declared, e.g. "image/png" */
    const unsigned char *data;
    size_t len;
    bool inline_part;         /* an inline image rather than an attachment */
};

struct mail_msg {
    const char *from_addr, *from_name; /* from_addr lower-cased; NULL when none */
    const char *subject;               /* decoded UTF-8, "" when absent */
    const char *message_id;            /* "<id>", NULL when absent */
    const char *in_reply_to, *references, *return_path;
    const char *auto_submitted, *precedence, *auto_response_suppress;
    bool report;                       /* multipart/report: a delivery status notice */
    const char *text;                  /* UTF-8 body with LF line ends, never NULL */
    bool text_from_html;
    struct mail_attachment *att;
    size_t n_att;
};

enum { MAIL_MAX_ATTACHMENTS = 32 };

/* Parses buf[0..len). Returns 0, or -1 when the bytes are not a message
** with at least one header. Everything lives in arena a. */
int mail_parse(const char *buf, size_t len, struct arena *a, struct mail_msg *out);

/* Converts text in `charset` (any name iconv knows; NULL = unknown) to valid
** UTF-8 in arena a: ISO-8859-1 and US-ASCII are read as Windows-1252 (what
** mailers really send), invalid sequences become U+FFFD, NUL is dropped and
** CRLF becomes LF. */
char *mail_to_utf8(struct arena *a, const char *data, size_t len, const char *charset);

#endif
