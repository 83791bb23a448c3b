/* Who makes a change, by which road, when and under which settings: what the
** ticket service (svc/ticket_svc.h) needs to know about its caller instead
** of an HTTP request, so the API, mail-in, IMAP, the WhatsApp webhook, the
** CLI and the unit tests all reach the same rules. */
#ifndef LOKET_SVC_ACTOR_H
#define LOKET_SVC_ACTOR_H

#include "store/store.h"

struct config;

struct actor {
    /* The user acting (permissions, name for notices); NULL is the system. */
    const struct user_auth *user;
    /* The road the change came by: "web" (the API and the web app), "email",
    ** "whatsapp" or "cli". A ticket filed by a channel actor is the actor's
    ** own, on that channel and that channel's service. */
    const char *channel;
    const char *ip;           /* client address for the audit; NULL off the web */
    const struct config *cfg; /* the settings the rules read */
    int64_t now;              /* unix seconds the change happens at */
};

#endif
