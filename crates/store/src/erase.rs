//! Deleting everything the journal holds, so that none of it can be read
//! back from the database file afterwards.

use crate::db::Conn;
use crate::{Store, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use std::time::Duration;

/// Every table that holds the person's records, in the order they are emptied.
/// `_sqlx_migrations` (the schema version) is all that stays.
const JOURNAL_TABLES: [&str; 6] = [
    "checkins",
    "sessions",
    "questionnaire_answers",
    "screens",
    "reminders",
    "settings",
];

/// How many rows [`Store::delete_everything`] deleted, per table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeletedCounts {
    /// Pain check-ins.
    pub checkins: u64,
    /// Practice sessions.
    pub sessions: u64,
    /// Questionnaire answers.
    pub answers: u64,
    /// Safety screens.
    pub screens: u64,
    /// Reminders.
    pub reminders: u64,
    /// Saved settings (0 or 1 for a personal journal).
    pub settings: u64,
}

impl DeletedCounts {
    /// All rows deleted.
    pub fn total(&self) -> u64 {
        self.checkins + self.sessions + self.answers + self.screens + self.reminders + self.settings
    }
}

/// A `wal_checkpoint(TRUNCATE)` waits out readers with the busy timeout; a
/// reader that stays longer (a server streaming a page) gets a few more chances.
const CHECKPOINT_TRIES: u32 = 5;

impl Store {
    /// Deletes every row of every journal table in one transaction.
    ///
    /// On SQLite the deleted content is then scrubbed from the file: the rows
    /// are deleted with `PRAGMA secure_delete = ON` (freed space overwritten
    /// with zeros), `VACUUM` rebuilds the file without free pages, and
    /// `PRAGMA wal_checkpoint(TRUNCATE)` writes that into the main file and
    /// empties the write-ahead log. If another program keeps the log busy,
    /// the rows are deleted but [`StoreError::Scrub`] says to run it again
    /// once that program is closed. On PostgreSQL the person's rows are
    /// deleted; the server reclaims their space on its own schedule (`VACUUM`).
    pub async fn delete_everything(&self) -> Result<DeletedCounts, StoreError> {
        let (deleted, scrubbed) = match &self.db.conn {
            Conn::Sqlite(pool) => {
                let person = self.db.person().to_string();
                pool.run(move |conn| delete_and_scrub(conn, &person))
                    .await?
            }
            Conn::Postgres(_) => {
                let mut tx = self.db.begin().await?;
                let mut deleted = [0u64; JOURNAL_TABLES.len()];
                for (n, table) in deleted.iter_mut().zip(JOURNAL_TABLES) {
                    let mine = self.mine();
                    let sql = format!("DELETE FROM {table}{}", mine.sql());
                    *n = tx.execute(sql, mine.into_args()).await?;
                }
                tx.commit().await?;
                (deleted, true)
            }
        };
        if !scrubbed {
            return Err(StoreError::Scrub {
                reason: "another program reading the journal (is `backcalm serve` running?) \
                         kept old pages in its write-ahead log; close it and run \
                         delete-everything again to scrub them"
                    .into(),
            });
        }
        let [checkins, sessions, answers, screens, reminders, settings] = deleted;
        Ok(DeletedCounts {
            checkins,
            sessions,
            answers,
            screens,
            reminders,
            settings,
        })
    }
}

/// SQLite: deletes every row with `secure_delete` on, then `VACUUM` and a
/// truncating checkpoint; whether the checkpoint got the whole log.
fn delete_and_scrub(
    conn: &mut Connection,
    person: &str,
) -> Result<([u64; JOURNAL_TABLES.len()], bool), StoreError> {
    // Per connection; this one does the deleting.
    conn.pragma_update(None, "secure_delete", "ON")?;
    let mut deleted = [0u64; JOURNAL_TABLES.len()];
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (n, table) in deleted.iter_mut().zip(JOURNAL_TABLES) {
        let changed = tx.execute(&format!("DELETE FROM {table} WHERE owner = ?1"), [person])?;
        *n = u64::try_from(changed).unwrap_or(0);
    }
    tx.commit()?;
    conn.execute_batch("VACUUM")?;
    for attempt in 1..=CHECKPOINT_TRIES {
        // (busy, log frames, checkpointed frames); busy = 1 means a reader held the log.
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
        if busy == 0 {
            return Ok((deleted, true));
        }
        if attempt < CHECKPOINT_TRIES {
            // On a blocking thread: waiting here holds no async worker.
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    Ok((deleted, false))
}
