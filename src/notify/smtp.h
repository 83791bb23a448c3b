/* Handing one message to an SMTP server with libcurl, and telling the
** worker whether a failed attempt may be retried without risking a second
** delivery. */
#ifndef LOKET_NOTIFY_SMTP_H
#define LOKET_NOTIFY_SMTP_H

#include <stdbool.h>
#include <stddef.h>

struct smtp;

enum smtp_outcome {
    SMTP_SENT,      /* the server accepted the message (250 after DATA) */
    SMTP_RETRY,     /* not delivered, may succeed later: connect failure,
                    ** 4xx, or the connection broke before the end of DATA */
    SMTP_REJECTED,  /* not delivered and never will be: 5xx */
    SMTP_UNKNOWN,   /* the whole message went out but no answer came back:
                    ** it may have been delivered, so it must not be retried */
};

/* url: smtp://host:port, smtps://host:port (implicit TLS), or smtp:// with
** "?starttls" appended to require STARTTLS. user/password: "" = no AUTH.
** ca_file: PEM bundle the server's certificate must chain to ("" = the
** system's). The handle keeps its connection open between messages.
** NULL on OOM. */
struct smtp *smtp_new(const char *url, const char *user, const char *password,
                      const char *ca_file);
void smtp_free(struct smtp *s);

/* Sends msg[0..len) from `from` to `to`; err gets a one-line reason when the
** outcome is not SMTP_SENT. */
enum smtp_outcome smtp_send(struct smtp *s, const char *from, const char *to, const char *msg,
                            size_t len, char *err, size_t err_len);

#endif
