-- Sign-in throttling per (account, client address) with growing delays
-- (issue #15 item 8) replaces the hard lock of login_failures: five wrong
-- passwords locked an account for everyone, and twenty from one address
-- locked out everyone behind the same reverse proxy. One row per pair:
-- failures in a row, the last one, and until when the pair must wait.
DROP TABLE login_failures;
CREATE TABLE login_throttle (
    account         TEXT NOT NULL,
    address         TEXT NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    blocked_until   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account, address)
) STRICT, WITHOUT ROWID;
CREATE INDEX login_throttle_age ON login_throttle(last_failure_at);
-- Revoked API tokens stay for the record; the list of a user's tokens
-- reads only the live ones.
CREATE INDEX api_tokens_user ON api_tokens(user_id) WHERE revoked = 0;
