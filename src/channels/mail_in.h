/* Filing one inbound mail: duplicate, loop and auto-reply checks, comment
** on the ticket it refers to or a new ticket, attachments, the record in
** inbound_mail, the acknowledgement. Used by `loket mail-in` (MTA pipe)
** and the IMAP poller. */
#ifndef LOKET_CHANNELS_MAIL_IN_H
#define LOKET_CHANNELS_MAIL_IN_H

#include "store/store.h"

#include <stddef.h>

struct config;

/* sysexits.h values: what an MTA understands from a delivery program. */
enum mail_exit {
    MAIL_EX_OK = 0,        /* filed, or deliberately ignored (auto-reply, bounce, duplicate) */
    MAIL_EX_DATAERR = 65,  /* not a usable message: unparseable, no sender, bad data */
    MAIL_EX_NOUSER = 67,   /* sender unknown (mail_unknown_senders = refuse) or not allowed */
    MAIL_EX_TEMPFAIL = 75, /* database busy/unavailable, disk: the MTA retries later */
};

struct mail_result {
    int exit;                 /* enum mail_exit */
    const char *outcome;      /* ticket, comment, ignored, refused, duplicate, error */
    const char *reason;       /* why ignored/refused; attachment notes */
    char number[40];          /* ticket filed on, "" if none */
    char message[256];        /* one line for logs */
};

/* Files raw[0..len) received through `source` ("pipe" or "imap"). */
void mail_file(struct db *db, const struct config *cfg, const char *raw, size_t len,
               const char *source, struct mail_result *res);

#endif
