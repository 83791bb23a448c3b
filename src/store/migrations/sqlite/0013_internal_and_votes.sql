-- Issue #15, items 6 and 11.
--
-- A tier-3 vendor is an outside company: it reads internal notes and the
-- requesters' personal contacts only when its vendor record says so
-- (core/perm.c, ACT_TICKET_VIEW_INTERNAL and ACT_TICKET_VIEW_CONTACTS).
ALTER TABLE vendors ADD COLUMN sees_internal INTEGER NOT NULL DEFAULT 0;

-- The escalation reason is internal unless the agent marks it public. Until
-- now it was the body of the public "escalated" event: move every existing
-- reason into an internal "escalation_reason" event beside it, and index the
-- ticket again so the reason leaves the requester's search as well.
INSERT INTO ticket_events (ticket_id, at, actor_id, kind, body, internal)
    SELECT ticket_id, at, actor_id, 'escalation_reason', body, 1 FROM ticket_events
    WHERE kind = 'escalated' AND body IS NOT NULL ORDER BY id;
INSERT INTO ticket_fts_pending (ticket_id)
    SELECT DISTINCT ticket_id FROM ticket_events WHERE kind = 'escalated' AND body IS NOT NULL;
UPDATE ticket_events SET body = NULL WHERE kind = 'escalated';

-- "Was this helpful" counts one vote per user: the first vote stands. The
-- trigger keeps the article's counters in the same statement as the vote.
CREATE TABLE faq_votes (
    faq_id   INTEGER NOT NULL REFERENCES faq_articles(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id),
    helpful  INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    voted_at INTEGER NOT NULL,
    PRIMARY KEY (faq_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER faq_votes_count AFTER INSERT ON faq_votes
BEGIN
    UPDATE faq_articles SET helpful_yes = helpful_yes + NEW.helpful,
                            helpful_no = helpful_no + 1 - NEW.helpful
        WHERE id = NEW.faq_id;
END;
