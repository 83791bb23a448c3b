-- Issue #22 item 1: automation rules (svc/automation*.c, docs/automation.md).
--
-- automation_rules: what admins edit. kind 'trigger' reacts to ticket events
-- (events: a comma list of created, updated, commented, status, rated);
-- kind 'time' is looked at by the sweep (timing: JSON, e.g.
-- {"type":"waiting_days","days":3}). conditions (JSON object) and actions
-- (JSON array) are validated and compiled by svc/automation_rule.c; the
-- engine keeps the compiled set until the store's conf_generation moves,
-- which this table is one of (store/sqlite/driver.c), and the table's own
-- stamp (count, versions, ids, positions) says whether a kept set is still
-- the stored one when other writes moved that generation. Rules run in
-- position order, then id.
-- AUTOINCREMENT: an id is never given again, so a rule deleted and another
-- created cannot leave the stamp as it was.
CREATE TABLE automation_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    position    INTEGER NOT NULL DEFAULT 0,
    kind        TEXT NOT NULL CHECK (kind IN ('trigger', 'time')),
    events      TEXT NOT NULL DEFAULT '',
    timing      TEXT NOT NULL DEFAULT '{}',
    conditions  TEXT NOT NULL DEFAULT '{}',
    actions     TEXT NOT NULL DEFAULT '[]',
    version     INTEGER NOT NULL DEFAULT 1, -- +1 on every change (rule_stamp)
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX automation_rules_order ON automation_rules (position, id);

-- ticket_rule_runs: which rule acted on which ticket and when. A time-based
-- rule fires once per ticket per state (the UNIQUE key: state names the
-- episode, e.g. "waiting:<since>"); an assignment's value is the agent, so
-- round-robin continues after the last one. The name starts with "ticket"
-- so the driver's change hook treats it as ticket data (no cache flush).
CREATE TABLE ticket_rule_runs (
    id        INTEGER PRIMARY KEY,
    rule_id   INTEGER NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    state     TEXT NOT NULL,
    value     INTEGER NOT NULL DEFAULT 0,
    at        INTEGER NOT NULL,
    UNIQUE (rule_id, ticket_id, state)
) STRICT;
CREATE INDEX ticket_rule_runs_ticket ON ticket_rule_runs (ticket_id);
