/* The requester's identity on the channel intakes (issue #21 item 4, seed
** 002 V.2-3): a sender the desk does not know is registered as a requester
** still to be identified, asked for name, NIP/NIM and e-mail, and their
** reply fills the account; an agent or admin checks it (at the NIC site)
** and marks it verified. The rules live here, shared by the WhatsApp and
** e-mail intakes (channels/) and the API (api/identity.c). */
#ifndef LOKET_SVC_IDENTITY_H
#define LOKET_SVC_IDENTITY_H

#include "store/store.h"
#include "svc/actor.h"

#include <stdbool.h>
#include <stdint.h>

/* Whether p may see identities and verify them: admins, and agents of the
** organisation (not an outside vendor's). Everyone else gets 404. */
bool identity_staff(const struct principal *p);

/* The question to an unknown sender (WhatsApp), naming the ticket their
** message was filed as. In the arena. */
const char *identity_ask_text(struct arena *a, const char *ticket_number);

/* Marks requester uid, just registered by `channel` ("whatsapp"/"email"),
** as asked for their identity (their account enters the agents' queue). */
int svc_identity_asked(struct db *db, struct arena *a, int64_t uid, const char *channel,
                       struct err *err);

/* Reads `text` from requester uid. When uid was registered by a channel,
** is not verified yet and text is an identity reply (core/idparse.h), the
** reply is kept as sent, its name, NIP/NIM and e-mail fill the account
** (the e-mail only in place of a WhatsApp placeholder and when no other
** account holds it; the NIP only when it is an 18-digit NIP no one else
** holds) and *reply is the thanks to send back; an audit row records it.
** Otherwise *reply is NULL and nothing changes. */
int svc_identity_submit(struct db *db, struct arena *a, int64_t uid, const char *text,
                        int64_t now, const char **reply, struct err *err);

/* Who verifies requester uid: identity_staff, else ERR_NOT_FOUND
** user.not_found; uid must be a requester (ERR_NOT_FOUND otherwise) not
** yet verified (ERR_CONFLICT identity.verified). Sets verified by/at,
** writes the audit row and an "identity_verified" event on the
** requester's tickets; *out is the account after. */
int svc_identity_verify(struct db *db, const struct actor *who, struct arena *a, int64_t uid,
                        struct record **out, struct err *err);

/* The agents' queue: requesters a channel registered who are not verified,
** newest first (at most 200). ERR_NOT_FOUND for who is not identity_staff. */
int svc_identity_queue(struct db *db, const struct actor *who, struct arena *a,
                       struct record ***items, size_t *n, struct err *err);

#endif
