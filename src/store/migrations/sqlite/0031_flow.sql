-- Issue #20 (flow). An escalation's timeline entry names where the ticket
-- went ("to tier 2 — Unit Jaringan"): the unit's or vendor's name as it was
-- then. Older escalations get the name of the ticket's present target,
-- the best that is known about them.
ALTER TABLE ticket_events ADD COLUMN target TEXT;
UPDATE ticket_events SET target = (
    SELECT CASE ticket_events.new_value
             WHEN '2' THEN (SELECT u.name FROM units u WHERE u.id = t.esc_unit_id)
             WHEN '3' THEN (SELECT v.name FROM vendors v WHERE v.id = t.esc_vendor_id)
           END
      FROM tickets t WHERE t.id = ticket_events.ticket_id)
 WHERE kind = 'escalated';

-- Users an admin invites set their own password through a one-time link
-- (issue #20 item 7): the keyed hash of the mailed token, until it is used
-- or expires. A new invitation replaces the older one.
CREATE TABLE user_invites (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash BLOB NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
