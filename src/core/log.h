/* Structured logging: one JSON object per line on stderr. */
#ifndef LOKET_LOG_H
#define LOKET_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* msg is a printf format; the line carries ts, level and msg. */
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s to out as a JSON string body (no quotes), escaping as needed;
** writes at most cap-1 bytes and always terminates. Returns bytes written. */
unsigned long log_json_escape(char *out, unsigned long cap, const char *s);

#endif
