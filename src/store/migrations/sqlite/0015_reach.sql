-- Issue #16, reaching people outside the office: sign-up of outside
-- stakeholders with a verified email address, the WhatsApp booking
-- dialogue's state per sender, and what the booking notifications must
-- remember across restarts (the invite's SEQUENCE and the one reminder).

-- An account created by sign-up stays inactive while this row exists; the
-- row holds the keyed hash of the single mailed token (a new sign-up for
-- the same address replaces it). Verifying deletes the row: single use.
CREATE TABLE signup_pending (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- One open WhatsApp booking dialogue per sender (digits only), as the
-- pure dialogue module's serialised state; stale after expires_at.
CREATE TABLE wa_dialogs (
    phone      TEXT PRIMARY KEY,
    state      TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Per booking: the iCalendar SEQUENCE (bumped on each reschedule and on
-- cancellation) and when its reminder went out (set in the transaction
-- that queues it, so a restart never sends it twice).
CREATE TABLE booking_invites (
    booking_id  INTEGER PRIMARY KEY,
    sequence    INTEGER NOT NULL DEFAULT 0,
    reminded_at INTEGER
) STRICT;
