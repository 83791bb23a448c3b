/* Reading a WhatsApp Cloud API webhook delivery: the messages and statuses
** in the signed JSON body, with no database and no network, so the webhook
** handler and the fuzz target (tests/fuzz/fuzz_wa.c) share one reader. */
#ifndef LOKET_CHANNELS_WA_PAYLOAD_H
#define LOKET_CHANNELS_WA_PAYLOAD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

enum { WA_MAX_MESSAGES = 64 };

struct wa_msg {
    const char *wamid, *phone, *name, *kind, *text;
    int64_t at;
    const char *media_id, *filename;
    const unsigned char *media;
    size_t media_len;
    const char *media_error;
};

struct wa_payload {
    struct wa_msg *msgs; /* the first WA_MAX_MESSAGES with an id and a sender */
    size_t n;
    json_t *statuses;    /* array of the status objects, in order */
};

/* Parses body as a JSON object and collects its messages and statuses.
** Strings point into the parsed document, which lives (like statuses)
** until arena a is freed. 0, or -1 when the body is not a JSON object. */
int wa_payload_read(struct arena *a, const char *body, size_t len, struct wa_payload *out);
/* A ticket title from a message: its first line, cut to 80 bytes on a
** UTF-8 boundary; "Pesan WhatsApp" when that is empty. */
const char *wa_title(struct arena *a, const char *text);

#endif
