//! Bringing a journal's schema up to date.
//!
//! The migrations of both backends are embedded with sqlx's `migrate!` (the
//! SQL, its version and checksum), and both databases record what ran in
//! `_sqlx_migrations`, the table journals made by earlier releases already
//! have. PostgreSQL's run with sqlx's migrator. SQLite's run here with
//! rusqlite, writing the same table the same way: each migration in its own
//! `BEGIN IMMEDIATE` transaction with its row, so a second process opening
//! the journal at the same moment waits, then finds it done.

use rusqlite::{params, Connection, TransactionBehavior};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::PgPool;
use std::time::Instant;

pub(crate) static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// The newest version `migrator` ships.
pub(crate) fn newest(migrator: &Migrator) -> i64 {
    migrator.iter().map(|m| m.version).max().unwrap_or_default()
}

/// sqlx's own table, as its SQLite driver creates it.
const SQLITE_TABLE: &str = "CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    success BOOLEAN NOT NULL,
    checksum BLOB NOT NULL,
    execution_time BIGINT NOT NULL
)";

/// One row of `_sqlx_migrations`.
struct Applied {
    version: i64,
    checksum: Vec<u8>,
    success: bool,
}

/// Runs SQLite's pending migrations; the newest version applied before
/// (`None` for a new journal). `Err` is a sentence for the person.
pub(crate) fn sqlite(conn: &mut Connection) -> Result<Option<i64>, String> {
    let failed = |e: rusqlite::Error| format!("could not bring the schema up to date: {e}");
    conn.execute_batch(SQLITE_TABLE).map_err(failed)?;
    let applied = sqlite_applied(conn).map_err(failed)?;
    check(&applied, &SQLITE)?;
    let before = applied.iter().map(|a| a.version).max();
    for m in SQLITE.iter().filter(|m| m.migration_type.is_up_migration()) {
        if applied.iter().any(|a| a.version == m.version) {
            continue;
        }
        // How long the migration took, for `_sqlx_migrations` (not a record's time).
        #[allow(clippy::disallowed_methods)]
        let started = Instant::now();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(failed)?;
        let done: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM _sqlx_migrations WHERE version = ?1)",
                [m.version],
                |row| row.get(0),
            )
            .map_err(failed)?;
        if done {
            // Another process ran it while we waited for the lock.
            continue;
        }
        tx.execute_batch(&m.sql).map_err(|e| {
            format!(
                "could not bring the schema up to date: migration {} ({}) failed: {e}; \
                 the journal was not changed",
                m.version, m.description
            )
        })?;
        let nanos = i64::try_from(started.elapsed().as_nanos()).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?1, ?2, TRUE, ?3, ?4)",
            params![m.version, &*m.description, &*m.checksum, nanos],
        )
        .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(before)
}

fn sqlite_applied(conn: &Connection) -> rusqlite::Result<Vec<Applied>> {
    let mut stmt =
        conn.prepare("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")?;
    let rows = stmt.query_map([], |row| {
        Ok(Applied {
            version: row.get(0)?,
            checksum: row.get(1)?,
            success: row.get(2)?,
        })
    })?;
    rows.collect()
}

/// Refuses a journal this build must not migrate, as sqlx's migrator does:
/// one a migration failed on, one written by a newer backcalm, one whose
/// applied migration differs from this build's.
fn check(applied: &[Applied], migrator: &Migrator) -> Result<(), String> {
    for a in applied {
        if !a.success {
            return Err(problem(MigrateError::Dirty(a.version), migrator));
        }
        match migrator.iter().find(|m| m.version == a.version) {
            None => return Err(problem(MigrateError::VersionMissing(a.version), migrator)),
            Some(m) if *m.checksum != *a.checksum => {
                return Err(problem(MigrateError::VersionMismatch(a.version), migrator))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Runs PostgreSQL's pending migrations; the newest version applied before.
///
/// A database that is already up to date is left alone without taking
/// sqlx's migration lock or creating its table: the application's role in
/// hosted mode may read `_sqlx_migrations` but neither create nor alter
/// tables (migrations run as the tables' owner, `backcalm migrate`).
pub(crate) async fn postgres(pool: &PgPool) -> Result<Option<i64>, String> {
    // Checked against sqlx's own table when the crate is built (offline
    // data in crates/store/.sqlx); an error means the table is not there yet.
    let applied: Option<Vec<Applied>> = sqlx::query_as!(
        Applied,
        "SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version"
    )
    .fetch_all(pool)
    .await
    .ok();
    let before = applied
        .as_ref()
        .and_then(|a| a.iter().filter(|a| a.success).map(|a| a.version).max());
    if let Some(applied) = &applied {
        check(applied, &POSTGRES)?;
        let pending = POSTGRES
            .iter()
            .any(|m| !applied.iter().any(|a| a.version == m.version));
        if !pending {
            return Ok(before);
        }
    }
    POSTGRES.run(pool).await.map_err(|e| {
        if e.to_string().contains("permission denied") {
            role_problem(&e)
        } else {
            problem(e, &POSTGRES)
        }
    })?;
    Ok(before)
}

/// The database user may not change the schema (hosted mode's application role).
fn role_problem(e: &MigrateError) -> String {
    format!(
        "the schema needs bringing up to date and this database user cannot do it ({e}); \
         run `backcalm migrate` once as the user that owns the tables"
    )
}

/// What a migration error means to the person, and what to do.
pub(crate) fn problem(e: MigrateError, migrator: &Migrator) -> String {
    match e {
        MigrateError::VersionMissing(v) => format!(
            "the journal has schema version {v}, and this backcalm knows versions up to {}; \
             it was written by a newer backcalm: upgrade backcalm to the release that wrote it \
             or a later one",
            newest(migrator)
        ),
        MigrateError::VersionMismatch(v) => format!(
            "schema version {v} in the journal differs from the one this backcalm ships; \
             restore a backup or ask for help"
        ),
        MigrateError::Dirty(v) => format!(
            "migration {v} failed part-way on this journal earlier; \
             restore the copy kept before it (or a backup) and try again"
        ),
        other => format!("could not bring the schema up to date: {other}"),
    }
}
