/* Log lines are JSON so the access log can be read by tools; written with
** one write() each so lines from several threads never interleave. */
#include "core/log.h"
#include "core/timefmt.h"
#include "core/url_mask.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

unsigned long log_json_escape(char *out, unsigned long cap, const char *s)
{
    unsigned long n = 0;
    if (!cap)
        return 0;
    for (; s && *s && n + 7 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < 0x20) {
            n += (unsigned long)snprintf(out + n, cap - n, "\\u%04x", c);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = 0;
    return n;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    char raw[1024], msg[1100], esc[2200], line[2400], ts[32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* Every line, whatever printed it (a setting, a curl error), is masked
    ** here so no caller can forget it. */
    url_mask(raw, msg, sizeof msg);
    log_json_escape(esc, sizeof esc, msg);
    time_fmt_iso(ts, sizeof ts, time(NULL));
    int n = snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}\n", ts,
                     names[lvl], esc);
    if (n > 0)
        (void)!write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}
