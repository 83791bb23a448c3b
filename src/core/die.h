/* Fatal errors: only for start-up failures and broken invariants (OOM).
** Request input never reaches die(). */
#ifndef LOKET_DIE_H
#define LOKET_DIE_H

_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A malloc'd formatted string, for tables built once at start-up (the
** drivers' per-resource SQL); dies when memory runs out. */
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
