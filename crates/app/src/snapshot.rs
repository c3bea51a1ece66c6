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
    pub async fn load(store: &Store) -> Result<Snapshot, StoreError> {
        Ok(Snapshot {
            checkins: store.checkins(&DayRange::all()).await?,
            sessions: store.sessions(&DayRange::all()).await?,
            answers: store
                .questionnaire_answers(&AnswerFilter::default())
                .await?,
            latest_screen: store.latest_screen().await?,
            settings: store.settings().await?,
        })
    }
}
