-- One instant column to the microsecond, and indexes that lead with the owner (SQLite).
--
-- Issue #12: the store leaves sqlx's `Any` driver, so each backend keeps its
-- own types; migrations/postgres/0004_native_types.sql is the PostgreSQL side,
-- with the same tables and column names.
--
-- Each instant's *_ms + *_ns pair becomes one INTEGER: microseconds since the
-- Unix epoch, UTC (project rule: instants are kept to the microsecond). The
-- value is ms * 1000 + ns / 1000. ns is 0-999999 (a CHECK of 0001/0002), so
-- SQLite's integer division, which truncates, is the floor here, and
-- ms * 1000 is exact; a pre-1970 instant stays right: -1 ms + 999999 ns is
-- -1000 + 999 = -1 us, 1969-12-31T23:59:59.999999Z. The nanoseconds below
-- the microsecond are dropped, by the rule.
--
-- SQLite cannot change a column's type, so checkins, sessions,
-- questionnaire_answers and screens are rebuilt: a new STRICT table, the rows
-- copied across converted, the old table dropped (its indexes with it), the
-- new one renamed into place, the index made again. No table has foreign
-- keys, triggers or views, so the rebuild needs no PRAGMA foreign_keys
-- change; nothing here refuses to run in a transaction (the store runs this
-- file in one). Everything but the instant stays as it was: ids TEXT,
-- local_date TEXT YYYY-MM-DD, flags 0/1 with their CHECKs, JSON in TEXT,
-- every CHECK, NOT NULL and default. reminders and settings already have
-- the columns they keep and are not touched.
--
-- Indexes: (owner, local_date, instant, id), as on PostgreSQL. They serve the
-- store's queries when these name the owner (`WHERE owner = ?1 ...`): SQLite
-- has no row-level security to add it, and without statistics no skip-scan
-- past the owner. EXPLAIN QUERY PLAN (sqlite3 3.40) on 10,000 rows per table
-- over ten years, owner 'local':
--   check-ins, WHERE owner = ?1 AND local_date >= ?2 AND local_date <= ?3
--   ORDER BY local_date, recorded_at, id
--     -> SEARCH USING INDEX checkins_by_owner_day (owner=? AND local_date>? AND
--        local_date<?), no sort step; one year (1,003 rows) in 0.5 ms
--   the same without `owner = ?1`: SCAN ... USING COVERING INDEX + USE TEMP
--     B-TREE FOR ORDER BY, 1.2 ms
--   last 7 days, WHERE owner = ?1 AND local_date >= ?2 GROUP BY local_date
--   (count, max(pain)) -> SEARCH (owner=? AND local_date>?), no sort step
--   sessions likewise; answers (owner=? AND instrument=? AND local_date>?);
--   latest screen, WHERE owner = ?1 ORDER BY taken_at DESC LIMIT 1 -> SEARCH
--     screens_by_owner_time (owner=?), one entry (without the owner: SCAN + sort)
--   by id -> the primary key's index.

CREATE TABLE checkins_0004 (
    id          TEXT    NOT NULL PRIMARY KEY,
    owner       TEXT    NOT NULL DEFAULT 'local',
    recorded_at INTEGER NOT NULL,
    tz          TEXT    NOT NULL,
    local_date  TEXT    NOT NULL,
    pain        INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
    stress      INTEGER CHECK (stress BETWEEN 0 AND 10),
    sleep       INTEGER CHECK (sleep BETWEEN 0 AND 10),
    feel        TEXT    NOT NULL DEFAULT '[]',
    regions     TEXT    NOT NULL DEFAULT '[]',
    activity    TEXT,
    note        TEXT,
    flare       INTEGER NOT NULL DEFAULT 0 CHECK (flare IN (0, 1))
) STRICT;

INSERT INTO checkins_0004
    (id, owner, recorded_at, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare)
SELECT id, owner, recorded_at_ms * 1000 + recorded_at_ns / 1000, tz, local_date,
       pain, stress, sleep, feel, regions, activity, note, flare
FROM checkins;

DROP TABLE checkins;
ALTER TABLE checkins_0004 RENAME TO checkins;

-- A person's check-ins by day, in the order the store lists them.
CREATE INDEX checkins_by_owner_day ON checkins (owner, local_date, recorded_at, id);

CREATE TABLE sessions_0004 (
    id            TEXT    NOT NULL PRIMARY KEY,
    owner         TEXT    NOT NULL DEFAULT 'local',
    practice      TEXT    NOT NULL,
    variant       TEXT,
    minutes       INTEGER NOT NULL CHECK (minutes >= 0),
    started_at    INTEGER NOT NULL,
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

INSERT INTO sessions_0004
    (id, owner, practice, variant, minutes, started_at, tz, local_date, actual_s, completed,
     pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note)
SELECT id, owner, practice, variant, minutes, started_at_ms * 1000 + started_at_ns / 1000,
       tz, local_date, actual_s, completed,
       pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note
FROM sessions;

DROP TABLE sessions;
ALTER TABLE sessions_0004 RENAME TO sessions;

-- A person's sessions by day, in the order the store lists them.
CREATE INDEX sessions_by_owner_day ON sessions (owner, local_date, started_at, id);

CREATE TABLE questionnaire_answers_0004 (
    id          TEXT    NOT NULL PRIMARY KEY,
    owner       TEXT    NOT NULL DEFAULT 'local',
    instrument  TEXT    NOT NULL,
    answered_at INTEGER NOT NULL,
    tz          TEXT    NOT NULL,
    local_date  TEXT    NOT NULL,
    answers     TEXT    NOT NULL,
    score       REAL    NOT NULL
) STRICT;

INSERT INTO questionnaire_answers_0004
    (id, owner, instrument, answered_at, tz, local_date, answers, score)
SELECT id, owner, instrument, answered_at_ms * 1000 + answered_at_ns / 1000,
       tz, local_date, answers, score
FROM questionnaire_answers;

DROP TABLE questionnaire_answers;
ALTER TABLE questionnaire_answers_0004 RENAME TO questionnaire_answers;

-- A person's answers to one instrument by day (the PEG-3 trend, say).
CREATE INDEX questionnaire_answers_by_owner_day
    ON questionnaire_answers (owner, instrument, local_date, answered_at, id);

CREATE TABLE screens_0004 (
    id         TEXT    NOT NULL PRIMARY KEY,
    owner      TEXT    NOT NULL DEFAULT 'local',
    taken_at   INTEGER NOT NULL,
    tz         TEXT    NOT NULL,
    local_date TEXT    NOT NULL,
    answers    TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('none', 'soon', 'urgent', 'emergency'))
) STRICT;

INSERT INTO screens_0004 (id, owner, taken_at, tz, local_date, answers, action)
SELECT id, owner, taken_at_ms * 1000 + taken_at_ns / 1000, tz, local_date, answers, action
FROM screens;

DROP TABLE screens;
ALTER TABLE screens_0004 RENAME TO screens;

-- A person's latest screen: ORDER BY taken_at DESC LIMIT 1 reads one entry.
CREATE INDEX screens_by_owner_time ON screens (owner, taken_at);
