-- Issue #22 item 6 (seed 002: "Survey Kepuasan Pengguna"): a periodic
-- satisfaction survey beyond the per-ticket stars.
--
-- surveys: the questionnaire (questions as a JSON array checked by
-- svc/survey_parse.c: key, kind scale|text, text_id, text_en), its period
-- (monthly or quarterly, WIB), the sample (sample_size requesters, or
-- sample_percent of them; 0 = no limit of that kind) and its status
-- draft → active → closed. seed (random hex, made at creation) orders the
-- requesters of a period for the sample, so a restart never resamples.
CREATE TABLE surveys (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    period         TEXT NOT NULL CHECK (period IN ('monthly', 'quarterly')),
    questions      TEXT NOT NULL,
    sample_size    INTEGER NOT NULL DEFAULT 0 CHECK (sample_size >= 0),
    sample_percent INTEGER NOT NULL DEFAULT 0 CHECK (sample_percent BETWEEN 0 AND 100),
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
    seed           TEXT NOT NULL,
    activated_at   INTEGER,
    closed_at      INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    created_by     INTEGER REFERENCES users(id)
) STRICT;

-- One row per survey and period once its invitations went out (sweep or
-- "send now"), in the same transaction as the invitations: the marker that
-- a period is never sent twice, across restarts and nodes.
CREATE TABLE survey_sends (
    survey_id  INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    sent_at    INTEGER NOT NULL,
    candidates INTEGER NOT NULL,
    invited    INTEGER NOT NULL,
    PRIMARY KEY (survey_id, period)
) STRICT, WITHOUT ROWID;

-- One invitation per requester per survey period. token_hash: BLAKE2b of
-- the mailed 256-bit token (the token itself is never stored).
CREATE TABLE survey_invitations (
    id           INTEGER PRIMARY KEY,
    survey_id    INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    requester_id INTEGER NOT NULL REFERENCES users(id),
    unit_id      INTEGER REFERENCES units(id),
    token_hash   BLOB NOT NULL UNIQUE,
    sent_at      INTEGER NOT NULL,
    answered_at  INTEGER,
    UNIQUE (survey_id, period, requester_id)
) STRICT;

-- The answers of an invitation: a scale value 1..5 or a free text.
CREATE TABLE survey_answers (
    invitation_id INTEGER NOT NULL REFERENCES survey_invitations(id) ON DELETE CASCADE,
    question      TEXT NOT NULL,
    value         INTEGER CHECK (value BETWEEN 1 AND 5),
    text          TEXT,
    PRIMARY KEY (invitation_id, question)
) STRICT, WITHOUT ROWID;
