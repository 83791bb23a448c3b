/* Passwords inside URLs ("smtp://user:secret@host:587") never leave the
** process: the settings API, the web page and every log line show such a
** URL as "smtp://user:***@host:587". The one rule, used everywhere. */
#ifndef LOKET_URL_MASK_H
#define LOKET_URL_MASK_H

#include <stddef.h>

/* The mask that stands for a password. */
#define URL_MASK "***"

/* Copies text into out (cap bytes, always terminated when cap > 0) with the
** password of every "scheme://user:password@" in it replaced by URL_MASK.
** The user name stays; a URL without a password is unchanged. The
** password runs from the first ':' after "://" to the last '@' before
** whitespace, '?', '#' or a quote, so an unencoded '@' or '/' in it is
** masked too (at worst a little more than the password is hidden). Returns
** the length the masked text needs, like snprintf. */
size_t url_mask(const char *text, char *out, size_t cap);
/* The same into a new malloc'd string (NULL when out of memory). */
char *url_mask_dup(const char *text);

#endif
