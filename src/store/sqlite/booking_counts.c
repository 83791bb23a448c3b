/* The per-slot place counters of migration 0019 (booking_slot_counts),
** kept by bk_insert and bk_update in the booking's own transaction so the
** capacity check (bk_counts) reads a day's slot rows instead of counting
** its bookings. A booking holds a place in (service, day, slot) exactly
** when its seat is set; a write that keeps the place changes no counter. */
#include "store/sqlite/sqlite.h"
#include "store/bookings.h"

#include <stdio.h>
#include <string.h>

static int add(struct sq_db *d, int64_t service_id, const char *day, int64_t slot_start,
               int delta, struct err *err)
{
    static const char up[] =
        "INSERT INTO booking_slot_counts (service_id, day, slot_start, n) VALUES (?, ?, ?, 1)"
        " ON CONFLICT (service_id, day, slot_start) DO UPDATE SET n = n + 1";
    static const char down[] =
        "UPDATE booking_slot_counts SET n = n - 1 WHERE service_id = ? AND day = ? AND"
        " slot_start = ?";
    sqlite3_stmt *st = sq_prepare(d, delta > 0 ? up : down, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, service_id);
    sq_bind_text(st, 2, day);
    sqlite3_bind_int64(st, 3, slot_start);
    return sq_exec_stmt(d, st, err);
}

int sq_bk_place_of(struct sq_db *d, int64_t id, struct sq_place *out, struct err *err)
{
    static const char sql[] =
        "SELECT service_id, day, slot_start, seat FROM bookings WHERE id = ?";
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *out = (struct sq_place){0};
    if (rc == SQLITE_ROW) { /* where it is, with a place or not (booking_gen.c) */
        out->held = sqlite3_column_type(st, 3) != SQLITE_NULL;
        out->service_id = sqlite3_column_int64(st, 0);
        out->slot_start = sqlite3_column_int64(st, 2);
        snprintf(out->day, sizeof out->day, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}

int sq_bk_count_move(struct sq_db *d, const struct sq_place *was, const struct booking *b,
                     struct err *err)
{
    if (was->held && b->seat && was->service_id == b->service_id &&
        was->slot_start == b->slot_start && !strcmp(was->day, b->day))
        return 0; /* the same place (perhaps another seat in it) */
    if (was->held && add(d, was->service_id, was->day, was->slot_start, -1, err) != 0)
        return err->kind;
    return b->seat ? add(d, b->service_id, b->day, b->slot_start, +1, err) : 0;
}
