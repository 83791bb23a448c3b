/* The webhook body reader (see wa_payload.h) and the phone-number
** normaliser: pure text work, apart from the handler's database and network
** steps in wa_webhook.c. */
#include "channels/wa_payload.h"
#include "channels/whatsapp.h"
#include "core/arena.h"

#include <stdlib.h>
#include <string.h>

void wa_digits(const char *phone, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = phone ? phone : ""; *p && o + 1 < n; p++)
        if (*p >= '0' && *p <= '9')
            out[o++] = *p;
    out[o] = '\0';
    /* National numbers (0812...) in Indonesian form become 62812... */
    if (out[0] == '0' && o + 1 < n) {
        memmove(out + 2, out + 1, o);
        out[0] = '6';
        out[1] = '2';
    }
}

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

static void decref(void *p)
{
    json_decref(p);
}

int wa_payload_read(struct arena *a, const char *body, size_t len, struct wa_payload *out)
{
    json_t *root = json_loadb(body ? body : "", len, 0, NULL);
    if (root)
        arena_defer(a, decref, root);
    if (!json_is_object(root))
        return -1;
    out->msgs = arena_alloc(a, WA_MAX_MESSAGES * sizeof *out->msgs);
    out->n = 0;
    out->statuses = json_array();
    arena_defer(a, decref, out->statuses);
    size_t i, j;
    json_t *entry, *change;
    json_array_foreach(json_object_get(root, "entry"), i, entry)
    {
        json_array_foreach(json_object_get(entry, "changes"), j, change)
        {
            json_t *value = json_object_get(change, "value"), *m, *s;
            size_t k;
            json_array_foreach(json_object_get(value, "messages"), k, m)
            {
                if (out->n == WA_MAX_MESSAGES)
                    break;
                struct wa_msg *msg = &out->msgs[out->n];
                read_message(a, m, json_object_get(value, "contacts"), msg);
                if (msg->wamid && msg->phone)
                    out->n++;
                else
                    memset(msg, 0, sizeof *msg);
            }
            json_array_foreach(json_object_get(value, "statuses"), k, s)
                json_array_append(out->statuses, s);
        }
    }
    return 0;
}

const char *wa_title(struct arena *a, const char *text)
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
