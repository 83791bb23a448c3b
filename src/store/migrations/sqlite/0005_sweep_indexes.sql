-- Indexes the SLA sweep walks, so one sweep costs what it finds rather than
-- the size of the tickets table (a full scan took ~100 ms at a million
-- tickets, every sweep). tickets_resolution_due (0002) serves the third part.
CREATE INDEX tickets_first_response_due ON tickets(first_response_due)
    WHERE status IN ('new', 'in_progress') AND first_response_at IS NULL
      AND NOT first_response_breached;
CREATE INDEX tickets_resolved_at ON tickets(resolved_at) WHERE status = 'resolved';
