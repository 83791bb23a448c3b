-- Macros (issue #20, agent tools): one click applies a reply, a status, tags
-- and an assignment to a ticket, each through the ticket services as the
-- agent who clicked (svc/macro.c). Admins keep them as master data
-- (core/resource.c res_macros, /api/v1/macros); the reply may use the mail
-- templates' variables ({{requester_name}}, {{ticket_number}} ...).
CREATE TABLE macros (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    body        TEXT,                 -- the reply; NULL/empty: none
    internal    INTEGER NOT NULL DEFAULT 0, -- the reply is an internal note
    status      TEXT,                 -- in_progress, waiting, resolved; NULL: unchanged
    tags        TEXT,                 -- tag names added, comma-separated
    assign      TEXT,                 -- self (who applies it), user (assignee_id); NULL: none
    assignee_id INTEGER REFERENCES users(id),
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
