/* SQL of appointments (see store/bookings.h and migration 0014). */
#include "store/bookings.h"
#include "store/sqlite/sqlite.h"
#include "store/sqlite/scope.h"
#include "store/sqlite/rows.h"
#include "core/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BK_COLS                                                                              \
    "b.id, b.ticket_id, b.service_id, b.requester_id, b.day, b.slot_start, b.queue_number, "  \
    "b.estimated_at, b.status, b.channel, b.seat, b.day_seat, b.meeting_url, b.answers, "     \
    "b.sensitive, b.called_at, b.served_at, b.created_at, b.updated_at, t.number, u.name, "   \
    "s.name"
#define BK_FROM                                                                              \
    " FROM bookings b JOIN tickets t ON t.id = b.ticket_id JOIN users u ON u.id = "           \
    "b.requester_id JOIN services s ON s.id = b.service_id"

static struct booking *read_booking(sqlite3_stmt *st, struct arena *a)
{
    struct booking *b = arena_alloc(a, sizeof *b);
    int c = 0;
    b->id = sqlite3_column_int64(st, c++);
    b->ticket_id = sqlite3_column_int64(st, c++);
    b->service_id = sqlite3_column_int64(st, c++);
    b->requester_id = sqlite3_column_int64(st, c++);
    b->day = sq_text(a, st, c++);
    b->slot_start = sqlite3_column_int64(st, c++);
    b->queue_number = sqlite3_column_int(st, c++);
    b->estimated_at = sqlite3_column_int64(st, c++);
    b->status = sq_text(a, st, c++);
    b->channel = sq_text(a, st, c++);
    b->seat = sqlite3_column_int(st, c++);
    b->day_seat = sqlite3_column_int(st, c++);
    b->meeting_url = sq_text(a, st, c++);
    b->answers = sq_text(a, st, c++);
    b->sensitive = sq_text(a, st, c++);
    b->called_at = sqlite3_column_int64(st, c++);
    b->served_at = sqlite3_column_int64(st, c++);
    b->created_at = sqlite3_column_int64(st, c++);
    b->updated_at = sqlite3_column_int64(st, c++);
    b->ticket_number = sq_text(a, st, c++);
    b->requester_name = sq_text(a, st, c++);
    b->service_name = sq_text(a, st, c++);
    return b;
}

/* Room for one more element in an arena array of *cap (doubled when full);
** NULL past SQ_MAX_ROWS (then return sq_rows_too_many()). */
static void *room(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    return n < *cap ? items : sq_rows_grow(a, items, n, cap, size);
}

static void bind_opt(sqlite3_stmt *st, int idx, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, idx, v);
    else
        sqlite3_bind_null(st, idx);
}

static int sq_bk_schedule_get(struct db *db, int64_t service_id, struct arena *a,
                              struct schedule *out, struct err *err)
{
    static const char sql[] =
        "SELECT mode, slot_minutes, capacity_per_slot, daily_quota, meeting_url_base,"
        " calendar_id, form_fields, updated_at FROM schedules WHERE service_id = ?";
    static const char staff_sql[] =
        "SELECT user_id FROM service_staff WHERE service_id = ? ORDER BY user_id";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (struct schedule){.service_id = service_id, .mode = sq_text(a, st, 0),
                                 .slot_minutes = sqlite3_column_int(st, 1),
                                 .capacity_per_slot = sqlite3_column_int(st, 2),
                                 .daily_quota = sqlite3_column_int(st, 3),
                                 .meeting_url_base = sq_text(a, st, 4),
                                 .calendar_id = sqlite3_column_int64(st, 5),
                                 .form_fields = sq_text(a, st, 6),
                                 .updated_at = sqlite3_column_int64(st, 7)};
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "schedule.not_found",
                       "layanan ini belum punya jadwal", "this service has no schedule yet");
    if (rc != SQLITE_ROW)
        return sq_error(d, rc, err);
    if (!(st = sq_prepare(d, staff_sql, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    size_t cap = 8;
    out->staff_ids = arena_alloc(a, cap * sizeof *out->staff_ids);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->staff_ids = room(a, out->staff_ids, out->n_staff, &cap, sizeof *out->staff_ids);
        if (!out->staff_ids)
            return sq_rows_too_many(st, err);
        out->staff_ids[out->n_staff++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_bk_schedule_put(struct db *db, const struct schedule *s, struct err *err)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO schedules (service_id, mode, slot_minutes, capacity_per_slot,"
        " daily_quota, meeting_url_base, calendar_id, form_fields, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?)";
    static const char del[] = "DELETE FROM service_staff WHERE service_id = ?";
    static const char ins[] =
        "INSERT OR IGNORE INTO service_staff (service_id, user_id) VALUES (?, ?)";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, s->service_id);
    sq_bind_text(st, 2, s->mode);
    sqlite3_bind_int(st, 3, s->slot_minutes);
    sqlite3_bind_int(st, 4, s->capacity_per_slot);
    sqlite3_bind_int(st, 5, s->daily_quota);
    sq_bind_text(st, 6, s->meeting_url_base);
    bind_opt(st, 7, s->calendar_id);
    sq_bind_text(st, 8, s->form_fields);
    sqlite3_bind_int64(st, 9, s->updated_at);
    if (sq_exec_stmt(d, st, err) != 0 || !(st = sq_prepare(d, del, err)))
        return err->kind;
    sqlite3_bind_int64(st, 1, s->service_id);
    if (sq_exec_stmt(d, st, err) != 0)
        return err->kind;
    for (size_t i = 0; i < s->n_staff; i++) {
        if (!(st = sq_prepare(d, ins, err)))
            return err->kind;
        sqlite3_bind_int64(st, 1, s->service_id);
        sqlite3_bind_int64(st, 2, s->staff_ids[i]);
        if (sq_exec_stmt(d, st, err) != 0)
            return err->kind;
    }
    return 0;
}

/* One number from a query over ?1 service, ?2 day, ?3 user, ?4 a booking
** id (those the SQL names); *found false (and *out 0) without a row. */
static int scalar(struct sq_db *d, const char *sql, int64_t service_id, const char *day,
                  int64_t user_id, int64_t booking_id, int64_t *out, bool *found,
                  struct err *err)
{
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    for (int i = 1, np = sqlite3_bind_parameter_count(st); i <= np; i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        switch (name ? atoi(name + 1) : 0) {
        case 1: sqlite3_bind_int64(st, i, service_id); break;
        case 2: sq_bind_text(st, i, day); break;
        case 3: sqlite3_bind_int64(st, i, user_id); break;
        case 4: sqlite3_bind_int64(st, i, booking_id); break;
        }
    }
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    *out = *found ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_bk_is_staff(struct db *db, int64_t service_id, int64_t user_id, bool *yes,
                          struct err *err)
{
    int64_t one;
    return scalar((struct sq_db *)db,
                  "SELECT 1 FROM service_staff WHERE service_id = ?1 AND user_id = ?3",
                  service_id, NULL, user_id, 0, &one, yes, err);
}

static int sq_bk_counts(struct db *db, int64_t service_id, const char *from, const char *to,
                        struct arena *a, struct booking_count **items, size_t *n, struct err *err)
{
    /* the counters of migration 0019, kept with the bookings by triggers:
    ** a day's slots are a few rows, however many bookings it holds */
    static const char sql[] =
        "SELECT day, slot_start, n FROM booking_slot_counts WHERE service_id = ? AND day"
        " BETWEEN ? AND ? AND n > 0";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    sq_bind_text(st, 2, from);
    sq_bind_text(st, 3, to);
    size_t cap = 64, k = 0;
    struct booking_count *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out = room(a, out, k, &cap, sizeof *out);
        if (!out)
            return sq_rows_too_many(st, err);
        out[k++] = (struct booking_count){.day = sq_text(a, st, 0),
                                          .slot_start = sqlite3_column_int64(st, 1),
                                          .n = sqlite3_column_int(st, 2)};
    }
    sqlite3_reset(st);
    *items = out;
    *n = k;
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_bk_seats(struct db *db, int64_t service_id, const char *day, int64_t slot_start,
                       struct arena *a, int **seats, size_t *n, struct err *err)
{
    static const char slot_sql[] =
        "SELECT seat FROM bookings WHERE service_id = ? AND slot_start = ? AND seat IS NOT NULL";
    static const char day_sql[] =
        "SELECT day_seat FROM bookings WHERE service_id = ? AND day = ? AND day_seat IS NOT NULL";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, slot_start ? slot_sql : day_sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    if (slot_start)
        sqlite3_bind_int64(st, 2, slot_start);
    else
        sq_bind_text(st, 2, day);
    size_t cap = 32, k = 0;
    int *out = arena_alloc(a, cap * sizeof *out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out = room(a, out, k, &cap, sizeof *out);
        if (!out)
            return sq_rows_too_many(st, err);
        out[k++] = sqlite3_column_int(st, 0);
    }
    sqlite3_reset(st);
    *seats = out;
    *n = k;
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_bk_last_queue(struct db *db, int64_t service_id, const char *day, int *last,
                            struct err *err)
{
    int64_t n;
    bool found;
    int rc = scalar((struct sq_db *)db,
                    "SELECT coalesce(max(queue_number), 0) FROM bookings WHERE service_id = ?1"
                    " AND day = ?2", service_id, day, 0, 0, &n, &found, err);
    *last = (int)n;
    return rc;
}

static int sq_bk_last_day_seat(struct db *db, int64_t service_id, const char *day, int *last,
                               struct err *err)
{
    int64_t n;
    bool found;
    /* this form walks the unique index bookings_day_seat from its end; a
    ** max() picked another index and read every row of the day */
    int rc = scalar((struct sq_db *)db,
                    "SELECT day_seat FROM bookings WHERE service_id = ?1 AND day = ?2 AND"
                    " day_seat IS NOT NULL ORDER BY day_seat DESC LIMIT 1",
                    service_id, day, 0, 0, &n, &found, err);
    *last = rc == 0 && found ? (int)n : 0;
    return rc;
}

static int sq_bk_live_of(struct db *db, int64_t service_id, const char *day, int64_t requester_id,
                         int64_t except_id, int64_t *id, struct err *err)
{
    bool found;
    return scalar((struct sq_db *)db,
                  "SELECT id FROM bookings WHERE service_id = ?1 AND day = ?2 AND"
                  " requester_id = ?3 AND status <> 'cancelled' AND id <> ?4 LIMIT 1",
                  service_id, day, requester_id, except_id, id, &found, err);
}

/* A unique index refused the row: which rule it was. */
static int conflict(struct sq_db *d, int rc, struct err *err)
{
    if (rc != SQLITE_CONSTRAINT_UNIQUE)
        return sq_error(d, rc, err);
    if (strstr(sqlite3_errmsg(d->h), "requester_id"))
        return err_set(err, ERR_CONFLICT, "appointment.duplicate",
                       "Anda sudah punya janji untuk layanan ini pada hari itu",
                       "you already hold a booking for this service on that day");
    return err_set(err, ERR_CONFLICT, "appointment.full", "kuota sudah penuh",
                   "no place left");
}

static void bind_booking(sqlite3_stmt *st, const struct booking *b)
{
    int i = 1;
    sqlite3_bind_int64(st, i++, b->ticket_id);
    sqlite3_bind_int64(st, i++, b->service_id);
    sqlite3_bind_int64(st, i++, b->requester_id);
    sq_bind_text_now(st, i++, b->day);
    bind_opt(st, i++, b->slot_start);
    bind_opt(st, i++, b->queue_number);
    bind_opt(st, i++, b->estimated_at);
    sq_bind_text_now(st, i++, b->status);
    sq_bind_text_now(st, i++, b->channel);
    bind_opt(st, i++, b->seat);
    bind_opt(st, i++, b->day_seat);
    sq_bind_text_now(st, i++, b->meeting_url);
    sq_bind_text_now(st, i++, b->answers ? b->answers : "{}");
    sq_bind_text_now(st, i++, b->sensitive ? b->sensitive : "{}");
    bind_opt(st, i++, b->called_at);
    bind_opt(st, i++, b->served_at);
    sqlite3_bind_int64(st, i++, b->created_at);
    sqlite3_bind_int64(st, i++, b->updated_at);
    bind_opt(st, i++, b->id); /* NULL: a new row's id is SQLite's */
}

/* Runs an INSERT or UPDATE of every column (bind_booking's order). */
static int write_row(struct sq_db *d, const char *sql, const struct booking *b, struct err *err)
{
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    bind_booking(st, b);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : conflict(d, sqlite3_extended_errcode(d->h), err);
}

static int sq_bk_insert(struct db *db, struct booking *b, struct err *err)
{
    static const char sql[] =
        "INSERT INTO bookings (ticket_id, service_id, requester_id, day, slot_start,"
        " queue_number, estimated_at, status, channel, seat, day_seat, meeting_url, answers,"
        " sensitive, called_at, served_at, created_at, updated_at, id)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    struct sq_db *d = (struct sq_db *)db;
    b->id = 0;
    sq_bk_gen_mark(d, b->service_id, b->day); /* before: an autocommit ends in the step */
    if (write_row(d, sql, b, err) != 0)
        return err->kind;
    b->id = sqlite3_last_insert_rowid(d->h);
    struct sq_place none = {0};
    return sq_bk_count_move(d, &none, b, err);
}

static int sq_bk_update(struct db *db, const struct booking *b, struct err *err)
{
    static const char sql[] =
        "UPDATE bookings SET ticket_id = ?, service_id = ?, requester_id = ?, day = ?,"
        " slot_start = ?, queue_number = ?, estimated_at = ?, status = ?, channel = ?, seat = ?,"
        " day_seat = ?, meeting_url = ?, answers = ?, sensitive = ?, called_at = ?,"
        " served_at = ?, created_at = ?, updated_at = ? WHERE id = ?";
    struct sq_db *d = (struct sq_db *)db;
    struct sq_place was;
    if (sq_bk_place_of(d, b->id, &was, err) != 0)
        return err->kind;
    /* the day it leaves and the day it is on (one row: counted once) */
    sq_bk_gen_mark(d, b->service_id, b->day);
    if (was.service_id && (was.service_id != b->service_id || strcmp(was.day, b->day) != 0)) {
        sq_bk_gen_mark(d, was.service_id, was.day);
        d->bk_marked--;
    }
    if (write_row(d, sql, b, err) != 0)
        return err->kind;
    return sqlite3_changes(d->h) ? sq_bk_count_move(d, &was, b, err) : 0;
}

static int get_one(struct sq_db *d, const char *sql, int64_t id, struct arena *a,
                   struct booking **out, struct err *err)
{
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? read_booking(st, a) : NULL;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOT_FOUND, "booking.not_found", "janji temu tidak ditemukan",
                       "booking not found");
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

static int sq_bk_get(struct db *db, int64_t id, struct arena *a, struct booking **out,
                     struct err *err)
{
    static const char sql[] = "SELECT " BK_COLS BK_FROM " WHERE b.id = ?";
    return get_one((struct sq_db *)db, sql, id, a, out, err);
}

static int sq_bk_get_by_ticket(struct db *db, int64_t ticket_id, struct arena *a,
                               struct booking **out, struct err *err)
{
    static const char sql[] = "SELECT " BK_COLS BK_FROM " WHERE b.ticket_id = ?";
    return get_one((struct sq_db *)db, sql, ticket_id, a, out, err);
}

/* ?1 viewer, ?2 service, ?3 day, ?4 text pattern, ?5 limit, ?6 offset, ?10.. statuses */
static int sq_bk_list(struct db *db, const struct booking_query *q, struct arena *a,
                      struct booking ***items, size_t *n, int64_t *total, struct err *err)
{
    struct sq_db *d = (struct sq_db *)db;
    char where[1024] = " WHERE 1";
    size_t w = strlen(where);
#define ADD(...) (w += (size_t)snprintf(where + w, sizeof where - w, __VA_ARGS__))
    /* the booking rule of core/perm.c: own, or a service one serves; admins all */
    if (!q->all)
        ADD(" AND " SQ_BOOKING_SEEN("b"));
    if (q->service_id)
        ADD(" AND b.service_id = ?2");
    if (q->day)
        ADD(" AND b.day = ?3");
    if (q->n_statuses) {
        ADD(" AND b.status IN (");
        for (size_t i = 0; i < q->n_statuses; i++)
            ADD("%s?%zu", i ? "," : "", 10 + i);
        ADD(")");
    }
    /* ordinary answers only: sensitive ones live in another column */
    if (q->q && *q->q)
        ADD(" AND (t.number LIKE ?4 OR u.name LIKE ?4 OR b.answers LIKE ?4)");
#undef ADD
    char *csql = arena_printf(a, "SELECT count(*)" BK_FROM "%s", where);
    char *sql = arena_printf(a, "SELECT " BK_COLS BK_FROM "%s ORDER BY %s LIMIT ?5 OFFSET ?6",
                             where,
                             q->queue_order ? "b.day, b.estimated_at IS NULL, b.estimated_at,"
                                              " b.queue_number, b.id"
                                            : "b.id DESC");
    char *pattern = q->q ? arena_printf(a, "%%%s%%", q->q) : NULL;
    for (int pass = 0; pass < 2; pass++) {
        sqlite3_stmt *st = sq_prepare_text(d, pass ? sql : csql, err);
        if (!st)
            return err->kind;
        int np = sqlite3_bind_parameter_count(st);
        for (int i = 1; i <= np; i++) {
            const char *name = sqlite3_bind_parameter_name(st, i);
            int k = name ? atoi(name + 1) : 0;
            switch (k) {
            case 1: sqlite3_bind_int64(st, i, q->viewer_id); break;
            case 2: sqlite3_bind_int64(st, i, q->service_id); break;
            case 3: sq_bind_text(st, i, q->day); break;
            case 4: sq_bind_text(st, i, pattern); break;
            case 5: sqlite3_bind_int64(st, i, q->per_page); break;
            case 6: sqlite3_bind_int64(st, i, (q->page - 1) * q->per_page); break;
            default:
                if (k >= 10 && (size_t)(k - 10) < q->n_statuses)
                    sq_bind_text(st, i, q->statuses[k - 10]);
            }
        }
        int rc;
        if (!pass) {
            rc = sqlite3_step(st);
            *total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
            sqlite3_reset(st);
            if (rc != SQLITE_ROW)
                return sq_error(d, rc, err);
            continue;
        }
        size_t cap = q->per_page > 0 ? (size_t)q->per_page : 1, k = 0;
        struct booking **out = arena_alloc(a, cap * sizeof *out);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < cap)
            out[k++] = read_booking(st, a);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return sq_error(d, rc, err);
        *items = out;
        *n = k;
    }
    return 0;
}

static int sq_bk_next_waiting(struct db *db, int64_t service_id, const char *day, struct arena *a,
                              struct booking **out, struct err *err)
{
    static const char sql[] =
        "SELECT " BK_COLS BK_FROM " WHERE b.service_id = ? AND b.day = ? AND b.status = 'booked'"
        " ORDER BY b.estimated_at, b.queue_number LIMIT 1";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    sq_bind_text(st, 2, day);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? read_booking(st, a) : NULL;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

static int sq_bk_queue_state(struct db *db, int64_t service_id, const char *day, int *now_serving,
                             int *waiting, struct err *err)
{
    static const char sql[] =
        "SELECT (SELECT queue_number FROM bookings WHERE service_id = ?1 AND day = ?2 AND"
        " called_at IS NOT NULL ORDER BY called_at DESC, estimated_at DESC, queue_number DESC"
        " LIMIT 1),"
        " (SELECT count(*) FROM bookings WHERE service_id = ?1 AND day = ?2 AND"
        " status = 'booked')";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    sq_bind_text(st, 2, day);
    int rc = sqlite3_step(st);
    *now_serving = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    *waiting = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sq_error(d, rc, err);
}

/* ---- the driver's table ---- */

const struct store_booking_ops sq_booking_ops = {
    .bk_schedule_get = sq_bk_schedule_get,
    .bk_schedule_put = sq_bk_schedule_put,
    .bk_is_staff = sq_bk_is_staff,
    .bk_counts = sq_bk_counts,
    .bk_seats = sq_bk_seats,
    .bk_last_day_seat = sq_bk_last_day_seat,
    .bk_last_queue = sq_bk_last_queue,
    .bk_live_of = sq_bk_live_of,
    .bk_insert = sq_bk_insert,
    .bk_update = sq_bk_update,
    .bk_get = sq_bk_get,
    .bk_get_by_ticket = sq_bk_get_by_ticket,
    .bk_list = sq_bk_list,
    .bk_next_waiting = sq_bk_next_waiting,
    .bk_queue_state = sq_bk_queue_state,
    .bk_day_gen = sq_bk_day_gen,
};
