/* The WhatsApp booking dialogue (issue #16 item 5) as a pure state
** machine: one incoming text and the sender's saved state in, the reply
** text, the next state and at most one action for the caller out. No
** database, clock or network here (channels/wa_booking.c does those and
** calls svc/booking like the API), so it is unit-tested and fuzzed alone.
**
** Keywords (any case): DAFTAR starts a booking (poli → date → the form's
** questions one by one → YA); KUOTA [poli] shows the room of the next open
** days; BATAL <number> cancels one's own booking; BATAL alone ends an open
** dialogue. Anything else while no dialogue is open is not ours (WAD_PASS:
** it continues or opens a ticket as before). All texts are Indonesian. */
#ifndef LOKET_CHANNELS_WA_DIALOG_H
#define LOKET_CHANNELS_WA_DIALOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

enum wad_step { WAD_IDLE, WAD_SERVICE, WAD_DATE, WAD_FIELD, WAD_CONFIRM };

struct wad_state {
    enum wad_step step;
    int64_t service_id;  /* chosen poli (WAD_DATE on) */
    char date[11];       /* YYYY-MM-DD (WAD_FIELD on) */
    size_t field;        /* the question being asked (WAD_FIELD) */
    json_t *answers;     /* {"key": "answer"}; owned, never NULL after load */
};

struct wad_service {
    int64_t id;
    const char *name;
};

/* One question of the service's booking form; type text|date|number|select. */
struct wad_field {
    const char *key, *label, *type;
    bool required;
    const char *const *options; /* select */
    size_t n_options;
};

struct wad_day {
    char date[11];       /* YYYY-MM-DD, an open day */
    int64_t remaining;   /* places left that day */
};

/* What the caller read for this step. */
struct wad_ctx {
    const char *today;                 /* YYYY-MM-DD in the clinic's time */
    const struct wad_service *services; /* bookable by WhatsApp */
    size_t n_services;
    /* of state->service_id, when one is chosen */
    const struct wad_field *fields;
    size_t n_fields;
    const struct wad_day *days;        /* the next open days, in order */
    size_t n_days;
};

enum wad_act {
    WAD_PASS,       /* not for the dialogue: nothing to send */
    WAD_REPLY,      /* send reply */
    WAD_SHOW_DAYS,  /* poli chosen (state has it): send reply, then wad_days_text */
    WAD_QUOTA,      /* send wad_quota_text of service_id (0: of every poli) */
    WAD_BOOK,       /* book the state's service, date and answers */
    WAD_CANCEL,     /* cancel booking `number` if it is the sender's */
};

struct wad_out {
    enum wad_act act;
    int64_t service_id;  /* WAD_QUOTA */
    const char *number;  /* WAD_CANCEL, upper case */
    const char *reply;   /* in the arena; NULL for WAD_PASS, WAD_QUOTA, WAD_BOOK, WAD_CANCEL */
};

/* A fresh idle state. */
void wad_state_init(struct wad_state *st);
void wad_state_free(struct wad_state *st);
/* Reads a saved state; anything malformed gives a fresh idle state
** (returns -1 then, 0 when read). */
int wad_state_load(const char *text, struct wad_state *st);
/* The state as JSON text in the arena; NULL for an idle state (nothing to keep). */
const char *wad_state_dump(struct arena *a, const struct wad_state *st);

/* Whether text is for the dialogue at all (an open dialogue, or a
** keyword), so ordinary messages skip loading what a step reads. */
bool wad_wants(struct arena *a, const struct wad_state *st, const char *text);
/* One step (see above); st changes in place. */
void wad_step(struct arena *a, const struct wad_ctx *ctx, struct wad_state *st, const char *text,
              struct wad_out *out);

/* Replies the caller composes after its action. */
const char *wad_days_text(struct arena *a, const struct wad_day *days, size_t n);
const char *wad_quota_text(struct arena *a, const char *service, const struct wad_day *days,
                           size_t n);
/* The booking is made: queue number, estimated local time "HH.MM", the
** booking's reference (its ticket number), the meeting link if virtual. */
const char *wad_booked_text(struct arena *a, const char *service, const char *date,
                            int64_t queue_number, const char *time_hhmm, const char *number,
                            const char *meeting_url);
/* The day filled up: the next day with room (NULL: none soon). The state
** goes back to choosing a date. */
const char *wad_full_text(struct arena *a, struct wad_state *st, const char *next_date);
/* A form answer the booking rules refused: asks that question again. */
const char *wad_reask(struct arena *a, const struct wad_ctx *ctx, struct wad_state *st,
                      const char *key, const char *why);
/* "Sen, 08-12-2026" for "2026-12-08" (the text itself when malformed). */
const char *wad_day_label(struct arena *a, const char *date);

#endif
