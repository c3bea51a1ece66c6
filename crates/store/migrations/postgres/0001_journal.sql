-- The journal: pain check-ins and practice sessions (PostgreSQL).
--
-- Kept column-for-column in step with migrations/sqlite/0001_journal.sql so
-- one set of queries serves both backends; see the crate docs for the rules.
--
-- Instants: *_ms is whole milliseconds since the Unix epoch (UTC, rounded
-- down) and *_ns the nanoseconds within that millisecond (0-999999), so a
-- record reads back exactly as it was written. tz is the IANA zone the person
-- was in; local_date (YYYY-MM-DD) is the day in that zone, for day queries.
-- Lists (feel, regions) are JSON arrays of ids. Flags are 0/1 integers.
-- local_date compares byte-wise (COLLATE "C") whatever the server's locale.
-- owner leaves room for clinic mode; a personal journal is all 'local'.

CREATE TABLE checkins (
    id             TEXT    NOT NULL PRIMARY KEY,
    owner          TEXT    NOT NULL DEFAULT 'local',
    recorded_at_ms BIGINT  NOT NULL,
    recorded_at_ns BIGINT  NOT NULL DEFAULT 0 CHECK (recorded_at_ns BETWEEN 0 AND 999999),
    tz             TEXT    NOT NULL,
    local_date     TEXT    COLLATE "C" NOT NULL,
    pain           BIGINT  NOT NULL CHECK (pain BETWEEN 0 AND 10),
    stress         BIGINT  CHECK (stress BETWEEN 0 AND 10),
    sleep          BIGINT  CHECK (sleep BETWEEN 0 AND 10),
    feel           TEXT    NOT NULL DEFAULT '[]',
    regions        TEXT    NOT NULL DEFAULT '[]',
    activity       TEXT,
    note           TEXT
);

CREATE INDEX checkins_by_day ON checkins (local_date, recorded_at_ms, recorded_at_ns);

CREATE TABLE sessions (
    id            TEXT    NOT NULL PRIMARY KEY,
    owner         TEXT    NOT NULL DEFAULT 'local',
    practice      TEXT    NOT NULL,
    variant       TEXT,
    minutes       BIGINT  NOT NULL CHECK (minutes >= 0),
    started_at_ms BIGINT  NOT NULL,
    started_at_ns BIGINT  NOT NULL DEFAULT 0 CHECK (started_at_ns BETWEEN 0 AND 999999),
    tz            TEXT    NOT NULL,
    local_date    TEXT    COLLATE "C" NOT NULL,
    actual_s      BIGINT  NOT NULL CHECK (actual_s >= 0),
    completed     BIGINT  NOT NULL CHECK (completed IN (0, 1)),
    pain_before   BIGINT  CHECK (pain_before BETWEEN 0 AND 10),
    pain_after    BIGINT  CHECK (pain_after BETWEEN 0 AND 10),
    stress_before BIGINT  CHECK (stress_before BETWEEN 0 AND 10),
    stress_after  BIGINT  CHECK (stress_after BETWEEN 0 AND 10),
    pleasantness  BIGINT  CHECK (pleasantness BETWEEN 0 AND 10),
    regions       TEXT    NOT NULL DEFAULT '[]',
    note          TEXT
);

CREATE INDEX sessions_by_day ON sessions (local_date, started_at_ms, started_at_ns);
