-- The tickets' full-text index moves to a file of its own,
-- DATA_DIR/loket-search.db, written by one indexer thread
-- (store/sqlite/search.c): FTS5 segment writes and merges inside the group
-- commit held the one write lock every ticket commit needs. This table is
-- the log the indexer follows: a row per change to a ticket's searchable
-- text (created, title or description edited, public comment), in the same
-- transaction as the change. seq only grows (the newest row is never
-- trimmed), so the index records how far it got.
CREATE TABLE ticket_fts_pending (
    seq       INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL
);

-- Every existing ticket is indexed afresh in the new file.
INSERT INTO ticket_fts_pending (ticket_id) SELECT id FROM tickets ORDER BY id;

DROP TABLE main.ticket_fts;
