/* The notification channel choice over HTTP (see api/wa_notify.h): read
** and write one user's row of store/wa_notify.h, audited. The rule using it
** is svc/wa_notify.c. */
#include "api/wa_notify.h"
#include "api/api.h"
#include "api/json.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/reply.h"
#include "store/wa_notify.h"
#include "svc/wa_notify.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* {"channel", "phone" (digits or null), "whatsapp": whether the office has
** WhatsApp set up at all} */
static int reply_pref(struct req *rq, struct db *db, int64_t uid)
{
    struct wa_pref p;
    if (db_wa_pref_get(db, uid, rq->arena, &p, &rq->err) != 0)
        return reply_err(rq, &rq->err);
    return reply_json(rq, 200, json_pack("{s:s, s:s?, s:b}", "channel", p.channel, "phone",
                                         p.phone, "whatsapp",
                                         rq->app->cfg->whatsapp_phone_number_id[0] != 0));
}

/* Whether the caller may see and set uid's choice: their own; an admin
** anyone's; an agent of the office (tier 1 or 2) a requester's. */
static bool may(struct req *rq, struct db *db, int64_t uid)
{
    const struct principal *me = &rq->user->p;
    if (uid == me->id || me->role == ROLE_ADMIN)
        return true;
    if (me->role != ROLE_AGENT || me->tier == 3)
        return false;
    struct user_auth u;
    struct err ignore = {0};
    return db_user_by_id(db, uid, rq->arena, &u, &ignore) == 0 && u.p.role == ROLE_REQUESTER;
}

static int not_found(struct req *rq)
{
    return reply_error(rq, ERR_NOT_FOUND, "user.not_found", "pengguna tidak ditemukan",
                       "user not found");
}

static int put(struct req *rq, struct db *db, int64_t uid)
{
    json_t *body;
    if (api_body(rq, &body) != 0)
        return reply_err(rq, &rq->err);
    json_t *ch = json_object_get(body, "channel"), *ph = json_object_get(body, "phone");
    const char *channel = json_string_value(ch);
    if (!svc_wa_channel_valid(channel))
        err_field(&rq->err, "channel", "harus auto, email, whatsapp atau both",
                  "must be auto, email, whatsapp or both");
    char digits[32] = "";
    if (ph && !json_is_null(ph)) {
        const char *s = json_string_value(ph);
        if (s && *s)
            wa_digits(s, digits, sizeof digits);
        size_t n = strlen(digits);
        if (!s || (*s && (n < 8 || n > 15 || strspn(s, "+0123456789 -.()") != strlen(s))))
            err_field(&rq->err, "phone", "bukan nomor WhatsApp yang valid (8–15 angka)",
                      "is not a valid WhatsApp number (8–15 digits)");
    }
    if (rq->err.n_fields)
        return reply_err(rq, (err_set(&rq->err, ERR_INVALID, "validation", "data tidak valid",
                                      "invalid data"),
                              &rq->err));
    struct wa_pref p = {.user_id = uid, .channel = channel, .phone = digits[0] ? digits : NULL,
                        .updated_at = (int64_t)time(NULL)};
    const char *detail = arena_printf(rq->arena, "{\"notifications\":\"%s\"}", channel);
    if (db_begin(db, &rq->err) != 0 || db_wa_pref_put(db, &p, &rq->err) != 0 ||
        db_audit_add(db, rq->user->p.id, "update", "users", uid, detail, rq->ip, &rq->err) != 0 ||
        db_commit(db, &rq->err) != 0) {
        db_rollback(db);
        return reply_err(rq, &rq->err);
    }
    return reply_pref(rq, db, uid);
}

int api_me_notifications_get(struct req *rq)
{
    struct db *db = req_db(rq);
    return db ? reply_pref(rq, db, rq->user->p.id) : reply_err(rq, &rq->err);
}

int api_me_notifications_put(struct req *rq)
{
    struct db *db = req_db(rq);
    return db ? put(rq, db, rq->user->p.id) : reply_err(rq, &rq->err);
}

int api_user_notifications_get(struct req *rq)
{
    struct db *db = req_db(rq);
    int64_t uid = req_param_id(rq, "id");
    if (!db)
        return reply_err(rq, &rq->err);
    return may(rq, db, uid) && uid > 0 ? reply_pref(rq, db, uid) : not_found(rq);
}

int api_user_notifications_put(struct req *rq)
{
    struct db *db = req_db(rq);
    int64_t uid = req_param_id(rq, "id");
    if (!db)
        return reply_err(rq, &rq->err);
    return may(rq, db, uid) && uid > 0 ? put(rq, db, uid) : not_found(rq);
}
