//! Made the schema-0003 fixtures of the upgrade test (issue #12), once, with
//! backcalm at schema version 3: `tests/store/data/journal-schema-0003.sqlite`
//! and `tests/store/data/postgres-schema-0003.sql`, from the records in
//! `tests/store/journal_0003.rs`. Kept so the files can be reviewed and the
//! way they were made repeated with that code; they are never regenerated
//! (they stand for journals people already have), so it refuses to replace
//! a file. `tests/store/data/README.md` has the exact commands, and how the
//! JSON export beside them was made with the CLI.
//!
//! ```text
//! BACKCALM_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:54320/postgres \
//!   cargo run -p backcalm-store --example make_fixture_0003 -- OUT_DIR
//! ```
//!
//! The PostgreSQL file is `pg_dump --no-owner --no-privileges --column-inserts`
//! of a fresh database (schema and data, `_sqlx_migrations` included) with the
//! lines sqlx's `raw_sql` cannot run, or that only set session options, taken
//! out here: psql's `\restrict`/`\unrestrict` meta-commands, `SET …` and
//! `SELECT pg_catalog.set_config('search_path', …)` (every name in the dump is
//! schema-qualified, and PostgreSQL's defaults since 9.1 match the rest).

#[allow(dead_code)]
#[path = "../tests/store/fixtures.rs"]
mod fixtures;
#[path = "../tests/store/journal_0003.rs"]
mod journal_0003;

use backcalm_store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

const SQLITE_FILE: &str = "journal-schema-0003.sqlite";
const POSTGRES_FILE: &str = "postgres-schema-0003.sql";

/// Stores every record of the fixture journal.
async fn fill(store: &Store) {
    let j = journal_0003::journal_0003();
    for c in &j.checkins {
        store.insert_checkin(c).await.expect("check-in");
    }
    for s in &j.sessions {
        store.insert_session(s).await.expect("session");
    }
    for a in &j.answers {
        store.insert_questionnaire_answer(a).await.expect("answer");
    }
    for s in &j.screens {
        store.insert_screen(s).await.expect("screen");
    }
    for r in &j.reminders {
        store.insert_reminder(r).await.expect("reminder");
    }
    store.save_settings(&j.settings).await.expect("settings");
}

fn refuse_existing(path: &Path) {
    assert!(
        !path.exists(),
        "{} is already there; the fixtures are made once and never replaced",
        path.display()
    );
}

/// The SQLite journal: written in a scratch folder, then `backup_to` for one
/// clean file (no `-wal`/`-shm`), as `journal-schema-0002.sqlite` was made.
async fn sqlite(out: &Path) {
    let dest = out.join(SQLITE_FILE);
    refuse_existing(&dest);
    let scratch = tempfile::tempdir().expect("temp dir");
    let store = Store::open_sqlite_file(&scratch.path().join("journal.sqlite"))
        .await
        .expect("a new journal");
    assert_eq!(store.schema().now, 3, "made with the code of schema 0003");
    fill(&store).await;
    store.backup_to(&dest).await.expect("one clean file");
    store.close().await;
    println!("wrote {}", dest.display());
}

/// The dump without what `raw_sql` cannot run or what only sets session options.
fn runnable(dump: &str) -> String {
    dump.lines()
        .filter(|l| {
            !(l.starts_with('\\')
                || l.starts_with("SET ")
                || l.starts_with("SELECT pg_catalog.set_config('search_path'"))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

async fn postgres(out: &Path) {
    let dest = out.join(POSTGRES_FILE);
    refuse_existing(&dest);
    let to = dest.clone();
    fixtures::with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("a new database");
        assert_eq!(store.schema().now, 3, "made with the code of schema 0003");
        fill(&store).await;
        store.close().await;
        let dump = Command::new("pg_dump")
            .args([
                "--no-owner",
                "--no-privileges",
                "--column-inserts",
                "--dbname",
                &url,
            ])
            .output()
            .expect("pg_dump runs (Debian's postgresql-client)");
        assert!(
            dump.status.success(),
            "pg_dump: {}",
            String::from_utf8_lossy(&dump.stderr)
        );
        let text = String::from_utf8(dump.stdout).expect("a UTF-8 dump");
        std::fs::write(&to, runnable(&text)).expect("write the dump");
    })
    .await;
    println!("wrote {}", dest.display());
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: make_fixture_0003 OUT_DIR"),
    );
    std::fs::create_dir_all(&out).expect("the output folder");
    sqlite(&out).await;
    postgres(&out).await;
}
