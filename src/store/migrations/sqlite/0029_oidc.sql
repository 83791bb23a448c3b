-- Sign-in with the office directory through OpenID Connect (issue #22 item
-- 5). user_identities links a provider's subject (the ID token's iss and
-- sub) to a local user: names and emails change in the directory, the
-- subject does not. oidc_pending holds a started sign-in until its callback
-- (ten minutes at most): the keyed hash of the state, the keyed hash of the
-- browser cookie that binds it to the browser which started it, the nonce
-- and the PKCE verifier. Both are separate from users so that the LDAP
-- sign-in (migration 0028) and this one do not compete for its columns.
CREATE TABLE user_identities (
    provider   TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_login TEXT NOT NULL,
    PRIMARY KEY (provider, subject)
) STRICT;
CREATE INDEX user_identities_user ON user_identities(user_id);

CREATE TABLE oidc_pending (
    state_hash BLOB PRIMARY KEY,
    browser    BLOB NOT NULL,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX oidc_pending_expiry ON oidc_pending(expires_at);
