/* Log lines are JSON so the access log can be read by tools; written with
** one write() each so lines from several threads never interleave. */
#include "core/log.h"
#include "core/timefmt.h"
#include "core/url_mask.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
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

static void write_line(enum log_level lvl, const char *raw)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    char msg[1100], esc[2200], line[2400], ts[32];
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

static _Atomic int min_level = LOG_INFO;

void log_set_level(enum log_level lvl)
{
    atomic_store(&min_level, (int)lvl);
}

int log_level_parse(const char *name)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
    if ((int)lvl < atomic_load(&min_level))
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    write_line(lvl, msg);
}

bool log_limit_pass(struct log_limit *l, uint64_t now_ns, uint64_t every_ns, unsigned *held)
{
    uint64_t next = atomic_load(&l->next_ns);
    /* of two threads passing at once, the one that moves next_ns writes */
    if (now_ns < next || !atomic_compare_exchange_strong(&l->next_ns, &next, now_ns + every_ns)) {
        atomic_fetch_add(&l->held, 1);
        return false;
    }
    *held = atomic_exchange(&l->held, 0);
    return true;
}

void log_limited(struct log_limit *l, unsigned every_s, enum log_level lvl, const char *fmt, ...)
{
    unsigned held;
    if (!log_limit_pass(l, time_mono_ns(), (uint64_t)every_s * 1000000000u, &held))
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (held && n >= 0 && (size_t)n < sizeof msg)
        snprintf(msg + n, sizeof msg - (size_t)n, " (and %u more like this since the last one)", held);
    write_line(lvl, msg);
}
