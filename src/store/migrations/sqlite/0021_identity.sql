-- The requester's identity as the seed's care-center procedure asks for it
-- (seed 002, V.2-3: the user sends their identity over WhatsApp or e-mail;
-- an agent checks it at the NIC site). A requester registered by a channel
-- intake is asked once for name, NIP/NIM and e-mail: identity_channel says
-- which road registered them (NULL: an account made by the web app or an
-- admin, never asked), identity_sent keeps the reply as it came (what the
-- agent checks), identity_number the NIP/NIM it named. An agent or admin
-- verifies: identity_verified_at (ISO-8601 UTC) and identity_verified_by.
ALTER TABLE users ADD COLUMN identity_channel TEXT
    CHECK (identity_channel IN ('whatsapp', 'email'));
ALTER TABLE users ADD COLUMN identity_number TEXT;
ALTER TABLE users ADD COLUMN identity_sent TEXT;
ALTER TABLE users ADD COLUMN identity_sent_at TEXT;
ALTER TABLE users ADD COLUMN identity_verified_at TEXT;
ALTER TABLE users ADD COLUMN identity_verified_by INTEGER REFERENCES users(id);
-- the agents' queue: requesters a channel registered, not yet verified
CREATE INDEX users_identity_queue ON users(identity_channel, identity_verified_at);
