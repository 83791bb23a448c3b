-- WhatsApp notifications (issue #22 item 4, docs/whatsapp-notifications.md).
-- A user's choice of notification channel, with the WhatsApp number to use
-- (NULL: the number of their account, or the one their WhatsApp ticket came
-- from); without a row a user gets mail, plus WhatsApp for tickets that came
-- by WhatsApp ('auto'). The last inbound time per number, which decides the
-- 24-hour window, is already wa_inbound's (migration 0007).
CREATE TABLE wa_notify_prefs (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('auto', 'email', 'whatsapp', 'both')),
    phone TEXT,
    updated_at INTEGER NOT NULL
);
-- What a number's next WhatsApp message may answer: a rating request of a
-- resolved ticket ('rating': a digit 1-5 rates it), then, once rated, the
-- feedback ('feedback': the next text is kept as the rating's comment).
-- One row per number: a newer request replaces an older one.
CREATE TABLE wa_pending (
    phone TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('rating', 'feedback')),
    since INTEGER NOT NULL
);
