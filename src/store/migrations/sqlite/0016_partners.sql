-- Partner administration (issue #17, seed 003 "SOBAT"): field partners
-- (mitra) of each office, survey activities with their unit rates (SHKS),
-- the yearly monthly ceiling per partner (SBML), assignments (partner ×
-- activity × output × volume in a month, with the fee fixed when written)
-- and the documents' state of each contract (partner × month).
-- Amounts are whole rupiah in INTEGER (64-bit): never REAL.

-- The partner_admin permission (core/perm.c): an agent who administers the
-- partners of their own unit.
ALTER TABLE users ADD COLUMN partner_admin INTEGER NOT NULL DEFAULT 0;

CREATE TABLE partners (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    nik           TEXT NOT NULL UNIQUE,
    address       TEXT,
    phone         TEXT,
    email         TEXT,
    bank_name     TEXT,
    bank_account  TEXT,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX partners_unit ON partners(unit_id, name);

CREATE TABLE activities (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    budget      INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- SHKS: one rate per output of an activity (per document, respondent, day).
CREATE TABLE activity_rates (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    output      TEXT NOT NULL,
    unit_rate   INTEGER NOT NULL CHECK (unit_rate >= 0),
    PRIMARY KEY (activity_id, output)
) STRICT;

-- SBML: the most a partner may earn in one month of the year.
CREATE TABLE partner_ceilings (
    year        INTEGER PRIMARY KEY,
    monthly     INTEGER NOT NULL CHECK (monthly >= 0),
    updated_at  TEXT NOT NULL
) STRICT;

-- unit_rate is copied from the activity when the assignment is written, so
-- a later rate change does not silently change a fee already agreed.
CREATE TABLE assignments (
    id                  INTEGER PRIMARY KEY,
    partner_id          INTEGER NOT NULL REFERENCES partners(id),
    activity_id         INTEGER NOT NULL REFERENCES activities(id),
    output              TEXT NOT NULL,
    volume              INTEGER NOT NULL CHECK (volume > 0),
    unit_rate           INTEGER NOT NULL,
    fee                 INTEGER NOT NULL,
    month               TEXT NOT NULL,          -- YYYY-MM
    role                TEXT,                   -- e.g. Petugas Pendataan Lapangan
    area                TEXT,                   -- the work area (wilayah tugas)
    surat_tugas_issued  INTEGER NOT NULL DEFAULT 0,
    created_by          INTEGER REFERENCES users(id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX assignments_partner_month ON assignments(partner_id, month);
CREATE INDEX assignments_activity ON assignments(activity_id);
CREATE INDEX assignments_month ON assignments(month);

-- One contract per partner per month; a row exists once a state was set
-- (no row = nothing signed yet).
CREATE TABLE partner_contracts (
    partner_id       INTEGER NOT NULL REFERENCES partners(id),
    month            TEXT NOT NULL,
    contract_signed  INTEGER NOT NULL DEFAULT 0,
    bast_signed      INTEGER NOT NULL DEFAULT 0,
    terminated       INTEGER NOT NULL DEFAULT 0,
    paid             INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (partner_id, month)
) STRICT;
