-- Rejection reason codes (issue #21 item 9, seed 001: "verifikasi awal"):
-- when staff turn a ticket down (cancel it) they pick one of these, which
-- admins edit as master data (/api/v1/reject-reasons). The code chosen is a
-- public "reject_code" event on the ticket's timeline, so a requester's own
-- cancellation (no code) stays apart from a rejection in the reports.
CREATE TABLE reject_reasons (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    rank       INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

INSERT INTO reject_reasons (code, name, rank, created_at, updated_at) VALUES
    ('duplikat', 'Duplikat: permintaan yang sama sudah ada', 1, '2026-12-07T00:00:00Z', '2026-12-07T00:00:00Z'),
    ('bukan_kewenangan', 'Bukan kewenangan Kominfo', 2, '2026-12-07T00:00:00Z', '2026-12-07T00:00:00Z'),
    ('data_tidak_lengkap', 'Data tidak lengkap', 3, '2026-12-07T00:00:00Z', '2026-12-07T00:00:00Z'),
    ('spam', 'Spam atau bukan permintaan layanan', 4, '2026-12-07T00:00:00Z', '2026-12-07T00:00:00Z');

-- the reports find a ticket's code by its event
CREATE INDEX ticket_events_reject_code ON ticket_events(ticket_id) WHERE kind = 'reject_code';
