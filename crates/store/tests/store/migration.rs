//! A journal written before migration 0003 opens with today's code: every
//! record reads back equal, and a copy of the file as it was is kept beside
//! it first (project rule: keep a copy before the first migration of an
//! existing journal).
//!
//! `data/journal-schema-0002.sqlite` was written by backcalm at commit
//! 44665a7 (schema version 2, before the check-in's `flare` column) from the
//! records in `previous_journal.rs`, with `Store::open_sqlite_file`, the
//! `insert_*` methods, `save_settings` and `backup_to`. It is never
//! regenerated: it stands for the files people already have.

use crate::previous_journal::{at_todays_precision, previous_journal};
use backcalm_store::{copy_before_migration, verify_backup, AnswerFilter, DayRange, Schema, Store};
use std::path::{Path, PathBuf};

/// The newest SQLite schema this build ships.
const NEWEST: i64 = 6;

const FIXTURE: &str = "tests/store/data/journal-schema-0002.sqlite";

/// A private copy of the fixture in a fresh folder, owner-only like a real journal.
fn copy_of_fixture(dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let to = dir.join("journal.sqlite");
    std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    to
}

/// The newest migration applied to a closed journal file.
async fn schema_version(path: &Path) -> i64 {
    crate::fixtures::sqlite_schema_version(path)
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

#[tokio::test]
async fn a_journal_from_before_0003_keeps_every_record_and_a_copy_of_itself() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = copy_of_fixture(tmp.path());
    assert_eq!(
        verify_backup(&path).await.expect("fixture").schema_version,
        2,
        "the fixture is the old schema"
    );

    let store = Store::open_sqlite_file(&path)
        .await
        .expect("opens and migrates");
    assert_eq!(
        store.schema(),
        &Schema {
            before: Some(2),
            now: NEWEST,
            copy: Some(copy_before_migration(&path, 3)),
        },
        "the store says what opening did"
    );
    let expected = at_todays_precision(previous_journal());
    let mut checkins = expected.checkins.clone();
    checkins.sort_by_key(|c| (c.local_date(), c.recorded_at, c.id));
    assert_eq!(
        store.checkins(&DayRange::all()).await.expect("check-ins"),
        checkins
    );
    assert!(
        checkins.iter().all(|c| !c.flare),
        "old check-ins are not flares"
    );
    let mut sessions = expected.sessions.clone();
    sessions.sort_by_key(|s| (s.local_date(), s.started_at, s.id));
    assert_eq!(
        store.sessions(&DayRange::all()).await.expect("sessions"),
        sessions
    );
    let mut answers = expected.answers.clone();
    answers.sort_by_key(|a| (a.answered_at, a.id));
    assert_eq!(
        store
            .questionnaire_answers(&AnswerFilter::default())
            .await
            .expect("answers"),
        answers
    );
    assert_eq!(store.screens().await.expect("screens"), expected.screens);
    assert_eq!(
        store.reminders().await.expect("reminders"),
        expected.reminders
    );
    assert_eq!(store.settings().await.expect("settings"), expected.settings);
    // A flare can be stored now, next to the old records.
    let mut flare = expected.checkins[0].clone();
    flare.id = uuid::Uuid::from_u128(0xF1A5E);
    flare.flare = true;
    store
        .insert_checkin(&flare)
        .await
        .expect("a flare check-in");
    assert_eq!(store.checkin(flare.id).await.expect("read"), Some(flare));
    store.close().await;

    let copy = copy_before_migration(&path, 3);
    assert_eq!(
        copy.file_name().and_then(|n| n.to_str()),
        Some("journal.sqlite.before-0003.bak")
    );
    assert!(copy.is_file(), "the copy is kept beside the journal");
    #[cfg(unix)]
    assert_eq!(mode(&copy), 0o600, "owner-only, like the journal");
    let info = verify_backup(&copy).await.expect("the copy is a backup");
    assert_eq!(info.schema_version, 2, "the copy is the journal as it was");
    assert_eq!((info.checkins, info.sessions, info.answers), (3, 2, 2));
    assert_eq!(
        schema_version(&path).await,
        NEWEST,
        "the journal itself moved on"
    );

    // Opening again neither migrates nor replaces the copy.
    let kept = std::fs::read(&copy).expect("read copy");
    let again = Store::open_sqlite_file(&path).await.expect("reopens");
    assert_eq!(
        (again.schema().before, again.schema().now),
        (Some(NEWEST), NEWEST),
        "nothing left to migrate"
    );
    again.close().await;
    assert_eq!(std::fs::read(&copy).expect("read copy"), kept);
}

#[tokio::test]
async fn a_new_or_current_journal_gets_no_copy() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.sqlite");
    let store = Store::open_sqlite_file(&path).await.expect("new journal");
    assert_eq!(
        store.schema(),
        &Schema {
            before: None,
            now: NEWEST,
            copy: None
        }
    );
    store.close().await;
    let again = Store::open_sqlite_file(&path)
        .await
        .expect("current journal");
    assert_eq!(
        again.schema(),
        &Schema {
            before: Some(NEWEST),
            now: NEWEST,
            copy: None
        }
    );
    again.close().await;
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".bak"))
        .collect();
    assert!(
        names.is_empty(),
        "no copy of a journal with nothing to migrate: {names:?}"
    );
}

#[tokio::test]
async fn the_applied_schema_is_read_from_the_database_each_time() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.sqlite");
    let store = Store::open_sqlite_file(&path).await.expect("new journal");
    assert_eq!(store.applied_schema().await.expect("reads"), NEWEST);
    // A newer release, sharing the database, migrates it further.
    crate::fixtures::raw_execute(
        &format!("sqlite://{}", path.display()),
        &format!(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES ({}, 'from a newer release', 1, x'00', 0)",
            NEWEST + 1
        ),
        &[],
    )
    .await
    .expect("records a newer migration");
    assert_eq!(store.applied_schema().await.expect("reads"), NEWEST + 1);
    assert_eq!(
        store.schema().now,
        NEWEST,
        "what this build knows is unchanged"
    );
    store.close().await;
}
