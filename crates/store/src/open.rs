//! Opening a journal: which backend a URL names, creating the SQLite file with
//! owner-only permissions, connection settings, and migrations.

use crate::db::{sqlite, Conn, Db, StoredRow, Value};
use crate::migrate::{self, newest};
use crate::{Schema, Store, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

const POSTGRES_MAX_CONNECTIONS: u32 = 10;

impl Store {
    /// Opens the journal named by a URL and brings its schema up to date.
    ///
    /// `sqlite://PATH` (or `sqlite:PATH`) opens a file as [`Store::open_sqlite_file`] does;
    /// `sqlite::memory:` is a private in-memory journal for tests and trying things out
    /// (one connection; everything is gone on close);
    /// `postgres://…` or `postgresql://…` connects to a PostgreSQL database.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            if rest == ":memory:" {
                return open_sqlite_memory().await;
            }
            if rest.contains('?') {
                return Err(StoreError::Open {
                    location: url.to_string(),
                    reason: "options after '?' are not supported; give only the file path, \
                             e.g. sqlite:///home/sam/.local/share/backcalm/journal.db"
                        .to_string(),
                });
            }
            let path = percent_decode(rest).map_err(|reason| StoreError::Open {
                location: url.to_string(),
                reason,
            })?;
            if path.as_os_str().is_empty() {
                return Err(StoreError::Open {
                    location: url.to_string(),
                    reason: "the URL names no file; use sqlite://PATH".to_string(),
                });
            }
            return Store::open_sqlite_file(&path).await;
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return open_postgres(url).await;
        }
        Err(StoreError::Open {
            location: redact(url),
            reason: "unknown kind of database; use sqlite://PATH for a local file \
                     or postgres://USER@HOST/DATABASE for PostgreSQL"
                .to_string(),
        })
    }

    /// Opens (creating if missing) a SQLite journal file and brings its schema up to date.
    ///
    /// Missing parent folders are created with mode 0700 and a missing file with
    /// mode 0600, before SQLite touches it: a pain journal is health data. An
    /// existing file keeps its permissions. SQLite gives its `-wal` and `-shm`
    /// side files the main file's permissions, so they are owner-only too.
    /// Connections use WAL mode, `synchronous = NORMAL`, a 5 s busy timeout and
    /// foreign keys.
    pub async fn open_sqlite_file(path: &Path) -> Result<Store, StoreError> {
        let location = path.display().to_string();
        let fail = |reason: String| StoreError::Open {
            location: location.clone(),
            reason,
        };
        let path = prepare_sqlite_file(path).map_err(fail)?;
        let file = path.clone();
        let pool = tokio::task::spawn_blocking(move || sqlite::Pool::file(file))
            .await
            .map_err(|e| fail(e.to_string()))?
            .map_err(|e| {
                fail(format!(
                    "{e}; check that the file is a backcalm journal and you can write to it"
                ))
            })?;
        let unmigrated = Store {
            db: Db::local(Conn::Sqlite(pool.clone())),
            schema: Arc::new(Schema {
                before: None,
                now: 0,
                copy: None,
            }),
        };
        let copy = match keep_copy_before_migrating(&unmigrated, &path).await {
            Ok(copy) => copy,
            Err(reason) => {
                pool.close().await;
                return Err(fail(reason));
            }
        };
        finish_sqlite(pool, location, copy).await
    }
}

/// Where [`Store::open_sqlite_file`] keeps the copy of `journal` made before
/// migration `version` first runs on it: `<journal>.before-NNNN.bak` beside it.
pub fn copy_before_migration(journal: &Path, version: i64) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".before-{version:04}.bak"));
    journal.with_file_name(name)
}

/// Before the first migration this build brings to an existing journal,
/// keeps a copy of it beside the file ([`copy_before_migration`]): a
/// consistent, checked, owner-only (0600) snapshot written as
/// [`Store::backup_to`] writes backups, so `backcalm restore` takes it back.
///
/// Nothing is copied for a new file (no migration has run on it), a journal
/// that is up to date, or one written by a newer backcalm (which the
/// migrator refuses without changing it). A copy already there from an
/// earlier attempt is kept, never replaced: it is the older state. If the
/// copy cannot be made, the journal is not migrated.
async fn keep_copy_before_migrating(store: &Store, path: &Path) -> Result<Option<PathBuf>, String> {
    let unreadable = |e: StoreError| {
        format!("cannot read its schema version ({e}); check that the file is a backcalm journal")
    };
    let tracked = store
        .db
        .fetch(
            "SELECT COUNT(*) AS n FROM sqlite_master \
             WHERE type = 'table' AND name = '_sqlx_migrations'"
                .into(),
            Vec::new(),
            int_n,
        )
        .await
        .map_err(unreadable)?;
    if tracked.first().copied().flatten().unwrap_or(0) == 0 {
        return Ok(None);
    }
    let applied: Vec<i64> = store
        .db
        .fetch(
            "SELECT version AS n FROM _sqlx_migrations WHERE success".into(),
            Vec::new(),
            int_n,
        )
        .await
        .map_err(unreadable)?
        .into_iter()
        .flatten()
        .collect();
    let known: Vec<i64> = migrate::SQLITE.iter().map(|m| m.version).collect();
    if applied.is_empty() || applied.iter().any(|v| !known.contains(v)) {
        return Ok(None);
    }
    let Some(first) = known.iter().copied().filter(|v| !applied.contains(v)).min() else {
        return Ok(None);
    };
    let copy = copy_before_migration(path, first);
    if copy.exists() {
        return Ok(Some(copy));
    }
    store.backup_to(&copy).await.map_err(|e| {
        format!(
            "before bringing the journal up to date, backcalm keeps a copy of it, and the copy \
             could not be made ({e}); the journal was not changed"
        )
    })?;
    Ok(Some(copy))
}

/// A row's integer column `n`.
fn int_n(row: &dyn StoredRow) -> Result<Option<i64>, StoreError> {
    row.int("n")
        .map_err(|e| StoreError::Worker(format!("a number could not be read: {e}")))
}

async fn open_sqlite_memory() -> Result<Store, StoreError> {
    let location = "sqlite::memory:".to_string();
    let pool = sqlite::Pool::memory().map_err(|e| StoreError::Open {
        location: location.clone(),
        reason: e.to_string(),
    })?;
    finish_sqlite(pool, location, None).await
}

/// Runs SQLite's migrations on a fresh pool.
async fn finish_sqlite(
    pool: sqlite::Pool,
    location: String,
    copy: Option<PathBuf>,
) -> Result<Store, StoreError> {
    let migrated = pool.run(|conn| Ok(migrate::sqlite(conn))).await;
    let before = match migrated {
        Ok(Ok(before)) => before,
        Ok(Err(reason)) => {
            pool.close().await;
            return Err(StoreError::Open { location, reason });
        }
        Err(e) => {
            pool.close().await;
            return Err(StoreError::Open {
                location,
                reason: e.to_string(),
            });
        }
    };
    Ok(Store {
        db: Db::local(Conn::Sqlite(pool)),
        schema: Arc::new(Schema {
            before,
            now: newest(&migrate::SQLITE),
            copy,
        }),
    })
}

async fn open_postgres(url: &str) -> Result<Store, StoreError> {
    let location = redact(url);
    let unreachable = |e: sqlx::Error| StoreError::Open {
        location: location.clone(),
        reason: format!(
            "{e}; check that PostgreSQL is running there \
             and the user, password and database are right"
        ),
    };
    let options = PgConnectOptions::from_str(url)
        .map_err(unreachable)?
        // sqlx would log every statement at INFO; the request log is ours.
        .disable_statement_logging();
    // One connection first, so a wrong address fails at once with its reason
    // instead of after the pool's retries.
    let probe = options.connect().await.map_err(unreachable)?;
    probe.close().await.map_err(unreachable)?;
    let pool = PgPoolOptions::new()
        .max_connections(POSTGRES_MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(unreachable)?;
    let before = match migrate::postgres(&pool).await {
        Ok(before) => before,
        Err(reason) => {
            pool.close().await;
            return Err(StoreError::Open { location, reason });
        }
    };
    Ok(Store {
        db: Db::local(Conn::Postgres(pool)),
        schema: Arc::new(Schema {
            before,
            now: newest(&migrate::POSTGRES),
            copy: None,
        }),
    })
}

impl Store {
    /// The newest migration the database has applied, read from it now: a
    /// newer server sharing the database may have migrated it since this
    /// store opened it (compare with [`Schema::now`]).
    pub async fn applied_schema(&self) -> Result<i64, StoreError> {
        let newest = self
            .db
            .fetch(
                "SELECT MAX(version) AS n FROM _sqlx_migrations WHERE success".into(),
                Vec::<Value>::new(),
                int_n,
            )
            .await?;
        Ok(newest.first().copied().flatten().unwrap_or_default())
    }
}

/// Creates missing parent folders (0700) and the file (0600); returns the
/// file's path with its folder resolved, so the URL needs no `..` or symlinks.
fn prepare_sqlite_file(path: &Path) -> Result<PathBuf, String> {
    if path.is_dir() {
        return Err(format!(
            "{} is a folder; give a file path inside it, such as {}",
            path.display(),
            path.join("journal.db").display()
        ));
    }
    let Some(name) = path.file_name() else {
        return Err(
            "the path names no file; give a file path such as ~/backcalm/journal.db".to_string(),
        );
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dirs(&parent).map_err(|e| {
        format!(
            "cannot create the folder {}: {e}; check its permissions",
            parent.display()
        )
    })?;
    let parent = std::fs::canonicalize(&parent)
        .map_err(|e| format!("cannot resolve the folder {}: {e}", parent.display()))?;
    let file = parent.join(name);
    create_private_file(&file)
        .map_err(|e| format!("cannot create the file: {e}; check the folder's permissions"))?;
    Ok(file)
}

/// Creates `dir` and any missing parents, owner-only (0700) where the system has modes.
#[cfg(unix)]
pub(crate) fn create_private_dirs(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dirs(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Creates the file if it is missing; an existing file is left as it is.
#[cfg(unix)]
fn create_private_file(file: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(file)
        .map(drop)
}

#[cfg(not(unix))]
fn create_private_file(file: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(file)
        .map(drop)
}

/// Undoes `%XX` escapes in the path of a `sqlite://` URL.
fn percent_decode(text: &str) -> Result<PathBuf, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(b) = hex else {
                return Err(
                    "a '%' in the path is not followed by two hex digits; write a literal % as %25"
                        .to_string(),
                );
            };
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(PathBuf::from)
        .map_err(|_| "the path is not valid UTF-8 once %-escapes are decoded".to_string())
}

/// A database URL safe to show: the password, if any, is hidden.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let tail = if tail.to_ascii_lowercase().contains("password") {
        // A password given as a query parameter: hide all parameters.
        tail.split('?')
            .next()
            .map(|path| format!("{path}?[redacted]"))
            .unwrap_or_default()
    } else {
        tail.to_string()
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:[redacted]@{host}{tail}"),
            None => format!("{scheme}://{userinfo}@{host}{tail}"),
        },
        None => format!("{scheme}://{authority}{tail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            redact("postgres://sam:s3cr@t@db:5432/journal"),
            "postgres://sam:[redacted]@db:5432/journal"
        );
        assert_eq!(
            redact("postgres://sam@db/journal"),
            "postgres://sam@db/journal"
        );
        assert_eq!(
            redact("postgres://db/journal?password=x&sslmode=require"),
            "postgres://db/journal?[redacted]"
        );
        assert_eq!(redact("postgresql://db"), "postgresql://db");
    }

    #[test]
    fn paths_in_urls_are_percent_decoded() {
        let path = Path::new("/tmp/a b/50%?#ü/journal.db");
        let encoded = "/tmp/a%20b/50%25%3F%23%C3%BC/journal.db";
        assert_eq!(percent_decode(encoded).as_deref(), Ok(path));
        assert!(percent_decode("/tmp/100%").is_err());
    }
}
