//! The journal store: one [`Store`] for pain check-ins and practice sessions,
//! over SQLite (the default: one local file) or PostgreSQL (clinic mode).
//!
//! # Why sqlx's `Any` driver
//!
//! Both backends run the *same* SQL through [`sqlx::AnyPool`], so there is one
//! implementation to read, review and test, and one story test runs against
//! both (`tests/store/story.rs`). The price is that only types every backend shares
//! may cross the boundary, so the schema sticks to them:
//!
//! - integers are `BIGINT` (SQLite `INTEGER`) and are always decoded as `i64`;
//! - booleans are `0`/`1` integers (`Any` cannot read SQLite's `BOOLEAN`);
//! - UUIDs, dates and zone names are `TEXT`; lists are JSON arrays in `TEXT`;
//! - placeholders are `$1, $2, …`, which SQLite also accepts, numbered in order.
//!
//! Each backend has its own migrations (`migrations/sqlite`, `migrations/postgres`),
//! embedded in the binary and run by [`Store::open`]; they keep the same columns.
//!
//! # Schema
//!
//! Tables `checkins` and `sessions`, one row per record, keyed by the record's
//! UUID (`id`, lowercase hyphenated). An instant (`recorded_at`, `started_at`)
//! is two columns: `*_ms`, UTC milliseconds since the Unix epoch rounded down,
//! and `*_ns`, the nanoseconds within that millisecond, so a record reads back
//! exactly (`==`) as written. `tz` is the IANA zone the person was in, and
//! `local_date` (`YYYY-MM-DD`) the calendar day in that zone, computed by core
//! ([`backcalm_core::CheckIn::local_date`]) on every write and indexed: day
//! queries ([`DayRange`]) ask for the person's own day, right across time zones
//! and daylight-saving changes. `feel` and `regions` hold JSON arrays of core's
//! ids (`["dull-ache"]`, `["lower-back-left"]`). `owner` (always `'local'` for
//! now) leaves room for clinic mode.
//!
//! Everything read back goes through core's checked types ([`backcalm_core::Rating`],
//! [`backcalm_core::TzName`], …); a value that does not fit is
//! [`StoreError::Corrupt`] naming the table and column, never a panic.
//! Deleting a record removes its row.
//!
//! Migration 0002 adds `questionnaire_answers` (answers as a JSON object,
//! the unrounded score as a double), `screens` (the safety screen's answers
//! and the action they called for), `reminders` (`HH:MM` in a zone) and
//! `settings` (one JSON document per owner, core's
//! [`backcalm_core::settings::Settings`]).
//!
//! # Reading a file directly
//!
//! [`JournalFile`] reads check-ins from a local file with rusqlite on the
//! calling thread, for commands that list years of records and exit; it
//! shares the SQL and row decoding with [`Store`] and reads only a journal
//! whose schema is current (see `file.rs` for why it exists).
//!
//! # Files
//!
//! [`Store::open_sqlite_file`] creates missing folders with mode 0700 and the
//! file with mode 0600 before SQLite opens it. SQLite creates its `-wal` and
//! `-shm` side files with the main file's permissions, so they are owner-only
//! as well; the process umask is left alone.

mod answers;
mod backup;
mod checkins;
mod columns;
mod erase;
mod error;
mod file;
mod open;
mod portability;
mod record;
mod reminders;
mod screens;
mod sessions;
mod settings;

pub use answers::{answer_local_date, AnswerFilter};
pub use backup::{restore_sqlite, verify_backup, BackupInfo, BackupOutcome, RestoreOutcome};
pub use erase::DeletedCounts;
pub use error::StoreError;
pub use file::JournalFile;
pub use open::{copy_before_migration, redact};
pub use portability::ImportOutcome;
// Core's record; named here too so the edges' `backcalm_store::ScreenRecord` keeps working.
pub use backcalm_core::safety::ScreenRecord;

use jiff::civil::Date;
use sqlx::AnyPool;

/// The journal: check-ins and session records in SQLite or PostgreSQL.
///
/// Cheap to clone: clones share one connection pool.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
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

    /// A ` WHERE` clause on `local_date` (empty when open-ended) and the dates to bind as `$1, $2`.
    fn sql_filter(&self) -> (String, Vec<String>) {
        let mut clauses = Vec::new();
        let mut dates = Vec::new();
        for (bound, op) in [(self.from, ">="), (self.to, "<=")] {
            if let Some(day) = bound {
                dates.push(day.to_string());
                clauses.push(format!("local_date {op} ${}", dates.len()));
            }
        }
        if clauses.is_empty() {
            (String::new(), dates)
        } else {
            (format!(" WHERE {}", clauses.join(" AND ")), dates)
        }
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

impl Store {
    /// Which database this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// What opening this journal did to its schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Waits for queries in flight, then closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_range_filters_on_local_date_with_numbered_placeholders() {
        assert_eq!(DayRange::all().sql_filter(), (String::new(), vec![]));
        let only_to = DayRange {
            from: None,
            to: Some(date(2026, 3, 29)),
        };
        assert_eq!(
            only_to.sql_filter(),
            (
                " WHERE local_date <= $1".to_string(),
                vec!["2026-03-29".to_string()]
            )
        );
        let both = DayRange::between(date(2026, 3, 1), date(2026, 3, 31));
        assert_eq!(
            both.sql_filter(),
            (
                " WHERE local_date >= $1 AND local_date <= $2".to_string(),
                vec!["2026-03-01".to_string(), "2026-03-31".to_string()]
            )
        );
        assert!(both.contains(date(2026, 3, 31)));
        assert!(!both.contains(date(2026, 4, 1)));
        assert!(DayRange::all().contains(date(1999, 1, 1)));
    }
}
