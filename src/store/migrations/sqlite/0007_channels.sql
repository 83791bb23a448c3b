-- Inbound channels. Every mail received is recorded with its outcome (so a
-- duplicate delivery of the same Message-ID is recognised and loops are
-- visible); WhatsApp messages received (duplicate webhook deliveries, the
-- 24-hour reply window) and the messages we sent with their delivery status.

CREATE TABLE inbound_mail (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT NOT NULL UNIQUE,     -- "<...>"; sha256 of the bytes when absent
    received_at INTEGER NOT NULL,
    source      TEXT NOT NULL,            -- 'pipe' | 'imap'
    sender      TEXT,
    subject     TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('ticket', 'comment', 'ignored', 'refused')),
    reason      TEXT,                     -- auto_reply, bounce, loop, unknown_sender ...
    ticket_id   INTEGER REFERENCES tickets(id)
) STRICT;
CREATE INDEX inbound_mail_received ON inbound_mail(received_at);

CREATE TABLE wa_inbound (
    id        INTEGER PRIMARY KEY,
    wamid     TEXT NOT NULL UNIQUE,
    phone     TEXT NOT NULL,              -- wa_id: digits with country code
    sent_at   INTEGER NOT NULL,           -- the sender's timestamp
    kind      TEXT NOT NULL,              -- text, image, document ...
    ticket_id INTEGER REFERENCES tickets(id)
) STRICT;
CREATE INDEX wa_inbound_phone ON wa_inbound(phone, sent_at);

CREATE TABLE wa_outbound (
    wamid      TEXT PRIMARY KEY,
    outbox_id  INTEGER NOT NULL REFERENCES outbox(id),
    ticket_id  INTEGER REFERENCES tickets(id),
    phone      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('text', 'template')),
    sent_at    INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'sent',   -- latest: sent, delivered, read, failed
    status_at  INTEGER
) STRICT;

CREATE TABLE wa_status (
    id     INTEGER PRIMARY KEY,
    wamid  TEXT NOT NULL,
    status TEXT NOT NULL,
    at     INTEGER NOT NULL,
    error  TEXT
) STRICT;
CREATE INDEX wa_status_wamid ON wa_status(wamid);
