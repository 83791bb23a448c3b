/* Logo sniffing and smtp_url splitting for the settings page
** (core/office_parse.h). */
#include "core/office_parse.h"

#include <stdlib.h>
#include <string.h>

const char *office_logo_type(const void *b, size_t n)
{
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char jpg[3] = {0xff, 0xd8, 0xff};
    const unsigned char *p = b;
    if (n >= 8 && memcmp(p, png, 8) == 0)
        return "image/png";
    /* a JPEG starts with SOI and a marker and ends with EOI */
    if (n >= 5 && memcmp(p, jpg, 3) == 0 && p[n - 2] == 0xff && p[n - 1] == 0xd9)
        return "image/jpeg";
    return NULL;
}

void office_smtp_url_split(const char *url, struct smtp_url_parts *out)
{
    memset(out, 0, sizeof *out);
    out->tls = "none";
    out->port = 25;
    if (!url || !*url)
        return;
    const char *p = url;
    if (!strncmp(p, "smtps://", 8)) {
        out->tls = "tls";
        p += 8;
    } else if (!strncmp(p, "smtp://", 7)) {
        p += 7;
    }
    if (strstr(p, "starttls") && strcmp(out->tls, "tls") != 0)
        out->tls = "starttls";
    /* credentials in the URL are not the host */
    const char *at = strchr(p, '@'), *end = p + strcspn(p, "/?");
    if (at && at < end)
        p = at + 1;
    size_t n = strcspn(p, ":/?");
    if (n >= sizeof out->host)
        n = sizeof out->host - 1;
    memcpy(out->host, p, n);
    out->host[n] = '\0';
    long port = 0;
    if (p[n] == ':') {
        char *e;
        port = strtol(p + n + 1, &e, 10);
    }
    out->port = port >= 1 && port <= 65535 ? port : !strcmp(out->tls, "tls") ? 465 : 25;
}
