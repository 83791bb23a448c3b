-- The bookings of the services a viewer serves (issue #19; PostgreSQL only:
-- docs/postgresql.md, "Schema"). A list for anyone but an admin is
-- "their own, the others their scope sees that are not bookings, and the
-- bookings of the services they serve" (store/pg/scope.c): an OR whose
-- last arm this index serves, so PostgreSQL combines index scans
-- (BitmapOr) instead of reading every ticket. Bookings are a small part of
-- the tickets, and so is this index.
CREATE INDEX tickets_booking_service ON tickets (service_id) WHERE booking <> 0;
