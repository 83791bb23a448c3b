/* Fatal errors: only for start-up failures and broken invariants (OOM).
** Request input never reaches die(). */
#ifndef LOKET_DIE_H
#define LOKET_DIE_H

_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
