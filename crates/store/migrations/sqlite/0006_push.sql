-- Web Push (issue 14): reminders that reach a device with the app closed
-- (SQLite). Kept in step with migrations/postgres/0006_push.sql: the same
-- tables and columns, each database's own types (see 0004). A personal
-- journal has no accounts; these tables stay empty in local mode.

-- The server's VAPID key pair (RFC 8292), made on first start: one row. The
-- private key is the P-256 scalar and the public key the uncompressed
-- point, both base64url.
CREATE TABLE push_keys (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    private_key TEXT    NOT NULL,
    public_key  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

-- A device's push subscription, made while signed in and gone with that
-- session (signing out, or an ended session, stops the reminders there).
CREATE TABLE push_subscriptions (
    id         TEXT    NOT NULL PRIMARY KEY,
    endpoint   TEXT    NOT NULL UNIQUE,
    account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    login_hash TEXT    NOT NULL REFERENCES logins (token_hash) ON DELETE CASCADE,
    p256dh     TEXT    NOT NULL,
    auth       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX push_subscriptions_by_account ON push_subscriptions (account_id);
CREATE INDEX push_subscriptions_by_login ON push_subscriptions (login_hash);

-- Which reminder was sent on which of its local days: the server that adds
-- the row sends it, so it is sent once.
CREATE TABLE push_sent (
    account_id  TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    reminder_id TEXT    NOT NULL,
    local_date  TEXT    NOT NULL,
    sent_at     INTEGER NOT NULL,
    PRIMARY KEY (account_id, reminder_id, local_date)
) STRICT;

CREATE INDEX push_sent_by_date ON push_sent (local_date);
