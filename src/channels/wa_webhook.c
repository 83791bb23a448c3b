/* The WhatsApp Cloud API webhook (see whatsapp.h). Deliveries are checked
** against X-Hub-Signature-256 over the raw body before anything is parsed.
** Media are fetched from the Graph API before the transaction opens, so no
** database lock is held across network calls. Each inbound message id is
** recorded, so Meta's redeliveries file nothing twice. */
#include "channels/graph.h"
#include "channels/intake.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/reply.h"
#include "store/channels.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

enum { WA_MAX_MESSAGES = 64 };

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

int api_whatsapp_verify(struct req *rq)
{
    const struct config *cfg = rq->app->cfg;
    const char *mode = req_query(rq, "hub.mode"), *token = req_query(rq, "hub.verify_token");
    const char *challenge = req_query(rq, "hub.challenge");
    size_t want = strlen(cfg->whatsapp_verify_token);
    bool ok = mode && !strcmp(mode, "subscribe") && token && challenge && want &&
              strlen(token) == want && sodium_memcmp(token, cfg->whatsapp_verify_token, want) == 0;
    if (!ok)
        return reply_error(rq, ERR_FORBIDDEN, "whatsapp.verify_failed",
                           "verifikasi webhook gagal", "webhook verification failed");
    return reply_bytes(rq, 200, "text/plain; charset=utf-8", challenge, strlen(challenge));
}

struct wa_msg {
    const char *wamid, *phone, *name, *kind, *text;
    int64_t at;
    const char *media_id, *filename;
    const unsigned char *media;
    size_t media_len;
    const char *media_error;
};

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Body text of any message type we know; "[type]" for the others. */
static void read_message(struct arena *a, json_t *m, json_t *contacts, struct wa_msg *out)
{
    out->wamid = jstr(m, "id");
    out->phone = jstr(m, "from");
    const char *ts = jstr(m, "timestamp");
    out->at = ts ? strtoll(ts, NULL, 10) : 0;
    out->kind = jstr(m, "type");
    if (!out->kind)
        out->kind = "unknown";
    size_t i;
    json_t *c;
    json_array_foreach(contacts, i, c)
    {
        const char *wa = jstr(c, "wa_id");
        if (wa && out->phone && !strcmp(wa, out->phone))
            out->name = jstr(json_object_get(c, "profile"), "name");
    }
    json_t *part = json_object_get(m, out->kind);
    if (!strcmp(out->kind, "text"))
        out->text = jstr(part, "body");
    else if (!strcmp(out->kind, "image") || !strcmp(out->kind, "document") ||
             !strcmp(out->kind, "video") || !strcmp(out->kind, "audio") ||
             !strcmp(out->kind, "sticker")) {
        out->media_id = jstr(part, "id");
        out->filename = jstr(part, "filename");
        out->text = jstr(part, "caption");
        if (!out->text || !*out->text)
            out->text = out->filename; /* a document sent without words */
    } else if (!strcmp(out->kind, "button"))
        out->text = jstr(part, "text");
    else if (!strcmp(out->kind, "interactive")) {
        json_t *r = json_object_get(part, "button_reply");
        if (!r)
            r = json_object_get(part, "list_reply");
        out->text = jstr(r, "title");
    }
    if (!out->text || !*out->text)
        out->text = arena_printf(a, "[%s]", out->kind);
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

static const char *title_from(struct arena *a, const char *text)
{
    size_t n = strcspn(text, "\n");
    if (n > 80) {
        n = 80;
        while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    char *t = arena_strndup(a, text, n);
    return *t ? t : "Pesan WhatsApp";
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
    if (!uid && intake_requester(in, m->name ? m->name : arena_printf(in->a, "+%s", digits), NULL,
                                 arena_printf(in->a, "+%s", digits), &uid) != 0)
        return in->err->kind;
    if (chan_open_ticket(db, uid, "whatsapp", &tid, in->err) != 0)
        return in->err->kind;
    struct ticket *t;
    if (tid) {
        if (db->ops->ticket_get_id(db, tid, in->a, &t, in->err) != 0 ||
            intake_comment(in, t, uid, m->text) != 0)
            return in->err->kind;
    } else {
        if (intake_ticket(in, "whatsapp", uid, title_from(in->a, m->text), m->text, &t) != 0 ||
            wa_queue(db, t, uid, digits, "ticket_created", t->number, in->err) != 0)
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

int api_whatsapp_receive(struct req *rq)
{
    const struct config *cfg = rq->app->cfg;
    if (!wa_signature_ok(cfg->whatsapp_app_secret, rq->body ? rq->body : "", rq->body_len,
                         req_header(rq, "X-Hub-Signature-256")))
        return reply_error(rq, ERR_UNAUTHENTICATED, "whatsapp.signature",
                           "tanda tangan X-Hub-Signature-256 tidak sah",
                           "missing or invalid X-Hub-Signature-256");
    json_t *root = json_loadb(rq->body ? rq->body : "", rq->body_len, 0, NULL);
    if (!json_is_object(root)) {
        json_decref(root);
        return reply_error(rq, ERR_MALFORMED, "request.malformed", "JSON tidak valid",
                           "invalid JSON");
    }
    struct arena *a = rq->arena;
    struct wa_msg *msgs = arena_alloc(a, WA_MAX_MESSAGES * sizeof *msgs);
    size_t n = 0, i, j;
    json_t *entry, *change, *statuses = json_array();
    json_array_foreach(json_object_get(root, "entry"), i, entry)
    {
        json_array_foreach(json_object_get(entry, "changes"), j, change)
        {
            json_t *value = json_object_get(change, "value"), *m, *s;
            size_t k;
            json_array_foreach(json_object_get(value, "messages"), k, m)
            {
                if (n == WA_MAX_MESSAGES)
                    break;
                read_message(a, m, json_object_get(value, "contacts"), &msgs[n]);
                if (msgs[n].wamid && msgs[n].phone)
                    n++;
            }
            json_array_foreach(json_object_get(value, "statuses"), k, s)
                json_array_append(statuses, s);
        }
    }
    struct db *db = req_db(rq);
    int rc = db ? 0 : rq->err.kind;
    /* Already filed messages are skipped before any media is fetched again. */
    for (i = 0; rc == 0 && i < n; i++) {
        bool dup = false;
        if (msgs[i].media_id && cfg->whatsapp_token[0] &&
            chan_wa_inbound_seen(db, msgs[i].wamid, &dup, &rq->err) == 0 && !dup)
            fetch_media(cfg, a, &msgs[i]);
        err_clear(&rq->err);
    }
    struct intake in = {.db = db, .a = a, .cfg = cfg, .err = &rq->err};
    if (rc == 0 && (rc = db_begin(db, &rq->err)) == 0) {
        for (i = 0; rc == 0 && i < n; i++) {
            bool dup = false;
            if ((rc = chan_wa_inbound_seen(db, msgs[i].wamid, &dup, &rq->err)) == 0 && !dup)
                rc = file_message(&in, &msgs[i]);
        }
        json_t *s;
        json_array_foreach(statuses, i, s)
        {
            const char *id = jstr(s, "id"), *st = jstr(s, "status"), *ts = jstr(s, "timestamp");
            json_t *e0 = json_array_get(json_object_get(s, "errors"), 0);
            if (rc == 0 && id && st)
                rc = chan_wa_status_add(db, id, st, ts ? strtoll(ts, NULL, 10) : 0,
                                        jstr(e0, "title"), &rq->err);
        }
        if (rc == 0)
            rc = db_commit(db, &rq->err);
        if (rc != 0) {
            db_rollback(db);
            intake_discard(&in);
        }
    }
    json_decref(statuses);
    json_decref(root);
    if (rc != 0) {
        /* Meta redelivers on any non-2xx: make it a retryable 503 unless it is our bug. */
        log_msg(LOG_ERROR, "whatsapp webhook: %s", rq->err.msg[LOC_EN]);
        if (rq->err.kind != ERR_UNAVAILABLE)
            rq->err.kind = ERR_UNAVAILABLE;
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:b, s:I}", "ok", 1, "messages", (json_int_t)n));
}
