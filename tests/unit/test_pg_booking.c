/* pg-booking-*: the booking table of the PostgreSQL driver
** (store/pg/bookings.c) against a fresh database (tests/unit/pg_fixture.h),
** with exact values:
**   1  schedules and their staff: not found, round trip, replace
**   2  bookings with places and queue numbers: counts, seats, last numbers,
**      get, list, the next to call, the queue state
**   3  the last place of a slot raced by 16 threads on their own
**      connections: one booking, 15 appointment.full, the counter at 1
**   4  one live booking per person and day: appointment.duplicate
**   5  cancelling frees the place, as does a rollback; a full slot refuses
**   6  rescheduling moves the counter; into a full slot it is refused and
**      nothing moves
**   7  the day generation moves after a booking's commit, this store's
**      and another store's (a second node) once refresh hears of it */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <pthread.h>

#include "core/arena.h"
#include "store/bookings.h"
#include "pg_fixture.h"

static struct store *st;
static struct db *db;

static void sql(const char *s)
{
    PGresult *r = pg_fixture_sql(s);
    assert_non_null(r);
    PQclear(r);
}

/* Service 1 (an appointment), requesters 1..20, booking tickets 1..20. */
static int setup(void **state)
{
    (void)state;
    if (pg_fixture_open(&st, &db) != 0)
        return -1;
    sql("INSERT INTO users (id, name, email, role, created_at, updated_at) SELECT i, "
        "'Warga ' || i, 'w' || i || '@x.test', 'requester', '2026', '2026' "
        "FROM generate_series(1, 20) i");
    sql("INSERT INTO services (id, name, kind, created_at, updated_at) VALUES "
        "(1, 'Konsultasi', 'appointment', '2026', '2026'), (2, 'Klinik', 'appointment', "
        "'2026', '2026')");
    sql("INSERT INTO tickets (id, number, title, description, service_id, requester_id, "
        "created_at, updated_at, booking) SELECT i, 'LKT-2026-' || lpad(i::text, 6, '0'), "
        "'Janji ' || i, '', 1, (i - 1) % 20 + 1, 1798419600, 1798419600, 1 FROM generate_series(1, 40) i");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pg_fixture_close(st, db);
    return 0;
}

/* 2026-12-28 (a Monday) 08:00 and 08:30 WIB */
static const int64_t S1 = 1798419600, S2 = 1798421400;

static struct schedule schedule(int cap, int quota)
{
    return (struct schedule){.service_id = 1, .mode = "self_booking", .slot_minutes = 30,
                             .capacity_per_slot = cap, .daily_quota = quota,
                             .form_fields = "[]", .updated_at = 1798000000};
}

static struct booking booking(int64_t ticket, int64_t requester, const char *day, int64_t slot,
                              int seat, int queue)
{
    return (struct booking){.ticket_id = ticket, .service_id = 1, .requester_id = requester,
                            .day = day, .slot_start = slot, .queue_number = queue,
                            .estimated_at = slot ? slot + (seat - 1) * 600 : 0,
                            .status = slot ? "booked" : "requested", .channel = "web",
                            .seat = seat, .day_seat = seat, .created_at = 1798000000,
                            .updated_at = 1798000000};
}

static void clear_bookings(void)
{
    sql("DELETE FROM bookings");
    sql("DELETE FROM booking_slot_counts");
}

static long long counter(int64_t slot)
{
    char q[160];
    snprintf(q, sizeof q, "SELECT coalesce((SELECT n FROM booking_slot_counts WHERE service_id "
             "= 1 AND slot_start = %lld), -1)", (long long)slot);
    return pg_fixture_int(q);
}

/* The counters equal the places the bookings hold, slot by slot. */
static void counters_match(void)
{
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM (SELECT service_id, day, slot_start, "
                                    "count(*) AS n FROM bookings WHERE seat IS NOT NULL GROUP BY "
                                    "1, 2, 3) b FULL JOIN (SELECT * FROM booking_slot_counts "
                                    "WHERE n > 0) c USING (service_id, day, slot_start) WHERE "
                                    "b.n IS DISTINCT FROM c.n"),
                     0);
}

static void pg_booking_1_schedules(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct schedule s;
    assert_int_equal(bk_schedule_get(db, 1, a, &s, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "schedule.not_found");

    struct schedule put = schedule(1, 0);
    int64_t staff[] = {3, 2};
    put.staff_ids = staff;
    put.n_staff = 2;
    put.meeting_url_base = "https://meet.test/";
    assert_int_equal(bk_schedule_put(db, &put, &e), 0);
    assert_int_equal(bk_schedule_get(db, 1, a, &s, &e), 0);
    assert_string_equal(s.mode, "self_booking");
    assert_int_equal(s.slot_minutes, 30);
    assert_int_equal(s.capacity_per_slot, 1);
    assert_int_equal(s.daily_quota, 0);
    assert_string_equal(s.meeting_url_base, "https://meet.test/");
    assert_int_equal(s.calendar_id, 0);
    assert_string_equal(s.form_fields, "[]");
    assert_int_equal(s.updated_at, 1798000000);
    assert_int_equal(s.n_staff, 2);
    assert_int_equal(s.staff_ids[0], 2);
    assert_int_equal(s.staff_ids[1], 3);

    /* replaced whole: the list shrinks, the meeting link goes */
    put = schedule(3, 10);
    int64_t one[] = {3};
    put.staff_ids = one;
    put.n_staff = 1;
    assert_int_equal(bk_schedule_put(db, &put, &e), 0);
    assert_int_equal(bk_schedule_get(db, 1, a, &s, &e), 0);
    assert_int_equal(s.capacity_per_slot, 3);
    assert_int_equal(s.daily_quota, 10);
    assert_null(s.meeting_url_base);
    assert_int_equal(s.n_staff, 1);
    assert_int_equal(s.staff_ids[0], 3);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM service_staff"), 1);
    bool yes;
    assert_int_equal(bk_is_staff(db, 1, 3, &yes, &e), 0);
    assert_true(yes);
    assert_int_equal(bk_is_staff(db, 1, 2, &yes, &e), 0);
    assert_false(yes);
    arena_free(a);
}

static void pg_booking_2_places_and_queue(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct err e = {0};
    struct schedule put = schedule(3, 0);
    assert_int_equal(bk_schedule_put(db, &put, &e), 0);
    clear_bookings();
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        struct booking b = booking(1 + i, 1 + i, "2026-12-28", S1, 3 - i, 1 + i);
        assert_int_equal(bk_insert(db, &b, &e), 0);
        assert_true(b.id > 0);
        ids[i] = b.id;
    }
    int last;
    assert_int_equal(bk_last_queue(db, 1, "2026-12-28", &last, &e), 0);
    assert_int_equal(last, 3);
    assert_int_equal(bk_last_queue(db, 1, "2026-12-29", &last, &e), 0);
    assert_int_equal(last, 0);
    assert_int_equal(bk_last_day_seat(db, 1, "2026-12-28", &last, &e), 0);
    assert_int_equal(last, 3);
    assert_int_equal(bk_last_day_seat(db, 1, "2026-12-29", &last, &e), 0);
    assert_int_equal(last, 0);

    struct booking_count *c;
    size_t n;
    assert_int_equal(bk_counts(db, 1, "2026-12-28", "2026-12-31", a, &c, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].day, "2026-12-28");
    assert_int_equal(c[0].slot_start, S1);
    assert_int_equal(c[0].n, 3);
    assert_int_equal(bk_counts(db, 1, "2026-12-29", "2026-12-31", a, &c, &n, &e), 0);
    assert_int_equal(n, 0);

    int *seats;
    assert_int_equal(bk_seats(db, 1, "2026-12-28", S1, a, &seats, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_int_equal(seats[0] + seats[1] + seats[2], 6);
    assert_int_equal(bk_seats(db, 1, "2026-12-28", 0, a, &seats, &n, &e), 0);
    assert_int_equal(n, 3);

    struct booking *g;
    assert_int_equal(bk_get(db, ids[1], a, &g, &e), 0);
    assert_int_equal(g->ticket_id, 2);
    assert_int_equal(g->queue_number, 2);
    assert_int_equal(g->seat, 2);
    assert_int_equal(g->estimated_at, S1 + 600);
    assert_string_equal(g->status, "booked");
    assert_string_equal(g->answers, "{}");
    assert_string_equal(g->ticket_number, "LKT-2026-000002");
    assert_string_equal(g->requester_name, "Warga 2");
    assert_string_equal(g->service_name, "Konsultasi");
    assert_int_equal(g->called_at, 0);
    assert_int_equal(bk_get_by_ticket(db, 3, a, &g, &e), 0);
    assert_int_equal(g->id, ids[2]);
    assert_int_equal(bk_get(db, 999999, a, &g, &e), ERR_NOT_FOUND);
    assert_string_equal(e.code, "booking.not_found");

    /* the next to call: the earliest estimated time (seat 1: ticket 3) */
    assert_int_equal(bk_next_waiting(db, 1, "2026-12-28", a, &g, &e), 0);
    assert_non_null(g);
    assert_int_equal(g->id, ids[2]);
    int serving, waiting;
    assert_int_equal(bk_queue_state(db, 1, "2026-12-28", &serving, &waiting, &e), 0);
    assert_int_equal(serving, 0);
    assert_int_equal(waiting, 3);
    g->status = "called";
    g->called_at = S1 + 5;
    assert_int_equal(bk_update(db, g, &e), 0);
    assert_int_equal(bk_queue_state(db, 1, "2026-12-28", &serving, &waiting, &e), 0);
    assert_int_equal(serving, 3);
    assert_int_equal(waiting, 2);
    assert_int_equal(counter(S1), 3); /* the same place: no move */
    assert_int_equal(bk_next_waiting(db, 1, "2026-12-29", a, &g, &e), 0);
    assert_null(g);

    /* the list: every booking, queue order; a viewer sees only their own */
    struct booking_query q = {.all = true, .service_id = 1, .day = "2026-12-28",
                              .queue_order = true, .page = 1, .per_page = 2};
    struct booking **items;
    int64_t total;
    assert_int_equal(bk_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    assert_int_equal(n, 2);
    assert_int_equal(items[0]->id, ids[2]);
    assert_int_equal(items[1]->id, ids[1]);
    q = (struct booking_query){.viewer_id = 2, .statuses = {"booked"}, .n_statuses = 1,
                               .page = 1, .per_page = 10};
    assert_int_equal(bk_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0]->id, ids[1]);
    /* the staff of the service see every booking of it */
    sql("INSERT INTO service_staff (service_id, user_id) VALUES (1, 5), (2, 6)");
    q = (struct booking_query){.viewer_id = 5, .page = 1, .per_page = 10};
    assert_int_equal(bk_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 3);
    assert_int_equal(items[0]->id, ids[2]); /* newest first */
    q.viewer_id = 6;
    assert_int_equal(bk_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 0);
    sql("DELETE FROM service_staff");
    q = (struct booking_query){.all = true, .q = "lkt-2026-000001", .page = 1, .per_page = 10};
    assert_int_equal(bk_list(db, &q, a, &items, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0]->id, ids[0]);
    arena_free(a);
    counters_match();
}

/* ---- 3: the last place raced ---- */

struct racer {
    int i, rc;
    bool own_seat; /* each its own seat number: only the counter can refuse */
    bool own_slot; /* each its own slot, day place 1: only the day's index */
    char code[64];
};

static pthread_barrier_t start;

static void *race(void *arg)
{
    struct racer *r = arg;
    struct err e = {0};
    struct db *mine = store_acquire(st, &e);
    if (!mine) {
        r->rc = -100;
        return NULL;
    }
    pthread_barrier_wait(&start);
    /* every racer read the slot empty and picked seat 1 (day places and
    ** queue numbers differ, so only the place itself is contested); with
    ** own_seat the seats differ too and the unique indexes let all in */
    struct booking b = booking(1 + r->i, 1 + r->i, "2026-12-28", S2, r->own_seat ? 1 + r->i : 1,
                               1 + r->i);
    b.day_seat = 1 + r->i;
    if (r->own_slot) {
        b.slot_start = S1 + r->i * 1800;
        b.day_seat = 1;
    }
    r->rc = db_begin(mine, &e);
    if (r->rc == 0 && (r->rc = bk_insert(mine, &b, &e)) == 0)
        r->rc = db_commit(mine, &e);
    else
        db_rollback(mine);
    snprintf(r->code, sizeof r->code, "%s", r->rc ? e.code : "");
    store_release(mine);
    return NULL;
}

/* The guards in turn: the slot counter's condition alone (each racer its
** own seat), with the unique seat index (all on seat 1), and a daily quota
** of one raced from sixteen slots (the unique day place index). */
static void pg_booking_3_last_place_raced(void **state)
{
    (void)state;
    struct err e = {0};
    for (int round = 0; round < 3; round++) {
        struct schedule put = round < 2 ? schedule(1, 0) : schedule(0, 1);
        assert_int_equal(bk_schedule_put(db, &put, &e), 0);
        clear_bookings();
        enum { N = 16 };
        pthread_t th[N];
        struct racer r[N];
        pthread_barrier_init(&start, NULL, N);
        for (int i = 0; i < N; i++) {
            r[i] = (struct racer){.i = i, .own_seat = round == 0, .own_slot = round == 2};
            assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
        }
        int won = 0, full = 0;
        for (int i = 0; i < N; i++) {
            pthread_join(th[i], NULL);
            if (r[i].rc == 0)
                won++;
            else if (r[i].rc == ERR_CONFLICT && !strcmp(r[i].code, "appointment.full"))
                full++;
            else
                print_message("# racer %d: %d %s\n", i, r[i].rc, r[i].code);
        }
        pthread_barrier_destroy(&start);
        assert_int_equal(won, 1);
        assert_int_equal(full, N - 1);
        assert_int_equal(pg_fixture_int("SELECT count(*) FROM bookings"), 1);
        assert_int_equal(pg_fixture_int("SELECT sum(n) FROM booking_slot_counts"), 1);
        counters_match();
        if (round < 2)
            assert_int_equal(counter(S2), 1);
    }
}

static void pg_booking_4_one_a_day(void **state)
{
    (void)state;
    struct err e = {0};
    struct schedule put = schedule(5, 0);
    assert_int_equal(bk_schedule_put(db, &put, &e), 0);
    clear_bookings();
    struct booking a = booking(1, 7, "2026-12-29", 0, 0, 0);
    assert_int_equal(bk_insert(db, &a, &e), 0);
    int64_t id;
    assert_int_equal(bk_live_of(db, 1, "2026-12-29", 7, 0, &id, &e), 0);
    assert_int_equal(id, a.id);
    assert_int_equal(bk_live_of(db, 1, "2026-12-29", 7, a.id, &id, &e), 0);
    assert_int_equal(id, 0);
    assert_int_equal(bk_live_of(db, 1, "2026-12-30", 7, 0, &id, &e), 0);
    assert_int_equal(id, 0);
    struct booking b = booking(2, 7, "2026-12-29", 0, 0, 0);
    assert_int_equal(bk_insert(db, &b, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "appointment.duplicate");
    assert_int_equal(b.id, 0);
    /* another day, another service: allowed */
    b.day = "2026-12-30";
    assert_int_equal(bk_insert(db, &b, &e), 0);
    /* cancelled, the day is free again */
    a.status = "cancelled";
    assert_int_equal(bk_update(db, &a, &e), 0);
    struct booking c = booking(3, 7, "2026-12-29", 0, 0, 0);
    assert_int_equal(bk_insert(db, &c, &e), 0);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM bookings WHERE requester_id = 7"), 3);
    /* a place or a queue number already held: appointment.full */
    struct booking q1 = booking(4, 8, "2026-12-29", 0, 0, 5), q2 = booking(5, 9, "2026-12-29", 0, 0, 5);
    assert_int_equal(bk_insert(db, &q1, &e), 0);
    assert_int_equal(bk_insert(db, &q2, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "appointment.full");
}

static void pg_booking_5_cancel_frees(void **state)
{
    (void)state;
    struct err e = {0};
    struct schedule put = schedule(1, 0);
    assert_int_equal(bk_schedule_put(db, &put, &e), 0);
    clear_bookings();
    /* a booking rolled back with its transaction gives its place back */
    struct booking a = booking(1, 1, "2026-12-28", S1, 1, 1);
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(bk_insert(db, &a, &e), 0);
    db_rollback(db);
    assert_int_equal(counter(S1), -1);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM bookings"), 0);
    assert_int_equal(bk_insert(db, &a, &e), 0);
    assert_int_equal(counter(S1), 1);
    struct booking b = booking(2, 2, "2026-12-28", S1, 1, 2);
    b.day_seat = 2;
    assert_int_equal(bk_insert(db, &b, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "appointment.full");
    assert_int_equal(counter(S1), 1);
    assert_int_equal(pg_fixture_int("SELECT count(*) FROM bookings"), 1);

    a.status = "cancelled";
    a.seat = a.day_seat = 0;
    assert_int_equal(bk_update(db, &a, &e), 0);
    assert_int_equal(counter(S1), 0);
    struct arena *ar = arena_new();
    struct booking_count *c;
    size_t n;
    assert_int_equal(bk_counts(db, 1, "2026-12-28", "2026-12-28", ar, &c, &n, &e), 0);
    assert_int_equal(n, 0);
    arena_free(ar);
    assert_int_equal(bk_insert(db, &b, &e), 0);
    assert_int_equal(counter(S1), 1);
    counters_match();
}

static void pg_booking_6_reschedule(void **state)
{
    (void)state;
    struct err e = {0};
    struct schedule put = schedule(1, 0);
    assert_int_equal(bk_schedule_put(db, &put, &e), 0);
    clear_bookings();
    struct booking a = booking(1, 1, "2026-12-28", S1, 1, 1);
    struct booking b = booking(2, 2, "2026-12-29", S1 + 86400, 1, 1);
    assert_int_equal(bk_insert(db, &a, &e), 0);
    assert_int_equal(bk_insert(db, &b, &e), 0);
    /* a moves to 08:30 the same day: its old place freed, the new one held */
    a.slot_start = S2;
    a.estimated_at = S2;
    assert_int_equal(bk_update(db, &a, &e), 0);
    assert_int_equal(counter(S1), 0);
    assert_int_equal(counter(S2), 1);
    /* then into b's full slot the next day: refused, nothing moved */
    struct booking moved = a;
    moved.day = "2026-12-29";
    moved.slot_start = S1 + 86400;
    moved.queue_number = 2;
    moved.day_seat = 2;
    assert_int_equal(bk_update(db, &moved, &e), ERR_CONFLICT);
    assert_string_equal(e.code, "appointment.full");
    assert_int_equal(counter(S2), 1);
    assert_int_equal(counter(S1 + 86400), 1);
    struct arena *ar = arena_new();
    struct booking *g;
    assert_int_equal(bk_get(db, a.id, ar, &g, &e), 0);
    assert_string_equal(g->day, "2026-12-28");
    assert_int_equal(g->slot_start, S2);
    arena_free(ar);
    counters_match();
}

/* Another node's booking reaches this store's day generation through its
** NOTIFY loket_gen and this store's refresh. */
static void pg_booking_7_day_gen(void **state)
{
    (void)state;
    struct err e = {0};
    clear_bookings();
    uint64_t g0 = bk_day_gen(st, 1, "2026-12-28");
    struct booking a = booking(1, 1, "2026-12-28", S1, 1, 1);
    assert_int_equal(bk_insert(db, &a, &e), 0);
    uint64_t g1 = bk_day_gen(st, 1, "2026-12-28");
    assert_true(g1 != g0);
    assert_int_equal(bk_day_gen(st, 1, "2026-12-28"), g1); /* no write, no move */

    /* a second store on the same database: another node */
    struct store *node2;
    assert_int_equal(store_open(pg_fixture_url(), &node2, &e), 0);
    struct db *db2 = store_acquire(node2, &e);
    assert_non_null(db2);
    store_refresh(st); /* listening from here on */
    usleep(300000);
    for (int i = 0; i < 3; i++) /* what is already on its way, drained */
        store_refresh(st);
    uint64_t g2 = bk_day_gen(st, 1, "2026-12-28");
    store_refresh(st);
    assert_int_equal(bk_day_gen(st, 1, "2026-12-28"), g2);
    struct booking b = booking(2, 2, "2026-12-28", S2, 1, 2);
    b.day_seat = 2;
    if (bk_insert(db2, &b, &e) != 0)
        fail_msg("node 2: %s %s", e.code, e.msg[LOC_EN]);
    bool moved = false;
    for (int i = 0; i < 200 && !moved; i++) {
        store_refresh(st);
        moved = bk_day_gen(st, 1, "2026-12-28") != g2;
        if (!moved)
            usleep(10000);
    }
    assert_true(moved);
    store_release(db2);
    store_close(node2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pg_booking_1_schedules),
        cmocka_unit_test(pg_booking_2_places_and_queue),
        cmocka_unit_test(pg_booking_3_last_place_raced),
        cmocka_unit_test(pg_booking_4_one_a_day),
        cmocka_unit_test(pg_booking_5_cancel_frees),
        cmocka_unit_test(pg_booking_6_reschedule),
        cmocka_unit_test(pg_booking_7_day_gen),
    };
    pg_fixture_base(); /* skipped without a cluster */
    return cmocka_run_group_tests(tests, setup, teardown);
}
