-- Appointment reports and session documents (issue #16, items 6 and 8).
--
-- Bookings are tickets (tickets.booking = 1, migration 0014), but they stay
-- out of the helpdesk's figures unless a report asks for them (report args
-- `appointments=include|only`, or a service_id). The rollup report_daily
-- (0008) therefore counts only tickets that are not bookings: its triggers
-- are made again with that condition and its rows rebuilt. Should a ticket's
-- flag ever change, it leaves or joins the counts whole. The batch writer's
-- in-memory rollup (store/sqlite/rollup.c) applies the same rule.
DROP TRIGGER report_ticket_insert;
DROP TRIGGER report_ticket_delete;
DROP TRIGGER report_ticket_status;
DROP TRIGGER report_ticket_unit;
DROP TRIGGER report_ticket_service;
DROP TRIGGER report_ticket_category;
DROP TRIGGER report_ticket_priority;
DROP TRIGGER report_ticket_channel;
DROP TRIGGER report_ticket_tier;
DROP TRIGGER report_ticket_agent;
DROP TRIGGER report_ticket_resolved;

DELETE FROM report_daily;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'status', (created_at + 25200) / 86400, status, count(*)
FROM tickets WHERE booking = 0 GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'unit', (created_at + 25200) / 86400, coalesce(CAST(unit_id AS TEXT), ''), count(*)
FROM tickets WHERE booking = 0 GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'service', (created_at + 25200) / 86400, CAST(service_id AS TEXT), count(*)
FROM tickets WHERE booking = 0 GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'category', (created_at + 25200) / 86400, coalesce(CAST(category_id AS TEXT), ''), count(*)
FROM tickets WHERE booking = 0 GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'priority', (created_at + 25200) / 86400, coalesce(CAST(priority_id AS TEXT), ''), count(*)
FROM tickets WHERE booking = 0 GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'channel', (created_at + 25200) / 86400, channel, count(*)
FROM tickets WHERE booking = 0 GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'tier', (created_at + 25200) / 86400, CAST(tier AS TEXT), count(*)
FROM tickets WHERE booking = 0 GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'agent', (created_at + 25200) / 86400, coalesce(CAST(assignee_id AS TEXT), ''), count(*)
FROM tickets WHERE booking = 0 GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'resolved', (resolved_at + 25200) / 86400, '', count(*) FROM tickets
WHERE booking = 0 AND resolved_at IS NOT NULL GROUP BY 2;

CREATE TRIGGER report_ticket_insert AFTER INSERT ON tickets
WHEN NEW.booking = 0 BEGIN
    INSERT INTO report_daily (dim, day, key, n)
    SELECT d, (NEW.created_at + 25200) / 86400, k, 1 FROM (
        SELECT 'status' AS d, NEW.status AS k
        UNION ALL SELECT 'unit', coalesce(CAST(NEW.unit_id AS TEXT), '')
        UNION ALL SELECT 'service', CAST(NEW.service_id AS TEXT)
        UNION ALL SELECT 'category', coalesce(CAST(NEW.category_id AS TEXT), '')
        UNION ALL SELECT 'priority', coalesce(CAST(NEW.priority_id AS TEXT), '')
        UNION ALL SELECT 'channel', NEW.channel
        UNION ALL SELECT 'tier', CAST(NEW.tier AS TEXT)
        UNION ALL SELECT 'agent', coalesce(CAST(NEW.assignee_id AS TEXT), ''))
    WHERE 1 ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO report_daily (dim, day, key, n)
    SELECT 'resolved', (NEW.resolved_at + 25200) / 86400, '', 1 WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_delete AFTER DELETE ON tickets
WHEN OLD.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE day = (OLD.created_at + 25200) / 86400 AND (dim, key) IN (VALUES
        ('status', OLD.status),
        ('unit', coalesce(CAST(OLD.unit_id AS TEXT), '')),
        ('service', CAST(OLD.service_id AS TEXT)),
        ('category', coalesce(CAST(OLD.category_id AS TEXT), '')),
        ('priority', coalesce(CAST(OLD.priority_id AS TEXT), '')),
        ('channel', OLD.channel),
        ('tier', CAST(OLD.tier AS TEXT)),
        ('agent', coalesce(CAST(OLD.assignee_id AS TEXT), '')));
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'resolved' AND key = '' AND day = (OLD.resolved_at + 25200) / 86400;
END;

CREATE TRIGGER report_ticket_status AFTER UPDATE OF status ON tickets
WHEN OLD.status IS NOT NEW.status AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'status' AND day = (OLD.created_at + 25200) / 86400 AND key = OLD.status;
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('status', (NEW.created_at + 25200) / 86400, NEW.status, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_unit AFTER UPDATE OF unit_id ON tickets
WHEN OLD.unit_id IS NOT NEW.unit_id AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'unit' AND day = (OLD.created_at + 25200) / 86400 AND key = coalesce(CAST(OLD.unit_id AS TEXT), '');
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('unit', (NEW.created_at + 25200) / 86400, coalesce(CAST(NEW.unit_id AS TEXT), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_service AFTER UPDATE OF service_id ON tickets
WHEN OLD.service_id IS NOT NEW.service_id AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'service' AND day = (OLD.created_at + 25200) / 86400 AND key = CAST(OLD.service_id AS TEXT);
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('service', (NEW.created_at + 25200) / 86400, CAST(NEW.service_id AS TEXT), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_category AFTER UPDATE OF category_id ON tickets
WHEN OLD.category_id IS NOT NEW.category_id AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'category' AND day = (OLD.created_at + 25200) / 86400 AND key = coalesce(CAST(OLD.category_id AS TEXT), '');
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('category', (NEW.created_at + 25200) / 86400, coalesce(CAST(NEW.category_id AS TEXT), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_priority AFTER UPDATE OF priority_id ON tickets
WHEN OLD.priority_id IS NOT NEW.priority_id AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'priority' AND day = (OLD.created_at + 25200) / 86400 AND key = coalesce(CAST(OLD.priority_id AS TEXT), '');
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('priority', (NEW.created_at + 25200) / 86400, coalesce(CAST(NEW.priority_id AS TEXT), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_channel AFTER UPDATE OF channel ON tickets
WHEN OLD.channel IS NOT NEW.channel AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'channel' AND day = (OLD.created_at + 25200) / 86400 AND key = OLD.channel;
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('channel', (NEW.created_at + 25200) / 86400, NEW.channel, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_tier AFTER UPDATE OF tier ON tickets
WHEN OLD.tier IS NOT NEW.tier AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'tier' AND day = (OLD.created_at + 25200) / 86400 AND key = CAST(OLD.tier AS TEXT);
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('tier', (NEW.created_at + 25200) / 86400, CAST(NEW.tier AS TEXT), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_agent AFTER UPDATE OF assignee_id ON tickets
WHEN OLD.assignee_id IS NOT NEW.assignee_id AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'agent' AND day = (OLD.created_at + 25200) / 86400 AND key = coalesce(CAST(OLD.assignee_id AS TEXT), '');
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('agent', (NEW.created_at + 25200) / 86400, coalesce(CAST(NEW.assignee_id AS TEXT), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_resolved AFTER UPDATE OF resolved_at ON tickets
WHEN OLD.resolved_at IS NOT NEW.resolved_at AND OLD.booking = 0 AND NEW.booking = 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'resolved' AND key = '' AND day = (OLD.resolved_at + 25200) / 86400;
    INSERT INTO report_daily (dim, day, key, n)
    SELECT 'resolved', (NEW.resolved_at + 25200) / 86400, '', 1 WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- A ticket becoming a booking leaves the counts with its old values; one
-- ceasing to be a booking joins them with its new values (the per-column
-- triggers skip a ticket that is not counted on both sides of the UPDATE,
-- whatever else that UPDATE changed).
CREATE TRIGGER report_ticket_to_booking AFTER UPDATE OF booking ON tickets
WHEN OLD.booking = 0 AND NEW.booking != 0 BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE day = (OLD.created_at + 25200) / 86400 AND (dim, key) IN (VALUES
        ('status', OLD.status),
        ('unit', coalesce(CAST(OLD.unit_id AS TEXT), '')),
        ('service', CAST(OLD.service_id AS TEXT)),
        ('category', coalesce(CAST(OLD.category_id AS TEXT), '')),
        ('priority', coalesce(CAST(OLD.priority_id AS TEXT), '')),
        ('channel', OLD.channel),
        ('tier', CAST(OLD.tier AS TEXT)),
        ('agent', coalesce(CAST(OLD.assignee_id AS TEXT), '')));
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'resolved' AND key = '' AND day = (OLD.resolved_at + 25200) / 86400;
END;

CREATE TRIGGER report_ticket_from_booking AFTER UPDATE OF booking ON tickets
WHEN OLD.booking != 0 AND NEW.booking = 0 BEGIN
    INSERT INTO report_daily (dim, day, key, n)
    SELECT d, (NEW.created_at + 25200) / 86400, k, 1 FROM (
        SELECT 'status' AS d, NEW.status AS k
        UNION ALL SELECT 'unit', coalesce(CAST(NEW.unit_id AS TEXT), '')
        UNION ALL SELECT 'service', CAST(NEW.service_id AS TEXT)
        UNION ALL SELECT 'category', coalesce(CAST(NEW.category_id AS TEXT), '')
        UNION ALL SELECT 'priority', coalesce(CAST(NEW.priority_id AS TEXT), '')
        UNION ALL SELECT 'channel', NEW.channel
        UNION ALL SELECT 'tier', CAST(NEW.tier AS TEXT)
        UNION ALL SELECT 'agent', coalesce(CAST(NEW.assignee_id AS TEXT), ''))
    WHERE 1 ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO report_daily (dim, day, key, n)
    SELECT 'resolved', (NEW.resolved_at + 25200) / 86400, '', 1 WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- The appointments report reads bookings by day over a period.
CREATE INDEX bookings_report_day ON bookings(day, service_id);
-- A booking's writer job counts the places held per slot of its day and
-- takes the day's next queue number; the queue reads the day in order. The
-- partial indexes of 0014 do not serve these queries (their WHERE does not
-- imply the index's), so each scanned every booking the service ever had:
-- a quarter of the writer's time at a few thousand (bench/appointments.sh).
CREATE INDEX bookings_day_slot ON bookings(service_id, day, slot_start, seat)
    WHERE seat IS NOT NULL;
CREATE INDEX bookings_day_queue ON bookings(service_id, day, queue_number);

-- Session documentation (item 6): per appointment service, a larger
-- attachment limit and audio/video types for recordings. No row = the
-- configured defaults (LOKET_ATTACHMENT_MAX_MB, attachment_types).
CREATE TABLE service_attachment_limits (
    service_id        INTEGER PRIMARY KEY REFERENCES services(id) ON DELETE CASCADE,
    attachment_max_mb INTEGER CHECK (attachment_max_mb BETWEEN 1 AND 4096),
    allow_media       INTEGER NOT NULL DEFAULT 0 CHECK (allow_media IN (0, 1))
) STRICT;
