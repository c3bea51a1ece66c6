//! `Store::whole_journal` reads what the five reads it stands for read, on
//! SQLite (side by side) and PostgreSQL (one transaction), for the person
//! it acts for and no one else.

use crate::fixtures::with_fresh_postgres;
use crate::previous_journal::{at_todays_precision, previous_journal};
use backcalm_store::{AnswerFilter, DayRange, Store, WholeJournal};
use uuid::Uuid;

async fn reads_the_whole_journal(store: &Store) {
    let ana = store.for_person(Uuid::from_u128(0xA));
    let ben = store.for_person(Uuid::from_u128(0xB));
    let j = at_todays_precision(previous_journal());
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
    ana.save_settings(&j.settings).await.expect("settings");
    let whole = ana.whole_journal().await.expect("read");
    assert_eq!(
        whole,
        WholeJournal {
            checkins: ana.checkins(&DayRange::all()).await.expect("read"),
            sessions: ana.sessions(&DayRange::all()).await.expect("read"),
            answers: ana
                .questionnaire_answers(&AnswerFilter::default())
                .await
                .expect("read"),
            latest_screen: ana.latest_screen().await.expect("read"),
            settings: ana.settings().await.expect("read"),
        }
    );
    assert_eq!(
        (
            whole.checkins.len(),
            whole.sessions.len(),
            whole.answers.len()
        ),
        (j.checkins.len(), j.sessions.len(), j.answers.len())
    );
    assert!(whole.latest_screen.is_some());
    assert_eq!(whole.settings, j.settings);
    let nothing = ben.whole_journal().await.expect("read");
    assert!(
        nothing.checkins.is_empty() && nothing.sessions.is_empty() && nothing.answers.is_empty()
    );
    assert_eq!(nothing.latest_screen, None);
    assert_eq!(
        nothing.settings,
        backcalm_core::settings::Settings::default()
    );
}

#[tokio::test]
async fn sqlite_whole_journal() {
    let store = Store::open("sqlite::memory:").await.expect("open");
    reads_the_whole_journal(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_whole_journal() {
    with_fresh_postgres(|url| async move {
        let store = Store::open(&url).await.expect("open");
        reads_the_whole_journal(&store).await;
        store.close().await;
    })
    .await;
}
