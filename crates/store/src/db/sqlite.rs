//! SQLite through rusqlite: a small pool of connections, each statement run on
//! tokio's blocking threads, rows read in place.
//!
//! Why a pool of our own (about sixty lines) rather than a pool crate: a
//! journal needs a handful of connections, each opened with our settings
//! (WAL, busy timeout, foreign keys) and handed back as it is. The crates
//! built for this (deadpool-sqlite, r2d2_sqlite) run an extra query on every
//! checkout to test the connection, or cannot set a connection up without a
//! hook of their own; a SQLite connection to a local file does not go stale.

use super::{micros, Decode, StoredRow, Value};
use crate::StoreError;
use backcalm_core::TzName;
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, ToSql};
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use uuid::Uuid;

/// Settings every connection gets. WAL lets the web server read while a
/// write is under way; NORMAL is durable in WAL mode except for the last
/// commits on power loss; foreign keys are off in SQLite unless asked for.
/// A page cache of 32 MiB (SQLite's default is 2 MiB) holds ten years of a
/// journal, so reading all of it does not go back to the file page by page,
/// and up to 256 MiB of the file is read through memory mapping rather than
/// a `pread` per page: together most of the kernel's share of the insights.
const SETTINGS: &str = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                        PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456;";

/// How long a statement waits for another writer (another process, too).
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A personal journal has one writer at a time; a few readers are plenty on 2 cores.
const MAX_CONNECTIONS: usize = 4;

/// Where the connections go.
#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    /// A private in-memory database: one connection, kept for the pool's life.
    Memory,
}

/// A pool of connections to one SQLite database. Cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct Pool {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    source: Source,
    idle: Mutex<Vec<Connection>>,
    /// One permit per connection that may be in use at once.
    permits: Arc<Semaphore>,
    size: usize,
}

impl Pool {
    /// A pool for the file at `path` (which must exist); opens one connection
    /// now, so a file that is not a database fails here with SQLite's reason.
    pub(crate) fn file(path: PathBuf) -> Result<Pool, rusqlite::Error> {
        let first = open(&Source::File(path.clone()))?;
        // The journal mode is kept in the file: set once, on the first connection.
        first.pragma_update(None, "journal_mode", "WAL")?;
        Ok(Pool::with(Source::File(path), first, MAX_CONNECTIONS))
    }

    /// A private in-memory journal (each new connection would be a new, empty database).
    pub(crate) fn memory() -> Result<Pool, rusqlite::Error> {
        let only = open(&Source::Memory)?;
        Ok(Pool::with(Source::Memory, only, 1))
    }

    fn with(source: Source, first: Connection, size: usize) -> Pool {
        Pool {
            inner: Arc::new(Inner {
                source,
                idle: Mutex::new(vec![first]),
                permits: Arc::new(Semaphore::new(size)),
                size,
            }),
        }
    }

    /// Runs `f` on a connection of the pool, on tokio's blocking threads.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let permit = self.permit().await?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let mut conn = inner.take()?;
            let out = f(&mut conn);
            inner.give_back(conn);
            drop(permit);
            out
        })
        .await
        .map_err(|e| StoreError::Worker(e.to_string()))?
    }

    /// A connection held for a transaction (`BEGIN IMMEDIATE`: it takes the
    /// write lock now, so two writers wait for each other instead of failing
    /// halfway with "database is locked").
    pub(crate) async fn begin(&self) -> Result<Held, StoreError> {
        let permit = self.permit().await?;
        let inner = Arc::clone(&self.inner);
        let conn = tokio::task::spawn_blocking(move || {
            let conn = inner.take()?;
            match conn.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => Ok(conn),
                Err(e) => {
                    inner.give_back(conn);
                    Err(StoreError::Sqlite(e))
                }
            }
        })
        .await
        .map_err(|e| StoreError::Worker(e.to_string()))??;
        Ok(Held {
            conn: Some(conn),
            pool: self.clone(),
            _permit: permit,
        })
    }

    /// Waits until no connection is in use, then closes them all; later calls fail.
    pub(crate) async fn close(&self) {
        let all = u32::try_from(self.inner.size).unwrap_or(u32::MAX);
        if let Ok(permits) = self.inner.permits.acquire_many(all).await {
            self.inner.idle().clear();
            self.inner.permits.close();
            drop(permits);
        }
    }

    async fn permit(&self) -> Result<OwnedSemaphorePermit, StoreError> {
        Arc::clone(&self.inner.permits)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Worker("the journal was closed".into()))
    }
}

impl Inner {
    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Connection>> {
        // A panic while holding the list cannot leave it half-changed: push and pop only.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An idle connection, or a new one (never more than the permits allow).
    fn take(&self) -> Result<Connection, StoreError> {
        if let Some(conn) = self.idle().pop() {
            return Ok(conn);
        }
        match self.source {
            Source::File(_) => Ok(open(&self.source)?),
            Source::Memory => Err(StoreError::Worker(
                "the in-memory journal's connection was lost".into(),
            )),
        }
    }

    fn give_back(&self, conn: Connection) {
        // A connection left inside a transaction (a failed COMMIT) is not reused.
        if conn.is_autocommit() {
            self.idle().push(conn);
        }
    }
}

fn open(source: &Source) -> Result<Connection, rusqlite::Error> {
    // Read-write without CREATE: `Store::open_sqlite_file` created the file
    // with owner-only permissions first.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match source {
        Source::File(path) => Connection::open_with_flags(path, flags)?,
        Source::Memory => Connection::open_in_memory()?,
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(SETTINGS)?;
    Ok(conn)
}

/// A connection inside a transaction, taken out of the pool until the
/// transaction ends. Each statement still runs on the blocking threads.
pub(crate) struct Held {
    conn: Option<Connection>,
    pool: Pool,
    _permit: OwnedSemaphorePermit,
}

impl Held {
    pub(crate) async fn run<T: Send + 'static>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let Some(mut conn) = self.conn.take() else {
            return Err(StoreError::Worker(
                "the transaction's connection was lost".into(),
            ));
        };
        let (conn, out) = tokio::task::spawn_blocking(move || {
            let out = f(&mut conn);
            (conn, out)
        })
        .await
        .map_err(|e| StoreError::Worker(e.to_string()))?;
        self.conn = Some(conn);
        out
    }

    /// Ends the transaction with `COMMIT` or `ROLLBACK` and hands the connection back.
    pub(crate) async fn finish(mut self, end: &'static str) -> Result<(), StoreError> {
        self.run(move |conn| Ok(conn.execute_batch(end)?)).await
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            if !conn.is_autocommit() {
                // Dropped mid-transaction (an error or a cancelled request):
                // undo it. Quick, and only on that path.
                let _ = conn.execute_batch("ROLLBACK");
            }
            self.pool.inner.give_back(conn);
        }
    }
}

/// Every row of `sql`, each read by `decode`.
pub(crate) fn fetch<T>(
    conn: &mut Connection,
    sql: &str,
    args: &[Value],
    decode: Decode<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    bind(&mut stmt, args)?;
    let names = Names::of(&stmt);
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(decode(&NamedRow { row, names: &names })?);
    }
    Ok(out)
}

/// Runs `sql`; how many rows it changed.
pub(crate) fn execute(conn: &mut Connection, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    bind(&mut stmt, args)?;
    let changed = stmt.raw_execute()?;
    Ok(u64::try_from(changed).unwrap_or(0))
}

/// Binds `args` to the statement's `$N` placeholders by number, wherever and
/// however often each appears (SQLite numbers parameters by first appearance).
fn bind(stmt: &mut rusqlite::CachedStatement<'_>, args: &[Value]) -> Result<(), StoreError> {
    for index in 1..=stmt.parameter_count() {
        let name = stmt.parameter_name(index).unwrap_or_default();
        let value = name
            .strip_prefix('$')
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| args.get(n.checked_sub(1)?))
            .ok_or_else(|| {
                StoreError::Worker(format!(
                    "the statement's placeholder {name:?} has no value (a bug in backcalm)"
                ))
            })?;
        stmt.raw_bind_parameter(index, value)?;
    }
    Ok(())
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        use rusqlite::types::Value as Sql;
        Ok(match self {
            Value::Int(Some(i)) => ToSqlOutput::from(*i),
            Value::Text(Some(s)) => ToSqlOutput::from(s.as_str()),
            Value::Int(None) | Value::Text(None) => ToSqlOutput::Owned(Sql::Null),
            Value::Real(r) => ToSqlOutput::from(*r),
            Value::Bool(b) => ToSqlOutput::from(i64::from(*b)),
            Value::Uuid(u) => ToSqlOutput::Owned(Sql::Text(u.to_string())),
            Value::Instant(t) => ToSqlOutput::from(micros(*t)),
            Value::Date(d) => ToSqlOutput::Owned(Sql::Text(d.to_string())),
            Value::Json(j) => ToSqlOutput::Owned(Sql::Text(j.to_string())),
        })
    }
}

/// A statement's column names, and where each name the decoding asks for
/// was found: rusqlite's own lookup by name asks SQLite for every column's
/// name on every call (a quarter of a 10,000-row listing), and comparing the
/// names on every value was still 7% of ten years of insights. The decoding
/// asks with the same `&'static str`s row after row, so each is looked up by
/// its address and length once per statement.
struct Names {
    names: Vec<String>,
    found: RefCell<Vec<((usize, usize), usize)>>,
}

impl Names {
    fn of(stmt: &rusqlite::Statement<'_>) -> Names {
        Names {
            names: stmt.column_names().into_iter().map(String::from).collect(),
            found: RefCell::new(Vec::new()),
        }
    }

    fn index(&self, column: &'static str) -> Result<usize, String> {
        let key = (column.as_ptr() as usize, column.len());
        if let Some(&(_, i)) = self.found.borrow().iter().find(|(k, _)| *k == key) {
            return Ok(i);
        }
        let i = self
            .names
            .iter()
            .position(|n| n == column)
            .ok_or_else(|| format!("the query has no column {column}"))?;
        self.found.borrow_mut().push((key, i));
        Ok(i)
    }
}

/// A row with its statement's column names.
struct NamedRow<'r, 's> {
    row: &'r rusqlite::Row<'s>,
    names: &'r Names,
}

impl NamedRow<'_, '_> {
    fn get(&self, column: &'static str) -> Result<ValueRef<'_>, String> {
        let index = self.names.index(column)?;
        self.row.get_ref(index).map_err(|e| e.to_string())
    }

    fn integer(&self, column: &'static str) -> Result<Option<i64>, String> {
        match self.get(column)? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(i) => Ok(Some(i)),
            other => Err(format!(
                "holds {} where a whole number belongs",
                kind(other)
            )),
        }
    }
}

fn kind(v: ValueRef<'_>) -> &'static str {
    match v {
        ValueRef::Null => "NULL",
        ValueRef::Integer(_) => "an integer",
        ValueRef::Real(_) => "a real number",
        ValueRef::Text(_) => "text",
        ValueRef::Blob(_) => "a blob",
    }
}

impl StoredRow for NamedRow<'_, '_> {
    fn int(&self, column: &'static str) -> Result<Option<i64>, String> {
        self.integer(column)
    }

    fn real(&self, column: &'static str) -> Result<Option<f64>, String> {
        match self.get(column)? {
            ValueRef::Null => Ok(None),
            ValueRef::Real(r) => Ok(Some(r)),
            // SQLite keeps a whole-valued REAL as an integer on disk.
            #[allow(clippy::cast_precision_loss)]
            ValueRef::Integer(i) => Ok(Some(i as f64)),
            other => Err(format!("holds {} where a number belongs", kind(other))),
        }
    }

    fn text(&self, column: &'static str) -> Result<Option<String>, String> {
        match self.get(column)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(bytes) => String::from_utf8(bytes.to_vec())
                .map(Some)
                .map_err(|_| "is not valid UTF-8 text".to_string()),
            other => Err(format!("holds {} where text belongs", kind(other))),
        }
    }

    fn uuid(&self, column: &'static str) -> Result<Option<Uuid>, String> {
        match self.get(column)? {
            ValueRef::Null => Ok(None),
            // Parsed from the row's own bytes: no string is made for it.
            ValueRef::Text(bytes) => Uuid::try_parse_ascii(bytes)
                .map(Some)
                .map_err(|e| format!("{:?} is not a UUID ({e})", String::from_utf8_lossy(bytes))),
            other => Err(format!("holds {} where an id belongs", kind(other))),
        }
    }

    fn zone(&self, column: &'static str) -> Result<Option<TzName>, String> {
        match self.get(column)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(bytes) => {
                let text = std::str::from_utf8(bytes).map_err(|_| "is not valid UTF-8 text")?;
                super::zone_named(text).map(Some)
            }
            other => Err(format!("holds {} where a zone name belongs", kind(other))),
        }
    }

    fn instant(&self, column: &'static str) -> Result<Option<Timestamp>, String> {
        self.integer(column)?
            .map(|us| {
                Timestamp::from_microsecond(us)
                    .map_err(|e| format!("{us} µs is not a representable instant ({e})"))
            })
            .transpose()
    }

    fn date(&self, column: &'static str) -> Result<Option<Date>, String> {
        self.text(column)?
            .map(|text| {
                text.parse::<Date>()
                    .map_err(|e| format!("{text:?} is not a date ({e})"))
            })
            .transpose()
    }

    fn boolean(&self, column: &'static str) -> Result<Option<bool>, String> {
        self.integer(column)?
            .map(|v| match v {
                0 => Ok(false),
                1 => Ok(true),
                v => Err(format!("{v} is not 0 or 1")),
            })
            .transpose()
    }

    fn strings(&self, column: &'static str) -> Result<Option<Vec<String>>, String> {
        match self.get(column)? {
            ValueRef::Null => Ok(None),
            // Most lists are empty: no parser needed.
            ValueRef::Text(b"[]") => Ok(Some(Vec::new())),
            ValueRef::Text(bytes) => serde_json::from_slice(bytes).map(Some).map_err(|e| {
                format!(
                    "{:?} is not a JSON array of strings ({e})",
                    String::from_utf8_lossy(bytes)
                )
            }),
            other => Err(format!("holds {} where JSON text belongs", kind(other))),
        }
    }

    fn json(&self, column: &'static str) -> Result<Option<serde_json::Value>, String> {
        self.text(column)?
            .map(|text| {
                serde_json::from_str(&text).map_err(|e| format!("{text:?} is not JSON ({e})"))
            })
            .transpose()
    }
}
