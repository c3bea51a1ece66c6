//! Backups, restores and deleting everything, at the level of the SQLite
//! file: a backup taken while others write is whole and holds what was
//! committed; a backup killed halfway leaves the journal whole and no backup;
//! files that are not backups are refused saying what they are; a restore
//! keeps the journal it replaces; after delete-everything no note can be
//! found in the file's bytes. PostgreSQL: the backup refusal and deleting.

use crate::fixtures::{full_session, note, rating, session, with_fresh_postgres, zone};
use backcalm_core::export::json::to_json;
use backcalm_core::export::{Export, ImportReport};
use backcalm_core::reminder::{parse_time, Reminder};
use backcalm_core::safety::CrisisLine;
use backcalm_core::settings::Settings;
use backcalm_core::CheckIn;
use backcalm_store::{restore_sqlite, verify_backup, DeletedCounts, Store, StoreError};
use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;
use uuid::Uuid;

fn checkin(n: u128, text: &str) -> CheckIn {
    CheckIn {
        id: Uuid::from_u128(n),
        recorded_at: Timestamp::from_second(1_700_000_000 + i64::try_from(n).expect("small") * 60)
            .expect("in range"),
        tz: zone("Europe/London"),
        pain: rating(i64::try_from(n % 11).expect("0-10")),
        stress: None,
        sleep: None,
        feel: vec![],
        regions: vec![],
        activity: None,
        note: note(text),
        flare: false,
    }
}

/// `count` check-ins numbered from `first`, stored in one import.
async fn fill(store: &Store, first: u128, count: u128, text: &str) {
    let report = ImportReport {
        checkins: (first..first + count).map(|n| checkin(n, text)).collect(),
        ..ImportReport::default()
    };
    let outcome = store.import(&report, false).await.expect("fill");
    assert_eq!(outcome.added_checkins as u128, count);
}

/// A connection of its own to the existing SQLite file at `path`, as another
/// program would open it (not created when missing).
fn raw(path: &Path) -> Connection {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::default().difference(OpenFlags::SQLITE_OPEN_CREATE),
    )
    .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    conn
}

/// SQLite's own check of the file at `path`, on a blocking thread.
async fn integrity(path: &Path) -> String {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let conn = raw(&path);
        let rows = conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("integrity_check");
        conn.close().expect("close");
        rows.join("\n")
    })
    .await
    .expect("integrity_check thread")
}

/// `PRAGMA wal_checkpoint(TRUNCATE)`: folds the write-ahead log into the file.
/// Its one row (busy, log pages, checkpointed pages) is not looked at.
fn checkpoint(conn: &Connection) {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
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

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

// ---- backing up while others use the journal ------------------------------------

#[cfg(unix)]
#[tokio::test]
async fn a_backup_taken_during_a_write_transaction_holds_what_was_committed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&live).await.expect("open");
    fill(&store, 1, 200, "committed before the backup").await;

    // Another connection (as `backcalm serve` would) is halfway through a
    // write; its transaction stays open while the backup runs.
    let writer = raw(&live);
    writer.execute_batch("BEGIN IMMEDIATE").expect("begin");
    writer
        .execute("DELETE FROM checkins WHERE id <> ''", [])
        .expect("uncommitted delete");

    let dest = dir.path().join("backup.db");
    let made = store.backup_to(&dest).await.expect("backup");
    writer.execute_batch("COMMIT").expect("commit");
    writer.close().expect("close");

    assert_eq!(made.path, dest);
    assert_eq!(
        made.info.checkins, 200,
        "what was committed, not the open write"
    );
    assert_eq!(mode(&dest), 0o600, "a backup is health data");
    assert_eq!(integrity(&dest).await, "ok");
    assert!(!side(&dest, "-wal").exists(), "a backup is one file");
    let verified = verify_backup(&dest).await.expect("verify");
    assert_eq!(verified, made.info);
    assert_eq!(
        store.count_checkins().await.expect("count"),
        0,
        "the delete did commit"
    );
    // Nothing but the backup is left in the folder (no temporary files).
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("journal.db"))
        .collect();
    names.sort();
    assert_eq!(names, ["backup.db"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_taken_while_another_store_writes_are_whole_snapshots() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&live).await.expect("open");
    let other = Store::open_sqlite_file(&live).await.expect("open again");
    const WRITES: u128 = 600;
    let writer = tokio::spawn(async move {
        for n in 1..=WRITES {
            other
                .insert_checkin(&checkin(n, "written during backups"))
                .await
                .expect("insert");
        }
        other.close().await;
    });
    let mut seen = Vec::new();
    for round in 0..8 {
        let dest = dir.path().join(format!("backup-{round}.db"));
        let made = store.backup_to(&dest).await.expect("backup");
        assert_eq!(integrity(&dest).await, "ok", "round {round}");
        // Writes are sequential, so a consistent snapshot holds exactly the first k.
        let copy = Store::open_sqlite_file(&dest)
            .await
            .expect("open the backup");
        let ids: Vec<u128> = copy
            .checkins(&backcalm_store::DayRange::all())
            .await
            .expect("list")
            .iter()
            .map(|c| c.id.as_u128())
            .collect();
        copy.close().await;
        let k = ids.len() as u128;
        assert_eq!(ids, (1..=k).collect::<Vec<_>>(), "round {round}");
        assert_eq!(made.info.checkins as u128, k);
        seen.push(k);
    }
    writer.await.expect("writer");
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "later backups hold at least as much: {seen:?}"
    );
    assert_eq!(store.count_checkins().await.expect("count"), WRITES as u64);
}

#[tokio::test]
async fn a_backup_onto_the_journal_itself_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&live).await.expect("open");
    fill(&store, 1, 3, "keep me").await;
    for dest in [live.clone(), side(&live, "-wal")] {
        match store.backup_to(&dest).await {
            Err(e @ StoreError::Backup { .. }) => {
                assert!(e.to_string().contains("the journal itself"), "{e}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    match store
        .backup_to(&dir.path().join("no/such/folder/b.db"))
        .await
    {
        Err(e @ StoreError::Backup { .. }) => {
            assert!(e.to_string().contains("create it first"), "{e}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(store.count_checkins().await.expect("count"), 3);
    assert_eq!(integrity(&live).await, "ok");
}

// ---- a backup killed halfway ---------------------------------------------------

const WORKER_LIVE: &str = "BACKCALM_TEST_BACKUP_WORKER_LIVE";
const WORKER_DEST: &str = "BACKCALM_TEST_BACKUP_WORKER_DEST";

/// Backs up a small journal and checks it; run by the kill test (below) as a
/// child process, with the journal and destination in the environment, it
/// backs up that journal instead, to be killed while doing so.
#[tokio::test]
async fn backup_worker_or_a_small_backup() {
    if let (Ok(live), Ok(dest)) = (std::env::var(WORKER_LIVE), std::env::var(WORKER_DEST)) {
        let store = Store::open_sqlite_file(Path::new(&live))
            .await
            .expect("worker: open");
        store
            .backup_to(Path::new(&dest))
            .await
            .expect("worker: backup");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_sqlite_file(&dir.path().join("journal.db"))
        .await
        .expect("open");
    fill(&store, 1, 10, "small").await;
    let dest = dir.path().join("small.db");
    let made = store.backup_to(&dest).await.expect("backup");
    assert_eq!(made.info.checkins, 10);
    assert_eq!(verify_backup(&dest).await.expect("verify").checkins, 10);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_killed_halfway_leaves_the_journal_whole_and_no_backup() {
    use std::os::unix::process::ExitStatusExt;
    const ROWS: u128 = 50_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&live).await.expect("open");
    // About 25 MB, so that VACUUM INTO takes a while.
    fill(
        &store,
        1,
        ROWS,
        &"a long note to make the journal big; ".repeat(12),
    )
    .await;
    store.close().await;

    let dest = dir.path().join("backup.db");
    let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "backup::backup_worker_or_a_small_backup",
            "--exact",
            "--test-threads=1",
        ])
        .env(WORKER_LIVE, &live)
        .env(WORKER_DEST, &dest)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start the worker");
    // Wait until the worker is writing its temporary copy, then kill it.
    let writing = || {
        std::fs::read_dir(dir.path()).expect("list").any(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(".backup.db.")
                && name.ends_with(".partial")
                && e.metadata().is_ok_and(|m| m.len() > 0)
        })
    };
    let mut waited = 0;
    while !writing() {
        assert!(
            child.try_wait().expect("poll").is_none(),
            "the worker ended before it was killed"
        );
        assert!(waited < 60_000, "the worker never started writing");
        std::thread::sleep(Duration::from_millis(1));
        waited += 1;
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reap");
    assert_eq!(status.signal(), Some(9), "killed mid-backup, not finished");

    assert!(!dest.exists(), "no half-written backup at the destination");
    assert_eq!(integrity(&live).await, "ok");
    let store = Store::open_sqlite_file(&live).await.expect("reopen");
    assert_eq!(store.count_checkins().await.expect("count"), ROWS as u64);
}

// ---- files that are not backups ----------------------------------------------------

fn refusal(result: Result<backcalm_store::BackupInfo, StoreError>) -> String {
    match result {
        Err(e @ StoreError::NotABackup { .. }) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn verify_refuses_files_that_are_not_backups_saying_what_they_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = |name: &str| dir.path().join(name);

    std::fs::write(p("notes.txt"), "shopping: milk, eggs\n").expect("write");
    let why = refusal(verify_backup(&p("notes.txt")).await);
    assert!(
        why.contains("notes.txt") && why.contains("text file"),
        "{why}"
    );
    assert!(why.contains("`backcalm backup`"), "says what to do: {why}");

    std::fs::write(p("empty.db"), "").expect("write");
    let why = refusal(verify_backup(&p("empty.db")).await);
    assert!(
        why.contains("empty") && why.contains("`backcalm backup`"),
        "{why}"
    );

    std::fs::write(p("noise.bin"), [0u8, 159, 146, 150, 255, 1, 2, 3]).expect("write");
    let why = refusal(verify_backup(&p("noise.bin")).await);
    assert!(why.contains("not a SQLite database"), "{why}");

    let foreign = Connection::open(p("recipes.db")).expect("create");
    foreign
        .execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')")
        .expect("fill");
    foreign.close().expect("close");
    let why = refusal(verify_backup(&p("recipes.db")).await);
    assert!(
        why.contains("SQLite database") && why.contains("not a backcalm journal"),
        "{why}"
    );

    let export = Export {
        exported_at: Timestamp::UNIX_EPOCH,
        checkins: vec![checkin(1, "exported")],
        sessions: vec![],
        questionnaires: vec![],
    };
    std::fs::write(p("export.json"), to_json(&export)).expect("write");
    let why = refusal(verify_backup(&p("export.json")).await);
    assert!(
        why.contains("JSON export") && why.contains("backcalm import"),
        "{why}"
    );

    let why = refusal(verify_backup(&p("missing.db")).await);
    assert!(why.contains("no such file"), "{why}");
    let why = refusal(verify_backup(dir.path()).await);
    assert!(why.contains("folder"), "{why}");
}

#[tokio::test]
async fn verify_refuses_a_damaged_backup_and_one_from_a_newer_backcalm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_sqlite_file(&dir.path().join("journal.db"))
        .await
        .expect("open");
    fill(&store, 1, 2_000, "enough rows for several pages").await;

    let damaged = dir.path().join("damaged.db");
    store.backup_to(&damaged).await.expect("backup");
    let mut bytes = std::fs::read(&damaged).expect("read");
    assert!(bytes.len() > 40_000, "several pages");
    // Scribble over the middle of the file, leaving the header alone.
    for b in &mut bytes[20_000..36_000] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).expect("write");
    let why = refusal(verify_backup(&damaged).await);
    assert!(why.contains("damaged"), "{why}");

    let newer = dir.path().join("newer.db");
    store.backup_to(&newer).await.expect("backup");
    let conn = raw(&newer);
    conn.execute(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99991231000000, 'from the future', 1, x'00', 0)",
        [],
    )
    .expect("pretend a newer schema");
    conn.close().expect("close");
    let why = refusal(verify_backup(&newer).await);
    assert!(
        why.contains("newer backcalm") && why.contains("upgrade"),
        "{why}"
    );
}

/// People copy the journal file by hand too; a copy with everything in the
/// main file (in WAL mode, no side files beside it) is a backup as well.
#[tokio::test]
async fn a_plain_copy_of_a_settled_journal_is_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&live).await.expect("open");
    fill(&store, 1, 25, "copied by hand").await;
    // What closing the journal does: fold the write-ahead log into the file.
    let conn = raw(&live);
    checkpoint(&conn);
    conn.close().expect("close");
    let copy = dir.path().join("copy.db");
    std::fs::copy(&live, &copy).expect("copy");
    assert_eq!(
        std::fs::read(&copy).expect("read")[18],
        2,
        "the copy is in WAL mode"
    );
    let info = verify_backup(&copy).await.expect("verify");
    assert_eq!(info.checkins, 25);

    // Copied while open, the main file alone lacks what is still in the -wal.
    let open = Store::open_sqlite_file(&dir.path().join("open.db"))
        .await
        .expect("open");
    fill(&open, 1, 5, "still in the write-ahead log").await;
    let torn = dir.path().join("torn.db");
    std::fs::copy(dir.path().join("open.db"), &torn).expect("copy");
    let why = refusal(verify_backup(&torn).await);
    assert!(why.contains("lacks the journal's -wal file"), "{why}");

    let restored = dir.path().join("restored.db");
    let done = restore_sqlite(&copy, &restored, "20260329T101500")
        .await
        .expect("restore");
    assert_eq!(done.restored.checkins, 25);
    let store = Store::open_sqlite_file(&restored).await.expect("open");
    assert_eq!(store.count_checkins().await.expect("count"), 25);
}

// ---- restoring ------------------------------------------------------------------------

#[cfg(unix)]
#[tokio::test]
async fn restore_replaces_the_journal_and_keeps_the_one_it_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let elsewhere = dir.path().join("other.db");

    // The journal, as a file nobody has open (a pool's close can leave a
    // connection open until it is dropped: sqlx 0.8, launchbadge/sqlx#3217).
    let before = Store::open_sqlite_file(&dir.path().join("before.db"))
        .await
        .expect("open");
    fill(&before, 1, 30, "the journal before the restore").await;
    let before_export = before.export_all().await.expect("export");
    before.backup_to(&live).await.expect("make the journal");

    let other = Store::open_sqlite_file(&elsewhere).await.expect("open");
    fill(&other, 1_000, 12, "from the backup").await;
    other.insert_session(&full_session()).await.expect("insert");
    let backup = dir.path().join("backup.db");
    other.backup_to(&backup).await.expect("backup");
    let backup_export = other.export_all().await.expect("export");

    // A crashed server's side files must not be replayed onto the restored journal.
    std::fs::write(side(&live, "-wal"), b"stale write-ahead log").expect("write");
    std::fs::write(side(&live, "-shm"), [7u8; 64]).expect("write");

    let done = restore_sqlite(&backup, &live, "20260329T101500")
        .await
        .expect("restore");
    let kept = dir.path().join("journal.db.before-restore-20260329T101500");
    assert_eq!(done.kept.as_deref(), Some(kept.as_path()));
    assert_eq!(done.restored.checkins, 12);
    assert_eq!(done.restored.sessions, 1);
    assert_eq!(mode(&kept), 0o600);
    assert_eq!(mode(&live), 0o600);
    assert!(!side(&live, "-wal").exists() && !side(&live, "-shm").exists());

    // The same stamp again would overwrite the kept copy: refused, nothing changed.
    match restore_sqlite(&backup, &live, "20260329T101500").await {
        Err(e @ StoreError::Restore { .. }) => {
            let why = e.to_string();
            assert!(why.contains("cannot keep a copy"), "{why}");
            assert!(why.contains("nothing was changed"), "{why}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }

    let restored = Store::open_sqlite_file(&live).await.expect("open restored");
    assert_eq!(restored.export_all().await.expect("export"), backup_export);
    let old = Store::open_sqlite_file(&kept).await.expect("open kept");
    assert_eq!(old.export_all().await.expect("export"), before_export);
}

#[cfg(unix)]
#[tokio::test]
async fn restore_onto_a_new_machine_creates_the_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = Store::open_sqlite_file(&dir.path().join("old.db"))
        .await
        .expect("open");
    fill(&source, 1, 5, "moved to a new laptop").await;
    let backup = dir.path().join("backup.db");
    source.backup_to(&backup).await.expect("backup");

    let live = dir
        .path()
        .join("new-home")
        .join("backcalm")
        .join("journal.db");
    let done = restore_sqlite(&backup, &live, "20260329T101500")
        .await
        .expect("restore");
    assert_eq!(done.kept, None, "there was nothing to keep");
    assert_eq!(mode(&live), 0o600);
    assert_eq!(mode(live.parent().expect("folder")), 0o700);
    let restored = Store::open_sqlite_file(&live).await.expect("open");
    assert_eq!(
        restored.export_all().await.expect("export"),
        source.export_all().await.expect("export")
    );
}

#[tokio::test]
async fn restore_refuses_a_journal_in_use_and_a_file_that_is_not_a_backup() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let serving = Store::open_sqlite_file(&live).await.expect("open");
    fill(&serving, 1, 4, "in use").await;
    let backup = dir.path().join("backup.db");
    serving.backup_to(&backup).await.expect("backup");
    fill(&serving, 100, 3, "written after the backup").await;

    match restore_sqlite(&backup, &live, "20260329T101500").await {
        Err(e @ StoreError::Restore { .. }) => {
            let why = e.to_string();
            assert!(why.contains("open in another program"), "{why}");
            assert!(why.contains("Nothing was changed"), "{why}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(serving.count_checkins().await.expect("count"), 7);

    let text = dir.path().join("backup.txt");
    std::fs::write(&text, "not a backup").expect("write");
    let why = refusal(
        restore_sqlite(&text, &live, "20260329T101501")
            .await
            .map(|r| r.restored),
    );
    assert!(why.contains("text file"), "{why}");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore") || n.ends_with(".restoring"))
        .collect();
    assert_eq!(
        left,
        Vec::<String>::new(),
        "a refused restore leaves no files"
    );
    assert_eq!(serving.count_checkins().await.expect("count"), 7);
}

// ---- deleting everything ----------------------------------------------------------------

const MARKS: [&str; 4] = [
    "zebra-crossing-note-7391",
    "quokka-session-note-5520",
    "heron-reminder-label-8812",
    "lantern-crisis-line-4406",
];

/// The bytes of the database and its side files, as anyone with the disk could read them.
fn file_bytes(live: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        if let Ok(b) = std::fs::read(side(live, suffix)) {
            all.extend(b);
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn fill_everything(store: &Store) {
    fill(store, 1, 300, &format!("{} after gardening", MARKS[0])).await;
    for n in 0..40 {
        let mut s = session(5_000 + n, "2026-03-01T07:00:00Z", "UTC");
        s.note = note(&format!("{} #{n}", MARKS[1]));
        store.insert_session(&s).await.expect("session");
    }
    store
        .insert_reminder(&Reminder {
            id: Uuid::from_u128(9_001),
            time: parse_time("07:30").expect("time"),
            tz: zone("Europe/London"),
            label: MARKS[2].into(),
        })
        .await
        .expect("reminder");
    let mut settings = Settings::default();
    settings.crisis.lines.push(CrisisLine {
        place: "home".into(),
        emergency: "112".into(),
        urgent_advice: None,
        crisis: Some(MARKS[3].into()),
    });
    store.save_settings(&settings).await.expect("settings");
}

#[tokio::test]
async fn delete_everything_leaves_no_trace_in_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&live).await.expect("open");
    fill_everything(&store).await;
    let bytes = file_bytes(&live);
    for mark in MARKS {
        assert!(contains(&bytes, mark), "{mark} is on disk before deleting");
    }

    let deleted = store.delete_everything().await.expect("delete");
    assert_eq!(
        deleted,
        DeletedCounts {
            checkins: 300,
            sessions: 40,
            answers: 0,
            screens: 0,
            reminders: 1,
            settings: 1,
        }
    );
    assert_eq!(deleted.total(), 342);
    let bytes = file_bytes(&live);
    for mark in MARKS {
        assert!(
            !contains(&bytes, mark),
            "{mark} is still readable in the file"
        );
    }
    // Every table but the schema version is empty, including any added later.
    let conn = raw(&live);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("tables");
    assert!(tables.len() >= 7, "{tables:?}");
    for t in tables.iter().filter(|t| *t != "_sqlx_migrations") {
        let n: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 0, "{t}");
    }
    conn.close().expect("close");
    assert_eq!(integrity(&live).await, "ok");
    // The journal still works.
    store
        .insert_checkin(&checkin(1, "a fresh start"))
        .await
        .expect("insert after");
    assert_eq!(store.count_checkins().await.expect("count"), 1);
}

/// The control: a plain DELETE leaves the text in the file, so the test above
/// would notice if the scrubbing stopped working.
#[tokio::test]
async fn a_plain_delete_would_leave_notes_in_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&live).await.expect("open");
    fill(&store, 1, 300, MARKS[0]).await;
    let conn = raw(&live);
    conn.execute("DELETE FROM checkins", []).expect("delete");
    checkpoint(&conn);
    conn.close().expect("close");
    assert_eq!(store.count_checkins().await.expect("count"), 0);
    assert!(contains(&file_bytes(&live), MARKS[0]));
}

// ---- PostgreSQL -------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backups_point_to_export_and_delete_everything_empties_every_table() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        fill_everything(&store).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let dest = dir.path().join("backup.db");
        match store.backup_to(&dest).await {
            Err(e @ StoreError::Backup { .. }) => {
                let why = e.to_string();
                assert!(why.contains("backcalm export --format json"), "{why}");
                assert!(why.contains("pg_dump"), "{why}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(!dest.exists());

        let deleted = store.delete_everything().await.expect("delete");
        assert_eq!(deleted.total(), 342);
        assert_eq!(deleted.checkins, 300);
        let e = store.export_all().await.expect("export");
        assert_eq!(
            (e.checkins.len(), e.sessions.len(), e.questionnaires.len()),
            (0, 0, 0)
        );
        assert!(store.reminders().await.expect("reminders").is_empty());
        assert_eq!(
            store.settings().await.expect("settings"),
            Settings::default()
        );
        store.close().await;
    })
    .await;
}
