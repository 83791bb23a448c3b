-- Indexes that give a ticket list its order for the sorts the queue offers
-- (last updated, priority, SLA due soonest): without them every list so
-- sorted read and sorted all matching tickets, 0.3-0.6 s at a million.
-- Priority sorts by the priority's rank, which lives in another table; the
-- ticket keeps a copy (written with priority_id by the store, and by the
-- trigger when an admin changes a rank) so one index holds the order.
ALTER TABLE tickets ADD COLUMN priority_rank INTEGER;
UPDATE tickets SET priority_rank = (SELECT rank FROM priorities p WHERE p.id = tickets.priority_id)
    WHERE priority_id IS NOT NULL;
CREATE TRIGGER priorities_rank_copy AFTER UPDATE OF rank ON priorities
BEGIN
    UPDATE tickets SET priority_rank = NEW.rank WHERE priority_id = NEW.id;
END;
CREATE INDEX tickets_updated ON tickets(updated_at);
CREATE INDEX tickets_priority_rank ON tickets(priority_rank);
CREATE INDEX tickets_due ON tickets(resolution_due);
