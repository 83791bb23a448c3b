-- Covering indexes for the common list filters, so the (capped) total of a
-- filtered list is counted from the index alone: unit + status went from
-- 154 ms to 2 ms at a million tickets.
CREATE INDEX tickets_unit_status ON tickets(unit_id, status, created_at);
CREATE INDEX tickets_service_status ON tickets(service_id, status, created_at);
