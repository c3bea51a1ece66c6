//! A person's whole journal, read at once: what the insights, the program
//! and the pages are computed from (`backcalm_app::Snapshot`).

use crate::record::Record;
use crate::{AnswerFilter, DayRange, Store, StoreError};
use backcalm_core::export::QuestionnaireAnswer;
use backcalm_core::safety::ScreenRecord;
use backcalm_core::settings::Settings;
use backcalm_core::{CheckIn, SessionRecord};

/// Every check-in, session and questionnaire answer, the latest red-flag
/// screen and the settings.
#[derive(Debug, Clone, PartialEq)]
pub struct WholeJournal {
    /// Oldest local day first.
    pub checkins: Vec<CheckIn>,
    /// Oldest local day first.
    pub sessions: Vec<SessionRecord>,
    /// Oldest first.
    pub answers: Vec<QuestionnaireAnswer>,
    /// The most recent screen, if one was ever taken.
    pub latest_screen: Option<ScreenRecord>,
    /// The stored settings, or the defaults.
    pub settings: Settings,
}

impl Store {
    /// The whole journal. On PostgreSQL the five reads share one
    /// transaction (with the person's setting) on one connection: seven
    /// round trips where five transactions of their own take fifteen, on
    /// five connections (bench/load.sh's insights). On SQLite, where a read
    /// is no round trip, they run side by side on the pool's connections,
    /// as fast as the slowest. Either way each read sees the journal as it
    /// was when it ran (PostgreSQL's READ COMMITTED).
    pub async fn whole_journal(&self) -> Result<WholeJournal, StoreError> {
        match self.backend() {
            crate::Backend::Postgres => self.whole_in_one_transaction().await,
            crate::Backend::Sqlite => {
                let all = DayRange::all();
                let every_answer = AnswerFilter::default();
                let (checkins, sessions, answers, latest_screen, settings) = tokio::try_join!(
                    self.checkins(&all),
                    self.sessions(&all),
                    self.questionnaire_answers(&every_answer),
                    self.latest_screen(),
                    self.settings(),
                )?;
                Ok(WholeJournal {
                    checkins,
                    sessions,
                    answers,
                    latest_screen,
                    settings,
                })
            }
        }
    }

    async fn whole_in_one_transaction(&self) -> Result<WholeJournal, StoreError> {
        let all = DayRange::all();
        let mut tx = self.db.begin().await?;
        let (sql, args) = self.checkins_query(&all);
        let checkins = tx.fetch(sql, args, CheckIn::from_row).await?;
        let (sql, args) = self.sessions_query(&all);
        let sessions = tx.fetch(sql, args, SessionRecord::from_row).await?;
        let (sql, args) = self.answers_query(&AnswerFilter::default());
        let answers = tx.fetch(sql, args, QuestionnaireAnswer::from_row).await?;
        let (sql, args) = self.latest_screen_query();
        let latest_screen = tx
            .fetch(sql, args, ScreenRecord::from_row)
            .await?
            .into_iter()
            .next();
        let (sql, args) = self.settings_query();
        let settings = tx.fetch(sql, args, crate::settings::body).await?;
        tx.commit().await?;
        Ok(WholeJournal {
            checkins,
            sessions,
            answers,
            latest_screen,
            settings: self.settings_from(settings)?,
        })
    }
}
