/* libFuzzer target for the settings page's byte-level inputs
** (core/office_parse.h): any bytes as an uploaded logo, and as loket.conf's
** smtp_url. The logo type is one of the two or NULL; the URL's parts are
** always a NUL-terminated host, a port in 1..65535 and a known TLS mode. */
#include "core/office_parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *type = office_logo_type(data, size);
    if (type && strcmp(type, "image/png") && strcmp(type, "image/jpeg"))
        abort();
    char *url = malloc(size + 1);
    if (!url)
        return 0;
    memcpy(url, data, size);
    url[size] = '\0';
    struct smtp_url_parts u;
    office_smtp_url_split(url, &u);
    if (!memchr(u.host, 0, sizeof u.host) || u.port < 1 || u.port > 65535 ||
        (strcmp(u.tls, "none") && strcmp(u.tls, "starttls") && strcmp(u.tls, "tls")))
        abort();
    free(url);
    return 0;
}
