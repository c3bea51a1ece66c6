//! What the journal says today, computed the same way for the JSON API and
//! the pages: insights, today's step of the 8-week program, and whether the
//! safety screen should be offered (again).
//!
//! "Today" is the server clock's local date in the app's default zone; the
//! clock is [`AppState`]'s, so tests fix it and every number is reproducible.

use crate::shipped::shipped;
use crate::state::AppState;
use backcalm_core::export::QuestionnaireAnswer;
use backcalm_core::insights::daily::ROLLING_MIN_DAYS;
use backcalm_core::insights::{daily_pain, insights, Insights};
use backcalm_core::program::{plan, ProgramHistory, ProgramView, Today};
use backcalm_core::safety::should_rescreen_after;
use backcalm_core::settings::Settings;
use backcalm_core::{CheckIn, SessionRecord};
use backcalm_store::{answer_local_date, AnswerFilter, DayRange, ScreenRecord, StoreError};
use jiff::civil::Date;
use jiff::Span;

/// The PEG-3's instrument id.
pub(crate) const PEG: &str = "peg-3";

/// Everything the insights and the program read, loaded once per request.
#[derive(Debug)]
pub(crate) struct Journal {
    pub checkins: Vec<CheckIn>,
    pub sessions: Vec<SessionRecord>,
    pub settings: Settings,
}

impl Journal {
    /// Reads every check-in and session and the settings.
    pub async fn load(state: &AppState) -> Result<Journal, StoreError> {
        Ok(Journal {
            checkins: state.store.checkins(&DayRange::all()).await?,
            sessions: state.store.sessions(&DayRange::all()).await?,
            settings: state.store.settings().await?,
        })
    }
}

/// Today's local date in the app's zone.
pub(crate) fn today(state: &AppState) -> Date {
    state.now().to_zoned(state.tz().zone()).date()
}

/// Every insight, for today, with the person's weekly goal.
pub(crate) fn insights_of(state: &AppState, journal: &Journal) -> Insights {
    insights(
        &journal.checkins,
        &journal.sessions,
        |id| state.library.get(id).map(|p| p.kind),
        today(state),
        state.tz(),
        journal.settings.weekly_goal_minutes,
    )
}

/// The program as of today.
#[derive(Debug)]
pub(crate) struct ProgramNow {
    /// The day the program began; `None` before the first practice (today's
    /// step is then week 1, day 1, as a preview).
    pub start: Option<Date>,
    /// What the program offers today.
    pub today: Today,
    /// Every week, with the current one when the program has begun.
    pub view: ProgramView,
}

/// The local days on which a PEG-3 was answered.
pub(crate) async fn peg_answers(state: &AppState) -> Result<Vec<QuestionnaireAnswer>, StoreError> {
    let filter = AnswerFilter {
        instrument: Some(PEG.into()),
        days: DayRange::all(),
    };
    state.store.questionnaire_answers(&filter).await
}

/// Plans today from the journal; `None` only if the shipped program does not load.
pub(crate) async fn program_now(
    state: &AppState,
    journal: &Journal,
) -> Result<Option<ProgramNow>, StoreError> {
    let Ok(shipped) = shipped() else {
        return Ok(None);
    };
    let first_practice = journal
        .sessions
        .iter()
        .filter(|s| s.actual_s > 0)
        .map(SessionRecord::local_date)
        .min();
    let start = journal.settings.program_start(first_practice);
    let day = today(state);
    let answers = state
        .store
        .questionnaire_answers(&AnswerFilter::default())
        .await?;
    let answered: Vec<(String, Date)> = answers
        .iter()
        .map(|a| (a.instrument.clone(), answer_local_date(a)))
        .collect();
    let pegs: Vec<Date> = answered
        .iter()
        .filter(|(i, _)| i == PEG)
        .map(|(_, d)| *d)
        .collect();
    let history = ProgramHistory::from_journal(
        start.unwrap_or(day),
        &journal.sessions,
        &pegs,
        &state.library,
    )
    .with_answers(&answered)
    .with_checkins(&journal.checkins);
    let today = plan(&shipped.program, &history, day);
    let view = ProgramView::new(&shipped.program, start.map(|_| &today));
    Ok(Some(ProgramNow { start, today, view }))
}

/// The mean of the daily pain means in the 7 local days ending on the latest
/// check-in's day, leaving that check-in out: the level it is compared with.
/// `None` with fewer than [`ROLLING_MIN_DAYS`] days of other check-ins.
pub(crate) fn week_before(checkins: &[CheckIn], latest: &CheckIn) -> Option<f64> {
    let day = latest.local_date();
    let from = day.saturating_sub(Span::new().days(6));
    let others: Vec<CheckIn> = checkins
        .iter()
        .filter(|c| c.id != latest.id)
        .cloned()
        .collect();
    let means: Vec<f64> = daily_pain(&others)
        .into_iter()
        .filter(|d| d.date >= from && d.date <= day)
        .map(|d| d.pain_mean)
        .collect();
    if means.len() < ROLLING_MIN_DAYS {
        return None;
    }
    Some(means.iter().sum::<f64>() / means.len() as f64)
}

/// Whether to offer the screen again: the latest check-in calls for it
/// ([`should_rescreen_after`]) and no screen was taken since.
pub(crate) fn rescreen_due(checkins: &[CheckIn], latest_screen: Option<&ScreenRecord>) -> bool {
    let Some(latest) = checkins.iter().max_by_key(|c| (c.recorded_at, c.id)) else {
        return false;
    };
    let screened_since = latest_screen.is_some_and(|s| s.taken_at >= latest.recorded_at);
    !screened_since && should_rescreen_after(latest, week_before(checkins, latest))
}
