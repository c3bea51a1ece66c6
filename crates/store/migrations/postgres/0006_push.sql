-- Web Push (issue 14): reminders that reach a device with the app closed
-- (PostgreSQL). Kept in step with migrations/sqlite/0006_push.sql.
--
-- Like 0005's, these are the server's tables, not one person's: the
-- scheduler reads every signed-in device's subscription before it acts for
-- anyone. No row-level security; deploy/postgres-roles.sql grants the
-- application's role what it needs.

-- The server's VAPID key pair (RFC 8292), made on first start: one row,
-- shared by every server over this database. The private key is the P-256
-- scalar and the public key the uncompressed point, both base64url.
CREATE TABLE push_keys (
    id          smallint    NOT NULL PRIMARY KEY CHECK (id = 1),
    private_key text        NOT NULL,
    public_key  text        NOT NULL,
    created_at  timestamptz NOT NULL
);

-- A device's push subscription (the browser's PushSubscription), made while
-- signed in and gone with that session: signing out, or an ended session,
-- stops the reminders on that device. The endpoint is the push service's
-- address for the device; p256dh and auth are its keys (RFC 8291), base64url.
CREATE TABLE push_subscriptions (
    id         uuid        NOT NULL PRIMARY KEY,
    endpoint   text        NOT NULL UNIQUE,
    account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    login_hash text        NOT NULL REFERENCES logins (token_hash) ON DELETE CASCADE,
    p256dh     text        NOT NULL,
    auth       text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX push_subscriptions_by_account ON push_subscriptions (account_id);
CREATE INDEX push_subscriptions_by_login ON push_subscriptions (login_hash);

-- Which reminder was sent on which of its local days: the server that adds
-- the row sends it, so several servers over one database send it once.
CREATE TABLE push_sent (
    account_id  uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    reminder_id uuid        NOT NULL,
    local_date  date        NOT NULL,
    sent_at     timestamptz NOT NULL,
    PRIMARY KEY (account_id, reminder_id, local_date)
);

CREATE INDEX push_sent_by_date ON push_sent (local_date);
