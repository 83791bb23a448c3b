-- Letters for partners (issue #17 item 4): each office's letter settings
-- (officials, letterhead, logo, number patterns), admins' overrides of the
-- default letter templates, the number sequences per office, kind and year,
-- and every letter issued. Partners, assignments and activities are
-- migration 0016's; letters keep plain ids of them (no foreign key) so that
-- a letter, once numbered, is never lost with what it was about.

CREATE TABLE letter_settings (
    unit_id              INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
    unit_code            TEXT NOT NULL DEFAULT '',   -- '' = the unit's code
    head_lines           TEXT NOT NULL DEFAULT '',   -- letterhead name lines, one per line
    address              TEXT NOT NULL DEFAULT '',
    city                 TEXT NOT NULL DEFAULT '',   -- where letters are signed
    region               TEXT NOT NULL DEFAULT '',   -- work area in annexes and Surat Tugas
    partner_role         TEXT NOT NULL DEFAULT '',   -- '' = Petugas Pendataan Lapangan
    ppk_name             TEXT NOT NULL DEFAULT '',
    ppk_nip              TEXT NOT NULL DEFAULT '',
    ppk_position         TEXT NOT NULL DEFAULT '',
    signer_name          TEXT NOT NULL DEFAULT '',
    signer_nip           TEXT NOT NULL DEFAULT '',
    signer_position      TEXT NOT NULL DEFAULT '',
    pattern_contract     TEXT NOT NULL DEFAULT '',   -- '' = the default pattern
    pattern_assignment   TEXT NOT NULL DEFAULT '',
    pattern_bast         TEXT NOT NULL DEFAULT '',
    pattern_termination  TEXT NOT NULL DEFAULT '',
    logo                 BLOB,                       -- PNG, NULL = none
    updated_at           TEXT NOT NULL,
    updated_by           INTEGER
) STRICT;

CREATE TABLE letter_templates (
    kind        TEXT PRIMARY KEY CHECK (kind IN ('contract', 'assignment', 'bast', 'termination')),
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER
) STRICT;

-- The last number given per office, kind and year: raised in the same
-- transaction that writes the letter, never lowered, so no number is
-- given twice, not even after a letter is voided.
CREATE TABLE letter_sequences (
    unit_id  INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    year     INTEGER NOT NULL,
    last     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, kind, year)
) STRICT;

CREATE TABLE letters (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('contract', 'assignment', 'bast', 'termination')),
    partner_id     INTEGER NOT NULL,
    month          TEXT NOT NULL,               -- YYYY-MM the letter is about
    assignment_id  INTEGER NOT NULL DEFAULT 0,  -- Surat Tugas only
    letter_date    TEXT NOT NULL,               -- YYYY-MM-DD printed on it
    year           INTEGER NOT NULL,            -- of letter_date: the sequence's year
    seq            INTEGER NOT NULL,
    number         TEXT NOT NULL,
    issued_at      TEXT NOT NULL,
    issued_by      INTEGER,
    voided_at      TEXT,
    voided_by      INTEGER,
    void_reason    TEXT,
    UNIQUE (unit_id, kind, year, seq)
) STRICT;
-- One live letter per kind and partner-month (per assignment for a Surat
-- Tugas): downloading again gives the same letter and number.
CREATE UNIQUE INDEX letters_live ON letters (kind, partner_id, month, assignment_id)
    WHERE voided_at IS NULL;
CREATE INDEX letters_partner ON letters (partner_id, month);

-- Bulk letters are export jobs whose file may be a ZIP of PDFs: the format
-- check gains 'zip' (a table rebuild, SQLite cannot alter a CHECK).
CREATE TABLE export_jobs_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    report      TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'pdf', 'zip')),
    params      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total       INTEGER NOT NULL DEFAULT 0,
    done_rows   INTEGER NOT NULL DEFAULT 0,
    file        TEXT,
    filename    TEXT,
    error       TEXT,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
) STRICT;
INSERT INTO export_jobs_new SELECT id, user_id, report, format, params, status, total, done_rows,
    file, filename, error, created_at, finished_at FROM export_jobs;
DROP TABLE export_jobs;
ALTER TABLE export_jobs_new RENAME TO export_jobs;
CREATE INDEX export_jobs_status ON export_jobs(status, id);
