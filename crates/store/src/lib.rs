//! The journal store: one [`Store`] for pain check-ins, practice sessions,
//! questionnaire answers, safety screens, reminders and settings, over SQLite
//! (the default: one local file) or PostgreSQL (a clinic's or a family's server).
//!
//! # Two backends, each on its own driver
//!
//! SQLite goes through rusqlite: a small pool of connections (`db/sqlite.rs`)
//! whose statements run on tokio's blocking threads, with rows read in place.
//! PostgreSQL goes through sqlx's Postgres driver (`db/postgres.rs`). Callers
//! see one [`Store`] and never the backend. Both run the *same* SQL text
//! (placeholders `$1, $2, …`) over the same table and column names; record
//! code is written once against `db.rs`, whose [`db::Value`] is bound as each
//! backend's own type and whose `StoredRow` reads each backend's row.
//!
//! # Schema
//!
//! One row per record, keyed by the record's UUID (`id`), with the same
//! columns on both databases and each database's natural types:
//!
//! | kind | SQLite | PostgreSQL |
//! |---|---|---|
//! | ids | `TEXT`, lowercase hyphenated | `uuid` |
//! | instants (`recorded_at`, `started_at`, `answered_at`, `taken_at`) | `INTEGER`, microseconds since the Unix epoch, UTC | `timestamptz` |
//! | `local_date` | `TEXT`, `YYYY-MM-DD` | `date` |
//! | flags (`flare`, `completed`) | `INTEGER` 0/1 | `boolean` |
//! | lists and answers (`feel`, `regions`, `answers`, settings' `body`) | JSON `TEXT` | `jsonb` |
//! | ratings and counts | `INTEGER` | `smallint`, `integer` |
//!
//! **Instants are kept to the microsecond**, on both databases: what
//! PostgreSQL's `timestamptz` holds. Core cuts every instant to that precision
//! where it enters ([`backcalm_core::time::PRECISION`]), and the store cuts
//! again when it binds one, so a record reads back exactly (`==`) as written
//! on either backend. Migration 0004 cut the nanoseconds older releases kept.
//!
//! `tz` is the IANA zone the person was in, and `local_date` the calendar day
//! in that zone, computed by core on every write and indexed: day queries
//! ([`DayRange`]) ask for the person's own day, right across time zones and
//! daylight-saving changes. `CHECK` constraints hold the ranges (ratings 0-10).
//!
//! Everything read back goes through core's checked types ([`backcalm_core::Rating`],
//! [`backcalm_core::TzName`], …); a value that does not fit is
//! [`StoreError::Corrupt`] naming the table and column, never a panic.
//! Deleting a record removes its row.
//!
//! # Whose rows: `owner` and row-level security
//!
//! Every table of a person's records has an `owner` column. A personal journal
//! is all `'local'`. On PostgreSQL each statement runs in a transaction that
//! first sets `backcalm.person` to the person the store acts for, and each
//! table's row-level security policy lets a role that is not the tables'
//! owner read and write only that person's rows (migration 0004; the roles
//! are in `deploy/postgres-roles.sql`). SQLite has no such policies: a
//! SQLite journal belongs to whoever can open the file.
//!
//! # Migrations
//!
//! Each backend has its own migrations (`migrations/sqlite`, `migrations/postgres`),
//! embedded in the binary and run by [`Store::open`]; both keep the record of
//! what ran in `_sqlx_migrations`. PostgreSQL's run with sqlx's migrator;
//! SQLite's with rusqlite, in the same table format (`open.rs`). Before the
//! first migration of an existing SQLite file, a copy of it is kept beside it
//! ([`copy_before_migration`]).
//!
//! # Files
//!
//! [`Store::open_sqlite_file`] creates missing folders with mode 0700 and the
//! file with mode 0600 before SQLite opens it. SQLite creates its `-wal` and
//! `-shm` side files with the main file's permissions, so they are owner-only
//! as well; the process umask is left alone.

mod accounts;
mod answers;
mod backup;
mod checkins;
mod columns;
mod db;
mod erase;
mod error;
mod migrate;
mod open;
mod portability;
mod push;
mod record;
mod reminders;
mod screens;
mod sessions;
mod settings;
mod sharing;

pub use accounts::{Account, LinkPurpose, Login, RedeemError};
pub use answers::{answer_local_date, AnswerFilter};
pub use backup::{restore_sqlite, verify_backup, BackupInfo, BackupOutcome, RestoreOutcome};
pub use checkins::Recent;
pub use erase::DeletedCounts;
pub use error::StoreError;
pub use open::{copy_before_migration, redact};
pub use portability::ImportOutcome;
pub use push::{PushKeys, PushSubscription, SavedPush};
pub use sharing::{AuditEntry, Share, ShareError};
// Core's record; named here too so the edges' `backcalm_store::ScreenRecord` keeps working.
pub use backcalm_core::safety::ScreenRecord;

use db::{Db, Value};
use jiff::civil::Date;

/// The journal: check-ins and session records in SQLite or PostgreSQL.
///
/// Cheap to clone: clones share one connection pool.
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    schema: std::sync::Arc<Schema>,
}

/// What opening a journal did to its schema (`backcalm migrate` reports it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    /// The journal's newest migration before it was opened; `None` for a new,
    /// empty journal.
    pub before: Option<i64>,
    /// Its newest migration now: the newest this build ships.
    pub now: i64,
    /// The copy of a SQLite file kept beside it before migrating
    /// ([`copy_before_migration`]), when there is one.
    pub copy: Option<std::path::PathBuf>,
}

/// Which database a [`Store`] keeps its records in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One local SQLite file (the default).
    Sqlite,
    /// A PostgreSQL database (clinic mode).
    Postgres,
}

/// Which local calendar days to list, both ends included; `None` is open-ended.
#[derive(Debug, Clone, Default)]
pub struct DayRange {
    /// The first day, inclusive.
    pub from: Option<Date>,
    /// The last day, inclusive.
    pub to: Option<Date>,
}

impl DayRange {
    /// Every day.
    pub fn all() -> Self {
        DayRange::default()
    }

    /// From `from` to `to`, both included.
    pub fn between(from: Date, to: Date) -> Self {
        DayRange {
            from: Some(from),
            to: Some(to),
        }
    }

    /// One day.
    pub fn day(day: Date) -> Self {
        DayRange::between(day, day)
    }

    /// Whether `day` is in the range.
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

/// The `WHERE` of a statement on a person's rows: the owner first (`$1`),
/// then any further conditions, each with its value.
///
/// Every statement on a person's records names the owner, on both
/// backends: it is what SQLite's indexes lead with, and on PostgreSQL the
/// row-level security policies check the same thing again.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Where {
    clauses: Vec<String>,
    args: Vec<Value>,
}

impl Where {
    /// Rows of `person`.
    pub(crate) fn owner(person: &str) -> Where {
        Where {
            clauses: vec!["owner = $1".to_string()],
            args: vec![Value::text(person)],
        }
    }

    /// And `condition` (a column and an operator, e.g. `local_date >=`) holds for `value`.
    pub(crate) fn and(mut self, condition: &str, value: Value) -> Where {
        self.args.push(value);
        self.clauses
            .push(format!("{condition} ${}", self.args.len()));
        self
    }

    /// And the row's `local_date` is in `range`.
    pub(crate) fn days(self, range: &DayRange) -> Where {
        let from = range.from;
        let to = range.to;
        let with_from = match from {
            Some(day) => self.and("local_date >=", Value::Date(day)),
            None => self,
        };
        match to {
            Some(day) => with_from.and("local_date <=", Value::Date(day)),
            None => with_from,
        }
    }

    /// ` WHERE …`, to append to a statement.
    pub(crate) fn sql(&self) -> String {
        format!(" WHERE {}", self.clauses.join(" AND "))
    }

    /// The values of its placeholders, `$1` first.
    pub(crate) fn into_args(self) -> Vec<Value> {
        self.args
    }
}

/// What an insert did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Insert<T> {
    /// The record is new and was stored.
    Created(T),
    /// A record with the same id and identical content was already stored
    /// (a retried request); nothing changed.
    Existing(T),
}

impl<T> Insert<T> {
    /// The record, however it got there.
    pub fn into_inner(self) -> T {
        match self {
            Insert::Created(t) | Insert::Existing(t) => t,
        }
    }

    /// Whether this call stored it.
    pub fn is_created(&self) -> bool {
        matches!(self, Insert::Created(_))
    }
}

/// The newest schema version this build ships for `backend` (what
/// [`Schema::now`] says after opening a journal there).
pub fn newest_schema(backend: Backend) -> i64 {
    match backend {
        Backend::Sqlite => migrate::newest(&migrate::SQLITE),
        Backend::Postgres => migrate::newest(&migrate::POSTGRES),
    }
}

impl Store {
    /// Which database this store uses.
    pub fn backend(&self) -> Backend {
        match self.db.conn {
            db::Conn::Sqlite(_) => Backend::Sqlite,
            db::Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// What opening this journal did to its schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Waits for queries in flight, then closes every connection.
    pub async fn close(&self) {
        self.db.close().await;
    }

    /// The filter on this store's person's rows.
    pub(crate) fn mine(&self) -> Where {
        Where::owner(self.db.person())
    }

    /// How many of the person's rows `table` holds (for the store's own tables only).
    pub(crate) async fn count(&self, table: &'static str) -> Result<u64, StoreError> {
        let mine = self.mine();
        let sql = format!("SELECT COUNT(*) AS n FROM {table}{}", mine.sql());
        let n = self.db.fetch(sql, mine.into_args(), count_row).await?;
        Ok(n.first().copied().unwrap_or(0))
    }
}

pub(crate) fn count_row(row: &dyn db::StoredRow) -> Result<u64, StoreError> {
    let n = row
        .int("n")
        .map_err(|e| StoreError::Worker(format!("a count could not be read: {e}")))?;
    Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn filters_name_the_owner_then_the_days_with_numbered_placeholders() {
        let all = Where::owner("local").days(&DayRange::all());
        assert_eq!(all.sql(), " WHERE owner = $1");
        assert_eq!(all.into_args(), vec![Value::text("local")]);
        let only_to = DayRange {
            from: None,
            to: Some(date(2026, 3, 29)),
        };
        let w = Where::owner("local").days(&only_to);
        assert_eq!(w.sql(), " WHERE owner = $1 AND local_date <= $2");
        assert_eq!(
            w.into_args(),
            vec![Value::text("local"), Value::Date(date(2026, 3, 29))]
        );
        let both = DayRange::between(date(2026, 3, 1), date(2026, 3, 31));
        let w = Where::owner("a")
            .days(&both)
            .and("instrument =", Value::text("peg-3"));
        assert_eq!(
            w.sql(),
            " WHERE owner = $1 AND local_date >= $2 AND local_date <= $3 AND instrument = $4"
        );
        assert!(both.contains(date(2026, 3, 31)));
        assert!(!both.contains(date(2026, 4, 1)));
        assert!(DayRange::all().contains(date(1999, 1, 1)));
    }
}
