-- Hosted mode (issue 13): accounts, their invitations and signed-in
-- sessions, shares with clinicians, and the audit trail (PostgreSQL).
--
-- Kept in step with migrations/sqlite/0005_accounts.sql; the types as 0004's.
-- An account's id is the `owner` of its journal rows (uuid as text there,
-- where 'local' is the personal journal's owner). Tokens are kept only as
-- their SHA-256 (hex), passwords only as argon2id PHC strings.
--
-- These tables are the server's, not one person's: the server reads a
-- session before it knows who is asking. They have no row-level security;
-- deploy/postgres-roles.sql grants the application's role what it needs, and
-- on `audit` only INSERT and SELECT (the trail is append-only).

CREATE TABLE accounts (
    id            uuid        NOT NULL PRIMARY KEY,
    role          text        NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    username      text        UNIQUE,
    password_hash text,
    created_at    timestamptz NOT NULL,
    disabled_at   timestamptz
);

CREATE TABLE invitations (
    token_hash text        NOT NULL PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX invitations_by_account ON invitations (account_id);

CREATE TABLE logins (
    token_hash   text        NOT NULL PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);

CREATE INDEX logins_by_account ON logins (account_id);

-- Failed sign-ins, for the rate limit, shared by every server.
CREATE TABLE sign_in_failures (
    id       uuid        NOT NULL PRIMARY KEY,
    username text        NOT NULL,
    address  text        NOT NULL,
    at       timestamptz NOT NULL
);

CREATE INDEX sign_in_failures_by_username ON sign_in_failures (username, at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);

CREATE TABLE share_codes (
    code_hash    text        NOT NULL PRIMARY KEY,
    clinician_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);

CREATE TABLE shares (
    id           uuid        NOT NULL PRIMARY KEY,
    person_id    uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    clinician_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scopes       jsonb       NOT NULL CHECK (jsonb_typeof(scopes) = 'array'),
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);

CREATE INDEX shares_by_person ON shares (person_id);
CREATE INDEX shares_by_clinician ON shares (clinician_id);

CREATE TABLE audit (
    id        uuid        NOT NULL PRIMARY KEY,
    person_id uuid        NOT NULL,
    actor_id  uuid        NOT NULL,
    action    text        NOT NULL,
    address   text,
    at        timestamptz NOT NULL
);

CREATE INDEX audit_by_person ON audit (person_id, at);
