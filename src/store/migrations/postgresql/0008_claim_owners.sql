-- Outbox (WhatsApp) and webhook claims on several nodes (issue #19 item 3;
-- docs/postgresql.md, "Several nodes"). As export jobs' claims (0003), a
-- claim records the database session that sends the rows: the backend's pid
-- and start time. The workers keep the claiming connection until the rows
-- are finished, so `chan_outbox_abandon` and `webhook_abandon`, run by a
-- node as its worker starts (or stops), take only rows whose session is gone
-- or is their own, never the rows another live node is sending.
ALTER TABLE outbox ADD COLUMN claimed_pid bigint;
ALTER TABLE outbox ADD COLUMN claimed_backend timestamptz;
ALTER TABLE webhook_deliveries ADD COLUMN claimed_pid bigint;
ALTER TABLE webhook_deliveries ADD COLUMN claimed_backend timestamptz;
