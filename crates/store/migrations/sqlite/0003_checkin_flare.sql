-- A check-in can be marked as a flare-up (SQLite).
--
-- Kept in step with migrations/postgres/0003_checkin_flare.sql. A 0/1 flag
-- like every flag of 0001; check-ins stored before this migration are not
-- flares. Before this runs on an existing file, the store keeps a copy of it
-- beside the journal (`<journal>.before-0003.bak`; see open.rs).

ALTER TABLE checkins ADD COLUMN flare INTEGER NOT NULL DEFAULT 0 CHECK (flare IN (0, 1));
