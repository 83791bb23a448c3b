/* Appointments: the rules of schedules and bookings, shared by the API
** (api/bookings.c, api/schedules.c), the WhatsApp booking dialogue and the
** demo loader. They take a neutral actor (the acting user, never an HTTP
** request) and run inside the caller's write transaction; for the HTTP
** writes that is the group-commit writer (svc/writer.c), which runs one job
** at a time, so a capacity check and the insert that follows it are never
** interleaved with another booking's (and the unique indexes of migration
** 0014 refuse a second holder of a place even if they were).
**
** Statuses: requested (staff-scheduled services until staff give a time),
** booked, called, served, no_show, cancelled. Every booking is a ticket of
** its service (tickets.booking = 1): booked/requested → ticket new, called
** → in_progress, served → resolved, no_show and cancelled → cancelled. */
#ifndef LOKET_SVC_BOOKING_H
#define LOKET_SVC_BOOKING_H

#include "core/bizcal.h"
#include "core/slots.h"
#include "store/bookings.h"

#include <jansson.h>

struct config;

/* A service of kind appointment with its schedule and calendar. */
struct booking_ctx {
    int64_t service_id;
    const char *service_name;
    int64_t category_id, priority_id, unit_id;
    struct schedule sch;
    json_t *form;            /* the parsed form_fields (owned: booking_ctx_free) */
    struct bizcal cal;
    struct slot_rules rules;
    uint64_t serial; /* the kept copy it came from (booking_ctx_cache.c); 0 = read afresh */
};

/* Loads service_id: ERR_NOT_FOUND service.not_found when it does not exist
** or is not an active appointment service, schedule.not_found without a
** schedule. */
int booking_ctx_load(struct db *db, struct arena *a, int64_t service_id,
                     struct booking_ctx *ctx, struct err *err);
void booking_ctx_free(struct booking_ctx *ctx);

/* ---- schedules (svc/booking_schedule.c) ---- */

/* Reads a schedule from a PUT body for service_id (an appointment service:
** else 422 on service_id); field errors (422 "validation") in err. Strings
** in arena a. */
int booking_schedule_parse(struct db *db, struct arena *a, int64_t service_id, json_t *body,
                           struct schedule *out, struct err *err);
/* The schedule as the API shows it. New reference. */
json_t *booking_schedule_json(const struct schedule *s);
/* The calendar a schedule uses: its own, else its service's SLA policy's.
** ERR_INVALID (calendar_id) when neither exists. */
int booking_schedule_calendar(struct db *db, struct arena *a, const struct schedule *s,
                              int64_t *calendar_id, struct err *err);

/* ---- bookings (svc/booking.c) ---- */

struct booking_req {
    int64_t service_id;
    const char *date;     /* YYYY-MM-DD, local to the service's calendar */
    int64_t slot_start;   /* unix seconds; 0 = the first slot with room */
    json_t *answers;      /* the form's answers (object) or NULL */
    int64_t requester_id; /* 0 = the actor books for themselves; someone else:
                             tier 1, admins and the service's staff only */
    const char *channel;  /* web, email, whatsapp, phone, walk_in; NULL = web for
                             oneself, phone on behalf */
    /* booking_prepare's work, done before the writer: the answers checked
    ** against the form of the kept context prep_serial (0 = not done) */
    uint64_t prep_serial;
    const char *prep_answers, *prep_sensitive, *prep_description;
};

/* What of a booking depends only on the request and its service's form
** (the answers checked, their JSON texts and the ticket's description),
** done on the calling thread before the job goes to the single writer,
** when the service's context is kept (booking_ctx_cache.h) and the answers
** are valid; booking_create uses it when it loads that same kept context,
** and otherwise does the work itself. Reads no database. */
void booking_prepare(struct arena *a, struct booking_req *r);

struct booking_result {
    struct booking *b;
    struct ticket *t;
    char next_available[11]; /* appointment.full / appointment.closed: "" when none */
};

/* Books (self_booking: booked with a place, queue number and estimated
** time; staff_scheduled: requested, no place yet). Errors: 404
** service.not_found; 403 booking.forbidden (on behalf without the right);
** 422 validation (date, slot_start, answers.<key>); 409 appointment.full or
** appointment.closed (next_available set), appointment.duplicate. */
int booking_create(struct db *db, struct arena *a, const struct config *cfg,
                   const struct user_auth *actor, const struct booking_req *r, int64_t now,
                   struct booking_result *out, struct err *err);
/* The booking and its ticket when actor may see them (the ticket rule of
** core/perm.c); ERR_NOT_FOUND booking.not_found otherwise. */
int booking_get(struct db *db, struct arena *a, const struct user_auth *actor, int64_t id,
                struct booking_result *out, struct err *err);
/* Whether actor runs service_id's queue: an admin or one of its staff. */
int booking_is_staff(struct db *db, const struct user_auth *actor, int64_t service_id,
                     bool *yes, struct err *err);
/* booking_is_staff's rule on a staff list read before (a kept copy's). */
bool booking_is_staff_among(const struct user_auth *actor, const int64_t *staff_ids, size_t n);
/* Cancels (requester, or staff); frees the place. */
int booking_cancel(struct db *db, struct arena *a, const struct config *cfg,
                   const struct user_auth *actor, int64_t id, const char *reason, int64_t now,
                   struct booking_result *out, struct err *err);
/* Moves to date (and slot_start, 0 = first with room), freeing the old
** place. Staff on a requested booking give it its time (→ booked); the
** requester of a staff-scheduled service asks for another day (→
** requested). */
int booking_reschedule(struct db *db, struct arena *a, const struct config *cfg,
                       const struct user_auth *actor, int64_t id, const char *date,
                       int64_t slot_start, int64_t now, struct booking_result *out,
                       struct err *err);
/* Staff: calls the day's next booked number (409 queue.empty when none). */
int booking_call_next(struct db *db, struct arena *a, const struct config *cfg,
                      const struct user_auth *actor, int64_t service_id, const char *date,
                      int64_t now, struct booking_result *out, struct err *err);
/* Staff: called → served, or booked/called → no_show. */
int booking_finish(struct db *db, struct arena *a, const struct config *cfg,
                   const struct user_auth *actor, int64_t id, const char *to, int64_t now,
                   struct booking_result *out, struct err *err);

/* {"days":[{"date","open","capacity","remaining","slots":[{"start","remaining"}]}]}
** for [from, to] (at most SLOTS_RANGE_DAYS days; 422 on bad dates). */
int booking_availability(struct db *db, struct arena *a, int64_t service_id, const char *from,
                         const char *to, int64_t now, json_t **out, struct err *err);
/* {"date","now_serving","waiting","items":[...]}: names only for staff
** (with_names); the viewer's own entries carry "mine", id and ticket number. */
int booking_queue(struct db *db, struct arena *a, int64_t service_id, const char *date,
                  int64_t viewer_id, bool with_names, int64_t now, json_t **out,
                  struct err *err);
/* booking_queue in two steps, so the part every requester sees alike can
** be kept between commits (api/queue_cache.c): the day's queue as read ... */
struct booking_queue_day {
    int64_t service_id;
    const char *day;
    int serving, waiting;
    struct booking **items;
    size_t n;
    const int64_t *staff_ids; /* the service's staff, as booking_is_staff_among takes them */
    size_t n_staff;
};
int booking_queue_read(struct db *db, struct arena *a, int64_t service_id, const char *date,
                       int64_t now, struct booking_queue_day *q, struct err *err);
/* ... and as viewer_id sees it (one rule for booking_queue and the cache). */
json_t *booking_queue_json(const struct booking_queue_day *q, int64_t viewer_id,
                           bool with_names);
json_t *booking_queue_item_json(const struct booking *b, int64_t viewer_id, bool with_names);
/* The service's local date today ("YYYY-MM-DD"). */
void booking_today(const struct booking_ctx *ctx, int64_t now, char out[11]);

struct jw;
/* A booking as the API shows it, written as member key of w; sensitive
** answers only when asked. */
void booking_jw(struct jw *w, const char *key, const struct booking *b, bool with_sensitive);
/* The same as a jansson object (lists built with jansson), from a's memory. */
json_t *booking_json(struct arena *a, const struct booking *b, bool with_sensitive);

#endif
