/* Outbound webhooks (issue #22 item 3): the event kinds an endpoint can
** subscribe to, the parser of their stored and submitted list, which
** timeline row means which kind, and the check of an endpoint's URL. Pure
** functions; tests/fuzz/fuzz_webhook.c feeds them any bytes. */
#ifndef LOKET_CORE_WEBHOOK_KINDS_H
#define LOKET_CORE_WEBHOOK_KINDS_H

#include <stdbool.h>
#include <stddef.h>

enum { WEBHOOK_KIND_COUNT = 10 };

/* The kind's name ("ticket.created"), or NULL past the end. */
const char *webhook_kind_name(int i);
/* The index of a kind's name, or -1. */
int webhook_kind_find(const char *name, size_t len);
/* Parses a comma-separated list ("ticket.created, ticket.rated"): blanks
** around names are skipped, a repeated name counts once. Fills *mask (bit i
** = kind i). Returns 0, or -1 for an unknown or empty name or an empty
** list. */
int webhook_kinds_parse(const char *text, unsigned *mask);
/* Writes the canonical list of mask (kind order, ',' between) into out
** (cap bytes, always terminated when cap > 0); returns the length needed. */
size_t webhook_kinds_format(unsigned mask, char *out, size_t cap);
/* The webhook kind a ticket timeline row announces (svc_ticket_event's
** kind and internal flag), or NULL for rows no webhook receives. Internal
** rows only ever map to "ticket.internal_note", which admins must choose
** explicitly. */
const char *webhook_kind_for_event(const char *timeline_kind, bool internal);

enum webhook_url_problem {
    WHURL_OK = 0,
    WHURL_SCHEME,      /* not http:// or https:// */
    WHURL_CREDENTIALS, /* user:password@ inside the URL */
    WHURL_HOST,        /* no host */
    WHURL_CHARS,       /* blanks or control characters */
    WHURL_LONG,        /* longer than WEBHOOK_URL_MAX */
};
enum { WEBHOOK_URL_MAX = 2000 };
/* Whether an endpoint URL is acceptable: http(s), a host, no credentials
** (they would show in pages and logs; the secret signs instead). */
enum webhook_url_problem webhook_url_check(const char *url);

#endif
