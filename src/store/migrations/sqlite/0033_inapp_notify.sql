-- In-app notifications (issue #20, agent tools; docs/agent-tools.md): the
-- bell in the header. One row per (recipient, ticket, kind) while unread:
-- a second reply before the first was read moves the row's time instead of
-- stacking (store/inapp.h). Written by svc/inapp_notify.c in the
-- transaction of the ticket event that caused it.
CREATE TABLE inapp_notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('assigned', 'reply', 'note', 'status')),
    actor_id INTEGER,           -- NULL: the system (SLA sweep, automation)
    detail TEXT,                -- 'status': the new status
    created_at INTEGER NOT NULL,
    read_at INTEGER             -- NULL: unread
);
-- the bell's count and the newest-first list of one user
CREATE INDEX inapp_notifications_user ON inapp_notifications (user_id, read_at, id);
