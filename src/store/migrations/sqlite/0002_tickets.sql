-- Tickets, their timeline, tags, numbering, the notification outbox and
-- service redirects. Ticket times are unix seconds (SLA arithmetic and
-- reports compare them); the API formats them as ISO-8601 UTC.

CREATE TABLE ticket_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;

CREATE TABLE tickets (
    id                       INTEGER PRIMARY KEY,
    number                   TEXT NOT NULL UNIQUE,
    title                    TEXT NOT NULL,
    description              TEXT NOT NULL,
    service_id               INTEGER NOT NULL REFERENCES services(id),
    category_id              INTEGER REFERENCES categories(id),
    priority_id              INTEGER REFERENCES priorities(id),
    requester_id             INTEGER NOT NULL REFERENCES users(id),
    unit_id                  INTEGER REFERENCES units(id),
    contact_name             TEXT,
    contact_phone            TEXT,
    channel                  TEXT NOT NULL DEFAULT 'web'
                             CHECK (channel IN ('web', 'email', 'whatsapp', 'phone', 'walk_in')),
    status                   TEXT NOT NULL DEFAULT 'new'
                             CHECK (status IN ('new', 'in_progress', 'waiting', 'resolved',
                                               'closed', 'cancelled')),
    assignee_id              INTEGER REFERENCES users(id),
    tier                     INTEGER NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 3),
    esc_unit_id              INTEGER REFERENCES units(id),
    esc_vendor_id            INTEGER REFERENCES vendors(id),
    created_by               INTEGER REFERENCES users(id),
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL,
    first_response_at        INTEGER,
    resolved_at              INTEGER,
    closed_at                INTEGER,
    sla_policy_id            INTEGER REFERENCES sla_policies(id),
    first_response_due       INTEGER,
    resolution_due           INTEGER,
    sla_paused_minutes       INTEGER NOT NULL DEFAULT 0,
    waiting_since            INTEGER,
    first_response_breached  INTEGER NOT NULL DEFAULT 0,
    resolution_breached      INTEGER NOT NULL DEFAULT 0,
    sla_warned               INTEGER NOT NULL DEFAULT 0,
    resolution_summary       TEXT,
    cancel_reason            TEXT,
    rating                   INTEGER CHECK (rating BETWEEN 1 AND 5),
    feedback                 TEXT,
    merged_into_id           INTEGER REFERENCES tickets(id),
    version                  INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX tickets_status ON tickets(status, created_at);
CREATE INDEX tickets_requester ON tickets(requester_id, created_at);
CREATE INDEX tickets_unit ON tickets(unit_id, created_at);
CREATE INDEX tickets_assignee ON tickets(assignee_id, status);
CREATE INDEX tickets_service ON tickets(service_id, created_at);
CREATE INDEX tickets_esc_unit ON tickets(esc_unit_id) WHERE esc_unit_id IS NOT NULL;
CREATE INDEX tickets_esc_vendor ON tickets(esc_vendor_id) WHERE esc_vendor_id IS NOT NULL;
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_resolution_due ON tickets(resolution_due)
    WHERE status IN ('new', 'in_progress');

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (ticket_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags(tag_id);

-- The timeline: append-only; tickets holds the current state.
CREATE TABLE ticket_events (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    at        INTEGER NOT NULL,
    actor_id  INTEGER REFERENCES users(id),
    kind      TEXT NOT NULL,
    field     TEXT,
    old_value TEXT,
    new_value TEXT,
    body      TEXT,
    internal  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

-- Notifications written in the same transaction as the change (sent later).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    ticket_id       INTEGER REFERENCES tickets(id),
    recipient_id    INTEGER REFERENCES users(id),
    recipient       TEXT NOT NULL,
    channel         TEXT NOT NULL DEFAULT 'email',
    template        TEXT NOT NULL,
    locale          TEXT NOT NULL DEFAULT 'id',
    vars            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox(status, next_attempt_at);

CREATE TABLE service_redirects (
    id         INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id),
    user_id    INTEGER REFERENCES users(id),
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX service_redirects_service ON service_redirects(service_id, at);

-- Full-text search over number, title, description and public comments.
-- remove_diacritics folds "é" to "e" so Indonesian text typed without
-- accents still matches; tokens are split on non-alphanumerics.
CREATE VIRTUAL TABLE ticket_fts USING fts5(
    number, title, description, comments,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Files attached to tickets; bytes live under DATA_DIR/attachments with a
-- random name, never the uploaded one.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    uploader_id  INTEGER REFERENCES users(id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    stored_name  TEXT NOT NULL UNIQUE,
    internal     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_ticket ON attachments(ticket_id);
