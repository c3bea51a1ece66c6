-- Hosted mode (issue 13): accounts, their invitations and signed-in
-- sessions, shares with clinicians, and the audit trail (SQLite).
--
-- Kept in step with migrations/postgres/0005_accounts.sql: the same tables
-- and columns, each database's own types (see 0004). A personal journal has
-- no accounts; these tables stay empty in local mode.
--
-- An account's id is the `owner` of its journal rows. Tokens (invitations,
-- sessions) are kept only as their SHA-256 (hex): a copy of the database
-- signs no one in. A password is kept only as its argon2id PHC string.

CREATE TABLE accounts (
    id            TEXT    NOT NULL PRIMARY KEY,
    role          TEXT    NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- Chosen when the invitation is accepted; NULL until then.
    username      TEXT    UNIQUE,
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
) STRICT;

-- One-time links: an invitation to set up an account, or a password reset.
CREATE TABLE invitations (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

CREATE INDEX invitations_by_account ON invitations (account_id);

-- Signed-in sessions ("logins": `sessions` holds practice sessions).
CREATE TABLE logins (
    token_hash   TEXT    NOT NULL PRIMARY KEY,
    account_id   TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;

CREATE INDEX logins_by_account ON logins (account_id);

-- Failed sign-ins, for the rate limit (backcalm_auth::RateLimit): kept in
-- the database so that several servers count the same failures. The
-- username as typed (it may name no account) and the client's address.
CREATE TABLE sign_in_failures (
    id       TEXT    NOT NULL PRIMARY KEY,
    username TEXT    NOT NULL,
    address  TEXT    NOT NULL,
    at       INTEGER NOT NULL
) STRICT;

CREATE INDEX sign_in_failures_by_username ON sign_in_failures (username, at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);

-- A clinician's one-use code a person types to share with them.
CREATE TABLE share_codes (
    code_hash    TEXT    NOT NULL PRIMARY KEY,
    clinician_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
) STRICT;

-- What a person shares with a clinician: scopes is a JSON array of
-- checkins, sessions, questionnaires, notes. Revoking sets revoked_at.
CREATE TABLE shares (
    id           TEXT    NOT NULL PRIMARY KEY,
    person_id    TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    clinician_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scopes       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER
) STRICT;

CREATE INDEX shares_by_person ON shares (person_id);
CREATE INDEX shares_by_clinician ON shares (clinician_id);

-- Every read of a person's data by someone else, appended, never changed.
CREATE TABLE audit (
    id        TEXT    NOT NULL PRIMARY KEY,
    person_id TEXT    NOT NULL,
    actor_id  TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    address   TEXT,
    at        INTEGER NOT NULL
) STRICT;

CREATE INDEX audit_by_person ON audit (person_id, at);

-- The trail is append-only in SQLite too: the file's owner could still
-- drop these, but nothing in backcalm can change or delete an entry.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
