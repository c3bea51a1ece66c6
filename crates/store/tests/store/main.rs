//! The journal store on SQLite (a file and in memory) and PostgreSQL (a
//! fresh database per run from `BACKCALM_TEST_DATABASE_URL`; without it the
//! PostgreSQL tests fail). One integration binary; `fixtures` holds the
//! records the stories are told with.

mod fixtures;

mod accounts;
mod backup;
mod care_story;
mod hosted_0005;
mod journal_0003;
mod migration;
mod native_types;
mod open;
mod pg_dump;
mod portability;
mod previous_journal;
mod push;
mod rls;
mod story;
mod upgrade_0003;
mod upgrade_0005;
