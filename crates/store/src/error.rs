//! What can go wrong in the journal store, each with what to do about it.

use uuid::Uuid;

/// An error from the journal store.
#[derive(thiserror::Error, Debug)]
pub enum StoreError {
    /// A record with this id is already stored with different content.
    #[error(
        "a record with id {id} is already stored with different content; \
         update that record instead, or give the new one a new id"
    )]
    Conflict {
        /// The id both records share.
        id: Uuid,
    },

    /// Another writer kept creating and deleting the same id while we inserted it.
    #[error(
        "record {id} was being created and deleted by someone else at the same time; try again"
    )]
    Contended {
        /// The id being inserted.
        id: Uuid,
    },

    /// The database could not be opened, created or brought up to date.
    #[error("cannot open the journal at {location}: {reason}")]
    Open {
        /// Where: a file path or a database URL with any password hidden.
        location: String,
        /// What went wrong and what to do.
        reason: String,
    },

    /// The PostgreSQL database failed while running a query.
    #[error(
        "the journal database failed: {0}; check that the database server \
         is running and reachable, then try again"
    )]
    Database(#[from] sqlx::Error),

    /// The SQLite journal file failed while running a query.
    #[error(
        "the journal file failed: {0}; check that the disk is not full or read-only \
         and no other program is changing the file, then try again"
    )]
    Sqlite(#[from] rusqlite::Error),

    /// The thread running a SQLite statement stopped, or the journal was closed.
    #[error("the journal could not run the request: {0}; try again")]
    Worker(String),

    /// A backup could not be made; nothing was written at the destination.
    #[error("cannot back up the journal to {path}: {reason}")]
    Backup {
        /// The destination asked for.
        path: String,
        /// What went wrong and what to do.
        reason: String,
    },

    /// A file offered as a backup is not one backcalm can restore.
    #[error("{path} cannot be restored: {reason}")]
    NotABackup {
        /// The file offered.
        path: String,
        /// What the file is and what to do instead.
        reason: String,
    },

    /// Restoring a backup failed; the reason says what state the journal was left in.
    #[error("cannot restore the journal at {path}: {reason}")]
    Restore {
        /// The live journal file.
        path: String,
        /// What went wrong and what to do.
        reason: String,
    },

    /// Every record was deleted, but deleted data may still be readable in the file.
    #[error("every record was deleted, but {reason}")]
    Scrub {
        /// What kept the old data and what to do.
        reason: String,
    },

    /// A stored value is not valid: the database was changed outside backcalm.
    #[error(
        "the journal holds an invalid value in {table}.{column} of record {id}: {problem}; \
         it was changed outside backcalm. Fix or delete that row, or restore a backup"
    )]
    Corrupt {
        /// The table (`checkins` or `sessions`).
        table: &'static str,
        /// The column holding the bad value.
        column: &'static str,
        /// The record's id as stored (it may itself be the bad value).
        id: String,
        /// What is wrong with the value.
        problem: String,
    },
}
