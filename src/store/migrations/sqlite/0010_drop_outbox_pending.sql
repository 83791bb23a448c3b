-- outbox_pending (status, next_attempt_at) serves no query: the workers
-- claim by channel through outbox_claim (migration 0006), and the admin's
-- list filters by an optional status that no index can serve. Every new
-- ticket paid for one more index insert (issue #3: ticket creation).
DROP INDEX IF EXISTS outbox_pending;
