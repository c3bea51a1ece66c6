-- A check-in can be marked as a flare-up (PostgreSQL).
--
-- Kept in step with migrations/sqlite/0003_checkin_flare.sql: a 0/1 flag like
-- every flag of 0001; check-ins stored before this migration are not flares.

ALTER TABLE checkins ADD COLUMN flare BIGINT NOT NULL DEFAULT 0 CHECK (flare IN (0, 1));
