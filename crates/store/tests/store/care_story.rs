//! The story of questionnaires, safety screens, reminders and settings, told
//! against every backend: SQLite (a file and in memory) and PostgreSQL (a
//! fresh database per run, from `BACKCALM_TEST_DATABASE_URL`; without it the
//! PostgreSQL test fails).

use crate::fixtures::{at, with_fresh_postgres, zone};
use backcalm_core::export::QuestionnaireAnswer;
use backcalm_core::reminder::{parse_time, Reminder};
use backcalm_core::safety::{Action, CrisisLine};
use backcalm_core::settings::{Country, Settings};
use backcalm_store::{AnswerFilter, DayRange, Insert, ScreenRecord, Store, StoreError};
use jiff::civil::date;
use std::collections::BTreeMap;
use uuid::Uuid;

fn peg(n: u128, when: &str, tz: &str, answers: [u8; 3]) -> QuestionnaireAnswer {
    let map: BTreeMap<String, u8> = ["pain", "enjoyment", "activity"]
        .into_iter()
        .map(String::from)
        .zip(answers)
        .collect();
    QuestionnaireAnswer {
        id: Uuid::from_u128(n),
        instrument: "peg-3".into(),
        answered_at: at(when),
        tz: zone(tz),
        score: answers.iter().map(|&a| f64::from(a)).sum::<f64>() / 3.0,
        answers: map,
    }
}

fn phq(n: u128, when: &str, interest: u8, down: u8) -> QuestionnaireAnswer {
    QuestionnaireAnswer {
        id: Uuid::from_u128(n),
        instrument: "phq-2".into(),
        answered_at: at(when),
        tz: zone("Europe/London"),
        answers: [
            ("interest".to_string(), interest),
            ("down".to_string(), down),
        ]
        .into(),
        score: f64::from(interest + down),
    }
}

fn screen(n: u128, when: &str, yes: &[&str], action: Action) -> ScreenRecord {
    let answers = backcalm_core::safety::questions()
        .iter()
        .map(|q| (q.id.to_string(), yes.contains(&q.id)))
        .collect();
    ScreenRecord::stored(
        Uuid::from_u128(n),
        at(when),
        zone("America/New_York"),
        answers,
        action,
    )
}

fn reminder(n: u128, time: &str, tz: &str, label: &str) -> Reminder {
    Reminder {
        id: Uuid::from_u128(n),
        time: parse_time(time).expect("test times are HH:MM"),
        tz: zone(tz),
        label: label.into(),
    }
}

async fn story(store: &Store) {
    answers_lifecycle(store).await;
    screens_lifecycle(store).await;
    reminders_lifecycle(store).await;
    settings_lifecycle(store).await;
}

async fn answers_lifecycle(store: &Store) {
    let all = AnswerFilter::default();
    assert!(store
        .questionnaire_answers(&all)
        .await
        .expect("list")
        .is_empty());

    // 3.666… must read back bit for bit; 23:30 in New York is the 1st there, the 2nd in UTC.
    let first = peg(
        1,
        "2026-03-01T23:30:00.000007-05:00",
        "America/New_York",
        [5, 3, 3],
    );
    let created = store
        .insert_questionnaire_answer(&first)
        .await
        .expect("create");
    assert_eq!(created, Insert::Created(first.clone()));
    let back = store
        .questionnaire_answer(first.id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(back, first);
    assert_eq!(back.score.to_bits(), (11.0f64 / 3.0).to_bits());

    // A retry is harmless; the same id with other answers is a conflict.
    assert_eq!(
        store
            .insert_questionnaire_answer(&first)
            .await
            .expect("retry"),
        Insert::Existing(first.clone())
    );
    let mut changed = first.clone();
    changed.answers.insert("pain".into(), 9);
    assert!(matches!(
        store.insert_questionnaire_answer(&changed).await,
        Err(StoreError::Conflict { id }) if id == first.id
    ));

    let second = peg(2, "2026-03-08T09:00:00Z", "Europe/London", [4, 2, 2]);
    let mood = phq(3, "2026-03-05T09:00:00Z", 2, 1);
    for a in [&second, &mood] {
        assert!(store
            .insert_questionnaire_answer(a)
            .await
            .expect("create")
            .is_created());
    }
    let ids = |v: Vec<QuestionnaireAnswer>| v.iter().map(|a| a.id.as_u128()).collect::<Vec<_>>();
    assert_eq!(
        ids(store.questionnaire_answers(&all).await.expect("all")),
        vec![1, 3, 2]
    );
    let pegs = AnswerFilter {
        instrument: Some("peg-3".into()),
        days: DayRange::all(),
    };
    assert_eq!(
        ids(store.questionnaire_answers(&pegs).await.expect("pegs")),
        vec![1, 2]
    );
    // The first PEG belongs to 1 March, the day it was in New York.
    let first_day = AnswerFilter {
        instrument: Some("peg-3".into()),
        days: DayRange::day(date(2026, 3, 1)),
    };
    assert_eq!(
        ids(store.questionnaire_answers(&first_day).await.expect("day")),
        vec![1]
    );
    let march_2_on = AnswerFilter {
        instrument: None,
        days: DayRange {
            from: Some(date(2026, 3, 2)),
            to: None,
        },
    };
    assert_eq!(
        ids(store
            .questionnaire_answers(&march_2_on)
            .await
            .expect("from")),
        vec![3, 2]
    );

    // Deletion is real.
    assert!(store
        .delete_questionnaire_answer(mood.id)
        .await
        .expect("delete"));
    assert!(!store
        .delete_questionnaire_answer(mood.id)
        .await
        .expect("again"));
    assert_eq!(
        store.questionnaire_answer(mood.id).await.expect("read"),
        None
    );
    assert_eq!(
        ids(store.questionnaire_answers(&all).await.expect("all")),
        vec![1, 2]
    );
}

async fn screens_lifecycle(store: &Store) {
    assert_eq!(
        store.latest_screen().await.expect("latest"),
        None,
        "no screen yet"
    );
    let calm = screen(10, "2026-03-01T08:00:00-05:00", &[], Action::None);
    let worrying = screen(
        11,
        "2026-03-04T22:15:00.5-05:00",
        &["night-pain", "fever-or-unwell"],
        Action::Urgent,
    );
    for s in [&worrying, &calm] {
        assert!(store.insert_screen(s).await.expect("create").is_created());
    }
    assert_eq!(
        store.insert_screen(&calm).await.expect("retry"),
        Insert::Existing(calm.clone())
    );
    let mut other = calm.clone();
    other.action = Action::Soon;
    assert!(matches!(
        store.insert_screen(&other).await,
        Err(StoreError::Conflict { .. })
    ));
    let back = store
        .screen(worrying.id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(back, worrying);
    assert_eq!(back.answers.len(), backcalm_core::safety::questions().len());
    assert_eq!(back.answers.get("night-pain"), Some(&true));
    assert_eq!(back.local_date(), date(2026, 3, 4));
    let listed: Vec<u128> = store
        .screens()
        .await
        .expect("list")
        .iter()
        .map(|s| s.id.as_u128())
        .collect();
    assert_eq!(listed, vec![10, 11], "oldest first");
    assert_eq!(
        store.latest_screen().await.expect("latest"),
        Some(worrying.clone())
    );
    assert!(store.delete_screen(worrying.id).await.expect("delete"));
    assert!(!store.delete_screen(worrying.id).await.expect("again"));
    assert_eq!(store.latest_screen().await.expect("latest"), Some(calm));
}

async fn reminders_lifecycle(store: &Store) {
    assert!(store.reminders().await.expect("list").is_empty());
    let evening = reminder(20, "21:30", "Europe/Berlin", "Body scan, lying down");
    let morning = reminder(
        21,
        "7:05",
        "Europe/Berlin",
        "Breathe; O'Neil's \"slow\" one",
    );
    for r in [&evening, &morning] {
        assert!(store.insert_reminder(r).await.expect("create").is_created());
    }
    assert_eq!(
        store.insert_reminder(&evening).await.expect("retry"),
        Insert::Existing(evening.clone())
    );
    let listed = store.reminders().await.expect("list");
    assert_eq!(
        listed,
        vec![morning.clone(), evening.clone()],
        "by time of day"
    );

    let mut later = evening.clone();
    later.time = parse_time("22:00").expect("time");
    assert!(matches!(
        store.insert_reminder(&later).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(store.update_reminder(&later).await.expect("update"));
    assert_eq!(
        store.reminder(later.id).await.expect("read"),
        Some(later.clone())
    );
    assert!(!store
        .update_reminder(&reminder(99, "10:00", "UTC", "x"))
        .await
        .expect("update missing"));

    assert!(store.delete_reminder(morning.id).await.expect("delete"));
    assert!(!store.delete_reminder(morning.id).await.expect("again"));
    assert_eq!(store.reminders().await.expect("list"), vec![later]);
}

async fn settings_lifecycle(store: &Store) {
    assert_eq!(
        store.settings().await.expect("defaults"),
        Settings::default(),
        "nothing saved yet reads as the defaults"
    );
    let mut mine = Settings {
        weekly_goal_minutes: Some(45),
        show_streak: true,
        country: Some(Country::Other),
        announce_phases: false,
        reminders_per_day: 2,
        program_start: Some(date(2026, 3, 2)),
        ..Settings::default()
    };
    mine.crisis.lines.push(CrisisLine {
        place: "Australia".into(),
        emergency: "000".into(),
        urgent_advice: Some("healthdirect 1800 022 222".into()),
        crisis: Some("Lifeline 13 11 14".into()),
    });
    store.save_settings(&mine).await.expect("save");
    assert_eq!(store.settings().await.expect("read"), mine);
    // Saving again replaces, it does not add a row.
    let fewer = Settings {
        weekly_goal_minutes: None,
        ..mine.clone()
    };
    store.save_settings(&fewer).await.expect("save again");
    assert_eq!(store.settings().await.expect("read"), fewer);
}

#[tokio::test]
async fn sqlite_file_story() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_sqlite_file(&dir.path().join("journal.db"))
        .await
        .expect("open");
    story(&store).await;
    store.close().await;
    // Everything survives closing and opening the file again.
    let again = Store::open_sqlite_file(&dir.path().join("journal.db"))
        .await
        .expect("reopen");
    assert_eq!(again.reminders().await.expect("list").len(), 1);
    assert_eq!(
        again
            .settings()
            .await
            .expect("settings")
            .weekly_goal_minutes,
        None
    );
    again.close().await;
}

#[tokio::test]
async fn sqlite_memory_story() {
    let store = Store::open("sqlite::memory:").await.expect("open");
    story(&store).await;
}

#[tokio::test]
async fn postgres_story() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open PostgreSQL");
        story(&store).await;
        store.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_corrupt_settings_row_is_named_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.db");
    let store = Store::open_sqlite_file(&path).await.expect("open");
    store.close().await;
    let url = format!("sqlite://{}", path.display());
    crate::fixtures::raw_execute(
        &url,
        "INSERT INTO settings (owner, body) VALUES ('local', '{\"reminders_per_day\": 9}')",
        &[],
    )
    .await
    .expect("write a bad row");
    crate::fixtures::raw_execute(
        &url,
        "INSERT INTO screens (id, taken_at, tz, local_date, answers, action) \
         VALUES ('00000000-0000-0000-0000-000000000001', 0, 'UTC', '1970-01-01', '[1]', 'none')",
        &[],
    )
    .await
    .expect("write a bad screen");
    let store = Store::open_sqlite_file(&path).await.expect("reopen");
    match store.settings().await {
        Err(StoreError::Corrupt { table, column, .. }) => {
            assert_eq!((table, column), ("settings", "body"))
        }
        other => panic!("expected a corrupt settings row, got {other:?}"),
    }
    match store.screens().await {
        Err(StoreError::Corrupt { table, column, .. }) => {
            assert_eq!((table, column), ("screens", "answers"))
        }
        other => panic!("expected a corrupt screen row, got {other:?}"),
    }
}
