-- Ticket creation's report counts, cheaper (issue #19 benchmark; bench/
-- README.md "PostgreSQL creation, thirteenth session").
--
-- 0001's report_ticket_insert upserted SELECT ... FROM report_ticket_keys(NEW)
-- ORDER BY: plpgsql never settles on a generic plan for it (NEW is a
-- composite parameter), so every ticket insert planned the statement again,
-- 0.8 ms of the insert's 1.0 ms. This one is one VALUES upsert with the keys
-- computed in place; the rows and their order (by dim, day, key: every
-- transaction locks report_daily rows in the same order, see 0001's
-- report_ticket_move) are the same.
--
-- The group-commit writer counts a batch's new tickets itself and upserts
-- each (dim, day, key) once per batch (store/pg/rollup.c): upserting the
-- same eight rows once per ticket in one transaction makes each upsert walk
-- the versions the batch's earlier ones left. Its transactions say so with
-- SET LOCAL loket.rollup = 'on', and the trigger then stays out.
CREATE OR REPLACE FUNCTION report_ticket_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d bigint := (NEW.created_at + 25200) / 86400;
BEGIN
    IF NEW.resolved_at IS NULL THEN
        INSERT INTO report_daily (dim, day, key, n) VALUES
            ('agent', d, coalesce(NEW.assignee_id::text, ''), 1),
            ('category', d, coalesce(NEW.category_id::text, ''), 1),
            ('channel', d, NEW.channel, 1),
            ('priority', d, coalesce(NEW.priority_id::text, ''), 1),
            ('service', d, NEW.service_id::text, 1),
            ('status', d, NEW.status, 1),
            ('tier', d, NEW.tier::text, 1),
            ('unit', d, coalesce(NEW.unit_id::text, ''), 1)
        ON CONFLICT (dim, day, key) DO UPDATE SET n = report_daily.n + 1;
    ELSE -- a ticket copied in resolved: 'resolved' sorts between the others
        INSERT INTO report_daily (dim, day, key, n) VALUES
            ('agent', d, coalesce(NEW.assignee_id::text, ''), 1),
            ('category', d, coalesce(NEW.category_id::text, ''), 1),
            ('channel', d, NEW.channel, 1),
            ('priority', d, coalesce(NEW.priority_id::text, ''), 1),
            ('resolved', (NEW.resolved_at + 25200) / 86400, '', 1),
            ('service', d, NEW.service_id::text, 1),
            ('status', d, NEW.status, 1),
            ('tier', d, NEW.tier::text, 1),
            ('unit', d, coalesce(NEW.unit_id::text, ''), 1)
        ON CONFLICT (dim, day, key) DO UPDATE SET n = report_daily.n + 1;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER report_ticket_insert ON tickets;
CREATE TRIGGER report_ticket_insert AFTER INSERT ON tickets
    FOR EACH ROW WHEN (NEW.booking = 0
                       AND current_setting('loket.rollup', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION report_ticket_insert();
