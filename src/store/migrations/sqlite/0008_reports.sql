-- Reports (issue #6): rollup counts kept by triggers in the same transaction
-- as the ticket change, and export jobs.
--
-- report_daily holds, for every dimension a summary groups by, the number
-- of tickets CREATED on a local day (WIB, UTC+07:00, the default zone) whose
-- CURRENT value of that dimension is `key`. Ids are stored as text, NULL as
-- ''. A year's summary by status reads ~365 x 6 rows instead of scanning a
-- third of a million tickets. dim 'resolved' counts tickets by the local day
-- of resolved_at instead (key ''), for created-vs-resolved series.
CREATE TABLE report_daily (
    dim  TEXT NOT NULL,
    day  INTEGER NOT NULL,  -- (unix seconds + 25200) / 86400
    key  TEXT NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY (dim, day, key)
) STRICT, WITHOUT ROWID;

INSERT INTO report_daily (dim, day, key, n)
SELECT 'status', (created_at + 25200) / 86400, status, count(*) FROM tickets GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'unit', (created_at + 25200) / 86400, coalesce(CAST(unit_id AS TEXT), ''), count(*)
FROM tickets GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'service', (created_at + 25200) / 86400, CAST(service_id AS TEXT), count(*)
FROM tickets GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'category', (created_at + 25200) / 86400, coalesce(CAST(category_id AS TEXT), ''),
       count(*) FROM tickets GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'priority', (created_at + 25200) / 86400, coalesce(CAST(priority_id AS TEXT), ''),
       count(*) FROM tickets GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'channel', (created_at + 25200) / 86400, channel, count(*) FROM tickets GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'tier', (created_at + 25200) / 86400, CAST(tier AS TEXT), count(*)
FROM tickets GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'agent', (created_at + 25200) / 86400, coalesce(CAST(assignee_id AS TEXT), ''), count(*)
FROM tickets GROUP BY 2, 3;
INSERT INTO report_daily (dim, day, key, n)
SELECT 'resolved', (resolved_at + 25200) / 86400, '', count(*) FROM tickets
WHERE resolved_at IS NOT NULL GROUP BY 2;

-- A new ticket: one UPSERT for all eight dimensions, one for resolved.
CREATE TRIGGER report_ticket_insert AFTER INSERT ON tickets BEGIN
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

CREATE TRIGGER report_ticket_delete AFTER DELETE ON tickets BEGIN
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

-- Updates: the ticket store writes every column on save, so each trigger
-- runs only when its value really changed (WHEN ... IS NOT ...): a save that
-- changes the status costs one UPDATE and one UPSERT.
CREATE TRIGGER report_ticket_status AFTER UPDATE OF status ON tickets
WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'status' AND day = (OLD.created_at + 25200) / 86400 AND key = OLD.status;
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('status', (NEW.created_at + 25200) / 86400, NEW.status, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_unit AFTER UPDATE OF unit_id ON tickets
WHEN OLD.unit_id IS NOT NEW.unit_id BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'unit' AND day = (OLD.created_at + 25200) / 86400
      AND key = coalesce(CAST(OLD.unit_id AS TEXT), '');
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('unit', (NEW.created_at + 25200) / 86400, coalesce(CAST(NEW.unit_id AS TEXT), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_service AFTER UPDATE OF service_id ON tickets
WHEN OLD.service_id IS NOT NEW.service_id BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'service' AND day = (OLD.created_at + 25200) / 86400
      AND key = CAST(OLD.service_id AS TEXT);
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('service', (NEW.created_at + 25200) / 86400, CAST(NEW.service_id AS TEXT), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_category AFTER UPDATE OF category_id ON tickets
WHEN OLD.category_id IS NOT NEW.category_id BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'category' AND day = (OLD.created_at + 25200) / 86400
      AND key = coalesce(CAST(OLD.category_id AS TEXT), '');
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('category', (NEW.created_at + 25200) / 86400,
            coalesce(CAST(NEW.category_id AS TEXT), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_priority AFTER UPDATE OF priority_id ON tickets
WHEN OLD.priority_id IS NOT NEW.priority_id BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'priority' AND day = (OLD.created_at + 25200) / 86400
      AND key = coalesce(CAST(OLD.priority_id AS TEXT), '');
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('priority', (NEW.created_at + 25200) / 86400,
            coalesce(CAST(NEW.priority_id AS TEXT), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_channel AFTER UPDATE OF channel ON tickets
WHEN OLD.channel IS NOT NEW.channel BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'channel' AND day = (OLD.created_at + 25200) / 86400 AND key = OLD.channel;
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('channel', (NEW.created_at + 25200) / 86400, NEW.channel, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_tier AFTER UPDATE OF tier ON tickets
WHEN OLD.tier IS NOT NEW.tier BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'tier' AND day = (OLD.created_at + 25200) / 86400
      AND key = CAST(OLD.tier AS TEXT);
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('tier', (NEW.created_at + 25200) / 86400, CAST(NEW.tier AS TEXT), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_agent AFTER UPDATE OF assignee_id ON tickets
WHEN OLD.assignee_id IS NOT NEW.assignee_id BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'agent' AND day = (OLD.created_at + 25200) / 86400
      AND key = coalesce(CAST(OLD.assignee_id AS TEXT), '');
    INSERT INTO report_daily (dim, day, key, n)
    VALUES ('agent', (NEW.created_at + 25200) / 86400,
            coalesce(CAST(NEW.assignee_id AS TEXT), ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_ticket_resolved AFTER UPDATE OF resolved_at ON tickets
WHEN OLD.resolved_at IS NOT NEW.resolved_at BEGIN
    UPDATE report_daily SET n = n - 1
    WHERE dim = 'resolved' AND key = '' AND day = (OLD.resolved_at + 25200) / 86400;
    INSERT INTO report_daily (dim, day, key, n)
    SELECT 'resolved', (NEW.resolved_at + 25200) / 86400, '', 1 WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Export jobs run by the export worker in `loket serve`; files live under
-- DATA_DIR/exports. params is the report's query string (filters), so the
-- worker parses it exactly as the report endpoint would.
CREATE TABLE export_jobs (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    report      TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'pdf')),
    params      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total       INTEGER NOT NULL DEFAULT 0,
    done_rows   INTEGER NOT NULL DEFAULT 0,
    file        TEXT,
    filename    TEXT,
    error       TEXT,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
) STRICT;
CREATE INDEX export_jobs_status ON export_jobs(status, id);
