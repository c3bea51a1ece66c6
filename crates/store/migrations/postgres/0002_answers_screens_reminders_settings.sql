-- Questionnaire answers, red-flag screens, daily reminders and settings (PostgreSQL).
--
-- Kept column-for-column in step with the SQLite migration of the same
-- number; the rules of 0001 hold (instants as *_ms + *_ns, local_date in the
-- record's own zone, JSON in TEXT, owner for clinic mode).

-- One scored questionnaire (PEG-3, PHQ-2, GAD-2): answers is a JSON object
-- item id -> answer, score the unrounded score core computed from them.
CREATE TABLE questionnaire_answers (
    id             TEXT    NOT NULL PRIMARY KEY,
    owner          TEXT    NOT NULL DEFAULT 'local',
    instrument     TEXT    NOT NULL,
    answered_at_ms BIGINT  NOT NULL,
    answered_at_ns BIGINT  NOT NULL DEFAULT 0 CHECK (answered_at_ns BETWEEN 0 AND 999999),
    tz             TEXT    NOT NULL,
    local_date     TEXT    COLLATE "C" NOT NULL,
    answers        TEXT    NOT NULL,
    score          DOUBLE PRECISION NOT NULL
);

CREATE INDEX questionnaire_answers_by_day
    ON questionnaire_answers (instrument, local_date, answered_at_ms, answered_at_ns);

-- One red-flag screen: answers is a JSON object question id -> true/false,
-- action the most urgent action any "yes" called for (none, soon, urgent, emergency).
CREATE TABLE screens (
    id          TEXT    NOT NULL PRIMARY KEY,
    owner       TEXT    NOT NULL DEFAULT 'local',
    taken_at_ms BIGINT  NOT NULL,
    taken_at_ns BIGINT  NOT NULL DEFAULT 0 CHECK (taken_at_ns BETWEEN 0 AND 999999),
    tz          TEXT    NOT NULL,
    local_date  TEXT    COLLATE "C" NOT NULL,
    answers     TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('none', 'soon', 'urgent', 'emergency'))
);

CREATE INDEX screens_by_time ON screens (taken_at_ms, taken_at_ns);

-- A daily reminder at a local time (HH:MM) in a zone.
CREATE TABLE reminders (
    id         TEXT NOT NULL PRIMARY KEY,
    owner      TEXT NOT NULL DEFAULT 'local',
    local_time TEXT NOT NULL,
    tz         TEXT NOT NULL,
    label      TEXT NOT NULL
);

-- One row per owner: the settings as one JSON document (core's Settings).
CREATE TABLE settings (
    owner TEXT NOT NULL PRIMARY KEY,
    body  TEXT NOT NULL
);
