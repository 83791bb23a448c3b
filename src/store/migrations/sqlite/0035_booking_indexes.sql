-- Fewer index entries per booking (issue #16, bench/README.md appointments,
-- sixth pass): each new booking writes a ticket and a booking row, and
-- every index entry is B-tree work and WAL pages in the single writer.
--
-- The due-time and assignee indexes skip rows without the value: a booking's
-- ticket has no SLA due times and no assignee, nor has a new helpdesk
-- ticket an assignee. Every query that used them compares the column
-- (`first_response_due <= ?`, `resolution_due < ?`, `assignee_id = ?`,
-- `assignee_id IS NOT NULL`), which implies IS NOT NULL, so SQLite still
-- uses them (the sweep names them with INDEXED BY: it would not prepare
-- otherwise); tests/docs/check_plans.py runs EXPLAIN QUERY PLAN on them.
DROP INDEX tickets_first_response_due;
CREATE INDEX tickets_first_response_due ON tickets(first_response_due)
    WHERE status IN ('new', 'in_progress') AND first_response_at IS NULL
      AND NOT first_response_breached AND first_response_due IS NOT NULL;
DROP INDEX tickets_resolution_due;
CREATE INDEX tickets_resolution_due ON tickets(resolution_due)
    WHERE status IN ('new', 'in_progress') AND resolution_due IS NOT NULL;
DROP INDEX tickets_assignee;
CREATE INDEX tickets_assignee ON tickets(assignee_id, status) WHERE assignee_id IS NOT NULL;
-- Per-slot counts are read from booking_slot_counts (migration 0019); the
-- seats of a slot use bookings_slot_seat (service_id, slot_start, seat).
-- Nothing reads bookings_day_slot.
DROP INDEX bookings_day_slot;
-- A day's bookings: bookings_day_queue (service_id, day, queue_number) was
-- the unique bookings_queue again without its WHERE queue_number IS NOT
-- NULL, which the day's queries do not imply. A unique index without the
-- WHERE refuses exactly the same rows (NULLs are distinct in a UNIQUE
-- index: requested bookings have no number yet), so it is both the
-- constraint and the day's index.
DROP INDEX bookings_queue;
DROP INDEX bookings_day_queue;
CREATE UNIQUE INDEX bookings_queue ON bookings(service_id, day, queue_number);
