-- Places held per service, day and slot, kept by the booking store in the
-- same statement sequence (so the same transaction) as the booking row
-- that changes them (src/store/sqlite/booking_counts.c; not by triggers:
-- the group-commit writer runs with triggers off). The capacity check
-- reads a day's few counter rows instead of counting the day's bookings
-- for every booking (bench/README.md, appointments). A place is held
-- exactly when bookings.seat IS NOT NULL, the rule the old count used;
-- cancel, reschedule and no-show change a count only through the seat,
-- slot and day they write. The unique seat indexes of 0014 stay the last
-- guard against a second holder of a place.
CREATE TABLE booking_slot_counts (
    service_id INTEGER NOT NULL,
    day        TEXT NOT NULL,
    slot_start INTEGER NOT NULL,
    n          INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (service_id, day, slot_start)
) STRICT, WITHOUT ROWID;

INSERT INTO booking_slot_counts (service_id, day, slot_start, n)
    SELECT service_id, day, slot_start, count(*) FROM bookings
    WHERE seat IS NOT NULL GROUP BY service_id, day, slot_start;
