/* The two inputs of the settings page (issue #21) read byte by byte: an
** uploaded logo's type, and loket.conf's smtp_url split into the page's
** host, port and TLS fields. Pure; fuzzed by tests/fuzz/fuzz_office.c. */
#ifndef LOKET_CORE_OFFICE_PARSE_H
#define LOKET_CORE_OFFICE_PARSE_H

#include <stddef.h>

/* "image/png" or "image/jpeg" by the bytes, NULL for anything else. */
const char *office_logo_type(const void *b, size_t n);

struct smtp_url_parts {
    char host[256]; /* "" when url is empty */
    long port;      /* 1..65535; the scheme's default when absent or bad */
    const char *tls; /* "none", "starttls" or "tls" */
};
/* smtp[s]://[user@]host[:port][/...][?starttls] */
void office_smtp_url_split(const char *url, struct smtp_url_parts *out);

#endif
