//! Made the schema-0005 fixtures of the upgrade test (Web Push, issue #14),
//! once, with backcalm at schema version 5 (hosted mode, before Web Push):
//! `tests/store/data/hosted-schema-0005.sqlite` and
//! `tests/store/data/postgres-schema-0005.sql`, from the records in
//! `tests/store/hosted_0005.rs`. Kept so the files can be reviewed and the way
//! they were made repeated with that code; they are never regenerated (they
//! stand for the servers clinics already run), so it refuses to replace a
//! file. `tests/store/data/README.md` has the exact command.
//!
//! ```text
//! BACKCALM_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:54320/postgres \
//!   cargo run -p backcalm-store --example make_fixture_0005 -- OUT_DIR
//! ```
//!
//! The PostgreSQL file is made as `make_fixture_0003.rs` made its own.

#[allow(dead_code)]
#[path = "../tests/store/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../tests/store/hosted_0005.rs"]
mod hosted_0005;
#[allow(dead_code)]
#[path = "../tests/store/previous_journal.rs"]
mod previous_journal;

use backcalm_store::{AuditEntry, LinkPurpose, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

const SQLITE_FILE: &str = "hosted-schema-0005.sqlite";
const POSTGRES_FILE: &str = "postgres-schema-0005.sql";

/// Stores every record of the fixture, through the store as the server uses it.
async fn fill(store: &Store) {
    let f = hosted_0005::hosted_0005();
    let now = f.made_at;
    let week = jiff::SignedDuration::from_hours(7 * 24);
    let server = store.server_wide();
    let hash = hosted_0005::password_hash();
    for (n, a) in f.accounts.iter().enumerate() {
        let link = backcalm_auth::TokenHash::from_stored(format!("{:02x}", 0x40 + n).repeat(32));
        server
            .invite_account(a.id, a.role, a.name, &link, now, now + week)
            .await
            .expect("account");
        server
            .redeem_link(&link, Some(&hosted_0005::username(a)), &hash, now)
            .await
            .expect("redeem")
            .expect("the link is open");
    }
    // An invitation not yet accepted, to be kept as it is.
    let late = backcalm_auth::TokenHash::from_stored("7f".repeat(32));
    server
        .create_link(hosted_0005::BEN, &late, LinkPurpose::Reset, now, now + week)
        .await
        .expect("a reset link");
    for (token, account) in &f.logins {
        server
            .create_login(token, *account, now)
            .await
            .expect("login");
    }
    for s in &f.shares {
        server
            .create_share_code(&s.code, s.clinician, now, now + week)
            .await
            .expect("code");
        server
            .share_with_code(&s.code, s.person, s.id, &s.scopes, now)
            .await
            .expect("share")
            .expect("the code is open");
        if let Some(at) = s.revoked_at {
            assert!(server
                .revoke_share(s.person, s.id, at)
                .await
                .expect("revoke"));
        }
    }
    let (code, clinician, expires) = &f.open_code;
    server
        .create_share_code(code, *clinician, now, *expires)
        .await
        .expect("open code");
    for (id, person, actor, action) in &f.audit {
        server
            .append_audit(&AuditEntry {
                id: *id,
                person_id: *person,
                actor_id: *actor,
                action: action.to_string(),
                address: Some("192.0.2.7".to_string()),
                at: now,
            })
            .await
            .expect("audit");
    }
    let ana = server.for_person(hosted_0005::ANA);
    let j = &f.ana;
    for c in &j.checkins {
        ana.insert_checkin(c).await.expect("check-in");
    }
    for s in &j.sessions {
        ana.insert_session(s).await.expect("session");
    }
    for a in &j.answers {
        ana.insert_questionnaire_answer(a).await.expect("answer");
    }
    for s in &j.screens {
        ana.insert_screen(s).await.expect("screen");
    }
    for r in &j.reminders {
        ana.insert_reminder(r).await.expect("reminder");
    }
    ana.save_settings(&j.settings).await.expect("settings");
    let ben = server.for_person(hosted_0005::BEN);
    for c in &f.ben_checkins {
        ben.insert_checkin(c).await.expect("check-in");
    }
    ben.insert_reminder(&f.ben_reminder)
        .await
        .expect("reminder");
}

fn refuse_existing(path: &Path) {
    assert!(
        !path.exists(),
        "{} is already there; the fixtures are made once and never replaced",
        path.display()
    );
}

/// The SQLite journal: written in a scratch folder, then `backup_to` for one
/// clean file (no `-wal`/`-shm`), as the older fixtures were made.
async fn sqlite(out: &Path) {
    let dest = out.join(SQLITE_FILE);
    refuse_existing(&dest);
    let scratch = tempfile::tempdir().expect("temp dir");
    let store = Store::open_sqlite_file(&scratch.path().join("journal.sqlite"))
        .await
        .expect("a new journal");
    assert_eq!(store.schema().now, 5, "made with the code of schema 0005");
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
        assert_eq!(store.schema().now, 5, "made with the code of schema 0005");
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
            .expect("usage: make_fixture_0005 OUT_DIR"),
    );
    std::fs::create_dir_all(&out).expect("the output folder");
    sqlite(&out).await;
    postgres(&out).await;
}
