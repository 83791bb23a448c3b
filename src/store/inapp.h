/* In-app notifications (issue #20, agent tools; migration 0033): the rows
** behind the bell in the header, one list per user. Functions return 0 or
** a negative enum err_kind and fill err, like store.h; a driver implements
** them through the table at the end (the SQLite one: store/sqlite/inapp.c). */
#ifndef LOKET_STORE_INAPP_H
#define LOKET_STORE_INAPP_H

#include "store/store.h"

struct inapp_note {
    int64_t id, user_id, ticket_id;
    const char *kind;   /* "assigned", "reply", "note" or "status" */
    int64_t actor_id;   /* 0: the system */
    const char *detail; /* "status": the new status; else NULL */
    int64_t created_at;
    int64_t read_at;    /* 0: unread */
    /* read-only, joined */
    const char *actor_name, *ticket_number, *ticket_title, *ticket_status;
};

/* What a driver provides for this header; callers use the wrappers below.
** The comments are the contract (store.h says what every operation
** shares). */
struct store_inapp_ops {
    /* Records n->kind for n->user_id about n->ticket_id, in the caller's
    ** transaction. An unread row of the same user, ticket and kind is moved
    ** to n's time, actor and detail instead (one row per thing to look at,
    ** not one per event). */
    int (*inapp_add)(struct db *db, const struct inapp_note *n, struct err *err);
    /* The user's notifications, newest first, at most `limit` (1-100);
    ** unread_only leaves out the read ones. Joined fields in a. */
    int (*inapp_list)(struct db *db, int64_t user_id, bool unread_only, int64_t limit,
                      struct arena *a, struct inapp_note **items, size_t *n, struct err *err);
    /* How many of the user's notifications are unread. */
    int (*inapp_unread)(struct db *db, int64_t user_id, int64_t *count, struct err *err);
    /* Marks the user's notification `id` read at `at` (id 0: all of them);
    ** *changed is how many rows were unread. ERR_NOT_FOUND
    ** "inapp.not_found" for an id that is not the user's. */
    int (*inapp_mark_read)(struct db *db, int64_t user_id, int64_t id, int64_t at,
                           int64_t *changed, struct err *err);
};

static inline int db_inapp_add(struct db *db, const struct inapp_note *n, struct err *err)
{
    return db->ops->inapp->inapp_add(db, n, err);
}

static inline int db_inapp_list(struct db *db, int64_t user_id, bool unread_only, int64_t limit,
                                struct arena *a, struct inapp_note **items, size_t *n,
                                struct err *err)
{
    return db->ops->inapp->inapp_list(db, user_id, unread_only, limit, a, items, n, err);
}

static inline int db_inapp_unread(struct db *db, int64_t user_id, int64_t *count,
                                  struct err *err)
{
    return db->ops->inapp->inapp_unread(db, user_id, count, err);
}

static inline int db_inapp_mark_read(struct db *db, int64_t user_id, int64_t id, int64_t at,
                                     int64_t *changed, struct err *err)
{
    return db->ops->inapp->inapp_mark_read(db, user_id, id, at, changed, err);
}

#endif
