/* The appointments report's query (issue #16 item 8): bookings of a period
** walked in service and day order, figures only. Names, form answers (the
** clinic's health data) and ticket numbers are never selected, so nothing
** built from these rows can carry them. */
#include "core/arena.h"
#include "store/report_store.h"
#include "store/sqlite/sqlite.h"

int sq_report_bookings_each(struct db *db, const char *from_day, const char *to_day,
                            int64_t service_id, report_booking_fn *fn, void *cls,
                            struct err *err)
{
    /* the day range first: the index on (day, service_id) of migration 0018 */
    static const char sql[] =
        "SELECT b.service_id, s.name, b.day, b.status, coalesce(b.estimated_at, 0), "
        "coalesce(b.called_at, 0), coalesce(b.served_at, 0) FROM bookings b "
        "JOIN services s ON s.id = b.service_id WHERE b.day >= ?1 AND b.day <= ?2 "
        "AND (?3 = 0 OR b.service_id = ?3) ORDER BY s.name, b.service_id, b.day";
    struct sq_db *d = (struct sq_db *)db;
    sqlite3_stmt *st = sq_prepare(d, sql, err);
    if (!st)
        return err->kind;
    sqlite3_bind_text(st, 1, from_day ? from_day : "0000-00-00", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to_day ? to_day : "9999-12-31", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, service_id);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct report_booking b = {
            .service_id = sqlite3_column_int64(st, 0),
            .service_name = (const char *)sqlite3_column_text(st, 1),
            .day = (const char *)sqlite3_column_text(st, 2),
            .status = (const char *)sqlite3_column_text(st, 3),
            .estimated_at = sqlite3_column_int64(st, 4),
            .called_at = sqlite3_column_int64(st, 5),
            .served_at = sqlite3_column_int64(st, 6),
        };
        stop = fn(cls, &b);
    }
    sqlite3_reset(st);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : sq_error(d, rc, err);
}
