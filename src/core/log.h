/* Structured logging: one JSON object per line on stderr. */
#ifndef LOKET_LOG_H
#define LOKET_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Lines below lvl are dropped (default info); `loket serve` sets it from
** the log_level setting at start and on SIGHUP. Safe from any thread. */
void log_set_level(enum log_level lvl);
/* "debug", "info", "warn", "error" → the level, or -1. */
int log_level_parse(const char *name);
/* msg is a printf format; the line carries ts, level and msg. */
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line that can repeat fast (a background loop failing on a full disk,
** refused connections) is written at most once per interval; the next one
** written says how many were held back. One zero-initialised limiter per
** call site (a static); safe from any thread. */
struct log_limit {
    _Atomic uint64_t next_ns;
    _Atomic unsigned held;
};
/* True when a line may be written at now_ns; *held then gets how many were
** held back since the last one. The clock is a parameter for the tests. */
bool log_limit_pass(struct log_limit *l, uint64_t now_ns, uint64_t every_ns, unsigned *held);
/* log_msg through l, at most one line per every_s seconds. */
void log_limited(struct log_limit *l, unsigned every_s, enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Appends s to out as a JSON string body (no quotes), escaping as needed;
** writes at most cap-1 bytes and always terminates. Returns bytes written. */
unsigned long log_json_escape(char *out, unsigned long cap, const char *s);

#endif
