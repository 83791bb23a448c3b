/* The signature of a webhook delivery (issue #22 item 3, docs/webhooks.md):
** X-Loket-Signature is "sha256=" and the lower-case hex HMAC-SHA256, keyed
** with the endpoint's secret, of "<X-Loket-Timestamp>.<body>". Receivers
** recompute it and compare in constant time. */
#ifndef LOKET_NOTIFY_WEBHOOK_SIGN_H
#define LOKET_NOTIFY_WEBHOOK_SIGN_H

#include <stddef.h>
#include <stdint.h>

/* "sha256=" + 64 hex digits + NUL */
enum { WEBHOOK_SIG_LEN = 7 + 64 + 1 };

/* Writes the header value into out (WEBHOOK_SIG_LEN bytes). */
void webhook_sign(const char *secret, int64_t timestamp, const char *body, size_t body_len,
                  char out[WEBHOOK_SIG_LEN]);
/* A new secret: 32 random bytes as 64 hex digits ("whsec_" in front) into
** out (at least 71 bytes). */
void webhook_secret_new(char *out, size_t cap);

#endif
