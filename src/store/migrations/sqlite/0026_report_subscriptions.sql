-- Scheduled reports (issue #22 item 2): a leader or admin subscribes to a
-- report (monthly recap, SLA, recap per unit) as PDF or XLSX, mailed on a
-- schedule: monthly on the first working day of the business calendar at
-- HH:MM WIB, or weekly on an ISO weekday at HH:MM WIB, for the period that
-- just ended (report/schedule.c).
CREATE TABLE report_subscriptions (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    report TEXT NOT NULL CHECK (report IN ('recap', 'sla', 'unit_recap')),
    format TEXT NOT NULL CHECK (format IN ('pdf', 'xlsx')),
    cadence TEXT NOT NULL CHECK (cadence IN ('monthly', 'weekly')),
    weekday INTEGER NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 1 AND 7),
    at_minute INTEGER NOT NULL DEFAULT 420 CHECK (at_minute BETWEEN 0 AND 1439),
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    extra_recipients TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX report_subscriptions_owner ON report_subscriptions (owner_id);

-- One row per (subscription, period), inserted BEFORE the file is built:
-- the UNIQUE key makes every node and every restart agree that a period is
-- taken. 'claimed' rows turn 'queued' in the same transaction that writes
-- the mail's outbox rows, so a 'claimed' row older than the lease belongs
-- to a process that died before queueing anything and may be claimed again.
CREATE TABLE report_subscription_sends (
    id INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES report_subscriptions(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'queued', 'failed')),
    claimed_at INTEGER NOT NULL,
    finished_at INTEGER,
    detail TEXT,
    UNIQUE (subscription_id, period)
);
