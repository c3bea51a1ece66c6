//! The person's journal, read once for a page, an answer or a command.

use backcalm_core::export::QuestionnaireAnswer;
use backcalm_core::settings::Settings;
use backcalm_core::{CheckIn, SessionRecord};
use backcalm_store::{AnswerFilter, DayRange, ScreenRecord, Store, StoreError};

/// Everything the insights, the program, the home page and the report read.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every check-in.
    pub checkins: Vec<CheckIn>,
    /// Every session.
    pub sessions: Vec<SessionRecord>,
    /// Every questionnaire answer, oldest first.
    pub answers: Vec<QuestionnaireAnswer>,
    /// The most recent safety screen.
    pub latest_screen: Option<ScreenRecord>,
    /// The person's settings (the defaults when none were saved).
    pub settings: Settings,
}

impl Snapshot {
    /// Reads every record and the settings from an open store.
    ///
    /// The five reads run at once, each on a connection of its own (the
    /// store's pool has several): ten years of check-ins and sessions are
    /// read side by side, not one after the other. Each read sees the
    /// journal as it was when it ran; a write landing between them may be
    /// in one and not yet in another, as it may on any page.
    pub async fn load(store: &Store) -> Result<Snapshot, StoreError> {
        let all = DayRange::all();
        let every_answer = AnswerFilter::default();
        let (checkins, sessions, answers, latest_screen, settings) = tokio::try_join!(
            store.checkins(&all),
            store.sessions(&all),
            store.questionnaire_answers(&every_answer),
            store.latest_screen(),
            store.settings(),
        )?;
        Ok(Snapshot {
            checkins,
            sessions,
            answers,
            latest_screen,
            settings,
        })
    }
}
