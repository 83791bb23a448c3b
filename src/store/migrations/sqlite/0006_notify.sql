-- Mail out (issue #4): admins' template overrides, and the claim time the
-- mail worker stamps on an outbox row before it talks to the SMTP server.

-- When a worker took the row ('sending'); rows left 'sending' past the lease
-- are from a worker that died mid-send (see docs/design-notes.md).
ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
CREATE INDEX outbox_claim ON outbox(channel, status, next_attempt_at);

-- Overrides of the templates built into the binary (src/notify/templates/);
-- deleting a row resets the template to its default.
CREATE TABLE mail_templates (
    key        TEXT NOT NULL,
    locale     TEXT NOT NULL CHECK (locale IN ('id', 'en')),
    subject    TEXT NOT NULL,
    text_body  TEXT NOT NULL,
    html_body  TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER,
    PRIMARY KEY (key, locale)
) STRICT, WITHOUT ROWID;
