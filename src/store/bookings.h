/* Storage of appointments: per-service schedules, the staff who serve a
** service, and bookings with the places they hold (see migration 0014).
** Functions return 0 or a negative enum err_kind and fill err, like store.h; a
** driver implements them through the table at the end (the SQLite one:
** store/sqlite/bookings.c). */
#ifndef LOKET_STORE_BOOKINGS_H
#define LOKET_STORE_BOOKINGS_H

#include "store/store.h"

struct schedule {
    int64_t service_id;
    const char *mode;        /* self_booking | staff_scheduled */
    int slot_minutes, capacity_per_slot, daily_quota;
    const char *meeting_url_base; /* NULL = none */
    int64_t calendar_id;     /* 0 = the service's SLA policy's calendar */
    const char *form_fields; /* JSON array text */
    int64_t *staff_ids;
    size_t n_staff;
    int64_t updated_at;
};

struct booking {
    int64_t id, ticket_id, service_id, requester_id;
    const char *day;         /* YYYY-MM-DD */
    int64_t slot_start;      /* 0 while requested */
    int queue_number;        /* 0 = none yet */
    int64_t estimated_at;
    const char *status, *channel;
    int seat, day_seat;      /* 0 = holds no place */
    const char *meeting_url, *answers, *sensitive;
    int64_t called_at, served_at, created_at, updated_at;
    /* read-only, joined */
    const char *ticket_number, *requester_name, *service_name;
};

/* A count of places held: per slot (slot_start set) on a day. */
struct booking_count {
    const char *day;
    int64_t slot_start;
    int n;
};

struct booking_query {
    int64_t viewer_id;   /* sees own bookings and those of services they serve */
    bool all;            /* admins: every booking */
    int64_t service_id;  /* 0 = any */
    const char *day;     /* NULL = any */
    const char *statuses[6];
    size_t n_statuses;
    const char *q;       /* ticket number, requester name or ordinary answers */
    bool queue_order;    /* by estimated time and queue number, not newest first */
    int64_t page, per_page;
};

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_booking_ops {
    /* ERR_NOT_FOUND schedule.not_found when the service has none. */
    int (*bk_schedule_get)(struct db *db, int64_t service_id, struct arena *a, struct schedule *out,
                           struct err *err);
    /* Inserts or replaces the schedule and its staff list. */
    int (*bk_schedule_put)(struct db *db, const struct schedule *s, struct err *err);
    int (*bk_is_staff)(struct db *db, int64_t service_id, int64_t user_id, bool *yes,
                       struct err *err);
    /* Places held per slot for days in [from, to] (YYYY-MM-DD). */
    int (*bk_counts)(struct db *db, int64_t service_id, const char *from, const char *to,
                     struct arena *a, struct booking_count **items, size_t *n, struct err *err);
    /* The place numbers held in a slot (seat) or on a day (day_seat, slot_start 0). */
    int (*bk_seats)(struct db *db, int64_t service_id, const char *day, int64_t slot_start,
                    struct arena *a, int **seats, size_t *n, struct err *err);
    /* The highest day place number held on day (0 when none): one index lookup. */
    int (*bk_last_day_seat)(struct db *db, int64_t service_id, const char *day, int *last,
                            struct err *err);
    /* The last queue number given on a day (0 if none). */
    int (*bk_last_queue)(struct db *db, int64_t service_id, const char *day, int *last,
                         struct err *err);
    /* The live (not cancelled) booking of requester on that service and day,
    ** other than except_id; *id 0 if none. */
    int (*bk_live_of)(struct db *db, int64_t service_id, const char *day, int64_t requester_id,
                      int64_t except_id, int64_t *id, struct err *err);
    /* Inserts b (fills b->id). A place or queue number already held, or a second
    ** live booking of the person that day: ERR_CONFLICT appointment.full /
    ** appointment.duplicate (the unique indexes of migration 0014). */
    int (*bk_insert)(struct db *db, struct booking *b, struct err *err);
    /* Writes every mutable field of b. Same conflicts as bk_insert. */
    int (*bk_update)(struct db *db, const struct booking *b, struct err *err);
    int (*bk_get)(struct db *db, int64_t id, struct arena *a, struct booking **out,
                  struct err *err);
    int (*bk_get_by_ticket)(struct db *db, int64_t ticket_id, struct arena *a, struct booking **out,
                            struct err *err);
    int (*bk_list)(struct db *db, const struct booking_query *q, struct arena *a,
                   struct booking ***items, size_t *n, int64_t *total, struct err *err);
    /* The booked booking of the day to call next (earliest estimated time,
    ** then queue number); *out NULL if none. */
    int (*bk_next_waiting)(struct db *db, int64_t service_id, const char *day, struct arena *a,
                           struct booking **out, struct err *err);
    /* The number called last that day (0 if none; calls in one second go by
    ** queue order, as queue/next calls them) and how many still wait. */
    int (*bk_queue_state)(struct db *db, int64_t service_id, const char *day, int *now_serving,
                          int *waiting, struct err *err);
    /* A number that moves after every commit of this process that changed a
    ** booking of the service on day (store/sqlite/booking_gen.c); read it
    ** before the snapshot a value kept under it is read from. Process-wide,
    ** like store_generation: it takes the store, not a connection. */
    uint64_t (*bk_day_gen)(struct store *st, int64_t service_id, const char *day);
};

static inline int bk_schedule_get(struct db *db, int64_t service_id, struct arena *a,
                                  struct schedule *out, struct err *err)
{
    return db->ops->booking->bk_schedule_get(db, service_id, a, out, err);
}

static inline int bk_schedule_put(struct db *db, const struct schedule *s, struct err *err)
{
    return db->ops->booking->bk_schedule_put(db, s, err);
}

static inline int bk_is_staff(struct db *db, int64_t service_id, int64_t user_id, bool *yes,
                              struct err *err)
{
    return db->ops->booking->bk_is_staff(db, service_id, user_id, yes, err);
}

static inline int bk_counts(struct db *db, int64_t service_id, const char *from, const char *to,
                            struct arena *a, struct booking_count **items, size_t *n,
                            struct err *err)
{
    return db->ops->booking->bk_counts(db, service_id, from, to, a, items, n, err);
}

static inline int bk_seats(struct db *db, int64_t service_id, const char *day, int64_t slot_start,
                           struct arena *a, int **seats, size_t *n, struct err *err)
{
    return db->ops->booking->bk_seats(db, service_id, day, slot_start, a, seats, n, err);
}

static inline int bk_last_day_seat(struct db *db, int64_t service_id, const char *day, int *last,
                                   struct err *err)
{
    return db->ops->booking->bk_last_day_seat(db, service_id, day, last, err);
}

static inline int bk_last_queue(struct db *db, int64_t service_id, const char *day, int *last,
                                struct err *err)
{
    return db->ops->booking->bk_last_queue(db, service_id, day, last, err);
}

static inline int bk_live_of(struct db *db, int64_t service_id, const char *day,
                             int64_t requester_id, int64_t except_id, int64_t *id, struct err *err)
{
    return db->ops->booking->bk_live_of(db, service_id, day, requester_id, except_id, id, err);
}

static inline int bk_insert(struct db *db, struct booking *b, struct err *err)
{
    return db->ops->booking->bk_insert(db, b, err);
}

static inline int bk_update(struct db *db, const struct booking *b, struct err *err)
{
    return db->ops->booking->bk_update(db, b, err);
}

static inline int bk_get(struct db *db, int64_t id, struct arena *a, struct booking **out,
                         struct err *err)
{
    return db->ops->booking->bk_get(db, id, a, out, err);
}

static inline int bk_get_by_ticket(struct db *db, int64_t ticket_id, struct arena *a,
                                   struct booking **out, struct err *err)
{
    return db->ops->booking->bk_get_by_ticket(db, ticket_id, a, out, err);
}

static inline int bk_list(struct db *db, const struct booking_query *q, struct arena *a,
                          struct booking ***items, size_t *n, int64_t *total, struct err *err)
{
    return db->ops->booking->bk_list(db, q, a, items, n, total, err);
}

static inline int bk_next_waiting(struct db *db, int64_t service_id, const char *day,
                                  struct arena *a, struct booking **out, struct err *err)
{
    return db->ops->booking->bk_next_waiting(db, service_id, day, a, out, err);
}

static inline int bk_queue_state(struct db *db, int64_t service_id, const char *day,
                                 int *now_serving, int *waiting, struct err *err)
{
    return db->ops->booking->bk_queue_state(db, service_id, day, now_serving, waiting, err);
}

static inline uint64_t bk_day_gen(struct store *st, int64_t service_id, const char *day)
{
    return st->ops->booking->bk_day_gen(st, service_id, day);
}

#endif
