-- Issue #22 item 3: outbound webhooks.
--
-- webhooks: the endpoints admins register. `events` is the comma-separated
-- list of event kinds (core/webhook_kinds.h) the endpoint receives;
-- `secret` signs every delivery (HMAC-SHA256) and is write-only: the API
-- answers only whether it is set. last_* is the latest attempt's outcome,
-- shown in the admins' list.
CREATE TABLE webhooks (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL,
    events        TEXT NOT NULL,
    secret        TEXT NOT NULL,
    enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    last_status   INTEGER,
    last_response TEXT,
    last_at       INTEGER
) STRICT;

-- webhook_deliveries: the webhooks' outbox. A row is written in the
-- transaction of the ticket change it announces, so a request never waits
-- on the network; the webhook worker (notify/webhooks.c) claims the oldest
-- unfinished row of each endpoint, so one endpoint's deliveries arrive in
-- order. status: pending, sending, delivered, failed (attempts used up).
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    ticket_id       INTEGER,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_at      INTEGER,
    finished_at     INTEGER,
    last_status     INTEGER,
    last_response   TEXT,
    last_error      TEXT,
    redelivery_of   INTEGER
) STRICT;
CREATE INDEX webhook_deliveries_open ON webhook_deliveries (webhook_id, id)
    WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id DESC);
