//! Reading a local journal file in place, on the calling thread.
//!
//! sqlx's SQLite driver runs each statement on a worker thread, copies every
//! value of every row, sends the rows across a channel one at a time, and the
//! `Any` driver then converts each row again. For a command that reads years of
//! check-ins and exits (`backcalm history --json` on 10,000 of them) that was
//! most of its run time. [`JournalFile`] reads the same file with rusqlite
//! instead, with the same SQL and the same row decoding ([`crate::columns`]) as
//! [`crate::Store`], so both give identical records (`tests/store/file.rs`).
//!
//! It never writes and never migrates: [`JournalFile::open`] returns `None`
//! for a journal whose schema is not exactly the one this build ships, and the
//! caller opens a [`crate::Store`] instead, which brings the schema up to date
//! or says why it cannot.

use crate::columns::NamedRow;
use crate::open::latest_sqlite_migration;
use crate::{checkins, DayRange, StoreError};
use backcalm_core::CheckIn;
use rusqlite::{params_from_iter, Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// How long a read waits for another process's write to finish, as [`crate::Store`] does.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A local SQLite journal opened for reading only.
#[derive(Debug)]
pub struct JournalFile {
    conn: Connection,
}

impl JournalFile {
    /// Opens an existing journal file for reading.
    ///
    /// `Ok(None)` when the file is a backcalm journal whose schema is older or
    /// newer than this build's (or was never migrated): open a
    /// [`crate::Store`] to bring it up to date. A missing file, or one that is
    /// not a database, is an error naming the file.
    pub fn open(path: &Path) -> Result<Option<JournalFile>, StoreError> {
        let fail = |e: rusqlite::Error| StoreError::Open {
            location: path.display().to_string(),
            reason: format!("{e}; check that the file is a backcalm journal you can read"),
        };
        // Read-write without CREATE: a missing file is an error rather than a
        // new empty journal, and the WAL index can be shared with a writer as
        // any connection would. `query_only` keeps this handle from writing.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        conn.execute_batch("PRAGMA query_only = ON;")
            .map_err(fail)?;
        let has_migrations: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master \
                 WHERE type = 'table' AND name = '_sqlx_migrations')",
                [],
                |row| row.get(0),
            )
            .map_err(fail)?;
        if !has_migrations {
            return Ok(None);
        }
        let applied: Option<i64> = conn
            .query_row(
                "SELECT MAX(version) FROM _sqlx_migrations WHERE success",
                [],
                |row| row.get(0),
            )
            .map_err(fail)?;
        let pending: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM _sqlx_migrations WHERE NOT success",
                [],
                |row| row.get(0),
            )
            .map_err(fail)?;
        if applied != Some(latest_sqlite_migration()) || pending > 0 {
            return Ok(None);
        }
        Ok(Some(JournalFile { conn }))
    }

    /// The check-ins whose local day is in `range`, in the same order as
    /// [`crate::Store::checkins`]: day by day, and within a day oldest first.
    pub fn checkins(&self, range: &DayRange) -> Result<Vec<CheckIn>, StoreError> {
        let (sql, dates) = checkins::list_sql(range);
        let mut statement = self.conn.prepare(&sql)?;
        let names: Vec<String> = statement
            .column_names()
            .into_iter()
            .map(str::to_string)
            .collect();
        let mut rows = statement.query(params_from_iter(dates))?;
        let mut found = Vec::new();
        while let Some(row) = rows.next()? {
            found.push(checkins::from_row(&NamedRow { row, names: &names })?);
        }
        Ok(found)
    }
}
