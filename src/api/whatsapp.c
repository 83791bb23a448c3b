/* The WhatsApp Cloud API webhook's HTTP side: request → check → file →
** reply. Verification, the signature and the JSON are checked here; what a
** delivery files is channels/wa_webhook.c's. Moved out of channels/ (issue
** 18) so channels/ knows nothing of HTTP. */
#include "api/api.h"
#include "channels/wa_payload.h"
#include "channels/whatsapp.h"
#include "core/config.h"
#include "core/log.h"
#include "http/reply.h"

#include <sodium.h>
#include <string.h>

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

int api_whatsapp_receive(struct req *rq)
{
    const struct config *cfg = rq->app->cfg;
    if (!wa_signature_ok(cfg->whatsapp_app_secret, rq->body ? rq->body : "", rq->body_len,
                         req_header(rq, "X-Hub-Signature-256")))
        return reply_error(rq, ERR_UNAUTHENTICATED, "whatsapp.signature",
                           "tanda tangan X-Hub-Signature-256 tidak sah",
                           "missing or invalid X-Hub-Signature-256");
    struct arena *a = rq->arena;
    struct wa_payload pl;
    if (wa_payload_read(a, rq->body, rq->body_len, &pl) != 0)
        return reply_error(rq, ERR_MALFORMED, "request.malformed", "JSON tidak valid",
                           "invalid JSON");
    struct db *db = req_db(rq);
    int rc = db ? wa_delivery_file(db, cfg, a, &pl, &rq->err) : rq->err.kind;
    if (rc != 0) {
        /* Meta redelivers on any non-2xx: make it a retryable 503 unless it is our bug. */
        log_msg(LOG_ERROR, "whatsapp webhook: %s", rq->err.msg[LOC_EN]);
        if (rq->err.kind != ERR_UNAVAILABLE)
            rq->err.kind = ERR_UNAVAILABLE;
        return reply_err(rq, &rq->err);
    }
    return reply_json(rq, 200, json_pack("{s:b, s:I}", "ok", 1, "messages", (json_int_t)pl.n));
}
