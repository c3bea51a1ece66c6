-- The role a hosted backcalm server connects to PostgreSQL as (docs/DEPLOYMENT.md).
--
-- Two roles: the tables' owner, which runs `backcalm migrate` and is never
-- given to the server, and backcalm_app, which the server runs as. Row-level
-- security (migration 0004) holds for backcalm_app because it is neither the
-- tables' owner nor a superuser, and cannot bypass it: each transaction sees
-- only the rows of the person it set (`backcalm.person`), and none when it
-- set no one.
--
-- Run once, after the first `backcalm migrate`, as a superuser (or a role
-- with CREATEROLE that owns the tables), connected to the journal's database:
--
--   psql --dbname postgres://postgres@db.internal/backcalm -f deploy/postgres-roles.sql
--   psql --dbname postgres://postgres@db.internal/backcalm -c '\password backcalm_app'
--
-- (\password sends the password hashed, so it is in no log or shell history.)
-- Rename backcalm_app throughout if you like; crates/store/tests/store/rls.rs
-- runs this file with the name replaced and checks what the role can see.

CREATE ROLE backcalm_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;

-- The database is whichever this runs in, so the file names none.
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO backcalm_app', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO backcalm_app;

-- A person's records: read and write, row by row as the policies allow; no
-- TRUNCATE, REFERENCES or TRIGGER, no DDL.
GRANT SELECT, INSERT, UPDATE, DELETE
    ON checkins, sessions, questionnaire_answers, screens, reminders, settings
    TO backcalm_app;

-- The server reads the schema version (for /readyz and to refuse a newer
-- schema) but never migrates: that is `backcalm migrate`, as the owner.
GRANT SELECT ON _sqlx_migrations TO backcalm_app;

-- Hosted mode's own tables (migration 0005): accounts, one-time links,
-- signed-in sessions, share codes and shares are the server's to manage.
GRANT SELECT, INSERT, UPDATE, DELETE
    ON accounts, invitations, logins, sign_in_failures, share_codes, shares
    TO backcalm_app;

-- The audit trail is append-only for the server: it may add an entry and
-- read the trail, never change or remove one.
GRANT SELECT, INSERT ON audit TO backcalm_app;

-- Web Push (migration 0006): the VAPID key pair is made once and never
-- changed by the server; subscriptions come and go with devices; the marks
-- of reminders sent are added, read and cleared after a few days.
GRANT SELECT, INSERT ON push_keys TO backcalm_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON push_subscriptions TO backcalm_app;
GRANT SELECT, INSERT, DELETE ON push_sent TO backcalm_app;
