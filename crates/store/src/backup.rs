//! Backups of a SQLite journal: made online ([`Store::backup_to`]), checked
//! ([`verify_backup`]) and put back ([`restore_sqlite`]).
//!
//! A backup is one self-contained SQLite file (rollback-journal mode, no side
//! files) written by `VACUUM INTO`: a consistent snapshot taken in a read
//! transaction, so `backcalm serve` may keep writing meanwhile. It is written
//! to a hidden temporary file beside the destination, checked, synced, and
//! only then renamed into place: a backup killed halfway leaves the
//! destination as it was (plus, at worst, a `.NAME.*.partial` file to delete).

mod restore;

pub use restore::restore_sqlite;

use crate::open::create_private_dirs;
use crate::{Backend, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The 16 bytes every SQLite 3 database file starts with.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

const MADE_BY_BACKUP: &str = "choose a file made by `backcalm backup`";

/// What a backup file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    /// The newest schema migration applied to it.
    pub schema_version: i64,
    /// Its size in bytes.
    pub bytes: u64,
    /// How many check-ins it holds.
    pub checkins: u64,
    /// How many sessions it holds.
    pub sessions: u64,
    /// How many questionnaire answers it holds.
    pub answers: u64,
}

/// A backup that was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupOutcome {
    /// Where it is.
    pub path: PathBuf,
    /// What it holds (checked after writing).
    pub info: BackupInfo,
}

/// A restore that was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreOutcome {
    /// Where the journal that was replaced was kept
    /// (`<journal>.before-restore-<stamp>`); `None` when there was no journal yet.
    pub kept: Option<PathBuf>,
    /// What the restored journal holds.
    pub restored: BackupInfo,
}

impl Store {
    /// Writes a consistent copy of a SQLite journal to `dest` while it stays
    /// in use, replacing `dest` if it exists.
    ///
    /// `VACUUM INTO` a temporary file beside `dest` (mode 0600), then SQLite's
    /// `PRAGMA integrity_check` on it, then an atomic rename: `dest` is either
    /// the old file or the whole new backup, never half of one. The folder
    /// must exist. A PostgreSQL journal is refused with what to use instead.
    pub async fn backup_to(&self, dest: &Path) -> Result<BackupOutcome, StoreError> {
        let fail = |reason: String| StoreError::Backup {
            path: dest.display().to_string(),
            reason,
        };
        if self.backend() == Backend::Postgres {
            return Err(fail(
                "this journal is in PostgreSQL, which backcalm does not copy file by file; \
                 use `backcalm export --format json` for a copy backcalm can import, \
                 or pg_dump for the whole database"
                    .into(),
            ));
        }
        let (dir, name) = file_in_folder(dest).map_err(fail)?;
        let target = dir.join(&name);
        if let Some(live) = self.sqlite_file().await? {
            if same_file(&live, &target) || is_side_file(&live, &target) {
                return Err(fail(
                    "that is the journal itself; give a path outside it, e.g. journal-backup.db"
                        .into(),
                ));
            }
        }
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partial")
            .tempfile_in(&dir)
            .map_err(|e| fail(format!("cannot create a file in {}: {e}", dir.display())))?;
        let temp_name = sqlite_path(temp.path()).map_err(fail)?;
        // VACUUM INTO accepts an existing file as long as it is empty, which ours is.
        self.sqlite_pool()
            .ok_or_else(|| fail("only a SQLite journal is copied file by file".into()))?
            .run(move |conn| Ok(conn.execute("VACUUM INTO ?1", [temp_name])?))
            .await
            .map_err(|e| {
                fail(format!(
                    "SQLite could not write the copy ({e}); check the free space there"
                ))
            })?;
        let info = settle(temp.path())
            .await
            .map_err(|e| fail(format!("the copy failed its check: {e}; try again")))?;
        temp.as_file()
            .sync_all()
            .map_err(|e| fail(format!("cannot flush the copy to disk: {e}")))?;
        temp.persist(&target)
            .map_err(|e| fail(format!("cannot move the copy into place: {}", e.error)))?;
        sync_folder(&dir);
        Ok(BackupOutcome { path: target, info })
    }

    /// The file of a SQLite journal; `None` in memory or on PostgreSQL.
    pub(crate) async fn sqlite_file(&self) -> Result<Option<PathBuf>, StoreError> {
        let Some(pool) = self.sqlite_pool() else {
            return Ok(None);
        };
        pool.run(|conn| {
            // `file` is empty for an in-memory journal.
            let file: String = conn.query_row(
                "SELECT file FROM pragma_database_list WHERE name = 'main'",
                [],
                |row| row.get(0),
            )?;
            Ok((!file.is_empty()).then(|| PathBuf::from(file)))
        })
        .await
    }

    /// The SQLite pool; `None` on PostgreSQL.
    pub(crate) fn sqlite_pool(&self) -> Option<&crate::db::sqlite::Pool> {
        match &self.db.conn {
            crate::db::Conn::Sqlite(pool) => Some(pool),
            crate::db::Conn::Postgres(_) => None,
        }
    }
}

/// Checks that `path` is a backcalm SQLite backup this build can restore,
/// without changing it, and says what it holds.
///
/// Refused, each with what the file is and what to do: a missing file, a
/// folder, an empty file, a file that is not SQLite (an export is named as
/// one, with the command that reads it), a SQLite database without
/// backcalm's tables, one that fails SQLite's integrity check, and one
/// written by a newer backcalm.
pub async fn verify_backup(path: &Path) -> Result<BackupInfo, StoreError> {
    let file = path.to_path_buf();
    run_blocking(move || check_backup(&file))
        .await
        .map_err(|reason| StoreError::NotABackup {
            path: path.display().to_string(),
            reason,
        })
}

/// [`verify_backup`] on the calling thread: why `path` is not a usable
/// backup, or what it holds.
fn check_backup(path: &Path) -> Result<BackupInfo, String> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file; check the path".to_string(),
        _ => format!("it cannot be read ({e}); check its permissions"),
    })?;
    if meta.is_dir() {
        return Err(format!("it is a folder; {MADE_BY_BACKUP} inside it"));
    }
    let mut head = Vec::with_capacity(512);
    File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .map_err(|e| format!("it cannot be read ({e}); check its permissions"))?;
    if head.is_empty() {
        return Err(format!(
            "the file is empty, so it holds no journal; {MADE_BY_BACKUP}"
        ));
    }
    if !head.starts_with(SQLITE_HEADER) {
        return Err(not_sqlite(&head));
    }
    let conn = open_file(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("SQLite cannot open it ({e}); {MADE_BY_BACKUP}"))?;
    // Bytes 18 and 19 of the header are 2 in WAL mode.
    let wal_mode = head.get(18) == Some(&2);
    // A read-only connection has nothing to flush: dropping it closes it.
    inspect(&conn, meta.len(), wal_mode)
}

/// Opens an existing database file, never creating one and never reading its
/// path as a `file:` URI, waiting up to the store's busy timeout for another connection's lock.
fn open_file(path: &Path, mode: OpenFlags) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(crate::db::sqlite::BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Runs blocking SQLite work on tokio's blocking pool; should it panic, the
/// caller gets a reason to show instead of a crash.
async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        Err(format!(
            "the work on the SQLite file stopped unexpectedly ({e}); try again"
        ))
    })
}

/// What a file that is not SQLite seems to be, and what to do with it.
fn not_sqlite(head: &[u8]) -> String {
    let text = String::from_utf8_lossy(head);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('{') && text.contains("backcalm-export") {
        return "it is a backcalm JSON export, not a backup; bring it back with \
                `backcalm import --format json FILE`"
            .into();
    }
    let first_line = start.lines().next().unwrap_or("");
    if first_line.starts_with("id,") {
        return "it is a CSV export, not a backup; bring it back with `backcalm import`".into();
    }
    let printable = head
        .iter()
        .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || **b >= 0x80)
        .count();
    if std::str::from_utf8(head).is_ok() && printable == head.len() {
        format!("it is a text file, not a SQLite database; {MADE_BY_BACKUP}")
    } else {
        format!(
            "it is not a SQLite database (it does not start with SQLite's file header); \
             {MADE_BY_BACKUP}"
        )
    }
}

/// Integrity, tables and schema version of an open database: why it is not a
/// usable backup, or what it holds.
fn inspect(conn: &Connection, bytes: u64, wal_mode: bool) -> Result<BackupInfo, String> {
    let unreadable =
        |e: rusqlite::Error| format!("SQLite cannot read it as a database ({e}); {MADE_BY_BACKUP}");
    let problems = text_column(conn, "PRAGMA integrity_check").map_err(unreadable)?;
    if problems != ["ok"] {
        let shown: Vec<&str> = problems.iter().take(3).map(String::as_str).collect();
        return Err(format!(
            "it is damaged: SQLite's integrity check found {} problem(s), e.g. {}; \
             use another backup",
            problems.len(),
            shown.join("; ")
        ));
    }
    let tables = text_column(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")
        .map_err(unreadable)?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    if !(has("checkins") && has("sessions") && has("_sqlx_migrations")) {
        // A journal copied while open keeps its latest pages in the -wal file beside it.
        let wal_hint = if wal_mode {
            " (if it is a copy of a journal made while backcalm was running, the copy \
             lacks the journal's -wal file)"
        } else {
            ""
        };
        return Err(format!(
            "it is a SQLite database, but not a backcalm journal: it has no checkins, \
             sessions and schema-version tables{wal_hint}; {MADE_BY_BACKUP}"
        ));
    }
    let version: Option<i64> = conn
        .query_row(
            "SELECT MAX(version) FROM _sqlx_migrations WHERE success",
            [],
            |row| row.get(0),
        )
        .map_err(unreadable)?;
    let version = version.unwrap_or(0);
    let known = crate::migrate::newest(&crate::migrate::SQLITE);
    if version > known {
        return Err(format!(
            "it was made by a newer backcalm (schema version {version}; this backcalm knows \
             up to {known}); upgrade backcalm, then restore it"
        ));
    }
    Ok(BackupInfo {
        schema_version: version,
        bytes,
        checkins: count_rows(conn, "checkins")?,
        sessions: count_rows(conn, "sessions")?,
        // Backups made before questionnaires were stored have no such table.
        answers: if has("questionnaire_answers") {
            count_rows(conn, "questionnaire_answers")?
        } else {
            0
        },
    })
}

/// The first column of every row `sql` returns, as text (a value that is
/// not text reads as empty).
fn text_column(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map([], |row| Ok(row.get::<_, String>(0).unwrap_or_default()))?;
    rows.collect()
}

fn count_rows(conn: &Connection, table: &str) -> Result<u64, String> {
    let n: i64 = conn
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .map_err(|e| format!("SQLite cannot read its {table} ({e}); {MADE_BY_BACKUP}"))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Makes a freshly written copy self-contained (rollback journal, no side
/// files), checks it, and says what it holds.
async fn settle(path: &Path) -> Result<BackupInfo, String> {
    let path = path.to_path_buf();
    run_blocking(move || settle_now(&path)).await
}

/// [`settle`] on the calling thread.
fn settle_now(path: &Path) -> Result<BackupInfo, String> {
    let conn = open_file(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(|e| e.to_string())?;
    // The pragma answers with the new mode, so it is read as a query.
    let result = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
        .map_err(|e| e.to_string())
        .and_then(|()| {
            let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            inspect(&conn, bytes, false)
        });
    conn.close().map_err(|(_, e)| e.to_string())?;
    result
}

/// The folder (resolved, so it exists) and file name of a path to a file.
fn file_in_folder(path: &Path) -> Result<(PathBuf, String), String> {
    if path.is_dir() {
        return Err(format!(
            "{} is a folder; give a file path inside it, such as {}",
            path.display(),
            path.join("journal-backup.db").display()
        ));
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| "give a file path with a name in UTF-8, such as backup.db".to_string())?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(parent).map_err(|e| {
        format!(
            "the folder {} is not there ({e}); create it first",
            parent.display()
        )
    })?;
    Ok((dir, name.to_string()))
}

/// A path as SQLite takes it in `VACUUM INTO`: UTF-8, and never read as a URI.
fn sqlite_path(path: &Path) -> Result<String, String> {
    let text = path
        .to_str()
        .ok_or_else(|| format!("{} is not valid UTF-8; use another folder", path.display()))?;
    // Connections accept `file:` URIs; an absolute path never starts with one.
    if path.is_absolute() {
        Ok(text.to_string())
    } else {
        Ok(format!("./{text}"))
    }
}

fn side_file(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn is_side_file(db: &Path, other: &Path) -> bool {
    ["-wal", "-shm", "-journal"]
        .iter()
        .any(|s| same_file(&side_file(db, s), other))
}

/// Makes a rename in `dir` durable; best effort (not every system can sync a folder).
fn sync_folder(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_and_text_are_named_for_what_they_are() {
        assert!(not_sqlite(b"{\n  \"format\": \"backcalm-export\",").contains("backcalm import"));
        assert!(not_sqlite(b"id,recorded_at,tz,pain\r\n").contains("CSV export"));
        assert!(not_sqlite(b"hello\nthere\n").starts_with("it is a text file"));
        assert!(not_sqlite(&[0, 159, 146, 150, 1, 2]).contains("SQLite's file header"));
    }

    #[tokio::test]
    async fn a_panic_in_blocking_work_is_a_reason_not_a_crash() {
        let why = run_blocking(|| -> Result<(), String> { panic!("a bug in the check") })
            .await
            .expect_err("a panic is an error");
        assert!(why.contains("stopped unexpectedly"), "{why}");
        assert!(why.ends_with("try again"), "{why}");
        assert_eq!(run_blocking(|| Ok(7)).await, Ok(7));
    }

    #[test]
    fn side_files_sit_beside_the_database() {
        assert_eq!(
            side_file(Path::new("/a/journal.db"), "-wal"),
            PathBuf::from("/a/journal.db-wal")
        );
        assert_eq!(
            sqlite_path(Path::new("file:x.db")).as_deref(),
            Ok("./file:x.db")
        );
    }
}
