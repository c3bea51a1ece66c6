-- The journal: pain check-ins and practice sessions (SQLite).
--
-- Kept column-for-column in step with migrations/postgres/0001_journal.sql so
-- one set of queries serves both backends; see the crate docs for the rules.
-- STRICT makes SQLite refuse a value of the wrong type instead of storing it.
--
-- Instants: *_ms is whole milliseconds since the Unix epoch (UTC, rounded
-- down) and *_ns the nanoseconds within that millisecond (0-999999), so a
-- record reads back exactly as it was written. tz is the IANA zone the person
-- was in; local_date (YYYY-MM-DD) is the day in that zone, for day queries.
-- Lists (feel, regions) are JSON arrays of ids. Flags are 0/1 integers.
-- owner leaves room for clinic mode; a personal journal is all 'local'.

CREATE TABLE checkins (
    id             TEXT    NOT NULL PRIMARY KEY,
    owner          TEXT    NOT NULL DEFAULT 'local',
    recorded_at_ms INTEGER NOT NULL,
    recorded_at_ns INTEGER NOT NULL DEFAULT 0 CHECK (recorded_at_ns BETWEEN 0 AND 999999),
    tz             TEXT    NOT NULL,
    local_date     TEXT    NOT NULL,
    pain           INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
    stress         INTEGER CHECK (stress BETWEEN 0 AND 10),
    sleep          INTEGER CHECK (sleep BETWEEN 0 AND 10),
    feel           TEXT    NOT NULL DEFAULT '[]',
    regions        TEXT    NOT NULL DEFAULT '[]',
    activity       TEXT,
    note           TEXT
) STRICT;

CREATE INDEX checkins_by_day ON checkins (local_date, recorded_at_ms, recorded_at_ns);

CREATE TABLE sessions (
    id            TEXT    NOT NULL PRIMARY KEY,
    owner         TEXT    NOT NULL DEFAULT 'local',
    practice      TEXT    NOT NULL,
    variant       TEXT,
    minutes       INTEGER NOT NULL CHECK (minutes >= 0),
    started_at_ms INTEGER NOT NULL,
    started_at_ns INTEGER NOT NULL DEFAULT 0 CHECK (started_at_ns BETWEEN 0 AND 999999),
    tz            TEXT    NOT NULL,
    local_date    TEXT    NOT NULL,
    actual_s      INTEGER NOT NULL CHECK (actual_s >= 0),
    completed     INTEGER NOT NULL CHECK (completed IN (0, 1)),
    pain_before   INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after    INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    stress_before INTEGER CHECK (stress_before BETWEEN 0 AND 10),
    stress_after  INTEGER CHECK (stress_after BETWEEN 0 AND 10),
    pleasantness  INTEGER CHECK (pleasantness BETWEEN 0 AND 10),
    regions       TEXT    NOT NULL DEFAULT '[]',
    note          TEXT
) STRICT;

CREATE INDEX sessions_by_day ON sessions (local_date, started_at_ms, started_at_ns);
