/* Appointments on PostgreSQL (store/bookings.h): schedules, the staff of a
** service, bookings and the places they hold; the SQL of
** store/sqlite/bookings.c and booking_counts.c.
**
** No overbooking whichever node books. Two guards, both inside the
** booking's transaction:
** - the per-slot counter row of booking_slot_counts (migration 0019) is
**   raised first, by one statement with a condition (n below the slot's
**   capacity): the row lock makes a second booker of the same slot wait for
**   the first one's commit and then see its count, so a full slot answers
**   appointment.full before anything is written;
** - the unique indexes of migration 0014 on (service, slot, seat),
**   (service, day, day_seat) and the queue number stay the last guard: the
**   caller numbers places 1..capacity, so capacity rows is the most a slot
**   or a day holds. A violation maps to appointment.full, the one booking
**   per person and day (bookings_one_a_day) to appointment.duplicate. */
#include "store/bookings.h"
#include "store/pg/ops.h"
#include "store/pg/pg.h"
#include "store/pg/scope.h"
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

static struct booking *read_booking(const PGresult *r, int row, struct arena *a)
{
    struct booking *b = arena_alloc(a, sizeof *b);
    int c = 0;
    b->id = pg_int(r, row, c++);
    b->ticket_id = pg_int(r, row, c++);
    b->service_id = pg_int(r, row, c++);
    b->requester_id = pg_int(r, row, c++);
    b->day = pg_text(a, r, row, c++);
    b->slot_start = pg_int(r, row, c++);
    b->queue_number = (int)pg_int(r, row, c++);
    b->estimated_at = pg_int(r, row, c++);
    b->status = pg_text(a, r, row, c++);
    b->channel = pg_text(a, r, row, c++);
    b->seat = (int)pg_int(r, row, c++);
    b->day_seat = (int)pg_int(r, row, c++);
    b->meeting_url = pg_text(a, r, row, c++);
    b->answers = pg_text(a, r, row, c++);
    b->sensitive = pg_text(a, r, row, c++);
    b->called_at = pg_int(r, row, c++);
    b->served_at = pg_int(r, row, c++);
    b->created_at = pg_int(r, row, c++);
    b->updated_at = pg_int(r, row, c++);
    b->ticket_number = pg_text(a, r, row, c++);
    b->requester_name = pg_text(a, r, row, c++);
    b->service_name = pg_text(a, r, row, c++);
    return b;
}

/* A scratch arena for the parameters of a call that has none. */
struct scratch {
    struct arena *a;
    struct pg_params p;
};

static void scratch_open(struct scratch *s)
{
    s->a = arena_new();
    pgp_init(&s->p, s->a);
}

static int scratch_close(struct scratch *s, int rc)
{
    arena_free(s->a);
    return rc;
}

static int pg_bk_schedule_get(struct db *db, int64_t service_id, struct arena *a,
                              struct schedule *out, struct err *err)
{
    static const char sql[] =
        "SELECT mode, slot_minutes, capacity_per_slot, daily_quota, meeting_url_base,"
        " coalesce(calendar_id, 0), form_fields, updated_at,"
        " ARRAY(SELECT user_id FROM service_staff WHERE service_id = $1 ORDER BY user_id)"
        " FROM schedules WHERE service_id = $1";
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, service_id);
    PGresult *r;
    if (pg_q(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return err_set(err, ERR_NOT_FOUND, "schedule.not_found",
                       "layanan ini belum punya jadwal", "this service has no schedule yet");
    }
    *out = (struct schedule){.service_id = service_id, .mode = pg_text(a, r, 0, 0),
                             .slot_minutes = (int)pg_int(r, 0, 1),
                             .capacity_per_slot = (int)pg_int(r, 0, 2),
                             .daily_quota = (int)pg_int(r, 0, 3),
                             .meeting_url_base = pg_text(a, r, 0, 4),
                             .calendar_id = pg_int(r, 0, 5),
                             .form_fields = pg_text(a, r, 0, 6),
                             .updated_at = pg_int(r, 0, 7)};
    /* the staff list as PostgreSQL prints a bigint[]: {1,2,3} */
    const char *s = pg_raw(r, 0, 8);
    size_t cap = 1;
    for (const char *c = s; *c; c++)
        cap += *c == ',';
    out->staff_ids = arena_alloc(a, cap * sizeof *out->staff_ids);
    for (const char *c = s; *c;) {
        char *end;
        if (*c >= '0' && *c <= '9') {
            out->staff_ids[out->n_staff++] = strtoll(c, &end, 10);
            c = end;
        } else {
            c++;
        }
    }
    PQclear(r);
    return 0;
}

static int pg_bk_schedule_put(struct db *db, const struct schedule *s, struct err *err)
{
    /* one statement: the row and its staff list change together even
    ** outside a transaction (INSERT OR REPLACE, then the list, in SQLite) */
    static const char sql[] =
        "WITH sch AS (INSERT INTO schedules (service_id, mode, slot_minutes, capacity_per_slot,"
        " daily_quota, meeting_url_base, calendar_id, form_fields, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (service_id) DO UPDATE SET"
        " mode = excluded.mode, slot_minutes = excluded.slot_minutes,"
        " capacity_per_slot = excluded.capacity_per_slot, daily_quota = excluded.daily_quota,"
        " meeting_url_base = excluded.meeting_url_base, calendar_id = excluded.calendar_id,"
        " form_fields = excluded.form_fields, updated_at = excluded.updated_at RETURNING 1),"
        " gone AS (DELETE FROM service_staff WHERE service_id = $1"
        " AND NOT (user_id = ANY ($10::bigint[]))),"
        " added AS (INSERT INTO service_staff (service_id, user_id)"
        " SELECT $1, u FROM unnest($10::bigint[]) u ON CONFLICT DO NOTHING)"
        " SELECT 1 FROM sch"; /* a row: the statement wrote (query.c counts it) */
    struct scratch x;
    scratch_open(&x);
    pgp_int(&x.p, s->service_id);
    pgp_text(&x.p, s->mode);
    pgp_int(&x.p, s->slot_minutes);
    pgp_int(&x.p, s->capacity_per_slot);
    pgp_int(&x.p, s->daily_quota);
    pgp_text(&x.p, s->meeting_url_base);
    pgp_id(&x.p, s->calendar_id);
    pgp_text(&x.p, s->form_fields ? s->form_fields : "[]");
    pgp_int(&x.p, s->updated_at);
    char *ids = "{";
    for (size_t i = 0; i < s->n_staff; i++)
        ids = arena_printf(x.a, "%s%s%lld", ids, i ? "," : "", (long long)s->staff_ids[i]);
    pgp_text(&x.p, arena_printf(x.a, "%s}", ids));
    return scratch_close(&x, pg_q((struct pg_db *)db, sql, x.p.n, x.p.v, NULL, err));
}

/* One number from a query over $1 service and the rest of p; *found false
** (and *out 0) without a row. */
static int scalar(struct pg_db *d, const char *sql, struct pg_params *p, int64_t *out,
                  bool *found, struct err *err)
{
    PGresult *r;
    if (pg_q(d, sql, p->n, p->v, &r, err) != 0)
        return err->kind;
    *found = PQntuples(r) > 0;
    *out = *found ? pg_int(r, 0, 0) : 0;
    PQclear(r);
    return 0;
}

static int pg_bk_is_staff(struct db *db, int64_t service_id, int64_t user_id, bool *yes,
                          struct err *err)
{
    static const char sql[] = "SELECT 1 FROM service_staff WHERE service_id = $1 AND user_id = $2";
    struct scratch x;
    scratch_open(&x);
    pgp_int(&x.p, service_id);
    pgp_int(&x.p, user_id);
    int64_t one;
    return scratch_close(&x, scalar((struct pg_db *)db, sql, &x.p, &one, yes, err));
}

static int pg_bk_counts(struct db *db, int64_t service_id, const char *from, const char *to,
                        struct arena *a, struct booking_count **items, size_t *n, struct err *err)
{
    /* the counters of migration 0019: a day's slots are a few rows,
    ** however many bookings it holds */
    static const char sql[] =
        "SELECT day, slot_start, n FROM booking_slot_counts WHERE service_id = $1 AND day"
        " BETWEEN $2 AND $3 AND n > 0";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, service_id);
    pgp_text(&p, from);
    pgp_text(&p, to);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t k = (size_t)PQntuples(r);
    struct booking_count *out = arena_alloc(a, (k ? k : 1) * sizeof *out);
    for (size_t i = 0; i < k; i++)
        out[i] = (struct booking_count){.day = pg_text(a, r, (int)i, 0),
                                        .slot_start = pg_int(r, (int)i, 1),
                                        .n = (int)pg_int(r, (int)i, 2)};
    PQclear(r);
    *items = out;
    *n = k;
    return 0;
}

static int pg_bk_seats(struct db *db, int64_t service_id, const char *day, int64_t slot_start,
                       struct arena *a, int **seats, size_t *n, struct err *err)
{
    static const char slot_sql[] =
        "SELECT seat FROM bookings WHERE service_id = $1 AND slot_start = $2 AND seat IS NOT NULL";
    static const char day_sql[] = "SELECT day_seat FROM bookings WHERE service_id = $1 AND"
                                  " day = $2 AND day_seat IS NOT NULL";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, service_id);
    if (slot_start)
        pgp_int(&p, slot_start);
    else
        pgp_text(&p, day);
    PGresult *r;
    if (pg_q((struct pg_db *)db, slot_start ? slot_sql : day_sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t k = (size_t)PQntuples(r);
    int *out = arena_alloc(a, (k ? k : 1) * sizeof *out);
    for (size_t i = 0; i < k; i++)
        out[i] = (int)pg_int(r, (int)i, 0);
    PQclear(r);
    *seats = out;
    *n = k;
    return 0;
}

/* A number of a service's day: $1 service, $2 day. */
static int day_number(struct db *db, const char *sql, int64_t service_id, const char *day,
                      int *last, struct err *err)
{
    struct scratch x;
    scratch_open(&x);
    pgp_int(&x.p, service_id);
    pgp_text(&x.p, day);
    int64_t v;
    bool found;
    int rc = scalar((struct pg_db *)db, sql, &x.p, &v, &found, err);
    *last = rc == 0 && found ? (int)v : 0;
    return scratch_close(&x, rc);
}

static int pg_bk_last_queue(struct db *db, int64_t service_id, const char *day, int *last,
                            struct err *err)
{
    static const char sql[] =
        "SELECT coalesce(max(queue_number), 0) FROM bookings WHERE service_id = $1 AND day = $2";
    return day_number(db, sql, service_id, day, last, err);
}

static int pg_bk_last_day_seat(struct db *db, int64_t service_id, const char *day, int *last,
                               struct err *err)
{
    /* the end of the unique index bookings_day_seat */
    static const char sql[] =
        "SELECT day_seat FROM bookings WHERE service_id = $1 AND day = $2 AND"
        " day_seat IS NOT NULL ORDER BY day_seat DESC LIMIT 1";
    return day_number(db, sql, service_id, day, last, err);
}

static int pg_bk_live_of(struct db *db, int64_t service_id, const char *day, int64_t requester_id,
                         int64_t except_id, int64_t *id, struct err *err)
{
    static const char sql[] =
        "SELECT id FROM bookings WHERE service_id = $1 AND day = $2 AND requester_id = $3"
        " AND status <> 'cancelled' AND id <> $4 LIMIT 1";
    struct scratch x;
    scratch_open(&x);
    pgp_int(&x.p, service_id);
    pgp_text(&x.p, day);
    pgp_int(&x.p, requester_id);
    pgp_int(&x.p, except_id);
    bool found;
    return scratch_close(&x, scalar((struct pg_db *)db, sql, &x.p, id, &found, err));
}

static int full(struct err *err)
{
    return err_set(err, ERR_CONFLICT, "appointment.full", "kuota sudah penuh", "no place left");
}

/* A unique index refused the row: which rule it was (the names of
** migration 0014's indexes; a foreign key keeps store.conflict). */
static int conflict(struct pg_db *d, int rc, struct err *err)
{
    if (rc != ERR_CONFLICT || strstr(d->constraint, "_fkey"))
        return rc;
    if (strstr(d->constraint, "one_a_day") || strstr(d->constraint, "requester"))
        return err_set(err, ERR_CONFLICT, "appointment.duplicate",
                       "Anda sudah punya janji untuk layanan ini pada hari itu",
                       "you already hold a booking for this service on that day");
    return full(err);
}

/* Where a booking is now: its service, day and slot, and whether it holds
** a place there (seat set). The row is locked until the transaction ends,
** so a concurrent move of the same booking waits. */
struct place {
    bool found, held;
    int64_t service_id, slot_start;
    char day[16];
};

static int place_of(struct pg_db *d, int64_t id, struct place *out, struct err *err)
{
    static const char sql[] =
        "SELECT service_id, day, coalesce(slot_start, 0), seat IS NOT NULL FROM bookings"
        " WHERE id = $1 FOR UPDATE";
    struct scratch x;
    scratch_open(&x);
    pgp_int(&x.p, id);
    PGresult *r;
    int rc = pg_q(d, sql, x.p.n, x.p.v, &r, err);
    *out = (struct place){0};
    if (rc == 0 && PQntuples(r) > 0) {
        out->found = true;
        out->service_id = pg_int(r, 0, 0);
        snprintf(out->day, sizeof out->day, "%s", pg_raw(r, 0, 1));
        out->slot_start = pg_int(r, 0, 2);
        out->held = !strcmp(pg_raw(r, 0, 3), "t");
    }
    if (rc == 0)
        PQclear(r);
    return scratch_close(&x, rc);
}

/* The slot's capacity for the counter's condition: the schedule's per-slot
** capacity, else its daily quota (no slot holds more than the day); the
** service is parameter $n. */
#define SLOT_CAP(n)                                                                        \
    "coalesce((SELECT CASE WHEN capacity_per_slot > 0 THEN capacity_per_slot WHEN"          \
    " daily_quota > 0 THEN daily_quota ELSE 2147483647 END FROM schedules WHERE"             \
    " service_id = $" #n "), 2147483647)"

/* Takes a place in b's slot: the counter row goes up only while it is
** below the slot's capacity. The row lock orders two bookers of the slot,
** on any node: the second waits for the first's commit and then sees its
** count. Nothing written when full. */
static int take(struct pg_db *d, const struct booking *b, struct err *err)
{
    static const char sql[] =
        "INSERT INTO booking_slot_counts AS c (service_id, day, slot_start, n)"
        " VALUES ($1, $2, $3, 1) ON CONFLICT (service_id, day, slot_start) DO UPDATE"
        " SET n = c.n + 1 WHERE c.n < " SLOT_CAP(1) " RETURNING c.n";
    struct scratch x;
    scratch_open(&x);
    pgp_int(&x.p, b->service_id);
    pgp_text(&x.p, b->day);
    pgp_int(&x.p, b->slot_start);
    PGresult *r;
    int rc = pg_q(d, sql, x.p.n, x.p.v, &r, err);
    if (rc == 0) {
        if (PQntuples(r) == 0)
            rc = full(err);
        PQclear(r);
    }
    return scratch_close(&x, rc);
}

static int give_back(struct pg_db *d, const struct place *was, struct err *err)
{
    static const char sql[] =
        "UPDATE booking_slot_counts SET n = n - 1 WHERE service_id = $1 AND day = $2 AND"
        " slot_start = $3 AND n > 0";
    struct scratch x;
    scratch_open(&x);
    pgp_int(&x.p, was->service_id);
    pgp_text(&x.p, was->day);
    pgp_int(&x.p, was->slot_start);
    return scratch_close(&x, pg_exec(d, sql, x.p.n, x.p.v, NULL, err));
}

/* $1.. $18 in the column order of BK_INSERT_COLS */
static void params_booking(struct pg_params *p, const struct booking *b)
{
    pgp_int(p, b->ticket_id);
    pgp_int(p, b->service_id);
    pgp_int(p, b->requester_id);
    pgp_text(p, b->day);
    pgp_id(p, b->slot_start);
    pgp_id(p, b->queue_number);
    pgp_id(p, b->estimated_at);
    pgp_text(p, b->status);
    pgp_text(p, b->channel);
    pgp_id(p, b->seat);
    pgp_id(p, b->day_seat);
    pgp_text(p, b->meeting_url);
    pgp_text(p, b->answers ? b->answers : "{}");
    pgp_text(p, b->sensitive ? b->sensitive : "{}");
    pgp_id(p, b->called_at);
    pgp_id(p, b->served_at);
    pgp_int(p, b->created_at);
    pgp_int(p, b->updated_at);
}

#define BK_INSERT_COLS                                                                     \
    "INSERT INTO bookings (ticket_id, service_id, requester_id, day, slot_start,"            \
    " queue_number, estimated_at, status, channel, seat, day_seat, meeting_url, answers,"   \
    " sensitive, called_at, served_at, created_at, updated_at)"

static int pg_bk_insert(struct db *db, struct booking *b, struct err *err)
{
    static const char plain[] =
        BK_INSERT_COLS " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
        " $15, $16, $17, $18) RETURNING id";
    /* With a place: the counter (take()'s condition) and the row in one
    ** statement, so they go together in autocommit too; no row when the
    ** slot is full, and a unique index's refusal undoes the counter. */
    static const char placed[] =
        "WITH took AS (INSERT INTO booking_slot_counts AS c (service_id, day, slot_start, n)"
        " VALUES ($2::bigint, $4::text, $5::bigint, 1) ON CONFLICT (service_id, day,"
        " slot_start) DO UPDATE SET n = c.n + 1 WHERE c.n < " SLOT_CAP(2) " RETURNING 1) "
        BK_INSERT_COLS " SELECT $1::bigint, $2::bigint, $3::bigint, $4::text, $5::bigint,"
        " $6::bigint, $7::bigint, $8::text, $9::text, $10::bigint, $11::bigint, $12::text,"
        " $13::text, $14::text, $15::bigint, $16::bigint, $17::bigint, $18::bigint"
        " WHERE EXISTS (SELECT 1 FROM took) RETURNING id";
    struct pg_db *d = (struct pg_db *)db;
    b->id = 0;
    struct scratch x;
    scratch_open(&x);
    params_booking(&x.p, b);
    PGresult *r;
    int rc = pg_q(d, b->seat ? placed : plain, x.p.n, x.p.v, &r, err);
    if (rc != 0)
        return scratch_close(&x, conflict(d, rc, err));
    b->id = pg_first_int(r);
    PQclear(r);
    return scratch_close(&x, b->id ? 0 : full(err));
}

/* Moves b's place: the new one first (a full slot refuses before any
** write), the row, then the old place back. */
static int update_in_tx(struct pg_db *d, const struct booking *b, struct err *err)
{
    static const char sql[] =
        "UPDATE bookings SET ticket_id = $1, service_id = $2, requester_id = $3, day = $4,"
        " slot_start = $5, queue_number = $6, estimated_at = $7, status = $8, channel = $9,"
        " seat = $10, day_seat = $11, meeting_url = $12, answers = $13, sensitive = $14,"
        " called_at = $15, served_at = $16, created_at = $17, updated_at = $18 WHERE id = $19";
    struct place was;
    if (place_of(d, b->id, &was, err) != 0)
        return err->kind;
    if (!was.found)
        return 0; /* no such row: nothing to write, as an UPDATE of no row */
    /* the same place (perhaps another seat in it) changes no counter */
    bool same = was.held && b->seat && was.service_id == b->service_id &&
                was.slot_start == b->slot_start && !strcmp(was.day, b->day ? b->day : "");
    if (!same && b->seat && take(d, b, err) != 0)
        return err->kind;
    struct scratch x;
    scratch_open(&x);
    params_booking(&x.p, b);
    pgp_int(&x.p, b->id);
    int rc = pg_exec(d, sql, x.p.n, x.p.v, NULL, err);
    if (rc != 0)
        return scratch_close(&x, conflict(d, rc, err));
    if (!same && was.held && give_back(d, &was, err) != 0)
        return scratch_close(&x, err->kind);
    return scratch_close(&x, 0);
}

static int pg_bk_update(struct db *db, const struct booking *b, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (d->tx_depth > 0)
        return update_in_tx(d, b, err);
    /* the callers (svc/booking.c) write inside their transaction; alone,
    ** the row lock, the counters and the row still go together */
    if (db_begin(db, err) != 0)
        return err->kind;
    if (update_in_tx(d, b, err) != 0) {
        db_rollback(db);
        return err->kind;
    }
    return db_commit(db, err);
}

static int get_one(struct pg_db *d, const char *sql, int64_t id, struct arena *a,
                   struct booking **out, struct err *err)
{
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, id);
    PGresult *r;
    if (pg_q(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    *out = PQntuples(r) > 0 ? read_booking(r, 0, a) : NULL;
    PQclear(r);
    if (!*out)
        return err_set(err, ERR_NOT_FOUND, "booking.not_found", "janji temu tidak ditemukan",
                       "booking not found");
    return 0;
}

static int pg_bk_get(struct db *db, int64_t id, struct arena *a, struct booking **out,
                     struct err *err)
{
    static const char sql[] = "SELECT " BK_COLS BK_FROM " WHERE b.id = $1";
    return get_one((struct pg_db *)db, sql, id, a, out, err);
}

static int pg_bk_get_by_ticket(struct db *db, int64_t ticket_id, struct arena *a,
                               struct booking **out, struct err *err)
{
    static const char sql[] = "SELECT " BK_COLS BK_FROM " WHERE b.ticket_id = $1";
    return get_one((struct pg_db *)db, sql, ticket_id, a, out, err);
}

static int pg_bk_list(struct db *db, const struct booking_query *q, struct arena *a,
                      struct booking ***items, size_t *n, int64_t *total, struct err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    struct pg_params p;
    pgp_init(&p, a);
    char *where = " WHERE true";
#define ADD(...) (where = arena_printf(a, "%s" __VA_ARGS__))
#define NEXT() arena_printf(a, "$%d", p.n)
    /* the booking rule of core/perm.c: own, or a service one serves; admins all */
    if (!q->all) {
        pgp_int(&p, q->viewer_id); /* $1 */
        ADD(" AND " PG_BOOKING_SEEN("b", "1"), where);
    }
    if (q->service_id) {
        pgp_int(&p, q->service_id);
        ADD(" AND b.service_id = %s", where, NEXT());
    }
    if (q->day) {
        pgp_text(&p, q->day);
        ADD(" AND b.day = %s", where, NEXT());
    }
    if (q->n_statuses) {
        ADD(" AND b.status IN (", where);
        for (size_t i = 0; i < q->n_statuses; i++) {
            pgp_text(&p, q->statuses[i]);
            ADD("%s%s", where, i ? "," : "", NEXT());
        }
        ADD(")", where);
    }
    /* ordinary answers only: sensitive ones live in another column; SQLite's
    ** LIKE ignores ASCII case */
    if (q->q && *q->q) {
        pgp_text(&p, arena_printf(a, "%%%s%%", q->q));
        const char *pat = NEXT();
        ADD(" AND (t.number ILIKE %s OR u.name ILIKE %s OR b.answers ILIKE %s)", where, pat,
            pat, pat);
    }
#undef NEXT
#undef ADD
    PGresult *r;
    char *csql = arena_printf(a, "SELECT count(*)" BK_FROM "%s", where);
    if (pg_qt(d, csql, p.n, p.v, &r, err) != 0)
        return err->kind;
    *total = pg_first_int(r);
    PQclear(r);
    int nw = p.n;
    pgp_int(&p, q->per_page);
    pgp_int(&p, (q->page - 1) * q->per_page);
    char *sql = arena_printf(a, "SELECT " BK_COLS BK_FROM "%s ORDER BY %s LIMIT $%d OFFSET $%d",
                             where,
                             q->queue_order ? "b.day, b.estimated_at IS NULL, b.estimated_at,"
                                              " b.queue_number NULLS FIRST, b.id"
                                            : "b.id DESC",
                             nw + 1, nw + 2);
    if (pg_qt(d, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    size_t k = (size_t)PQntuples(r);
    struct booking **out = arena_alloc(a, (k ? k : 1) * sizeof *out);
    for (size_t i = 0; i < k; i++)
        out[i] = read_booking(r, (int)i, a);
    PQclear(r);
    *items = out;
    *n = k;
    return 0;
}

static int pg_bk_next_waiting(struct db *db, int64_t service_id, const char *day, struct arena *a,
                              struct booking **out, struct err *err)
{
    /* NULLS FIRST: SQLite's order of NULLs ascending */
    static const char sql[] =
        "SELECT " BK_COLS BK_FROM " WHERE b.service_id = $1 AND b.day = $2 AND"
        " b.status = 'booked' ORDER BY b.estimated_at NULLS FIRST, b.queue_number NULLS FIRST"
        " LIMIT 1";
    struct pg_params p;
    pgp_init(&p, a);
    pgp_int(&p, service_id);
    pgp_text(&p, day);
    PGresult *r;
    if (pg_q((struct pg_db *)db, sql, p.n, p.v, &r, err) != 0)
        return err->kind;
    *out = PQntuples(r) > 0 ? read_booking(r, 0, a) : NULL;
    PQclear(r);
    return 0;
}

static int pg_bk_queue_state(struct db *db, int64_t service_id, const char *day, int *now_serving,
                             int *waiting, struct err *err)
{
    /* NULLS LAST: SQLite's order of NULLs descending */
    static const char sql[] =
        "SELECT coalesce((SELECT queue_number FROM bookings WHERE service_id = $1 AND day = $2"
        " AND called_at IS NOT NULL ORDER BY called_at DESC, estimated_at DESC NULLS LAST,"
        " queue_number DESC NULLS LAST LIMIT 1), 0),"
        " (SELECT count(*) FROM bookings WHERE service_id = $1 AND day = $2 AND"
        " status = 'booked')";
    struct scratch x;
    scratch_open(&x);
    pgp_int(&x.p, service_id);
    pgp_text(&x.p, day);
    PGresult *r;
    int rc = pg_q((struct pg_db *)db, sql, x.p.n, x.p.v, &r, err);
    *now_serving = *waiting = 0;
    if (rc == 0) {
        *now_serving = (int)pg_int(r, 0, 0);
        *waiting = (int)pg_int(r, 0, 1);
        PQclear(r);
    }
    return scratch_close(&x, rc);
}

/* The generation a kept queue copy (api/queue_cache.c) keys on. The SQLite
** driver keeps a counter per (service, day), moved in its commit hook, so
** bookings on other days leave a day's copy alone. Here it is the store
** generation, which is all the contract needs: it moves after every commit
** of this process that wrote (pgcore's commit, once the commit is visible),
** and a booking made on another node reaches this node's caches through
** the same counter: that node's commit sends NOTIFY loket_gen, and this
** node's refresh (at the start of every request, and in the background
** work) moves the generation before the request reads. A per-day counter
** would need a commit hook per day for this process's writes; the cost of
** the coarser key is a queue copy rebuilt after any write. */
static uint64_t pg_bk_day_gen(struct store *st, int64_t service_id, const char *day)
{
    (void)service_id;
    (void)day;
    return store_generation(st);
}

/* ---- the driver's table ---- */

const struct store_booking_ops pg_booking_ops = {
    .bk_schedule_get = pg_bk_schedule_get,
    .bk_schedule_put = pg_bk_schedule_put,
    .bk_is_staff = pg_bk_is_staff,
    .bk_counts = pg_bk_counts,
    .bk_seats = pg_bk_seats,
    .bk_last_day_seat = pg_bk_last_day_seat,
    .bk_last_queue = pg_bk_last_queue,
    .bk_live_of = pg_bk_live_of,
    .bk_insert = pg_bk_insert,
    .bk_update = pg_bk_update,
    .bk_get = pg_bk_get,
    .bk_get_by_ticket = pg_bk_get_by_ticket,
    .bk_list = pg_bk_list,
    .bk_next_waiting = pg_bk_next_waiting,
    .bk_queue_state = pg_bk_queue_state,
    .bk_day_gen = pg_bk_day_gen,
};
