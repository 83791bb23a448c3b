-- Accounts, sessions, master data and the audit log.
-- Times: created_at/updated_at ISO-8601 UTC text; expiry and throttling
-- times are unix seconds (compared, never shown).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    code        TEXT UNIQUE COLLATE NOCASE,
    parent_id   INTEGER REFERENCES units(id),
    description TEXT,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE vendors (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    contact_name TEXT,
    email        TEXT,
    phone        TEXT,
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    parent_id   INTEGER REFERENCES categories(id),
    description TEXT,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE calendars (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    timezone   TEXT NOT NULL DEFAULT 'Asia/Jakarta',
    work_days  TEXT NOT NULL DEFAULT '1,2,3,4,5',
    work_start TEXT NOT NULL DEFAULT '08:00',
    work_end   TEXT NOT NULL DEFAULT '16:00',
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE holidays (
    id          INTEGER PRIMARY KEY,
    calendar_id INTEGER NOT NULL REFERENCES calendars(id),
    date        TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (calendar_id, date)
) STRICT;

CREATE TABLE sla_policies (
    id                     INTEGER PRIMARY KEY,
    name                   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_response_minutes INTEGER NOT NULL,
    resolution_minutes     INTEGER NOT NULL,
    warn_before_minutes    INTEGER NOT NULL DEFAULT 60,
    calendar_id            INTEGER REFERENCES calendars(id),
    active                 INTEGER NOT NULL DEFAULT 1,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
) STRICT;

CREATE TABLE priorities (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    rank          INTEGER NOT NULL DEFAULT 0,
    sla_policy_id INTEGER REFERENCES sla_policies(id),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE services (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind           TEXT NOT NULL CHECK (kind IN ('ticket', 'redirect', 'appointment')),
    category_id    INTEGER REFERENCES categories(id),
    unit_id        INTEGER REFERENCES units(id),
    priority_id    INTEGER REFERENCES priorities(id),
    sla_policy_id  INTEGER REFERENCES sla_policies(id),
    external_url   TEXT,
    helpdesk_phone TEXT,
    description    TEXT,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    color      TEXT,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE canned_responses (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    category_id INTEGER REFERENCES categories(id),
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    nip           TEXT UNIQUE,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    phone         TEXT,
    unit_id       INTEGER REFERENCES units(id),
    role          TEXT NOT NULL CHECK (role IN ('requester', 'agent', 'admin', 'leader')),
    tier          INTEGER CHECK (tier BETWEEN 1 AND 3),
    vendor_id     INTEGER REFERENCES vendors(id),
    locale        TEXT NOT NULL DEFAULT 'id',
    active        INTEGER NOT NULL DEFAULT 1,
    password_hash TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX users_unit ON users(unit_id);
CREATE INDEX users_phone ON users(phone);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    ip           TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE login_failures (
    id   INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('account', 'address')),
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_key ON login_failures(kind, key, at);

-- actor_id is not a foreign key: the log outlives the accounts it names.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER,
    action    TEXT NOT NULL,
    resource  TEXT NOT NULL,
    record_id INTEGER,
    detail    TEXT,
    ip        TEXT
) STRICT;
CREATE INDEX audit_log_resource ON audit_log(resource, record_id);
