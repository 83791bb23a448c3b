/* The WhatsApp Cloud API webhook's channel side (see whatsapp.h); its HTTP
** handlers are api/whatsapp.c. Deliveries are checked against
** X-Hub-Signature-256 over the raw body before anything is parsed.
** Media are fetched from the Graph API before the transaction opens, so no
** database lock is held across network calls. Each inbound message id is
** recorded, so Meta's redeliveries file nothing twice. */
#include "channels/channels.h"
#include "channels/graph.h"
#include "channels/intake.h"
#include "channels/wa_booking.h"
#include "channels/wa_payload.h"
#include "channels/wa_rating.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "store/channels.h"
#include "svc/identity.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool wa_signature_ok(const char *secret, const void *body, size_t len, const char *sig)
{
    if (!secret || !*secret || !sig || strncmp(sig, "sha256=", 7) != 0)
        return false;
    const char *hex = sig + 7;
    unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
    size_t bin_len = 0;
    if (strlen(hex) != 2 * sizeof got ||
        sodium_hex2bin(got, sizeof got, hex, strlen(hex), NULL, &bin_len, NULL) != 0 ||
        bin_len != sizeof got)
        return false;
    /* The app secret is the HMAC key whatever its length. */
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, body, len);
    crypto_auth_hmacsha256_final(&st, want);
    return sodium_memcmp(want, got, sizeof want) == 0;
}

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* GET {base}/{media_id} → {"url": ...}; GET url → the bytes. */
static void fetch_media(const struct config *cfg, struct arena *a, struct wa_msg *m)
{
    struct graph_resp r;
    size_t max = (size_t)cfg->attachment_max_mb * 1024 * 1024;
    const char *url = arena_printf(a, "%s/%s", cfg->whatsapp_base_url, m->media_id);
    if (graph_call(url, cfg->whatsapp_token, NULL, 65536, a, &r) != 0 || r.status != 200) {
        m->media_error = arena_printf(a, "media lookup failed (%ld %s)", r.status, r.error);
        return;
    }
    json_t *j = json_loads(r.body, 0, NULL);
    const char *media_url = jstr(j, "url");
    if (!media_url) {
        json_decref(j);
        m->media_error = "media lookup gave no url";
        return;
    }
    media_url = arena_strdup(a, media_url);
    json_decref(j);
    if (graph_call(media_url, cfg->whatsapp_token, NULL, max, a, &r) != 0 || r.status != 200) {
        m->media_error = arena_printf(a, "media download failed (%ld %s)", r.status, r.error);
        return;
    }
    m->media = (const unsigned char *)r.body;
    m->media_len = r.len;
}

/* Files one message inside the open transaction. */
static int file_message(struct intake *in, struct wa_msg *m)
{
    struct db *db = in->db;
    int64_t uid = 0, tid = 0;
    char digits[32];
    wa_digits(m->phone, digits, sizeof digits);
    if (chan_user_by_phone(db, digits, &uid, in->err) != 0)
        return in->err->kind;
    bool dialogue = false; /* a booking keyword or an open booking dialogue (issue 16) */
    if (wa_booking_handle(in, m, digits, uid, &dialogue) != 0)
        return in->err->kind;
    if (dialogue)
        return 0;
    bool rated = false; /* issue #22 item 4: a digit answering a rating request */
    if (wa_rating_handle(in, m, digits, uid, &rated) != 0)
        return in->err->kind;
    if (rated)
        return 0;
    /* seed 002: an unknown sender is registered, their message filed, and
    ** they are asked for their identity; their answer fills the account */
    bool stranger = !uid;
    const char *thanks = NULL;
    if (!uid && intake_requester(in, m->name ? m->name : arena_printf(in->a, "+%s", digits), NULL,
                                 arena_printf(in->a, "+%s", digits), &uid) != 0)
        return in->err->kind;
    if (svc_identity_submit(db, in->a, uid, m->text, m->at ? m->at : (int64_t)time(NULL), &thanks,
                            in->err) != 0)
        return in->err->kind;
    if (chan_open_ticket(db, uid, "whatsapp", &tid, in->err) != 0)
        return in->err->kind;
    struct ticket *t;
    /* an identity reply: kept on the account, and on the open ticket if any */
    if (thanks && !stranger) {
        bool fresh;
        if ((tid && (db_ticket_get_id(db, tid, in->a, &t, in->err) != 0 ||
                     intake_comment(in, t, uid, m->text) != 0)) ||
            wa_queue_text(db, uid, tid, digits, thanks, in->err) != 0 ||
            chan_wa_inbound_add(db, m->wamid, digits, m->at, m->kind, tid, &fresh, in->err) != 0)
            return in->err->kind;
        return 0;
    }
    if (tid) {
        if (db_ticket_get_id(db, tid, in->a, &t, in->err) != 0 ||
            intake_comment(in, t, uid, m->text) != 0)
            return in->err->kind;
    } else {
        if (intake_ticket(in, "whatsapp", uid, wa_title(in->a, m->text), m->text, &t) != 0 ||
            wa_queue(db, t, uid, digits, "ticket_created", t->number, in->err) != 0)
            return in->err->kind;
        /* a first message that already names the sender is thanked, not asked */
        if (stranger && wa_queue(db, t, uid, digits, "dialog",
                                 thanks ? thanks : identity_ask_text(in->a, t->number),
                                 in->err) != 0)
            return in->err->kind;
    }
    if (m->media) {
        const char *why;
        int rc = intake_attach(in, t, uid, m->filename, m->media, m->media_len, &why);
        if (rc < 0)
            return rc;
        if (rc == 1)
            log_msg(LOG_INFO, "whatsapp %s: attachment refused: %s", m->wamid, why);
    } else if (m->media_error)
        log_msg(LOG_ERROR, "whatsapp %s: %s", m->wamid, m->media_error);
    bool fresh;
    return chan_wa_inbound_add(db, m->wamid, digits, m->at, m->kind, t->id, &fresh, in->err);
}

int wa_delivery_file(struct db *db, const struct config *cfg, struct arena *a,
                     const struct wa_payload *pl, struct err *err)
{
    struct wa_msg *msgs = pl->msgs;
    size_t n = pl->n, i;
    /* Already filed messages are skipped before any media is fetched again. */
    for (i = 0; i < n; i++) {
        bool dup = false;
        if (msgs[i].media_id && cfg->whatsapp_token[0] &&
            chan_wa_inbound_seen(db, msgs[i].wamid, &dup, err) == 0 && !dup)
            fetch_media(cfg, a, &msgs[i]);
        err_clear(err);
    }
    struct intake in = {.db = db, .a = a, .cfg = cfg, .err = err, .channel = "whatsapp"};
    int rc = db_begin(db, err);
    if (rc == 0) {
        for (i = 0; rc == 0 && i < n; i++) {
            bool dup = false;
            if ((rc = chan_wa_inbound_seen(db, msgs[i].wamid, &dup, err)) == 0 && !dup)
                rc = file_message(&in, &msgs[i]);
        }
        json_t *s;
        json_array_foreach(pl->statuses, i, s)
        {
            const char *id = jstr(s, "id"), *st = jstr(s, "status"), *ts = jstr(s, "timestamp");
            json_t *e0 = json_array_get(json_object_get(s, "errors"), 0);
            if (rc == 0 && id && st)
                rc = chan_wa_status_add(db, id, st, ts ? strtoll(ts, NULL, 10) : 0,
                                        jstr(e0, "title"), err);
        }
        if (rc == 0)
            rc = db_commit(db, err);
        if (rc != 0) {
            db_rollback(db);
            intake_discard(&in);
        }
    }
    if (rc == 0 && n)
        channels_wake(); /* answers queued (the booking dialogue): send them now */
    return rc;
}
