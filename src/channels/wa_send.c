/* The WhatsApp sender: claims 'whatsapp' outbox rows (so none is sent
** twice), posts each to {base}/{phone_number_id}/messages — free text inside
** the 24-hour window since the recipient's last inbound message, the
** approved template (cfg->whatsapp_template) outside it — records the
** message id for status callbacks, and retries failures with a doubling
** delay from cfg->channel_retry_seconds, up to WA_MAX_ATTEMPTS. */
#include "channels/graph.h"
#include "channels/wa_notice.h"
#include "channels/whatsapp.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "store/channels.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { WA_MAX_ATTEMPTS = 5, WA_WINDOW_SECONDS = 24 * 3600, WA_BATCH = 20 };

static const char *message_text(struct arena *a, const struct outbox_row *o, json_t *vars)
{
    const char *num = json_string_value(json_object_get(vars, "ticket_number"));
    const char *text = json_string_value(json_object_get(vars, "text"));
    if (!strcmp(o->template_key, "dialog")) /* the booking dialogue's answer, as written */
        return text ? text : "";
    if (!strcmp(o->template_key, "ticket_created"))
        return arena_printf(a, "Permintaan Anda telah tercatat dengan nomor tiket %s. Balas "
                               "pesan ini untuk menambahkan keterangan.",
                            num ? num : "");
    return arena_printf(a, "[%s] %s", num ? num : "", text ? text : "");
}

/* Template parameters may not hold line breaks or long runs of spaces. */
static char *param_text(struct arena *a, const char *s)
{
    /* At most 1000 bytes, cut on a UTF-8 character boundary. */
    size_t n = strnlen(s ? s : "", 1000);
    while (s && n == 1000 && n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    char *out = arena_strndup(a, s ? s : "", n), *o = out;
    for (const char *p = out; *p; p++) {
        char c = *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p;
        if (c == ' ' && o > out && o[-1] == ' ')
            continue;
        *o++ = c;
    }
    *o = '\0';
    return out;
}

static void send_one(struct db *db, const struct config *cfg, struct arena *a,
                     const struct outbox_row *o, int64_t now)
{
    struct err err = {0};
    json_t *vars = json_loads(o->vars ? o->vars : "{}", 0, NULL);
    int64_t last = 0;
    chan_wa_last_inbound(db, o->recipient, &last, &err);
    bool inside = last && now - last < WA_WINDOW_SECONDS;
    const char *kind = inside ? "text" : "template";
    struct wa_notice nt; /* issue #22 item 4: status, resolution, rating request */
    bool notice = wa_notice_get(a, cfg, o, vars, &nt);
    json_t *body;
    if (inside)
        body = json_pack("{s:s, s:s, s:s, s:s, s:{s:b, s:s}}", "messaging_product", "whatsapp",
                         "recipient_type", "individual", "to", o->recipient, "type", "text",
                         "text", "preview_url", 0, "body",
                         notice ? nt.text : message_text(a, o, vars));
    else {
        const char *num = json_string_value(json_object_get(vars, "ticket_number"));
        const char *text = notice ? nt.param
                           : !strcmp(o->template_key, "ticket_created")
                               ? message_text(a, o, vars)
                               : json_string_value(json_object_get(vars, "text"));
        body = json_pack("{s:s, s:s, s:s, s:{s:s, s:{s:s}, s:[{s:s, s:[{s:s, s:s}, {s:s, s:s}]}]}}",
                         "messaging_product", "whatsapp", "to", o->recipient, "type", "template",
                         "template", "name", notice ? nt.template_name : cfg->whatsapp_template,
                         "language", "code", notice ? nt.lang : cfg->whatsapp_template_lang,
                         "components", "type", "body", "parameters",
                         "type", "text", "text", num ? num : "", "type", "text", "text",
                         param_text(a, text));
    }
    json_decref(vars);
    char *json = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    const char *url = arena_printf(a, "%s/%s/messages", cfg->whatsapp_base_url,
                                   cfg->whatsapp_phone_number_id);
    struct graph_resp r;
    graph_call(url, cfg->whatsapp_token, json, 65536, a, &r);
    free(json);
    const char *wamid = NULL;
    if (r.status >= 200 && r.status < 300) {
        json_t *j = json_loads(r.body, 0, NULL);
        const char *id = json_string_value(
            json_object_get(json_array_get(json_object_get(j, "messages"), 0), "id"));
        wamid = id ? arena_strdup(a, id) : NULL;
        json_decref(j);
    }
    err_clear(&err);
    if (db_begin(db, &err) != 0) {
        log_msg(LOG_ERROR, "whatsapp outbox %lld: %s", (long long)o->id, err.msg[LOC_EN]);
        return; /* stays 'sending': never sent twice, visible for an operator */
    }
    int rc;
    if (wamid) {
        rc = chan_outbox_finish(db, o->id, "sent", 0, NULL, &err);
        if (rc == 0)
            rc = chan_wa_outbound_add(db, wamid, o->id, o->ticket_id, o->recipient, kind, now,
                                      &err);
    } else {
        /* 4xx other than 429 will not get better by retrying. */
        bool permanent = (r.status >= 400 && r.status < 500 && r.status != 429) ||
                         o->attempts >= WA_MAX_ATTEMPTS;
        int64_t delay = cfg->channel_retry_seconds << (o->attempts > 10 ? 10 : o->attempts - 1);
        const char *why = r.status ? arena_printf(a, "HTTP %ld: %.200s", r.status, r.body)
                                   : arena_strdup(a, r.error);
        rc = chan_outbox_finish(db, o->id, permanent ? "failed" : "pending",
                                permanent ? 0 : now + delay, why, &err);
        log_msg(LOG_WARN, "whatsapp outbox %lld attempt %d: %s", (long long)o->id, o->attempts,
                why);
    }
    if (rc != 0 || db_commit(db, &err) != 0) {
        db_rollback(db);
        log_msg(LOG_ERROR, "whatsapp outbox %lld: %s", (long long)o->id, err.msg[LOC_EN]);
    }
}

int wa_send_due(struct db *db, const struct config *cfg, int64_t now)
{
    struct arena *a = arena_new();
    struct err err = {0};
    struct outbox_row *rows = NULL;
    size_t n = 0;
    if (db_begin(db, &err) != 0 ||
        chan_outbox_claim(db, "whatsapp", now, WA_BATCH, a, &rows, &n, &err) != 0 ||
        db_commit(db, &err) != 0) {
        db_rollback(db);
        if (err.kind != ERR_UNAVAILABLE)
            log_msg(LOG_ERROR, "whatsapp outbox claim: %s", err.msg[LOC_EN]);
        arena_free(a);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        send_one(db, cfg, a, &rows[i], now);
    arena_free(a);
    return (int)n;
}
