-- PostgreSQL's own types, one instant column to the microsecond, and
-- row-level security by person (PostgreSQL).
--
-- Issue #12: the store leaves sqlx's `Any` driver, so each backend keeps its
-- own types. migrations/sqlite/0004_native_types.sql has the same tables
-- and column names. The tables are altered in place; every row is kept.
--
-- Types: ids uuid; ratings smallint; minutes, actual_s integer; flags
-- boolean (the type is the 0/1 CHECK now); lists (feel, regions) jsonb
-- arrays and answers, settings.body jsonb objects, each with a CHECK on its
-- shape; local_date date (the COLLATE "C" served only text dates and goes
-- with the text); local_time keeps its text with a CHECK for HH:MM. Every
-- other CHECK, NOT NULL and default of 0001-0003 stays.
--
-- Instants: each *_ms + *_ns pair becomes one timestamptz, exact to the
-- microsecond (project rule): ms * 1000 + ns / 1000 microseconds since the
-- epoch, ns being 0-999999 so that the division is the floor. The value is
-- built from whole days plus the microseconds left over, on a timestamp
-- without zone, then read as UTC: integers all the way, so no rounding and
-- nothing that depends on the session's TimeZone. (Double-precision seconds
-- would lose the microsecond, and even double microseconds round past about
-- 285 years from 1970.) 1774744200123 ms + 456789 ns reads back
-- 2026-03-29 00:30:00.123456+00, -1 ms + 999999 ns 1969-12-31 23:59:59.999999+00
-- (tests/store/rls.rs checks both).
--
-- Owners: owner's default is the person the transaction is for
-- (`SELECT set_config('backcalm.person', $1, true)`, which the store runs
-- first in every transaction); inserting without it set is an error rather
-- than a row of nobody's. owner <> '' because a transaction-local setting
-- reads '' (not NULL) later on the same connection, and '' must match no row.
--
-- Row-level security: every table of a person's records lets a role that is
-- subject to it (the server's, in hosted mode: deploy/postgres-roles.sql) see
-- and write only rows whose owner is the person set for the transaction; no
-- person set -> NULL or '' -> no rows. ENABLE, not FORCE: the tables' owner,
-- the role that runs migrations and the one local single-user mode connects
-- as, keeps its access.
--
-- Indexes lead with the owner (the policy's `owner = current_setting(...)`,
-- or the store's own `owner = $1`), then the day, then the instant, then the
-- id (the store's order, so an ordered index scan needs no sort).
-- EXPLAIN ANALYZE, PostgreSQL 15, after ANALYZE; in each table 10,000 rows of
-- person A over ten years (about 3 a day) and 10,000 of person B; queries
-- as a role under row-level security with person A set:
--   check-ins of one year, WHERE local_date >= $1 AND local_date <= $2
--   ORDER BY local_date, recorded_at, id (1,002 rows)
--     -> Bitmap Index Scan on checkins_by_owner_day, Index Cond: owner =
--        current_setting(...) AND the date range; quicksort 118 kB; 0.52 ms
--        (without the index: Seq Scan, 18,998 rows filtered out, 1.85 ms)
--   every check-in of A (10,000 rows): the planner takes Seq Scan + Sort,
--     6.1 ms; the index scan it passes over (no sort) ran in 2.1 ms
--   last 7 days for the safety screen, SELECT local_date, count(*),
--   max(pain) ... WHERE local_date >= $1 GROUP BY local_date (20 rows)
--     -> Bitmap Index Scan on checkins_by_owner_day (owner, local_date >= $1)
--        + GroupAggregate, 0.055 ms (without the index: Seq Scan, 0.89 ms);
--        the latest 20 (ORDER BY local_date DESC, recorded_at DESC LIMIT 20)
--        likewise, 0.023 ms
--   sessions of one year -> Bitmap Index Scan on sessions_by_owner_day, 0.34 ms
--   PEG-3 answers (3,334 rows), WHERE instrument = $1 ORDER BY local_date,
--   answered_at, id -> Bitmap Index Scan on questionnaire_answers_by_owner_day
--     (owner, instrument), 1.8 ms; of one year, 334 rows, 0.13 ms
--   latest screen, ORDER BY taken_at DESC LIMIT 1
--     -> Index Scan Backward using screens_by_owner_time, 1 row, 0.032 ms
--        (without the index: Seq Scan + top-N sort of 10,000 rows, 7.7 ms)
--   by id (SELECT, UPDATE, DELETE, ON CONFLICT (id)) -> the primary key,
--     with the policy as a filter on the one row.
-- As the tables' owner (no policy applied) a query naming the owner is an
-- Index Only Scan (0.24 ms for the year); one that does not cannot use the
-- owner-first index (Seq Scan + Sort, 1.8 ms), so the store names the owner.

-- Microseconds since the epoch (ms, ns) -> timestamptz, as described above:
--   (timestamp 'epoch' + (ms / 86400000) * interval '1 day'
--      + ((ms % 86400000) * 1000 + ns / 1000) * interval '1 microsecond') AT TIME ZONE 'UTC'
-- Both divisions truncate toward zero together, so days * 86400000 + rest = ms
-- for negative ms too; each factor is an exact integer well inside a double.

-- Check-ins ------------------------------------------------------------------

DROP INDEX checkins_by_day;

ALTER TABLE checkins
    DROP CONSTRAINT checkins_flare_check,
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN owner SET DEFAULT current_setting('backcalm.person'),
    ADD CONSTRAINT checkins_owner_check CHECK (owner <> ''),
    ALTER COLUMN recorded_at_ms TYPE timestamptz USING
        (timestamp 'epoch' + (recorded_at_ms / 86400000) * interval '1 day'
         + ((recorded_at_ms % 86400000) * 1000 + recorded_at_ns / 1000) * interval '1 microsecond')
        AT TIME ZONE 'UTC',
    ALTER COLUMN local_date TYPE date USING local_date::date,
    ALTER COLUMN pain TYPE smallint,
    ALTER COLUMN stress TYPE smallint,
    ALTER COLUMN sleep TYPE smallint,
    ALTER COLUMN feel DROP DEFAULT,
    ALTER COLUMN feel TYPE jsonb USING feel::jsonb,
    ALTER COLUMN feel SET DEFAULT '[]'::jsonb,
    ADD CONSTRAINT checkins_feel_check CHECK (jsonb_typeof(feel) = 'array'),
    ALTER COLUMN regions DROP DEFAULT,
    ALTER COLUMN regions TYPE jsonb USING regions::jsonb,
    ALTER COLUMN regions SET DEFAULT '[]'::jsonb,
    ADD CONSTRAINT checkins_regions_check CHECK (jsonb_typeof(regions) = 'array'),
    ALTER COLUMN flare DROP DEFAULT,
    ALTER COLUMN flare TYPE boolean USING flare <> 0,
    ALTER COLUMN flare SET DEFAULT false;

ALTER TABLE checkins DROP COLUMN recorded_at_ns;
ALTER TABLE checkins RENAME COLUMN recorded_at_ms TO recorded_at;

CREATE INDEX checkins_by_owner_day ON checkins (owner, local_date, recorded_at, id);

-- Sessions -------------------------------------------------------------------

DROP INDEX sessions_by_day;

ALTER TABLE sessions
    DROP CONSTRAINT sessions_completed_check,
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN owner SET DEFAULT current_setting('backcalm.person'),
    ADD CONSTRAINT sessions_owner_check CHECK (owner <> ''),
    ALTER COLUMN minutes TYPE integer,
    ALTER COLUMN started_at_ms TYPE timestamptz USING
        (timestamp 'epoch' + (started_at_ms / 86400000) * interval '1 day'
         + ((started_at_ms % 86400000) * 1000 + started_at_ns / 1000) * interval '1 microsecond')
        AT TIME ZONE 'UTC',
    ALTER COLUMN local_date TYPE date USING local_date::date,
    ALTER COLUMN actual_s TYPE integer,
    ALTER COLUMN completed TYPE boolean USING completed <> 0,
    ALTER COLUMN pain_before TYPE smallint,
    ALTER COLUMN pain_after TYPE smallint,
    ALTER COLUMN stress_before TYPE smallint,
    ALTER COLUMN stress_after TYPE smallint,
    ALTER COLUMN pleasantness TYPE smallint,
    ALTER COLUMN regions DROP DEFAULT,
    ALTER COLUMN regions TYPE jsonb USING regions::jsonb,
    ALTER COLUMN regions SET DEFAULT '[]'::jsonb,
    ADD CONSTRAINT sessions_regions_check CHECK (jsonb_typeof(regions) = 'array');

ALTER TABLE sessions DROP COLUMN started_at_ns;
ALTER TABLE sessions RENAME COLUMN started_at_ms TO started_at;

CREATE INDEX sessions_by_owner_day ON sessions (owner, local_date, started_at, id);

-- Questionnaire answers --------------------------------------------------------

DROP INDEX questionnaire_answers_by_day;

ALTER TABLE questionnaire_answers
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN owner SET DEFAULT current_setting('backcalm.person'),
    ADD CONSTRAINT questionnaire_answers_owner_check CHECK (owner <> ''),
    ALTER COLUMN answered_at_ms TYPE timestamptz USING
        (timestamp 'epoch' + (answered_at_ms / 86400000) * interval '1 day'
         + ((answered_at_ms % 86400000) * 1000 + answered_at_ns / 1000) * interval '1 microsecond')
        AT TIME ZONE 'UTC',
    ALTER COLUMN local_date TYPE date USING local_date::date,
    ALTER COLUMN answers TYPE jsonb USING answers::jsonb,
    ADD CONSTRAINT questionnaire_answers_answers_check CHECK (jsonb_typeof(answers) = 'object');

ALTER TABLE questionnaire_answers DROP COLUMN answered_at_ns;
ALTER TABLE questionnaire_answers RENAME COLUMN answered_at_ms TO answered_at;

CREATE INDEX questionnaire_answers_by_owner_day
    ON questionnaire_answers (owner, instrument, local_date, answered_at, id);

-- Screens ----------------------------------------------------------------------

DROP INDEX screens_by_time;

ALTER TABLE screens
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN owner SET DEFAULT current_setting('backcalm.person'),
    ADD CONSTRAINT screens_owner_check CHECK (owner <> ''),
    ALTER COLUMN taken_at_ms TYPE timestamptz USING
        (timestamp 'epoch' + (taken_at_ms / 86400000) * interval '1 day'
         + ((taken_at_ms % 86400000) * 1000 + taken_at_ns / 1000) * interval '1 microsecond')
        AT TIME ZONE 'UTC',
    ALTER COLUMN local_date TYPE date USING local_date::date,
    ALTER COLUMN answers TYPE jsonb USING answers::jsonb,
    ADD CONSTRAINT screens_answers_check CHECK (jsonb_typeof(answers) = 'object');

ALTER TABLE screens DROP COLUMN taken_at_ns;
ALTER TABLE screens RENAME COLUMN taken_at_ms TO taken_at;

CREATE INDEX screens_by_owner_time ON screens (owner, taken_at);

-- Reminders and settings ---------------------------------------------------------

ALTER TABLE reminders
    ALTER COLUMN id TYPE uuid USING id::uuid,
    ALTER COLUMN owner SET DEFAULT current_setting('backcalm.person'),
    ADD CONSTRAINT reminders_owner_check CHECK (owner <> ''),
    ADD CONSTRAINT reminders_local_time_check
        CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');

ALTER TABLE settings
    ALTER COLUMN owner SET DEFAULT current_setting('backcalm.person'),
    ADD CONSTRAINT settings_owner_check CHECK (owner <> ''),
    ALTER COLUMN body TYPE jsonb USING body::jsonb,
    ADD CONSTRAINT settings_body_check CHECK (jsonb_typeof(body) = 'object');

-- Row-level security ---------------------------------------------------------------

ALTER TABLE checkins ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_rows ON checkins
    USING (owner = current_setting('backcalm.person', true))
    WITH CHECK (owner = current_setting('backcalm.person', true));

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_rows ON sessions
    USING (owner = current_setting('backcalm.person', true))
    WITH CHECK (owner = current_setting('backcalm.person', true));

ALTER TABLE questionnaire_answers ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_rows ON questionnaire_answers
    USING (owner = current_setting('backcalm.person', true))
    WITH CHECK (owner = current_setting('backcalm.person', true));

ALTER TABLE screens ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_rows ON screens
    USING (owner = current_setting('backcalm.person', true))
    WITH CHECK (owner = current_setting('backcalm.person', true));

ALTER TABLE reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_rows ON reminders
    USING (owner = current_setting('backcalm.person', true))
    WITH CHECK (owner = current_setting('backcalm.person', true));

ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_rows ON settings
    USING (owner = current_setting('backcalm.person', true))
    WITH CHECK (owner = current_setting('backcalm.person', true));
