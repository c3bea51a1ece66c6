//! Issue #12: a journal made by the schema of migrations 0001-0003 (instants
//! kept to the nanosecond as `*_ms` + `*_ns`) opens with today's code, is
//! migrated, and every record reads back as the old binary exported it,
//! apart from what the precision rule of migration 0004 changes
//! ([`floor_to_micros`]). A SQLite journal keeps a copy of itself as it was,
//! beside it, before its first migration.
//!
//! The fixtures in `data/` were made once by backcalm at schema version 3
//! (the release before #12) from the records in `journal_0003.rs`; the exact
//! commands are in `data/README.md`:
//! - `journal-schema-0003.sqlite`: `Store::open_sqlite_file`, the `insert_*`
//!   methods, `save_settings`, then `backup_to` for one clean file
//!   (`examples/make_fixture_0003.rs`);
//! - `postgres-schema-0003.sql`: a fresh PostgreSQL database made by
//!   `Store::open` and the same records, dumped whole (schema, data and
//!   `_sqlx_migrations`) by `pg_dump --no-owner --no-privileges
//!   --column-inserts`; the generator took out the lines `raw_sql` cannot
//!   run or that only set session options (`\restrict`, `SET`, `set_config`);
//! - `export-schema-0003.json`: `backcalm export --format json` of each of
//!   them, by the CLI of that release; the two exports were identical apart
//!   from `exported_at`, so one file is kept.
//!
//! They are never regenerated: they stand for the journals people already
//! have. On a build without migration 0004 opening migrates nothing and the
//! export must equal the old one exactly; once 0004 ships, the test checks
//! the migrated journal against the old export with the precision rule
//! applied, and the copy kept beside the SQLite file.

use crate::fixtures::with_fresh_postgres;
use crate::journal_0003::journal_0003;
use backcalm_core::export::json::to_json;
use backcalm_core::export::Export;
use backcalm_store::{copy_before_migration, verify_backup, Schema, ScreenRecord, Store};
use jiff::Timestamp;
use sqlx::postgres::PgPoolOptions;
use std::path::{Path, PathBuf};

const SQLITE_FIXTURE: &str = "tests/store/data/journal-schema-0003.sqlite";
const POSTGRES_FIXTURE: &str = "tests/store/data/postgres-schema-0003.sql";
const EXPORT_FIXTURE: &str = "tests/store/data/export-schema-0003.json";

/// The schema version of the fixtures.
const OLD_SCHEMA: i64 = 3;
/// The migration that keeps instants to the microsecond (issue #12).
const MICROSECOND_SCHEMA: i64 = 4;

/// How many instants of the old export the precision rule changes: the
/// fixture's sub-microsecond ones (see `journal_0003.rs`).
const INSTANTS_CUT: usize = 15;

/// The fields of a JSON export that hold an instant; `to_json` writes each
/// on a line of its own, `"field": "RFC 3339",`.
const INSTANT_FIELDS: [&str; 4] = ["exported_at", "recorded_at", "started_at", "answered_at"];

fn data(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn read(relative: &str) -> String {
    let path = data(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `at` cut down to the whole microsecond, towards the past (also before 1970).
fn floor_instant(at: Timestamp) -> Timestamp {
    let n = at.as_nanosecond();
    Timestamp::from_nanosecond(n - n.rem_euclid(1_000)).expect("in range")
}

/// One RFC 3339 instant as `to_json` writes it, cut to the microsecond:
/// fractional digits after the sixth are dropped, then trailing zeros, then
/// a bare point. The offset a record is written with does not change (it is
/// a whole number of minutes, or the instant is in UTC), so the local
/// fraction is the instant's, and dropping digits floors it even before 1970.
fn floor_instant_text(text: &str) -> String {
    let Some(point) = text.find('.') else {
        return text.to_string();
    };
    let digits = &text[point + 1..];
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or_else(|| panic!("{text}: an offset follows the fraction"));
    let kept = digits[..end.min(6)].trim_end_matches('0');
    let offset = &digits[end..];
    let floored = if kept.is_empty() {
        format!("{}{offset}", &text[..point])
    } else {
        format!("{}.{kept}{offset}", &text[..point])
    };
    let parse = |s: &str| {
        s.parse::<Timestamp>()
            .unwrap_or_else(|e| panic!("{s}: {e}"))
    };
    assert_eq!(
        parse(&floored),
        floor_instant(parse(text)),
        "{text} -> {floored} is the instant floored to the microsecond"
    );
    floored
}

/// What the new precision rule changes, applied to an old JSON export.
///
/// Migration 0004 keeps instants to the microsecond, as PostgreSQL's
/// `timestamptz` does and as core's `time::at_precision` has cut every new
/// record's instant since #11. An instant an old journal holds with digits
/// below the microsecond is floored: cut towards the past, never rounded
/// (1969-12-31T23:59:59.999999999Z becomes 1969-12-31T23:59:59.999999Z,
/// and stays on its day). Every instant field of every record, and the
/// export's own `exported_at`, is written with the floored instant, in the
/// same offset; trailing zeros of the fraction are not written. Nothing else
/// changes: no record's day, no record's place in the export (the fixture has
/// no two instants of one kind within one microsecond), no other field.
fn floor_to_micros(export: &str) -> String {
    export
        .split('\n')
        .map(|line| {
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            for field in INSTANT_FIELDS {
                let key = format!("\"{field}\": \"");
                if let Some(rest) = body.strip_prefix(&key) {
                    let close = rest.find('"').expect("a closing quote");
                    let value = floor_instant_text(&rest[..close]);
                    return format!("{indent}{key}{value}{}", &rest[close..]);
                }
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the export of the journal must be now: the old export as it was
/// while the journal is at the old schema, with the precision rule applied
/// once it has been migrated to microseconds.
fn expected_export(before: &str, schema: &Schema) -> String {
    if schema.now >= MICROSECOND_SCHEMA {
        floor_to_micros(before)
    } else {
        before.to_string()
    }
}

/// The old export's `exported_at`, so that today's export of the same
/// journal can be compared with it as text.
fn exported_at(export: &str) -> Timestamp {
    let doc: serde_json::Value = serde_json::from_str(export).expect("the old export is JSON");
    doc["exported_at"]
        .as_str()
        .expect("exported_at")
        .parse()
        .expect("an instant")
}

/// The journal as `backcalm export --format json` writes it (the CLI's
/// `commands::export`: `export_all`, its `exported_at`, `to_json`).
async fn export_as_the_cli_does(store: &Store, exported_at: Timestamp) -> String {
    let export = store.export_all().await.expect("export");
    to_json(&Export {
        exported_at,
        ..export
    })
}

/// The old export, with the check that the precision rule has something to
/// change in it: a fixture without sub-microsecond instants would let a
/// migration that loses them pass unnoticed.
fn old_export() -> String {
    let before = read(EXPORT_FIXTURE);
    let after = floor_to_micros(&before);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(b, a)| b != a)
        .collect();
    assert_eq!(
        changed.len(),
        INSTANTS_CUT,
        "the precision rule cuts the fixture's sub-microsecond instants: {changed:#?}"
    );
    assert!(
        changed.contains(&(
            r#"      "recorded_at": "1969-12-31T23:59:59.999999999+00:00","#,
            r#"      "recorded_at": "1969-12-31T23:59:59.999999+00:00","#
        )),
        "the last nanosecond before 1970 is floored, not rounded up: {changed:#?}"
    );
    assert_eq!(before.lines().count(), after.lines().count());
    before
}

/// The records an export does not hold (screens, reminders, settings) read
/// back as they were written, screens' instants floored once migrated.
async fn assert_other_records(store: &Store) {
    let j = journal_0003();
    let mut screens: Vec<ScreenRecord> = j.screens.clone();
    if store.schema().now >= MICROSECOND_SCHEMA {
        for s in &mut screens {
            s.taken_at = floor_instant(s.taken_at);
        }
    }
    screens.sort_by_key(|s| (s.taken_at, s.id));
    assert_eq!(store.screens().await.expect("screens"), screens);
    let mut reminders = j.reminders.clone();
    reminders.sort_by(|a, b| (a.time, a.tz.as_str(), a.id).cmp(&(b.time, b.tz.as_str(), b.id)));
    assert_eq!(store.reminders().await.expect("reminders"), reminders);
    assert_eq!(store.settings().await.expect("settings"), j.settings);
}

/// A private copy of the fixture in `dir`, owner-only like a real journal.
fn copy_of_fixture(dir: &Path) -> PathBuf {
    let from = data(SQLITE_FIXTURE);
    let to = dir.join("journal.sqlite");
    std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    to
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every table of a SQLite file, its definition and its rows in storage
/// order, value for value.
type Tables = Vec<(String, Option<String>, Vec<Vec<rusqlite::types::Value>>)>;

fn tables(path: &Path) -> Tables {
    let db =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut list = db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("list tables");
    let names: Vec<(String, Option<String>)> = list
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    names
        .into_iter()
        .map(|(name, sql)| {
            let mut q = db
                .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))
                .expect("select");
            let width = q.column_count();
            let rows = q
                .query_map([], |r| {
                    (0..width)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i))
                        .collect::<Result<Vec<_>, _>>()
                })
                .expect("rows")
                .collect::<Result<Vec<_>, _>>()
                .expect("rows");
            (name, sql, rows)
        })
        .collect()
}

fn backup_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".bak"))
        .collect()
}

#[tokio::test]
async fn a_sqlite_journal_of_schema_0003_exports_as_before_apart_from_precision() {
    let before = old_export();
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = copy_of_fixture(tmp.path());
    let pristine_dir = tempfile::tempdir().expect("temp dir");
    let pristine = copy_of_fixture(pristine_dir.path());
    assert_eq!(
        verify_backup(&path).await.expect("fixture").schema_version,
        OLD_SCHEMA,
        "the fixture is the old schema"
    );

    let store = Store::open_sqlite_file(&path).await.expect("opens");
    let schema = store.schema().clone();
    assert_eq!(schema.before, Some(OLD_SCHEMA), "{schema:?}");
    let after = export_as_the_cli_does(&store, exported_at(&before)).await;
    assert_eq!(
        after,
        expected_export(&before, &schema),
        "the journal exports as the old binary exported it ({schema:?})"
    );
    assert_other_records(&store).await;
    store.close().await;

    if schema.now >= MICROSECOND_SCHEMA {
        // Migrated: the file as it was is kept beside it, and it is the old
        // journal table for table, so it exports as the old binary did.
        let copy = copy_before_migration(&path, MICROSECOND_SCHEMA);
        assert_eq!(
            copy.file_name().and_then(|n| n.to_str()),
            Some("journal.sqlite.before-0004.bak")
        );
        assert_eq!(schema.copy.as_deref(), Some(copy.as_path()));
        assert!(copy.is_file(), "the copy is kept beside the journal");
        #[cfg(unix)]
        assert_eq!(mode(&copy), 0o600, "owner-only, like the journal");
        let info = verify_backup(&copy).await.expect("the copy is a backup");
        assert_eq!(info.schema_version, OLD_SCHEMA, "the journal as it was");
        assert_eq!(
            tables(&copy),
            tables(&pristine),
            "the copy holds exactly the old file's tables and rows"
        );
        assert_eq!(
            backup_files(tmp.path()),
            vec!["journal.sqlite.before-0004.bak"]
        );
    } else {
        assert_eq!(
            schema,
            Schema {
                before: Some(OLD_SCHEMA),
                now: OLD_SCHEMA,
                copy: None
            },
            "nothing to migrate yet, so nothing copied"
        );
        assert!(backup_files(tmp.path()).is_empty());
    }

    // Opening again migrates nothing, copies nothing, and reads the same.
    let copies = backup_files(tmp.path());
    let again = Store::open_sqlite_file(&path).await.expect("reopens");
    assert_eq!(
        again.schema().before,
        Some(schema.now),
        "nothing left to migrate"
    );
    assert_eq!(again.schema().copy, None);
    assert_eq!(
        export_as_the_cli_does(&again, exported_at(&before)).await,
        after
    );
    again.close().await;
    assert_eq!(backup_files(tmp.path()), copies);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_database_of_schema_0003_exports_as_before_apart_from_precision() {
    let before = old_export();
    let dump = read(POSTGRES_FIXTURE);
    with_fresh_postgres(|url| async move {
        // A pool, not a `&mut PgConnection`: sqlx's executor on a borrowed
        // connection does not prove `Send` inside the spawned test.
        let raw = PgPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .expect("connect");
        sqlx::raw_sql(&dump)
            .execute(&raw)
            .await
            .expect("the schema-0003 database loads");
        let version: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&raw)
                .await
                .expect("schema version");
        assert_eq!(version, Some(OLD_SCHEMA), "the fixture is the old schema");
        raw.close().await;

        let store = Store::open(&url).await.expect("opens");
        let schema = store.schema().clone();
        assert_eq!(schema.before, Some(OLD_SCHEMA), "{schema:?}");
        assert_eq!(schema.copy, None, "PostgreSQL is backed up with pg_dump");
        assert_eq!(store.applied_schema().await.expect("reads"), schema.now);
        let after = export_as_the_cli_does(&store, exported_at(&before)).await;
        assert_eq!(
            after,
            expected_export(&before, &schema),
            "the database exports as the old binary exported it ({schema:?})"
        );
        assert_other_records(&store).await;
        store.close().await;

        let again = Store::open(&url).await.expect("reopens");
        assert_eq!(
            again.schema().before,
            Some(schema.now),
            "nothing left to migrate"
        );
        assert_eq!(
            export_as_the_cli_does(&again, exported_at(&before)).await,
            after
        );
        again.close().await;
    })
    .await;
}

/// The checked-in export is the export of the records in `journal_0003.rs`:
/// the three fixture files and the records describe one journal.
#[test]
fn the_old_export_is_the_fixture_records() {
    let before = read(EXPORT_FIXTURE);
    let j = journal_0003();
    let mut checkins = j.checkins;
    checkins.sort_by_key(|c| (c.local_date(), c.recorded_at, c.id));
    let mut sessions = j.sessions;
    sessions.sort_by_key(|s| (s.local_date(), s.started_at, s.id));
    let mut questionnaires = j.answers;
    questionnaires.sort_by_key(|a| (a.answered_at, a.id));
    let export = Export {
        exported_at: exported_at(&before),
        checkins,
        sessions,
        questionnaires,
    };
    assert_eq!(to_json(&export), before);
}
