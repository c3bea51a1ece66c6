//! Opening a journal: the SQLite file itself (where it is created, with which
//! permissions and settings, that it keeps records across opens) and the
//! messages for locations that cannot be opened.

use backcalm_core::{CheckIn, Rating, TzName};
use backcalm_store::{DayRange, Store, StoreError};
use std::path::Path;
use uuid::Uuid;

fn a_checkin(n: u128) -> CheckIn {
    CheckIn {
        id: Uuid::from_u128(n),
        recorded_at: "2026-06-01T08:00:00.5+02:00"
            .parse()
            .expect("valid instant"),
        tz: TzName::new("Europe/Berlin").expect("known zone"),
        pain: Rating::try_from(5).expect("0-10"),
        stress: None,
        sleep: None,
        feel: vec![],
        regions: vec![],
        activity: None,
        note: None,
        flare: false,
    }
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

#[cfg(unix)]
#[tokio::test]
async fn new_files_and_folders_are_owner_only() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data_dir = tmp.path().join("data").join("backcalm");
    let path = data_dir.join("journal.db");
    let store = Store::open_sqlite_file(&path).await.expect("open");
    store
        .insert_checkin(&a_checkin(1))
        .await
        .expect("a write creates the WAL");

    assert_eq!(mode(&path), 0o600, "the journal file");
    assert_eq!(mode(&data_dir), 0o700, "the folder made for it");
    assert_eq!(
        mode(&tmp.path().join("data")),
        0o700,
        "and its missing parent"
    );
    // SQLite copies the main file's permissions to its side files while they exist.
    for side in ["journal.db-wal", "journal.db-shm"] {
        assert_eq!(mode(&data_dir.join(side)), 0o600, "{side}");
    }
    store.close().await;
}

#[tokio::test]
async fn the_file_is_in_wal_mode_with_normal_sync() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.db");
    let store = Store::open_sqlite_file(&path).await.expect("open");
    store.insert_checkin(&a_checkin(1)).await.expect("write");

    // journal_mode is stored in the file, so any other connection sees it.
    let other = rusqlite::Connection::open(&path).expect("second connection");
    let mode: String = other
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .expect("pragma");
    assert_eq!(mode, "wal");
    store.close().await;
}

#[tokio::test]
async fn records_survive_closing_and_reopening() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.db");
    let c = a_checkin(7);
    let store = Store::open_sqlite_file(&path).await.expect("open");
    store.insert_checkin(&c).await.expect("write");
    store.close().await;

    // Reopening runs the migrations again: they must be a no-op on an up-to-date file.
    let url = format!("sqlite://{}", path.display());
    let again = Store::open(&url).await.expect("reopen by URL");
    assert_eq!(again.checkin(c.id).await.expect("read"), Some(c.clone()));
    assert_eq!(
        again.checkins(&DayRange::all()).await.expect("list"),
        vec![c]
    );
    again.close().await;
}

#[tokio::test]
async fn urls_with_escaped_paths_open_the_named_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("my journal #1").join("j.db");
    let encoded = path
        .display()
        .to_string()
        .replace(' ', "%20")
        .replace('#', "%23");
    let store = Store::open(&format!("sqlite://{encoded}"))
        .await
        .expect("open");
    store.insert_checkin(&a_checkin(3)).await.expect("write");
    store.close().await;
    assert!(path.is_file(), "created {}", path.display());
}

#[tokio::test]
async fn bad_locations_say_what_to_do() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let cases = [
        ("mysql://localhost/journal".to_string(), "use sqlite://PATH"),
        (
            "sqlite://journal.db?mode=ro".to_string(),
            "give only the file path",
        ),
        ("sqlite://".to_string(), "names no file"),
        ("sqlite:///tmp/100%".to_string(), "%25"),
        // A folder where the file should be.
        (format!("sqlite://{}", tmp.path().display()), "is a folder"),
    ];
    for (url, hint) in cases {
        match Store::open(&url).await {
            Err(e @ StoreError::Open { .. }) => {
                assert!(e.to_string().contains(hint), "{url}: {e}")
            }
            other => panic!("{url} should not open, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("notes.txt");
    std::fs::write(
        &path,
        "shopping: milk, eggs, a new office chair\n".repeat(200),
    )
    .expect("write");
    match Store::open_sqlite_file(&path).await {
        Err(e @ StoreError::Open { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("notes.txt") && msg.contains("not a database"),
                "{msg}"
            );
        }
        other => panic!("a text file should not open as a journal, got {other:?}"),
    }
    let text = std::fs::read_to_string(&path).expect("still there");
    assert!(text.starts_with("shopping"), "the file was left alone");
}

#[tokio::test]
async fn unreachable_postgres_fails_without_showing_the_password() {
    // Port 1 on loopback: nothing listens there.
    match Store::open("postgres://sam:hunter2@127.0.0.1:1/journal").await {
        Err(e @ StoreError::Open { .. }) => {
            let msg = e.to_string();
            assert!(!msg.contains("hunter2"), "{msg}");
            assert!(
                msg.contains("postgres://sam:[redacted]@127.0.0.1:1/journal"),
                "{msg}"
            );
            assert!(msg.contains("check that PostgreSQL is running"), "{msg}");
        }
        other => panic!("nothing listens on port 1, got {other:?}"),
    }
}

#[tokio::test]
async fn a_journal_from_a_newer_backcalm_is_not_touched() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("journal.db");
    let store = Store::open_sqlite_file(&path).await.expect("open");
    store.close().await;
    let url = format!("sqlite://{}", path.display());
    crate::fixtures::raw_execute(
        &url,
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101, 'from the future', 1, x'00', 0)",
        &[],
    )
    .await
    .expect("pretend a newer schema");

    match Store::open(&url).await {
        Err(e @ StoreError::Open { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("99990101") && msg.contains("upgrade backcalm"),
                "{msg}"
            );
        }
        other => panic!("a newer schema must not be opened, got {other:?}"),
    }
}
