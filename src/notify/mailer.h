/* The mail worker: a thread of `loket serve` that sends the outbox's email
** rows. Delivery is at most once per row (docs/design-notes.md): a row is
** claimed ('sending', committed) before any byte goes to the SMTP server,
** marked 'sent' after; failures that certainly did not deliver are retried
** with exponential backoff (outbox_backoff_ms doubling per attempt) up to
** outbox_max_attempts, then the row is 'failed'. A row found 'sending' past
** its lease belonged to a worker that died mid-send: it is marked 'failed'
** ("delivery unknown"), never resent on its own; an admin may resend it. */
#ifndef LOKET_NOTIFY_MAILER_H
#define LOKET_NOTIFY_MAILER_H

#include "core/err.h"

#include <stdint.h>

struct config;
struct store;
struct mailer;

/* A claim older than this is from a dead worker. Longer than the SMTP
** timeouts (10 s connect + 60 s transfer) with a wide margin. One row a
** claim: a kill then cuts only the mail in flight (delivery unknown, failed
** for an admin to resend); batches of 32 left up to 31 never-sent rows
** failed with it, and the extra claim per mail did not show in
** bench/mail_out.sh (1213-1338 vs 999-1633 mails/s). */
enum { MAILER_LEASE_SECONDS = 600, MAILER_BATCH = 1 };

/* Starts the worker thread. With cfg->smtp_url empty no thread starts, *out
** is NULL and mail stays queued. Returns 0 or ERR_INTERNAL. */
int mailer_start(struct store *st, const struct config *cfg, struct mailer **out,
                 struct err *err);
/* Finishes the message in flight, hands back claimed rows not yet sent,
** and joins the thread. NULL is fine. */
void mailer_stop(struct mailer *m);

/* Delay before retry number `attempts` (1 = after the first failure), in
** seconds, rounded up: base_ms * 2^(attempts-1), at most 6 hours. */
int64_t mailer_backoff(long base_ms, int attempts);

#endif
