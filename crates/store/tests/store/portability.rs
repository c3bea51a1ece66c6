//! Export and import through the store, against SQLite and PostgreSQL:
//! any journal goes out as JSON or CSV and comes back into an empty store
//! exactly; importing again adds nothing; a dry run changes nothing; rows the
//! file reader rejected are not stored; a changed record is a conflict, not
//! an overwrite; an import that fails stores nothing.
//!
//! PostgreSQL comes from `BACKCALM_TEST_DATABASE_URL` (see story.rs);
//! without it the PostgreSQL tests fail.

use crate::fixtures::{full_checkin, full_session, rating, raw_execute, with_fresh_postgres};
use backcalm_core::export::json::{from_json, to_json};
use backcalm_core::export::{Export, ImportReport, QuestionnaireDraft};
use backcalm_core::CheckIn;
use backcalm_store::{ImportOutcome, Store};
use backcalm_testkit::journal::{defaults, read_back_csv, shipped_instruments};
use jiff::Timestamp;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use uuid::Uuid;

// ---- generated journals ----------------------------------------------------

/// Any journal from `backcalm_testkit` (sub-millisecond instants, DST and
/// odd-offset zones, a practice this install does not ship, text that breaks
/// naive SQL), exported at the Unix epoch as [`Store::export_all`] stamps it.
fn journal() -> impl Strategy<Value = Export> {
    backcalm_testkit::journal::journal().prop_map(|j| Export {
        exported_at: Timestamp::UNIX_EPOCH,
        ..j
    })
}

/// The journal in the order [`Store::export_all`] lists it.
fn in_store_order(mut e: Export) -> Export {
    e.checkins
        .sort_by_key(|c| (c.local_date(), c.recorded_at, c.id));
    e.sessions
        .sort_by_key(|s| (s.local_date(), s.started_at, s.id));
    e.questionnaires.sort_by_key(|a| (a.answered_at, a.id));
    e
}

// ---- helpers -----------------------------------------------------------------

async fn insert_all(store: &Store, e: &Export) {
    for c in &e.checkins {
        store.insert_checkin(c).await.expect("insert check-in");
    }
    for s in &e.sessions {
        store.insert_session(s).await.expect("insert session");
    }
    for a in &e.questionnaires {
        store
            .insert_questionnaire_answer(a)
            .await
            .expect("insert answer");
    }
}

async fn empty(store: &Store) {
    store.delete_everything().await.expect("delete everything");
    assert_eq!(
        store.export_all().await.expect("export"),
        nothing(),
        "delete_everything leaves nothing"
    );
}

fn nothing() -> Export {
    Export {
        exported_at: Timestamp::UNIX_EPOCH,
        checkins: vec![],
        sessions: vec![],
        questionnaires: vec![],
    }
}

fn added(e: &Export) -> ImportOutcome {
    ImportOutcome {
        added_checkins: e.checkins.len(),
        added_sessions: e.sessions.len(),
        added_answers: e.questionnaires.len(),
        unchanged: 0,
        conflicts: vec![],
    }
}

fn all_unchanged(e: &Export) -> ImportOutcome {
    ImportOutcome {
        unchanged: e.checkins.len() + e.sessions.len() + e.questionnaires.len(),
        ..ImportOutcome::default()
    }
}

// ---- the round trip ----------------------------------------------------------

/// One generated journal, out of `source` and into the empty `target`, by
/// JSON and by CSV.
async fn round_trip(source: &Store, target: &Store, journal: &Export) {
    empty(source).await;
    insert_all(source, journal).await;
    let original = source.export_all().await.expect("export source");
    assert_eq!(
        original,
        in_store_order(journal.clone()),
        "export_all holds every record, exactly"
    );

    let json = to_json(&original);
    let via_csv = read_back_csv(&original);
    for (format, report) in [
        ("JSON", from_json(&json).expect("our own JSON reads back")),
        ("CSV", via_csv),
    ] {
        assert_eq!(report.rejected, vec![], "{format}: nothing rejected");
        empty(target).await;

        let dry = target.import(&report, true).await.expect("dry run");
        assert_eq!(
            dry,
            added(&original),
            "{format}: the dry run says what it would add"
        );
        assert_eq!(
            target.export_all().await.expect("export"),
            nothing(),
            "{format}: a dry run stores nothing"
        );

        let first = target.import(&report, false).await.expect("import");
        assert_eq!(
            first, dry,
            "{format}: the real import does what the dry run said"
        );
        assert_eq!(
            target.export_all().await.expect("export target"),
            original,
            "{format}: the imported journal is the original, exactly"
        );

        let second = target.import(&report, false).await.expect("import again");
        assert_eq!(
            second,
            all_unchanged(&original),
            "{format}: importing twice adds nothing"
        );
        assert_eq!(target.export_all().await.expect("export"), original);
    }

    // Records stored the ordinary way compare equal to the same records imported.
    let onto_source = source
        .import(&from_json(&json).expect("json"), false)
        .await
        .expect("import onto the source");
    assert_eq!(onto_source, all_unchanged(&original));
}

/// Runs [`round_trip`] on generated journals; each case needs the database,
/// so there are few of them. Failing cases are shrunk as usual.
async fn round_trips(source: &Store, target: &Store) {
    let handle = tokio::runtime::Handle::current();
    let config = Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    };
    tokio::task::block_in_place(|| {
        TestRunner::new(config).run(&journal(), |j| {
            handle.block_on(round_trip(source, target, &j));
            Ok(())
        })
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

// ---- fixed stories -------------------------------------------------------------

/// The same id with other content is listed, and the stored record kept.
async fn conflicts_keep_the_stored_record(store: &Store) {
    empty(store).await;
    let stored = full_checkin();
    store.insert_checkin(&stored).await.expect("insert");
    let changed = CheckIn {
        pain: rating(1),
        note: None,
        ..stored.clone()
    };
    let session = full_session();
    let report = ImportReport {
        checkins: vec![changed],
        sessions: vec![session.clone()],
        ..ImportReport::default()
    };
    for dry_run in [true, false] {
        let outcome = store.import(&report, dry_run).await.expect("import");
        assert_eq!(outcome.added_sessions, 1, "dry run {dry_run}");
        assert_eq!(outcome.added_checkins, 0);
        assert_eq!(outcome.unchanged, 0);
        assert_eq!(outcome.conflicts.len(), 1);
        let (id, why) = &outcome.conflicts[0];
        assert_eq!(*id, stored.id);
        assert!(
            why.contains("check-in") && why.contains("pain, note") && why.contains("kept"),
            "names the kind and the fields: {why}"
        );
    }
    assert_eq!(store.checkin(stored.id).await.expect("read"), Some(stored));
    assert_eq!(
        store.session(session.id).await.expect("read"),
        Some(session)
    );
}

/// A record given to the store finer than a microsecond is kept to the
/// microsecond, and matches its own export read back: unchanged, not a
/// conflict; a different microsecond still is one.
async fn finer_stored_instants_match_their_export(store: &Store) {
    empty(store).await;
    let old = CheckIn {
        recorded_at: Timestamp::new(1_774_744_200, 123_456_789).expect("in range"),
        ..full_checkin()
    };
    store.insert_checkin(&old).await.expect("insert");
    let json = to_json(&store.export_all().await.expect("export"));
    let report = from_json(&json).expect("json");
    assert_eq!(
        report.checkins[0].recorded_at.subsec_nanosecond(),
        123_456_000,
        "read back at the precision records keep"
    );
    let outcome = store.import(&report, false).await.expect("import");
    assert_eq!(
        (outcome.unchanged, outcome.conflicts.len()),
        (1, 0),
        "{outcome:?}"
    );
    let moved = CheckIn {
        recorded_at: Timestamp::new(1_774_744_200, 123_457_000).expect("in range"),
        ..old.clone()
    };
    let report = ImportReport {
        checkins: vec![moved],
        ..ImportReport::default()
    };
    let outcome = store.import(&report, false).await.expect("import");
    assert_eq!(outcome.conflicts.len(), 1, "{outcome:?}");
    let kept = CheckIn {
        recorded_at: Timestamp::new(1_774_744_200, 123_456_000).expect("in range"),
        ..old
    };
    assert_eq!(store.checkin(kept.id).await.expect("read"), Some(kept));
}

/// A file with bad rows: the reader rejects them, the rest is stored.
async fn rejected_rows_are_not_stored(store: &Store) {
    empty(store).await;
    let good = |n: u128| format!("00000000-0000-4000-8000-{n:012}");
    let json = serde_json::json!({
        "format": "backcalm-export",
        "version": 1,
        "exported_at": "2026-03-29T10:00:00Z",
        "checkins": [
            { "id": good(1), "recorded_at": "2026-03-01T08:00:00+01:00", "tz": "Europe/Berlin", "pain": 3 },
            { "id": good(2), "recorded_at": "2026-03-02T08:00:00+01:00", "tz": "Europe/Berlin", "pain": 11 },
            { "id": good(3), "recorded_at": "2026-03-03T08:00:00+01:00", "tz": "Mars/Olympus", "pain": 2 },
            { "id": good(4), "recorded_at": "2026-03-04T08:00:00+01:00", "tz": "Europe/Berlin", "pain": 0,
              "note": "fine" }
        ],
        "sessions": [
            { "id": good(11), "practice": "body-scan", "minutes": 10, "started_at": "2026-03-01T21:00:00Z",
              "tz": "UTC", "actual_s": 600, "completed": true },
            { "id": good(12), "minutes": 10, "started_at": "2026-03-01T21:00:00Z",
              "tz": "UTC", "actual_s": 600, "completed": true }
        ],
        "questionnaires": [
            { "id": good(21), "instrument": "phq-2", "answered_at": "2026-03-01T09:00:00Z", "tz": "UTC",
              "answers": { "interest": 1, "down": 2 }, "score": 3 },
            { "id": good(22), "instrument": "phq-2", "answered_at": "2026-03-01T09:00:00Z", "tz": "UTC",
              "answers": { "interest": 1, "down": 2 }, "score": 5 }
        ]
    })
    .to_string();
    let report = from_json(&json).expect("a well-formed export");
    assert_eq!(report.rejected.len(), 4, "{:?}", report.rejected);
    let outcome = store.import(&report, false).await.expect("import");
    assert_eq!(
        outcome,
        ImportOutcome {
            added_checkins: 2,
            added_sessions: 1,
            added_answers: 1,
            ..ImportOutcome::default()
        }
    );
    let id = |n: u128| Uuid::parse_str(&good(n)).expect("uuid");
    for n in [1, 4] {
        assert!(store.checkin(id(n)).await.expect("read").is_some(), "{n}");
    }
    for n in [2, 3] {
        assert_eq!(store.checkin(id(n)).await.expect("read"), None, "{n}");
    }
    assert!(store.session(id(11)).await.expect("read").is_some());
    assert_eq!(store.session(id(12)).await.expect("read"), None);
    assert!(store
        .questionnaire_answer(id(21))
        .await
        .expect("read")
        .is_some());
    assert_eq!(
        store.questionnaire_answer(id(22)).await.expect("read"),
        None
    );
    let e = store.export_all().await.expect("export");
    assert_eq!(
        (e.checkins.len(), e.sessions.len(), e.questionnaires.len()),
        (2, 1, 1)
    );
}

/// A check-in numbered `n`, with `pain` as given.
fn numbered(n: u128, pain: i64) -> CheckIn {
    CheckIn {
        id: Uuid::from_u128(n),
        recorded_at: Timestamp::from_second(1_700_000_000 + i64::try_from(n).expect("small"))
            .expect("in range"),
        pain: rating(pain),
        ..full_checkin()
    }
}

/// Many records go in several statements; outcomes are counted per record
/// across them, and an id twice in one report is stored once.
async fn big_imports_count_every_record(store: &Store) {
    empty(store).await;
    for n in 1..=50 {
        // 1-45 as they will be imported, 46-50 with another pain.
        let pain = if n <= 45 { 3 } else { 9 };
        store
            .insert_checkin(&numbered(n, pain))
            .await
            .expect("insert");
    }
    let mut checkins: Vec<CheckIn> = (1..=250).map(|n| numbered(n, 3)).collect();
    // Both in the last statement, beside their first occurrences.
    checkins.push(numbered(250, 3));
    checkins.push(numbered(249, 4));
    let report = ImportReport {
        checkins,
        ..ImportReport::default()
    };
    let outcome = store.import(&report, false).await.expect("import");
    assert_eq!(outcome.added_checkins, 200);
    assert_eq!(outcome.unchanged, 45 + 1, "1-45, and 250 the second time");
    let conflicted: Vec<u128> = outcome
        .conflicts
        .iter()
        .map(|(id, _)| id.as_u128())
        .collect();
    assert_eq!(conflicted, [46, 47, 48, 49, 50, 249]);
    assert!(outcome
        .conflicts
        .iter()
        .all(|(_, why)| why.contains("different pain")));
    assert_eq!(store.count_checkins().await.expect("count"), 250);
    assert_eq!(
        store.checkin(Uuid::from_u128(249)).await.expect("read"),
        Some(numbered(249, 3)),
        "the first of the two is stored"
    );
    assert_eq!(
        store.checkin(Uuid::from_u128(46)).await.expect("read"),
        Some(numbered(46, 9)),
        "a conflict keeps the stored record"
    );
}

async fn stories(store: &Store) {
    conflicts_keep_the_stored_record(store).await;
    finer_stored_instants_match_their_export(store).await;
    rejected_rows_are_not_stored(store).await;
    big_imports_count_every_record(store).await;
}

// ---- SQLite ------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_round_trips_any_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = Store::open_sqlite_file(&dir.path().join("source.db"))
        .await
        .expect("open source");
    let target = Store::open("sqlite::memory:").await.expect("open target");
    round_trips(&source, &target).await;
}

#[tokio::test]
async fn sqlite_conflicts_and_rejected_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_sqlite_file(&dir.path().join("journal.db"))
        .await
        .expect("open");
    stories(&store).await;
}

/// One transaction: when a statement fails halfway, nothing of the import stays.
#[tokio::test]
async fn a_failed_import_stores_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&path).await.expect("open");
    // Break the last table the import writes, from outside.
    raw_execute(
        &format!("sqlite://{}", path.display()),
        "DROP TABLE questionnaire_answers",
        &[],
    )
    .await
    .expect("drop");

    let journal = Export {
        exported_at: Timestamp::UNIX_EPOCH,
        checkins: vec![full_checkin()],
        sessions: vec![full_session()],
        questionnaires: vec![QuestionnaireDraft {
            id: Some(Uuid::from_u128(77).to_string()),
            instrument: Some("phq-2".into()),
            answered_at: Some("2026-03-01T09:00:00Z".into()),
            tz: Some("UTC".into()),
            answers: [("interest".to_string(), 1), ("down".to_string(), 0)].into(),
            score: None,
        }
        .validate(&defaults(), &shipped_instruments())
        .expect("valid answer")],
    };
    let report = from_json(&to_json(&journal)).expect("json");
    assert!(
        store.import(&report, false).await.is_err(),
        "the answers table is gone"
    );
    assert_eq!(store.count_checkins().await.expect("count"), 0);
    assert_eq!(store.session(full_session().id).await.expect("read"), None);
}

// ---- PostgreSQL ----------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_round_trips_any_journal() {
    with_fresh_postgres(|source_url| async move {
        with_fresh_postgres(|target_url| async move {
            let source = Store::open(&source_url).await.expect("open source");
            let target = Store::open(&target_url).await.expect("open target");
            round_trips(&source, &target).await;
            source.close().await;
            target.close().await;
        })
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_conflicts_and_rejected_rows() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        stories(&store).await;
        store.close().await;
    })
    .await;
}
