/* Shared by the ticket handlers: the caller as the ticket service's actor,
** loading a ticket the caller may see, its JSON shape. The rules are svc/'s
** (svc/ticket_svc.h). */
#ifndef LOKET_API_TICKET_COMMON_H
#define LOKET_API_TICKET_COMMON_H

#include "store/store.h" /* no longer through http/http.h */
#include "core/perm.h"
#include "core/jw.h"
#include "http/http.h"
#include "svc/actor.h"

#include <jansson.h>

/* Loads {number} from the path; ERR_NOT_FOUND (ticket.not_found) when it does
** not exist or the caller may not see it — the two are indistinguishable. */
int ticket_load(struct req *rq, struct db *db, struct ticket **out);
/* The caller as the ticket service sees it: the signed-in user on "web",
** from the client's address, now. */
struct actor api_actor(struct req *rq);
/* The permission object of a ticket. */
struct perm_obj ticket_perm_obj(const struct ticket *t);
/* A ticket as the API shows it to viewer, written as JSON text (api/jw.h):
** the requester's e-mail and the contact phone are null for a viewer who may
** not see personal contacts. */
void ticket_json_write(struct jw *w, const char *key, const struct ticket *t,
                       const struct principal *viewer);
/* Answers with one ticket. */
int reply_ticket(struct req *rq, unsigned status, const struct ticket *t);
/* "2026-11-22T07:30:00Z", or JSON null for 0. */
json_t *json_time(int64_t t);
/* Current time (unix seconds); one place so tests could fake it later. */
int64_t ticket_now(void);

#endif
