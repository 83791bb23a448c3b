/* Outgoing WhatsApp messages are outbox rows with channel 'whatsapp',
** written in the transaction of the change they report; the sender worker
** (wa_send.c) delivers them. */
#include "channels/intake.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "store/channels.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int wa_queue(struct db *db, const struct ticket *t, int64_t recipient_id, const char *phone,
             const char *kind, const char *text, struct err *err)
{
    json_t *vars = json_pack("{s:s, s:s, s:s}", "ticket_number", t->number, "text", text, "title",
                             t->title ? t->title : "");
    char *s = json_dumps(vars, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(vars);
    struct outbox_row o = {.ticket_id = t->id, .recipient_id = recipient_id, .recipient = phone,
                           .channel = "whatsapp", .template_key = kind, .locale = "id",
                           .vars = s, .created_at = (int64_t)time(NULL)};
    int rc = db_outbox_add(db, &o, err);
    free(s);
    return rc;
}

int wa_queue_text(struct db *db, int64_t uid, int64_t ticket_id, const char *digits,
                  const char *text, struct err *err)
{
    json_t *vars = json_pack("{s:s}", "text", text);
    char *s = json_dumps(vars, JSON_COMPACT);
    json_decref(vars);
    struct outbox_row o = {.ticket_id = ticket_id, .recipient_id = uid, .recipient = digits,
                           .channel = "whatsapp", .template_key = "dialog", .locale = "id",
                           .vars = s, .created_at = (int64_t)time(NULL)};
    int rc = db_outbox_add(db, &o, err);
    free(s);
    return rc;
}

int channels_public_comment(struct db *db, struct arena *a, const struct config *cfg,
                            const struct ticket *t, int64_t author_id, const char *body,
                            struct err *err)
{
    (void)cfg;
    if (!t->channel || strcmp(t->channel, "whatsapp") != 0 || author_id == t->requester_id)
        return 0;
    const char *phone;
    if (wa_requester_phone(db, a, t, &phone, err) != 0)
        return err->kind;
    return phone ? wa_queue(db, t, t->requester_id, phone, "comment", body, err) : 0;
}

int wa_requester_phone(struct db *db, struct arena *a, const struct ticket *t,
                       const char **phone, struct err *err)
{
    *phone = NULL;
    if (chan_wa_ticket_phone(db, t->id, a, phone, err) != 0)
        return err->kind;
    if (*phone)
        return 0;
    /* recorded by an agent, or not a WhatsApp ticket: the requester's own number */
    struct record *u;
    if (db_rec_get(db, &res_users, t->requester_id, a, &u, err) != 0)
        return err->kind;
    const struct value *v = &u->v[resource_field(&res_users, "phone")];
    if (v->null || !v->s || !*v->s)
        return 0;
    char digits[32];
    wa_digits(v->s, digits, sizeof digits);
    *phone = digits[0] ? arena_strdup(a, digits) : NULL;
    return 0;
}
