//! The backup an operator makes of a PostgreSQL journal: `pg_dump` in its
//! custom format, `pg_restore` into a new, empty database, and every record
//! reads back the same (docs/DEPLOYMENT.md documents these commands).

use crate::fixtures::with_fresh_postgres;
use crate::previous_journal::{at_todays_precision, previous_journal};
use backcalm_store::{AnswerFilter, DayRange, Store};
use std::path::Path;
use std::process::Command;

/// Runs a PostgreSQL client program, failing the test with its own words.
fn run(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} does not run ({e}); it comes with Debian's postgresql-client")
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_dump_then_pg_restore_into_a_new_database_keeps_every_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dump = dir.path().join("backcalm.dump");
    // What the database keeps of them: instants to the microsecond.
    let journal = at_todays_precision(previous_journal());

    let dump_to = dump.clone();
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        let j = at_todays_precision(previous_journal());
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
        store.close().await;
        run(
            "pg_dump",
            &[
                "--format=custom",
                "--file",
                path(&dump_to),
                "--dbname",
                &url,
            ],
        );
    })
    .await;
    assert!(dump.is_file(), "pg_dump wrote the dump");

    with_fresh_postgres(|url| async move {
        run(
            "pg_restore",
            &[
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                &url,
                path(&dump),
            ],
        );
        let store = Store::open(&url)
            .await
            .expect("opens the restored database");
        assert_eq!(
            store.schema().before,
            Some(store.schema().now),
            "the restored database needs no migration"
        );
        let mut checkins = journal.checkins.clone();
        checkins.sort_by_key(|c| (c.local_date(), c.recorded_at, c.id));
        assert_eq!(
            store.checkins(&DayRange::all()).await.expect("read"),
            checkins
        );
        let mut sessions = journal.sessions.clone();
        sessions.sort_by_key(|s| (s.local_date(), s.started_at, s.id));
        assert_eq!(
            store.sessions(&DayRange::all()).await.expect("read"),
            sessions
        );
        let mut answers = journal.answers.clone();
        answers.sort_by_key(|a| (a.answered_at, a.id));
        assert_eq!(
            store
                .questionnaire_answers(&AnswerFilter::default())
                .await
                .expect("read"),
            answers
        );
        assert_eq!(store.screens().await.expect("read"), journal.screens);
        assert_eq!(store.reminders().await.expect("read"), journal.reminders);
        assert_eq!(store.settings().await.expect("read"), journal.settings);
        store.close().await;
    })
    .await;
}
