-- The tickets' text search (issue #19 item 1; store/pg/search.c): one
-- tsvector per ticket over what SQLite's index holds (number, title,
-- description and the public comments, never internal notes), in the
-- configuration `loket` (simple + unaccent, migration 0001), with a GIN
-- index. Triggers keep each row in the transaction that changes the text,
-- so a search sees every committed ticket without an indexer; the row goes
-- with its ticket.

CREATE TABLE ticket_search (
    ticket_id bigint PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    doc       tsvector NOT NULL
);
CREATE INDEX ticket_search_doc ON ticket_search USING gin (doc);

-- Text as a vector. ASCII punctuation becomes a space first, so words are
-- split where SQLite's unicode61 tokenizer splits them: the parser of
-- PostgreSQL would keep "budi@example.com" or "LKT-2026-000001" whole (and
-- "-2026" signed), and "example" or "000001" would not find them.
CREATE FUNCTION loket_search_vector(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_tsvector('loket'::regconfig, regexp_replace(body, '[!-/:-@[-`{-~]+', ' ', 'g'))
$$;

-- A ticket's searchable text as one vector; NULL for a missing ticket.
CREATE FUNCTION loket_ticket_doc(tid bigint) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT loket_search_vector(concat_ws(' ', t.number, t.title, t.description,
        (SELECT string_agg(e.body, E'\n' ORDER BY e.id) FROM ticket_events e
          WHERE e.ticket_id = t.id AND e.kind = 'comment' AND e.internal = 0)))
    FROM tickets t WHERE t.id = tid
$$;

CREATE FUNCTION loket_ticket_search_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    tid bigint;
BEGIN
    IF TG_TABLE_NAME = 'tickets' THEN
        tid := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        tid := OLD.ticket_id;
    ELSE
        tid := NEW.ticket_id;
    END IF;
    IF TG_TABLE_NAME = 'tickets' AND TG_OP = 'INSERT' THEN
        -- a new ticket has no comments yet: its own columns are enough
        INSERT INTO ticket_search (ticket_id, doc)
            VALUES (tid, loket_search_vector(concat_ws(' ', NEW.number, NEW.title,
                                                       NEW.description)))
            ON CONFLICT (ticket_id) DO UPDATE SET doc = excluded.doc;
    ELSIF EXISTS (SELECT 1 FROM tickets WHERE id = tid) THEN
        INSERT INTO ticket_search (ticket_id, doc) VALUES (tid, loket_ticket_doc(tid))
            ON CONFLICT (ticket_id) DO UPDATE SET doc = excluded.doc;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets
    FOR EACH ROW EXECUTE FUNCTION loket_ticket_search_row();
-- ticket_save writes every column: only a changed text rewrites the row
CREATE TRIGGER tickets_search_update AFTER UPDATE OF number, title, description ON tickets
    FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number
                       OR OLD.title IS DISTINCT FROM NEW.title
                       OR OLD.description IS DISTINCT FROM NEW.description)
    EXECUTE FUNCTION loket_ticket_search_row();
CREATE TRIGGER ticket_events_search_insert AFTER INSERT ON ticket_events
    FOR EACH ROW WHEN (NEW.kind = 'comment' AND NEW.internal = 0)
    EXECUTE FUNCTION loket_ticket_search_row();
CREATE TRIGGER ticket_events_search_update AFTER UPDATE OF kind, body, internal ON ticket_events
    FOR EACH ROW WHEN (OLD.kind = 'comment' OR NEW.kind = 'comment')
    EXECUTE FUNCTION loket_ticket_search_row();
CREATE TRIGGER ticket_events_search_delete AFTER DELETE ON ticket_events
    FOR EACH ROW WHEN (OLD.kind = 'comment' AND OLD.internal = 0)
    EXECUTE FUNCTION loket_ticket_search_row();

-- tickets that exist already (a database migrated with rows in it)
INSERT INTO ticket_search (ticket_id, doc) SELECT id, loket_ticket_doc(id) FROM tickets;

-- The ticket list's sorts on a column that may be NULL (priority, SLA due;
-- store/pg/search.c) keep SQLite's order: NULLs first going up, last going
-- down, ties by id. 0001's indexes (SQLite's, which end in the rowid there
-- implicitly) hold NULLs last and no id, so neither direction could walk
-- them and every such list sorted all its matches; these serve both
-- directions.
CREATE INDEX tickets_priority_order ON tickets (priority_rank NULLS FIRST, id);
CREATE INDEX tickets_due_order ON tickets (resolution_due NULLS FIRST, id);
