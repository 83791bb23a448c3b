/* A short list of e-mail addresses typed by a person ("a@x.go.id,
** b@y.go.id"): the extra recipients of a scheduled report (issue #22). The
** same parser checks the list when it is saved and splits it when mail is
** queued, so what was accepted is exactly what is sent to. Pure. */
#ifndef LOKET_CORE_ADDRLIST_H
#define LOKET_CORE_ADDRLIST_H

#include <stddef.h>

struct arena;

enum { ADDR_MAX = 254 };

/* Splits s at commas and blanks into at most max addresses, each copied
** into arena a and stored in out[0..]. An address is one token of
** printable ASCII with exactly one '@', neither first nor last, none of
** the characters "<>()[]\;: and at most ADDR_MAX bytes: it can go into a
** To: header as it is. Returns the count (0 for a list of nothing), or -1
** when an address is malformed or there are more than max. */
int addrlist_parse(struct arena *a, const char *s, const char **out, int max);

#endif
